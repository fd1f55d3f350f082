/*
 * tree.h - load, validate and read a runcheck question tree (formats
 * runcheck/1 and runcheck/2, see runcheck-tree(5)).
 *
 * Loading reads the file once through libyaml's event API (aliases are
 * refused, never expanded), checks every rule of the format, reports every
 * problem it finds in a diag_list, and resolves every id to an index, so
 * that walking a tree never looks up a string. A loaded tree is immutable
 * (but for tree_translate, below): any number of readers may share it.
 *
 * Nothing here prints, exits or touches a terminal.
 */
#ifndef RUNCHECK_TREE_H
#define RUNCHECK_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "yread.h"

/* Limits of the format; each is enforced with an error. The file size,
 * the nesting and a scalar's length are the reader's (yread.h), the same
 * for every format. */
#define TREE_MAX_FILE_SIZE    YREAD_MAX_FILE_SIZE /* bytes: 64 MiB */
#define TREE_MAX_DEPTH	      YREAD_MAX_DEPTH /* nesting; top mapping is 1 */
#define TREE_MAX_ID	      64	      /* characters of an id */
#define TREE_MAX_OPTIONS      64	      /* options of one question */
#define TREE_MAX_BANDS	      64	      /* bands of one scale */
#define TREE_MAX_TEXT	      YREAD_MAX_TEXT  /* bytes of one scalar */
#define TREE_MAX_LIST	      256	      /* items of self_care etc. */
#define TREE_MAX_NUMBER	      1000000000LL    /* |min|, |max|, |from|, |to| */
#define TREE_MAX_ALTS	      64	      /* alternatives of one route */
#define TREE_MAX_COMBINATIONS 65536	      /* live answers at a question */

enum tree_qtype {
	TREE_CHOICE,
	TREE_YESNO,
	TREE_MULTI,
	TREE_SCALE,
};

enum tree_triage {
	TREE_EMERGENCY,
	TREE_URGENT,
	TREE_GP,
	TREE_CONSULT,
	TREE_SELF_CARE,
};

enum tree_node_kind {
	TREE_NODE_QUESTION,
	TREE_NODE_OUTCOME,
	TREE_NODE_BROKEN, /* only in a partial tree: index for tree_broken_id */
};

struct tree_route;

/*
 * Where a reference leads: a question or an outcome, by index. An edge of
 * a runcheck/2 tree may lead along a route instead (route not NULL): where
 * it goes then depends on the answers given before (tree_route_take), and
 * kind and index are those of the route's last alternative. Everything
 * else has route NULL.
 */
struct tree_ref {
	enum tree_node_kind kind;
	uint32_t index;
	const struct tree_route *route;
};

/*
 * What an answer is, for a route's when: a choice's option index, a yes/no
 * question's ENGINE_YES, ENGINE_NO or ENGINE_UNSURE (0, 1, 2), a scale's
 * band index. A multi question has none and is never named.
 */
#define TREE_NO_ANSWER 0xFFu

/* One term of a when: question answered with an answer whose bit is set. */
struct tree_when {
	uint32_t question;
	uint64_t answers;
};

/* One alternative: taken when every term holds (always, when none). */
struct tree_alt {
	const struct tree_when *when;
	size_t when_count;
	struct tree_ref go; /* route always NULL */
	uint32_t line;	    /* of the alternative, for tools */
};

/* A list of alternatives, the first that holds wins; the last has no when. */
struct tree_route {
	const struct tree_alt *alts;
	size_t alt_count;
};

struct tree_option {
	const char *text;
	const char *id; /* runcheck/2; NULL when it has none */
	bool has_next;	/* always true for choice options */
	struct tree_ref next;
};

struct tree_band {
	long long from; /* inclusive */
	long long to;	/* inclusive */
	const char *id; /* runcheck/2; NULL when it has none */
	struct tree_ref next;
};

struct tree_question {
	const char *id;
	const char *ask;
	const char *label; /* short name: the label given, else ask */
	const char *why;   /* NULL when the question has none */
	enum tree_qtype type;

	/* choice and multi */
	const struct tree_option *options;
	size_t option_count;

