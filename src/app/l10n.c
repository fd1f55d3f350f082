/*
 * l10n.c - the language a person reads runcheck in, at run time (l10n.h).
 */
#include <langinfo.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "engine.h"
#include "i18n.h"
#include "l10n.h"
#include "sha256.h"
#include "text.h"

#define CLINIC_DOMAIN	   "runcheck-clinic"
#define TREE_DOMAIN_PREFIX "runcheck-tree-"

/* A text domain's name: a tree's id is at most this long. */
#define DOMAIN_SIZE 160

/* The largest catalog whose header is read (a .mo is read whole). */
#define MO_MAX_BYTES (16L * 1024 * 1024)

/* A word a person may type in the chosen language: the msgctxt and the
 * English, joined as gettext's pgettext joins them. NC_ marks it for
 * xgettext (make pot: --keyword=NC_:1c,2). */
#define NC_(ctx, text) ctx "\004" text

enum {
	AT_YESNO = 1 << TREE_YESNO,
	AT_MULTI = 1 << TREE_MULTI,
	AT_EVERY = 0xff,
};

/* The words are what a person types; the English is always taken too. */
static const struct {
	const char *key;
	unsigned at;
} words[] = {
	/* TRANSLATORS: a command word (and the answer words below) is what
	 * a person types: give it in your language, lowercase. More than
	 * one may be given, separated by | (one with accents and one
	 * without); the English word is always taken too. */
	{NC_("command word", "back"), AT_EVERY},
	{NC_("command word", "restart"), AT_EVERY},
	{NC_("command word", "why"), AT_EVERY},
	{NC_("command word", "help"), AT_EVERY},
	{NC_("command word", "quit"), AT_EVERY},
	/* TRANSLATORS: an answer word, typed; see command word. */
	{NC_("answer word", "yes"), AT_YESNO},
	{NC_("answer word", "y"), AT_YESNO},
	{NC_("answer word", "no"), AT_YESNO},
	{NC_("answer word", "n"), AT_YESNO},
	{NC_("answer word", "not sure"), AT_YESNO},
	{NC_("answer word", "none"), AT_MULTI},
};

static const struct lang *current;

const struct lang *l10n_current(void)
{
	return current ? current : lang_at(0);
}

static bool is_english(const struct lang *lang)
{
	return lang == lang_at(0);
}

/* The language a locale name means: "zh_CN.UTF-8@x" as zh_CN. */
static const struct lang *lang_of_locale(const char *name, size_t len)
{
	char buf[64];
	size_t n = strcspn(name, ".@:");

	if (n > len)
		n = len;
	if (n == 0 || n >= sizeof(buf))
		return NULL;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return lang_find(buf);
}

const struct lang *l10n_from_env(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	const char *list = getenv("LANGUAGE");

	while (list && *list) {
		size_t len = strcspn(list, ":");
		const struct lang *lang = lang_of_locale(list, len);

		if (lang)
			return lang;
		list += len + (list[len] == ':');
	}
	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *value = getenv(vars[i]);

		if (value && *value) {
			const struct lang *lang =
				lang_of_locale(value, strlen(value));

			return lang ? lang : lang_at(0);
		}
	}
	return lang_at(0);
}

bool l10n_take_lang(const char *name, void *to)
{
	const struct lang *lang = lang_find(name);

	if (!lang) {
		cli_error("unknown language '%s': runcheck speaks %s", name,
			  lang_tags());
		return false;
	}
	*(const struct lang **)to = lang;
	return true;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the catalogs, found from the program's path (l10n.h). */
static const char *locale_dir(void)
{
	static char dir[PATH_MAX];
	static bool is_found;
	static const char *const beside[] = {
		"/../share/locale",
		"/locale",
		"/build/locale",
		"/../locale",
	};
	char exe[PATH_MAX];
	ssize_t len;
	char *slash;

	if (is_found)
		return dir;
	is_found = true;
	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(beside) / sizeof(*beside); i++) {
		/* ../share/locale only beside an installed bin/. */
		if (i == 0 &&
		    (slash - exe < 4 || strcmp(slash - 4, "/bin") != 0))
			continue;
		if ((size_t)snprintf(dir, sizeof(dir), "%s%s", exe, beside[i]) <
			    sizeof(dir) &&
		    is_dir(dir))
			return dir;
	}
	dir[0] = '\0';
	return NULL;
}

/* Binds a domain to the catalogs' folder, its texts in UTF-8. */
static void bind(const char *domain)
{
	const char *dir = locale_dir();

	if (dir)
		bindtextdomain(domain, dir);
	bind_textdomain_codeset(domain, "UTF-8");
}

static void tree_domain(const struct tree *tree, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", TREE_DOMAIN_PREFIX, tree_id(tree));
}

