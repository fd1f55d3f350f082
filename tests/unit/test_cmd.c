/*
 * test_cmd.c - the command scaffold: options read from a table, and each
 * usage error said the one way (message, usage line, pointer to --help)
 * with exit status 64.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cmd.h"
#include "commands.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char help_page[] = "usage: runcheck [quiz] ...\nthe page\n";

static const struct cmd stats_like = {.name = "stats"};
static const struct cmd test_like = {
	.name = "test",
	.usage = "usage: runcheck test [--tree FILE] WALKS...",
	.is_in_order = true,
};

/* Where one parse put the options it read. */
struct got {
	const char *tree;
	const char *since;
	bool is_json;
	unsigned takes;
	const char *taken;
};

/* A take that refuses "bad" and counts what it was given. */
static bool take_checked(const char *value, void *to)
{
	struct got *got = to;

	got->takes++;
	if (strcmp(value, "bad") == 0) {
		cli_error("invalid value '%s'", value);
		return false;
	}
	got->taken = value;
	return true;
}

/* What a parse said on standard output and standard error, and ended with. */
struct said {
	int status;
	int next;
	char out[1024];
	char err[1024];
};

/* The text written to fd while f ran, read back from a temporary file. */
static void read_back(FILE *tmp, char *buf, size_t size)
{
	size_t n;

	rewind(tmp);
	n = fread(buf, 1, size - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

/* Runs cmd_parse on words (argv[0] first) and keeps what it said. */
static struct said parse(const struct cmd *cmd, const struct cmd_option *opts,
			 char **words, int n)
{
	struct said said = {.next = -7};
	FILE *out = tmpfile();
	FILE *err = tmpfile();
	int saved_out = dup(STDOUT_FILENO);
	int saved_err = dup(STDERR_FILENO);

	assert_non_null(out);
	assert_non_null(err);
	fflush(stdout);
	fflush(stderr);
	dup2(fileno(out), STDOUT_FILENO);
	dup2(fileno(err), STDERR_FILENO);
	said.status = cmd_parse(cmd, opts, n, words, &said.next);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	read_back(out, said.out, sizeof said.out);
	read_back(err, said.err, sizeof said.err);
	return said;
}

/* The parse read the line and said nothing. */
static void went_on_quietly(const struct said *said)
{
	assert_int_equal(said->status, CMD_GO_ON);
	assert_string_equal(said->err, "");
	assert_string_equal(said->out, "");
}

/* The table of a command like stats: two values, a flag, a checked value. */
#define OPTIONS(got)                                                           \
	{                                                                      \
		{"tree", 't', CMD_VALUE, .value = &(got).tree},                \
			{"since", 0, CMD_VALUE, .value = &(got).since},        \
			{"json", 'j', CMD_FLAG, .flag = &(got).is_json},       \
			{"by", 0, CMD_VALUE, .take = take_checked,             \
			 .to = &(got)},                                        \
			{NULL},                                                \
	}

static void setup_help(void)
{
	cmd_set_help(help_page);
}

static void cmd_parse__options_and_operands__stored_in_order(void **state)
{
	struct got got = {0};
	const struct cmd_option opts[] = OPTIONS(got);
	char *words[] = {"stats",     "--tree", "a.yaml", "op1", "--json",
			 "--by=week", "-t",	"b.yaml", "op2"};
	struct said said;

	(void)state;
	said = parse(&stats_like, opts, words, COUNT(words));
	went_on_quietly(&said);
	assert_true(got.is_json);
	assert_string_equal(got.taken, "week");
	assert_null(got.since);
	/* The last --tree wins; getopt moved the operands to the end. */
	assert_string_equal(got.tree, "b.yaml");
	assert_int_equal(said.next, (int)COUNT(words) - 2);
	assert_string_equal(words[said.next], "op1");
	assert_string_equal(words[said.next + 1], "op2");
}

/* A command line (argv[0] first, NULL after the last word) and what
 * stats-like parsing of it says on standard error. */
struct usage_case {
	char *words[6];
	const char *err;
};

#define TRY "Try 'runcheck --help'.\n"

static void cmd_parse__usage_errors__said_with_64(void **state)
{
	static const struct usage_case cases[] = {
		/* An unknown option, long and short (also in a cluster). */
		{{"stats", "--json", "--bogus", "x"},
		 "runcheck: unknown option '--bogus'\n" TRY},
		{{"stats", "-jx"}, "runcheck: unknown option '-x'\n" TRY},
		{{"stats", "--json=yes"},
		 "runcheck: unknown option '--json=yes'\n" TRY},
		/* An option without its value, long and short. */
		{{"stats", "--since"},
		 "runcheck: option '--since' needs a value\n" TRY},
		{{"stats", "--json", "-t"},
		 "runcheck: option '-t' needs a value\n" TRY},
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct got got = {0};
		const struct cmd_option opts[] = OPTIONS(got);
		char *words[6];
		int n = 0;
		struct said said;

		while (n < 6 && cases[i].words[n]) {
			words[n] = cases[i].words[n];
			n++;
		}
		said = parse(&stats_like, opts, words, n);
		assert_int_equal(said.status, EXIT_USAGE);
		assert_string_equal(said.err, cases[i].err);
		assert_string_equal(said.out, "");
	}
}

static void cmd_parse__repeated_option__last_wins_each_checked(void **state)
{
	struct got got = {0};
	const struct cmd_option opts[] = OPTIONS(got);
	char *words[] = {"stats",   "--since",	  "2024-01-01",
			 "--since", "2025-01-01", "--by",
			 "day",	    "--by",	  "month"};
	char *bad_second[] = {"stats", "--by", "day", "--by", "bad", "--bogus"};
	struct said said;

	(void)state;
	said = parse(&stats_like, opts, words, COUNT(words));
	assert_int_equal(said.status, CMD_GO_ON);
	assert_string_equal(said.err, "");
	assert_string_equal(got.since, "2025-01-01");
	assert_string_equal(got.taken, "month");
	assert_int_equal(got.takes, 2);

	/* Each value is checked, in the order given: the first refusal
	 * ends the line, before the unknown option after it. */
	memset(&got, 0, sizeof got);
	said = parse(&stats_like, opts, bad_second, COUNT(bad_second));
	assert_int_equal(said.status, EXIT_USAGE);
	assert_string_equal(said.err, "runcheck: invalid value 'bad'\n" TRY);
	assert_int_equal(got.takes, 2);
	assert_string_equal(got.taken, "day");
}

static void cmd_parse__double_dash__ends_the_options(void **state)
{
	struct got got = {0};
	const struct cmd_option opts[] = OPTIONS(got);
	char *words[] = {"stats", "--json", "--", "--tree", "--help", "-x"};
	struct said said;

	(void)state;
	said = parse(&stats_like, opts, words, COUNT(words));
	went_on_quietly(&said);
	assert_true(got.is_json);
	assert_null(got.tree);
	assert_int_equal(said.next, 3);
	assert_string_equal(words[said.next], "--tree");
}

static void cmd_parse__help__prints_the_page_status_0(void **state)
{
	struct got got = {0};
	const struct cmd_option opts[] = OPTIONS(got);
	/* Help wins over a mistake on the same line, and over being the
	 * value of another option. */
	char *words[] = {"stats", "--bogus", "--tree", "--help"};
	char *short_words[] = {"stats", "x", "-h"};
	struct said said;

	(void)state;
	said = parse(&stats_like, opts, words, COUNT(words));
	assert_int_equal(said.status, EXIT_RESULT);
	assert_string_equal(said.out, help_page);
	assert_string_equal(said.err, "");
	assert_null(got.tree);
	said = parse(&stats_like, opts, short_words, COUNT(short_words));
	assert_int_equal(said.status, EXIT_RESULT);
	assert_string_equal(said.out, help_page);
}

static void cmd_parse__in_order__options_end_at_first_operand(void **state)
{
	struct got got = {0};
	const struct cmd_option opts[] = OPTIONS(got);
	char *words[] = {"test", "--tree", "t.yaml", "w.yaml", "--json"};
	char *bad[] = {"test", "--nope"};
	struct said said;

	(void)state;
	said = parse(&test_like, opts, words, COUNT(words));
	assert_int_equal(said.status, CMD_GO_ON);
	assert_false(got.is_json);
	assert_int_equal(said.next, 3);
	assert_string_equal(words[4], "--json");
	/* A command with a usage line says it under the message. */
	said = parse(&test_like, opts, bad, COUNT(bad));
	assert_int_equal(said.status, EXIT_USAGE);
	assert_string_equal(said.err,
			    "runcheck: unknown option '--nope'\n"
			    "usage: runcheck test [--tree FILE] WALKS...\n" TRY);
}

static void cmd_parse__bad_table__internal_error_70(void **state)
{
	const char *a = NULL;
	const struct cmd_option twice[] = {
		{"one", 'o', CMD_VALUE, .value = &a},
		{"other", 'o', CMD_VALUE, .value = &a},
		{NULL},
	};
	struct cmd_option many[CMD_MAX_OPTIONS + 2];
	char *words[] = {"stats"};
	struct said said;

	(void)state;
	said = parse(&stats_like, twice, words, COUNT(words));
	assert_int_equal(said.status, EXIT_INTERNAL);
	for (size_t i = 0; i < CMD_MAX_OPTIONS + 1; i++)
		many[i] =
			(struct cmd_option){"same", 0, CMD_VALUE, .value = &a};
	many[CMD_MAX_OPTIONS + 1] = (struct cmd_option){NULL};
	said = parse(&stats_like, many, words, COUNT(words));
	assert_int_equal(said.status, EXIT_INTERNAL);
	assert_non_null(strstr(said.err, "internal error"));
}

static void cmd_no_operands__extra__unexpected_argument(void **state)
{
	char *words[] = {"graph", "extra"};
	char buf[256];
	FILE *err = tmpfile();
	int saved = dup(STDERR_FILENO);
	int status;

	(void)state;
	assert_int_equal(cmd_no_operands(&stats_like, 2, words, 2), CMD_GO_ON);
	fflush(stderr);
	dup2(fileno(err), STDERR_FILENO);
	status = cmd_no_operands(&test_like, 2, words, 1);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	read_back(err, buf, sizeof buf);
	assert_int_equal(status, EXIT_USAGE);
	assert_string_equal(buf,
			    "runcheck: unexpected argument 'extra'\n"
			    "usage: runcheck test [--tree FILE] WALKS...\n" TRY);
}

/* The errors that end a command, each with its status and its words; an
 * escape from outside never reaches the terminal. */
static void cmd_errors__each_said_once__with_its_status(void **state)
{
	char buf[512];
	FILE *err = tmpfile();
	int saved = dup(STDERR_FILENO);
	int statuses[4];

	(void)state;
	fflush(stderr);
	dup2(fileno(err), STDERR_FILENO);
	statuses[0] = cmd_write_error(ENOSPC);
	statuses[1] = cmd_write_error(EPIPE);
	statuses[2] = cmd_out_of_memory();
	statuses[3] =
		cmd_usage_error(NULL, "unknown command '%s'", "b\x1b[2Jx");
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	read_back(err, buf, sizeof buf);
	assert_int_equal(statuses[0], EXIT_IO);
	assert_int_equal(statuses[1], EXIT_IO);
	assert_int_equal(statuses[2], EXIT_INTERNAL);
	assert_int_equal(statuses[3], EXIT_USAGE);
	assert_null(strchr(buf, '\x1b'));
	assert_non_null(strstr(buf, "runcheck: write error: "));
	assert_null(strstr(buf, "Broken pipe"));
	assert_non_null(strstr(buf, "runcheck: out of memory\n"
				    "runcheck: unknown command 'b"));
	assert_non_null(strstr(buf, "'\nTry 'runcheck --help'.\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			cmd_parse__options_and_operands__stored_in_order),
		cmocka_unit_test(cmd_parse__usage_errors__said_with_64),
		cmocka_unit_test(
			cmd_parse__repeated_option__last_wins_each_checked),
		cmocka_unit_test(cmd_parse__double_dash__ends_the_options),
		cmocka_unit_test(cmd_parse__help__prints_the_page_status_0),
		cmocka_unit_test(
			cmd_parse__in_order__options_end_at_first_operand),
		cmocka_unit_test(cmd_parse__bad_table__internal_error_70),
		cmocka_unit_test(cmd_no_operands__extra__unexpected_argument),
		cmocka_unit_test(cmd_errors__each_said_once__with_its_status),
	};

	setup_help();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
