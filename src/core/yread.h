/*
 * yread.h - libyaml's event stream with the file-level rules of the
 * runcheck formats applied on the way through: size limit, UTF-8 and
 * control characters, anchors, aliases, tags, nesting depth, duplicate
 * keys, merge keys. The tree and clinic loaders read events through it and
 * only check their own schema.
 *
 * Problems go to a diag_list; nothing is printed. Positions are 1-based.
 */
#ifndef RUNCHECK_YREAD_H
#define RUNCHECK_YREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <yaml.h>

#include "diag.h"

/* Limits of every runcheck format (tree, clinic, walks), each enforced
 * with an error: the reader's, so that no format can pass them. */
#define YREAD_MAX_FILE_SIZE 67108864u /* bytes: 64 MiB */
#define YREAD_MAX_DEPTH	    32	      /* nesting; top mapping is 1 */
#define YREAD_MAX_TEXT	    16384     /* bytes of one scalar */

/* How loading a file ended: what every loader of the core returns. */
enum yread_status {
	YREAD_OK = 0,
	YREAD_INVALID,	   /* errors are in the diag_list */
	YREAD_CANNOT_OPEN, /* the file could not be opened; errno kept */
	YREAD_NOMEM,
	YREAD_READ_ERROR, /* opened, but reading it failed; errno kept */
};

struct yread {
	yaml_parser_t parser;
	yaml_event_t event;
	bool has_event;
	bool is_broken; /* a parse error was reported: no more events */
	bool is_oom;
	bool is_ready; /* the parser was initialised */
	int depth;     /* of the current event; the top mapping is 1 */
	struct diag_list *diags;

	/*
	 * Input, fed to libyaml through a handler. libyaml's own reader
	 * refuses invalid UTF-8 and control characters but says only at
	 * which byte; on such an error the input is scanned again from its
	 * start (raw_rescan) to say where, by line and column. What libyaml
	 * lets through and the format does not (U+0085, a UTF-16 byte-order
	 * mark) is looked for on the way. Input that cannot be read twice
	 * (a pipe) is scanned as it is read.
	 */
	FILE *file;
	const unsigned char *data;
	size_t data_len;
	size_t data_off;
	uint64_t bytes_read;
	bool has_raw_error; /* a byte-level error was reported */
	bool is_read_error; /* reading the file failed: read_errno says why */
	int read_errno;
	bool is_scanned;	 /* every byte is scanned as it is read */
	bool is_at_eof;		 /* the handler has seen the end of the input */
	unsigned char last_byte; /* of the previous read, for U+0085 */
	unsigned char carry[4];	 /* a sequence cut by a read, held back */
	size_t carry_len;

	/* Where the raw scan is, for byte-level errors. */
	struct diag_pos raw_pos;
	bool raw_after_cr;
	bool raw_at_start;
	uint32_t utf8_cp;  /* code point being decoded */
	int utf8_need;	   /* continuation bytes still needed */
	uint32_t utf8_min; /* smallest code point for its length */
	struct diag_pos utf8_start;
};

/*
 * Opens the file at path to be read as one of the runcheck formats. A
 * folder is refused (errno EISDIR); a regular file larger than
 * YREAD_MAX_FILE_SIZE is refused before it is read, with an error at 1:1
 * in diags (a pipe is counted as it is read). Returns YREAD_OK with *out
 * open for the caller to close, YREAD_CANNOT_OPEN with errno kept, or
 * YREAD_INVALID.
 */
enum yread_status yread_open_file(const char *path, struct diag_list *diags,
				  FILE **out);

/* Reads the file f, open, from where it stands, into what ctx says. */
typedef enum yread_status yread_load_fn(FILE *f, struct diag_list *diags,
					void *ctx);

/*
 * Opens path with yread_open_file, has load read it, and closes it: how
 * each format loads a file by name. Returns yread_open_file's status
 * when it fails, else load's; errno is kept from a failed open or from
 * load (a read error).
 */
enum yread_status yread_load_file(const char *path, struct diag_list *diags,
				  yread_load_fn *load, void *ctx);

/* Starts reading from an open file (not closed by yread). */
void yread_init_file(struct yread *r, FILE *file, struct diag_list *diags);

/* Starts reading from len bytes at data (kept, not copied). */
void yread_init_buffer(struct yread *r, const void *data, size_t len,
		       struct diag_list *diags);

/* Frees the parser and the current event. */
void yread_finish(struct yread *r);

/*
 * Moves to the next event, applying the file-level rules. Returns false
 * on a parse error, at nesting deeper than YREAD_MAX_DEPTH or when out of
 * memory (each reported; r->is_broken).
 */
bool yread_next(struct yread *r);

static inline yaml_event_type_t yread_type(const struct yread *r)
{
	return r->event.type;
}

/* Where the current event starts. */
struct diag_pos yread_pos(const struct yread *r);

/* The current scalar's text and length (only for a scalar event). */
static inline const char *yread_text(const struct yread *r, size_t *len)
{
	if (len != NULL)
		*len = r->event.data.scalar.length;
	return (const char *)r->event.data.scalar.value;
}