/* The engine's refusals, from the interface's catalog. */
static const char *engine_text(const char *msgid)
{
	return dgettext(I18N_DOMAIN, msgid);
}

/* LC_CTYPE in UTF-8 and LC_MESSAGES not C, from the environment if it
 * can, else C.UTF-8. */
static bool locale_setup(void)
{
	const char *name = setlocale(LC_MESSAGES, "");

	if ((!name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) &&
	    !setlocale(LC_MESSAGES, "C.UTF-8"))
		return false;
	name = setlocale(LC_CTYPE, "");
	if (!name || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		return setlocale(LC_CTYPE, "C.UTF-8") != NULL;
	return true;
}

bool l10n_use(const struct lang *lang)
{
	bool is_ok = true;

	if (!is_english(lang) && !locale_setup()) {
		cli_error("no UTF-8 locale (C.UTF-8) for %s: the texts stay "
			  "in English",
			  lang->tag);
		lang = lang_at(0);
		is_ok = false;
	}
	bind(I18N_DOMAIN);
	bind(CLINIC_DOMAIN);
	/* English: no catalog is named "en", so every text is its own. */
	if (setenv("LANGUAGE", lang->posix, 1) != 0)
		is_ok = false;
	/* gettext caches what it found; textdomain tells it the catalogs
	 * changed (glibc bumps its _nl_msg_cat_cntr), so that the next
	 * lookup reads LANGUAGE again. */
	textdomain(I18N_DOMAIN);
	engine_set_translate(is_english(lang) ? NULL : engine_text);
	current = lang;
	return is_ok;
}

/* dcgettext of msgctxt "\004" msgid in domain, or NULL when the catalog
 * has no such entry (or the text is too long to look up). */
static const char *lookup(const char *domain, const char *msgctxt,
			  const char *msgid)
{
	size_t clen = strlen(msgctxt);
	size_t ilen = strlen(msgid);
	char stack[1024];
	char *key = stack;
	const char *text;

	if (clen + ilen + 2 > sizeof(stack)) {
		key = malloc(clen + ilen + 2);
		if (!key)
			return NULL;
	}
	memcpy(key, msgctxt, clen);
	key[clen] = '\004';
	memcpy(key + clen + 1, msgid, ilen + 1);
	text = dcgettext(domain, key, LC_MESSAGES);
	if (text == key)
		text = NULL;
	if (key != stack)
		free(key);
	return text;
}

const char *l10n_tree_text(const struct tree *tree, const char *msgctxt,
			   const char *english)
{
	char domain[DOMAIN_SIZE];
	const char *text;

	if (is_english(l10n_current()) || !english)
		return english;
	tree_domain(tree, domain, sizeof(domain));
	bind(domain);
	text = lookup(domain, msgctxt, english);
	return text ? text : english;
}

static const char *translate(void *ctx, const char *msgctxt, const char *msgid)
{
	return lookup(ctx, msgctxt, msgid);
}

bool l10n_translate_tree(struct tree *tree)
{
	char domain[DOMAIN_SIZE];

	if (is_english(l10n_current()))
		return true;
	tree_domain(tree, domain, sizeof(domain));
	bind(domain);
	return tree_translate(tree, translate, domain);
}

bool l10n_translate_clinic(struct clinic *clinic)
{
	static char domain[] = CLINIC_DOMAIN;

	if (is_english(l10n_current()))
		return true;
	bind(domain);
	return clinic_translate(clinic, translate, domain);
}

/* Reading a catalog's header */

static uint32_t mo_word(const unsigned char *p, bool is_swapped)
{
	return is_swapped ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
				    (uint32_t)p[2] << 8 | p[3]
			  : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
				    (uint32_t)p[1] << 8 | p[0];
}

/*
 * The header (the translation of "") of the .mo at path, as a new string,
 * or NULL when there is no such file or it is not a catalog. The format
 * is GNU gettext's ("The Format of GNU MO Files"): a magic number, the
 * count of strings and the offsets of two tables of (length, offset)
 * pairs, the original strings sorted, so that "" is the first.
 */
static char *mo_header(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *mo = NULL;
	char *header = NULL;
	long size;
	bool is_swapped;
	uint32_t count, originals, translations, len, off;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 28 ||
	    size > MO_MAX_BYTES || fseek(f, 0, SEEK_SET) != 0)
		goto fail;
	mo = malloc((size_t)size);
	if (!mo || fread(mo, 1, (size_t)size, f) != (size_t)size)
		goto fail;
	if (mo_word(mo, false) == 0x950412de)
		is_swapped = false;
	else if (mo_word(mo, true) == 0x950412de)
		is_swapped = true;
	else
		goto fail;
	count = mo_word(mo + 8, is_swapped);
	originals = mo_word(mo + 12, is_swapped);
	translations = mo_word(mo + 16, is_swapped);
	if (count == 0 || originals > (uint32_t)size - 8 ||
	    translations > (uint32_t)size - 8 ||
	    mo_word(mo + originals, is_swapped) != 0)
		goto fail;
	len = mo_word(mo + translations, is_swapped);
	off = mo_word(mo + translations + 4, is_swapped);
	if (off > (uint32_t)size || len > (uint32_t)size - off)
		goto fail;
	header = malloc((size_t)len + 1);
	if (header) {
		memcpy(header, mo + off, len);
		header[len] = '\0';
	}
fail:
	free(mo);
	fclose(f);
	return header;
}