	/* yesno */
	struct tree_ref yes;
	struct tree_ref no;
	struct tree_ref unsure; /* meaningful only when has_unsure */
	bool has_unsure;

	/* multi */
	struct tree_ref otherwise;

	/* scale */
	long long min;
	long long max;
	const struct tree_band *bands;
	size_t band_count;

	uint32_t line; /* of the question's id, for tools */
};

struct tree_outcome {
	const char *id;
	const char *condition;
	enum tree_triage triage;
	const char *summary;
	const char *const *self_care;
	size_t self_care_count;
	const uint32_t *also_consider; /* outcome indices */
	size_t also_consider_count;
	const char *const *sources;
	size_t source_count;
	const char *booking;	/* runcheck/2; NULL when it has none */
	bool offers_no_booking; /* runcheck/2 'offer_booking: no' */

	uint32_t line;
};

struct tree;

/*
 * Loads and validates the tree in the file at path. Diagnostics, errors and
 * warnings, are added to diags (whose file member the caller sets). On
 * YREAD_OK *out holds a new tree owned by the caller (tree_free); otherwise
 * *out is NULL. Warnings alone leave the status YREAD_OK. A file larger than
 * TREE_MAX_FILE_SIZE is refused before it is read whole. A file that opens
 * but cannot be read gives YREAD_READ_ERROR, with errno set.
 */
enum yread_status tree_load_file(const char *path, struct diag_list *diags,
				 struct tree **out);

/* As tree_load_file, from len bytes at data (not copied, not kept). */
enum yread_status tree_load_buffer(const void *data, size_t len,
				   struct diag_list *diags, struct tree **out);

/*
 * As tree_load_file and tree_load_buffer, for lint: every check, the same
 * diagnostics in the same order and the same status, but no tree is built
 * (the texts that only a finished tree needs are not even copied), so
 * checking a big tree takes less time and memory than loading it.
 */
enum yread_status tree_check_file(const char *path, struct diag_list *diags);
enum yread_status tree_check_buffer(const void *data, size_t len,
				    struct diag_list *diags);

/*
 * As tree_load_file and tree_check_file, from a file already open, read
 * from where it stands to its end and not closed: how the command line
 * reads a regular file it has opened once (see source.h). The size limit
 * holds as the file is read; a regular file can be refused sooner by its
 * size (the *_file functions do).
 */
enum yread_status tree_load_stream(FILE *f, struct diag_list *diags,
				   struct tree **out);
enum yread_status tree_check_stream(FILE *f, struct diag_list *diags);

/*
 * As tree_load_file, tree_load_buffer and tree_load_stream, for runcheck
 * graph, which draws a tree with errors as far as it was read: the same
 * diagnostics and status, but on YREAD_INVALID *out still holds a partial tree (the caller
 * frees it) when the file could be read at all. A partial tree breaks the
 * promises above, and only graph may read it: a reference that leads
 * nowhere (an unknown id, or a target that is missing) has kind
 * TREE_NODE_BROKEN; tree_start is tree_question_count when the start
 * leads nowhere; a question whose reading failed may have no ask and no
 * edges; top-level texts, an outcome's condition may be NULL; there may
 * be cycles; a route's when leaves out what names nothing. On YREAD_OK the
 * tree is the one tree_load_* gives.
 */
enum yread_status tree_load_file_partial(const char *path,
					 struct diag_list *diags,
					 struct tree **out);
enum yread_status tree_load_buffer_partial(const void *data, size_t len,
					   struct diag_list *diags,
					   struct tree **out);
enum yread_status tree_load_stream_partial(FILE *f, struct diag_list *diags,
					   struct tree **out);

/* What a TREE_NODE_BROKEN reference named: the unknown id, or "" where
 * the target is missing (index UINT32_MAX). Indices below
 * tree_broken_count name ids. */
const char *tree_broken_id(const struct tree *tree, uint32_t index);
size_t tree_broken_count(const struct tree *tree);

/* Frees a tree; tree_free(NULL) does nothing. */
void tree_free(struct tree *tree);

const char *tree_id(const struct tree *tree);
const char *tree_title(const struct tree *tree);
const char *tree_version(const struct tree *tree);
const char *tree_language(const struct tree *tree);
const char *tree_disclaimer(const struct tree *tree);

