/*
 * kiosk.c - the kiosk command (cmd_kiosk) and its supervisor: the process
 * that forks a fresh visit (visit.c) for every patient, replaces visits
 * that crash, clears the terminal between patients, forwards the outbox
 * and ends on SIGTERM or SIGHUP.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "clinic.h"
#include "commands.h"
#include "kiosk.h"
#include "l10n.h"
#include "lang.h"
#include "speak.h"
#include "store.h"
#include "term.h"
#include "tree.h"
#include "visit.h"

/* How long a session has to end after SIGTERM before SIGKILL. */
#define STOP_WAIT_MS 2000

/* With a PostgreSQL store: the outbox is forwarded this often while a
 * visit runs (store.h). */
#define FORWARD_EVERY_MS 30000

/* The longest kiosk name (--name). */
#define KIOSK_NAME_MAX 64

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Writes all of s to fd; a terminal that went away is noticed elsewhere. */
static void write_all(int fd, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

bool kiosk_parse_seconds(const char *text, unsigned *seconds)
{
	unsigned long n = 0;

	if (!text || !*text)
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > KIOSK_SECONDS_MAX)
			return false;
	}
	if (n == 0)
		return false;
	*seconds = (unsigned)n;
	return true;
}

unsigned kiosk_backoff(unsigned *delay, long long lived_ms, bool is_crash)
{
	if (!is_crash || lived_ms > KIOSK_BACKOFF_RESET * 1000LL) {
		*delay = 0;
		return 0;
	}
	if (lived_ms >= KIOSK_BACKOFF_SHORT * 1000LL)
		return 0;
	if (*delay == 0)
		*delay = 1;
	else if (*delay < KIOSK_BACKOFF_MAX)
		*delay = *delay * 2 > KIOSK_BACKOFF_MAX ? KIOSK_BACKOFF_MAX
							: *delay * 2;
	return *delay;
}

/* The supervisor */

static const int ignored_signals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN,
				      SIGTTOU};

struct supervisor {
	const struct kiosk_options *opts;
	struct termios saved_tio; /* as found; put back at the end */
	struct termios kiosk_tio; /* no suspend or quit character */
	struct sigaction old_ignored[ARRAY_LEN(ignored_signals)];
	struct sigaction old_chld;
	sigset_t waited; /* SIGTERM, SIGHUP and SIGCHLD, blocked */
	sigset_t old_mask;
	unsigned backoff;	 /* kiosk_backoff's doubling */
	pid_t child;		 /* the running visit, or -1 */
	bool is_forward_failing; /* the last forward failed (said once) */
};

/* SIGCHLD needs a handler to stay pending while it is blocked. */
static void on_child(int sig)
{
	(void)sig;
}

static void supervisor_setup(struct supervisor *sv)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	for (size_t i = 0; i < ARRAY_LEN(ignored_signals); i++)
		sigaction(ignored_signals[i], &sa, &sv->old_ignored[i]);
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, &sv->old_chld);
	sigemptyset(&sv->waited);
	sigaddset(&sv->waited, SIGTERM);
	sigaddset(&sv->waited, SIGHUP);
	sigaddset(&sv->waited, SIGCHLD);
	sigprocmask(SIG_BLOCK, &sv->waited, &sv->old_mask);

	/* Ctrl-Z and Ctrl-\ become plain keys, which readline ignores. */
	sv->kiosk_tio = sv->saved_tio;
	sv->kiosk_tio.c_cc[VSUSP] = _POSIX_VDISABLE;
	sv->kiosk_tio.c_cc[VQUIT] = _POSIX_VDISABLE;
#ifdef VDSUSP
	sv->kiosk_tio.c_cc[VDSUSP] = _POSIX_VDISABLE;
#endif
	tcsetattr(STDIN_FILENO, TCSANOW, &sv->kiosk_tio);
}

/*
 * Waits up to timeout_ms (-1: for ever) for the visit to end or for
 * SIGTERM or SIGHUP. Returns 1 when the visit ended (*status set, and
 * sv->child is -1 again), 0 on timeout, -1 for a stop signal.
 */
