/*
 * engine.h - a walk over a loaded tree: the current question, answers in
 * the answer words of runcheck(1), back, restart, the path so far and the
 * outcome reached.
 *
 * The engine does no I/O. The terminal front end, the pipe front end and
 * the tools all feed it the same lines, so they agree on what an answer
 * means. An engine borrows its tree: the tree must outlive it.
 */
#ifndef RUNCHECK_ENGINE_H
#define RUNCHECK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tree.h"

enum engine_yesno {
	ENGINE_YES,
	ENGINE_NO,
	ENGINE_UNSURE,
};

/* One answer to one question, as parsed from a line. */
struct engine_answer {
	enum tree_qtype type;
	size_t choice;		 /* choice: option index */
	enum engine_yesno yesno; /* yesno */
	long long value;	 /* scale */
	uint64_t picks;		 /* multi: bit i set = option i picked */
};

/* A step of the walk: the question and the answer given to it. */
struct engine_step {
	uint32_t question;
	struct engine_answer answer;
};

/* What a line of input was. */
enum engine_event {
	ENGINE_ANSWERED, /* the walk moved on (maybe to an outcome) */
	ENGINE_BACK,	 /* the last answer was undone */
	ENGINE_RESTART,	 /* the walk is back at the start, empty */
	ENGINE_WHY,	 /* show the question's why; nothing changed */
	ENGINE_HELP,	 /* show help; nothing changed */
	ENGINE_QUIT,	 /* the user wants to stop; nothing changed */
	ENGINE_REFUSED,	 /* nothing changed; engine_reason says why */
	ENGINE_NOMEM,	 /* nothing changed; out of memory */
};

struct engine;

/* Starts a walk at the tree's start question. NULL when out of memory. */
struct engine *engine_new(const struct tree *tree);

/* engine_free(NULL) does nothing. */
void engine_free(struct engine *engine);

const struct tree *engine_tree(const struct engine *engine);

/* True once the walk has reached an outcome. */
bool engine_is_done(const struct engine *engine);

/* The current question's index; only while !engine_is_done. */
uint32_t engine_question(const struct engine *engine);

/* The outcome's index; only when engine_is_done. */
uint32_t engine_outcome(const struct engine *engine);

/* The answers so far, oldest first; step i is valid for i < count. */
size_t engine_step_count(const struct engine *engine);
const struct engine_step *engine_step(const struct engine *engine, size_t i);

/*
 * Takes one line of input (no newline needed; surrounding white space and
 * case are ignored): a command word (back, restart, why, help, quit) or an
 * answer to the current question. Once the walk is done only the commands
 * are taken. On ENGINE_REFUSED, engine_reason holds a short sentence that
 * says why, valid until the next call.
 */
enum engine_event engine_input(struct engine *engine, const char *line);

/* The most bytes a reason takes, its NUL included: a refusal may quote
 * what was typed and name up to four options (engine_parse_answer). */
#define ENGINE_REASON_SIZE 1024

/* The reason of the last refusal (lowercase, no full stop; a question
 * ends with its question mark). */
const char *engine_reason(const struct engine *engine);

/*
 * Sets how engine_reason and engine_parse_answer's reasons speak the
 * person's language: fn(msgid) returns the translation of one of their
 * English printf formats (or of ", " and " or ", which join the options
 * a refusal names), keeping its conversions in order, or msgid itself.
 * NULL, as at the start, keeps the English. The core opens no catalog:
 * the app passes its catalog lookup (lang.h). It holds for every engine
 * of the process.
 */
void engine_set_translate(const char *(*fn)(const char *msgid));

/*
 * Parses line as an answer to question q, without commands and without
 * changing any walk. Returns true and fills *out, or returns false and
 * writes a reason into why (at most why_size bytes, NUL-terminated).
 */
bool engine_parse_answer(const struct tree_question *q, const char *line,
			 struct engine_answer *out, char *why, size_t why_size);

/*
 * Where an answer to q leads. For multi, the first picked option in file
 * order that has a next, else otherwise. When the edge has a route (the
 * result's route is not NULL), where it leads depends on the walk before:
 * engine_input takes the route, others call tree_route_take.
 */
struct tree_ref engine_next(const struct tree_question *q,
			    const struct engine_answer *answer);

/*
 * The answer as a route's when names it (tree.h, TREE_NO_ANSWER): the
 * option of a choice, yes, no or not sure, the band of a scale.
 * TREE_NO_ANSWER for a multi question.
 */
unsigned engine_answer_index(const struct tree_question *q,
			     const struct engine_answer *answer);

/*
 * Writes the answer in the answer words of runcheck(1) that
 * engine_parse_answer reads back to the same answer: a choice's option
 * text where that text alone selects it, else its number; yes, no or
 * not sure; a multi's option numbers separated by commas, or none; a
 * scale's number. Returns the length it needed (like snprintf).
 */
size_t engine_format_answer(const struct tree_question *q,
			    const struct engine_answer *answer, char *buf,
			    size_t size);

/*
 * The options of a choice question that a text answer (not a number)
 * names, by the rules of engine_parse_answer: writes their indexes, in
 * file order, into which (room for TREE_MAX_OPTIONS) and returns how many.
 * *is_sure is true when the answer picks which[0]; otherwise the answer
 * is refused, and the options written are those it is refused with ("did
 * you mean ..."). 0 for a number, an empty line or another question type.
 * A terminal's completion lists the same options.
 */
size_t engine_choice_matches(const struct tree_question *q, const char *line,
			     uint8_t *which, bool *is_sure);

/* True when the word (after trimming and case folding) is a command. */
bool engine_is_command(const char *line);

/* True when line, trimmed, is a whole number ([-+]?[0-9]+): an answer to a
 * choice that picks an option by its number, whatever the options say. */
bool engine_is_number(const char *line);

#endif
