/*
 * cmd.h - what every command of runcheck(1) stands on: its options read
 * from a table, and one way to say each kind of error a command ends with
 * (a usage error, a failed write, no memory), each with its exit status
 * from cli.md.
 *
 * A command reads as what it does:
 *
 *	static const struct cmd graph = {
 *		.name = "graph",
 *		.usage = "usage: runcheck graph [--tree FILE]",
 *	};
 *	const char *tree_path = NULL;
 *	const struct cmd_option options[] = {
 *		{"tree", 0, CMD_VALUE, .value = &tree_path},
 *		{NULL},
 *	};
 *	int status = cmd_parse_only(&graph, options, argc, argv);
 *
 *	if (status != CMD_GO_ON)
 *		return status;
 *
 * Every message goes to standard error as "runcheck: MESSAGE", made safe
 * for a terminal (cli_error).
 */
#ifndef RUNCHECK_CMD_H
#define RUNCHECK_CMD_H

#include <stdbool.h>

/* What cmd_parse, cmd_parse_only and cmd_no_operands return when the
 * command goes on; any other value is the exit status to end with. */
#define CMD_GO_ON (-1)

/* The most options one command's table may hold. */
#define CMD_MAX_OPTIONS 16

/* A command, as its errors name it. */
struct cmd {
	const char *name; /* the subcommand as typed: "quiz" */
	/* Its usage line, printed under each usage error before the pointer
	 * to --help ("usage: runcheck test [--tree FILE] WALKS..."), or
	 * NULL for the pointer alone. */
	const char *usage;
	/* Options only before the first operand ("lint FILE --x" lints a
	 * file named --x); else anywhere on the line, as getopt permutes. */
	bool is_in_order;
};

enum cmd_arg {
	CMD_FLAG,  /* --json */
	CMD_VALUE, /* --tree FILE, --tree=FILE */
};

/*
 * One option of a command's table; the table ends with a NULL name.
 * Where it is stored, exactly one of:
 * - flag (CMD_FLAG): set to true;
 * - value (CMD_VALUE): set to the value, which points into argv; the last
 *   one given wins;
 * - take: called with the value (NULL for a flag) and to, in the order
 *   the options stand on the line, for an option that checks its value or
 *   shares where it is stored with another (stats' --json and --format).
 *   It returns false after saying why with cli_error; cmd_parse then ends
 *   the line as a usage error.
 */
struct cmd_option {
	const char *name; /* the long name, without "--" */
	char letter;	  /* its short form (-x), or 0 for none */
	enum cmd_arg arg;
	bool *flag;
	const char **value;
	bool (*take)(const char *value, void *to);
	void *to;
};

/*
 * The help page that --help prints (main.c's), the same for every
 * command. Not copied: it must outlive every cmd_parse. It is written by
 * hand, not made from the tables: it tells the options of all commands
 * on one page, saying which command each is for, and the tests and the
 * manual hold it as it is; so the tables carry no help text.
 */
void cmd_set_help(const char *text);

/*
 * Reads the options of argv (argv[0] is the command's name, as getopt
 * expects) into where options says, using getopt_long from the start.
 * --help or -h anywhere before "--", even as another option's value,
 * prints the help page (cmd_set_help) to standard output and returns 0.
 * An unknown option, an option without its value, a value given to a
 * flag or a value that take refuses is a usage error (cmd_usage_error):
 * EXIT_USAGE. A table larger than CMD_MAX_OPTIONS, or with a short letter
 * twice, is our mistake: "internal error" and EXIT_INTERNAL. Otherwise
 * returns CMD_GO_ON with *next the index in argv of the first operand
 * (argc when there is none); "--" ends the options and is skipped.
 */
int cmd_parse(const struct cmd *cmd, const struct cmd_option *options, int argc,
	      char **argv, int *next);

/*
 * As cmd_parse, for a command that takes options only: an operand is the
 * usage error "unexpected argument 'ARG'".
 */
int cmd_parse_only(const struct cmd *cmd, const struct cmd_option *options,
		   int argc, char **argv);

/*
 * CMD_GO_ON when next is argc, else the usage error "unexpected argument
 * 'ARG'" for argv[next]: for a command that takes no more operands.
 */
int cmd_no_operands(const struct cmd *cmd, int argc, char **argv, int next);

/*
 * Says "runcheck: MESSAGE" (as cli_error; fmt NULL when the message was
 * already said), then cmd's usage line when it has one, then "Try
 * 'runcheck --help'.", and returns EXIT_USAGE. cmd may be NULL (the
 * command line before a command is known).
 */
int cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Says "runcheck: write error: STRERROR(err)", unless err is EPIPE (the
 * reader went away: head, a closed pager, no error worth a word), and
 * returns EXIT_IO.
 */
int cmd_write_error(int err);

/* Says "runcheck: out of memory" and returns EXIT_INTERNAL. */
int cmd_out_of_memory(void);

/*
 * Says "runcheck: MESSAGE" on standard error, the message formatted as by
 * printf and then made safe for a terminal (text_sanitize): use it for
 * every message that quotes a file name, an argument or anything else
 * from outside, so that no escape sequence in them reaches the terminal.
 */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
