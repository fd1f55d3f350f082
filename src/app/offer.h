/*
 * offer.h - the kiosk's "contact me" offer: beneath a consult or self_care
 * result, still on screen, the person may leave a name and a phone number
 * or email address for the clinic to call back, and is asked for consent
 * before anything is kept.
 *
 *   Would you like the clinic to contact you to book? (y/n)
 *   Your name:
 *   Phone or email:
 *   May we keep these details for 90 days so the clinic can contact
 *   you? They are deleted after that. (y/n)
 *   May the clinician see your answers before your visit? (y/n)
 *
 * A name or contact that does not fit is refused with a short reason and
 * asked again. Only a yes to keeping the details stores anything; the
 * answers to the walk's questions are kept with them only on a yes to
 * the last question, and nothing of them otherwise. There is
 * never an offer after an emergency, urgent or gp result.
 *
 * Prompts go to a FILE * and answers come from one, so that tests can
 * script them. At a terminal the answers are read straight from the file
 * descriptor, so that an idle timeout can end the wait. A line is capped
 * at OFFER_MAX_LINE bytes: a longer one is refused, whatever its length.
 * Nothing here exits or catches signals.
 */
#ifndef RUNCHECK_OFFER_H
#define RUNCHECK_OFFER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "engine.h"
#include "store.h"
#include "tree.h"

/* Bytes of an answer line that are kept; a longer line is refused. */
#define OFFER_MAX_LINE 1024

/* Characters (not bytes) a name may have. */
#define OFFER_MAX_NAME 100

struct offer_io {
	FILE *in;	    /* answers */
	FILE *out;	    /* prompts and messages */
	FILE *err;	    /* database errors, as runcheck: database ... */
	size_t width;	    /* columns to wrap to; 0 is 80 */
	bool is_accessible; /* "Answer: " as the prompt rather than "> " */
	int idle_ms;	    /* at a terminal, give up after this long
			       without an answer; 0 waits for ever */

	/*
	 * At a terminal, a caller that catches signals without SA_RESTART
	 * can end the wait: when stop_flag is not NULL and becomes non-zero
	 * the offer ends with OFFER_STOPPED. The caller's handler wakes the
	 * wait through the terminal layer's wake pipe (term_wake, term.h).
	 */
	const volatile sig_atomic_t *stop_flag;
	/* B (or back) at the first question ends the offer with OFFER_BACK,
	 * for a caller that shows the result again (the kiosk's pager). */
	bool may_go_back;
	/* How long the clinic keeps the details, in days, as the consent
	 * question says and the request's expiry records (0: the default,
	 * STORE_DEFAULT_RETENTION_DAYS). */
	int retention_days;
};

/* What the person typed, once accepted. */
struct offer_contact {
	char name[STORE_MAX_NAME + 1];
	char contact[STORE_MAX_CONTACT + 1];
	bool may_share_answers; /* yes to the clinician seeing the answers */
};

enum offer_end {
	OFFER_NOT_OFFERED, /* emergency, urgent or gp: nothing was asked */
	OFFER_DECLINED,	   /* no to the offer */
	OFFER_BACK,	   /* B at the offer, with may_go_back */
	OFFER_NO_CONSENT,  /* no to keeping the details: nothing kept */
	OFFER_ACCEPTED,	   /* offer_ask only: *contact holds them */
	OFFER_SAVED,	   /* offer_run only: the request is stored */
	OFFER_NOT_SAVED,   /* offer_run only: the database failed; the
			      person was asked to go to the front desk */
	OFFER_STOPPED,	   /* end of input */
	OFFER_IDLE,	   /* the idle timeout passed */
	OFFER_IO_ERROR,	   /* writing failed or reading failed; errno */
};

/*
 * Asks the four questions for a result of the given triage, which must
 * allow a booking (tree_triage_may_book; asserted). On OFFER_ACCEPTED
 * *contact holds the name and contact, trimmed; otherwise it is zeroed.
 */
enum offer_end offer_ask(const struct offer_io *io, enum tree_triage triage,
			 struct offer_contact *contact);

/*
 * The whole offer beneath the walk's result: returns OFFER_NOT_OFFERED at
 * once, having read and written nothing, unless the outcome's triage
 * allows a booking; else asks (offer_ask) and, with consent, stores the
 * request (time, name, contact, outcome, condition, triage, tree version)
 * in the database at db_path, then thanks the person. When the database
 * fails the person is told "Sorry, we could not save your details. Please
 * ask at the front desk." and the error goes to io->err. The details are
 * wiped from memory before it returns.
 */
enum offer_end offer_run(const struct offer_io *io, const struct engine *engine,
			 const char *db_path);

/* days in plain words, as the consent question says them: "90 days",
 * "2 weeks", "1 year". */
void offer_period(int days, char *buf, size_t size);

/* True for a plausible email address: local@domain.tld, one @, no spaces
 * or control characters, a dot inside the domain. */
bool offer_is_email(const char *s);

/*
 * NULL when s (trimmed) is an acceptable name: not empty, well-formed
 * UTF-8, no control characters, at most OFFER_MAX_NAME characters. Else
 * the reason, a sentence for the person.
 */
const char *offer_name_problem(const char *s);

#endif
