/*
 * walks.h - the walks file (format runcheck-walks/1, runcheck-tree(5)):
 * walks a clinician has checked by hand, each with the answers a person
 * types and the outcome and/or triage the walk must end with, and their
 * replay against a loaded tree, the engine of runcheck test.
 *
 * Loading reads the file through yread (the same file-level rules and
 * limits as a tree: size, UTF-8, control characters, anchors, aliases,
 * tags, depth, duplicate keys) and checks the walks file's own schema;
 * every problem goes to a diag_list at its line and column. Replaying
 * feeds each answer to the engine exactly as the quiz does, so an answer
 * means in a walk what it means at the quiz.
 *
 * Nothing here prints, exits or touches a terminal.
 */
#ifndef RUNCHECK_WALKS_H
#define RUNCHECK_WALKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "tree.h"

/* The format line a walks file must carry. */
#define WALKS_FORMAT "runcheck-walks/1"
/* What the format key of any version of it starts with (lint tells a
 * walks file apart by it, yread_format_is). */
#define WALKS_FORMAT_PREFIX "runcheck-walks/"

/* One step of a walk: the question that must be asked, and the answer. */
struct walks_answer {
	const char *question;
	const char *text;    /* as a person types it */
	struct diag_pos pos; /* of the question id */
};

struct walks_walk {
	const char *name;
	struct diag_pos pos; /* of the name's value: failures point here */
	const struct walks_answer *answers;
	size_t answer_count;
	const char *outcome; /* NULL when the walk names only a triage */
	bool has_triage;
	enum tree_triage triage;
};

/* A loaded walks file. Immutable once loaded. */
struct walks;

/*
 * Loads and checks the walks file at path. Problems (errors only) are
 * added to diags, whose file member the caller sets. On YREAD_OK *out holds
 * a new walks file owned by the caller (walks_free); otherwise *out is
 * NULL: YREAD_INVALID (problems in diags), YREAD_CANNOT_OPEN (errno kept),
 * YREAD_NOMEM. A file larger than TREE_MAX_FILE_SIZE is refused unread.
 */
enum yread_status walks_load_file(const char *path, struct diag_list *diags,
				  struct walks **out);

/* As walks_load_file, from a file already open, read from where it stands
 * to its end and not closed (see tree_load_stream); YREAD_READ_ERROR, with
 * errno set, when reading it fails. */
enum yread_status walks_load_stream(FILE *f, struct diag_list *diags,
				    struct walks **out);

/* As walks_load_file, from len bytes at data (not copied, not kept). */
enum yread_status walks_load_buffer(const void *data, size_t len,
				    struct diag_list *diags,
				    struct walks **out);

/* walks_free(NULL) does nothing. */
void walks_free(struct walks *walks);

/* The tree id the file names at its top, or NULL when it names none. */
const char *walks_tree_id(const struct walks *walks);

size_t walks_count(const struct walks *walks);
const struct walks_walk *walks_walk(const struct walks *walks, size_t i);

/*
 * True when the walks are for tree: the file names no tree, or names the
 * tree's id. Otherwise adds an error at the file's `tree` value to diags
 * and returns false.
 */
bool walks_match_tree(const struct walks *walks, const struct tree *tree,
		      struct diag_list *diags);

enum walks_verdict {
	WALKS_PASS,
	WALKS_FAIL, /* why says what was expected and what happened */
	WALKS_NOMEM,
};

/*
 * Replays walk against tree, one answer at a time, as the quiz would take
 * them. The walk fails when a different question is asked at a step, an
 * answer is refused (a command word is refused too: at the quiz it would
 * be the command), the walk reaches an outcome before its last answer or
 * has not reached one after it, or the outcome or triage differ from what
 * the walk names. On WALKS_FAIL a sentence (lowercase, no full stop) is
 * written into why (at most why_size bytes, NUL-terminated).
 */
enum walks_verdict walks_replay(const struct walks_walk *walk,
				const struct tree *tree, char *why,
				size_t why_size);

/*
 * Replays every walk of walks against tree. Each failing walk adds one
 * error to diags, at the walk's name: "walk 'NAME': WHY". Counts the walks
 * that passed and failed into *passed and *failed. Returns YREAD_OK, or
 * YREAD_NOMEM when memory ran out (the counts then cover the walks replayed
 * before).
 */
enum yread_status walks_run(const struct walks *walks, const struct tree *tree,
			    struct diag_list *diags, size_t *passed,
			    size_t *failed);

#endif
