/*
 * cli.c - what the subcommands share: finding and loading the tree and the
 * clinic file, printing diagnostics; and the lint command.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "commands.h"
#include "diag.h"
#include "embedded.h"
#include "l10n.h"
#include "sha256.h"
#include "source.h"
#include "text.h"
#include "tree.h"
#include "walks.h"
#include "yread.h"

#define BUILTIN_TREE_NAME   "<built-in tree>"
#define BUILTIN_CLINIC_NAME "<built-in clinic>"
#define STDIN_NAME	    "<stdin>"

/* How many errors (and warnings) a file shows: --max-errors. */
static size_t max_errors = DIAG_MAX_DEFAULT;

void cli_set_max_errors(size_t n)
{
	max_errors = n;
}

size_t cli_max_errors(void)
{
	return max_errors;
}

/* "N more errors" and "N more warnings" after a list cut at the cap. */
static void print_dropped(FILE *f, const struct diag_list *diags,
			  bool show_warnings)
{
	if (diags->dropped_errors > 0)
		fprintf(f,
			"%s: %zu more error%s not shown (--max-errors 0 shows "
			"them all)\n",
			diags->file, diags->dropped_errors,
			diags->dropped_errors == 1 ? "" : "s");
	if (diags->dropped_warnings > 0 && show_warnings)
		fprintf(f,
			"%s: %zu more warning%s not shown (--max-errors 0 "
			"shows them all)\n",
			diags->file, diags->dropped_warnings,
			diags->dropped_warnings == 1 ? "" : "s");
}

/* True when print_diags would show a diagnostic with a line. */
static bool has_shown_line(const struct diag_list *diags, bool show_warnings)
{
	for (size_t i = 0; i < diags->count; i++)
		if ((show_warnings || diags->items[i].severity == DIAG_ERROR) &&
		    diags->items[i].pos.line > 0)
			return true;
	return false;
}

/*
 * Prints diags, each with the line of src it points into under a caret
 * (src NULL, or a text it cannot read: no lines). A regular file is read
 * for its lines only now, once the loader is done with it.
 */
static void print_diags(FILE *f, struct diag_list *diags, bool show_warnings,
			struct source *src)
{
	struct diag_cursor cursor = {0};
	struct diag_list unused = {0};

	diag_sort(diags);
	if (src != NULL && has_shown_line(diags, show_warnings) &&
	    source_read_text(src, &unused) != YREAD_OK)
		src = NULL; /* the diagnostics without their lines */
	diag_list_clear(&unused);
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *d = &diags->items[i];
		char *excerpt;

		if (d->severity == DIAG_WARNING && !show_warnings)
			continue;
		fprintf(f, "%s:%u:%u: %s: %s\n", diags->file,
			(unsigned)d->pos.line, (unsigned)d->pos.column,
			d->severity == DIAG_ERROR ? "error" : "warning",
			d->message);
		excerpt = src != NULL ? diag_excerpt(src->text, src->len,
						     d->pos, &cursor)
				      : NULL;
		if (excerpt != NULL)
			fputs(excerpt, f);
		free(excerpt);
	}
	print_dropped(f, diags, show_warnings);
	if (diags->is_oom)
		fprintf(f,
			"%s: error: out of memory; some problems are not "
			"shown\n",
			diags->file);
}

void cli_print_diags(FILE *f, struct diag_list *diags)
{
	print_diags(f, diags, true, NULL);
}

/* Maps a loader's status to an exit status, saying why on stderr. */
static int load_status(enum yread_status status, struct diag_list *diags,
		       bool show_warnings, int open_errno, struct source *src)
{
	switch (status) {
	case YREAD_OK:
		print_diags(stderr, diags, show_warnings, src);
		return EXIT_RESULT;
	case YREAD_INVALID:
		print_diags(stderr, diags, show_warnings, src);
		return EXIT_INVALID;
	case YREAD_CANNOT_OPEN:
		cli_error("cannot open '%s': %s", diags->file,
			  strerror(open_errno));
		return EXIT_NOINPUT;
	case YREAD_READ_ERROR:
		cli_error("cannot read '%s': %s", diags->file,
			  strerror(open_errno));
		return EXIT_IO;
	case YREAD_NOMEM:
		return cmd_out_of_memory();
	}
	return EXIT_INTERNAL;
}

