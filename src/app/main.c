/*
 * main.c - runcheck(1): parses the first word of the command line and
 * hands the rest to the subcommand. The only place that ends the program.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "commands.h"
#include "store.h"

#ifndef RUNCHECK_VERSION
#define RUNCHECK_VERSION "0.1.0"
#endif

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct command commands[] = {
	{"quiz", cmd_quiz},
	{"lint", cmd_lint},
	{"graph", cmd_graph},
	{"paths", cmd_paths},
	{"report", cmd_report},
	{"kiosk", cmd_kiosk},
	{"requests", cmd_requests},
	{"stats", cmd_stats},
	{"test", cmd_test},
	{"db", cmd_db},
	{"po", cmd_po},
};

static const char usage_text[] =
	"usage: runcheck [quiz] [--tree FILE] [--clinic FILE] [--lang LANG]\n"
	"                [--json] [--no-color]\n"
	"       runcheck kiosk [--tree FILE] [--clinic FILE] [--idle SECONDS]\n"
	"                      [--grace SECONDS] [--db FILE]\n"
	"                      [--name NAME] [--outbox FILE]\n"
	"                      [--allow-draft-languages] [--speak]\n"
	"       runcheck requests [--db FILE] [--all | show ID | done ID |\n"
	"                         reopen ID | export --csv | watch |\n"
	"                         export --fhir [ID] |\n"
	"                         purge [--dry-run] [--yes] "
	"[--older-than DAYS]]\n"
	"       runcheck stats [--db FILE] [--since YYYY-MM-DD]\n"
	"                      [--kiosk NAME] [--by day|week|month]\n"
	"                      [--tree FILE] [--json | --format html]\n"
	"       runcheck db init [--db FILE] [--kiosk-role ROLE]\n"
	"                        [--staff-role ROLE]\n"
	"       runcheck db status [--db FILE] [--outbox FILE]\n"
	"       runcheck lint [--max-errors N] [--tree FILE] [--clinic FILE] "
	"FILE...\n"
	"       runcheck graph [--tree FILE]\n"
	"       runcheck paths [--tree FILE] [--count | --walks [--boundaries]]\n"
	"       runcheck report [--tree FILE] [--clinic FILE]\n"
	"                       [--format markdown|html|fhir]\n"
	"       runcheck report --lang LANG [--po DIR] [--tree FILE]\n"
	"                       [--clinic FILE] [--format markdown|html]\n"
	"       runcheck test [--tree FILE] WALKS...\n"
	"       runcheck po [--tree FILE | --clinic FILE]\n"
	"       runcheck --help | --version\n"
	"\n"
	"A running-injury self-check: answer a few questions, one at a time,\n"
	"and runcheck names the likely condition and what to do next. It\n"
	"suggests; it does not diagnose.\n"
	"\n"
	"Commands:\n"
	"  quiz      ask the questions and show the result (the default)\n"
	"  lint      check tree and clinic files, and translation catalogs\n"
	"            (.po) against the tree (--tree) or clinic (--clinic)\n"
	"            they translate, or the interface's template (--pot);\n"
	"            problems go to standard error\n"
	"  graph     print the tree as Graphviz DOT\n"
	"  paths     print every walk from the start to an outcome\n"
	"  report    print a document of the whole tree for sign-off\n"
	"            (--lang: of one language, English beside translation)\n"
	"  test      replay the walks of walks files; say which fail\n"
	"  po        print the gettext template (.pot) of the tree's texts,\n"
	"            or of the clinic's booking sentences (--clinic)\n"
	"  kiosk     a waiting-room terminal: one patient after another,\n"
	"            each in a fresh process, the screen wiped between them\n"
	"  requests  staff: list the open contact requests, newest first\n"
	"            (--all: done ones too); show ID prints one whole,\n"
	"            done ID marks one done, reopen ID undoes that,\n"
	"            export --csv writes them all as CSV (--fhir: the\n"
	"            answers patients shared, as FHIR R4), purge deletes the\n"
	"            expired ones (--dry-run lists them; --yes off a\n"
	"            terminal), watch prints each new request and alert\n"
	"  stats     staff: kiosk sessions by condition and triage, without\n"
	"            names (--json for a program, --format html a report)\n"
	"  db        init makes or migrates the schema (on PostgreSQL the\n"
	"            only command that may, granting each role its rights);\n"
	"            status shows the engine and the schema's version\n"
	"\n"
	"Options:\n"
	"  --tree FILE      the question tree to use\n"
	"  --clinic FILE    the clinic file to use (quiz, kiosk, report, po;\n"
	"                   lint: for clinic catalogs)\n"
	"  --json           print the result as one JSON object on standard\n"
	"                   output; questions go to standard error\n"
	"  --no-color       no colour\n"
	"  --format FORMAT  report: markdown, html or fhir; stats: text, json\n"
	"                   or html\n"
	"  --lang LANG      quiz: its language (zh-Hans, vi, en; else from\n"
	"                   LANGUAGE, LC_ALL, LC_MESSAGES, LANG); report: the\n"
	"                   sign-off of a language\n"
	"  --allow-draft-languages\n"
	"                   kiosk: offer draft translations too\n"
	"  --po DIR         report --lang: the folder of the catalogs (po)\n"
	"  --count          paths: only the number of walks\n"
	"  --walks          paths: the walks as a walks file, for test\n"
	"  --boundaries     paths --walks: each scale band at its lowest\n"
	"                   and its highest value\n"
	"  --idle SECONDS   kiosk: ask \"are you still there?\" after this long\n"
	"                   without a key (default 90)\n"
	"  --grace SECONDS  kiosk: then end the session after this long\n"
	"                   (default 20)\n"
	"  --db FILE|URI    kiosk, requests, stats, db: the database of\n"
	"                   contact requests and session figures: a SQLite\n"
	"                   file, or a PostgreSQL URI (postgresql://...)\n"
	"  --kiosk-role ROLE, --staff-role ROLE\n"
	"                   db init: the PostgreSQL roles to grant the\n"
	"                   kiosks' and the staff's rights to\n"
	"  --name NAME      kiosk: its name on a PostgreSQL store (default\n"
	"                   the host name)\n"
	"  --outbox FILE    kiosk, db status: the kiosk's outbox for a\n"
	"                   PostgreSQL store (else " STORE_DEFAULT_OUTBOX ")\n"
	"  --speak          kiosk: read questions and results aloud\n"
	"                   (eSpeak NG); repeat says a question again\n"
	"  --since DATE     stats: only sessions on or after DATE\n"
	"  --kiosk NAME     stats: only that kiosk's sessions (PostgreSQL)\n"
	"  --by PERIOD      stats: sessions by day, week or month too\n"
	"  --max-errors N   show at most N errors (and N warnings) of a file,\n"
	"                   then how many more there were (default 100;\n"
	"                   0 shows them all)\n"
	"  --help           show this help and exit\n"
	"  --version        show the version and exit\n"
	"\n"
	"Answers: an option's number or text; yes, no, not sure; numbers\n"
	"separated by commas, or none; a whole number. Commands at any\n"
	"question: back, restart, why, help, quit.\n"
	"\n"
	"Environment:\n"
	"  RUNCHECK_TREE    the tree when --tree is not given (else built in)\n"
	"  RUNCHECK_CLINIC  the clinic file when --clinic is not given\n"
	"  RUNCHECK_DB      the database when --db is not given\n"
	"                   (else " STORE_DEFAULT_PATH ")\n"
	"  NO_COLOR         when not empty, no colour (so does TERM=dumb)\n"
	"  ACCESSIBLE=1     plain text for screen readers\n"
	"  COLUMNS          the width to wrap to when not at a terminal\n"
	"\n"
	"Exit status: 0 a result (lint: no error; test: every walk passed),\n"
	"1 ended before a result (test: a walk failed),\n"
	"64 usage, 65 invalid file (requests done: no such request), 66 cannot\n"
	"open a file (or the database), 70 internal error, 74 input or output\n"
	"error (the database failed).\n";

/* Standard output is checked once at the end, so a failed write (a full
 * disk, a closed pipe) is never reported as success. */
