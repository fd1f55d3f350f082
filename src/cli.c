/*
 * cli.c - what the subcommands share: finding and loading the tree and the
 * clinic file, printing diagnostics; and the lint command.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clinic.h"
#include "commands.h"
#include "diag.h"
#include "embedded.h"
#include "sha256.h"
#include "tree.h"

#define BUILTIN_TREE_NAME "<built-in tree>"
#define BUILTIN_CLINIC_NAME "<built-in clinic>"

static void print_diags(FILE *f, struct diag_list *diags, bool show_warnings)
{
	diag_sort(diags);
	for (size_t i = 0; i < diags->count; i++) {
		const struct diag *d = &diags->items[i];

		if (d->severity == DIAG_WARNING && !show_warnings)
			continue;
		fprintf(f, "%s:%u:%u: %s: %s\n", diags->file,
			(unsigned)d->pos.line, (unsigned)d->pos.column,
			d->severity == DIAG_ERROR ? "error" : "warning",
			d->message);
	}
	if (diags->is_oom)
		fprintf(f, "%s: error: out of memory; some problems are not "
			   "shown\n",
			diags->file);
}

void cli_print_diags(FILE *f, struct diag_list *diags)
{
	print_diags(f, diags, true);
}

/* Maps a loader's status to an exit status, saying why on stderr. */
static int load_status(enum tree_status status, const char *name,
		       struct diag_list *diags, bool show_warnings,
		       int open_errno)
{
	switch (status) {
	case TREE_OK:
		print_diags(stderr, diags, show_warnings);
		return EXIT_RESULT;
	case TREE_INVALID:
		print_diags(stderr, diags, show_warnings);
		return EXIT_INVALID;
	case TREE_CANNOT_OPEN:
		fprintf(stderr, "runcheck: cannot open '%s': %s\n", name,
			strerror(open_errno));
		return EXIT_NOINPUT;
	case TREE_NOMEM:
		fputs("runcheck: out of memory\n", stderr);
		return EXIT_INTERNAL;
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
 * Loads the tree to use (choose_path) into *out, partial or not (tree.h),
 * with its name in diags->file; the errno of a failed open in *open_errno.
 */
static enum tree_status read_tree(const char *path, struct diag_list *diags,
				  struct tree **out, bool is_partial,
				  int *open_errno)
{
	enum tree_status status;

	*out = NULL;
	path = choose_path(path, "RUNCHECK_TREE");
	diags->file = path ? path : BUILTIN_TREE_NAME;
	errno = 0;
	if (path)
		status = is_partial ? tree_load_file_partial(path, diags, out)
				    : tree_load_file(path, diags, out);
	else if (is_partial)
		status = tree_load_buffer_partial(
			embedded_tree, embedded_tree_len, diags, out);
	else
		status = tree_load_buffer(embedded_tree, embedded_tree_len,
					  diags, out);
	*open_errno = errno;
	return status;
}

int cli_load_tree_diags(const char *path, struct diag_list *diags,
			struct tree **out)
{
	int open_errno;
	enum tree_status status =
		read_tree(path, diags, out, false, &open_errno);

	if (status == TREE_OK) {
		diag_sort(diags);
		return EXIT_RESULT;
	}
	return load_status(status, diags->file, diags, true, open_errno);
}

int cli_load_tree_partial(const char *path, struct tree **out)
{
	struct diag_list diags = {0};
	int open_errno;
	enum tree_status status =
		read_tree(path, &diags, out, true, &open_errno);
	int rc = load_status(status, diags.file, &diags, status != TREE_OK,
			     open_errno);

	diag_list_clear(&diags);
	return rc;
}

int cli_load_tree(const char *path, int show_warnings, struct tree **out)
{
	struct diag_list diags = {0};
	int rc = cli_load_tree_diags(path, &diags, out);

	if (rc == EXIT_RESULT)
		print_diags(stderr, &diags, show_warnings);
	diag_list_clear(&diags);
	return rc;
}

int cli_load_clinic(const char *path, struct clinic **out)
{
	struct diag_list diags = {0};
	enum tree_status status;
	int status_errno;
	int rc;

	*out = NULL;
	path = choose_path(path, "RUNCHECK_CLINIC");
	diags.file = path ? path : BUILTIN_CLINIC_NAME;
	errno = 0;
	if (path)
		status = clinic_load_file(path, &diags, out);
	else
		status = clinic_load_buffer(embedded_clinic,
					    embedded_clinic_len, &diags, out);
	status_errno = errno;
	rc = load_status(status, diags.file, &diags, false, status_errno);
	diag_list_clear(&diags);
	return rc;
}

const char *cli_clinic_name(const char *path)
{
	path = choose_path(path, "RUNCHECK_CLINIC");
	return path ? path : BUILTIN_CLINIC_NAME;
}

int cli_tree_sha256(const char *path, char hex[SHA256_HEX_SIZE])
{
	unsigned char digest[SHA256_SIZE];
	unsigned char buf[65536];
	struct sha256 s;
	size_t n;
	FILE *f;
	int rc = EXIT_RESULT;

	sha256_init(&s);
	path = choose_path(path, "RUNCHECK_TREE");
	if (!path) {
		sha256_update(&s, embedded_tree, embedded_tree_len);
		goto done;
	}
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "runcheck: cannot open '%s': %s\n", path,
			strerror(errno));
		return EXIT_NOINPUT;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_update(&s, buf, n);
	if (ferror(f)) {
		fprintf(stderr, "runcheck: cannot read '%s': %s\n", path,
			strerror(errno));
		rc = EXIT_IO;
	}
	fclose(f);
	if (rc != EXIT_RESULT)
		return rc;
done:
	sha256_final(&s, digest);
	sha256_hex(digest, hex);
	return EXIT_RESULT;
}

/*
 * True when the file's top-level format key names the clinic format. A
 * top-level key of a block mapping starts its line, so a line is enough;
 * anything else is linted as a tree, whose checks then say what is wrong.
 */
static bool is_clinic_file(const char *path)
{
	static const char key[] = "format:";
	FILE *f = fopen(path, "r");
	char line[256];
	bool is_clinic = false;
	bool is_line_start = true;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		bool was_line_start = is_line_start;
		const char *value;

		is_line_start = strchr(line, '\n') != NULL;
		if (!was_line_start || strncmp(line, key, sizeof(key) - 1) != 0)
			continue;
		value = line + sizeof(key) - 1;
		value += strspn(value, " \t\"'");
		is_clinic = strncmp(value, "runcheck-clinic/",
				    strlen("runcheck-clinic/")) == 0;
		break;
	}
	fclose(f);
	return is_clinic;
}

