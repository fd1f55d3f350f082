/*
 * l10n.h - the language a person reads runcheck in, at run time: which one
 * (--lang, the clinic's choice at the kiosk, else the environment as
 * gettext reads it), its catalogs found beside the program, the tree's and
 * the clinic's texts looked up in theirs, whether its catalogs are drafts,
 * and the words a person types in it.
 *
 * The catalogs are GNU gettext's (libintl, in glibc), in three text
 * domains (LANG-DESIGN.md): runcheck (the interface, i18n.h's _()),
 * runcheck-tree-ID (a tree's texts, each under a msgctxt naming its
 * place, tree.h's tree_each_text) and runcheck-clinic (the clinic file's
 * booking sentences). They are looked for in the first folder of these
 * that exists, from the program's own path (/proc/self/exe): ../share/
 * locale beside an installed bin/, locale beside the program (build/
 * runcheck, whose catalogs make builds into build/locale), build/locale
 * beside it (the repository's ./runcheck), ../locale (the test programs in
 * build/tests). English needs no catalog: every text is its own English.
 *
 * glibc's gettext ignores LANGUAGE when the locale is C or POSIX, and
 * writes only what the locale's character set holds: for a language other
 * than English, l10n_use sets LC_MESSAGES and LC_CTYPE from the
 * environment, or to C.UTF-8 when the environment names none that works
 * or one that is not UTF-8, and names the language's catalogs in LANGUAGE.
 * For English nothing of the locale changes. Nothing else (numbers, the
 * order of strings) follows the locale.
 */
#ifndef RUNCHECK_L10N_H
#define RUNCHECK_L10N_H

#include <stdbool.h>

#include "clinic.h"
#include "lang.h"
#include "tree.h"

/*
 * The language the environment names, as gettext reads it: the first
 * entry of LANGUAGE's list that runcheck speaks, else the first of LC_ALL,
 * LC_MESSAGES and LANG that is set (its codeset and modifier left out:
 * zh_CN.UTF-8 is zh-Hans); English when none names a language runcheck
 * speaks.
 */
const struct lang *l10n_from_env(void);

/*
 * --lang's option (cmd.h's take): sets *(const struct lang **)to to the
 * language name means (lang_find), or returns false after saying which
 * languages there are (cmd_parse then ends with a usage error).
 */
bool l10n_take_lang(const char *name, void *to);

/*
 * Makes lang the language of every text from now on (see above). Returns
 * false, after a warning on standard error, when no UTF-8 locale can be
 * set for it (the texts then stay English).
 */
bool l10n_use(const struct lang *lang);

/* The language in use: English until l10n_use. */
const struct lang *l10n_current(void);

/*
 * The text at msgctxt in the tree's catalog (runcheck-tree-ID) of the
 * language in use, or english when it has none (tree_translate's rule).
 */
const char *l10n_tree_text(const struct tree *tree, const char *msgctxt,
			   const char *english);

/*
 * Replaces the tree's texts (tree_translate), or the clinic's booking
 * sentences (clinic_translate), with those of the language in use; for
 * English they stay. Translate once: the lookups are by the English.
 * False when out of memory.
 */
bool l10n_translate_tree(struct tree *tree);
bool l10n_translate_clinic(struct clinic *clinic);

/*
 * Sets the English the catalogs must have been reviewed against: the
 * SHA-256 (hex, as runcheck report and lint show it) of the tree file and
 * of the clinic file in use (NULL: unknown). cli_load_walk sets them.
 */
void l10n_set_english(const char *tree_sha256, const char *clinic_sha256);

/*
 * Whether lang's catalogs for the tree are all reviewed, for the English
 * in use: the tree's catalog exists, says 'X-Runcheck-Status: reviewed'
 * in its header and its X-Runcheck-Tree-Hash is the tree's hash
 * (l10n_set_english); the interface's, when it exists, says reviewed; the
 * clinic's, when it exists, says reviewed and its X-Runcheck-Clinic-Hash
 * is the clinic file's. A reviewed catalog whose hash is not the file's
 * (the English changed since its review, and the catalog was built
 * without msgmerge), or that names none, is a draft, and a warning on
 * standard error names it (once for each catalog). English is always
 * reviewed. A language with a catalog that is a draft, or no tree
 * catalog, is a draft: the kiosk offers it only with
 * --allow-draft-languages and the quiz labels it.
 */
bool l10n_is_reviewed(const struct lang *lang, const struct tree *tree);

/*
 * The English answer word or command that line is in the language in use
 * (back, restart, why, help, quit at every question; yes, y, no, n and
 * not sure at a yes/no question; none at a multi), or line itself: so
 * the engine takes the words in both languages. Case and surrounding
 * blanks are ignored, as the engine ignores them.
 */
const char *l10n_english_word(const char *line, enum tree_qtype type);

/*
 * For completion at a terminal: the i-th word the person may type at q in
 * the language in use, beside the English ones (a command, and yes, no,
 * not sure where q takes it, or none), the first of each translation's
 * words; NULL past the last, and always in English. Valid until the next
 * call.
 */
const char *l10n_typed_word(size_t i, const struct tree_question *q);

/* True when answer (trimmed) is yes or y, or no or n, in English or in
 * the language in use: the offer's y/n questions. */
bool l10n_is_yes(const char *answer);
bool l10n_is_no(const char *answer);

#endif
