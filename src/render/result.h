/*
 * result.h - what a finished walk tells the person: the readable result
 * and the JSON object of runcheck(1).
 *
 * Both read a walk that has reached an outcome (engine_is_done) and write
 * it out; neither changes the walk. Booking with the clinic is offered only
 * for the triage levels that tree_triage_may_book allows; the others get
 * the instruction to see a doctor or call the emergency number instead, and
 * no booking text at all.
 */
#ifndef RUNCHECK_RESULT_H
#define RUNCHECK_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "clinic.h"
#include "engine.h"
#include "tree.h"

/* How the readable result looks. */
struct result_style {
	size_t width;	    /* columns to wrap to; under 20 counts as 20 */
	bool use_color;	    /* ANSI bold and colour for the headline lines */
	bool is_accessible; /* no rules or other decoration */

	/*
	 * Draw the QR code of the clinic's booking address under a consult
	 * or self_care result (qr.h): only for a terminal that shows UTF-8
	 * (term_is_utf8), never with is_accessible, which writes "Book
	 * online: URL" instead. It is drawn in black on white when use_color,
	 * and left out when it is wider than width.
	 */
	bool show_qr;

	/*
	 * The result shows on the waiting-room kiosk: the clinic's
	 * booking_kiosk text ("ask at the front desk"). Elsewhere (at home)
	 * its booking_home text, then the clinic's name, phone and web
	 * address. Each text falls back to the clinic's booking.
	 */
	bool is_kiosk;

	/*
	 * For speech (speak.h): as is_accessible, and without what does not
	 * read aloud: the sources and the web address (never a QR code).
	 */
	bool is_spoken;
};

/*
 * Writes the readable result of the walk to f: the likely condition, what
 * the triage level means, the summary, the answers that led there, the
 * self-care list, the other possibilities, the booking (consult and
 * self_care only) or the doctor and emergency number (the others), the
 * outcome's sources, and the tree's disclaimer. clinic may be NULL: the booking is then left out and
 * the emergency number is named in words. Returns 0, or -1 when out of
 * memory or when writing to f failed (errno says which).
 */
int result_print(FILE *f, const struct engine *engine,
		 const struct clinic *clinic, const struct result_style *style);

/*
 * Builds the JSON object of cli.md for the walk: tree, version, outcome,
 * condition, triage, also_consider (outcome ids), sources (the outcome's
 * sources, as the tree gives them) and answers (each step's
 * question id and its answer: a choice's option text, "yes", "no" or
 * "not sure", a multi's list of option texts, a scale's number). Returns a
 * new reference (json_decref) or NULL when out of memory.
 */
json_t *result_json(const struct engine *engine);

/*
 * The walk as the patient saw it, for the clinician (a request's
 * answers, kept only with the patient's consent): tree, version, outcome,
 * condition, triage, and steps, each with the question's id, label, text
 * (ask) and type (choice, yesno, multi or scale), the answer as
 * result_json gives it, and for choice and multi the options picked
 * ("picked": each option's code, its id or else its number from 1, and
 * its text). Returns a new reference or NULL when out of memory.
 */
json_t *result_walk_json(const struct engine *engine);

/*
 * Writes result_json's object to f as one line ending in a newline, with
 * "language": the BCP 47 tag of the language the walk was in ("en",
 * "zh-Hans"), unless language is NULL. Ids stay ids in every language;
 * the condition and the answers' texts are those the person read.
 * Returns 0, or -1 when out of memory or when writing failed.
 */
int result_print_json(FILE *f, const struct engine *engine,
		      const char *language);

/*
 * Writes one answer to question q as a person reads it: the option text,
 * yes, no or not sure, a multi's option texts joined with ", " (or
 * "none of these"), a scale's number. Returns 0, or -1 on a write error.
 */
int result_print_answer(FILE *f, const struct tree_question *q,
			const struct engine_answer *answer);

/*
 * The texts of a result that the tree does not hold, for the sign-off
 * report and the graph to show exactly as a result does: one table, so
 * the clinician signs what the patient reads. Each but result_triage_line
 * returns a new string (free) or NULL when out of memory.
 *
 * result_triage_line: what the triage level asks the person to do, the
 * line under the condition, with the emergency number named in words.
 * result_triage_text: the same, naming emergency_number when it is not
 * NULL. result_no_booking_text: the line under the condition of a
 * self_care outcome that offers no booking ('offer_booking: no'), in
 * place of result_triage_text's. result_outcome_triage_text: the line
 * under the condition of outcome o, whichever of the two it is.
 * result_doctor_text: the closing advice of an emergency, urgent or gp
 * result (never called for the levels that book). result_booking_text:
 * the paragraph that opens a booking, naming the clinic.
 */
const char *result_triage_line(enum tree_triage triage);
char *result_triage_text(enum tree_triage triage, const char *emergency_number);
char *result_no_booking_text(void);
char *result_outcome_triage_text(const struct tree_outcome *o,
				 const char *emergency_number);
char *result_doctor_text(enum tree_triage triage, const char *emergency_number);
char *result_booking_text(const char *clinic_name);

#endif