static int supervisor_wait(struct supervisor *sv, int timeout_ms, int *status)
{
	long long deadline = term_now_ms() + timeout_ms;

	for (;;) {
		siginfo_t info;
		int sig;

		if (sv->child > 0 &&
		    waitpid(sv->child, status, WNOHANG) == sv->child) {
			sv->child = -1;
			return 1;
		}
		if (timeout_ms < 0) {
			sig = sigwaitinfo(&sv->waited, &info);
		} else {
			long long left = deadline - term_now_ms();
			struct timespec ts;

			if (left <= 0)
				return 0;
			ts.tv_sec = (time_t)(left / 1000);
			ts.tv_nsec = (long)(left % 1000) * 1000000L;
			sig = sigtimedwait(&sv->waited, &info, &ts);
		}
		if (sig == SIGTERM || sig == SIGHUP)
			return -1;
	}
}

/*
 * Forwards the outbox to a PostgreSQL store (store.h). A failure is said
 * on standard error once, until a forward succeeds again (said too): the
 * rows wait in the outbox meanwhile.
 */
static void forward_outbox(const char *uri, bool *is_failing)
{
	struct store_waiting left;
	char *message = NULL;

	if (store_outbox_forward(uri, &left, &message) == 0) {
		if (*is_failing)
			cli_error("database '%s': reached again; the outbox "
				  "is forwarded",
				  uri);
		*is_failing = false;
	} else if (!*is_failing) {
		cli_error("database '%s': %s; %lld requests, %lld sessions and "
			  "%lld alerts wait in the outbox '%s'",
			  uri, message ? message : "out of memory",
			  (long long)left.requests, (long long)left.sessions,
			  (long long)left.alerts, store_outbox_path());
		*is_failing = true;
	}
	fflush(stderr);
	free(message);
}

/*
 * Waits as supervisor_wait for ever does; with a PostgreSQL store, first
 * forwards the outbox (at the kiosk's start, and between patients: the
 * visit just started shows its welcome screen meanwhile, so nobody waits
 * for the network), then again every FORWARD_EVERY_MS.
 */
static int supervisor_wait_forwarding(struct supervisor *sv, int *status)
{
	const char *path = store_path(sv->opts->db_path);
	int rc;

	if (!store_is_uri(path))
		return supervisor_wait(sv, -1, status);
	do
		forward_outbox(path, &sv->is_forward_failing);
	while ((rc = supervisor_wait(sv, FORWARD_EVERY_MS, status)) == 0);
	return rc;
}

/* Ends the running visit: SIGTERM, then SIGKILL when it lingers. */
static void supervisor_end_child(struct supervisor *sv)
{
	long long deadline = term_now_ms() + STOP_WAIT_MS;
	int status;

	if (sv->child <= 0)
		return;
	kill(sv->child, SIGTERM);
	for (;;) {
		long long left = deadline - term_now_ms();

		if (left <= 0 || supervisor_wait(sv, (int)left, &status) >= 0)
			break;
	}
	if (sv->child <= 0)
		return;
	kill(sv->child, SIGKILL);
	while (waitpid(sv->child, &status, 0) < 0 && errno == EINTR)
		;
	sv->child = -1;
}

static void supervisor_teardown(struct supervisor *sv)
{
	struct timespec zero = {0, 0};

	supervisor_end_child(sv);
	tcsetattr(STDIN_FILENO, TCSANOW, &sv->saved_tio);
	write_all(STDOUT_FILENO, ANSI_CLEAR_ALL);
	/* A second stop signal must not kill us once unblocked. */
	while (sigtimedwait(&sv->waited, NULL, &zero) > 0)
		;
	sigprocmask(SIG_SETMASK, &sv->old_mask, NULL);
	sigaction(SIGCHLD, &sv->old_chld, NULL);
	for (size_t i = 0; i < ARRAY_LEN(ignored_signals); i++)
		sigaction(ignored_signals[i], &sv->old_ignored[i], NULL);
}