/* The file named on the command line, else in the environment, else NULL
 * for the built-in one. */
static const char *choose_path(const char *path, const char *env_name)
{
	const char *env;

	if (path)
		return path;
	env = getenv(env_name);
	return env && *env ? env : NULL;
}

/*
 * Names diags after the input and opens it, once (source_open): path, or
 * nothing for the built-in text (src then stays empty). Sets errno.
 */
static enum yread_status open_input(const char *path, const char *builtin_name,
				    struct diag_list *diags, struct source *src)
{
	src->file = NULL;
	src->text = NULL;
	src->len = 0;
	diags->max_kept = max_errors;
	if (!diag_list_set_file(diags, path == NULL		? builtin_name
				       : strcmp(path, "-") == 0 ? STDIN_NAME
								: path))
		return YREAD_NOMEM;
	if (path == NULL)
		return YREAD_OK;
	errno = 0;
	return source_open(path, src, diags);
}

/* Loads (or, when out is NULL, only checks) the tree in src, or the
 * built-in one when src is empty; a partial tree (tree.h) for graph when
 * is_partial. */
static enum yread_status load_tree(struct source *src, struct diag_list *diags,
				   struct tree **out, bool is_partial)
{
	if (is_partial && src->file != NULL)
		return tree_load_stream_partial(src->file, diags, out);
	if (is_partial)
		return src->text != NULL
			       ? tree_load_buffer_partial(src->text, src->len,
							  diags, out)
			       : tree_load_buffer_partial(embedded_tree,
							  embedded_tree_len,
							  diags, out);
	if (src->file != NULL)
		return out ? tree_load_stream(src->file, diags, out)
			   : tree_check_stream(src->file, diags);
	if (src->text != NULL)
		return out ? tree_load_buffer(src->text, src->len, diags, out)
			   : tree_check_buffer(src->text, src->len, diags);
	return out ? tree_load_buffer(embedded_tree, embedded_tree_len, diags,
				      out)
		   : tree_check_buffer(embedded_tree, embedded_tree_len, diags);
}

/* Loads the clinic file in src, or the built-in one when src is empty. */
static enum yread_status
load_clinic(struct source *src, struct diag_list *diags, struct clinic **out)
{
	if (src->file != NULL)
		return clinic_load_stream(src->file, diags, out);
	if (src->text != NULL)
		return clinic_load_buffer(src->text, src->len, diags, out);
	return clinic_load_buffer(embedded_clinic, embedded_clinic_len, diags,
				  out);
}

/* Loads the walks file in src (opened: not empty) into *out, or only
 * checks it when out is NULL. */
static enum yread_status load_walks(struct source *src, struct diag_list *diags,
				    struct walks **out)
{
	struct walks *unused = NULL;
	enum yread_status status =
		src->file != NULL
			? walks_load_stream(src->file, diags,
					    out ? out : &unused)
			: walks_load_buffer(src->text, src->len, diags,
					    out ? out : &unused);

	walks_free(unused);
	return status;
}

int cli_load_walks(const char *path, struct diag_list *diags,
		   struct walks **out, struct source *src)
{
	enum yread_status status = open_input(path, NULL, diags, src);

	*out = NULL;
	if (status == YREAD_OK)
		status = load_walks(src, diags, out);
	if (status == YREAD_OK)
		return EXIT_RESULT;
	return load_status(status, diags, true, errno, src);
}

void cli_print_source_diags(FILE *f, struct diag_list *diags,
			    struct source *src)
{
	print_diags(f, diags, true, src);
}

/*
 * Opens and loads the tree for cli_load_tree, cli_load_tree_diags and
 * cli_load_tree_partial (is_partial):
 * on YREAD_OK prints nothing and leaves the diagnostics, sorted, in diags;
 * otherwise prints them (with warnings) and says why.
 */
