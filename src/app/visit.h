/*
 * visit.h - one patient's visit at the kiosk (kiosk.h), in a process of
 * its own that the supervisor forks: the welcome screen, the quiz
 * (quiz_run), the result a screen at a time (the pager: Enter, Space,
 * Down and Page Down for the next page, B, Up and Page Up for the one
 * before), and, for a person who finished reading a result that allows
 * it, the booking offer (offer_run). The visit records its session's
 * figures, and alerts the front desk for an emergency or urgent result
 * (store.h).
 *
 * While the welcome and the result are shown, SIGINT, SIGTERM and SIGHUP
 * end the visit and SIGWINCH redraws; SIGQUIT, SIGTSTP, SIGTTIN and
 * SIGTTOU are ignored. Every wait is term.h's, on the process's one wake
 * pipe. No key is waited for without a limit but at the welcome: the
 * result and the offer ask "Are you still there?" after the kiosk's idle
 * time and end the visit after its grace time.
 */
#ifndef RUNCHECK_VISIT_H
#define RUNCHECK_VISIT_H

#include "kiosk.h"

/*
 * The top function of a visit's process, called just after fork: it ends
 * with _exit(2) and never returns to the supervisor's code. Its exit
 * status is EXIT_RESULT or EXIT_NO_RESULT (commands.h) for a visit that
 * ended normally, EXIT_IO when the terminal went away, EXIT_INTERNAL when
 * something failed. A crash writes no core file: the process is made
 * undumpable, for the answers are health information.
 */
_Noreturn void visit_main(const struct kiosk_options *opts);

/*
 * Makes readline safe for a kiosk session, and initialises it: the user's
 * init file is never read (INPUTRC is set to /dev/null before the first
 * rl_initialize), readline catches no signals and leaves the environment
 * alone, and re-read-init-file (C-x C-r) and tilde expansion (M-&, M-~)
 * are unbound in every keymap. Call it once, in the session's process,
 * before quiz_run (whose own rl_initialize then leaves the key bindings
 * as they are). Returns 0, or -1 when setenv fails (errno says why).
 */
int visit_lock_readline(void);

#endif
