/*
 * langcmd.c - the translators' and reviewers' commands: runcheck po (the
 * .pot template of a tree or of the clinic's booking sentences) and
 * lint's checks of a catalog (.po) against the English it translates.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clinic.h"
#include "commands.h"
#include "pot.h"
#include "sha256.h"
#include "source.h"
#include "tree.h"

/* The files the built-in tree and clinic are built from (Makefile's
 * EMBED): what a template's references name for them. */
#define BUILTIN_TREE_FILE "questions/runner-injuries.yaml"
#define BUILTIN_CLINIC_FILE "questions/clinic.yaml"

/* The name a template's "#:" lines give the file diagnostics call
 * name: the built-in files by the names they are built from. */
static const char *reference_name(const char *name, bool is_clinic)
{
	if (strncmp(name, "<built-in", 9) != 0)
		return name;
	return is_clinic ? BUILTIN_CLINIC_FILE : BUILTIN_TREE_FILE;
}

static int finish_stdout(void)
{
	int err;

	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_RESULT;
	err = errno;
	if (err != EPIPE)
		cli_error("cannot write to standard output: %s", strerror(err));
	return EXIT_IO;
}

static const char po_usage[] =
	"usage: runcheck po [--tree FILE | --clinic FILE]\n";

int cmd_po(int argc, char **argv)
{
	static const struct option options[] = {
		{"tree", required_argument, NULL, 't'},
		{"clinic", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *tree_path = NULL, *clinic_path = NULL;
	struct diag_list diags = {0};
	int c, status;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+:h", options, NULL)) != -1) {
		switch (c) {
		case 't':
			tree_path = optarg;
			break;
		case 'C':
			clinic_path = optarg;
			break;
		case 'h':
			fputs(po_usage, stdout);
			return EXIT_RESULT;
		default:
			cli_bad_option(c, argv);
			fputs(po_usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc || (tree_path != NULL && clinic_path != NULL)) {
		if (optind < argc)
			cli_error("unexpected argument '%s'", argv[optind]);
		else
			cli_error("--tree and --clinic do not go together: a "
				  "template is of one or the other");
		fputs(po_usage, stderr);
		return EXIT_USAGE;
	}
	if (clinic_path != NULL) {
		struct clinic *clinic = NULL;

		status = cli_load_clinic(clinic_path, &clinic);
		if (status != EXIT_RESULT)
			return status;
		pot_write_clinic(stdout, clinic,
				 reference_name(cli_clinic_name(clinic_path),
						true));
		clinic_free(clinic);
		return finish_stdout();
	}
	struct tree *tree = NULL;

	status = cli_load_tree_diags(tree_path, &diags, &tree, NULL);
	if (status == EXIT_RESULT) {
		pot_write_tree(stdout, tree, reference_name(diags.file, false));
		status = finish_stdout();
	}
	tree_free(tree);
	diag_list_clear(&diags);
	return status;
}

/* ---- lint of a catalog ------------------------------------------------- */

/* Loads the English of the catalog: the tree or the clinic its header
 * names, and that file's hash. */
static int load_english(const struct catalog *catalog, const char *tree_path,
			const char *clinic_path, struct catalog_english *e,
			char hash[SHA256_HEX_SIZE], char **file_name)
{
	int status;
	bool is_ok;

	if (catalog_is_clinic(catalog)) {
		struct clinic *clinic = NULL;

		status = cli_load_clinic_hash(clinic_path, &clinic, hash);
		if (status != EXIT_RESULT)
			return status;
		*file_name = strdup(cli_clinic_name(clinic_path));
		e->kind_field = "X-Runcheck-Clinic";
		e->hash_field = "X-Runcheck-Clinic-Hash";
		is_ok = *file_name != NULL &&
			catalog_english_clinic(e, clinic);
		clinic_free(clinic);
	} else {
		struct diag_list diags = {0};
		struct tree *tree = NULL;

		status = cli_load_tree_diags(tree_path, &diags, &tree, hash);
		if (status != EXIT_RESULT) {
			diag_list_clear(&diags);
			return status;
		}
		*file_name = strdup(diags.file);
		e->kind_field = "X-Runcheck-Tree";
		e->hash_field = "X-Runcheck-Tree-Hash";
		e->id = *file_name != NULL ? strdup(tree_id(tree)) : NULL;
		is_ok = e->id != NULL && catalog_english_tree(e, tree);
		tree_free(tree);
		diag_list_clear(&diags);
	}
	e->hash = hash;
	e->file = *file_name;
	if (!is_ok) {
		fputs("runcheck: out of memory\n", stderr);
		return EXIT_INTERNAL;
	}
	return EXIT_RESULT;
}

int lint_catalog(const char *path, const char *tree_path,
		 const char *clinic_path)
{
	struct diag_list diags = {0}, missing = {0};
	struct catalog_english e = {0};
	struct catalog *catalog = NULL;
	struct source src = {0};
	char hash[SHA256_HEX_SIZE];
	char *file_name = NULL;
	enum tree_status loaded = TREE_NOMEM;
	int status;

	const char *no_library = catalog_library_error();

	if (no_library != NULL) {
		cli_error("%s", no_library);
		return EXIT_INTERNAL;
	}
	if (diag_list_set_file(&diags, path)) {
		errno = 0;
		loaded = source_open(path, &src, &diags);
		if (loaded == TREE_OK)
			loaded = catalog_load(&src, &diags, &catalog);
	}
	switch (loaded) {
	case TREE_OK:
		break;
	case TREE_INVALID:
		cli_print_source_diags(stderr, &diags, &src);
		status = EXIT_INVALID;
		goto done;
	case TREE_CANNOT_OPEN:
		cli_error("cannot open '%s': %s", path, strerror(errno));
		status = EXIT_NOINPUT;
		goto done;
	case TREE_READ_ERROR:
		cli_error("cannot read '%s': %s", path, strerror(errno));
		status = EXIT_IO;
		goto done;
	case TREE_NOMEM:
		fputs("runcheck: out of memory\n", stderr);
		status = EXIT_INTERNAL;
		goto done;
	}
	status = load_english(catalog, tree_path, clinic_path, &e, hash,
			      &file_name);
	if (status != EXIT_RESULT)
		goto done;
	if (!diag_list_set_file(&missing, file_name)) {
		fputs("runcheck: out of memory\n", stderr);
		status = EXIT_INTERNAL;
		goto done;
	}
	catalog_lint(catalog, &e, &diags, &missing);
	cli_print_source_diags(stderr, &diags, &src);
	cli_print_diags(stderr, &missing);
	if (diags.is_oom || missing.is_oom)
		status = EXIT_INTERNAL;
	else if (diags.error_count > 0 || missing.error_count > 0)
		status = EXIT_INVALID;
done:
	free((char *)e.id);
	catalog_english_free(&e);
	free(file_name);
	catalog_free(catalog);
	source_close(&src);
	diag_list_clear(&diags);
	diag_list_clear(&missing);
	return status;
}
