#include "tree.h"

#include <assert.h>
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

#define NO_SYM UINT32_MAX

struct tree {
	struct arena arena;
	struct arena id_arena; /* ids alone: looked up often, kept close */
	const char *id;
	const char *title;
	const char *version;
	const char *language;
	const char *disclaimer;
	uint32_t start;
	int format; /* 1 or 2 */
	bool has_routes;
	const char **broken; /* partial trees: ids of TREE_NODE_BROKEN refs */
	size_t broken_count;
	size_t broken_capacity;
	struct tree_question *questions;
	size_t question_count;
	struct tree_outcome *outcomes;
	size_t outcome_count;
	/* Where each text was read, for tree_each_text (see there). */
	struct text_pos *text_pos;
	size_t text_pos_count;
	size_t text_pos_capacity;
};

/* An id as first met, by definition or by reference. */
enum sym_kind {
	SYM_UNDEFINED,
	SYM_QUESTION,
	SYM_OUTCOME,
};

struct sym {
	const char *id;	     /* in the tree's id_arena */
	struct diag_pos pos; /* of the definition */
};

/*
 * Where a sym's id leads, packed in 32 bits (loader.sym_node, by sym) so
 * that resolving the references of a big tree reads a small array: 0
 * while the id is undefined, else its kind above NODE_KIND_SHIFT and its
 * question or outcome index below. The edges out of questions
 * (loader.qedge) hold the same.
 */
#define NODE_KIND_SHIFT 30
#define NODE_INDEX_MASK ((1u << NODE_KIND_SHIFT) - 1)

static uint32_t node_of(enum sym_kind kind, uint32_t index)
{
	return (uint32_t)kind << NODE_KIND_SHIFT | index;
}

static enum sym_kind node_kind(uint32_t node)
{
	return (enum sym_kind)(node >> NODE_KIND_SHIFT);
}

static uint32_t node_index(uint32_t node)
{
	return node & NODE_INDEX_MASK;
}

/* A reference waiting for every id to be known. */
enum ref_field {
	REF_START,
	REF_OPTION,
	REF_YES,
	REF_NO,
	REF_UNSURE,
	REF_OTHERWISE,
	REF_BAND,
	REF_ALSO,
	REF_ALT, /* an alternative of a route: owner is the route, sub the alt */
};

/* A reference as read: resolving (check_model) finds where it leads. */
struct ref {
	uint32_t sym;
	uint32_t owner; /* question or outcome index */
	struct diag_pos pos;
	uint16_t sub;  /* option, band or also_consider index */
	uint8_t field; /* enum ref_field */
};

struct ref_list {
	struct ref *items;
	size_t count;
	size_t capacity;
};

/*
 * An id a question refers to, read but not yet looked up: its copy (in
 * scratch, until the question is finished; NULL when missing) and hash.
 * Reading a question asks for the id's slot in the id table to be brought
 * into the cache (strtab_prefetch) and finish_question looks it up some
 * events later, so that in a big tree the lookups do not wait on memory.
 */
struct pending_id {
	const char *key;
	uint32_t len;
	uint32_t hash;
};

#define NO_ROUTE UINT32_MAX

/* An option or band before its question is known to be valid. */
struct draft_option {
	const char *text;
	const char *id; /* runcheck/2, or NULL */
	uint32_t next;	/* sym, or NO_SYM */
	uint32_t route; /* a route (loader.routes) instead, or NO_ROUTE */
	struct pending_id next_id; /* options and bands: next, not looked up */
	struct diag_pos pos;
	struct diag_pos next_pos;
	struct diag_pos id_pos;
};

struct draft_band {
	long long from;
	long long to;
	bool is_complete;
	const char *id;
	uint32_t next;
	uint32_t route;
	struct pending_id next_id;
	struct diag_pos pos;
	struct diag_pos next_pos;
	struct diag_pos id_pos;
};

/*
 * A route as read (runcheck/2): its alternatives are alts[alt_begin ..
 * alt_begin + alt_count), each with its when's terms in whens, each term's
 * answers in answers. Resolved in check_model, once every id is known.
 */
struct route_draft {
	struct diag_pos pos;
	uint32_t alt_begin;
	size_t alt_count;
	uint32_t question; /* whose edge it is, once finish_question adds it */
	uint16_t sub;	   /* option or band index */
	uint8_t field;	   /* enum ref_field */
	bool is_live;	   /* its question was added and its refs made */
};

struct alt_draft {
	struct diag_pos pos;
	struct diag_pos when_pos; /* of the key 'when' */
	bool has_when;
	uint32_t go; /* sym, or NO_SYM */
	struct diag_pos go_pos;
	uint32_t ref; /* its edge in qrefs, once added */
	uint32_t when_begin;
	uint32_t when_count;
};

struct when_draft {
	uint32_t sym; /* the question named */
	struct diag_pos pos;
	uint32_t answer_begin;
	uint32_t answer_count;
	uint32_t question; /* once resolved, else NO_SYM */
	uint64_t answers;  /* once resolved */
};

struct answer_draft {
	const char *name;
	struct diag_pos pos;
};

/* What a when needs to know of each question (runcheck/2 only). */
struct qinfo {
	bool is_known; /* the question was read whole */
	enum tree_qtype type;
	bool has_unsure;
	bool is_named; /* some when names it */
	uint32_t answer_count;
	const char *const *ids; /* of options or bands; NULL items when none */
};

/* The keys of a question, as an index into draft_question's arrays. */
enum qkey {
	QK_ASK,
	QK_WHY,
	QK_TYPE,
	QK_OPTIONS,
	QK_YES,
	QK_NO,
	QK_UNSURE,
	QK_OTHERWISE,
	QK_MIN,
	QK_MAX,
	QK_BANDS,
	QK_LABEL, /* runcheck/2 */
	QK_COUNT,
};

static const char *const qkey_names[QK_COUNT] = {
	"ask",	  "why",       "type", "options", "yes",   "no",
	"unsure", "otherwise", "min",  "max",	  "bands", "label",
};

struct draft_question {
	struct diag_pos map_pos;
	bool has[QK_COUNT];
	uint32_t reported; /* QK_BITs of keys whose value was reported */
	struct diag_pos key_pos[QK_COUNT];
	struct diag_pos value_pos[QK_COUNT];
	bool is_type_known;
	enum tree_qtype type;
	const char *ask;
	const char *why;
	const char *label;
	uint32_t yes, no, unsure, otherwise;
	uint32_t yes_route, no_route, unsure_route, otherwise_route;
	struct pending_id yes_id, no_id, unsure_id, otherwise_id;
	long long min, max;
};

struct loader {
	struct yread r;
	struct diag_list *diags;
	struct tree *tree;
	bool is_oom;
	/* A partial tree is wanted (tree_load_*_partial): references that
	 * lead nowhere are marked broken, and the tree is kept on errors. */
	bool is_partial;
	/* Nothing more is reported: a partial tree after a YAML error
	 * resolves what it read without speaking of what it could not. */
	bool is_quiet;
	/* Validating only (tree_check_*): texts that only the finished tree
	 * needs are not kept, texts needed while reading go to scratch (made
	 * empty at each question and outcome), questions are read into
	 * scratch_question and alloc_kept keeps no array: no tree is built.
	 * Building the tree all the same and dropping only its texts was
	 * measured (issue 14): as fast, but lint's peak memory on 100,000
	 * questions went from 20 MiB to 45 MiB, past the 34 MiB file that
	 * make bench holds it under. */
	bool is_check_only;
	struct arena scratch;
	struct tree_question scratch_question;
	uint32_t *qsym; /* per question: its sym */
	size_t qsym_capacity;

	struct strtab sym_index;
	struct sym *syms;
	uint32_t *sym_node; /* by sym: node_of its kind and index, or 0 */
	size_t sym_count;
	size_t sym_capacity;
	size_t sym_node_capacity;

	struct ref_list qrefs; /* edges out of questions, in file order */
	struct ref_list orefs; /* start and also_consider */
	uint32_t *qref_begin;  /* per question: its first edge in qrefs */
	uint32_t *qedge;       /* per qref, once resolved: its node, or 0 */

	size_t question_capacity;
	size_t qref_begin_capacity;
	size_t outcome_capacity;

	/* Scratch for the question being read. */
	struct draft_option *options;
	size_t option_count;
	size_t options_dropped; /* without a text: reported, still counted */
	size_t option_capacity;
	struct draft_band *bands;
	size_t band_count;
	size_t band_capacity;
	/* Scratch for list values. */
	const char **texts;
	size_t text_count;
	size_t text_capacity;
	struct draft_option *ids;
	size_t id_count;
	size_t id_capacity;

	/* runcheck/2. format is 0 until 'format' is read: until then, and in
	 * a runcheck/1 file, everything reads exactly as version 1. */
	int format;
	bool has_read_nodes;  /* questions or outcomes were read */
	bool has_start_ref;   /* start was resolved to a question */
	size_t errors_before; /* the diag_list's errors when loading began */
	struct route_draft *routes;
	size_t route_count, route_capacity;
	struct alt_draft *alts;
	size_t alt_count, alt_capacity;
	struct when_draft *whens;
	size_t when_count, when_capacity;
	struct answer_draft *answers;
	size_t answer_count, answer_capacity;
	struct qinfo *qinfo; /* per question, runcheck/2 only */
	size_t qinfo_capacity;
};

static int quote_len(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

static void error_at(struct loader *l, struct diag_pos pos, const char *fmt,
		     ...) __attribute__((format(printf, 3, 4)));

static void error_at(struct loader *l, struct diag_pos pos, const char *fmt,
		     ...)
{
	va_list ap;

	if (l->is_quiet)
		return;
	va_start(ap, fmt);
	diag_addv(l->diags, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

static void set_oom(struct loader *l)
{
	l->is_oom = true;
	l->r.is_broken = true;
	l->diags->is_oom = true;
}

/*
 * A reference that leads nowhere, in a partial tree: broken, naming id
 * (NULL for a missing target). Elsewhere the placeholder the loader has
 * always used, which a valid tree overwrites.
 */
static struct tree_ref broken_ref(struct loader *l, const char *id)
{
	struct tree *t = l->tree;
	struct tree_ref ref = {TREE_NODE_OUTCOME, 0, NULL};

	if (!l->is_partial)
		return ref;
	if (id != NULL) {
		if (mem_grow(&t->broken, &t->broken_capacity,
			     t->broken_count + 1, sizeof *t->broken) < 0) {
			set_oom(l);
			return ref;
		}
		t->broken[t->broken_count] = id;
		return (struct tree_ref){TREE_NODE_BROKEN,
					 (uint32_t)t->broken_count++, NULL};
	}
	return (struct tree_ref){TREE_NODE_BROKEN, UINT32_MAX, NULL};
}

static bool is_valid_id(const char *s, size_t len, bool allow_dash)
{
	size_t i;

	if (len == 0 || len > TREE_MAX_ID || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 1; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || (allow_dash && c == '-')))
			return false;
	}
	return true;
}

/* The sym for an id, made on first sight; NO_SYM when out of memory. */
static uint32_t intern_hashed(struct loader *l, const char *id, size_t len,
			      uint32_t hash)
{
	uint32_t n = strtab_get_hashed(&l->sym_index, id, len, hash);
	struct sym *sym;
	char *copy;

	if (n != STRTAB_NONE)
		return n;
	/* A sym's number is its number in sym_index. */
	if (mem_grow(&l->syms, &l->sym_capacity, l->sym_count + 1,
		     sizeof *l->syms) < 0 ||
	    mem_grow(&l->sym_node, &l->sym_node_capacity, l->sym_count + 1,
		     sizeof *l->sym_node) < 0 ||
	    (copy = arena_strndup(&l->tree->id_arena, id, len)) == NULL ||
	    strtab_put_hashed(&l->sym_index, copy, len, hash, NULL) !=
		    l->sym_count) {
		set_oom(l);
		return NO_SYM;
	}
	sym = &l->syms[l->sym_count];
	sym->id = copy;
	sym->pos = (struct diag_pos){0, 0};
	l->sym_node[l->sym_count] = 0;
	return (uint32_t)l->sym_count++;
}

static uint32_t intern(struct loader *l, const char *id, size_t len)
{
	return intern_hashed(l, id, len, strtab_hash(id, len));
}

/* The sym of a pending id (NO_SYM when it is missing or out of memory). */
static uint32_t intern_pending(struct loader *l, const struct pending_id *p)
{
	if (p->key == NULL)
		return NO_SYM;
	return intern_hashed(l, p->key, p->len, p->hash);
}

static void add_ref(struct loader *l, struct ref_list *list, uint32_t sym,
		    enum ref_field field, uint32_t owner, uint32_t sub,
		    struct diag_pos pos)
{
	struct ref *ref;

	if (sym == NO_SYM)
		return;
	if (mem_grow(&list->items, &list->capacity, list->count + 1,
		     sizeof *list->items) < 0) {
		set_oom(l);
		return;
	}
	ref = &list->items[list->count++];
	ref->sym = sym;
	ref->owner = owner;
	ref->pos = pos;
	ref->sub = (uint16_t)sub;
	ref->field = (uint8_t)field;
}

/* ---- values ------------------------------------------------------------ */

/* Reports a value of the wrong kind and skips it (an alias was already
 * reported as such). */
static void wrong_kind(struct loader *l, const char *what, const char *kind)
{
	if (yread_type(&l->r) != YAML_ALIAS_EVENT)
		error_at(l, yread_pos(&l->r), "%s must be %s", what, kind);
	yread_skip(&l->r);
}

/* What the texts that a check only does not keep read as: not NULL, so
 * that present and missing still differ. */
static const char dropped_text[] = "";

static void text_pos_note(struct loader *l, const char *text,
			  struct diag_pos pos);
static void text_pos_sort(struct tree *tree);

/* How read_text keeps a text. */
enum keep {
	KEEP_IN_TREE,	 /* in the tree, even when only checking */
	KEEP_WHILE_READ, /* in the tree, or in scratch when only checking */
	KEEP_FOR_TREE,	 /* in the tree; not at all when only checking */
};

/*
 * Reads a text value. Returns its copy, or NULL when the value is missing
 * (empty or null: not reported, the caller reports a missing key) or of
 * the wrong kind (reported here).
 */
static const char *read_text_kept(struct loader *l, const char *what,
				  enum keep keep)
{
	const char *s;
	size_t len;
	char *copy;

	if (yread_type(&l->r) != YAML_SCALAR_EVENT) {
		wrong_kind(l, what, "text");
		return NULL;
	}
	if (yread_is_null(&l->r))
		return NULL;
	if (l->is_check_only && keep == KEEP_FOR_TREE)
		return dropped_text;
	s = yread_text(&l->r, &len);
	copy = arena_strndup(l->is_check_only && keep == KEEP_WHILE_READ
				     ? &l->scratch
				     : &l->tree->arena,
			     s, len);
	if (copy == NULL)
		set_oom(l);
	else if (!l->is_check_only)
		text_pos_note(l, copy, yread_pos(&l->r));
	return copy;
}

static const char *read_text(struct loader *l, const char *what)
{
	return read_text_kept(l, what, KEEP_IN_TREE);
}

/* Reads an id reference: its sym, or NO_SYM when missing or wrong. */
static uint32_t read_ref(struct loader *l, const char *what)
{
	const char *s;
	size_t len;

	if (yread_type(&l->r) != YAML_SCALAR_EVENT) {
		wrong_kind(l, what, "an id");
		return NO_SYM;
	}
	if (yread_is_null(&l->r))
		return NO_SYM;
	s = yread_text(&l->r, &len);
	return intern(l, s, len);
}

/*
 * As read_ref, but the id is only copied to scratch and its slot asked
 * for (struct pending_id); finish_question looks it up. Returns false when
 * missing or wrong (*out then has no key).
 */
static bool read_ref_later(struct loader *l, const char *what,
			   struct pending_id *out)
{
	const char *s;
	size_t len;
	char *copy;

	out->key = NULL;
	if (yread_type(&l->r) != YAML_SCALAR_EVENT) {
		wrong_kind(l, what, "an id");
		return false;
	}
	if (yread_is_null(&l->r))
		return false;
	s = yread_text(&l->r, &len);
	if (len > UINT32_MAX ||
	    (copy = arena_strndup(&l->scratch, s, len)) == NULL) {
		set_oom(l);
		return false;
	}
	out->key = copy;
	out->len = (uint32_t)len;
	out->hash = strtab_hash(s, len);
	strtab_prefetch(&l->sym_index, out->hash);
	return true;
}

/* Reads a whole number; false when missing or wrong (wrong reported). */
static bool read_int(struct loader *l, const char *what, long long *out)
{
	const char *s;
	size_t len, i = 0;
	long long v = 0;
	bool is_negative = false;

	if (yread_type(&l->r) != YAML_SCALAR_EVENT) {
		wrong_kind(l, what, "a whole number");
		return false;
	}
	if (yread_is_null(&l->r))
		return false;
	s = yread_text(&l->r, &len);
	if (len > 0 && (s[0] == '-' || s[0] == '+')) {
		is_negative = s[0] == '-';
		i = 1;
	}
	if (!yread_is_plain(&l->r) || i == len)
		goto bad;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			goto bad;
		v = v * 10 + (s[i] - '0');
		if (v > TREE_MAX_NUMBER) {
			error_at(l, yread_pos(&l->r),
				 "%s '%.*s' is out of range (at most %lld "
				 "either side of 0)",
				 what, quote_len(len), s, TREE_MAX_NUMBER);
			return false;
		}
	}
	*out = is_negative ? -v : v;
	return true;
bad:
	error_at(l, yread_pos(&l->r), "%s must be a whole number, not '%.*s'",
		 what, quote_len(len), s);
	return false;
}

