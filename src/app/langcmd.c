/*
 * langcmd.c - the translators' and reviewers' commands: runcheck po (the
 * .pot template of a tree or of the clinic's booking sentences) and
 * lint's checks of a catalog (.po) against the English it translates.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "clinic.h"
#include "commands.h"
#include "lang.h"
#include "langdoc.h"
#include "pot.h"
#include "sha256.h"
#include "source.h"
#include "tree.h"

/* The files the built-in tree and clinic are built from (Makefile's
 * EMBED): what a template's references name for them. */
#define BUILTIN_TREE_FILE   "questions/runner-injuries.yaml"
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
	if (fflush(stdout) == 0 && !ferror(stdout))
		return EXIT_RESULT;
	return cmd_write_error(errno);
}

/* po's command line, in one struct (as stats keeps its): what the option
 * table sets. */
struct po_args {
	const char *tree_path;
	const char *clinic_path;
};

int cmd_po(int argc, char **argv)
{
	static const struct cmd po = {
		.name = "po",
		.usage = "usage: runcheck po [--tree FILE | --clinic FILE]",
	};
	struct po_args args = {NULL, NULL};
	const struct cmd_option options[] = {
		{"tree", 0, CMD_VALUE, .value = &args.tree_path},
		{"clinic", 0, CMD_VALUE, .value = &args.clinic_path},
		{NULL},
	};
	struct diag_list diags = {0};
	struct tree *tree = NULL;
	int status = cmd_parse_only(&po, options, argc, argv);

	if (status != CMD_GO_ON)
		return status;
	if (args.tree_path != NULL && args.clinic_path != NULL)
		return cmd_usage_error(&po, "--tree and --clinic do not go "
					    "together: a template is of one "
					    "or the other");
	if (args.clinic_path != NULL) {
		struct clinic *clinic = NULL;

		status = cli_load_clinic(args.clinic_path, &clinic);
		if (status != EXIT_RESULT)
			return status;
		pot_write_clinic(stdout, clinic,
				 reference_name(cli_clinic_name(
							args.clinic_path),
						true));
		clinic_free(clinic);
		return finish_stdout();
	}
	status = cli_load_tree_diags(args.tree_path, &diags, &tree, NULL);
	if (status == EXIT_RESULT) {
		pot_write_tree(stdout, tree, reference_name(diags.file, false));
		status = finish_stdout();
	}
	tree_free(tree);
	diag_list_clear(&diags);
	return status;
}

/* ---- lint of a catalog ------------------------------------------------- */

static int open_catalog(const char *path, struct source *src,
			struct diag_list *diags, struct catalog **out,
			bool is_optional);

/* True when the catalog's header names no tree and no clinic: with
 * --pot, the interface's. */
static bool is_interface(const struct catalog *catalog)
{
	char *tree = catalog_field(catalog, "X-Runcheck-Tree");
	bool is_none = tree == NULL && !catalog_is_clinic(catalog);

	free(tree);
	return is_none;
}

/* Loads the English of an interface catalog: the template at pot_path. */
static int load_template(const char *pot_path, struct catalog_english *e,
			 char **file_name)
{
	struct diag_list diags = {0};
	struct source src = {0};
	struct catalog *template = NULL;
	int status = open_catalog(pot_path, &src, &diags, &template, false);

	if (status == EXIT_RESULT) {
		*file_name = strdup(pot_path);
		e->file = *file_name;
		status = *file_name != NULL &&
					 catalog_english_template(e, template)
				 ? EXIT_RESULT
				 : cmd_out_of_memory();
	}
	catalog_free(template);
	source_close(&src);
	diag_list_clear(&diags);
	return status;
}

/* Loads the English of the catalog: the tree or the clinic its header
 * names, and that file's hash; the template at pot_path when it names
 * neither and pot_path is not NULL. */