static int open_and_load_tree(const char *path, struct diag_list *diags,
			      struct tree **out, struct source *src,
			      bool is_partial)
{
	enum yread_status status;
	int status_errno;

	*out = NULL;
	path = choose_path(path, "RUNCHECK_TREE");
	status = open_input(path, BUILTIN_TREE_NAME, diags, src);
	if (status == YREAD_OK)
		status = load_tree(src, diags, out, is_partial);
	status_errno = errno;
	if (status == YREAD_OK) {
		diag_sort(diags);
		return EXIT_RESULT;
	}
	return load_status(status, diags, true, status_errno, src);
}

/*
 * Writes, as hex, the SHA-256 of the bytes src holds (of the built-in
 * file's, builtin, when it is empty): the bytes the tree or clinic was
 * loaded from, a pipe's too. A regular file is read for them now.
 */
static enum yread_status source_sha256(struct source *src,
				       struct diag_list *diags,
				       const unsigned char *builtin,
				       size_t builtin_len,
				       char hex[SHA256_HEX_SIZE])
{
	unsigned char digest[SHA256_SIZE];
	struct sha256 s;
	enum yread_status status = YREAD_OK;

	sha256_init(&s);
	if (src->file != NULL)
		status = source_read_text(src, diags);
	if (status != YREAD_OK)
		return status;
	if (src->text != NULL)
		sha256_update(&s, src->text, src->len);
	else
		sha256_update(&s, builtin, builtin_len);
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
	return YREAD_OK;
}

int cli_load_tree_diags(const char *path, struct diag_list *diags,
			struct tree **out, char sha256[SHA256_HEX_SIZE])
{
	struct source src;
	int rc = open_and_load_tree(path, diags, out, &src, false);

	if (rc == EXIT_RESULT && sha256 != NULL) {
		enum yread_status status =
			source_sha256(&src, diags, embedded_tree,
				      embedded_tree_len, sha256);

		if (status != YREAD_OK) {
			rc = load_status(status, diags, true, errno, NULL);
			tree_free(*out);
			*out = NULL;
		}
	}
	source_close(&src);
	return rc;
}

/* A partial tree (tree.h): on YREAD_INVALID *out may hold one, the errors
 * printed. */
int cli_load_tree_partial(const char *path, struct tree **out)
{
	struct diag_list diags = {0};
	struct source src;
	int rc = open_and_load_tree(path, &diags, out, &src, true);

	source_close(&src);
	diag_list_clear(&diags);
	return rc;
}

int cli_load_tree(const char *path, int show_warnings, struct tree **out)
{
	struct diag_list diags = {0};
	struct source src;
	int rc = open_and_load_tree(path, &diags, out, &src, false);

	if (rc == EXIT_RESULT)
		print_diags(stderr, &diags, show_warnings, &src);
	source_close(&src);
	diag_list_clear(&diags);
	return rc;
}

int cli_load_clinic(const char *path, struct clinic **out)
{
	return cli_load_clinic_hash(path, out, NULL);
}

int cli_load_clinic_hash(const char *path, struct clinic **out,
			 char sha256[SHA256_HEX_SIZE])
{
	struct diag_list diags = {0};
	struct source src;
	enum yread_status status;
	int status_errno, rc;

	*out = NULL;
	path = choose_path(path, "RUNCHECK_CLINIC");
	status = open_input(path, BUILTIN_CLINIC_NAME, &diags, &src);
	if (status == YREAD_OK)
		status = load_clinic(&src, &diags, out);
	if (status == YREAD_OK && sha256 != NULL)
		status = source_sha256(&src, &diags, embedded_clinic,
				       embedded_clinic_len, sha256);
	if (status != YREAD_OK) {
		clinic_free(*out);
		*out = NULL;
	}
	status_errno = errno;
	rc = load_status(status, &diags, false, status_errno, &src);
	source_close(&src);
	diag_list_clear(&diags);
	return rc;
}

int cli_load_walk(const char *tree_path, const char *clinic_path,
		  struct tree **tree, struct clinic **clinic)
{
	struct diag_list diags = {0};
	char tree_sha256[SHA256_HEX_SIZE];
	char clinic_sha256[SHA256_HEX_SIZE];
	int rc;