/*
 * Reads a list of texts into l->texts. Returns false when the value is
 * missing or not a list. Empty items are reported.
 */
static bool read_text_list(struct loader *l, const char *what)
{
	l->text_count = 0;
	if (yread_type(&l->r) == YAML_SCALAR_EVENT && yread_is_null(&l->r))
		return false;
	if (yread_type(&l->r) != YAML_SEQUENCE_START_EVENT) {
		wrong_kind(l, what, "a list");
		return false;
	}
	for (;;) {
		const char *text;

		if (!yread_next(&l->r))
			return false;
		if (yread_type(&l->r) == YAML_SEQUENCE_END_EVENT)
			return true;
		if (yread_type(&l->r) == YAML_SCALAR_EVENT &&
		    yread_is_null(&l->r)) {
			error_at(l, yread_pos(&l->r), "an item of %s is empty",
				 what);
			continue;
		}
		text = read_text_kept(l, what, KEEP_FOR_TREE);
		if (text == NULL)
			continue;
		if (l->text_count == TREE_MAX_LIST) {
			error_at(l, yread_pos(&l->r),
				 "%s has too many items (the limit is %d)",
				 what, TREE_MAX_LIST);
			continue;
		}
		if (mem_grow(&l->texts, &l->text_capacity, l->text_count + 1,
			     sizeof *l->texts) < 0) {
			set_oom(l);
			return false;
		}
		l->texts[l->text_count++] = text;
	}
}

/* Reads a list of id references into l->ids (sym in next, pos). */
static bool read_ref_list(struct loader *l, const char *what)
{
	l->id_count = 0;
	if (yread_type(&l->r) == YAML_SCALAR_EVENT && yread_is_null(&l->r))
		return false;
	if (yread_type(&l->r) != YAML_SEQUENCE_START_EVENT) {
		wrong_kind(l, what, "a list of ids");
		return false;
	}
	for (;;) {
		struct diag_pos pos;
		uint32_t sym;

		if (!yread_next(&l->r))
			return false;
		if (yread_type(&l->r) == YAML_SEQUENCE_END_EVENT)
			return true;
		pos = yread_pos(&l->r);
		if (yread_type(&l->r) == YAML_SCALAR_EVENT &&
		    yread_is_null(&l->r)) {
			error_at(l, pos, "an item of %s is empty", what);
			continue;
		}
		sym = read_ref(l, what);
		if (sym == NO_SYM)
			continue;
		if (l->id_count == TREE_MAX_LIST) {
			error_at(l, pos,
				 "%s has too many items (the limit is %d)",
				 what, TREE_MAX_LIST);
			continue;
		}
		if (mem_grow(&l->ids, &l->id_capacity, l->id_count + 1,
			     sizeof *l->ids) < 0) {
			set_oom(l);
			return false;
		}
		l->ids[l->id_count].next = sym;
		l->ids[l->id_count].next_pos = pos;
		l->id_count++;
	}
}

/*
 * True when one more item fits under limit in a list that holds *count.
 * The first item over it is reported and counted, so that it is said
 * once; those after it are dropped quietly.
 */
static bool has_room(struct loader *l, size_t *count, size_t limit,
		     struct diag_pos pos, const char *what)
{
	if (*count == limit) {
		error_at(l, pos, "too many %s (the limit is %zu)", what, limit);
		(*count)++;
	}
	return *count < limit;
}

/* mem_grow, with running out of memory recorded: false then. */
static bool grow(struct loader *l, void *array, size_t *capacity, size_t need,
		 size_t elem_size)
{
	if (mem_grow(array, capacity, need, elem_size) == 0)
		return true;
	set_oom(l);
	return false;
}

/*
 * Reports an unknown key of mapping m (yread_unknown_key) and returns the
 * number of the name it is taken for, so that its value is read as that
 * key's (one mistake, one diagnostic: not also "missing"); -1, with the
 * value skipped, when no name is close or that key was given already.
 */
static int unknown_key(struct loader *l, struct yread_map *m, const char *key,
		       size_t len, struct diag_pos pos, const char *where,
		       const char *const *names, size_t count)
{
	int i = yread_unknown_key(&l->r, pos, key, len, where, names, count);

	if (i >= 0 && (m->known & (1u << i)) == 0) {
		m->known |= 1u << i;
		m->known_pos[i] = pos;
		return i;
	}
	yread_skip(&l->r);
	return -1;
}

/* True when reading a value added an error: it was reported, and is not
 * to be reported again as missing. */
static bool was_reported(const struct loader *l, size_t errors_before)
{
	return l->diags->error_count > errors_before;
}

/* ---- routes (runcheck/2) ------------------------------------------------- */

/* True when the current value is a route: a list, in a runcheck/2 file. */
static bool is_route(const struct loader *l)
{
	return l->format == 2 && yread_type(&l->r) == YAML_SEQUENCE_START_EVENT;
}

/* Adds one answer name of a when's term; false when out of memory. */
static bool add_answer_name(struct loader *l)
{
	const char *s;
	size_t len;
	char *copy;

	if (mem_grow(&l->answers, &l->answer_capacity, l->answer_count + 1,
		     sizeof *l->answers) < 0)
		goto fail;
	s = yread_text(&l->r, &len);
	copy = arena_strndup(&l->tree->id_arena, s, len);
	if (copy == NULL)
		goto fail;
	l->answers[l->answer_count].name = copy;
	l->answers[l->answer_count].pos = yread_pos(&l->r);
	l->answer_count++;
	return true;
fail:
	set_oom(l);
	return false;
}

/* Reads the answers of one term: an answer, or a list of them. */
static void read_when_answers(struct loader *l, struct when_draft *w)
{
	struct diag_pos pos = yread_pos(&l->r);

	w->answer_begin = (uint32_t)l->answer_count;
	if (yread_type(&l->r) == YAML_SCALAR_EVENT) {
		if (yread_is_null(&l->r))
			error_at(l, pos, "'when' gives no answer for '%s'",
				 l->syms[w->sym].id);
		else
			add_answer_name(l);
	} else if (yread_type(&l->r) == YAML_SEQUENCE_START_EVENT) {
		while (yread_next(&l->r) &&
		       yread_type(&l->r) != YAML_SEQUENCE_END_EVENT) {
			if (yread_type(&l->r) != YAML_SCALAR_EVENT ||
			    yread_is_null(&l->r)) {
				wrong_kind(l, "an answer in 'when'",
					   "an option or band id, yes, no or "
					   "unsure");
				continue;
			}
			if (!add_answer_name(l))
				return;
		}
		if (!l->r.is_broken && l->answer_count == w->answer_begin)
			error_at(l, pos, "'when' gives no answer for '%s'",
				 l->syms[w->sym].id);
	} else {
		wrong_kind(l, "the answers in 'when'",
			   "an answer or a list of answers");
	}
	w->answer_count = (uint32_t)(l->answer_count - w->answer_begin);
}

/* Reads a when: a mapping of question id to answers. */
static void read_when(struct loader *l, struct alt_draft *alt)
{
	struct yread_map m;
	const char *key;
	size_t len;
	struct diag_pos pos = yread_pos(&l->r), kpos;

	alt->when_begin = (uint32_t)l->when_count;
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "'when'", "a mapping of question id to answers");
		return;
	}
	yread_map_init(&m, true);
	while (yread_map_next(&l->r, &m, &key, &len, &kpos) > 0) {
		struct when_draft *w;
		uint32_t sym = intern(l, key, len);

		if (sym == NO_SYM ||
		    mem_grow(&l->whens, &l->when_capacity, l->when_count + 1,
			     sizeof *l->whens) < 0) {
			set_oom(l);
			yread_skip(&l->r);
			continue;
		}
		w = &l->whens[l->when_count++];
		memset(w, 0, sizeof *w);
		w->sym = sym;
		w->pos = kpos;
		w->question = NO_SYM;
		read_when_answers(l, w);
	}
	yread_map_finish(&m);
	alt->when_count = (uint32_t)(l->when_count - alt->when_begin);
	if (!l->r.is_broken && alt->when_count == 0)
		error_at(l, pos, "'when' names no question");
}

enum { AK_WHEN, AK_GO };
static const char *const alt_keys[] = {"when", "go"};

static int alt_key_find(const char *key, size_t len)
{
	if (len == 2)
		return memcmp(key, "go", 2) == 0 ? AK_GO : -1;
	return len == 4 && memcmp(key, "when", 4) == 0 ? AK_WHEN : -1;
}

/* Reads one alternative of route r and adds it. */
static void read_alt(struct loader *l, uint32_t r)
{
	struct alt_draft alt = {.go = NO_SYM};
	struct yread_map m;
	const char *key;
	size_t len;
	struct diag_pos kpos;
	bool has_go = false;

	alt.pos = yread_pos(&l->r);
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "an alternative", "a mapping with 'go'");
		return;
	}
	yread_map_init_known(&m, alt_key_find, alt_keys);
	while (yread_map_next(&l->r, &m, &key, &len, &kpos) > 0) {
		int which = m.which >= 0 ? m.which
					 : unknown_key(l, &m, key, len, kpos,
						       " in an alternative",
						       alt_keys, 2);

		if (which == AK_GO) {
			has_go = true;
			alt.go_pos = yread_pos(&l->r);
			alt.go = read_ref(l, "'go'");
			if (alt.go == NO_SYM &&
			    yread_type(&l->r) == YAML_SCALAR_EVENT)
				has_go = false; /* empty: missing */
		} else if (which == AK_WHEN) {
			alt.has_when = true;
			alt.when_pos = kpos;
			read_when(l, &alt);
		}
	}
	yread_map_finish(&m);
	if (l->r.is_broken)
		return;
	if (!has_go)
		error_at(l, alt.pos, "alternative is missing 'go'");
	if (has_room(l, &l->routes[r].alt_count, TREE_MAX_ALTS, alt.pos,
		     "alternatives") &&
	    grow(l, &l->alts, &l->alt_capacity, l->alt_count + 1,
		 sizeof *l->alts)) {
		l->alts[l->alt_count++] = alt;
		l->routes[r].alt_count++;
	}
}

/*
 * Reads a route: a list of alternatives, of which only the last has no
 * when. Returns its index in l->routes even when it is wrong (reported
 * here: the edge is given, not missing), NO_ROUTE only when out of memory.
 */
static uint32_t read_route(struct loader *l, const char *what)
{
	struct route_draft *route;
	uint32_t r, k;

	if (mem_grow(&l->routes, &l->route_capacity, l->route_count + 1,
		     sizeof *l->routes) < 0) {
		set_oom(l);
		yread_skip(&l->r);
		return NO_ROUTE;
	}
	r = (uint32_t)l->route_count++;
	route = &l->routes[r];
	memset(route, 0, sizeof *route);
	route->pos = yread_pos(&l->r);
	route->alt_begin = (uint32_t)l->alt_count;
	while (yread_next(&l->r) &&
	       yread_type(&l->r) != YAML_SEQUENCE_END_EVENT)
		read_alt(l, r);
	route = &l->routes[r];
	if (route->alt_count > TREE_MAX_ALTS)
		route->alt_count = TREE_MAX_ALTS;
	if (l->r.is_broken)
		return r;
	if (route->alt_count == 0) {
		error_at(l, route->pos, "%s has an empty list of alternatives",
			 what);
		return r;
	}
	for (k = 0; k < route->alt_count; k++) {
		const struct alt_draft *alt = &l->alts[route->alt_begin + k];
		bool is_last = k + 1 == route->alt_count;

		if (is_last && alt->has_when)
			error_at(l, alt->when_pos,
				 "the last alternative of %s must have no "
				 "'when': it is taken when no other holds",
				 what);
		else if (!is_last && !alt->has_when)
			error_at(l, alt->pos,
				 "alternative is missing 'when' (only the "
				 "last alternative of %s goes without)",
				 what);
	}
	return r;
}

/*
 * Makes the edges of route r, the edge of question q's field (option or
 * band sub): one reference a alternative, so that cycles and references
 * are checked on every alternative whatever its when.
 */
static void add_route_refs(struct loader *l, uint32_t r, uint32_t q,
			   enum ref_field field, uint32_t sub)
{
	struct route_draft *route = &l->routes[r];
	uint32_t k;

	route->question = q;
	route->field = (uint8_t)field;
	route->sub = (uint16_t)sub;
	route->is_live = true;
	l->tree->has_routes = true;
	for (k = 0; k < route->alt_count; k++) {
		struct alt_draft *alt = &l->alts[route->alt_begin + k];

		alt->ref = (uint32_t)l->qrefs.count;
		if (alt->go == NO_SYM)
			alt->ref = UINT32_MAX;
		else
			add_ref(l, &l->qrefs, alt->go, REF_ALT, r, k,
				alt->go_pos);
	}
}

/* ---- options and bands --------------------------------------------------- */

/* The keys of an option and of a band, for yread_map_init_known. */
enum { OK_TEXT, OK_NEXT, OK_ID };
static const char *const option_keys[] = {"text", "next", "id"};

static int option_key_find(const char *key, size_t len)
{
	if (len == 2)
		return memcmp(key, "id", 2) == 0 ? OK_ID : -1;
	if (len != 4)
		return -1;
	if (memcmp(key, "text", 4) == 0)
		return OK_TEXT;
	return memcmp(key, "next", 4) == 0 ? OK_NEXT : -1;
}

enum { BK_FROM, BK_TO, BK_NEXT, BK_ID };
static const char *const band_keys[] = {"from", "to", "next", "id"};

static int band_key_find(const char *key, size_t len)
{
	if (len == 2)
		return memcmp(key, "to", 2) == 0   ? BK_TO
		       : memcmp(key, "id", 2) == 0 ? BK_ID
						   : -1;
	if (len != 4)
		return -1;
	if (memcmp(key, "from", 4) == 0)
		return BK_FROM;
	return memcmp(key, "next", 4) == 0 ? BK_NEXT : -1;
}

/* Reads an option's or a band's next: an id, or a route (runcheck/2). */
static void read_next(struct loader *l, struct diag_pos *pos, uint32_t *route,
		      struct pending_id *id)
{
	*pos = yread_pos(&l->r);
	if (is_route(l))
		*route = read_route(l, "'next'");
	else
		read_ref_later(l, "'next'", id);
}

/*
 * The number of the key of an option or a band that mapping m is at, its
 * last key id_key ('id', a key of runcheck/2 only); an unknown key is
 * reported (unknown_key) among the keys the file's format has, and read
 * as the one it is taken for, or -1.
 */
static int answer_key(struct loader *l, struct yread_map *m, const char *key,
		      size_t len, struct diag_pos pos, const char *where,
		      const char *const *names, int id_key)
{
	int which = m->which;
	size_t count = (size_t)id_key + (l->format == 2);

	if (which >= 0 && (size_t)which < count)
		return which;
	return unknown_key(l, m, key, len, pos, where, names, count);
}

/* Reads an option's or a band's id (runcheck/2), kept to the end: a when
 * names answers by it. */
static const char *read_answer_id(struct loader *l, struct diag_pos *pos)
{
	*pos = yread_pos(&l->r);
	return read_text_kept(l, "'id'", KEEP_IN_TREE);
}

static void read_option(struct loader *l)
{
	struct draft_option option = {.next = NO_SYM, .route = NO_ROUTE};
	struct yread_map m;
	const char *key;
	size_t len;
	struct diag_pos key_pos;
	bool is_text_reported = false;

	yread_map_init_known(&m, option_key_find, option_keys);
	option.pos = yread_pos(&l->r);
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "an option", "a mapping with 'text' and 'next'");
		return;
	}
	while (yread_map_next(&l->r, &m, &key, &len, &key_pos) > 0) {
		/* Before unknown_key: a misspelt key, said, is not missing. */
		size_t errors_before = l->diags->error_count;
		int which = answer_key(l, &m, key, len, key_pos,
				       " in an option", option_keys, OK_ID);

		if (which == OK_TEXT) {
			option.text =
				read_text_kept(l, "'text'", KEEP_WHILE_READ);
			is_text_reported = was_reported(l, errors_before);
		} else if (which == OK_NEXT) {
			read_next(l, &option.next_pos, &option.route,
				  &option.next_id);
		} else if (which == OK_ID) {
			option.id = read_answer_id(l, &option.id_pos);
		}
	}
	yread_map_finish(&m);
	if (option.text == NULL) {
		/* Said once; the question still counts it as an option. */
		if (!is_text_reported)
			error_at(l, option.pos, "option is missing 'text'");
		l->options_dropped++;
		return;
	}
	if (has_room(l, &l->option_count, TREE_MAX_OPTIONS, option.pos,
		     "options") &&
	    grow(l, &l->options, &l->option_capacity, l->option_count + 1,
		 sizeof *l->options))
		l->options[l->option_count++] = option;
}