static int finish(int status)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		return status == EXIT_IO ? EXIT_IO : cmd_write_error(errno);
	return status;
}

/*
 * Takes --max-errors N (or --max-errors=N), which every command that
 * loads a file takes, out of argv before the command sees it; words after
 * "--" are left alone. Returns false (said why) for a bad value.
 */
static bool take_max_errors(int *argc, char **argv)
{
	static const char name[] = "--max-errors";
	const size_t name_len = sizeof name - 1;

	for (int i = 1; i < *argc; i++) {
		const char *value;
		int used = 1;
		char *end;
		unsigned long long n;

		if (strcmp(argv[i], "--") == 0)
			break;
		if (strncmp(argv[i], name, name_len) != 0)
			continue;
		if (argv[i][name_len] == '=') {
			value = argv[i] + name_len + 1;
		} else if (argv[i][name_len] == '\0' && i + 1 < *argc) {
			value = argv[i + 1];
			used = 2;
		} else if (argv[i][name_len] == '\0') {
			cli_error("option '--max-errors' needs a value");
			return false;
		} else {
			continue; /* another option that starts alike */
		}
		errno = 0;
		n = strtoull(value, &end, 10);
		if (value[0] < '0' || value[0] > '9' || *end != '\0' ||
		    errno != 0 || n > 1000000000ULL) {
			cli_error("--max-errors needs a whole number from 0 "
				  "(no limit) to 1000000000, not '%s'",
				  value);
			return false;
		}
		cli_set_max_errors((size_t)n);
		for (int j = i; j + used <= *argc; j++)
			argv[j] = argv[j + used];
		*argc -= used;
		i--;
	}
	return true;
}

/*
 * Answers and contact requests are health information: no runcheck
 * process (a quiz, a kiosk session, a staff listing) may write them to a
 * core file, whatever the shell's ulimit or the system's core_pattern.
 * The kiosk's sessions inherit both settings across fork.
 */
static void forbid_core_files(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

int main(int argc, char **argv)
{
	const struct command *command = NULL;

	forbid_core_files();

	/* A reader that goes away makes writes fail with EPIPE, which the
	 * commands handle, rather than killing the program. */
	signal(SIGPIPE, SIG_IGN);

	cmd_set_help(usage_text);
	if (!take_max_errors(&argc, argv))
		return cmd_usage_error(NULL, NULL);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)) {
		puts("runcheck " RUNCHECK_VERSION);
		return finish(EXIT_RESULT);
	}
	/* Options first: the quiz, the command that needs no name. */
	if (argc < 2 || argv[1][0] == '-')
		return finish(cmd_quiz(argc, argv));
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			command = &commands[i];
	if (!command)
		return cmd_usage_error(NULL, "unknown command '%s'", argv[1]);
	return finish(command->run(argc - 1, argv + 1));
}