	*clinic = NULL;
	/* Its warnings are lint's to show, as cli_load_tree's with 0. */
	rc = cli_load_tree_diags(tree_path, &diags, tree, tree_sha256);
	diag_list_clear(&diags);
	if (rc != EXIT_RESULT)
		return rc;
	rc = cli_load_clinic_hash(clinic_path, clinic, clinic_sha256);
	if (rc != EXIT_RESULT) {
		tree_free(*tree);
		*tree = NULL;
		return rc;
	}
	l10n_set_english(tree_sha256, clinic_sha256);
	return EXIT_RESULT;
}

const char *cli_clinic_name(const char *path)
{
	path = choose_path(path, "RUNCHECK_CLINIC");
	return path ? path : BUILTIN_CLINIC_NAME;
}

/*
 * Lints one input, opened once: a clinic file or a walks file when its
 * format key says so (yread_format_is), else a tree. Returns its exit
 * status.
 */
static int lint_file(const char *path)
{
	struct diag_list diags = {0};
	struct source src;
	enum yread_status status;
	int status_errno, rc;

	status = open_input(path, BUILTIN_TREE_NAME, &diags, &src);
	if (status == YREAD_OK) {
		bool is_clinic = src.file != NULL
					 ? clinic_is_clinic_stream(src.file)
					 : clinic_is_clinic(src.text, src.len);
		bool is_walks =
			!is_clinic &&
			(src.file != NULL
				 ? yread_format_is_stream(src.file,
							  WALKS_FORMAT_PREFIX)
				 : yread_format_is(src.text, src.len,
						   WALKS_FORMAT_PREFIX));

		if (is_clinic) {
			struct clinic *clinic = NULL;

			status = load_clinic(&src, &diags, &clinic);
			clinic_free(clinic);
		} else if (is_walks) {
			status = load_walks(&src, &diags, NULL);
		} else {
			/* Checked, not built: lint needs no tree. */
			status = load_tree(&src, &diags, NULL, false);
		}
	}
	status_errno = errno;
	rc = load_status(status, &diags, true, status_errno, &src);
	source_close(&src);
	diag_list_clear(&diags);
	return rc;
}

int cmd_lint(int argc, char **argv)
{
	static const struct cmd lint = {.name = "lint", .is_in_order = true};
	const char *tree_path = NULL, *clinic_path = NULL, *pot_path = NULL;
	/* For catalogs (.po): the English they translate (--pot: the
	 * interface's template). */
	const struct cmd_option options[] = {
		{"tree", 0, CMD_VALUE, .value = &tree_path},
		{"clinic", 0, CMD_VALUE, .value = &clinic_path},
		{"pot", 0, CMD_VALUE, .value = &pot_path},
		{NULL},
	};
	bool is_unopened = false;
	bool is_invalid = false;
	bool is_internal = false;
	bool is_io = false;
	int next;
	int status = cmd_parse(&lint, options, argc, argv, &next);

	if (status != CMD_GO_ON)
		return status;
	if (next >= argc)
		return cmd_usage_error(&lint, "lint needs at least one file");
	for (int i = next; i < argc; i++) {
		size_t len = strlen(argv[i]);
		bool is_catalog = len > 3 &&
				  strcmp(argv[i] + len - 3, ".po") == 0;

		switch (is_catalog ? lint_catalog(argv[i], tree_path,
						  clinic_path, pot_path)
				   : lint_file(argv[i])) {
		case EXIT_RESULT:
			break;
		case EXIT_NOINPUT:
			is_unopened = true;
			break;
		case EXIT_INVALID:
			is_invalid = true;
			break;
		case EXIT_IO:
			is_io = true;
			break;
		default:
			is_internal = true;
			break;
		}
	}
	if (is_internal)
		return EXIT_INTERNAL;
	if (is_io)
		return EXIT_IO;
	if (is_unopened)
		return EXIT_NOINPUT;
	return is_invalid ? EXIT_INVALID : EXIT_RESULT;
}