static void read_options(struct loader *l)
{
	if (yread_type(&l->r) != YAML_SEQUENCE_START_EVENT) {
		wrong_kind(l, "'options'", "a list");
		return;
	}
	while (yread_next(&l->r) &&
	       yread_type(&l->r) != YAML_SEQUENCE_END_EVENT)
		read_option(l);
}

static void read_band(struct loader *l)
{
	struct draft_band band = {.next = NO_SYM, .route = NO_ROUTE};
	struct yread_map m;
	const char *key;
	size_t len;
	struct diag_pos key_pos;
	bool has_from = false, has_to = false;
	uint32_t reported = 0; /* bits by BK_: a bad value, said already */

	yread_map_init_known(&m, band_key_find, band_keys);
	band.pos = yread_pos(&l->r);
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "a band",
			   "a mapping with 'from', 'to' and 'next'");
		return;
	}
	while (yread_map_next(&l->r, &m, &key, &len, &key_pos) > 0) {
		size_t errors_before = l->diags->error_count;
		int which = answer_key(l, &m, key, len, key_pos, " in a band",
				       band_keys, BK_ID);

		if (which == BK_FROM) {
			has_from = read_int(l, "'from'", &band.from);
		} else if (which == BK_TO) {
			has_to = read_int(l, "'to'", &band.to);
		} else if (which == BK_NEXT) {
			read_next(l, &band.next_pos, &band.route,
				  &band.next_id);
		} else if (which == BK_ID) {
			band.id = read_answer_id(l, &band.id_pos);
		}
		if (which >= 0 && was_reported(l, errors_before))
			reported |= 1u << which;
	}
	yread_map_finish(&m);
	if (!has_from && !(reported & 1u << BK_FROM))
		error_at(l, band.pos, "band is missing 'from'");
	if (!has_to && !(reported & 1u << BK_TO))
		error_at(l, band.pos, "band is missing 'to'");
	if (band.next_id.key == NULL && band.route == NO_ROUTE &&
	    !(reported & 1u << BK_NEXT))
		error_at(l, band.pos, "band is missing 'next'");
	band.is_complete = has_from && has_to;
	if (has_room(l, &l->band_count, TREE_MAX_BANDS, band.pos, "bands") &&
	    grow(l, &l->bands, &l->band_capacity, l->band_count + 1,
		 sizeof *l->bands))
		l->bands[l->band_count++] = band;
}

static void read_bands(struct loader *l)
{
	if (yread_type(&l->r) != YAML_SEQUENCE_START_EVENT) {
		wrong_kind(l, "'bands'", "a list");
		return;
	}
	while (yread_next(&l->r) &&
	       yread_type(&l->r) != YAML_SEQUENCE_END_EVENT)
		read_band(l);
}

/* ---- questions ------------------------------------------------------------ */

/* By enum tree_qtype. */
static const char *const qtype_names[] = {"choice", "yesno", "multi", "scale"};

/*
 * Reports an unknown word for a closed set (a question type, a triage
 * level): "unknown WHAT 'WORD'; did you mean 'NAME'?" when one of names is
 * close, else "...; use CHOICES".
 */
static void unknown_word(struct loader *l, struct diag_pos pos,
			 const char *what, const char *word,
			 const char *const *names, size_t count,
			 const char *choices)
{
	size_t len = strlen(word);
	const char *best = suggest_among(word, len, names, count);

	if (best != NULL)
		error_at(l, pos, "unknown %s '%.*s'; did you mean '%s'?", what,
			 quote_len(len), word, best);
	else
		error_at(l, pos, "unknown %s '%.*s'; use %s", what,
			 quote_len(len), word, choices);
}

const char *tree_qtype_name(enum tree_qtype type)
{
	return (size_t)type < sizeof(qtype_names) / sizeof(*qtype_names)
		       ? qtype_names[type]
		       : "?";
}

const char *tree_ref_id(const struct tree *tree, struct tree_ref ref)
{
	switch (ref.kind) {
	case TREE_NODE_QUESTION:
		return tree_question(tree, ref.index)->id;
	case TREE_NODE_OUTCOME:
		return tree_outcome(tree, ref.index)->id;
	case TREE_NODE_BROKEN:
		break;
	}
	return tree_broken_id(tree, ref.index);
}

#define QK_BIT(k) (1u << (k))

/* The keys each type takes, as bits by qkey. */
static uint32_t qkeys_of(enum tree_qtype type)
{
	const uint32_t common = QK_BIT(QK_ASK) | QK_BIT(QK_WHY) |
				QK_BIT(QK_TYPE) | QK_BIT(QK_LABEL);

	switch (type) {
	case TREE_CHOICE:
		return common | QK_BIT(QK_OPTIONS);
	case TREE_MULTI:
		return common | QK_BIT(QK_OPTIONS) | QK_BIT(QK_OTHERWISE);
	case TREE_YESNO:
		return common | QK_BIT(QK_YES) | QK_BIT(QK_NO) |
		       QK_BIT(QK_UNSURE);
	case TREE_SCALE:
		return common | QK_BIT(QK_MIN) | QK_BIT(QK_MAX) |
		       QK_BIT(QK_BANDS);
	}
	return common;
}

static void read_question_value(struct loader *l, struct draft_question *d,
				enum qkey k)
{
	/* qkey_names in quotes, for messages: no snprintf per key. */
	static const char *const qkey_quoted[QK_COUNT] = {
		"'ask'", "'why'", "'type'",   "'options'",
		"'yes'", "'no'",  "'unsure'", "'otherwise'",
		"'min'", "'max'", "'bands'",  "'label'",
	};
	const char *quoted = qkey_quoted[k];

	d->value_pos[k] = yread_pos(&l->r);
	switch (k) {
	case QK_ASK:
		d->ask = read_text_kept(l, quoted, KEEP_FOR_TREE);
		d->has[k] = d->ask != NULL;
		break;
	case QK_WHY:
		d->why = read_text_kept(l, quoted, KEEP_FOR_TREE);
		break;
	case QK_LABEL:
		d->label = read_text_kept(l, quoted, KEEP_FOR_TREE);
		break;
	case QK_TYPE: {
		const char *type = read_text_kept(l, quoted, KEEP_WHILE_READ);
		static const enum tree_qtype types[] = {TREE_CHOICE, TREE_YESNO,
							TREE_MULTI, TREE_SCALE};
		size_t i;

		if (type == NULL) {
			d->has[k] = false;
			break;
		}
		for (i = 0; i < 4; i++)
			if (strcmp(type, tree_qtype_name(types[i])) == 0) {
				d->type = types[i];
				d->is_type_known = true;
			}
		if (!d->is_type_known)
			unknown_word(l, d->value_pos[k], "question type", type,
				     qtype_names, 4,
				     "choice, yesno, multi or scale");
		break;
	}
	case QK_OPTIONS:
		read_options(l);
		break;
	case QK_YES:
		if (is_route(l)) {
			d->yes_route = read_route(l, quoted);
			d->has[k] = d->yes_route != NO_ROUTE;
		} else {
			d->has[k] = read_ref_later(l, quoted, &d->yes_id);
		}
		break;
	case QK_NO:
		if (is_route(l)) {
			d->no_route = read_route(l, quoted);
			d->has[k] = d->no_route != NO_ROUTE;
		} else {
			d->has[k] = read_ref_later(l, quoted, &d->no_id);
		}
		break;
	case QK_UNSURE:
		if (is_route(l)) {
			d->unsure_route = read_route(l, quoted);
			d->has[k] = d->unsure_route != NO_ROUTE;
		} else {
			d->has[k] = read_ref_later(l, quoted, &d->unsure_id);
		}
		break;
	case QK_OTHERWISE:
		if (is_route(l)) {
			d->otherwise_route = read_route(l, quoted);
			d->has[k] = d->otherwise_route != NO_ROUTE;
		} else {
			d->has[k] = read_ref_later(l, quoted, &d->otherwise_id);
		}
		break;
	case QK_MIN:
		d->has[k] = read_int(l, quoted, &d->min);
		break;
	case QK_MAX:
		d->has[k] = read_int(l, quoted, &d->max);
		break;
	case QK_BANDS:
		read_bands(l);
		break;
	case QK_COUNT:
		break;
	}
}

/*
 * Warns about an option text that the engine takes for something else: a
 * command word (back, why, ...) or a whole number, which picks an option
 * by its number. Such an option can still be picked, by its number.
 */
static void check_option_words(struct loader *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *text = l->options[i].text;
		bool is_command = engine_is_command(text);

		if (is_command || engine_is_number(text))
			diag_add(l->diags, DIAG_WARNING, l->options[i].pos,
				 "option text '%.*s' is %s; it can only be "
				 "picked by its number",
				 quote_len(strlen(text)), text,
				 is_command ? "a command word"
					    : "a whole number");
	}
}

static void check_option_texts(struct loader *l)
{
	size_t lens[TREE_MAX_OPTIONS];
	size_t n = l->option_count;
	size_t i, j;

	if (n > TREE_MAX_OPTIONS)
		n = TREE_MAX_OPTIONS;
	check_option_words(l, n);
	for (i = 0; i < n; i++)
		lens[i] = strlen(l->options[i].text);
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++)
			if (text_equal_fold_n(l->options[i].text, lens[i],
					      l->options[j].text, lens[j])) {
				error_at(l, l->options[i].pos,
					 "option '%.*s' is given twice (first "
					 "at %u:%u)",
					 quote_len(lens[i]), l->options[i].text,
					 l->options[j].pos.line,
					 l->options[j].pos.column);
				break;
			}
}

static void check_bands(struct loader *l, const struct draft_question *d)
{
	size_t i;

	if (d->min >= d->max) {
		error_at(l, d->value_pos[QK_MIN],
			 "'min' (%lld) must be less than 'max' (%lld)", d->min,
			 d->max);
		return;
	}
	for (i = 0; i < l->band_count; i++) {
		const struct draft_band *b = &l->bands[i];
		const struct draft_band *prev = i > 0 ? &l->bands[i - 1] : NULL;

		if (!b->is_complete || (prev != NULL && !prev->is_complete))
			return;
		if (b->from > b->to) {
			error_at(l, b->pos,
				 "band runs backwards (from %lld to "
				 "%lld)",
				 b->from, b->to);
			return;
		}
		if (b->from < d->min || b->to > d->max) {
			error_at(l, b->pos,
				 "band %lld to %lld strays outside %lld to "
				 "%lld",
				 b->from, b->to, d->min, d->max);
			return;
		}
		if (prev == NULL && b->from > d->min)
			error_at(l, b->pos,
				 "bands leave a gap: %lld to %lld is not "
				 "covered",
				 d->min, b->from - 1);
		if (prev != NULL && b->from < prev->from) {
			error_at(l, b->pos,
				 "bands are out of order: %lld to "
				 "%lld comes after %lld to %lld",
				 b->from, b->to, prev->from, prev->to);
			return;
		}
		if (prev != NULL && b->from <= prev->to)
			error_at(l, b->pos,
				 "band %lld to %lld overlaps the band before "
				 "it (%lld to %lld)",
				 b->from, b->to, prev->from, prev->to);
		if (prev != NULL && b->from > prev->to + 1)
			error_at(l, b->pos,
				 "bands leave a gap: %lld to %lld is not "
				 "covered",
				 prev->to + 1, b->from - 1);
		if (i + 1 == l->band_count && b->to < d->max)
			error_at(l, b->pos,
				 "bands leave a gap: %lld to %lld is not "
				 "covered",
				 b->to + 1, d->max);
	}
}

/* True when key k is missing and no bad value of it was reported. */
static bool is_missing(const struct draft_question *d, enum qkey k)
{
	return !d->has[k] && (d->reported & QK_BIT(k)) == 0;
}

/* Adds an edge of question q: a plain reference, or a route's. */
static void add_edge(struct loader *l, uint32_t sym, uint32_t route,
		     enum ref_field field, uint32_t q, uint32_t sub,
		     struct diag_pos pos)
{
	if (route != NO_ROUTE)
		add_route_refs(l, route, q, field, sub);
	else
		add_ref(l, &l->qrefs, sym, field, q, sub, pos);
}

/*
 * Checks the ids of a question's options or bands (runcheck/2): the id
 * rule, and each id once. ids[i] and pos[i] for i < n; what is an id,
 * "option" or "band".
 */
static void check_answer_ids(struct loader *l, const char *const *ids,
			     const struct diag_pos *pos, size_t n,
			     const char *what)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		size_t len;

		if (ids[i] == NULL)
			continue;
		len = strlen(ids[i]);
		if (!is_valid_id(ids[i], len, false)) {
			error_at(l, pos[i],
				 "invalid %s id '%.*s': use a lowercase "
				 "letter, then lowercase letters, digits and "
				 "'_', at most %d in all",
				 what, quote_len(len), ids[i], TREE_MAX_ID);
			continue;
		}
		for (j = 0; j < i; j++)
			if (ids[j] != NULL && strcmp(ids[i], ids[j]) == 0) {
				error_at(l, pos[i],
					 "%s id '%s' is given twice (first at "
					 "%u:%u)",
					 what, ids[i], pos[j].line,
					 pos[j].column);
				break;
			}
	}
}

/*
 * Keeps what a when needs to know of question index (runcheck/2): its
 * type and its answers' ids, checked here.
 */
static void keep_qinfo(struct loader *l, const struct draft_question *d,
		       uint32_t index)
{
	struct qinfo *info;
	const char **ids = NULL;
	struct diag_pos pos[TREE_MAX_OPTIONS]; /* bands too: */
	_Static_assert(TREE_MAX_BANDS <= TREE_MAX_OPTIONS, "pos holds bands");
	size_t n = 0, i;

	info = &l->qinfo[index];
	info->is_known = true;
	info->type = d->type;
	info->has_unsure = d->has[QK_UNSURE];
	if (d->type == TREE_CHOICE || d->type == TREE_MULTI)
		n = l->option_count;
	else if (d->type == TREE_SCALE)
		n = l->band_count;
	else
		info->answer_count = d->has[QK_UNSURE] ? 3 : 2;
	if (n == 0)
		return;
	ids = arena_alloc(&l->tree->arena, n * sizeof *ids);
	if (ids == NULL) {
		set_oom(l);
		return;
	}
	for (i = 0; i < n; i++) {
		bool is_band = d->type == TREE_SCALE;

		ids[i] = is_band ? l->bands[i].id : l->options[i].id;
		pos[i] = is_band ? l->bands[i].id_pos : l->options[i].id_pos;
	}
	check_answer_ids(l, ids, pos, n,
			 d->type == TREE_SCALE ? "band" : "option");
	info->ids = ids;
	info->answer_count = (uint32_t)n;
}

/* An array of n items of size bytes in the tree, for what only the
 * finished tree reads: NULL when only checking (nothing is kept), or when
 * out of memory (then l->is_oom is set). */
static void *alloc_kept(struct loader *l, size_t n, size_t size)
{
	void *p;

	if (l->is_check_only)
		return NULL;
	p = n <= SIZE_MAX / size ? arena_alloc(&l->tree->arena, n * size)
				 : NULL;
	if (p == NULL)
		set_oom(l);
	return p;
}

/* The options of choice or multi question q (number index, id), read
 * into d and l->options: checked, and their edges added. */
