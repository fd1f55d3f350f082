/*
 * kiosk.h - runcheck(1) as a waiting-room terminal: patients use it one
 * after another, and nothing of one reaches the next.
 *
 * A small supervisor (kiosk_run, kiosk.c) forks a fresh process for every
 * patient, the visit (visit.h). The child shows the welcome screen, runs
 * the quiz (quiz_run) and shows the result; when the session ends, however it ends, the child exits and
 * takes readline's history, kill ring and undo lists and every answer with
 * it. The supervisor then clears the screen and the terminal's scrollback
 * and starts the next one. The supervisor never initialises readline and
 * never reads from the terminal, so it holds no patient data.
 *
 * Only the service manager ends a kiosk: SIGTERM or SIGHUP to the
 * supervisor. Ctrl-C, Ctrl-D, quit and an idle timeout end a session;
 * Ctrl-Z and Ctrl-\ do nothing. Nothing here exits except the forked child,
 * whose top function ends with _exit(2).
 */
#ifndef RUNCHECK_KIOSK_H
#define RUNCHECK_KIOSK_H

#include <stdbool.h>

#include "clinic.h"
#include "tree.h"

struct speak_options;

/* Defaults and the largest value of --idle and --grace, in seconds. */
#define KIOSK_IDLE_DEFAULT  90
#define KIOSK_GRACE_DEFAULT 20
#define KIOSK_SECONDS_MAX   86400

/*
 * A session that crashes within KIOSK_BACKOFF_SHORT seconds of starting is
 * followed by a wait that starts at 1 s and doubles up to
 * KIOSK_BACKOFF_MAX; a session that lives longer than KIOSK_BACKOFF_RESET
 * seconds, or ends normally, starts the count again.
 */
#define KIOSK_BACKOFF_SHORT 5
#define KIOSK_BACKOFF_RESET 30
#define KIOSK_BACKOFF_MAX   60

struct kiosk_options {
	/* Loaded once, in English. Each visit's process translates its own
	 * copy (it is forked) into the language its patient chose. */
	struct tree *tree;
	struct clinic *clinic; /* may be NULL: no booking is offered */

	/*
	 * The languages the welcome offers, by number, each named in itself
	 * (the clinic's 'languages', less the drafts unless
	 * --allow-draft-languages); the first is where every visit starts.
	 * One language: no choice is shown.
	 */
	const struct lang *languages[CLINIC_MAX_LANGUAGES];
	size_t language_count;
	unsigned idle_seconds;	/* no key this long: "are you still..." */
	unsigned grace_seconds; /* then no key this long: session ends */

	/*
	 * The booking store (--db FILE), or NULL. The kiosk itself does not
	 * open it; it is passed through for the booking offer that follows
	 * the result (visit_show_result in visit.c).
	 */
	const char *db_path;

	/*
	 * Read the kiosk aloud (--speak): each session makes its own speaker
	 * from these (speak.h) and frees it, silencing it, when it ends.
	 * NULL: silent.
	 */
	const struct speak_options *speak;
};

enum kiosk_end {
	KIOSK_STOPPED, /* SIGTERM or SIGHUP: the service manager stopped it */
	KIOSK_HUNG_UP, /* the terminal went away (a read gave end of file or
			  an error, or a write failed) */
	KIOSK_FAILED,  /* the terminal's settings could not be read; errno */
};

/*
 * Runs the kiosk on the terminal at standard input and output until it is
 * stopped or the terminal hangs up. opts and what it points to must stay
 * valid until it returns. While it runs it ignores SIGINT, SIGQUIT,
 * SIGTSTP, SIGTTIN and SIGTTOU, turns off the terminal's suspend and quit
 * characters, and blocks SIGTERM, SIGHUP and SIGCHLD (it waits for them
 * with sigtimedwait). Sessions that crash (killed by a signal, or exit
 * status 70) are reported on standard error and replaced, with a back-off
 * when they crash quickly. Before it returns it ends the running session
 * (SIGTERM, then SIGKILL after 2 s), puts back the terminal's settings,
 * the signal dispositions and mask it found, and clears the screen.
 */
enum kiosk_end kiosk_run(const struct kiosk_options *opts);

/*
 * True when name may name a kiosk (--name): 1 to 64 ASCII letters, digits,
 * '.', '-' and '_', so that it shows as it is wherever it is printed.
 */
bool kiosk_is_name(const char *name);

/*
 * Parses a number of seconds for --idle or --grace: a whole number from 1
 * to KIOSK_SECONDS_MAX written in decimal digits only. Returns true and
 * sets *seconds, or false (leaving *seconds alone).
 */
bool kiosk_parse_seconds(const char *text, unsigned *seconds);

/*
 * The back-off after a session that lived lived_ms milliseconds and
 * crashed (is_crash) or ended normally. *delay carries the doubling from
 * one session to the next; start it at 0. Returns the seconds to wait
 * before the next session (0: start it at once).
 */
unsigned kiosk_backoff(unsigned *delay, long long lived_ms, bool is_crash);

#endif