/* Lints one file; returns its exit status. */
static int lint_file(const char *path)
{
	struct diag_list diags = {0};
	enum tree_status status;
	int status_errno;
	int rc;

	diags.file = path;
	errno = 0;
	if (is_clinic_file(path)) {
		struct clinic *clinic = NULL;

		status = clinic_load_file(path, &diags, &clinic);
		status_errno = errno;
		clinic_free(clinic);
	} else {
		/* Checked, not built: lint needs no tree. */
		status = tree_check_file(path, &diags);
		status_errno = errno;
	}
	rc = load_status(status, path, &diags, true, status_errno);
	diag_list_clear(&diags);
	return rc;
}

void cli_bad_option(int c, char **argv)
{
	if (c == ':')
		fprintf(stderr, "runcheck: option '%s' needs a value\n",
			argv[optind - 1]);
	else if (optopt > 0 && optopt < 256)
		fprintf(stderr, "runcheck: unknown option '-%c'\n", optopt);
	else
		fprintf(stderr, "runcheck: unknown option '%s'\n",
			argv[optind - 1]);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option long_options[] = {
		{NULL, 0, NULL, 0},
	};
	bool is_unopened = false;
	bool is_invalid = false;
	bool is_internal = false;
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+:", long_options, NULL)) != -1) {
		cli_bad_option(c, argv);
		fputs("Try 'runcheck --help'.\n", stderr);
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		fputs("runcheck: lint needs at least one file\n"
		      "Try 'runcheck --help'.\n",
		      stderr);
		return EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++) {
		switch (lint_file(argv[i])) {
		case EXIT_RESULT:
			break;
		case EXIT_NOINPUT:
			is_unopened = true;
			break;
		case EXIT_INVALID:
			is_invalid = true;
			break;
		default:
			is_internal = true;
			break;
		}
	}
	if (is_internal)
		return EXIT_INTERNAL;
	if (is_unopened)
		return EXIT_NOINPUT;
	return is_invalid ? EXIT_INVALID : EXIT_RESULT;
}