/* True when the visit crashed; says so on standard error. */
static bool report_crash(int status, bool is_started)
{
	if (!is_started) {
		cli_error("cannot start a session: %s; trying again",
			  strerror(errno));
		return true;
	}
	if (WIFSIGNALED(status)) {
		fprintf(stderr,
			"runcheck: session ended by signal %d; starting a new "
			"one\n",
			WTERMSIG(status));
		return true;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != EXIT_RESULT &&
	    WEXITSTATUS(status) != EXIT_NO_RESULT) {
		fprintf(stderr,
			"runcheck: session failed with status %d; starting a "
			"new one\n",
			WEXITSTATUS(status));
		return true;
	}
	return false;
}

static enum kiosk_end supervisor_loop(struct supervisor *sv)
{
	write_all(STDOUT_FILENO, ANSI_CLEAR_ALL);
	for (;;) {
		long long started = term_now_ms();
		int status = 0;
		int fork_errno;
		bool is_crash;
		unsigned wait_s;
		pid_t pid;

		/* Nothing buffered may be written twice. */
		fflush(stdout);
		fflush(stderr);
		pid = fork();
		if (pid == 0) {
			sigprocmask(SIG_SETMASK, &sv->old_mask, NULL);
			sigaction(SIGCHLD, &sv->old_chld, NULL);
			visit_main(sv->opts);
		}
		fork_errno = errno;
		sv->child = pid;
		if (pid > 0 && supervisor_wait_forwarding(sv, &status) < 0)
			return KIOSK_STOPPED;

		/* The next patient finds a clean terminal: settings put
		 * back, keys typed ahead dropped, screen and scrollback
		 * cleared. */
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &sv->kiosk_tio);
		write_all(STDOUT_FILENO, ANSI_CLEAR_ALL);
		if (pid > 0 && WIFEXITED(status) &&
		    WEXITSTATUS(status) == EXIT_IO)
			return KIOSK_HUNG_UP;
		errno = fork_errno;
		is_crash = report_crash(status, pid > 0);
		wait_s = kiosk_backoff(&sv->backoff, term_now_ms() - started,
				       is_crash);
		if (wait_s > 0 &&
		    supervisor_wait(sv, (int)wait_s * 1000, &status) < 0)
			return KIOSK_STOPPED;
	}
}

enum kiosk_end kiosk_run(const struct kiosk_options *opts)
{
	struct supervisor sv = {.opts = opts, .child = -1};
	enum kiosk_end end;

	if (tcgetattr(STDIN_FILENO, &sv.saved_tio) != 0)
		return KIOSK_FAILED;
	supervisor_setup(&sv);
	end = supervisor_loop(&sv);
	supervisor_teardown(&sv);
	return end;
}

/* The kiosk command */

bool kiosk_is_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > KIOSK_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') ||
		      strchr(".-_", name[i])))
			return false;
	return true;
}

static bool parse_seconds_option(const char *name, const char *value,
				 unsigned *seconds)
{
	if (kiosk_parse_seconds(value, seconds))
		return true;
	cli_error("%s needs a whole number of seconds from 1 to %d, not '%s'",
		  name, KIOSK_SECONDS_MAX, value);
	return false;
}

static bool take_idle(const char *value, void *seconds)
{
	return parse_seconds_option("--idle", value, seconds);
}

static bool take_grace(const char *value, void *seconds)
{
	return parse_seconds_option("--grace", value, seconds);
}

static bool take_name(const char *value, void *name)
{
	if (!kiosk_is_name(value)) {
		cli_error("invalid kiosk name '%s' (1 to %d letters, digits, "
			  "'.', '-' or '_')",
			  value, KIOSK_NAME_MAX);
		return false;
	}
	*(const char **)name = value;
	return true;
}

static bool take_outbox(const char *value, void *outbox)
{
	if (!*value) {
		cli_error("--outbox needs a file");
		return false;
	}
	*(const char **)outbox = value;
	return true;
}