enum status {
	STATUS_NONE,	 /* no catalog */
	STATUS_DRAFT,	 /* a catalog not marked reviewed, or reviewed for
			  * other English */
	STATUS_REVIEWED, /* X-Runcheck-Status: reviewed, for this English */
};

/* The SHA-256 (hex) of the tree and the clinic file in use
 * (l10n_set_english); empty until then. */
static char tree_hash[SHA256_HEX_SIZE];
static char clinic_hash[SHA256_HEX_SIZE];

/* Which catalogs were said to be stale: bit 2 * language + 1 for the
 * clinic's, + 0 for the tree's. Each is said once. */
static unsigned long stale_said;

void l10n_set_english(const char *tree_sha256, const char *clinic_sha256)
{
	snprintf(tree_hash, sizeof(tree_hash), "%s",
		 tree_sha256 ? tree_sha256 : "");
	snprintf(clinic_hash, sizeof(clinic_hash), "%s",
		 clinic_sha256 ? clinic_sha256 : "");
	stale_said = 0;
}

/*
 * The value of the header's field (its name with the colon), its blanks
 * trimmed, *len bytes long; NULL when the header has no such line.
 */
static const char *header_field(const char *header, const char *field,
				size_t *len)
{
	size_t flen = strlen(field);

	for (const char *line = header; *line;) {
		size_t n = strcspn(line, "\n");

		if (n >= flen && text_prefix_fold_n(line, n, field, flen)) {
			const char *v = line + flen;
			size_t vlen = n - flen;

			while (vlen > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vlen--;
			}
			while (vlen > 0 &&
			       (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' ||
				v[vlen - 1] == '\r'))
				vlen--;
			*len = vlen;
			return v;
		}
		line += n + (line[n] == '\n');
	}
	return NULL;
}

/* Says, once for each catalog, that the reviewed catalog at path is for
 * other English than the file in use (what: "tree" or "clinic file"). */
static void say_stale(const struct lang *lang, bool is_clinic, const char *path,
		      const char *field, const char *got, size_t got_len,
		      const char *want, const char *what)
{
	unsigned long bit = 0;

	for (size_t i = 0; i < lang_count(); i++)
		if (lang_at(i) == lang && 2 * i + 1 < sizeof(bit) * CHAR_BIT)
			bit = 1UL << (2 * i + (is_clinic ? 1 : 0));
	if (stale_said & bit)
		return;
	stale_said |= bit;
	if (got == NULL)
		cli_error("warning: %s is marked reviewed but names no %s: "
			  "the review cannot be tied to the %s in use, so %s "
			  "counts as a draft",
			  path, field, what, lang->tag);
	else
		cli_error("warning: %s was reviewed for other English: its %s "
			  "is %.*s..., but the %s in use is %.12s...; the "
			  "English changed since its review, so %s counts as "
			  "a draft (bring the catalog up to date with msgmerge "
			  "and have it reviewed again)",
			  path, field, (int)(got_len < 12 ? got_len : 12), got,
			  what, want[0] ? want : "unknown", lang->tag);
}

/*
 * The status of lang's catalog of domain: reviewed only when its header
 * says 'X-Runcheck-Status: reviewed' and, when hash_field is not NULL,
 * the field's value is hash (the English in use; else said on standard
 * error once, and a draft).
 */
static enum status catalog_status(const struct lang *lang, const char *domain,
				  const char *hash_field, const char *hash)
{
	const char *dir = locale_dir();
	char path[PATH_MAX];
	char *header;
	const char *v;
	size_t vlen = 0;
	enum status status = STATUS_DRAFT;

	if (!dir ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", dir,
			     lang->posix, domain) >= sizeof(path))
		return STATUS_NONE;
	header = mo_header(path);
	if (!header)
		return STATUS_NONE;
	v = header_field(header, "X-Runcheck-Status:", &vlen);
	if (v && text_equal_fold_n(v, vlen, "reviewed", 8))
		status = STATUS_REVIEWED;
	if (status == STATUS_REVIEWED && hash_field) {
		char field[64];

		snprintf(field, sizeof(field), "%s:", hash_field);
		v = header_field(header, field, &vlen);
		if (!v || hash[0] == '\0' ||
		    !text_equal_fold_n(v, vlen, hash, strlen(hash))) {
			say_stale(lang, strcmp(domain, CLINIC_DOMAIN) == 0,
				  path, hash_field, v, vlen, hash,
				  strcmp(domain, CLINIC_DOMAIN) == 0
					  ? "clinic file"
					  : "tree");
			status = STATUS_DRAFT;
		}
	}
	free(header);
	return status;
}