static void finish_options(struct loader *l, struct draft_question *d,
			   struct tree_question *q, uint32_t index,
			   const char *id)
{
	struct tree_option *options;
	size_t i;

	if (!d->has[QK_OPTIONS]) {
		if (is_missing(d, QK_OPTIONS))
			error_at(l, d->map_pos,
				 "question '%s' is missing 'options'", id);
		return;
	}
	if (d->type == TREE_CHOICE && l->option_count + l->options_dropped < 2)
		error_at(l, d->value_pos[QK_OPTIONS],
			 "a choice question needs at least 2 options");
	if (d->type == TREE_MULTI && l->option_count + l->options_dropped == 0)
		error_at(l, d->value_pos[QK_OPTIONS],
			 "a multi question needs at least 1 option");
	if (d->type == TREE_MULTI && is_missing(d, QK_OTHERWISE))
		error_at(l, d->map_pos, "question '%s' is missing 'otherwise'",
			 id);
	if (l->option_count > TREE_MAX_OPTIONS)
		l->option_count = TREE_MAX_OPTIONS;
	check_option_texts(l);
	if (l->option_count == 0)
		return;
	options = alloc_kept(l, l->option_count, sizeof *options);
	if (l->is_oom)
		return;
	for (i = 0; i < l->option_count; i++) {
		const struct draft_option *o = &l->options[i];
		bool has_next = o->next != NO_SYM || o->route != NO_ROUTE;

		if (options != NULL) {
			options[i].text = o->text;
			options[i].id = o->id;
			options[i].has_next = has_next;
			options[i].next = broken_ref(l, NULL);
		}
		if (has_next)
			add_edge(l, o->next, o->route, REF_OPTION, index,
				 (uint32_t)i, o->next_pos);
		else if (d->type == TREE_CHOICE)
			error_at(l, o->pos, "option '%.*s' is missing 'next'",
				 quote_len(strlen(o->text)), o->text);
	}
	q->options = options;
	q->option_count = l->option_count;
	if (d->type == TREE_MULTI && d->has[QK_OTHERWISE])
		add_edge(l, d->otherwise, d->otherwise_route, REF_OTHERWISE,
			 index, 0, d->value_pos[QK_OTHERWISE]);
}

/* The answers of yes/no question q (number index, id). */
static void finish_yesno(struct loader *l, struct draft_question *d,
			 struct tree_question *q, uint32_t index,
			 const char *id)
{
	if (is_missing(d, QK_YES))
		error_at(l, d->map_pos, "question '%s' is missing 'yes'", id);
	if (is_missing(d, QK_NO))
		error_at(l, d->map_pos, "question '%s' is missing 'no'", id);
	if (d->has[QK_YES])
		add_edge(l, d->yes, d->yes_route, REF_YES, index, 0,
			 d->value_pos[QK_YES]);
	if (d->has[QK_NO])
		add_edge(l, d->no, d->no_route, REF_NO, index, 0,
			 d->value_pos[QK_NO]);
	if (d->has[QK_UNSURE]) {
		q->has_unsure = true;
		add_edge(l, d->unsure, d->unsure_route, REF_UNSURE, index, 0,
			 d->value_pos[QK_UNSURE]);
	}
}

/* The range and bands of scale question q (number index, id), read into
 * d and l->bands: checked, and their edges added. */
static void finish_scale(struct loader *l, struct draft_question *d,
			 struct tree_question *q, uint32_t index,
			 const char *id)
{
	struct tree_band *bands;
	size_t i;

	if (is_missing(d, QK_MIN))
		error_at(l, d->map_pos, "question '%s' is missing 'min'", id);
	if (is_missing(d, QK_MAX))
		error_at(l, d->map_pos, "question '%s' is missing 'max'", id);
	if (!d->has[QK_BANDS]) {
		if (is_missing(d, QK_BANDS))
			error_at(l, d->map_pos,
				 "question '%s' is missing 'bands'", id);
		return;
	}
	if (l->band_count > TREE_MAX_BANDS)
		l->band_count = TREE_MAX_BANDS;
	if (l->band_count == 0) {
		error_at(l, d->value_pos[QK_BANDS],
			 "a scale question needs at least 1 band");
		return;
	}
	if (d->has[QK_MIN] && d->has[QK_MAX])
		check_bands(l, d);
	q->min = d->min;
	q->max = d->max;
	bands = alloc_kept(l, l->band_count, sizeof *bands);
	if (l->is_oom)
		return;
	for (i = 0; i < l->band_count; i++) {
		if (bands != NULL) {
			bands[i].from = l->bands[i].from;
			bands[i].to = l->bands[i].to;
			bands[i].id = l->bands[i].id;
			bands[i].next = broken_ref(l, NULL);
		}
		add_edge(l, l->bands[i].next, l->bands[i].route, REF_BAND,
			 index, (uint32_t)i, l->bands[i].next_pos);
	}
	q->bands = bands;
	q->band_count = l->band_count;
}

/* Checks a question read into d and the scratch lists, and adds it. */
static void finish_question(struct loader *l, struct draft_question *d,
			    uint32_t index, const char *id)
{
	struct tree_question *q = l->is_check_only ? &l->scratch_question
						   : &l->tree->questions[index];
	int k;
	uint32_t given = 0;
	size_t i;

	q->id = id;
	q->ask = d->ask;
	q->label = d->label != NULL ? d->label : d->ask;
	q->why = d->why;
	q->yes = q->no = q->unsure = q->otherwise = broken_ref(l, NULL);
	q->type = d->is_type_known ? d->type : TREE_CHOICE;
	l->qref_begin[index] = (uint32_t)l->qrefs.count;
	if (d->has[QK_TYPE] && !d->is_type_known)
		return; /* reported; its other keys would only add noise */
	if (!d->has[QK_TYPE])
		d->type = TREE_CHOICE;
	/* The ids read, looked up now that their slots are in the cache. */
	d->yes = intern_pending(l, &d->yes_id);
	d->no = intern_pending(l, &d->no_id);
	d->unsure = intern_pending(l, &d->unsure_id);
	d->otherwise = intern_pending(l, &d->otherwise_id);
	for (i = 0; i < l->option_count && i < TREE_MAX_OPTIONS; i++)
		l->options[i].next = intern_pending(l, &l->options[i].next_id);
	for (i = 0; i < l->band_count && i < TREE_MAX_BANDS; i++)
		l->bands[i].next = intern_pending(l, &l->bands[i].next_id);
	/* Keys of another type: as bits, tested without a branch a key. */
	for (k = 0; k < QK_COUNT; k++)
		given |= (uint32_t)d->has[k] << k;
	if ((given & ~qkeys_of(d->type)) != 0)
		for (k = 0; k < QK_COUNT; k++)
			if ((given & ~qkeys_of(d->type) & QK_BIT(k)) != 0)
				error_at(l, d->key_pos[k],
					 "unknown key '%s' for a %s question",
					 qkey_names[k],
					 tree_qtype_name(d->type));
	if (d->ask == NULL && is_missing(d, QK_ASK))
		error_at(l, d->map_pos, "question '%s' is missing 'ask'", id);
	switch (d->type) {
	case TREE_CHOICE:
	case TREE_MULTI:
		finish_options(l, d, q, index, id);
		break;
	case TREE_YESNO:
		finish_yesno(l, d, q, index, id);
		break;
	case TREE_SCALE:
		finish_scale(l, d, q, index, id);
		break;
	}
	if (l->is_oom)
		return;
	if (l->format == 2)
		keep_qinfo(l, d, index);
}

static void check_id(struct loader *l, const char *key, size_t len,
		     struct diag_pos pos)
{
	if (!is_valid_id(key, len, false))
		error_at(l, pos,
			 "invalid id '%.*s': use a lowercase letter, then "
			 "lowercase letters, digits and '_', at most %d in all",
			 quote_len(len), key, TREE_MAX_ID);
}

/*
 * Gives the id its question or outcome. Returns false when it has one
 * already (reported) or when out of memory; else its copy in *id and its
 * sym in *sym_out (when not NULL).
 */
static bool define_hashed(struct loader *l, const char *key, size_t len,
			  uint32_t hash, struct diag_pos pos,
			  enum sym_kind kind, uint32_t index, const char **id,
			  uint32_t *sym_out)
{
	uint32_t s;
	struct sym *sym;

	s = intern_hashed(l, key, len, hash);
	if (s == NO_SYM)
		return false;
	sym = &l->syms[s];
	*id = sym->id;
	if (sym_out != NULL)
		*sym_out = s;
	if (l->sym_node[s] != 0) {
		if (node_kind(l->sym_node[s]) == kind)
			error_at(l, pos,
				 "duplicate key '%.*s' (first at %u:%u)",
				 quote_len(len), key, sym->pos.line,
				 sym->pos.column);
		else
			error_at(l, pos,
				 "id '%.*s' is already used by %s (at %u:%u)",
				 quote_len(len), key,
				 node_kind(l->sym_node[s]) == SYM_QUESTION
					 ? "a question"
					 : "an outcome",
				 sym->pos.line, sym->pos.column);
		return false;
	}
	l->sym_node[s] = node_of(kind, index);
	sym->pos = pos;
	return true;
}

static bool define(struct loader *l, const char *key, size_t len,
		   struct diag_pos pos, enum sym_kind kind, uint32_t index,
		   const char **id, uint32_t *sym_out)
{
	check_id(l, key, len, pos);
	return define_hashed(l, key, len, strtab_hash(key, len), pos, kind,
			     index, id, sym_out);
}

/* The qkey named key, or -1. A perfect hash of the twelve names,
 * ((first byte ^ second byte) + length) % 32, picks the one name to compare
 * with: a loop over the names mispredicted a branch at almost every key. */
static int qkey_find(const char *key, size_t len)
{
	/* strlen of each of qkey_names. */
	static const size_t lens[QK_COUNT] = {3, 3, 4, 7, 3, 2,
					      6, 9, 3, 3, 5, 5};
	/* By hash: the qkey + 1, or 0. */
	static const unsigned char by_hash[32] = {
		[21] = QK_ASK + 1,   [2] = QK_WHY + 1,
		[17] = QK_TYPE + 1,  [6] = QK_OPTIONS + 1,
		[31] = QK_YES + 1,   [3] = QK_NO + 1,
		[1] = QK_UNSURE + 1, [4] = QK_OTHERWISE + 1,
		[7] = QK_MIN + 1,    [15] = QK_MAX + 1,
		[8] = QK_BANDS + 1,  [18] = QK_LABEL + 1,
	};
	int i;

	/* No name is shorter than 2 bytes; the key ends in a NUL. */
	if (len < 2 || len > 9)
		return -1;
	i = by_hash[(((unsigned char)key[0] ^ (unsigned char)key[1]) + len) &
		    31] -
	    1;
	if (i < 0 || lens[i] != len || memcmp(key, qkey_names[i], len) != 0)
		return -1;
	return i;
}

/*
 * Defines question number index (the next) with the id key: NULL when the
 * id has a node already (reported) or when out of memory, else the id's
 * copy.
 */
static const char *add_question(struct loader *l, const char *key, size_t len,
				uint32_t hash, struct diag_pos key_pos,
				size_t index)
{
	const char *id;
	uint32_t sym;

	if ((!l->is_check_only &&
	     mem_grow(&l->tree->questions, &l->question_capacity, index + 1,
		      sizeof *l->tree->questions) < 0) ||
	    mem_grow(&l->qref_begin, &l->qref_begin_capacity, index + 1,
		     sizeof *l->qref_begin) < 0 ||
	    mem_grow(&l->qsym, &l->qsym_capacity, index + 1, sizeof *l->qsym) <
		    0 ||
	    (l->format == 2 && mem_grow(&l->qinfo, &l->qinfo_capacity,
					index + 1, sizeof *l->qinfo) < 0)) {
		set_oom(l);
		return NULL;
	}
	if (l->format == 2)
		memset(&l->qinfo[index], 0, sizeof *l->qinfo);
	if (!define_hashed(l, key, len, hash, key_pos, SYM_QUESTION,
			   (uint32_t)index, &id, &sym))
		return NULL;
	l->qsym[index] = sym;
	if (!l->is_check_only) {
		memset(&l->tree->questions[index], 0,
		       sizeof *l->tree->questions);
		l->tree->questions[index].id = id;
		l->tree->questions[index].line = key_pos.line;
	}
	l->tree->question_count++;
	l->qref_begin[index] = (uint32_t)l->qrefs.count;
	return id;
}

/*
 * Reads the question whose id is key. The id is given its question once
 * the question is read: in a big tree the id's slot in the id table is a
 * cache miss, which reading the question hides. A question whose id is
 * taken is read (and its problems reported) but not added.
 */
static void read_question(struct loader *l, const char *key, size_t len,
			  struct diag_pos key_pos)
{
	struct draft_question d;
	struct yread_map m;
	uint32_t hash = strtab_hash(key, len);
	const char *id, *k;
	size_t klen, index = l->tree->question_count;
	struct diag_pos kpos;

	yread_map_init_known(&m, qkey_find, qkey_names);
	strtab_prefetch(&l->sym_index, hash);
	check_id(l, key, len, key_pos);
	memset(&d, 0, sizeof d);
	d.yes = d.no = d.unsure = d.otherwise = NO_SYM;
	d.yes_route = d.no_route = d.unsure_route = d.otherwise_route =
		NO_ROUTE;
	arena_reset(&l->scratch);
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		add_question(l, key, len, hash, key_pos, index);
		wrong_kind(l, "a question", "a mapping");
		return;
	}
	d.map_pos = yread_pos(&l->r);
	l->option_count = 0;
	l->options_dropped = 0;
	l->band_count = 0;
	while (yread_map_next(&l->r, &m, &k, &klen, &kpos) > 0) {
		int i = m.which;
		size_t errors_before = l->diags->error_count;

		/* A misspelt key, said here, is not also missing. 'label',
		 * the last name, is a key of runcheck/2 only. */
		if (i == QK_LABEL && l->format != 2)
			i = -1;
		if (i < 0)
			i = unknown_key(l, &m, k, klen, kpos, "", qkey_names,
					l->format == 2 ? QK_COUNT
						       : QK_COUNT - 1);
		if (i < 0)
			continue;
		d.has[i] = true;
		d.key_pos[i] = kpos;
		read_question_value(l, &d, (enum qkey)i);
		if (was_reported(l, errors_before))
			d.reported |= QK_BIT(i);
	}
	yread_map_finish(&m);
#ifdef X_NOSTRTAB
	(void)id;
	(void)hash;
	l->tree->question_count++;
#else
	id = add_question(l, key, len, hash, key_pos, index);
	if (id != NULL && !l->r.is_broken)
		finish_question(l, &d, (uint32_t)index, id);
#endif
}

/* ---- outcomes ------------------------------------------------------------- */