/*
 * The languages the welcome offers: the clinic's, less the drafts (each
 * named on standard error) unless allow_drafts; English alone when none
 * is left. Every visit starts in the first.
 */
static void kiosk_languages(struct kiosk_options *opts, bool allow_drafts)
{
	const struct clinic *clinic = opts->clinic;
	size_t count = clinic ? clinic->language_count : 0;

	opts->language_count = 0;
	for (size_t i = 0; i < count; i++) {
		const struct lang *lang = clinic->languages[i];

		/* Asked even with allow_drafts: a stale review is said now,
		 * not on a patient's screen. */
		if (!l10n_is_reviewed(lang, opts->tree) && !allow_drafts) {
			cli_error("language %s is not offered: its translation "
				  "is a draft (--allow-draft-languages offers "
				  "it)",
				  lang->tag);
			continue;
		}
		opts->languages[opts->language_count++] = lang;
	}
	if (opts->language_count == 0)
		opts->languages[opts->language_count++] = lang_at(0);
	l10n_use(opts->languages[0]);
}

int cmd_kiosk(int argc, char **argv)
{
	static const struct cmd kiosk = {.name = "kiosk"};
	const char *name = NULL;
	const char *outbox = NULL;
	struct kiosk_options opts = {
		.idle_seconds = KIOSK_IDLE_DEFAULT,
		.grace_seconds = KIOSK_GRACE_DEFAULT,
	};
	const char *tree_path = NULL;
	const char *clinic_path = NULL;
	bool allow_drafts = false;
	bool is_speaking = false;
	const struct cmd_option options[] = {
		{"tree", 0, CMD_VALUE, .value = &tree_path},
		{"clinic", 0, CMD_VALUE, .value = &clinic_path},
		{"allow-draft-languages", 0, CMD_FLAG, .flag = &allow_drafts},
		{"idle", 0, CMD_VALUE, .take = take_idle,
		 .to = &opts.idle_seconds},
		{"grace", 0, CMD_VALUE, .take = take_grace,
		 .to = &opts.grace_seconds},
		{"db", 0, CMD_VALUE, .value = &opts.db_path},
		{"name", 0, CMD_VALUE, .take = take_name, .to = &name},
		{"outbox", 0, CMD_VALUE, .take = take_outbox, .to = &outbox},
		{"speak", 0, CMD_FLAG, .flag = &is_speaking},
		{NULL},
	};
	struct tree *tree = NULL;
	struct clinic *clinic = NULL;
	struct speak_options speak = {.log = stderr};
	int status;

	status = cmd_parse_only(&kiosk, options, argc, argv);
	if (status != CMD_GO_ON)
		return status;
	if (is_speaking && !speak_is_available()) {
		cli_error("--speak is unavailable: this runcheck was built "
			  "without libespeak-ng");
		return EXIT_USAGE;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("runcheck: kiosk needs a terminal\n", stderr);
		return EXIT_USAGE;
	}
	store_outbox_setup(name, outbox, true);

	/* With their hashes: a catalog reviewed for other English is a
	 * draft (l10n_is_reviewed). */
	status = cli_load_walk(tree_path, clinic_path, &tree, &clinic);
	if (status != EXIT_RESULT)
		goto fail;
	opts.tree = tree;
	opts.clinic = clinic;
	kiosk_languages(&opts, allow_drafts);
	if (is_speaking) {
		speak.language = tree_language(tree);
		opts.speak = &speak;
	}

	switch (kiosk_run(&opts)) {
	case KIOSK_STOPPED:
		status = EXIT_RESULT;
		break;
	case KIOSK_HUNG_UP:
		fputs("runcheck: the terminal went away; the kiosk ends\n",
		      stderr);
		status = EXIT_IO;
		break;
	case KIOSK_FAILED:
		cli_error("cannot set up the terminal: %s", strerror(errno));
		status = EXIT_IO;
		break;
	}

fail:
	clinic_free(clinic);
	tree_free(tree);
	return status;
}
