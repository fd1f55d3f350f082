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
#include "tree.h"

/* Exit statuses of runcheck(1), as in cli.md. */
enum {
	EXIT_RESULT = 0,    /* a result was reached; lint found no error */
	EXIT_NO_RESULT = 1, /* the quiz ended before a result */
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
int cmd_db(int argc, char **argv);

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

/*
 * Says "runcheck: MESSAGE" on standard error, the message formatted as by
 * printf and then made safe for a terminal (text_sanitize): use it for
 * every message that quotes a file name, an argument or anything else
 * from outside, so that no escape sequence in them reaches the terminal.
 */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Sets how many errors, and apart how many warnings, a loaded file shows
 * (--max-errors; 0 for no limit): the rest are counted and said in one
 * line. The default is DIAG_MAX_DEFAULT.
 */
void cli_set_max_errors(size_t n);

/* As cli_load_tree for the clinic file ($RUNCHECK_CLINIC). */
int cli_load_clinic(const char *path, struct clinic **out);

/*
 * Prints a list of diagnostics, sorted, to f as FILE:LINE:COLUMN:
 * SEVERITY: MESSAGE, one a line.
 */
void cli_print_diags(FILE *f, struct diag_list *diags);

#endif
