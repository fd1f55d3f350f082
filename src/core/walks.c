/*
 * walks.c - loading a walks file and replaying its walks (walks.h).
 *
 * The texts and arrays of a loaded file live in one arena. While a walk is
 * read its answers grow in a scratch array, copied into the arena when the
 * walk ends; the walks themselves likewise.
 */
#include "walks.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "engine.h"
#include "mem.h"
#include "strtab.h"
#include "suggest.h"
#include "text.h"
#include "yread.h"

/* How many bytes of a text a message quotes. */
#define QUOTE_BYTES 60
#define QUOTE_BUF   (QUOTE_BYTES + 16)

struct walks {
	struct arena arena;
	const char *tree_id;
	struct diag_pos tree_pos;
	struct walks_walk *walks;
	size_t count;
};

/* A walks file being read. */
struct reader {
	struct yread r;
	struct walks *w;
	struct diag_list *diags; /* the schema's errors, kept apart */
	bool is_oom;

	struct walks_walk *walks; /* scratch, copied to the arena at the end */
	size_t walk_capacity;
	struct walks_answer *answers; /* of the walk being read */
	size_t answer_count;
	size_t answer_capacity;

	struct strtab names; /* walk names seen, to refuse one twice */
	size_t *name_walk;   /* by name number: the walk that had it */
	size_t name_capacity;
};

static int quote_len(size_t len)
{
	return len > QUOTE_BYTES ? QUOTE_BYTES : (int)len;
}

static void error_at(struct reader *rd, struct diag_pos pos, const char *fmt,
		     ...) __attribute__((format(printf, 3, 4)));