static bool parse_triage(const char *s, enum tree_triage *out)
{
	static const enum tree_triage all[] = {TREE_EMERGENCY, TREE_URGENT,
					       TREE_GP, TREE_CONSULT,
					       TREE_SELF_CARE};
	size_t i;

	for (i = 0; i < sizeof all / sizeof *all; i++)
		if (strcmp(s, tree_triage_name(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	return false;
}

static const char *const *copy_texts(struct loader *l, size_t *count)
{
	const char **copy;

	*count = l->text_count;
	if (l->text_count == 0)
		return NULL;
	copy = alloc_kept(l, l->text_count, sizeof *l->texts);
	if (copy != NULL)
		memcpy(copy, l->texts, l->text_count * sizeof *l->texts);
	return copy;
}

/* The keys of an outcome; the last two, of runcheck/2 only. */
static const char *const outcome_keys[] = {
	"condition", "triage",	      "summary", "self_care",
	"sources",   "also_consider", "booking", "offer_booking",
};
#define OUTCOME_KEY_COUNT    (sizeof outcome_keys / sizeof *outcome_keys)
#define OUTCOME_V2_KEY_COUNT 2

/*
 * Reads offer_booking's value, yes or no, into o (no: no booking is
 * offered); false when the value was wrong (and reported).
 */
static bool read_offer_booking(struct loader *l, struct tree_outcome *o)
{
	static const char *const words[] = {"yes", "no"};
	struct diag_pos vpos = yread_pos(&l->r);
	const char *v = read_text_kept(l, "'offer_booking'", KEEP_WHILE_READ);

	if (v == NULL)
		return false;
	if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) {
		o->offers_no_booking = strcmp(v, "no") == 0;
		return true;
	}
	unknown_word(l, vpos, "'offer_booking' value", v, words, 2,
		     "yes or no");
	return false;
}

/* The number of name among count names, or -1. */
static int name_index(const char *name, const char *const *names, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* What reading an outcome's keys learnt, for check_outcome. */
struct outcome_read {
	struct diag_pos map_pos, booking_pos, offer_pos;
	bool has_offer;
	int triage_state; /* 0 missing, 1 read, 2 wrong (reported) */
	bool is_condition_reported, is_summary_reported;
	bool is_sources_reported;
};

/* Reads the triage level of outcome o (st->triage_state says how). */
static void read_triage(struct loader *l, struct tree_outcome *o,
			struct outcome_read *st)
{
	static const char *const levels[] = {"emergency", "urgent", "gp",
					     "consult", "self_care"};
	struct diag_pos vpos = yread_pos(&l->r);
	const char *t = read_text_kept(l, "'triage'", KEEP_WHILE_READ);

	if (t == NULL) {
		st->triage_state = yread_type(&l->r) == YAML_SCALAR_EVENT ? 0
									  : 2;
	} else if (parse_triage(t, &o->triage)) {
		st->triage_state = 1;
	} else {
		st->triage_state = 2;
		unknown_word(l, vpos, "triage level", t, levels, 5,
			     "emergency, urgent, gp, consult or self_care");
	}
}

/* Reads the value of key k (one of outcome_keys) of outcome number
 * index into o, and what check_outcome needs into st. */
static void read_outcome_key(struct loader *l, struct tree_outcome *o,
			     uint32_t index, const char *k,
			     struct diag_pos kpos, struct outcome_read *st)
{
	size_t errors_before = l->diags->error_count;
	size_t i;

	if (strcmp(k, "condition") == 0) {
		o->condition = read_text_kept(l, "'condition'", KEEP_FOR_TREE);
		st->is_condition_reported = was_reported(l, errors_before);
	} else if (strcmp(k, "summary") == 0) {
		o->summary = read_text_kept(l, "'summary'", KEEP_FOR_TREE);
		st->is_summary_reported = was_reported(l, errors_before);
	} else if (strcmp(k, "triage") == 0) {
		read_triage(l, o, st);
	} else if (strcmp(k, "booking") == 0) {
		st->booking_pos = kpos;
		o->booking = read_text_kept(l, "'booking'", KEEP_FOR_TREE);
	} else if (strcmp(k, "offer_booking") == 0) {
		st->offer_pos = kpos;
		st->has_offer = read_offer_booking(l, o);
	} else if (strcmp(k, "self_care") == 0) {
		if (read_text_list(l, "'self_care'"))
			o->self_care = copy_texts(l, &o->self_care_count);
	} else if (strcmp(k, "sources") == 0) {
		if (read_text_list(l, "'sources'"))
			o->sources = copy_texts(l, &o->source_count);
		st->is_sources_reported = was_reported(l, errors_before);
	} else if (strcmp(k, "also_consider") == 0) {
		if (!read_ref_list(l, "'also_consider'"))
			return;
		for (i = 0; i < l->id_count; i++)
			add_ref(l, &l->orefs, l->ids[i].next, REF_ALSO, index,
				(uint32_t)i, l->ids[i].next_pos);
		o->also_consider_count = l->id_count;
	}
}

/* Defines outcome number index with the id key and gives it its slot:
 * NULL when the id has a node already (reported, the value skipped) or
 * when out of memory. */
static struct tree_outcome *add_outcome(struct loader *l, const char *key,
					size_t len, struct diag_pos key_pos,
					size_t index)
{
	struct tree_outcome *o;
	const char *id;

	if (!define(l, key, len, key_pos, SYM_OUTCOME, (uint32_t)index, &id,
		    NULL)) {
		yread_skip(&l->r);
		return NULL;
	}
	if (mem_grow(&l->tree->outcomes, &l->outcome_capacity, index + 1,
		     sizeof *l->tree->outcomes) < 0) {
		set_oom(l);
		return NULL;
	}
	o = &l->tree->outcomes[index];
	memset(o, 0, sizeof *o);
	if (l->is_check_only)
		arena_reset(&l->scratch);
	o->id = id;
	o->line = key_pos.line;
	l->tree->outcome_count++;
	return o;
}

/* The slots of o's also_consider indices, filled in when resolved.
 * Returns false when out of memory. */
static bool add_also_consider(struct loader *l, struct tree_outcome *o)
{
	uint32_t *also;

	if (o->also_consider_count == 0)
		return true;
	also = alloc_kept(l, o->also_consider_count, sizeof *also);
	if (also != NULL)
		memset(also, 0, o->also_consider_count * sizeof *also);
	o->also_consider = also;
	return !l->is_oom;
}

/* The rules on an outcome read whole: what it must have, and what its
 * triage allows. */
static void check_outcome(struct loader *l, const struct tree_outcome *o,
			  const struct outcome_read *st)
{
	const char *id = o->id;
	const char *triage = tree_triage_name(o->triage);
	bool is_read = st->triage_state == 1;

	if (o->condition == NULL && !st->is_condition_reported)
		error_at(l, st->map_pos, "outcome '%s' is missing 'condition'",
			 id);
	if (st->triage_state == 0)
		error_at(l, st->map_pos, "outcome '%s' is missing 'triage'",
			 id);
	if (o->summary == NULL && !st->is_summary_reported)
		error_at(l, st->map_pos, "outcome '%s' is missing 'summary'",
			 id);
	if (o->booking != NULL && is_read && !tree_triage_may_book(o->triage))
		diag_add(l->diags, DIAG_WARNING, st->booking_pos,
			 "'booking' is never shown: %s %s result sends the "
			 "person to a doctor, not to a booking",
			 o->triage == TREE_GP ? "a" : "an", triage);
	if (st->has_offer && is_read && o->triage != TREE_SELF_CARE)
		error_at(l, st->offer_pos,
			 "'offer_booking' is only for a self_care outcome: "
			 "outcome '%s' is %s",
			 id, triage);
	else if (st->has_offer && o->offers_no_booking && o->booking != NULL)
		error_at(l, st->offer_pos,
			 "outcome '%s' has 'booking' and 'offer_booking: no': "
			 "remove one",
			 id);
	if (l->format == 2 && is_read && tree_triage_may_book(o->triage) &&
	    o->source_count == 0 && !st->is_sources_reported)
		error_at(l, st->map_pos,
			 "outcome '%s' is missing 'sources': a %s outcome "
			 "must say what it rests on",
			 id, triage);
}

static void read_outcome(struct loader *l, const char *key, size_t len,
			 struct diag_pos key_pos)
{
	struct outcome_read st = {0};
	struct yread_map m;
	struct tree_outcome *o;
	const char *k;
	size_t klen, index = l->tree->outcome_count;
	struct diag_pos kpos;
	size_t key_count =
		OUTCOME_KEY_COUNT - (l->format != 2 ? OUTCOME_V2_KEY_COUNT : 0);

	yread_map_init(&m, true);
	o = add_outcome(l, key, len, key_pos, index);
	if (o == NULL)
		return;
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "an outcome", "a mapping");
		return;
	}
	st.map_pos = yread_pos(&l->r);
	while (yread_map_next(&l->r, &m, &k, &klen, &kpos) > 0) {
		int which = name_index(k, outcome_keys, key_count);

		if (which >= 0)
			m.known |= 1u << which; /* for unknown_key */
		else
			which = unknown_key(l, &m, k, klen, kpos, "",
					    outcome_keys, key_count);
		if (which >= 0)
			read_outcome_key(l, o, (uint32_t)index,
					 outcome_keys[which], kpos, &st);
	}
	yread_map_finish(&m);
	if (!l->r.is_broken && add_also_consider(l, o))
		check_outcome(l, o, &st);
}

/* ---- the document ---------------------------------------------------------- */

static void read_nodes(struct loader *l, bool is_questions)
{
	struct yread_map m;
	const char *key;
	size_t len;
	struct diag_pos pos;

	yread_map_init(&m, false);
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, is_questions ? "'questions'" : "'outcomes'",
			   "a mapping of id to entry");
		return;
	}
	l->has_read_nodes = true;
	/* Duplicates are found through the id table, which also catches an
	 * id that a question and an outcome share. */
	while (yread_map_next(&l->r, &m, &key, &len, &pos) > 0) {
		if (is_questions)
			read_question(l, key, len, pos);
		else
			read_outcome(l, key, len, pos);
	}
	yread_map_finish(&m);
}

enum top_key {
	TK_FORMAT,
	TK_ID,
	TK_TITLE,
	TK_VERSION,
	TK_LANGUAGE,
	TK_START,
	TK_DISCLAIMER,
	TK_QUESTIONS,
	TK_OUTCOMES,
	TK_COUNT,
};

static const char *const top_key_names[TK_COUNT] = {
	"format", "id",		"title",     "version",	 "language",
	"start",  "disclaimer", "questions", "outcomes",
};

static bool is_language_tag(const char *s)
{
	size_t run = 0, i;
	bool is_first = true;

	for (i = 0;; i++) {
		char c = s[i];

		if (c == '-' || c == '\0') {
			if (run == 0 || run > 8 || (is_first && run < 2))
				return false;
			if (c == '\0')
				return true;
			run = 0;
			is_first = false;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (!is_first && c >= '0' && c <= '9')))
			return false;
		run++;
	}
}

/* Reads the value of 'format' (what says it is quoted), at vpos: the
 * format of the tree, 1 unless it says runcheck/2 before any question or
 * outcome. Returns whether there is a value. */
static bool read_format(struct loader *l, const char *what,
			struct diag_pos vpos)
{
	const char *f = read_text(l, what);

	l->format = 1;
	if (f != NULL && strcmp(f, "runcheck/2") == 0) {
		if (l->has_read_nodes)
			error_at(l, vpos,
				 "'format: runcheck/2' must come before "
				 "'questions' and 'outcomes'");
		else
			l->format = 2;
	} else if (f != NULL && strcmp(f, "runcheck/1") != 0) {
		error_at(l, vpos,
			 "unsupported format '%.*s'; this runcheck reads "
			 "'runcheck/1' and 'runcheck/2'",
			 quote_len(strlen(f)), f);
	}
	return f != NULL;
}

/* Reads the value of top-level key k, at vpos: a text checked where the
 * format has a rule for it, the start, or the questions or outcomes.
 * Returns whether the key has a value. */
static bool read_top_value(struct loader *l, enum top_key k,
			   struct diag_pos vpos)
{
	struct tree *t = l->tree;
	char what[16];

	snprintf(what, sizeof what, "'%s'", top_key_names[k]);
	switch (k) {
	case TK_FORMAT:
		return read_format(l, what, vpos);
	case TK_ID:
		t->id = read_text(l, what);
		if (t->id != NULL && !is_valid_id(t->id, strlen(t->id), true))
			error_at(l, vpos,
				 "invalid tree id '%.*s': use a lowercase "
				 "letter, then lowercase letters, digits, '_' "
				 "and '-', at most %d in all",
				 quote_len(strlen(t->id)), t->id, TREE_MAX_ID);
		return t->id != NULL;
	case TK_TITLE:
		t->title = read_text(l, what);
		return t->title != NULL;
	case TK_VERSION:
		t->version = read_text(l, what);
		return t->version != NULL;
	case TK_LANGUAGE:
		t->language = read_text(l, what);
		if (t->language != NULL && !is_language_tag(t->language))
			error_at(l, vpos,
				 "invalid language tag '%.*s' (use a BCP 47 "
				 "tag such as 'en' or 'en-AU')",
				 quote_len(strlen(t->language)), t->language);
		return false; /* never missing: "en" */
	case TK_START: {
		uint32_t sym = read_ref(l, what);

		add_ref(l, &l->orefs, sym, REF_START, 0, 0, vpos);
		return sym != NO_SYM;
	}
	case TK_DISCLAIMER:
		t->disclaimer = read_text(l, what);
		return t->disclaimer != NULL;
	case TK_QUESTIONS:
	case TK_OUTCOMES:
		if (yread_type(&l->r) == YAML_SCALAR_EVENT &&
		    yread_is_null(&l->r))
			return false;
		read_nodes(l, k == TK_QUESTIONS);
		return true;
	case TK_COUNT:
		break;
	}
	return false;
}

static void read_top(struct loader *l)
{
	struct yread_map m;
	bool has[TK_COUNT] = {false};
	bool is_reported[TK_COUNT] = {false}; /* a bad value, said already */
	struct diag_pos map_pos = yread_pos(&l->r);
	const char *key;
	size_t len;
	struct diag_pos kpos;
	int i;

	yread_map_init(&m, true);
	while (yread_map_next(&l->r, &m, &key, &len, &kpos) > 0) {
		size_t errors_before = l->diags->error_count;

		/* A misspelt key, said by unknown_key, is not also missing. */
		i = name_index(key, top_key_names, TK_COUNT);
		if (i >= 0)
			m.known |= 1u << i; /* for unknown_key */
		else
			i = unknown_key(l, &m, key, len, kpos, "",
					top_key_names, TK_COUNT);
		if (i < 0)
			continue;
		has[i] = read_top_value(l, (enum top_key)i, yread_pos(&l->r));
		if (was_reported(l, errors_before))
			is_reported[i] = true;
	}
	yread_map_finish(&m);
	if (l->r.is_broken)
		return;
	if (l->tree->language == NULL)
		l->tree->language = "en";
	l->tree->format = l->format == 2 ? 2 : 1;
	for (i = 0; i < TK_COUNT; i++)
		if (!has[i] && !is_reported[i] && i != TK_LANGUAGE)
			error_at(l, map_pos, "the tree is missing '%s'",
				 top_key_names[i]);
}

/* Reads the stream: one document holding one mapping. */
static void read_stream(struct loader *l)
{
	bool has_document = false;

	while (yread_next(&l->r)) {
		switch (yread_type(&l->r)) {
		case YAML_STREAM_END_EVENT:
			if (!has_document)
				error_at(l, (struct diag_pos){1, 1},
					 "the file is empty");
			return;
		case YAML_DOCUMENT_START_EVENT:
			if (has_document) {
				error_at(l, yread_pos(&l->r),
					 "more than one document; a tree is "
					 "one document");
				return;
			}
			has_document = true;
			if (!yread_next(&l->r))
				return;
			if (yread_type(&l->r) == YAML_MAPPING_START_EVENT) {
				read_top(l);
			} else {
				if (yread_type(&l->r) != YAML_ALIAS_EVENT)
					error_at(l, yread_pos(&l->r),
						 "the document must be a "
						 "mapping");
				yread_skip(&l->r);
			}
			break;
		default:
			break;
		}
	}
}

/* ---- references, cycles, reachability ---------------------------------------- */

/*
 * Reports a reference to an id that names nothing, with the one defined id
 * of the kind it may name that is close to it, if any.
 */
static void unknown_id(struct loader *l, const struct ref *ref, const char *id)
{
	size_t len = strlen(id);
	const char *best = NULL;
	struct suggest sg;

	/* Past the cap the error is only counted: no search. */
	if (!diag_is_full(l->diags, DIAG_ERROR)) {
		suggest_init(&sg, id, len);
		for (size_t i = 0; i < l->sym_count; i++) {
			enum sym_kind kind = node_kind(l->sym_node[i]);

			if (kind == SYM_UNDEFINED ||
			    (ref->field == REF_START && kind != SYM_QUESTION) ||
			    (ref->field == REF_ALSO && kind != SYM_OUTCOME))
				continue;
			suggest_consider(&sg, l->syms[i].id);
		}
		best = suggest_best(&sg);
	}
	if (best != NULL)
		error_at(l, ref->pos, "unknown id '%.*s'; did you mean '%s'?",
			 quote_len(len), id, best);
	else
		error_at(l, ref->pos, "unknown id '%.*s'", quote_len(len), id);
}

/*
 * Resolves a reference: reports an id that names nothing or the wrong
 * kind, and fills in the tree. Returns where it leads (node_of), or 0
 * when it leads nowhere.
 */
static uint32_t resolve(struct loader *l, struct ref *ref)
{
	const struct sym *sym = &l->syms[ref->sym];
	uint32_t node = l->sym_node[ref->sym];
	struct tree *t = l->tree;
	struct tree_ref target = {TREE_NODE_OUTCOME, 0, NULL};

	if (node == 0) {
		unknown_id(l, ref, sym->id);
		if (!l->is_partial || ref->field == REF_START ||
		    ref->field == REF_ALSO || ref->field == REF_ALT)
			return 0;
		target = broken_ref(l, sym->id);
	} else {
		target.kind = node_kind(node) == SYM_QUESTION
				      ? TREE_NODE_QUESTION
				      : TREE_NODE_OUTCOME;
		target.index = node_index(node);
	}
	/* Only checking: there is no tree to fill in, but the same checks.
	 * A route's edge is filled in by build_routes. */
	if ((l->is_check_only && ref->field != REF_START &&
	     ref->field != REF_ALSO) ||
	    ref->field == REF_ALT)
		return node;
	switch ((enum ref_field)ref->field) {
	case REF_START:
		if (target.kind != TREE_NODE_QUESTION) {
			error_at(l, ref->pos,
				 "'start' names outcome '%s'; it must name a "
				 "question",
				 sym->id);
			return 0;
		}
		t->start = target.index;
		l->has_start_ref = true;
		break;
	case REF_ALSO: {
		struct tree_outcome *o = &t->outcomes[ref->owner];

		if (target.kind != TREE_NODE_OUTCOME) {
			error_at(l, ref->pos,
				 "also_consider names question '%s'; it must "
				 "name an outcome",
				 sym->id);
			return 0;
		}
		if (target.index == ref->owner) {
			error_at(l, ref->pos,
				 "also_consider names the outcome itself "
				 "('%s')",
				 sym->id);
			return 0;
		}
		if (o->also_consider != NULL) /* kept: not only checking */
			((uint32_t *)o->also_consider)[ref->sub] = target.index;
		break;
	}
	case REF_OPTION:
		((struct tree_option *)t->questions[ref->owner]
			 .options)[ref->sub]
			.next = target;
		break;
	case REF_BAND:
		((struct tree_band *)t->questions[ref->owner].bands)[ref->sub]
			.next = target;
		break;
	case REF_YES:
		t->questions[ref->owner].yes = target;
		break;
	case REF_NO:
		t->questions[ref->owner].no = target;
		break;
	case REF_UNSURE:
		t->questions[ref->owner].unsure = target;
		break;
	case REF_OTHERWISE:
		t->questions[ref->owner].otherwise = target;
		break;
	case REF_ALT:
		break;
	}
	return node;
}