/* True when the current event is a scalar that counts as missing: empty,
 * or a plain null, Null, NULL or ~. */
bool yread_is_null(const struct yread *r);

/* True for a plain (unquoted) scalar. */
bool yread_is_plain(const struct yread *r);

/*
 * Skips the node that starts at the current event, checking the file-level
 * rules inside it. Afterwards the current event is the node's last one.
 * Returns false on a parse error.
 */
bool yread_skip(struct yread *r);

/* Keys seen in one mapping, to report one given twice. */
struct yread_key {
	char *key;
	size_t len;
	struct diag_pos pos;
	bool is_owned; /* key was allocated, not kept in small_text */
};

/* A mapping's first keys and their text are kept in the yread_map itself,
 * so that reading a small mapping allocates nothing. */
#define YREAD_MAP_SMALL 8
#define YREAD_MAP_TEXT	128

/* The number (0 to 31) of a key the caller knows by name, or -1. */
typedef int yread_key_find(const char *key, size_t len);

struct yread_map {
	/* Keys the caller knows (yread_map_init_known): found by find,
	 * handed out as names[number] and checked for duplicates as bits,
	 * without copying or comparing their text. */
	yread_key_find *find;
	const char *const *names;
	uint32_t known; /* the known keys met, as bits by number */
	int which;	/* the current key's number, or -1 */
	struct diag_pos known_pos[32];

	struct yread_key *keys; /* small_keys, or allocated when many */
	size_t count;
	size_t capacity;
	bool check_duplicates;
	void *index;	   /* a strtab once the mapping is large */
	char *pending_key; /* the key handed out, when not in keys */
	size_t pending_capacity;
	struct yread_key small_keys[YREAD_MAP_SMALL];
	char small_text[YREAD_MAP_TEXT];
	size_t small_text_used;
};

/*
 * Iterates over the mapping whose MAPPING_START is the current event:
 *
 *	struct yread_map m;
 *
 *	yread_map_init(&m, true);
 *	while ((rc = yread_map_next(r, &m, &key, &len, &pos)) > 0)
 *		handle the value, whose first event is now current;
 *	yread_map_finish(&m);
 *
 * Returns 1 with the key (valid until the next yread_map_next), 0 at the end of
 * the mapping (MAPPING_END current), -1 on a parse error. Keys that are
 * not text, merge keys and, when check_duplicates, keys given twice are
 * reported here and their values skipped, so the caller never sees them.
 */
int yread_map_next(struct yread *r, struct yread_map *m, const char **key,
		   size_t *len, struct diag_pos *pos);

/* Readies m for a mapping; it takes no memory until it meets keys. Its
 * arrays are not cleared: a big tree has hundreds of thousands of small
 * mappings. */
static inline void yread_map_init(struct yread_map *m, bool check_duplicates)
{
	m->find = NULL;
	m->names = NULL;
	m->known = 0;
	m->which = -1;
	m->keys = NULL;
	m->count = 0;
	m->capacity = 0;
	m->check_duplicates = check_duplicates;
	m->index = NULL;
	m->pending_key = NULL;
	m->pending_capacity = 0;
	m->small_text_used = 0;
}

/*
 * As yread_map_init with check_duplicates, for a mapping whose keys the
 * caller knows: find gives a known key's number (below 32), names its
 * name. yread_map_next then hands out a known key as names[number], with
 * its number in m->which (-1 for any other key, which is checked and
 * copied as usual). A small mapping of known keys reads faster.
 */
static inline void yread_map_init_known(struct yread_map *m,
					yread_key_find *find,
					const char *const *names)
{
	yread_map_init(m, true);
	m->find = find;
	m->names = names;
}

void yread_map_finish(struct yread_map *m);

/*
 * True when the len bytes at data are a YAML mapping whose top-level
 * "format" key is a text starting with prefix ("runcheck-clinic/"),
 * quoted or not, the key quoted or not: how lint tells the kinds of file
 * apart, from the input it has read once. Parsing stops at that key;
 * anything that is not such a file, a broken one included, is not.
 */
bool yread_format_is(const void *data, size_t len, const char *prefix);

/* As yread_format_is, for a regular file open at its start: read from
 * there, and left at its start again (rewind) for the loader. */
bool yread_format_is_stream(FILE *f, const char *prefix);

/*
 * Reports key (len bytes) at pos as an unknown key, unless it is an
 * extension key (x-...): "unknown key 'KEY'" and the words in `where`
 * (" in an option", or ""), then "; did you mean 'NAME'?" when one of the
 * count names is close (suggest.h). Returns the number of that name, for
 * a caller that reads the value as if the key had been spelt right (one
 * mistake, one diagnostic: not also a missing key), or -1.
 */
int yread_unknown_key(struct yread *r, struct diag_pos pos, const char *key,
		      size_t len, const char *where, const char *const *names,
		      size_t count);

#endif
