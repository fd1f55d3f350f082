/*
 * commands.h - the subcommands of runcheck(1) and what they share.
 *
 * Each cmd_* takes the arguments after the subcommand's name (argv[0] is
 * the subcommand itself, as getopt expects), does its work, and returns an
 * exit status from cli.md (the EXIT_* values below). main.c only parses
 * the first word and dispatches.
 */
#ifndef RUNCHECK_COMMANDS_H
#define RUNCHECK_COMMANDS_H

#include <stddef.h>
#include <stdio.h>

#include "clinic.h"
#include "cmd.h"
#include "sha256.h"
#include "tree.h"

struct source;
struct walks;

/* Exit statuses of runcheck(1), as in cli.md. */
enum {
	EXIT_RESULT = 0,    /* a result was reached; lint found no error */
	EXIT_NO_RESULT = 1, /* the quiz ended before a result; a walk failed */
	EXIT_USAGE = 64,
	EXIT_INVALID = 65, /* the tree or clinic file is invalid */
	EXIT_NOINPUT = 66, /* an input file cannot be opened */
	EXIT_INTERNAL = 70,
	EXIT_IO = 74,
};

int cmd_quiz(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_paths(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_kiosk(int argc, char **argv);
int cmd_requests(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_po(int argc, char **argv);

/*
 * Lints the catalog (.po) at path against the English it translates: the
 * tree at tree_path (as cli_load_tree chooses it) when its header names a
 * tree, the clinic at clinic_path (as cli_load_clinic) when it names the
 * clinic, the template at pot_path (the interface's, po/runcheck.pot)
 * when it names neither and pot_path is not NULL (langcmd.c). Prints what
 * is wrong; returns the exit status as lint does for one file.
 */
int lint_catalog(const char *path, const char *tree_path,
		 const char *clinic_path, const char *pot_path);

/*
 * runcheck report --lang LANG: the sign-off document of one language
 * (langdoc.h) for the tree and clinic chosen as cli_load_tree and
 * cli_load_clinic choose them, from the catalogs
 * PO_DIR/runcheck-tree-ID/LANG.po and PO_DIR/runcheck-clinic/LANG.po
 * (LANG's POSIX name; po_dir NULL: "po"; the clinic's may be absent).
 * format is NULL, "markdown" or "html". cmd is report's, for a usage
 * error. Returns the exit status.
 */
int report_lang(const struct cmd *cmd, const char *lang, const char *tree_path,
		const char *clinic_path, const char *format,
		const char *po_dir);

/*
 * Loads the tree to use: path when not NULL ("-" for standard input), else
 * $RUNCHECK_TREE when set and not empty, else the tree built into the
 * binary. The file is read once, whole, under the size limit (source.h).
 * Prints diagnostics (FILE:LINE:COLUMN: ..., each followed by its source
 * line and a caret) to standard error, warnings included only when
 * show_warnings. Returns EXIT_RESULT with *out set, or the exit status to
 * end with (EXIT_INVALID, EXIT_NOINPUT, EXIT_IO for a read error,
 * EXIT_INTERNAL).
 */
int cli_load_tree(const char *path, int show_warnings, struct tree **out);

/*
 * As cli_load_tree without warnings, for runcheck graph: on EXIT_INVALID,
 * after the errors, *out holds the tree as far as it was read (a partial
 * tree, tree.h) when there is one, else NULL; the caller frees it.
 */
int cli_load_tree_partial(const char *path, struct tree **out);

/*
 * As cli_load_tree, but on success prints nothing and leaves the loader's
 * diagnostics (warnings only, sorted) in diags for the caller to show; the
 * caller clears diags (diag_list_clear) whatever the result. When sha256
 * is not NULL it receives, as hex, the SHA-256 of the bytes the tree was
 * loaded from (standard input's too; the built-in tree's bytes for the
 * built-in tree): a file that cannot be read again for it gives EXIT_IO.
 */
int cli_load_tree_diags(const char *path, struct diag_list *diags,
			struct tree **out, char sha256[SHA256_HEX_SIZE]);

/*
 * Loads the walks file at path ("-" for standard input) for runcheck
 * test, opened once (source.h) into src, which the caller closes
 * (source_close) whatever the result, after printing the diagnostics it
 * adds to diags with cli_print_source_diags. Returns EXIT_RESULT with
 * *out set, or, after printing the problems with their lines and saying
 * why, the exit status (EXIT_INVALID, EXIT_NOINPUT, EXIT_IO,
 * EXIT_INTERNAL).
 */
int cli_load_walks(const char *path, struct diag_list *diags,
		   struct walks **out, struct source *src);

/* Prints diags as lint does, warnings included, each with its line of
 * src under a caret. */
void cli_print_source_diags(FILE *f, struct diag_list *diags,
			    struct source *src);

/*
 * Sets how many errors, and apart how many warnings, a loaded file shows
 * (--max-errors; 0 for no limit): the rest are counted and said in one
 * line. The default is DIAG_MAX_DEFAULT. cli_max_errors says what is
 * set, for a command that fills a diag_list of its own (max_kept).
 */
void cli_set_max_errors(size_t n);
size_t cli_max_errors(void);

/* As cli_load_tree for the clinic file ($RUNCHECK_CLINIC). */
int cli_load_clinic(const char *path, struct clinic **out);

/* As cli_load_clinic; sha256, when not NULL, receives as hex the SHA-256
 * of the bytes the clinic was loaded from (the built-in clinic's too). */
int cli_load_clinic_hash(const char *path, struct clinic **out,
			 char sha256[SHA256_HEX_SIZE]);

/*
 * Loads the tree and the clinic file a walk uses (quiz, kiosk), as
 * cli_load_tree without warnings and cli_load_clinic do, and tells l10n
 * their hashes (l10n_set_english), so that a catalog reviewed for other
 * English is a draft. Returns EXIT_RESULT with both set, or the exit
 * status with neither.
 */
int cli_load_walk(const char *tree_path, const char *clinic_path,
		  struct tree **tree, struct clinic **clinic);

/*
 * The name diagnostics give the clinic file cli_load_clinic loads for
 * path: the file's path, or "<built-in clinic>".
 */
const char *cli_clinic_name(const char *path);

/*
 * Prints a list of diagnostics, sorted, to f as FILE:LINE:COLUMN:
 * SEVERITY: MESSAGE, one a line.
 */
void cli_print_diags(FILE *f, struct diag_list *diags);

#endif
