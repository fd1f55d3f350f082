/*
 * cmd.c - the command scaffold (cmd.h): options from a table through
 * getopt_long, and the errors a command ends with.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "text.h"

/* A long option's getopt value: above any character, so that optopt
 * tells a short option from a long one. */
#define LONG_BASE 256

static const char *help_text = "";

void cmd_set_help(const char *text)
{
	help_text = text;
}

static void vsay(const char *fmt, va_list ap)
{
	char buf[4096];
	char *clean;
	int n = vsnprintf(buf, sizeof buf, fmt, ap);

	if (n < 0)
		n = 0;
	clean = text_sanitized(buf, (size_t)n < sizeof buf ? (size_t)n
							   : sizeof buf - 1);
	fprintf(stderr, "runcheck: %s\n", clean ? clean : "out of memory");
	free(clean);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

int cmd_usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;

		va_start(ap, fmt);
		vsay(fmt, ap);
		va_end(ap);
	}
	if (cmd && cmd->usage)
		fprintf(stderr, "%s\n", cmd->usage);
	fputs("Try 'runcheck --help'.\n", stderr);
	return EXIT_USAGE;
}

int cmd_write_error(int err)
{
	if (err != EPIPE)
		cli_error("write error: %s", strerror(err));
	return EXIT_IO;
}

int cmd_out_of_memory(void)
{
	fputs("runcheck: out of memory\n", stderr);
	return EXIT_INTERNAL;
}

int cmd_no_operands(const struct cmd *cmd, int argc, char **argv, int next)
{
	if (next >= argc)
		return CMD_GO_ON;
	return cmd_usage_error(cmd, "unexpected argument '%s'", argv[next]);
}

static bool is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

/* True when the arguments ask for help before any "--". */
static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (is_help(argv[i]))
			return true;
	}
	return false;
}

/* What getopt_long (with a leading ':') found wrong: c is what it
 * returned, ':' for an option that needs a value. */
static int bad_option(const struct cmd *cmd, int c, char **argv)
{
	if (c == ':')
		return cmd_usage_error(cmd, "option '%s' needs a value",
				       argv[optind - 1]);
	if (optopt > 0 && optopt < LONG_BASE)
		return cmd_usage_error(cmd, "unknown option '-%c'", optopt);
	return cmd_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

/*
 * getopt_long's tables for options: each long option's value is
 * LONG_BASE plus its index, a short one's its letter. False for a table
 * that does not fit or gives a letter twice.
 */
static bool getopt_tables(const struct cmd *cmd,
			  const struct cmd_option *options,
			  struct option *longopts, char *shortopts)
{
	size_t s = 0;
	size_t i;

	shortopts[s++] = cmd->is_in_order ? '+' : ':';
	if (cmd->is_in_order)
		shortopts[s++] = ':';
	for (i = 0; options[i].name; i++) {
		char letter = options[i].letter;

		if (i == CMD_MAX_OPTIONS)
			return false;
		longopts[i] = (struct option){
			options[i].name,
			options[i].arg == CMD_VALUE ? required_argument
						    : no_argument,
			NULL,
			LONG_BASE + (int)i,
		};
		if (!letter)
			continue;
		if (letter == ':' || letter == '?' || letter == 'h' ||
		    memchr(shortopts, letter, s))
			return false;
		shortopts[s++] = letter;
		if (options[i].arg == CMD_VALUE)
			shortopts[s++] = ':';
	}
	longopts[i] = (struct option){NULL, 0, NULL, 0};
	shortopts[s] = '\0';
	return true;
}

/* The option getopt_long returned c for, or NULL for an error. */
static const struct cmd_option *option_of(const struct cmd_option *options,
					  int c)
{
	if (c >= LONG_BASE)
		return &options[c - LONG_BASE];
	for (size_t i = 0; options[i].name; i++)
		if (options[i].letter && options[i].letter == c)
			return &options[i];
	return NULL;
}

/* Stores what the line gave for o: false after a take has said why. */
static bool store(const struct cmd_option *o, const char *value)
{
	if (o->take)
		return o->take(value, o->to);
	if (o->flag)
		*o->flag = true;
	if (o->value)
		*o->value = value;
	return true;
}

int cmd_parse(const struct cmd *cmd, const struct cmd_option *options, int argc,
	      char **argv, int *next)
{
	struct option longopts[CMD_MAX_OPTIONS + 1];
	char shortopts[3 + 2 * CMD_MAX_OPTIONS + 1];
	int c;

	if (!getopt_tables(cmd, options, longopts, shortopts)) {
		cli_error("internal error: the options of '%s'", cmd->name);
		return EXIT_INTERNAL;
	}
	if (wants_help(argc, argv)) {
		fputs(help_text, stdout);
		return EXIT_RESULT;
	}
	opterr = 0;
	optind = 0; /* argv is ours alone: start getopt afresh */
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct cmd_option *o = option_of(options, c);

		if (!o)
			return bad_option(cmd, c, argv);
		if (!store(o, o->arg == CMD_VALUE ? optarg : NULL))
			return cmd_usage_error(cmd, NULL);
	}
	*next = optind;
	return CMD_GO_ON;
}

int cmd_parse_only(const struct cmd *cmd, const struct cmd_option *options,
		   int argc, char **argv)
{
	int next = argc;
	int status = cmd_parse(cmd, options, argc, argv, &next);

	if (status != CMD_GO_ON)
		return status;
	return cmd_no_operands(cmd, argc, argv, next);
}