bool l10n_is_reviewed(const struct lang *lang, const struct tree *tree)
{
	char domain[DOMAIN_SIZE];
	bool is_tree, is_interface, is_clinic;

	if (is_english(lang))
		return true;
	tree_domain(tree, domain, sizeof(domain));
	/* Each catalog is read, so that each stale one is said. */
	is_tree = catalog_status(lang, domain, "X-Runcheck-Tree-Hash",
				 tree_hash) == STATUS_REVIEWED;
	is_interface = catalog_status(lang, I18N_DOMAIN, NULL, NULL) !=
		       STATUS_DRAFT;
	is_clinic = catalog_status(lang, CLINIC_DOMAIN,
				   "X-Runcheck-Clinic-Hash",
				   clinic_hash) != STATUS_DRAFT;
	return is_tree && is_interface && is_clinic;
}

/* The words a person types */

/* line, its blanks trimmed, is one of the |-separated words of list. */
static bool is_one_of(const char *line, size_t len, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, "|");
		const char *w = list;
		size_t wlen = n;

		while (wlen > 0 && *w == ' ') {
			w++;
			wlen--;
		}
		while (wlen > 0 && w[wlen - 1] == ' ')
			wlen--;
		if (wlen > 0 && text_equal_fold_n(line, len, w, wlen))
			return true;
		list += n + (list[n] == '|');
	}
	return false;
}

/* The English of word i when line is it in the language in use. */
static const char *word_match(size_t i, const char *line, size_t len)
{
	const char *english = strchr(words[i].key, '\004') + 1;
	const char *text;

	if (is_english(l10n_current()))
		return NULL;
	text = dgettext(I18N_DOMAIN, words[i].key);
	if (text == words[i].key)
		return NULL;
	return is_one_of(line, len, text) ? english : NULL;
}

/* line without its surrounding blanks: *len bytes from the result. */
static const char *trim(const char *line, size_t *len)
{
	size_t n;

	line += strspn(line, " \t\r\n\v\f");
	n = strlen(line);
	while (n > 0 && strchr(" \t\r\n\v\f", line[n - 1]))
		n--;
	*len = n;
	return line;
}

const char *l10n_english_word(const char *line, enum tree_qtype type)
{
	size_t len;
	const char *s = trim(line, &len);

	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		const char *english;

		if (!(words[i].at & (1u << type)))
			continue;
		english = word_match(i, s, len);
		if (english)
			return english;
	}
	return line;
}

const char *l10n_typed_word(size_t i, const struct tree_question *q)
{
	static char word[128];

	if (is_english(l10n_current()))
		return NULL;
	for (size_t w = 0; w < sizeof(words) / sizeof(*words); w++) {
		const char *english = strchr(words[w].key, '\004') + 1;
		const char *text;
		size_t len;

		/* Not the letters y and n, nor not sure where q has none:
		 * as the English words completion offers. */
		if (!(words[w].at & (1u << q->type)) || strlen(english) == 1 ||
		    (strcmp(english, "not sure") == 0 && !q->has_unsure))
			continue;
		text = dgettext(I18N_DOMAIN, words[w].key);
		if (text == words[w].key)
			continue;
		text = trim(text, &len);
		len = strcspn(text, "|") < len ? strcspn(text, "|") : len;
		while (len > 0 && text[len - 1] == ' ')
			len--;
		if (len == 0 || len >= sizeof(word) ||
		    text_equal_fold_n(text, len, english, strlen(english)))
			continue;
		if (i-- == 0) {
			memcpy(word, text, len);
			word[len] = '\0';
			return word;
		}
	}
	return NULL;
}

/* answer is the English word or its translation. */
static bool is_word(const char *answer, const char *word)
{
	size_t len;
	const char *s = trim(answer, &len);

	if (text_equal_fold_n(s, len, word, strlen(word)))
		return true;
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
		if (strcmp(strchr(words[i].key, '\004') + 1, word) == 0 &&
		    word_match(i, s, len))
			return true;
	return false;
}

bool l10n_is_yes(const char *answer)
{
	return is_word(answer, "y") || is_word(answer, "yes");
}

bool l10n_is_no(const char *answer)
{
	return is_word(answer, "n") || is_word(answer, "no");
}