/* The answer of question info named name, or TREE_NO_ANSWER. */
static uint32_t find_answer(const struct qinfo *info, const char *name)
{
	static const char *const yesno[] = {"yes", "no", "unsure"};
	uint32_t i;

	if (info->type == TREE_YESNO) {
		for (i = 0; i < (info->has_unsure ? 3u : 2u); i++)
			if (strcmp(name, yesno[i]) == 0)
				return i;
		return TREE_NO_ANSWER;
	}
	for (i = 0; i < info->answer_count; i++)
		if (info->ids[i] != NULL && strcmp(name, info->ids[i]) == 0)
			return i;
	return TREE_NO_ANSWER;
}

/* The one question id close to id, for an unknown question in a when;
 * NULL when none is close, or past the cap on errors. */
static const char *when_question_suggestion(const struct loader *l,
					    const char *id)
{
	struct suggest sg;

	if (diag_is_full(l->diags, DIAG_ERROR))
		return NULL;
	suggest_init(&sg, id, strlen(id));
	for (size_t i = 0; i < l->sym_count; i++)
		if (node_kind(l->sym_node[i]) == SYM_QUESTION)
			suggest_consider(&sg, l->syms[i].id);
	return suggest_best(&sg);
}

/* Resolves one term of a when: the question it names and its answers. */
static void resolve_when(struct loader *l, struct when_draft *w)
{
	const char *id = l->syms[w->sym].id;
	uint32_t node = l->sym_node[w->sym], k;
	const struct qinfo *info;
	const char *best;

	if (node == 0) {
		best = when_question_suggestion(l, id);
		if (best != NULL)
			error_at(l, w->pos,
				 "unknown question '%.*s' in 'when'; did you "
				 "mean '%s'?",
				 quote_len(strlen(id)), id, best);
		else
			error_at(l, w->pos, "unknown question '%.*s' in 'when'",
				 quote_len(strlen(id)), id);
		return;
	}
	if (node_kind(node) != SYM_QUESTION) {
		error_at(l, w->pos,
			 "'when' names outcome '%s'; it must name a question",
			 id);
		return;
	}
	info = &l->qinfo[node_index(node)];
	if (!info->is_known)
		return; /* its own problems are reported */
	if (info->type == TREE_MULTI) {
		error_at(l, w->pos,
			 "'when' cannot name '%s': a multi question has no "
			 "one answer to test",
			 id);
		return;
	}
	w->answers = 0;
	for (k = 0; k < w->answer_count; k++) {
		const struct answer_draft *a = &l->answers[w->answer_begin + k];
		uint32_t answer = find_answer(info, a->name);

		if (answer != TREE_NO_ANSWER) {
			w->answers |= UINT64_C(1) << answer;
			continue;
		}
		best = info->type == TREE_YESNO || info->ids == NULL
			       ? NULL
			       : suggest_among(a->name, strlen(a->name),
					       info->ids, info->answer_count);
		if (best != NULL) {
			error_at(l, a->pos,
				 "question '%s' has no answer '%.*s'; did you "
				 "mean '%s'?",
				 id, quote_len(strlen(a->name)), a->name, best);
			return;
		}
		error_at(l, a->pos, "question '%s' has no answer '%.*s' (%s)",
			 id, quote_len(strlen(a->name)), a->name,
			 info->type == TREE_YESNO
				 ? (info->has_unsure ? "use yes, no or unsure"
						     : "use yes or no")
			 : info->type == TREE_SCALE
				 ? "use the id of one of its bands"
				 : "use the id of one of its options");
		return;
	}
	w->question = node_index(node);
	l->qinfo[w->question].is_named = true;
}

/* Resolves the whens of every route; false when one names nothing. */
static bool resolve_whens(struct loader *l)
{
	size_t errors = l->diags->error_count, r, k, j;

	for (r = 0; r < l->route_count; r++) {
		const struct route_draft *route = &l->routes[r];

		if (!route->is_live)
			continue;
		for (k = 0; k < route->alt_count; k++) {
			const struct alt_draft *alt =
				&l->alts[route->alt_begin + k];

			for (j = 0; j < alt->when_count; j++)
				resolve_when(l, &l->whens[alt->when_begin + j]);
		}
	}
	return l->diags->error_count == errors;
}

/* The node a resolved qedge names, as a tree_ref. */
static struct tree_ref ref_of_node(uint32_t node)
{
	struct tree_ref ref = {TREE_NODE_OUTCOME, node_index(node), NULL};

	if (node_kind(node) == SYM_QUESTION)
		ref.kind = TREE_NODE_QUESTION;
	return ref;
}

/* Where alternative a goes: its node, or (a partial tree) broken. */
static struct tree_ref alt_target(struct loader *l, const struct alt_draft *a)
{
	if (a->ref == UINT32_MAX)
		return broken_ref(l, NULL);
	if (l->qedge[a->ref] == 0)
		return broken_ref(l, l->syms[a->go].id);
	return ref_of_node(l->qedge[a->ref]);
}

/* Builds the tree's routes from the drafts, once every check passed (for
 * a partial tree, whatever the checks said). */
static void build_routes(struct loader *l)
{
	struct tree *t = l->tree;
	size_t r, k, j;

	for (r = 0; r < l->route_count; r++) {
		const struct route_draft *route = &l->routes[r];
		struct tree_route *tr;
		struct tree_alt *alts;
		struct tree_question *q;
		struct tree_ref edge;

		if (!route->is_live || route->alt_count == 0)
			continue; /* only a partial tree: its edge is broken */
		tr = arena_alloc(&t->arena, sizeof *tr);
		alts = arena_alloc(&t->arena, route->alt_count * sizeof *alts);
		if (tr == NULL || alts == NULL) {
			set_oom(l);
			return;
		}
		for (k = 0; k < route->alt_count; k++) {
			const struct alt_draft *a =
				&l->alts[route->alt_begin + k];
			struct tree_when *when = NULL;

			if (a->when_count > 0)
				when = arena_alloc(&t->arena,
						   a->when_count *
							   sizeof *when);
			if (a->when_count > 0 && when == NULL) {
				set_oom(l);
				return;
			}
			alts[k].when_count = 0;
			for (j = 0; j < a->when_count; j++) {
				const struct when_draft *w =
					&l->whens[a->when_begin + j];

				if (w->question == NO_SYM)
					continue; /* only a partial tree */
				when[alts[k].when_count].question = w->question;
				when[alts[k].when_count++].answers = w->answers;
			}
			alts[k].when = when;
			alts[k].go = alt_target(l, a);
			alts[k].line = a->pos.line;
		}
		tr->alts = alts;
		tr->alt_count = route->alt_count;
		edge = alts[route->alt_count - 1].go;
		edge.route = tr;
		q = &t->questions[route->question];
		switch ((enum ref_field)route->field) {
		case REF_OPTION:
			((struct tree_option *)q->options)[route->sub].next =
				edge;
			break;
		case REF_BAND:
			((struct tree_band *)q->bands)[route->sub].next = edge;
			break;
		case REF_YES:
			q->yes = edge;
			break;
		case REF_NO:
			q->no = edge;
			break;
		case REF_UNSURE:
			q->unsure = edge;
			break;
		case REF_OTHERWISE:
			q->otherwise = edge;
			break;
		default:
			assert(!"a route stands where only ids do");
		}
	}
}

/* Reports the cycle closed by edge e, from question q: the questions from
 * its target up to the top of the walk, then the target again. */
static void report_cycle(struct loader *l, const uint32_t *stack, size_t depth,
			 size_t from, uint32_t e)
{
	char buf[900];
	size_t used = 0, i;
	uint32_t target = node_index(l->qedge[e]);

	for (i = from; i < depth && used < sizeof buf - 80; i++) {
		int n = snprintf(buf + used, sizeof buf - used, "%s -> ",
				 l->syms[l->qsym[stack[i]]].id);

		if (n < 0)
			break;
		used += (size_t)n;
		if (used >= sizeof buf)
			used = sizeof buf - 1;
	}
	if (i < depth && used < sizeof buf - 8) {
		snprintf(buf + used, sizeof buf - used, "... -> ");
		used += 7;
	}
	if (used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, "%s",
			 l->syms[l->qsym[target]].id);
	error_at(l, l->qrefs.items[e].pos, "cycle: %s", buf);
}

/* Warns about every question and outcome that no walk from start reaches:
 * the questions not yet seen (state 0) after the walk from start, and the
 * outcomes not marked in seen_o. */
static void report_unreached(struct loader *l, const unsigned char *state,
			     const unsigned char *seen_o)
{
	size_t i;

	for (i = 0; i < l->tree->question_count; i++)
		if (state[i] == 0) {
			const struct sym *s = &l->syms[l->qsym[i]];

			diag_add_shape(l->diags, s->pos,
				       "question '%s' is not reached from the "
				       "start",
				       s->id);
		}
	/* By sym, not by looking the id up again: an id may hold a NUL (an
	 * escaped "\0", reported), and strlen would cut it short. */
	for (i = 0; i < l->sym_count; i++) {
		uint32_t node = l->sym_node[i];

		if (node_kind(node) == SYM_OUTCOME && !seen_o[node_index(node)])
			diag_add_shape(l->diags, l->syms[i].pos,
				       "outcome '%s' is not reached by any walk",
				       l->syms[i].id);
	}
}

/*
 * Depth-first search from start, then from every question in file order,
 * so that every cycle is found, reachable or not. An edge back to a
 * question still on the walk closes a cycle. What the walk from start
 * does not reach is reported unreached, when has_start (without a start,
 * everything would be). Linear in questions + edges; reads the edges as
 * qedge, 4 bytes each.
 */
static void check_walks(struct loader *l, bool has_start)
{
	size_t n = l->tree->question_count, root, top;
	size_t nq = n ? n : 1, no = l->tree->outcome_count;
	unsigned char *state = mem_calloc(nq, 1); /* 0 new, 1 on walk, 2 done */
	unsigned char *seen_o = mem_calloc(no ? no : 1, 1);
	uint32_t *stack = mem_alloc(nq * sizeof *stack);
	uint32_t *edge = mem_alloc(nq * sizeof *edge);
	uint32_t *at = mem_alloc(nq * sizeof *at);
	uint32_t edges = (uint32_t)l->qrefs.count;

	if (state == NULL || seen_o == NULL || stack == NULL || edge == NULL ||
	    at == NULL) {
		set_oom(l);
		goto done;
	}
	for (root = 0; root <= n; root++) {
		uint32_t q0 = root == 0 ? l->tree->start : (uint32_t)(root - 1);

		if (root == 1 && has_start)
			report_unreached(l, state, seen_o);
		if (q0 >= n || state[q0] != 0)
			continue;
		stack[0] = q0;
		edge[0] = l->qref_begin[q0];
		at[q0] = 0;
		state[q0] = 1;
		top = 1;
		while (top > 0) {
			uint32_t q = stack[top - 1];
			uint32_t end = q + 1 < n ? l->qref_begin[q + 1] : edges;
			uint32_t e, node, next;

			if (edge[top - 1] >= end) {
				state[q] = 2;
				top--;
				continue;
			}
			e = edge[top - 1]++;
			node = l->qedge[e];
			if (node_kind(node) == SYM_OUTCOME) {
				seen_o[node_index(node)] = 1;
				continue;
			}
			if (node == 0)
				continue;
			next = node_index(node);
			if (state[next] == 1) {
				report_cycle(l, stack, top, at[next], e);
			} else if (state[next] == 0) {
				state[next] = 1;
				at[next] = (uint32_t)top;
				stack[top] = next;
				edge[top] = l->qref_begin[next];
				top++;
			}
		}
	}
	if (n == 0 && has_start)
		report_unreached(l, state, seen_o);
done:
	free(state);
	free(seen_o);
	free(stack);
	free(edge);
	free(at);
}

/* ---- routes: what every walk has answered (runcheck/2) ------------------- */

/*
 * The data flow behind the checks of when. Over the questions the start
 * reaches, with every alternative of every route taken as possible, in an
 * order where each question comes before every question it leads to:
 *
 *   in[q]    the named questions (those some when names) answered on every
 *            path from the start into q: their intersection over q's
 *            predecessors p of in[p] plus p itself;
 *   poss[q]  for each named question, the answers it may have had on some
 *            path into q (meaningful where in[q] holds it);
 *   later[q] the named questions that a route at q or after it names,
 *            less q: the answers a walk must carry into q.
 *
 * Each is a bit set of the named questions, words 64-bit words a question
 * (poss: one answer mask a named question). The work is (questions +
 * edges) times words, and poss takes questions times named questions
 * words: nothing at all for a tree without routes.
 */
struct flow {
	uint32_t *order; /* reachable questions, each before those it leads to */
	size_t order_count;
	uint32_t *named; /* by question: its number among the named, or NO_SYM */
	uint32_t *named_q; /* by number: the question */
	size_t named_count;
	size_t words;
	uint64_t *in;
	uint64_t *poss;
	uint64_t *later;
	unsigned char *is_reached;  /* by question */
	unsigned char *is_dead_ref; /* by qref: an alternative no walk takes */
};

static void flow_free(struct flow *f)
{
	free(f->order);
	free(f->named);
	free(f->named_q);
	free(f->in);
	free(f->poss);
	free(f->later);
	free(f->is_reached);
	free(f->is_dead_ref);
}

static size_t question_count_of(const struct loader *l)
{
	return l->tree->question_count;
}

static uint32_t qref_end(const struct loader *l, uint32_t q)
{
	return q + 1 < question_count_of(l) ? l->qref_begin[q + 1]
					    : (uint32_t)l->qrefs.count;
}

/* The question edge e leads to, or NO_SYM for an outcome or nothing. */
static uint32_t edge_question(const struct loader *l, uint32_t e)
{
	uint32_t node = l->qedge[e];

	return node != 0 && node_kind(node) == SYM_QUESTION ? node_index(node)
							    : NO_SYM;
}

/* The answer (TREE_NO_ANSWER's sense) that takes the edge of question q
 * that stands at field and sub. */
static unsigned field_answer(const struct loader *l, unsigned field,
			     unsigned sub, uint32_t q)
{
	switch (field) {
	case REF_OPTION:
		return l->qinfo[q].type == TREE_CHOICE ? sub : TREE_NO_ANSWER;
	case REF_YES:
		return 0;
	case REF_NO:
		return 1;
	case REF_UNSURE:
		return 2;
	case REF_BAND:
		return sub;
	default:
		return TREE_NO_ANSWER;
	}
}

/* The answer that takes edge e (a qref) of question q. */
static unsigned edge_answer(const struct loader *l, uint32_t e, uint32_t q)
{
	const struct ref *ref = &l->qrefs.items[e];

	if (ref->field == REF_ALT)
		return field_answer(l, l->routes[ref->owner].field,
				    l->routes[ref->owner].sub, q);
	return field_answer(l, ref->field, ref->sub, q);
}

/*
 * Orders the questions the start reaches (depth first, then reversed
 * post-order). Returns false when a walk from the start meets a cycle
 * (check_walks reports it) or when out of memory.
 */
static bool flow_order(struct loader *l, struct flow *f)
{
	size_t n = question_count_of(l), top = 0;
	unsigned char *state = mem_calloc(n, 1);
	uint32_t *stack = mem_alloc(n * sizeof *stack);
	uint32_t *edge = mem_alloc(n * sizeof *edge);
	uint32_t start = l->tree->start;
	bool is_ok = false;

	f->order = mem_alloc(n * sizeof *f->order);
	if (state == NULL || stack == NULL || edge == NULL ||
	    f->order == NULL) {
		set_oom(l);
		goto done;
	}
	stack[top] = start;
	edge[top++] = l->qref_begin[start];
	state[start] = 1;
	while (top > 0) {
		uint32_t q = stack[top - 1], next;

		if (edge[top - 1] == qref_end(l, q)) {
			state[q] = 2;
			f->order[f->order_count++] = q;
			top--;
			continue;
		}
		next = edge_question(l, edge[top - 1]++);
		if (next == NO_SYM || state[next] == 2)
			continue;
		if (state[next] == 1)
			goto done; /* a cycle */
		state[next] = 1;
		stack[top] = next;
		edge[top++] = l->qref_begin[next];
	}
	f->is_reached = state;
	state = NULL;
	for (size_t i = 0; i < f->order_count / 2; i++) {
		uint32_t t = f->order[i];

		f->order[i] = f->order[f->order_count - 1 - i];
		f->order[f->order_count - 1 - i] = t;
	}
	is_ok = true;
done:
	free(state);
	free(stack);
	free(edge);
	return is_ok;
}

static bool bit_get(const uint64_t *set, uint32_t i)
{
	return set[i / 64] >> (i % 64) & 1;
}

