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

#include <stdio.h>

#include "clinic.h"
#include "sha256.h"
#include "tree.h"

/* Exit statuses of runcheck(1), as in cli.md. */
enum {
	EXIT_RESULT = 0,    /* a result was reached; lint found no error */
	EXIT_NO_RESULT = 1, /* the quiz ended before a result; a walk failed */
	EXIT_USAGE = 64,
	EXIT_INVALID = 65,  /* the tree or clinic file is invalid */
	EXIT_NOINPUT = 66,  /* an input file cannot be opened */
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

/*
 * Loads the tree to use: path when not NULL, else $RUNCHECK_TREE when set
 * and not empty, else the tree built into the binary. Prints diagnostics
 * (FILE:LINE:COLUMN: ...) to standard error, warnings included only when
 * show_warnings. Returns EXIT_RESULT with *out set, or the exit status to
 * end with (EXIT_INVALID, EXIT_NOINPUT, EXIT_INTERNAL).
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
 * caller clears diags (diag_list_clear) whatever the result.
 */
int cli_load_tree_diags(const char *path, struct diag_list *diags,
			struct tree **out);

/*
 * Says on standard error what getopt_long (called with a leading ':' in
 * its option string) found wrong: c is what it returned, ':' for an option
 * that needs a value, anything else for an unknown option.
 */
void cli_bad_option(int c, char **argv);

/* As cli_load_tree for the clinic file ($RUNCHECK_CLINIC). */
int cli_load_clinic(const char *path, struct clinic **out);

/*
 * The name diagnostics give the clinic file cli_load_clinic loads for
 * path: the file's path, or "<built-in clinic>".
 */
const char *cli_clinic_name(const char *path);

/*
 * Writes, as hex, the SHA-256 of the bytes of the tree file that
 * cli_load_tree loads for path (for the built-in tree, of the bytes built
 * into the binary). Returns EXIT_RESULT, or EXIT_NOINPUT or EXIT_IO after
 * saying on standard error why the file could not be read.
 */
int cli_tree_sha256(const char *path, char hex[SHA256_HEX_SIZE]);

/*
 * Prints a list of diagnostics, sorted, to f as FILE:LINE:COLUMN:
 * SEVERITY: MESSAGE, one a line.
 */
void cli_print_diags(FILE *f, struct diag_list *diags);

#endif