static void error_at(struct reader *rd, struct diag_pos pos, const char *fmt,
		     ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_addv(rd->diags, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

static bool is_extension_key(const char *key, size_t len)
{
	return len >= 2 && key[0] == 'x' && key[1] == '-';
}

static const char *const triage_names[] = {"emergency", "urgent", "gp",
					   "consult", "self_care"};

static bool parse_triage(const char *s, enum tree_triage *out)
{
	static const enum tree_triage all[] = {TREE_EMERGENCY, TREE_URGENT,
					       TREE_GP, TREE_CONSULT,
					       TREE_SELF_CARE};

	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
		if (strcmp(s, tree_triage_name(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	}
	return false;
}

/*
 * Reads the current value as text into the arena. Returns NULL after
 * reporting a value that is not text or is empty (what names it), or when
 * out of memory.
 */
static const char *read_text(struct reader *rd, const char *what)
{
	struct yread *r = &rd->r;
	const char *s;
	size_t len;
	char *copy;

	if (yread_type(r) != YAML_SCALAR_EVENT) {
		/* yread has reported an alias already. */
		if (yread_type(r) != YAML_ALIAS_EVENT)
			error_at(rd, yread_pos(r), "%s must be text", what);
		yread_skip(r);
		return NULL;
	}
	if (yread_is_null(r)) {
		error_at(rd, yread_pos(r), "%s is empty", what);
		return NULL;
	}
	s = yread_text(r, &len);
	copy = arena_strndup(&rd->w->arena, s, len);
	if (!copy)
		rd->is_oom = true;
	return copy;
}

/*
 * True when the current event is of type. Otherwise reports message at
 * it (yread has reported an alias already), skips it and returns false.
 */
static bool expect(struct reader *rd, yaml_event_type_t type,
		   const char *message)
{
	struct yread *r = &rd->r;

	if (yread_type(r) == type)
		return true;
	if (yread_type(r) != YAML_ALIAS_EVENT)
		error_at(rd, yread_pos(r), "%s", message);
	yread_skip(r);
	return false;
}

/* Reads one item of answers: a mapping of one question id to its answer. */
static void read_answer(struct reader *rd)
{
	struct yread *r = &rd->r;
	struct walks_answer answer = {0};
	struct diag_pos item_pos = yread_pos(r), key_pos;
	struct yread_map m;
	const char *key;
	size_t len;
	bool has_key = false;

	if (!expect(rd, YAML_MAPPING_START_EVENT,
		    "an answer must be a question id and the "
		    "answer, as '- area: Heel'"))
		return;
	yread_map_init(&m, true);
	while (yread_map_next(r, &m, &key, &len, &key_pos) > 0) {
		if (is_extension_key(key, len)) {
			yread_skip(r);
			continue;
		}
		if (has_key) {
			error_at(rd, key_pos,
				 "an answer names one question; '%.*s' is a "
				 "second one (start a new '- ' item for it)",
				 quote_len(len), key);
			yread_skip(r);
			continue;
		}
		has_key = true;
		answer.pos = key_pos;
		answer.question = arena_strndup(&rd->w->arena, key, len);
		if (!answer.question) {
			rd->is_oom = true;
			yread_skip(r);
			continue;
		}
		answer.text = read_text(rd, "the answer");
	}
	yread_map_finish(&m);
	if (!has_key && !r->is_broken) {
		error_at(rd, item_pos,
			 "an answer is empty: write '- QUESTION: ANSWER'");
		return;
	}
	if (!answer.question || !answer.text)
		return;
	if (mem_grow(&rd->answers, &rd->answer_capacity, rd->answer_count + 1,
		     sizeof(*rd->answers)) < 0) {
		rd->is_oom = true;
		return;
	}
	rd->answers[rd->answer_count++] = answer;
}

/* Reads a walk's answers; false when the value was wrong (reported). */
static bool read_answers(struct reader *rd)
{
	struct yread *r = &rd->r;
	struct diag_pos pos = yread_pos(r);
	bool is_empty = true;

	rd->answer_count = 0;
	if (!expect(rd, YAML_SEQUENCE_START_EVENT,
		    "'answers' must be a list, one '- QUESTION: "
		    "ANSWER' a line"))
		return false;
	while (yread_next(r) && yread_type(r) != YAML_SEQUENCE_END_EVENT) {
		is_empty = false;
		read_answer(rd);
	}
	if (is_empty && !r->is_broken) {
		error_at(rd, pos, "'answers' is empty");
		return false;
	}
	return true;
}

enum walk_key { WK_NAME, WK_ANSWERS, WK_OUTCOME, WK_TRIAGE, WK_COUNT };

static const char *const walk_keys[WK_COUNT] = {"name", "answers", "outcome",
						"triage"};

static int walk_key_find(const char *key, size_t len)
{
	for (int i = 0; i < WK_COUNT; i++)
		if (strlen(walk_keys[i]) == len &&
		    memcmp(walk_keys[i], key, len) == 0)
			return i;
	return -1;
}

/* Reads the triage level; false when it is wrong (reported). */
static bool read_triage(struct reader *rd, struct walks_walk *walk)
{
	struct diag_pos pos = yread_pos(&rd->r);
	const char *s = read_text(rd, "'triage'");

	if (!s)
		return false;
	if (!parse_triage(s, &walk->triage)) {
		const char *close =
			suggest_among(s, strlen(s), triage_names, 5);

		if (close)
			error_at(rd, pos,
				 "unknown triage level '%.*s'; did you mean "
				 "'%s'?",
				 quote_len(strlen(s)), s, close);
		else
			error_at(rd, pos,
				 "unknown triage level '%.*s'; the levels "
				 "are emergency, urgent, gp, consult and "
				 "self_care",
				 quote_len(strlen(s)), s);
		return false;
	}
	walk->has_triage = true;
	return true;
}

/* Refuses a name an earlier walk has; false when out of memory. */
static bool check_name(struct reader *rd, const struct walks_walk *walk,
		       size_t index)
{
	bool is_new;
	uint32_t n =
		strtab_put(&rd->names, walk->name, strlen(walk->name), &is_new);

	if (n == STRTAB_NONE)
		return false;
	if (!is_new) {
		error_at(rd, walk->pos,
			 "walk name '%.*s' is used twice (first at line %u); "
			 "failures are reported by name",
			 quote_len(strlen(walk->name)), walk->name,
			 (unsigned)rd->walks[rd->name_walk[n]].pos.line);
		return true;
	}
	if (mem_grow(&rd->name_walk, &rd->name_capacity, (size_t)n + 1,
		     sizeof(*rd->name_walk)) < 0)
		return false;
	rd->name_walk[n] = index;
	return true;
}

/*
 * Reports an unknown key of a mapping whose keys are names (where says
 * which mapping, as " in a walk", and list what it has). A key close to
 * one of names is taken for that name misspelt: said once, with the
 * suggestion, and its number is returned so that the caller counts that
 * key as given and does not report it missing too. Otherwise -1.
 */
static int unknown_key(struct reader *rd, const char *key, size_t len,
		       struct diag_pos pos, const char *const *names,
		       size_t count, const char *where, const char *list)
{
	const char *close = suggest_among(key, len, names, count);

	if (!close) {
		error_at(rd, pos, "unknown key '%.*s'%s (%s)", quote_len(len),
			 key, where, list);
		return -1;
	}
	error_at(rd, pos, "unknown key '%.*s'%s; did you mean '%s'?",
		 quote_len(len), key, where, close);
	for (size_t i = 0; i < count; i++)
		if (names[i] == close)
			return (int)i;
	return -1;
}

/* "walk 'NAME'", or "walk" for a walk without a name, into buf. */
static const char *walk_label(const struct walks_walk *walk, char *buf,
			      size_t size)
{
	if (!walk->name)
		return "walk";
	snprintf(buf, size, "walk '%.*s'", quote_len(strlen(walk->name)),
		 walk->name);
	return buf;
}

static void read_walk(struct reader *rd)
{
	struct yread *r = &rd->r;
	struct walks_walk walk = {0};
	struct diag_pos map_pos = yread_pos(r), key_pos;
	bool has[WK_COUNT] = {false};
	bool is_wrong = false, has_answers = false;
	char label[QUOTE_BUF];
	struct yread_map m;
	const char *key;
	size_t len;

	if (!expect(rd, YAML_MAPPING_START_EVENT,
		    "a walk must be a mapping with 'name', "
		    "'answers' and 'outcome' or 'triage'"))
		return;
	rd->answer_count = 0;
	yread_map_init(&m, true);
	while (yread_map_next(r, &m, &key, &len, &key_pos) > 0) {
		int k = walk_key_find(key, len);

		if (k >= 0)
			has[k] = true;
		switch (k) {
		case WK_NAME:
			walk.pos = yread_pos(r);
			walk.name = read_text(rd, "'name'");
			is_wrong |= walk.name == NULL;
			break;
		case WK_ANSWERS:
			has_answers = read_answers(rd);
			break;
		case WK_OUTCOME:
			walk.outcome = read_text(rd, "'outcome'");
			is_wrong |= walk.outcome == NULL;
			break;
		case WK_TRIAGE:
			is_wrong |= !read_triage(rd, &walk);
			break;
		default:
			if (!is_extension_key(key, len))
				k = unknown_key(rd, key, len, key_pos,
						walk_keys, WK_COUNT,
						" in a walk",
						"a walk has name, answers, "
						"outcome and triage");
			if (k >= 0)
				has[k] = true;
			yread_skip(r);
			break;
		}
	}
	yread_map_finish(&m);
	if (r->is_broken)
		return;
	/* A key that was there but wrong was reported once already. */
	if (!has[WK_NAME])
		error_at(rd, map_pos, "walk is missing 'name'");
	if (!has[WK_ANSWERS])
		error_at(rd, map_pos, "%s is missing 'answers'",
			 walk_label(&walk, label, sizeof(label)));
	if (!has[WK_OUTCOME] && !has[WK_TRIAGE])
		error_at(rd, map_pos,
			 "%s is missing 'outcome' or 'triage': say what it "
			 "must end with",
			 walk_label(&walk, label, sizeof(label)));
	/* Every answer being wrong leaves none; each was reported. */
	if (is_wrong || !walk.name || !has_answers || rd->answer_count == 0 ||
	    (!walk.outcome && !walk.has_triage))
		return;
	walk.answer_count = rd->answer_count;
	walk.answers = arena_memdup(&rd->w->arena, rd->answers,
				    rd->answer_count, sizeof(*rd->answers));
	if (!walk.answers ||
	    mem_grow(&rd->walks, &rd->walk_capacity, rd->w->count + 1,
		     sizeof(*rd->walks)) < 0 ||
	    !check_name(rd, &walk, rd->w->count)) {
		rd->is_oom = true;
		return;
	}
	rd->walks[rd->w->count++] = walk;
}

static void read_walk_list(struct reader *rd)
{
	struct yread *r = &rd->r;
	struct diag_pos pos = yread_pos(r);
	bool is_empty = true;

	if (!expect(rd, YAML_SEQUENCE_START_EVENT,
		    "'walks' must be a list of walks, each "
		    "starting with '- name:'"))
		return;
	while (yread_next(r) && yread_type(r) != YAML_SEQUENCE_END_EVENT) {
		is_empty = false;
		read_walk(rd);
	}
	if (is_empty && !r->is_broken)
		error_at(rd, pos,
			 "'walks' is empty; a walks file holds at least one "
			 "walk");
}

/*
 * Reads the top mapping. A format that is not this one (a tree given by
 * mistake, say) is the one thing worth saying, so the schema's errors go
 * to a list of their own and are kept only when the format is right.
 */
static void read_top(struct reader *rd, struct diag_list *diags)
{
	static const char *const top_keys[] = {"format", "tree", "walks"};
	struct yread *r = &rd->r;
	struct diag_pos map_pos = yread_pos(r), key_pos, format_pos = {0, 0};
	struct diag_list schema = {.file = diags->file};
	const char *format = NULL;
	bool has_format = false, has_walks = false;
	struct yread_map m;
	const char *key;
	size_t len;

	rd->diags = &schema;
	yread_map_init(&m, true);
	while (yread_map_next(r, &m, &key, &len, &key_pos) > 0) {
		if (len == 6 && memcmp(key, "format", 6) == 0) {
			has_format = true;
			format_pos = yread_pos(r);
			format = read_text(rd, "'format'");
		} else if (len == 4 && memcmp(key, "tree", 4) == 0) {
			rd->w->tree_pos = yread_pos(r);
			rd->w->tree_id = read_text(rd, "'tree'");
		} else if (len == 5 && memcmp(key, "walks", 5) == 0) {
			has_walks = true;
			read_walk_list(rd);
		} else {
			int k = -1;

			if (!is_extension_key(key, len))
				k = unknown_key(rd, key, len, key_pos, top_keys,
						3, "",
						"a walks file has format, "
						"tree and walks");
			has_format |= k == 0;
			has_walks |= k == 2;
			yread_skip(r);
		}
	}
	yread_map_finish(&m);
	rd->diags = diags;
	if (format && strcmp(format, WALKS_FORMAT) != 0) {
		error_at(rd, format_pos,
			 "unsupported format '%.*s'; a walks file says "
			 "'format: " WALKS_FORMAT "'",
			 quote_len(strlen(format)), format);
	} else {
		for (size_t i = 0; i < schema.count; i++)
			error_at(rd, schema.items[i].pos, "%s",
				 schema.items[i].message);
		if (!has_format && !r->is_broken)
			error_at(rd, map_pos,
				 "the walks file is missing 'format: " WALKS_FORMAT
				 "'");
		if (!has_walks && !r->is_broken)
			error_at(rd, map_pos,
				 "the walks file is missing 'walks'");
	}
	rd->is_oom |= schema.is_oom;
	diag_list_clear(&schema);
}

static void read_stream(struct reader *rd, struct diag_list *diags)
{
	struct yread *r = &rd->r;
	bool has_document = false;

	rd->diags = diags;
	while (!rd->is_oom && yread_next(r)) {
		if (yread_type(r) == YAML_STREAM_END_EVENT) {
			if (!has_document)
				error_at(rd, (struct diag_pos){1, 1},
					 "the file is empty");
			return;
		}
		if (yread_type(r) != YAML_DOCUMENT_START_EVENT)
			continue;
		if (has_document) {
			error_at(rd, yread_pos(r),
				 "more than one document; a walks file is "
				 "one document");
			return;
		}
		has_document = true;
		if (!yread_next(r))
			return;
		if (yread_type(r) == YAML_MAPPING_START_EVENT) {
			read_top(rd, diags);
		} else {
			if (yread_type(r) != YAML_ALIAS_EVENT)
				error_at(rd, yread_pos(r),
					 "the document must be a mapping with "
					 "format and walks");
			yread_skip(r);
		}
	}
}

static enum yread_status load(struct reader *rd, struct diag_list *diags,
			      struct walks **out)
{
	size_t errors_before = diags->error_count;
	enum yread_status status;

	read_stream(rd, diags);
	yread_finish(&rd->r);
	if (rd->is_oom || rd->r.is_oom || diags->is_oom)
		status = YREAD_NOMEM;
	else if (diags->error_count > errors_before)
		status = YREAD_INVALID;
	else
		status = YREAD_OK;
	if (rd->r.is_read_error)
		status = YREAD_READ_ERROR;
	if (status == YREAD_OK && rd->w->count > 0) {
		rd->w->walks = arena_memdup(&rd->w->arena, rd->walks,
					    rd->w->count, sizeof(*rd->walks));
		if (!rd->w->walks)
			status = YREAD_NOMEM;
	}
	free(rd->walks);
	free(rd->answers);
	free(rd->name_walk);
	strtab_free(&rd->names);
	if (status != YREAD_OK) {
		walks_free(rd->w);
		return status;
	}
	*out = rd->w;
	return YREAD_OK;
}

static bool reader_init(struct reader *rd)
{
	memset(rd, 0, sizeof(*rd));
	rd->w = mem_calloc(1, sizeof(*rd->w));
	return rd->w != NULL;
}

static void too_big(struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
		 "the file is larger than %u bytes (64 MiB)",
		 TREE_MAX_FILE_SIZE);
}

enum yread_status walks_load_buffer(const void *data, size_t len,
				    struct diag_list *diags, struct walks **out)
{
	struct reader rd;

	*out = NULL;
	if (len > TREE_MAX_FILE_SIZE) {
		too_big(diags);
		return YREAD_INVALID;
	}
	if (!reader_init(&rd))
		return YREAD_NOMEM;
	yread_init_buffer(&rd.r, data, len, diags);
	return load(&rd, diags, out);
}

enum yread_status walks_load_stream(FILE *f, struct diag_list *diags,
				    struct walks **out)
{
	struct reader rd;
	enum yread_status status;

	*out = NULL;
	if (!reader_init(&rd))
		return YREAD_NOMEM;
	yread_init_file(&rd.r, f, diags);
	status = load(&rd, diags, out);
	if (status == YREAD_READ_ERROR)
		errno = rd.r.read_errno;
	return status;
}

/* walks_load_stream, as a yread_load_fn: ctx is the struct walks **. */
static enum yread_status load_opened(FILE *f, struct diag_list *diags,
				     void *ctx)
{
	return walks_load_stream(f, diags, ctx);
}

enum yread_status walks_load_file(const char *path, struct diag_list *diags,
				  struct walks **out)
{
	*out = NULL;
	return yread_load_file(path, diags, load_opened, out);
}

void walks_free(struct walks *walks)
{
	if (!walks)
		return;
	arena_free(&walks->arena);
	free(walks);
}

const char *walks_tree_id(const struct walks *walks)
{
	return walks->tree_id;
}

size_t walks_count(const struct walks *walks)
{
	return walks->count;
}

const struct walks_walk *walks_walk(const struct walks *walks, size_t i)
{
	return &walks->walks[i];
}

bool walks_match_tree(const struct walks *walks, const struct tree *tree,
		      struct diag_list *diags)
{
	const char *want = walks->tree_id;

	if (!want || strcmp(want, tree_id(tree)) == 0)
		return true;
	diag_add(diags, DIAG_ERROR, walks->tree_pos,
		 "these walks are for tree '%.*s', but the tree is '%.*s'",
		 quote_len(strlen(want)), want,
		 quote_len(strlen(tree_id(tree))), tree_id(tree));
	return false;
}

/* ---- replay -------------------------------------------------------------- */

/* A failure's message, as vsnprintf, cut at a code point if need be. */
static void say(char *why, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vformat(why, size, fmt, ap);
	va_end(ap);
}

/*
 * A text to quote in a message: at most QUOTE_BYTES bytes, cut at a code
 * point, with "..." when cut, and each control character (a YAML escape
 * can make one) shown as '?', so a message stays one printable line.
 */
static const char *quoted(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s), n = len, o = 0;

	if (n > QUOTE_BYTES) {
		n = QUOTE_BYTES;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n && o + 4 < size; i++) {
		bool is_control = (unsigned char)s[i] < 0x20 || s[i] == 0x7F;

		buf[o++] = s[i];
		if (is_control)
			buf[o - 1] = '?';
	}
	if (n < len && o + 4 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* "; the tree has no KIND 'ID'" when the tree has no node of that kind
 * with that id (a renamed one, say), else "". */
static const char *missing_note(const struct tree *tree, const char *id,
				enum tree_node_kind kind, char *buf,
				size_t size)
{
	struct tree_ref ref;
	char quoted_id[QUOTE_BUF];

	if (tree_find(tree, id, &ref) && ref.kind == kind)
		return "";
	say(buf, size, "; the tree has no %s '%s'",
	    kind == TREE_NODE_QUESTION ? "question" : "outcome",
	    quoted(id, quoted_id, sizeof(quoted_id)));
	return buf;
}

/* Says that the walk ended with outcome o where the walk wanted another. */
static void say_outcome(const struct walks_walk *walk, const struct tree *tree,
			const struct tree_outcome *o, char *why, size_t size)
{
	char want[QUOTE_BUF], note[2 * QUOTE_BUF];
	const char *got_triage = tree_triage_name(o->triage);
	const char *missing = walk->outcome ? missing_note(tree, walk->outcome,
							   TREE_NODE_OUTCOME,
							   note, sizeof(note))
					    : "";

	if (walk->outcome && walk->has_triage)
		say(why, size,
		    "expected outcome '%s' with triage %s, got '%s' with "
		    "triage %s%s",
		    quoted(walk->outcome, want, sizeof(want)),
		    tree_triage_name(walk->triage), o->id, got_triage, missing);
	else if (walk->outcome)
		say(why, size, "expected outcome '%s', got '%s' (triage %s)%s",
		    quoted(walk->outcome, want, sizeof(want)), o->id,
		    got_triage, missing);
	else
		say(why, size, "expected triage %s, got %s (outcome '%s')",
		    tree_triage_name(walk->triage), got_triage, o->id);
}

/* Feeds answer i of walk to the engine; false when the walk fails. */
static enum walks_verdict replay_answer(const struct walks_walk *walk, size_t i,
					struct engine *e, char *why,
					size_t size)
{
	const struct walks_answer *a = &walk->answers[i];
	const struct tree *tree = engine_tree(e);
	char want[QUOTE_BUF], text[QUOTE_BUF];

	if (engine_is_done(e)) {
		say(why, size,
		    "ended early: outcome '%s' after %zu %s, but answer "
		    "%zu ('%s: %s') was never asked",
		    tree_outcome(tree, engine_outcome(e))->id, i,
		    i == 1 ? "answer" : "answers", i + 1,
		    quoted(a->question, want, sizeof(want)),
		    quoted(a->text, text, sizeof(text)));
		return WALKS_FAIL;
	}
	const struct tree_question *q = tree_question(tree, engine_question(e));

	if (strcmp(q->id, a->question) != 0) {
		char note[2 * QUOTE_BUF];

		say(why, size,
		    "answer %zu: expected question '%s' to be asked, but the "
		    "tree asked '%s'%s",
		    i + 1, quoted(a->question, want, sizeof(want)), q->id,
		    missing_note(tree, a->question, TREE_NODE_QUESTION, note,
				 sizeof(note)));
		return WALKS_FAIL;
	}
	if (engine_is_command(a->text)) {
		say(why, size,
		    "answer %zu: '%s' is a command at the quiz, not an answer "
		    "to '%s'",
		    i + 1, quoted(a->text, text, sizeof(text)), q->id);
		return WALKS_FAIL;
	}
	switch (engine_input(e, a->text)) {
	case ENGINE_ANSWERED:
		return WALKS_PASS;
	case ENGINE_NOMEM:
		return WALKS_NOMEM;
	default:
		say(why, size, "answer %zu: '%s' to '%s' was refused: %s",
		    i + 1, quoted(a->text, text, sizeof(text)), q->id,
		    engine_reason(e));
		return WALKS_FAIL;
	}
}

enum walks_verdict walks_replay(const struct walks_walk *walk,
				const struct tree *tree, char *why,
				size_t why_size)
{
	struct engine *e = engine_new(tree);
	enum walks_verdict verdict = WALKS_NOMEM;
	const struct tree_outcome *o;

	if (!e)
		return WALKS_NOMEM;
	for (size_t i = 0; i < walk->answer_count; i++) {
		verdict = replay_answer(walk, i, e, why, why_size);
		if (verdict != WALKS_PASS)
			goto fail;
	}
	verdict = WALKS_FAIL;
	if (!engine_is_done(e)) {
		say(why, why_size,
		    "went on past its %zu %s: the tree then asks '%s'",
		    walk->answer_count,
		    walk->answer_count == 1 ? "answer" : "answers",
		    tree_question(tree, engine_question(e))->id);
		goto fail;
	}
	o = tree_outcome(tree, engine_outcome(e));
	if ((walk->outcome && strcmp(walk->outcome, o->id) != 0) ||
	    (walk->has_triage && walk->triage != o->triage)) {
		say_outcome(walk, tree, o, why, why_size);
		goto fail;
	}
	verdict = WALKS_PASS;
fail:
	engine_free(e);
	return verdict;
}

enum yread_status walks_run(const struct walks *walks, const struct tree *tree,
			    struct diag_list *diags, size_t *passed,
			    size_t *failed)
{
	char why[512];

	*passed = 0;
	*failed = 0;
	for (size_t i = 0; i < walks->count; i++) {
		const struct walks_walk *walk = &walks->walks[i];

		switch (walks_replay(walk, tree, why, sizeof(why))) {
		case WALKS_PASS:
			++*passed;
			break;
		case WALKS_FAIL:
			++*failed;
			diag_add(diags, DIAG_ERROR, walk->pos, "walk '%s': %s",
				 walk->name, why);
			break;
		case WALKS_NOMEM:
			return YREAD_NOMEM;
		}
	}
	return diags->is_oom ? YREAD_NOMEM : YREAD_OK;
}