/* Numbers the named questions and works out in and poss, forwards. */
static bool flow_forward(struct loader *l, struct flow *f)
{
	size_t n = question_count_of(l), w = 0, k, x;
	unsigned char *is_seen = mem_calloc(n, 1);
	uint64_t *out = NULL;

	f->named = mem_alloc(n * sizeof *f->named);
	f->named_q = mem_alloc(n * sizeof *f->named_q);
	if (is_seen == NULL || f->named == NULL || f->named_q == NULL)
		goto fail;
	for (k = 0; k < n; k++) {
		f->named[k] = NO_SYM;
		if (l->qinfo[k].is_named) {
			f->named[k] = (uint32_t)f->named_count;
			f->named_q[f->named_count++] = (uint32_t)k;
		}
	}
	f->words = (f->named_count + 63) / 64;
	w = f->words ? f->words : 1;
	f->in = mem_calloc(n * w, sizeof *f->in);
	f->poss = mem_calloc(n * (f->named_count ? f->named_count : 1),
			     sizeof *f->poss);
	out = mem_alloc(w * sizeof *out);
	if (f->in == NULL || f->poss == NULL || out == NULL)
		goto fail;
	is_seen[l->tree->start] = 1;
	for (k = 0; k < f->order_count; k++) {
		uint32_t q = f->order[k], e;
		uint64_t *pq = f->poss + (size_t)q * f->named_count;

		memcpy(out, f->in + q * w, w * sizeof *out);
		if (f->named[q] != NO_SYM)
			out[f->named[q] / 64] |= UINT64_C(1)
						 << f->named[q] % 64;
		for (e = l->qref_begin[q]; e < qref_end(l, q); e++) {
			uint32_t t = edge_question(l, e);
			unsigned a = edge_answer(l, e, q);
			uint64_t *pt;

			if (t == NO_SYM)
				continue;
			pt = f->poss + (size_t)t * f->named_count;
			for (x = 0; x < w; x++)
				f->in[t * w + x] =
					is_seen[t] ? f->in[t * w + x] & out[x]
						   : out[x];
			is_seen[t] = 1;
			for (x = 0; x < f->named_count; x++)
				pt[x] |= f->named_q[x] == q
						 ? (a == TREE_NO_ANSWER
							    ? 0
							    : UINT64_C(1) << a)
						 : pq[x];
		}
	}
	free(is_seen);
	free(out);
	return true;
fail:
	set_oom(l);
	free(is_seen);
	free(out);
	return false;
}

/*
 * Writes into buf a walk from the start to question q that never meets
 * question x, as "start -> q2 -> q5" (breadth first, so a shortest one).
 */