/* Index of the first question. */
uint32_t tree_start(const struct tree *tree);

/* The format's version: 1 or 2. */
int tree_format(const struct tree *tree);

/* True when some edge leads along a route (only runcheck/2 trees). */
bool tree_has_routes(const struct tree *tree);

/*
 * Where a route leads on a walk: the go of its first alternative whose
 * when holds. answer_of[q] is the answer given to question q (see
 * TREE_NO_ANSWER above), TREE_NO_ANSWER for a question not answered; a
 * term on such a question does not hold. Reads only the questions the
 * route names: no string is compared.
 */
struct tree_ref tree_route_take(const struct tree_route *route,
				const uint8_t *answer_of);

size_t tree_question_count(const struct tree *tree);
const struct tree_question *tree_question(const struct tree *tree, size_t i);
size_t tree_outcome_count(const struct tree *tree);
const struct tree_outcome *tree_outcome(const struct tree *tree, size_t i);

/*
 * Finds a question or outcome by id, for tools and tests (a linear search:
 * walking never needs it). Returns false when no node has that id.
 */
bool tree_find(const struct tree *tree, const char *id, struct tree_ref *out);

/* The question type's word in the format: "choice", "yesno", "multi" or
 * "scale". */
const char *tree_qtype_name(enum tree_qtype type);

/*
 * The id of the question or outcome that ref leads to; for a
 * TREE_NODE_BROKEN reference, what it named (tree_broken_id). A route's
 * alternatives have their own refs: ref.route is not read.
 */
const char *tree_ref_id(const struct tree *tree, struct tree_ref ref);

/* The triage level's word in the format: "emergency", "self_care", ... */
const char *tree_triage_name(enum tree_triage triage);

/* True for consult and self_care: the levels that may offer a booking. */
bool tree_triage_may_book(enum tree_triage triage);

/*
 * True when a result of this outcome offers a booking: its level may book
 * and it does not say 'offer_booking: no' (a self_care outcome for which
 * the clinical reference advises no consult). Every place that decides
 * whether to offer a booking asks this.
 */
bool tree_outcome_may_book(const struct tree_outcome *o);

/*
 * Translation. Every text a person sees has a place, named by a msgctxt:
 *   tree title, tree disclaimer,
 *   question QID ask, question QID why, question QID label,
 *   question QID option OPTION (the option's id, else its 1-based index),
 *   outcome OID condition, outcome OID summary,
 *   outcome OID self_care N (1-based), outcome OID booking.
 * A question without a label shows its ask, and has no label place; a
 * text the tree leaves out has no place. Ids, triage levels and sources
 * (references for clinicians, cited as written) are not translated. The
 * core opens no catalog: the caller looks each text up (gettext's
 * pgettext idea: msgctxt "\004" msgid, in domain "runcheck-tree-ID").
 */
#define TREE_MAX_MSGCTXT (2 * TREE_MAX_ID + 40)

/*
 * Calls fn once for each text, in the order of the file's sections (title,
 * disclaimer, the questions, then the outcomes, each in file order), with
 * its msgctxt, the text, and the line and column (1-based) where its value
 * starts in the file the tree was loaded from (0 and 0 for a text the
 * loader did not read, which a loaded tree has none of).
 */
typedef void tree_text_fn(void *ctx, const char *msgctxt, const char *msgid,
			  uint32_t line, uint32_t column);
void tree_each_text(const struct tree *tree, tree_text_fn *fn, void *ctx);

/*
 * Replaces each text with fn(ctx, msgctxt, msgid): a copy of what fn
 * returns is kept in the tree, so fn's string need not outlive the call;
 * NULL keeps the English. Ids, and each text's line and column, stay.
 * Returns false when out of memory (the tree then has some texts
 * translated and the rest in English, and stays valid). Not for a tree
 * that others read at the same time: translate it before sharing it.
 */
typedef const char *tree_translate_fn(void *ctx, const char *msgctxt,
				      const char *msgid);
bool tree_translate(struct tree *tree, tree_translate_fn *fn, void *ctx);

#endif