static int load_english(const struct catalog *catalog, const char *tree_path,
			const char *clinic_path, const char *pot_path,
			struct catalog_english *e, char hash[SHA256_HEX_SIZE],
			char **file_name)
{
	int status;
	bool is_ok;

	if (pot_path != NULL && is_interface(catalog))
		return load_template(pot_path, e, file_name);
	if (catalog_is_clinic(catalog)) {
		struct clinic *clinic = NULL;

		status = cli_load_clinic_hash(clinic_path, &clinic, hash);
		if (status != EXIT_RESULT)
			return status;
		*file_name = strdup(cli_clinic_name(clinic_path));
		e->kind_field = "X-Runcheck-Clinic";
		e->hash_field = "X-Runcheck-Clinic-Hash";
		is_ok = *file_name != NULL && catalog_english_clinic(e, clinic);
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
	return is_ok ? EXIT_RESULT : cmd_out_of_memory();
}

/*
 * Opens and reads the catalog at path into *out, src and diags (named
 * path) kept for its diagnostics. When is_optional, a file that does not
 * exist is no catalog: EXIT_RESULT with *out NULL. Else says what is
 * wrong and returns the exit status.
 */
static int open_catalog(const char *path, struct source *src,
			struct diag_list *diags, struct catalog **out,
			bool is_optional)
{
	const char *no_library = catalog_library_error();
	enum yread_status loaded = YREAD_NOMEM;

	*out = NULL;
	if (no_library != NULL) {
		cli_error("%s", no_library);
		return EXIT_INTERNAL;
	}
	diags->max_kept = cli_max_errors();
	if (diag_list_set_file(diags, path)) {
		errno = 0;
		loaded = source_open(path, src, diags);
		if (loaded == YREAD_OK)
			loaded = catalog_load(src, diags, out);
	}
	switch (loaded) {
	case YREAD_OK:
		return EXIT_RESULT;
	case YREAD_INVALID:
		cli_print_source_diags(stderr, diags, src);
		return EXIT_INVALID;
	case YREAD_CANNOT_OPEN:
		if (is_optional && errno == ENOENT)
			return EXIT_RESULT;
		cli_error("cannot open '%s': %s", path, strerror(errno));
		return EXIT_NOINPUT;
	case YREAD_READ_ERROR:
		cli_error("cannot read '%s': %s", path, strerror(errno));
		return EXIT_IO;
	case YREAD_NOMEM:
		break;
	}
	return cmd_out_of_memory();
}

int lint_catalog(const char *path, const char *tree_path,
		 const char *clinic_path, const char *pot_path)
{
	struct diag_list diags = {0}, missing = {0};
	struct catalog_english e = {0};
	struct catalog *catalog = NULL;
	struct source src = {0};
	char hash[SHA256_HEX_SIZE];
	char *file_name = NULL;
	int status = open_catalog(path, &src, &diags, &catalog, false);

	if (status != EXIT_RESULT)
		goto done;
	status = load_english(catalog, tree_path, clinic_path, pot_path, &e,
			      hash, &file_name);
	if (status != EXIT_RESULT)
		goto done;
	missing.max_kept = cli_max_errors();
	if (!diag_list_set_file(&missing, file_name)) {
		status = cmd_out_of_memory();
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

/* ---- report --lang ----------------------------------------------------- */

/* A catalog's texts, for langdoc: translated, fuzzy or missing. */
static const char *lookup(void *ctx, const char *msgctxt, const char *msgid,
			  enum langdoc_state *state)
{
	const struct catalog_entry *entry = catalog_find(ctx, msgctxt, msgid);

	if (entry == NULL || *entry->msgstr == '\0') {
		*state = LANGDOC_MISSING;
		return NULL;
	}
	*state = entry->is_fuzzy ? LANGDOC_FUZZY : LANGDOC_TRANSLATED;
	return entry->msgstr;
}

/* One language's catalog of a domain, for the document: its file and
 * header fields; the caller frees them (free_header). */
struct opened {
	struct source src;
	struct diag_list diags;
	struct catalog *catalog;
	char path[4096];
	char *fields[4]; /* status, reviewed by, reviewed date, hash */
};

static int open_domain(struct opened *o, const char *dir, const char *domain,
		       const char *posix, const char *hash_field,
		       bool is_optional, struct langdoc_catalog *out)
{
	const char *names[4] = {"X-Runcheck-Status", "X-Runcheck-Reviewed-By",
				"X-Runcheck-Reviewed-Date", hash_field};
	int status;

	if ((size_t)snprintf(o->path, sizeof o->path, "%s/%s/%s.po", dir,
			     domain, posix) >= sizeof o->path) {
		cli_error("the folder '%s' has too long a name", dir);
		return EXIT_USAGE;
	}
	status = open_catalog(o->path, &o->src, &o->diags, &o->catalog,
			      is_optional);
	if (status == EXIT_NOINPUT)
		fputs("runcheck: --po DIR names the folder that holds the "
		      "catalogs (default: po)\n",
		      stderr);
	if (status != EXIT_RESULT || o->catalog == NULL)
		return status;
	for (int i = 0; i < 4; i++)
		o->fields[i] = catalog_field(o->catalog, names[i]);
	*out = (struct langdoc_catalog){
		.file = o->path,
		.status = o->fields[0],
		.reviewed_by = o->fields[1],
		.reviewed_date = o->fields[2],
		.hash = o->fields[3],
		.lookup = lookup,
		.ctx = o->catalog,
	};
	return EXIT_RESULT;
}

static void close_domain(struct opened *o)
{
	for (int i = 0; i < 4; i++)
		free(o->fields[i]);
	catalog_free(o->catalog);
	source_close(&o->src);
	diag_list_clear(&o->diags);
}

int report_lang(const struct cmd *cmd, const char *lang_name,
		const char *tree_path, const char *clinic_path,
		const char *format, const char *po_dir)
{
	const struct lang *lang = lang_find(lang_name);
	struct langdoc d = {0};
	struct diag_list diags = {0};
	struct tree *tree = NULL;
	struct clinic *clinic = NULL;
	struct opened tree_po = {0}, clinic_po = {0};
	char tree_hash[SHA256_HEX_SIZE], clinic_hash[SHA256_HEX_SIZE];
	char domain[POT_DOMAIN_SIZE];
	int status;

	if (lang == NULL)
		return cmd_usage_error(cmd,
				       "unknown language '%s'; runcheck speaks "
				       "%s",
				       lang_name, lang_tags());
	if (strcmp(lang->tag, "en") == 0)
		return cmd_usage_error(cmd,
				       "English is what the texts are written "
				       "in: runcheck report without --lang is "
				       "its sign-off");
	if (format != NULL && strcmp(format, "html") != 0 &&
	    strcmp(format, "markdown") != 0)
		return cmd_usage_error(cmd,
				       "--lang goes with --format markdown or "
				       "html, not '%s'",
				       format);
	status = cli_load_tree_diags(tree_path, &diags, &tree, tree_hash);
	if (status == EXIT_RESULT)
		status =
			cli_load_clinic_hash(clinic_path, &clinic, clinic_hash);
	if (status != EXIT_RESULT)
		goto done;
	pot_tree_domain(tree, domain);
	if (po_dir == NULL)
		po_dir = "po";
	status = open_domain(&tree_po, po_dir, domain, lang->posix,
			     "X-Runcheck-Tree-Hash", false, &d.tree_catalog);
	if (status == EXIT_RESULT)
		status = open_domain(&clinic_po, po_dir, POT_CLINIC_DOMAIN,
				     lang->posix, "X-Runcheck-Clinic-Hash",
				     true, &d.clinic_catalog);
	if (status != EXIT_RESULT)
		goto done;
	d.is_html = format != NULL && strcmp(format, "html") == 0;
	d.lang_tag = lang->tag;
	d.lang_name = lang->self_name;
	d.tree = tree;
	d.tree_file = diags.file;
	d.tree_hash = tree_hash;
	d.clinic = clinic;
	d.clinic_file = cli_clinic_name(clinic_path);
	d.clinic_hash = clinic_hash;
	langdoc_write(stdout, &d);
	status = finish_stdout();
done:
	close_domain(&tree_po);
	close_domain(&clinic_po);
	clinic_free(clinic);
	tree_free(tree);
	diag_list_clear(&diags);
	return status;
}