static void walk_without(struct loader *l, uint32_t q, uint32_t x, char *buf,
			 size_t size)
{
	size_t n = question_count_of(l), head = 0, tail = 0, used = 0, len = 0;
	uint32_t *parent = mem_alloc(n * sizeof *parent);
	uint32_t *queue = mem_alloc(n * sizeof *queue);
	uint32_t *path = mem_alloc(n * sizeof *path);
	uint32_t start = l->tree->start, at;

	buf[0] = '\0';
	if (parent == NULL || queue == NULL || path == NULL) {
		set_oom(l);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		parent[i] = NO_SYM;
	parent[start] = start;
	queue[tail++] = start;
	while (head < tail && parent[q] == NO_SYM) {
		uint32_t p = queue[head++];

		for (uint32_t e = l->qref_begin[p]; e < qref_end(l, p); e++) {
			uint32_t t = edge_question(l, e);

			if (t == NO_SYM || t == x || parent[t] != NO_SYM)
				continue;
			parent[t] = p;
			queue[tail++] = t;
		}
	}
	if (parent[q] == NO_SYM)
		goto done;
	for (at = q; at != start; at = parent[at])
		path[len++] = at;
	path[len++] = start;
	while (len-- > 0 && used + 8 < size) {
		int k = snprintf(buf + used, size - used, "%s%s",
				 used ? " -> " : "",
				 l->syms[l->qsym[path[len]]].id);

		if (k < 0)
			break;
		used += (size_t)k;
		if (used >= size) {
			snprintf(buf + size - 4, 4, "...");
			break;
		}
	}
done:
	free(parent);
	free(queue);
	free(path);
}

/* Reports every term of a when that names a question some walk to the
 * route's question q has not answered. */
static void check_answered(struct loader *l, const struct flow *f,
			   const struct route_draft *route)
{
	uint32_t q = route->question;
	size_t w = f->words ? f->words : 1;

	if (!f->is_reached[q])
		return; /* no walk: warned as unreached */
	for (size_t k = 0; k < route->alt_count; k++) {
		const struct alt_draft *alt = &l->alts[route->alt_begin + k];

		for (uint32_t j = 0; j < alt->when_count; j++) {
			const struct when_draft *t =
				&l->whens[alt->when_begin + j];
			char walk[512];

			if (t->question == NO_SYM || t->question == q ||
			    bit_get(f->in + q * w, f->named[t->question]))
				continue;
			walk_without(l, q, t->question, walk, sizeof walk);
			error_at(l, t->pos,
				 "'when' names '%s', which not every walk "
				 "here has answered: %s",
				 l->syms[l->qsym[t->question]].id, walk);
		}
	}
}

/* The number of bits set in x. Not __builtin_popcountll, which is a call
 * into the compiler's runtime (libgcc) where the CPU has no instruction
 * for it: the core calls only libc and libyaml (make check-core). */
static unsigned count_bits(uint64_t x)
{
	x -= (x >> 1) & 0x5555555555555555u;
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* The answers question x may have had at route's question: poss, or the
 * edge's own answer when x is the question itself. */
static uint64_t context_of(const struct loader *l, const struct flow *f,
			   const struct route_draft *route, uint32_t x)
{
	uint32_t q = route->question;
	unsigned a;

	if (x != q)
		return f->poss[(size_t)q * f->named_count + f->named[x]];
	a = field_answer(l, route->field, route->sub, q);
	return a == TREE_NO_ANSWER ? 0 : UINT64_C(1) << a;
}

/* True when alternative alt's when holds with answer[v] for vars[v]. */
static bool alt_holds(const struct loader *l, const struct alt_draft *alt,
		      const uint32_t *vars, const unsigned *answer, size_t nv)
{
	for (uint32_t j = 0; j < alt->when_count; j++) {
		const struct when_draft *t = &l->whens[alt->when_begin + j];
		size_t v = 0;

		while (v < nv && vars[v] != t->question)
			v++;
		if (v == nv || !(t->answers >> answer[v] & 1))
			return false;
	}
	return true;
}

enum liveness {
	ALT_LIVE,
	ALT_NEVER_HOLDS, /* its when contradicts every walk that gets here */
	ALT_COVERED,	 /* an earlier alternative always holds first */
};

/*
 * Whether some walk can take alternative k of route: an assignment of the
 * answers the walk may have had (context_of) under which k's when holds
 * and no earlier one does. When the assignments are more than
 * TREE_MAX_COMBINATIONS, only contradictions are found.
 */
static enum liveness alt_liveness(const struct loader *l, const struct flow *f,
				  const struct route_draft *route, size_t k)
{
	uint32_t vars[TREE_MAX_ALTS * 4] = {0};
	uint64_t ctx[TREE_MAX_ALTS * 4];
	unsigned answer[TREE_MAX_ALTS * 4];
	size_t nv = 0, v, i;
	uint64_t combos = 1;

	for (i = 0; i <= k; i++) {
		const struct alt_draft *alt = &l->alts[route->alt_begin + i];

		for (uint32_t j = 0; j < alt->when_count; j++) {
			const struct when_draft *t =
				&l->whens[alt->when_begin + j];

			if (t->question == NO_SYM)
				return ALT_LIVE; /* reported: say no more */
			for (v = 0; v < nv && vars[v] != t->question; v++)
				;
			if (v < nv)
				continue;
			if (nv == sizeof vars / sizeof *vars)
				return ALT_LIVE;
			vars[nv] = t->question;
			ctx[nv] = context_of(l, f, route, t->question);
			if (ctx[nv] == 0)
				return ALT_LIVE; /* not answered: reported */
			combos *= count_bits(ctx[nv]);
			if (combos > TREE_MAX_COMBINATIONS)
				combos = TREE_MAX_COMBINATIONS + 1;
			nv++;
		}
	}
	{
		const struct alt_draft *alt = &l->alts[route->alt_begin + k];

		for (uint32_t j = 0; j < alt->when_count; j++) {
			const struct when_draft *t =
				&l->whens[alt->when_begin + j];

			for (v = 0; v < nv && vars[v] != t->question; v++)
				;
			if (v < nv && (t->answers & ctx[v]) == 0)
				return ALT_NEVER_HOLDS;
		}
	}
	if (combos > TREE_MAX_COMBINATIONS)
		return ALT_LIVE;
	/* Each var at the lowest answer it may have, then count up. */
	for (v = 0; v < nv; v++)
		answer[v] = (unsigned)__builtin_ctzll(ctx[v]);
	for (;;) {
		if (alt_holds(l, &l->alts[route->alt_begin + k], vars, answer,
			      nv)) {
			for (i = 0; i < k; i++)
				if (alt_holds(l, &l->alts[route->alt_begin + i],
					      vars, answer, nv))
					break;
			if (i == k)
				return ALT_LIVE;
		}
		for (v = 0; v < nv; v++) {
			uint64_t higher = ctx[v] &
					  ~((UINT64_C(2) << answer[v]) - 1);

			if (answer[v] < 63 && higher != 0) {
				answer[v] = (unsigned)__builtin_ctzll(higher);
				break;
			}
			answer[v] = (unsigned)__builtin_ctzll(ctx[v]);
		}
		if (v == nv)
			return ALT_COVERED;
	}
}

/* Warns about each alternative of route that no walk can take. */
static void check_dead_alts(struct loader *l, struct flow *f,
			    const struct route_draft *route)
{
	if (!f->is_reached[route->question])
		return;
	for (size_t k = 0; k < route->alt_count; k++) {
		const struct alt_draft *alt = &l->alts[route->alt_begin + k];
		enum liveness live = alt_liveness(l, f, route, k);

		if (live == ALT_LIVE)
			continue;
		if (alt->ref != UINT32_MAX)
			f->is_dead_ref[alt->ref] = 1;
		diag_add_shape(l->diags, alt->pos,
			       "no walk can take this alternative: %s",
			       live == ALT_COVERED
				       ? "an earlier one always holds where "
					 "it would"
				       : "its 'when' contradicts what every "
					 "walk here has answered");
	}
}

/*
 * Works out later[] backwards and refuses a question at which more than
 * TREE_MAX_COMBINATIONS combinations of the answers later routes name
 * can be live: paths counts over them.
 */
static void check_combinations(struct loader *l, struct flow *f)
{
	size_t w = f->words ? f->words : 1, r, x;

	f->later = mem_calloc(question_count_of(l) * w, sizeof *f->later);
	if (f->later == NULL) {
		set_oom(l);
		return;
	}
	for (r = 0; r < l->route_count; r++) {
		const struct route_draft *route = &l->routes[r];
		uint64_t *set = f->later + (size_t)route->question * w;

		for (size_t k = 0; route->is_live && k < route->alt_count;
		     k++) {
			const struct alt_draft *a =
				&l->alts[route->alt_begin + k];

			for (uint32_t j = 0; j < a->when_count; j++) {
				uint32_t xq =
					l->whens[a->when_begin + j].question;

				if (xq != NO_SYM)
					set[f->named[xq] / 64] |=
						UINT64_C(1)
						<< f->named[xq] % 64;
			}
		}
	}
	for (size_t i = f->order_count; i-- > 0;) {
		uint32_t q = f->order[i];
		uint64_t *set = f->later + (size_t)q * w;
		uint64_t combos = 1;

		for (uint32_t e = l->qref_begin[q]; e < qref_end(l, q); e++) {
			uint32_t t = edge_question(l, e);

			for (x = 0; t != NO_SYM && x < w; x++)
				set[x] |= f->later[(size_t)t * w + x];
		}
		if (f->named[q] != NO_SYM)
			set[f->named[q] / 64] &=
				~(UINT64_C(1) << f->named[q] % 64);
		for (x = 0; x < f->named_count; x++)
			if (bit_get(set, (uint32_t)x)) {
				combos *= l->qinfo[f->named_q[x]].answer_count;
				if (combos > TREE_MAX_COMBINATIONS)
					break;
			}
		if (combos > TREE_MAX_COMBINATIONS)
			error_at(l, l->syms[l->qsym[q]].pos,
				 "more than %d combinations of the answers "
				 "that later routes name can reach question "
				 "'%s'; route on fewer questions",
				 TREE_MAX_COMBINATIONS, l->syms[l->qsym[q]].id);
	}
}

/* Marks what the start reaches by alternatives some walk can take, and
 * warns about the rest (report_unreached). */
static void report_unreached_by_live(struct loader *l, const struct flow *f)
{
	size_t n = question_count_of(l), head = 0, tail = 0;
	unsigned char *state = mem_calloc(n ? n : 1, 1);
	unsigned char *seen_o =
		mem_calloc(l->tree->outcome_count ? l->tree->outcome_count : 1,
			   1);
	uint32_t *queue = mem_alloc((n ? n : 1) * sizeof *queue);

	if (state == NULL || seen_o == NULL || queue == NULL) {
		set_oom(l);
		goto done;
	}
	state[l->tree->start] = 1;
	queue[tail++] = l->tree->start;
	while (head < tail) {
		uint32_t p = queue[head++];

		for (uint32_t e = l->qref_begin[p]; e < qref_end(l, p); e++) {
			uint32_t node = l->qedge[e];

			if (node == 0 || f->is_dead_ref[e])
				continue;
			if (node_kind(node) == SYM_OUTCOME) {
				seen_o[node_index(node)] = 1;
			} else if (!state[node_index(node)]) {
				state[node_index(node)] = 1;
				queue[tail++] = node_index(node);
			}
		}
	}
	report_unreached(l, state, seen_o);
done:
	free(state);
	free(seen_o);
	free(queue);
}

/*
 * The checks of when on a tree whose walks from the start meet no cycle:
 * every question a when names is answered on every walk to it, no
 * alternative is dead (warned), the combinations stay countable, and what
 * only dead alternatives lead to is unreached. Returns false, having done
 * nothing, when a cycle or running out of memory stops it: check_walks
 * then reports as in version 1.
 */
static bool check_flow(struct loader *l)
{
	struct flow f = {0};
	size_t r;
	bool is_done = false;

	if (!flow_order(l, &f) || !flow_forward(l, &f))
		goto done;
	f.is_dead_ref = mem_calloc(l->qrefs.count + 1, 1);
	if (f.is_dead_ref == NULL) {
		set_oom(l);
		goto done;
	}
	is_done = true;
	for (r = 0; r < l->route_count; r++)
		if (l->routes[r].is_live)
			check_answered(l, &f, &l->routes[r]);
	check_combinations(l, &f);
	/* While the file has errors, no warnings that follow from its shape. */
	for (r = 0;
	     r < l->route_count && l->diags->error_count == l->errors_before;
	     r++)
		if (l->routes[r].is_live)
			check_dead_alts(l, &f, &l->routes[r]);
	report_unreached_by_live(l, &f);
done:
	flow_free(&f);
	return is_done;
}

/*
 * Warns about each question whose every answer leads to the same place
 * (every alternative of every route included), unless a when names it:
 * asking it changes nothing. Left out while the file has errors.
 */
static void check_same_place(struct loader *l)
{
	size_t n = question_count_of(l);

	if (l->diags->error_count != l->errors_before)
		return;
	for (uint32_t q = 0; q < n; q++) {
		uint32_t e, edges = 0, end = qref_end(l, q);
		uint32_t node =
			l->qref_begin[q] < end ? l->qedge[l->qref_begin[q]] : 0;

		if (node == 0 || (l->qinfo != NULL && l->qinfo[q].is_named))
			continue;
		for (e = l->qref_begin[q]; e < end && l->qedge[e] == node; e++)
			edges += l->qrefs.items[e].field != REF_ALT ||
				 l->qrefs.items[e].sub == 0;
		if (e == end && edges >= 2)
			diag_add_shape(
				l->diags, l->syms[l->qsym[q]].pos,
				"every answer to question '%s' leads to '%s'",
				l->syms[l->qsym[q]].id,
				l->syms[l->qrefs.items[l->qref_begin[q]].sym]
					.id);
	}
}

/*
 * Resolves every reference and every when, filling in the tree. Returns
 * whether start names a question; false too when out of memory.
 */
static bool resolve_all(struct loader *l)
{
	size_t i;
	bool has_start = false;

	for (i = 0; i < l->orefs.count; i++)
		if (resolve(l, &l->orefs.items[i]) != 0 &&
		    l->orefs.items[i].field == REF_START)
			has_start = true;
	l->qedge = mem_alloc((l->qrefs.count ? l->qrefs.count : 1) *
			     sizeof *l->qedge);
	if (l->qedge == NULL) {
		set_oom(l);
		return false;
	}
	for (i = 0; i < l->qrefs.count; i++)
		l->qedge[i] = resolve(l, &l->qrefs.items[i]);
	if (l->route_count > 0)
		resolve_whens(l);
	return has_start;
}

static void check_model(struct loader *l)
{
	bool has_start = resolve_all(l);

	if (l->qedge == NULL)
		return;
	/* With routes, check_flow reports what is unreached, when it can. */
	if (l->route_count > 0 && has_start && !l->is_oom && check_flow(l))
		has_start = false;
	check_walks(l, has_start && !l->is_oom);
	if (!l->is_oom)
		check_same_place(l);
	if (l->route_count > 0 && !l->is_check_only && !l->is_oom &&
	    (l->diags->error_count == l->errors_before || l->is_partial))
		build_routes(l);
}

static void loader_free(struct loader *l)
{
	strtab_free(&l->sym_index);
	free(l->syms);
	free(l->sym_node);
	free(l->qedge);
	free(l->qrefs.items);
	free(l->orefs.items);
	free(l->qref_begin);
	free(l->options);
	free(l->bands);
	free(l->texts);
	free(l->ids);
	free(l->qsym);
	free(l->routes);
	free(l->alts);
	free(l->whens);
	free(l->answers);
	free(l->qinfo);
	arena_free(&l->scratch);
}

static enum yread_status load(struct loader *l, struct tree **out)
{
	enum yread_status status;
	size_t errors_before = l->diags->error_count;

	l->errors_before = errors_before;
	read_stream(l);
#ifndef X_NOMODEL
	if (!l->r.is_broken && !l->is_oom) {
		check_model(l);
	} else if (l->is_partial && !l->is_oom) {
		/* What was read, resolved without a word about the rest. */
		l->is_quiet = true;
		resolve_all(l);
		if (l->route_count > 0 && !l->is_oom && l->qedge != NULL)
			build_routes(l);
	}
#endif
	if (l->is_partial && !l->has_start_ref)
		l->tree->start = (uint32_t)l->tree->question_count;
	yread_finish(&l->r);
	if (l->is_oom || l->r.is_oom || l->diags->is_oom)
		status = YREAD_NOMEM;
	else if (l->diags->error_count > errors_before)
		status = YREAD_INVALID;
	else
		status = YREAD_OK;
	if (l->r.is_read_error)
		status = YREAD_READ_ERROR;
	/* One mistake, one diagnostic: a broken reference leaves nodes
	 * unreached that are not. */
	if (status == YREAD_INVALID)
		diag_drop_shape(l->diags);
	loader_free(l);
	if (status == YREAD_INVALID && l->is_partial) {
		*out = l->tree;
		return status;
	}
	if (status != YREAD_OK || l->is_check_only) {
		tree_free(l->tree);
		return status;
	}
	/* The growing arrays were doubled; give back the slack. */
	text_pos_sort(l->tree);
	*out = l->tree;
	return YREAD_OK;
}

/* How a load goes: a tree, lint's check only, or graph's partial tree. */
enum load_mode {
	LOAD_TREE,
	LOAD_CHECK_ONLY,
	LOAD_PARTIAL,
};

static bool loader_init(struct loader *l, struct diag_list *diags,
			enum load_mode mode)
{
	memset(l, 0, sizeof *l);
	l->diags = diags;
	l->is_check_only = mode == LOAD_CHECK_ONLY;
	l->is_partial = mode == LOAD_PARTIAL;
	l->tree = mem_calloc(1, sizeof *l->tree);
	return l->tree != NULL;
}

static enum yread_status load_buffer(const void *data, size_t len,
				     struct diag_list *diags, struct tree **out,
				     enum load_mode mode)
{
	struct loader l;

	*out = NULL;
	if (!loader_init(&l, diags, mode))
		return YREAD_NOMEM;
	if (len > TREE_MAX_FILE_SIZE) {
		error_at(&l, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB)",
			 TREE_MAX_FILE_SIZE);
		free(l.tree);
		return YREAD_INVALID;
	}
	yread_init_buffer(&l.r, data, len, diags);
	return load(&l, out);
}

/* Loads from f, read from where it stands to its end (not closed). */
static enum yread_status load_stream(FILE *f, struct diag_list *diags,
				     struct tree **out, enum load_mode mode)
{
	struct loader l;
	enum yread_status status;

	*out = NULL;
	if (!loader_init(&l, diags, mode))
		return YREAD_NOMEM;
	yread_init_file(&l.r, f, diags);
	status = load(&l, out);
	if (status == YREAD_READ_ERROR)
		errno = l.r.read_errno;
	return status;
}

/* What load_opened loads: into out, as mode says. */
struct load_request {
	struct tree **out;
	enum load_mode mode;
};

/* load_stream, as a yread_load_fn: ctx is a struct load_request. */
static enum yread_status load_opened(FILE *f, struct diag_list *diags,
				     void *ctx)
{
	const struct load_request *req = ctx;

	return load_stream(f, diags, req->out, req->mode);
}

static enum yread_status load_file(const char *path, struct diag_list *diags,
				   struct tree **out, enum load_mode mode)
{
	struct load_request req = {out, mode};

	*out = NULL;
	return yread_load_file(path, diags, load_opened, &req);
}

enum yread_status tree_load_stream(FILE *f, struct diag_list *diags,
				   struct tree **out)
{
	return load_stream(f, diags, out, LOAD_TREE);
}

enum yread_status tree_load_stream_partial(FILE *f, struct diag_list *diags,
					   struct tree **out)
{
	return load_stream(f, diags, out, LOAD_PARTIAL);
}

enum yread_status tree_check_stream(FILE *f, struct diag_list *diags)
{
	struct tree *unused;

	return load_stream(f, diags, &unused, LOAD_CHECK_ONLY);
}

enum yread_status tree_load_buffer(const void *data, size_t len,
				   struct diag_list *diags, struct tree **out)
{
	return load_buffer(data, len, diags, out, LOAD_TREE);
}

enum yread_status tree_load_file(const char *path, struct diag_list *diags,
				 struct tree **out)
{
	return load_file(path, diags, out, LOAD_TREE);
}

enum yread_status tree_load_buffer_partial(const void *data, size_t len,
					   struct diag_list *diags,
					   struct tree **out)
{
	return load_buffer(data, len, diags, out, LOAD_PARTIAL);
}

enum yread_status tree_load_file_partial(const char *path,
					 struct diag_list *diags,
					 struct tree **out)
{
	return load_file(path, diags, out, LOAD_PARTIAL);
}

const char *tree_broken_id(const struct tree *tree, uint32_t index)
{
	return index < tree->broken_count ? tree->broken[index] : "";
}

size_t tree_broken_count(const struct tree *tree)
{
	return tree->broken_count;
}

enum yread_status tree_check_buffer(const void *data, size_t len,
				    struct diag_list *diags)
{
	struct tree *unused;

	return load_buffer(data, len, diags, &unused, LOAD_CHECK_ONLY);
}

enum yread_status tree_check_file(const char *path, struct diag_list *diags)
{
	struct tree *unused;

	return load_file(path, diags, &unused, LOAD_CHECK_ONLY);
}

void tree_free(struct tree *tree)
{
	if (tree == NULL)
		return;
	free(tree->questions);
	free(tree->outcomes);
	free(tree->broken);
	free(tree->text_pos);
	arena_free(&tree->arena);
	arena_free(&tree->id_arena);
	free(tree);
}

const char *tree_id(const struct tree *tree)
{
	return tree->id;
}

const char *tree_title(const struct tree *tree)
{
	return tree->title;
}

const char *tree_version(const struct tree *tree)
{
	return tree->version;
}

const char *tree_language(const struct tree *tree)
{
	return tree->language;
}

const char *tree_disclaimer(const struct tree *tree)
{
	return tree->disclaimer;
}

uint32_t tree_start(const struct tree *tree)
{
	return tree->start;
}

int tree_format(const struct tree *tree)
{
	return tree->format;
}

bool tree_has_routes(const struct tree *tree)
{
	return tree->has_routes;
}

struct tree_ref tree_route_take(const struct tree_route *route,
				const uint8_t *answer_of)
{
	size_t k, j;

	for (k = 0; k + 1 < route->alt_count; k++) {
		const struct tree_alt *alt = &route->alts[k];

		for (j = 0; j < alt->when_count; j++) {
			unsigned answer = answer_of[alt->when[j].question];

			if (answer == TREE_NO_ANSWER ||
			    !(alt->when[j].answers >> answer & 1))
				break;
		}
		if (j == alt->when_count)
			return alt->go;
	}
	return route->alts[route->alt_count - 1].go;
}

size_t tree_question_count(const struct tree *tree)
{
	return tree->question_count;
}

const struct tree_question *tree_question(const struct tree *tree, size_t i)
{
	return &tree->questions[i];
}

size_t tree_outcome_count(const struct tree *tree)
{
	return tree->outcome_count;
}

const struct tree_outcome *tree_outcome(const struct tree *tree, size_t i)
{
	return &tree->outcomes[i];
}

bool tree_find(const struct tree *tree, const char *id, struct tree_ref *out)
{
	size_t i;

	for (i = 0; i < tree->question_count; i++)
		if (strcmp(tree->questions[i].id, id) == 0) {
			*out = (struct tree_ref){TREE_NODE_QUESTION,
						 (uint32_t)i, NULL};
			return true;
		}
	for (i = 0; i < tree->outcome_count; i++)
		if (strcmp(tree->outcomes[i].id, id) == 0) {
			*out = (struct tree_ref){TREE_NODE_OUTCOME, (uint32_t)i,
						 NULL};
			return true;
		}
	return false;
}

const char *tree_triage_name(enum tree_triage triage)
{
	switch (triage) {
	case TREE_EMERGENCY:
		return "emergency";
	case TREE_URGENT:
		return "urgent";
	case TREE_GP:
		return "gp";
	case TREE_CONSULT:
		return "consult";
	case TREE_SELF_CARE:
		return "self_care";
	}
	return "";
}

bool tree_triage_may_book(enum tree_triage triage)
{
	return triage == TREE_CONSULT || triage == TREE_SELF_CARE;
}

bool tree_outcome_may_book(const struct tree_outcome *o)
{
	return tree_triage_may_book(o->triage) && !o->offers_no_booking;
}

/*
 * The texts a person sees, for translation (tree_each_text and
 * tree_translate). The loader notes where it read each text it keeps
 * (text_pos_note), by the address of its copy, and a loaded tree sorts
 * the notes by that address once; a text is then found by a binary search.
 */
struct text_pos {
	uintptr_t text;
	struct diag_pos pos;
};

static void text_pos_note(struct loader *l, const char *text,
			  struct diag_pos pos)
{
	struct tree *t = l->tree;

	if (mem_grow(&t->text_pos, &t->text_pos_capacity, t->text_pos_count + 1,
		     sizeof *t->text_pos) < 0) {
		set_oom(l);
		return;
	}
	t->text_pos[t->text_pos_count].text = (uintptr_t)text;
	t->text_pos[t->text_pos_count++].pos = pos;
}

static int text_pos_compare(const void *a, const void *b)
{
	uintptr_t x = ((const struct text_pos *)a)->text;
	uintptr_t y = ((const struct text_pos *)b)->text;

	return (x > y) - (x < y);
}

static void text_pos_sort(struct tree *tree)
{
	if (tree->text_pos_count > 1)
		qsort(tree->text_pos, tree->text_pos_count,
		      sizeof *tree->text_pos, text_pos_compare);
}

static struct text_pos *text_pos_find(const struct tree *tree, const char *text)
{
	struct text_pos key = {.text = (uintptr_t)text};

	if (tree->text_pos_count == 0)
		return NULL;
	return bsearch(&key, tree->text_pos, tree->text_pos_count,
		       sizeof *tree->text_pos, text_pos_compare);
}

/*
 * One place's text: the slot that holds it and its msgctxt. A place is
 * visited through a slot, so that enumerating and replacing share one
 * walk of the tree (texts_walk).
 */
struct text_visit {
	const struct tree *tree;
	void (*visit)(struct text_visit *v, const char *msgctxt,
		      const char **slot);
	tree_text_fn *each;
	tree_translate_fn *translate;
	void *ctx;
	bool is_oom;
};

static void visit_place(struct text_visit *v, const char **slot,
			const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void visit_place(struct text_visit *v, const char **slot,
			const char *fmt, ...)
{
	char msgctxt[TREE_MAX_MSGCTXT];
	va_list ap;

	if (*slot == NULL || **slot == '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(msgctxt, sizeof msgctxt, fmt, ap);
	va_end(ap);
	v->visit(v, msgctxt, slot);
}

static void visit_question(struct text_visit *v, struct tree_question *q)
{
	struct tree_option *options = (struct tree_option *)q->options;

	/* A question without a label shows its ask: one text, one entry. */
	bool is_label_ask = q->label == q->ask;

	visit_place(v, &q->ask, "question %s ask", q->id);
	visit_place(v, &q->why, "question %s why", q->id);
	if (is_label_ask && q->label != q->ask)
		q->label = q->ask; /* translated: the label follows */
	else if (!is_label_ask)
		visit_place(v, &q->label, "question %s label", q->id);
	for (size_t i = 0; i < q->option_count; i++) {
		if (options[i].id != NULL)
			visit_place(v, &options[i].text,
				    "question %s option %s", q->id,
				    options[i].id);
		else
			visit_place(v, &options[i].text,
				    "question %s option %zu", q->id, i + 1);
	}
}

static void visit_outcome(struct text_visit *v, struct tree_outcome *o)
{
	const char **self_care = (const char **)o->self_care;

	visit_place(v, &o->condition, "outcome %s condition", o->id);
	visit_place(v, &o->summary, "outcome %s summary", o->id);
	for (size_t i = 0; i < o->self_care_count; i++)
		visit_place(v, &self_care[i], "outcome %s self_care %zu", o->id,
			    i + 1);
	visit_place(v, &o->booking, "outcome %s booking", o->id);
}

/* Every patient-visible text, in the order of the file's sections. */
static void texts_walk(struct tree *tree, struct text_visit *v)
{
	visit_place(v, &tree->title, "tree title");
	visit_place(v, &tree->disclaimer, "tree disclaimer");
	for (size_t i = 0; i < tree->question_count; i++)
		visit_question(v, &tree->questions[i]);
	for (size_t i = 0; i < tree->outcome_count; i++)
		visit_outcome(v, &tree->outcomes[i]);
}

static void each_visit(struct text_visit *v, const char *msgctxt,
		       const char **slot)
{
	const struct text_pos *p = text_pos_find(v->tree, *slot);
	struct diag_pos pos = p != NULL ? p->pos : (struct diag_pos){0, 0};

	v->each(v->ctx, msgctxt, *slot, pos.line, pos.column);
}

void tree_each_text(const struct tree *tree, tree_text_fn *fn, void *ctx)
{
	struct text_visit v = {.tree = tree,
			       .visit = each_visit,
			       .each = fn,
			       .ctx = ctx};

	/* Only each_visit reads through the slots: nothing is written. */
	texts_walk((struct tree *)tree, &v);
}

/* A text replaced, whose place is moved to its copy once the walk is done
 * (the notes stay sorted by the old addresses while it goes). */
struct text_moved {
	struct text_pos *pos;
	const char *copy;
};

struct translation {
	struct text_visit v;
	struct text_moved *moved;
	size_t moved_count;
};

static void translate_visit(struct text_visit *v, const char *msgctxt,
			    const char **slot)
{
	struct translation *t = (struct translation *)v;
	struct tree *tree = (struct tree *)v->tree;
	const char *tr;
	char *copy;
	struct text_pos *p;

	if (v->is_oom)
		return;
	tr = v->translate(v->ctx, msgctxt, *slot);
	if (tr == NULL || strcmp(tr, *slot) == 0)
		return;
	copy = arena_strndup(&tree->arena, tr, strlen(tr));
	if (copy == NULL) {
		v->is_oom = true;
		return;
	}
	p = text_pos_find(tree, *slot);
	if (p != NULL)
		t->moved[t->moved_count++] = (struct text_moved){p, copy};
	*slot = copy;
}

bool tree_translate(struct tree *tree, tree_translate_fn *fn, void *ctx)
{
	struct translation t = {
		.v = {.tree = tree,
		      .visit = translate_visit,
		      .translate = fn,
		      .ctx = ctx},
	};

	/* Each text is noted once, so at most this many are moved. */
	if (tree->text_pos_count > 0) {
		t.moved = mem_calloc(tree->text_pos_count, sizeof *t.moved);
		if (t.moved == NULL)
			return false;
	}
	texts_walk(tree, &t.v);
	for (size_t i = 0; i < t.moved_count; i++)
		t.moved[i].pos->text = (uintptr_t)t.moved[i].copy;
	free(t.moved);
	text_pos_sort(tree);
	return !t.v.is_oom;
}
