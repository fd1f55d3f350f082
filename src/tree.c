#include "tree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	struct tree_question *questions;
	size_t question_count;
	struct tree_outcome *outcomes;
	size_t outcome_count;
};

/* An id as first met, by definition or by reference. */
enum sym_kind {
	SYM_UNDEFINED,
	SYM_QUESTION,
	SYM_OUTCOME,
};

struct sym {
	const char *id; /* in the tree's id_arena */
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
};

/* A reference as read: resolving (check_model) finds where it leads. */
struct ref {
	uint32_t sym;
	uint32_t owner; /* question or outcome index */
	struct diag_pos pos;
	uint16_t sub;	/* option, band or also_consider index */
	uint8_t field;	/* enum ref_field */
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

/* An option or band before its question is known to be valid. */
struct draft_option {
	const char *text;
	uint32_t next; /* sym, or NO_SYM */
	struct pending_id next_id; /* options and bands: next, not looked up */
	struct diag_pos pos;
	struct diag_pos next_pos;
};

struct draft_band {
	long long from;
	long long to;
	bool is_complete;
	uint32_t next;
	struct pending_id next_id;
	struct diag_pos pos;
	struct diag_pos next_pos;
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
	QK_COUNT,
};

static const char *const qkey_names[QK_COUNT] = {
	"ask", "why",	    "type", "options", "yes",	"no",
	"unsure", "otherwise", "min",  "max",	  "bands",
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
	uint32_t yes, no, unsure, otherwise;
	struct pending_id yes_id, no_id, unsure_id, otherwise_id;
	long long min, max;
};

struct loader {
	struct yread r;
	struct diag_list *diags;
	struct tree *tree;
	bool is_oom;
	/* Validating only (tree_check_*): texts that only the finished tree
	 * needs are not kept, texts needed while reading go to scratch (made
	 * empty at each question and outcome), and questions are read into
	 * scratch_question: no tree is built. */
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

/* ---- options and bands --------------------------------------------------- */

/* The keys of an option and of a band, for yread_map_init_known. */
enum { OK_TEXT, OK_NEXT };
static const char *const option_keys[] = {"text", "next"};

static int option_key_find(const char *key, size_t len)
{
	if (len != 4)
		return -1;
	if (memcmp(key, "text", 4) == 0)
		return OK_TEXT;
	return memcmp(key, "next", 4) == 0 ? OK_NEXT : -1;
}

enum { BK_FROM, BK_TO, BK_NEXT };
static const char *const band_keys[] = {"from", "to", "next"};

static int band_key_find(const char *key, size_t len)
{
	if (len == 2)
		return memcmp(key, "to", 2) == 0 ? BK_TO : -1;
	if (len != 4)
		return -1;
	if (memcmp(key, "from", 4) == 0)
		return BK_FROM;
	return memcmp(key, "next", 4) == 0 ? BK_NEXT : -1;
}

static void read_option(struct loader *l)
{
	struct draft_option option = {.next = NO_SYM};
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
		int which = m.which >= 0 ? m.which
					 : unknown_key(l, &m, key, len, key_pos,
						       " in an option",
						       option_keys, 2);

		if (which == OK_TEXT) {
			option.text = read_text_kept(l, "'text'",
						     KEEP_WHILE_READ);
			is_text_reported = was_reported(l, errors_before);
		} else if (which == OK_NEXT) {
			option.next_pos = yread_pos(&l->r);
			read_ref_later(l, "'next'", &option.next_id);
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
	if (l->option_count == TREE_MAX_OPTIONS) {
		error_at(l, option.pos,
			 "too many options (the limit is %d)", TREE_MAX_OPTIONS);
		l->option_count++; /* remembered, so it is said once */
		return;
	}
	if (l->option_count > TREE_MAX_OPTIONS)
		return;
	if (mem_grow(&l->options, &l->option_capacity, l->option_count + 1,
		     sizeof *l->options) < 0) {
		set_oom(l);
		return;
	}
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
	struct draft_band band = {.next = NO_SYM};
	struct yread_map m;
	const char *key;
	size_t len;
	struct diag_pos key_pos;
	bool has_from = false, has_to = false;
	uint32_t reported = 0; /* bits by BK_: a bad value, said already */

	yread_map_init_known(&m, band_key_find, band_keys);
	band.pos = yread_pos(&l->r);
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "a band", "a mapping with 'from', 'to' and 'next'");
		return;
	}
	while (yread_map_next(&l->r, &m, &key, &len, &key_pos) > 0) {
		size_t errors_before = l->diags->error_count;
		int which = m.which >= 0 ? m.which
					 : unknown_key(l, &m, key, len, key_pos,
						       " in a band", band_keys,
						       3);

		if (which == BK_FROM) {
			has_from = read_int(l, "'from'", &band.from);
		} else if (which == BK_TO) {
			has_to = read_int(l, "'to'", &band.to);
		} else if (which == BK_NEXT) {
			band.next_pos = yread_pos(&l->r);
			read_ref_later(l, "'next'", &band.next_id);
		}
		if (which >= 0 && was_reported(l, errors_before))
			reported |= 1u << which;
	}
	yread_map_finish(&m);
	if (!has_from && !(reported & 1u << BK_FROM))
		error_at(l, band.pos, "band is missing 'from'");
	if (!has_to && !(reported & 1u << BK_TO))
		error_at(l, band.pos, "band is missing 'to'");
	if (band.next_id.key == NULL && !(reported & 1u << BK_NEXT))
		error_at(l, band.pos, "band is missing 'next'");
	band.is_complete = has_from && has_to;
	if (l->band_count == TREE_MAX_BANDS) {
		error_at(l, band.pos, "too many bands (the limit is %d)",
			 TREE_MAX_BANDS);
		l->band_count++;
		return;
	}
	if (l->band_count > TREE_MAX_BANDS)
		return;
	if (mem_grow(&l->bands, &l->band_capacity, l->band_count + 1,
		     sizeof *l->bands) < 0) {
		set_oom(l);
		return;
	}
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
static const char *const qtype_names[] = {"choice", "yesno", "multi",
					  "scale"};

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

static const char *qtype_name(enum tree_qtype type)
{
	switch (type) {
	case TREE_CHOICE:
		return "choice";
	case TREE_YESNO:
		return "yesno";
	case TREE_MULTI:
		return "multi";
	case TREE_SCALE:
		return "scale";
	}
	return "?";
}

#define QK_BIT(k) (1u << (k))

/* The keys each type takes, as bits by qkey. */
static uint32_t qkeys_of(enum tree_qtype type)
{
	const uint32_t common = QK_BIT(QK_ASK) | QK_BIT(QK_WHY) | QK_BIT(QK_TYPE);

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
		"'ask'", "'why'", "'type'", "'options'", "'yes'", "'no'",
		"'unsure'", "'otherwise'", "'min'", "'max'", "'bands'",
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
	case QK_TYPE: {
		const char *type = read_text_kept(l, quoted, KEEP_WHILE_READ);
		static const enum tree_qtype types[] = {
			TREE_CHOICE, TREE_YESNO, TREE_MULTI, TREE_SCALE};
		size_t i;

		if (type == NULL) {
			d->has[k] = false;
			break;
		}
		for (i = 0; i < 4; i++)
			if (strcmp(type, qtype_name(types[i])) == 0) {
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
		d->has[k] = read_ref_later(l, quoted, &d->yes_id);
		break;
	case QK_NO:
		d->has[k] = read_ref_later(l, quoted, &d->no_id);
		break;
	case QK_UNSURE:
		d->has[k] = read_ref_later(l, quoted, &d->unsure_id);
		break;
	case QK_OTHERWISE:
		d->has[k] = read_ref_later(l, quoted, &d->otherwise_id);
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
			error_at(l, b->pos, "band runs backwards (from %lld to "
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
			error_at(l, b->pos, "bands are out of order: %lld to "
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

/* Checks a question read into d and the scratch lists, and adds it. */
static void finish_question(struct loader *l, struct draft_question *d,
			    uint32_t index, const char *id)
{
	struct tree_question *q = l->is_check_only ? &l->scratch_question
						   : &l->tree->questions[index];
	struct tree_option *options = NULL;
	struct tree_band *bands = NULL;
	int k;
	uint32_t given = 0;
	size_t i;

	q->id = id;
	q->ask = d->ask;
	q->why = d->why;
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
					 qkey_names[k], qtype_name(d->type));
	if (d->ask == NULL && is_missing(d, QK_ASK))
		error_at(l, d->map_pos, "question '%s' is missing 'ask'", id);

	switch (d->type) {
	case TREE_CHOICE:
	case TREE_MULTI:
		if (!d->has[QK_OPTIONS]) {
			if (is_missing(d, QK_OPTIONS))
				error_at(l, d->map_pos,
					 "question '%s' is missing 'options'",
					 id);
			break;
		}
		if (d->type == TREE_CHOICE &&
		    l->option_count + l->options_dropped < 2)
			error_at(l, d->value_pos[QK_OPTIONS],
				 "a choice question needs at least 2 options");
		if (d->type == TREE_MULTI &&
		    l->option_count + l->options_dropped == 0)
			error_at(l, d->value_pos[QK_OPTIONS],
				 "a multi question needs at least 1 option");
		if (d->type == TREE_MULTI && is_missing(d, QK_OTHERWISE))
			error_at(l, d->map_pos,
				 "question '%s' is missing 'otherwise'", id);
		if (l->option_count > TREE_MAX_OPTIONS)
			l->option_count = TREE_MAX_OPTIONS;
		check_option_texts(l);
		if (l->option_count == 0)
			break;
		if (!l->is_check_only) {
			options = arena_alloc(&l->tree->arena,
					      l->option_count *
						      sizeof *options);
			if (options == NULL) {
				set_oom(l);
				return;
			}
		}
		for (i = 0; i < l->option_count; i++) {
			const struct draft_option *o = &l->options[i];

			if (options != NULL) {
				options[i].text = o->text;
				options[i].has_next = o->next != NO_SYM;
				options[i].next = (struct tree_ref){
					TREE_NODE_OUTCOME, 0};
			}
			if (o->next != NO_SYM)
				add_ref(l, &l->qrefs, o->next, REF_OPTION,
					index, (uint32_t)i, o->next_pos);
			else if (d->type == TREE_CHOICE)
				error_at(l, o->pos, "option '%.*s' is missing "
						    "'next'",
					 quote_len(strlen(o->text)), o->text);
		}
		q->options = options;
		q->option_count = l->option_count;
		if (d->type == TREE_MULTI && d->has[QK_OTHERWISE])
			add_ref(l, &l->qrefs, d->otherwise, REF_OTHERWISE,
				index, 0, d->value_pos[QK_OTHERWISE]);
		break;
	case TREE_YESNO:
		if (is_missing(d, QK_YES))
			error_at(l, d->map_pos, "question '%s' is missing 'yes'",
				 id);
		if (is_missing(d, QK_NO))
			error_at(l, d->map_pos, "question '%s' is missing 'no'",
				 id);
		if (d->has[QK_YES])
			add_ref(l, &l->qrefs, d->yes, REF_YES, index, 0,
				d->value_pos[QK_YES]);
		if (d->has[QK_NO])
			add_ref(l, &l->qrefs, d->no, REF_NO, index, 0,
				d->value_pos[QK_NO]);
		if (d->has[QK_UNSURE]) {
			q->has_unsure = true;
			add_ref(l, &l->qrefs, d->unsure, REF_UNSURE, index, 0,
				d->value_pos[QK_UNSURE]);
		}
		break;
	case TREE_SCALE:
		if (is_missing(d, QK_MIN))
			error_at(l, d->map_pos, "question '%s' is missing 'min'",
				 id);
		if (is_missing(d, QK_MAX))
			error_at(l, d->map_pos, "question '%s' is missing 'max'",
				 id);
		if (!d->has[QK_BANDS]) {
			if (is_missing(d, QK_BANDS))
				error_at(l, d->map_pos,
					 "question '%s' is missing 'bands'",
					 id);
			break;
		}
		if (l->band_count > TREE_MAX_BANDS)
			l->band_count = TREE_MAX_BANDS;
		if (l->band_count == 0) {
			error_at(l, d->value_pos[QK_BANDS],
				 "a scale question needs at least 1 band");
			break;
		}
		if (d->has[QK_MIN] && d->has[QK_MAX])
			check_bands(l, d);
		q->min = d->min;
		q->max = d->max;
		if (!l->is_check_only) {
			bands = arena_alloc(&l->tree->arena,
					    l->band_count * sizeof *bands);
			if (bands == NULL) {
				set_oom(l);
				return;
			}
		}
		for (i = 0; i < l->band_count; i++) {
			if (bands != NULL) {
				bands[i].from = l->bands[i].from;
				bands[i].to = l->bands[i].to;
				bands[i].next = (struct tree_ref){
					TREE_NODE_OUTCOME, 0};
			}
			add_ref(l, &l->qrefs, l->bands[i].next, REF_BAND, index,
				(uint32_t)i, l->bands[i].next_pos);
		}
		q->bands = bands;
		q->band_count = l->band_count;
		break;
	}
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
			error_at(l, pos, "duplicate key '%.*s' (first at %u:%u)",
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

/* The qkey named key, or -1. A perfect hash of the eleven names,
 * ((first byte ^ second byte) + length) % 32, picks the one name to compare
 * with: a loop over the names mispredicted a branch at almost every key. */
static int qkey_find(const char *key, size_t len)
{
	/* strlen of each of qkey_names. */
	static const size_t lens[QK_COUNT] = {3, 3, 4, 7, 3, 2, 6, 9, 3, 3, 5};
	/* By hash: the qkey + 1, or 0. */
	static const unsigned char by_hash[32] = {
		[21] = QK_ASK + 1,     [2] = QK_WHY + 1,    [17] = QK_TYPE + 1,
		[6] = QK_OPTIONS + 1,  [31] = QK_YES + 1,   [3] = QK_NO + 1,
		[1] = QK_UNSURE + 1,   [4] = QK_OTHERWISE + 1,
		[7] = QK_MIN + 1,      [15] = QK_MAX + 1,   [8] = QK_BANDS + 1,
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
static const char *add_question(struct loader *l, const char *key,
				size_t len, uint32_t hash,
				struct diag_pos key_pos, size_t index)
{
	const char *id;
	uint32_t sym;

	if ((!l->is_check_only &&
	     mem_grow(&l->tree->questions, &l->question_capacity, index + 1,
		      sizeof *l->tree->questions) < 0) ||
	    mem_grow(&l->qref_begin, &l->qref_begin_capacity, index + 1,
		     sizeof *l->qref_begin) < 0 ||
	    mem_grow(&l->qsym, &l->qsym_capacity, index + 1,
		     sizeof *l->qsym) < 0) {
		set_oom(l);
		return NULL;
	}
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

		/* A misspelt key, said here, is not also missing. */
		if (i < 0)
			i = unknown_key(l, &m, k, klen, kpos, "", qkey_names,
					QK_COUNT);
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
	(void)id; (void)hash; l->tree->question_count++;
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
	if (l->text_count == 0 || l->is_check_only)
		return NULL;
	copy = arena_memdup(&l->tree->arena, l->texts, l->text_count,
			    sizeof *l->texts);
	if (copy == NULL)
		set_oom(l);
	return copy;
}

/* The keys of an outcome. */
static const char *const outcome_keys[] = {
	"condition", "triage", "summary", "self_care", "sources",
	"also_consider",
};
#define OUTCOME_KEY_COUNT (sizeof outcome_keys / sizeof *outcome_keys)

/* The number of name among count names, or -1. */
static int name_index(const char *name, const char *const *names,
		      size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

static void read_outcome(struct loader *l, const char *key, size_t len,
			 struct diag_pos key_pos)
{
	struct yread_map m;
	struct tree_outcome *o;
	const char *id, *k;
	size_t klen, i, index = l->tree->outcome_count;
	struct diag_pos kpos, map_pos;
	int triage_state = 0; /* 0 missing, 1 read, 2 wrong (reported) */
	bool is_condition_reported = false, is_summary_reported = false;

	yread_map_init(&m, true);
	if (!define(l, key, len, key_pos, SYM_OUTCOME, (uint32_t)index, &id,
		    NULL)) {
		yread_skip(&l->r);
		return;
	}
	if (mem_grow(&l->tree->outcomes, &l->outcome_capacity, index + 1,
		     sizeof *l->tree->outcomes) < 0) {
		set_oom(l);
		return;
	}
	o = &l->tree->outcomes[index];
	memset(o, 0, sizeof *o);
	if (l->is_check_only)
		arena_reset(&l->scratch);
	o->id = id;
	o->line = key_pos.line;
	l->tree->outcome_count++;
	if (yread_type(&l->r) != YAML_MAPPING_START_EVENT) {
		wrong_kind(l, "an outcome", "a mapping");
		return;
	}
	map_pos = yread_pos(&l->r);
	while (yread_map_next(&l->r, &m, &k, &klen, &kpos) > 0) {
		size_t errors_before = l->diags->error_count;
		int which = name_index(k, outcome_keys, OUTCOME_KEY_COUNT);

		if (which >= 0)
			m.known |= 1u << which; /* for unknown_key */
		else
			which = unknown_key(l, &m, k, klen, kpos, "",
					    outcome_keys, OUTCOME_KEY_COUNT);
		if (which < 0)
			continue;
		k = outcome_keys[which];
		if (strcmp(k, "condition") == 0) {
			o->condition = read_text_kept(l, "'condition'",
						      KEEP_FOR_TREE);
			is_condition_reported = was_reported(l, errors_before);
		} else if (strcmp(k, "summary") == 0) {
			o->summary = read_text_kept(l, "'summary'",
						    KEEP_FOR_TREE);
			is_summary_reported = was_reported(l, errors_before);
		} else if (strcmp(k, "triage") == 0) {
			struct diag_pos vpos = yread_pos(&l->r);
			const char *t = read_text_kept(l, "'triage'",
						       KEEP_WHILE_READ);

			if (t == NULL) {
				triage_state = yread_type(&l->r) ==
							       YAML_SCALAR_EVENT
						       ? 0
						       : 2;
			} else if (parse_triage(t, &o->triage)) {
				triage_state = 1;
			} else {
				static const char *const levels[] = {
					"emergency", "urgent", "gp", "consult",
					"self_care"};

				triage_state = 2;
				unknown_word(l, vpos, "triage level", t, levels,
					     5,
					     "emergency, urgent, gp, consult "
					     "or self_care");
			}
		} else if (strcmp(k, "self_care") == 0) {
			if (read_text_list(l, "'self_care'"))
				o->self_care = copy_texts(l, &o->self_care_count);
		} else if (strcmp(k, "sources") == 0) {
			if (read_text_list(l, "'sources'"))
				o->sources = copy_texts(l, &o->source_count);
		} else if (strcmp(k, "also_consider") == 0) {
			if (!read_ref_list(l, "'also_consider'"))
				continue;
			for (i = 0; i < l->id_count; i++)
				add_ref(l, &l->orefs, l->ids[i].next, REF_ALSO,
					(uint32_t)index, (uint32_t)i,
					l->ids[i].next_pos);
			o->also_consider_count = l->id_count;
		}
	}
	yread_map_finish(&m);
	if (l->r.is_broken)
		return;
	/* also_consider indices are filled in when resolved. */
	if (o->also_consider_count > 0 && !l->is_check_only) {
		uint32_t *also = arena_alloc(&l->tree->arena,
					     o->also_consider_count *
						     sizeof *also);

		if (also == NULL) {
			set_oom(l);
			return;
		}
		memset(also, 0, o->also_consider_count * sizeof *also);
		o->also_consider = also;
	}
	if (o->condition == NULL && !is_condition_reported)
		error_at(l, map_pos, "outcome '%s' is missing 'condition'", id);
	if (triage_state == 0)
		error_at(l, map_pos, "outcome '%s' is missing 'triage'", id);
	if (o->summary == NULL && !is_summary_reported)
		error_at(l, map_pos, "outcome '%s' is missing 'summary'", id);
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

static void read_top(struct loader *l)
{
	struct yread_map m;
	struct tree *t = l->tree;
	bool has[TK_COUNT] = {false};
	bool is_reported[TK_COUNT] = {false}; /* a bad value, said already */
	struct diag_pos map_pos = yread_pos(&l->r), vpos;
	const char *key;
	size_t len;
	struct diag_pos kpos;
	int i;

	yread_map_init(&m, true);
	while (yread_map_next(&l->r, &m, &key, &len, &kpos) > 0) {
		char quoted[16];
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
		snprintf(quoted, sizeof quoted, "'%s'", top_key_names[i]);
		vpos = yread_pos(&l->r);
		switch ((enum top_key)i) {
		case TK_FORMAT: {
			const char *f = read_text(l, quoted);

			has[i] = f != NULL;
			if (f != NULL && strcmp(f, "runcheck/1") != 0)
				error_at(l, vpos,
					 "unsupported format '%.*s'; this "
					 "runcheck reads 'runcheck/1'",
					 quote_len(strlen(f)), f);
			break;
		}
		case TK_ID:
			t->id = read_text(l, quoted);
			has[i] = t->id != NULL;
			if (t->id != NULL &&
			    !is_valid_id(t->id, strlen(t->id), true))
				error_at(l, vpos,
					 "invalid tree id '%.*s': use a "
					 "lowercase letter, then lowercase "
					 "letters, digits, '_' and '-', at most "
					 "%d in all",
					 quote_len(strlen(t->id)), t->id,
					 TREE_MAX_ID);
			break;
		case TK_TITLE:
			t->title = read_text(l, quoted);
			has[i] = t->title != NULL;
			break;
		case TK_VERSION:
			t->version = read_text(l, quoted);
			has[i] = t->version != NULL;
			break;
		case TK_LANGUAGE:
			t->language = read_text(l, quoted);
			if (t->language != NULL && !is_language_tag(t->language))
				error_at(l, vpos,
					 "invalid language tag '%.*s' (use a "
					 "BCP 47 tag such as 'en' or 'en-AU')",
					 quote_len(strlen(t->language)),
					 t->language);
			break;
		case TK_START: {
			uint32_t sym = read_ref(l, quoted);

			has[i] = sym != NO_SYM;
			add_ref(l, &l->orefs, sym, REF_START, 0, 0, vpos);
			break;
		}
		case TK_DISCLAIMER:
			t->disclaimer = read_text(l, quoted);
			has[i] = t->disclaimer != NULL;
			break;
		case TK_QUESTIONS:
		case TK_OUTCOMES:
			has[i] = !(yread_type(&l->r) == YAML_SCALAR_EVENT &&
				   yread_is_null(&l->r));
			if (has[i])
				read_nodes(l, i == TK_QUESTIONS);
			break;
		case TK_COUNT:
			break;
		}
		if (was_reported(l, errors_before))
			is_reported[i] = true;
	}
	yread_map_finish(&m);
	if (l->r.is_broken)
		return;
	if (t->language == NULL)
		t->language = "en";
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
	struct tree_ref target;

	if (node == 0) {
		unknown_id(l, ref, sym->id);
		return 0;
	}
	target.kind = node_kind(node) == SYM_QUESTION ? TREE_NODE_QUESTION
						      : TREE_NODE_OUTCOME;
	target.index = node_index(node);
	/* Only checking: there is no tree to fill in, but the same checks. */
	if (l->is_check_only && ref->field != REF_START &&
	    ref->field != REF_ALSO)
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
		if (!l->is_check_only)
			((uint32_t *)o->also_consider)[ref->sub] = target.index;
		break;
	}
	case REF_OPTION:
		((struct tree_option *)t->questions[ref->owner].options)[ref->sub]
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
	}
	return node;
}

/* Reports the cycle closed by edge e, from question q: the questions from
 * its target up to the top of the walk, then the target again. */
static void report_cycle(struct loader *l, const uint32_t *stack,
			 size_t depth, size_t from, uint32_t e)
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

static void check_model(struct loader *l)
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
		return;
	}
	for (i = 0; i < l->qrefs.count; i++)
		l->qedge[i] = resolve(l, &l->qrefs.items[i]);
	check_walks(l, has_start && !l->is_oom);
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
	arena_free(&l->scratch);
}

static enum tree_status load(struct loader *l, struct tree **out)
{
	enum tree_status status;
	size_t errors_before = l->diags->error_count;

	read_stream(l);
#ifndef X_NOMODEL
	if (!l->r.is_broken && !l->is_oom)
		check_model(l);
#endif
	yread_finish(&l->r);
	if (l->is_oom || l->r.is_oom || l->diags->is_oom)
		status = TREE_NOMEM;
	else if (l->diags->error_count > errors_before)
		status = TREE_INVALID;
	else
		status = TREE_OK;
	if (l->r.is_read_error)
		status = TREE_READ_ERROR;
	/* One mistake, one diagnostic: a broken reference leaves nodes
	 * unreached that are not. */
	if (status == TREE_INVALID)
		diag_drop_shape(l->diags);
	loader_free(l);
	if (status != TREE_OK || l->is_check_only) {
		tree_free(l->tree);
		return status;
	}
	/* The growing arrays were doubled; give back the slack. */
	*out = l->tree;
	return TREE_OK;
}

static bool loader_init(struct loader *l, struct diag_list *diags,
			bool is_check_only)
{
	memset(l, 0, sizeof *l);
	l->diags = diags;
	l->is_check_only = is_check_only;
	l->tree = mem_calloc(1, sizeof *l->tree);
	return l->tree != NULL;
}

static enum tree_status load_buffer(const void *data, size_t len,
				    struct diag_list *diags, struct tree **out,
				    bool is_check_only)
{
	struct loader l;

	*out = NULL;
	if (!loader_init(&l, diags, is_check_only))
		return TREE_NOMEM;
	if (len > TREE_MAX_FILE_SIZE) {
		error_at(&l, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB)",
			 TREE_MAX_FILE_SIZE);
		free(l.tree);
		return TREE_INVALID;
	}
	yread_init_buffer(&l.r, data, len, diags);
	return load(&l, out);
}

/* Loads from f, read from where it stands to its end (not closed). */
static enum tree_status load_stream(FILE *f, struct diag_list *diags,
				    struct tree **out, bool is_check_only)
{
	struct loader l;
	enum tree_status status;

	*out = NULL;
	if (!loader_init(&l, diags, is_check_only))
		return TREE_NOMEM;
	yread_init_file(&l.r, f, diags);
	status = load(&l, out);
	if (status == TREE_READ_ERROR)
		errno = l.r.read_errno;
	return status;
}

static enum tree_status load_file(const char *path, struct diag_list *diags,
				  struct tree **out, bool is_check_only)
{
	struct stat st;
	enum tree_status status;
	int saved_errno;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return TREE_CANNOT_OPEN;
	if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
		/* fstat said why, or it is a folder: say that. */
		saved_errno = errno;
		if (fstat(fileno(f), &st) == 0)
			saved_errno = EISDIR;
		fclose(f);
		errno = saved_errno;
		return TREE_CANNOT_OPEN;
	}
	/* Refused before it is read whole; a pipe is counted as it is read. */
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > TREE_MAX_FILE_SIZE) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB): %jd bytes",
			 TREE_MAX_FILE_SIZE, (intmax_t)st.st_size);
		fclose(f);
		return TREE_INVALID;
	}
	status = load_stream(f, diags, out, is_check_only);
	saved_errno = errno; /* of a read error */
	fclose(f);
	errno = saved_errno;
	return status;
}

enum tree_status tree_load_stream(FILE *f, struct diag_list *diags,
				  struct tree **out)
{
	return load_stream(f, diags, out, false);
}

enum tree_status tree_check_stream(FILE *f, struct diag_list *diags)
{
	struct tree *unused;

	return load_stream(f, diags, &unused, true);
}

enum tree_status tree_load_buffer(const void *data, size_t len,
				  struct diag_list *diags, struct tree **out)
{
	return load_buffer(data, len, diags, out, false);
}

enum tree_status tree_load_file(const char *path, struct diag_list *diags,
				struct tree **out)
{
	return load_file(path, diags, out, false);
}

enum tree_status tree_check_buffer(const void *data, size_t len,
				   struct diag_list *diags)
{
	struct tree *unused;

	return load_buffer(data, len, diags, &unused, true);
}

enum tree_status tree_check_file(const char *path, struct diag_list *diags)
{
	struct tree *unused;

	return load_file(path, diags, &unused, true);
}

void tree_free(struct tree *tree)
{
	if (tree == NULL)
		return;
	free(tree->questions);
	free(tree->outcomes);
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
			*out = (struct tree_ref){TREE_NODE_QUESTION, (uint32_t)i};
			return true;
		}
	for (i = 0; i < tree->outcome_count; i++)
		if (strcmp(tree->outcomes[i].id, id) == 0) {
			*out = (struct tree_ref){TREE_NODE_OUTCOME, (uint32_t)i};
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
