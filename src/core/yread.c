#include "yread.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"
#include "strtab.h"
#include "suggest.h"
#include "text.h"

/* Mappings up to this many keys are checked for duplicates by a scan. */
#define YREAD_SCAN_KEYS 16

static void raw_error(struct yread *r, struct diag_pos pos, const char *fmt,
		      ...) __attribute__((format(printf, 3, 4)));

static void raw_error(struct yread *r, struct diag_pos pos, const char *fmt,
		      ...)
{
	va_list ap;

	if (r->has_raw_error)
		return;
	r->has_raw_error = true;
	va_start(ap, fmt);
	diag_addv(r->diags, DIAG_ERROR, pos, fmt, ap);
	va_end(ap);
}

static bool is_control(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') ||
	       (cp >= 0x7f && cp <= 0x9f);
}

/* True for a bidirectional override or isolate, which can make a line
 * show in an order other than the one it is read in ("Trojan Source"). */
static bool is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * What a character outside the control characters is, when the formats
 * refuse it anywhere: a bidirectional control, or a character YAML does
 * not allow (U+FFFE, U+FFFF, a byte-order mark past the start). NULL when
 * it is allowed.
 */
static const char *refused_kind(uint32_t cp)
{
	if (is_bidi_control(cp))
		return "bidirectional control character";
	if (cp == 0xfffe || cp == 0xffff || cp == 0xfeff)
		return "character";
	return NULL;
}

static void raw_code_point(struct yread *r, uint32_t cp, struct diag_pos at)
{
	const char *kind;

	if (cp == 0xfeff && r->raw_at_start) {
		r->raw_at_start = false;
		return; /* a byte-order mark: not a character of the text */
	}
	r->raw_at_start = false;
	if (cp == '\r') {
		r->raw_after_cr = true;
		r->raw_pos.line++;
		r->raw_pos.column = 1;
		return;
	}
	if (cp == '\n') {
		if (!r->raw_after_cr)
			r->raw_pos.line++;
		r->raw_after_cr = false;
		r->raw_pos.column = 1;
		return;
	}
	r->raw_after_cr = false;
	if (is_control(cp))
		raw_error(r, at, "control character U+%04X is not allowed",
			  (unsigned)cp);
	else if ((kind = refused_kind(cp)) != NULL)
		raw_error(r, at, "%s U+%04X is not allowed", kind,
			  (unsigned)cp);
	r->raw_pos.column++;
}

/*
 * Checks the raw bytes on their way to libyaml, so that invalid UTF-8 and
 * control characters are reported where they are (libyaml's own reader
 * gives only a byte offset). The state carries across reads.
 */
static void raw_scan(struct yread *r, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !r->has_raw_error; i++) {
		unsigned char c = p[i];

		if (r->utf8_need > 0) {
			if ((c & 0xc0) != 0x80) {
				raw_error(r, r->utf8_start,
					  "invalid UTF-8: incomplete sequence "
					  "before byte 0x%02X",
					  c);
				break;
			}
			r->utf8_cp = (r->utf8_cp << 6) | (c & 0x3f);
			if (--r->utf8_need > 0)
				continue;
			if (r->utf8_cp < r->utf8_min ||
			    (r->utf8_cp >= 0xd800 && r->utf8_cp <= 0xdfff) ||
			    r->utf8_cp > 0x10ffff) {
				raw_error(r, r->utf8_start,
					  "invalid UTF-8: bad sequence for "
					  "U+%04X",
					  (unsigned)r->utf8_cp);
				break;
			}
			raw_code_point(r, r->utf8_cp, r->utf8_start);
			continue;
		}
		if (c - 0x20u < 0x5fu) {
			/* A run of printable ASCII, most of any tree: nothing
			 * to check, only columns to count. */
			size_t end = i + 1;

			while (end < n && p[end] - 0x20u < 0x5fu)
				end++;
			r->raw_pos.column += (uint32_t)(end - i);
			r->raw_at_start = false;
			r->raw_after_cr = false;
			i = end - 1;
			continue;
		}
		if (c < 0x80) {
			raw_code_point(r, c, r->raw_pos);
			continue;
		}
		r->utf8_start = r->raw_pos;
		if ((c & 0xe0) == 0xc0) {
			r->utf8_need = 1;
			r->utf8_cp = c & 0x1f;
			r->utf8_min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			r->utf8_need = 2;
			r->utf8_cp = c & 0x0f;
			r->utf8_min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			r->utf8_need = 3;
			r->utf8_cp = c & 0x07;
			r->utf8_min = 0x10000;
		} else {
			raw_error(r, r->raw_pos,
				  "invalid UTF-8: unexpected byte 0x%02X", c);
		}
	}
}

/* Starts the raw scan over, at the first byte of the input. */
static void raw_reset(struct yread *r)
{
	r->raw_pos = (struct diag_pos){1, 1};
	r->raw_after_cr = false;
	r->raw_at_start = true;
	r->utf8_need = 0;
}

/* After the last byte of the input: a sequence left open is an error. */
static void raw_scan_end(struct yread *r)
{
	if (r->utf8_need > 0)
		raw_error(r, r->utf8_start,
			  "invalid UTF-8: the file ends inside a sequence");
}

/*
 * Scans the bytes read so far again from the first, to report the first
 * byte-level problem by line and column (raw_error; has_raw_error when one
 * is found). Used when libyaml's reader refused the input, or when a byte
 * it would let through was seen. The file's position is lost: reading
 * stops after an error anyway.
 */
static void raw_rescan(struct yread *r)
{
	uint64_t left = r->bytes_read;

	raw_reset(r);
	if (r->file == NULL) {
		raw_scan(r, r->data, (size_t)left);
	} else {
		unsigned char buf[16384];

		if (fseek(r->file, 0, SEEK_SET) != 0)
			return;
		while (left > 0 && !r->has_raw_error) {
			size_t want = left < sizeof buf ? (size_t)left
							: sizeof buf;
			size_t n = fread(buf, 1, want, r->file);

			if (n == 0)
				return;
			raw_scan(r, buf, n);
			left -= n;
		}
	}
	if (!r->has_raw_error && r->is_at_eof)
		raw_scan_end(r);
}

/*
 * True when the n bytes just read at buffer hold what libyaml's reader
 * accepts and the format does not: U+0085 (0xC2 0x85, libyaml takes it for
 * a line break; it can end a comment), or 0xFE or 0xFF in the first two
 * bytes (libyaml would read UTF-16). Neither is ever valid here, so the
 * rescan then finds an error at or before it.
 */
static bool has_hidden_bad_byte(struct yread *r, const unsigned char *buffer,
				size_t n, uint64_t offset)
{
	const unsigned char *p = buffer, *end = buffer + n;
	size_t i;

	for (i = 0; offset + i < 2 && i < n; i++)
		if (buffer[i] >= 0xfe)
			return true;
	if (n > 0 && r->last_byte == 0xc2 && buffer[0] == 0x85)
		return true;
	while ((p = memchr(p, 0xc2, (size_t)(end - p))) != NULL) {
		if (++p == end)
			break;
		if (*p == 0x85)
			return true;
	}
	/* Bidirectional controls, E2 80 AA to AE and E2 81 A6 to A9, which
	 * libyaml takes as any other character. */
	for (p = buffer; (p = memchr(p, 0xe2, (size_t)(end - p))) != NULL;) {
		if (end - p < 3)
			break;
		if ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
		    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))
			return true;
		p++;
	}
	if (n > 0)
		r->last_byte = buffer[n - 1];
	return false;
}

/*
 * How many bytes at the end of the n at p begin a UTF-8 sequence that the
 * next read may complete (0 when none): held back, so that libyaml never
 * sees a sequence cut in two and refuses a bad one in the read that holds
 * its first byte, as the raw scan does. SIZE_MAX when such a sequence is
 * already broken (a byte after its first is no continuation byte): libyaml
 * would wait for the next read to say so.
 */
static size_t cut_sequence(const unsigned char *p, size_t n)
{
	size_t i, k;

	for (i = n > 3 ? n - 3 : 0; i < n; i++) {
		unsigned char c = p[i];
		size_t need;

		if ((c & 0xe0) == 0xc0)
			need = 2;
		else if ((c & 0xf0) == 0xe0)
			need = 3;
		else if ((c & 0xf8) == 0xf0)
			need = 4;
		else
			continue;
		if (need <= n - i)
			continue;
		for (k = i + 1; k < n; k++)
			if ((p[k] & 0xc0) != 0x80)
				return SIZE_MAX;
		return n - i;
	}
	return 0;
}

static int yread_read_handler(void *data, unsigned char *buffer, size_t size,
			      size_t *size_read)
{
	struct yread *r = data;
	uint64_t offset = r->bytes_read - r->carry_len;
	size_t n;

	if (r->has_raw_error) {
		*size_read = 0;
		return 0; /* already reported; stop libyaml here */
	}
	if (r->file != NULL) {
		size_t got = 0;

		if (size > r->carry_len) {
			memcpy(buffer, r->carry, r->carry_len);
			got = fread(buffer + r->carry_len, 1,
				    size - r->carry_len, r->file);
			n = r->carry_len + got;
			r->carry_len = 0;
		} else {
			n = 0; /* libyaml always asks for more than that */
		}
		if (got == 0 && ferror(r->file)) {
			/* Not the file's fault: the loaders say
			 * YREAD_READ_ERROR, an I/O error (74), not invalid. */
			r->read_errno = errno;
			r->is_read_error = true;
			r->has_raw_error = true;
			return 0;
		}
		r->bytes_read += got;
	} else {
		n = r->data_len - r->data_off;
		if (n > size)
			n = size;
		memcpy(buffer, r->data + r->data_off, n);
		r->data_off += n;
		r->bytes_read = r->data_off;
	}
	if (r->bytes_read > YREAD_MAX_FILE_SIZE) {
		raw_error(r, (struct diag_pos){1, 1},
			  "the file is larger than %u bytes (64 MiB)",
			  YREAD_MAX_FILE_SIZE);
		return 0;
	}
	if (n == 0)
		r->is_at_eof = true;
	if (r->is_scanned) {
		raw_scan(r, buffer, n);
		if (n == 0)
			raw_scan_end(r);
	} else {
		size_t cut = cut_sequence(buffer, n);

		if (cut == SIZE_MAX ||
		    has_hidden_bad_byte(r, buffer, n, offset)) {
			raw_rescan(r);
		} else if (cut > 0 && cut < n) {
			n -= cut;
			if (r->file != NULL) {
				memcpy(r->carry, buffer + n, cut);
				r->carry_len = cut;
			} else {
				r->data_off -= cut;
			}
		}
	}
	*size_read = n;
	return r->has_raw_error ? 0 : 1;
}

static void yread_init(struct yread *r, struct diag_list *diags)
{
	memset(r, 0, sizeof *r);
	r->diags = diags;
	r->raw_pos = (struct diag_pos){1, 1};
	r->raw_at_start = true;
	if (!yaml_parser_initialize(&r->parser)) {
		r->is_broken = true;
		r->is_oom = true;
		diags->is_oom = true;
		return;
	}
	r->is_ready = true;
	yaml_parser_set_input(&r->parser, yread_read_handler, r);
}

void yread_init_file(struct yread *r, FILE *file, struct diag_list *diags)
{
	struct stat st;

	yread_init(r, diags);
	r->file = file;
	/* Only a regular file can be read again from its start; anything
	 * else is scanned as it is read. */
	r->is_scanned = fstat(fileno(file), &st) != 0 || !S_ISREG(st.st_mode) ||
			ftell(file) != 0;
}

void yread_init_buffer(struct yread *r, const void *data, size_t len,
		       struct diag_list *diags)
{
	yread_init(r, diags);
	r->data = data;
	r->data_len = len;
}

void yread_finish(struct yread *r)
{
	if (r->has_event)
		yaml_event_delete(&r->event);
	r->has_event = false;
	if (r->is_ready)
		yaml_parser_delete(&r->parser);
	r->is_ready = false;
}

struct diag_pos yread_pos(const struct yread *r)
{
	return (struct diag_pos){(uint32_t)r->event.start_mark.line + 1,
				 (uint32_t)r->event.start_mark.column + 1};
}

static struct diag_pos mark_pos(yaml_mark_t mark)
{
	return (struct diag_pos){(uint32_t)mark.line + 1,
				 (uint32_t)mark.column + 1};
}

/* The next byte of the input from its start, for is_tab_indent: from
 * the buffer at *i, or from the file. EOF at the end. */
static int input_byte(struct yread *r, size_t *i)
{
	if (r->file != NULL)
		return getc(r->file);
	return *i < r->data_len ? r->data[(*i)++] : EOF;
}

/* What stands where a parse error is, for report_parse_error. */
struct mark_look {
	int at;		/* the byte at the mark, or EOF */
	int next;	/* the byte after it, or EOF */
	bool is_indent; /* only tabs and spaces before it on its line */
	bool is_known;	/* the input could be read again */
};

/*
 * Looks at the input where mark points: the input is read again from its
 * start (a buffer, or a regular file: reading stops after a parse error
 * anyway); for input that cannot be read twice, nothing is known.
 * libyaml's marks count characters: columns are counted by code point.
 */
static struct mark_look look_at(struct yread *r, yaml_mark_t mark)
{
	struct mark_look look = {EOF, EOF, true, false};
	size_t line = 0, column = 0, i = 0;
	int c;

	if (r->file != NULL ? r->is_scanned || fseek(r->file, 0, SEEK_SET) != 0
			    : r->data == NULL)
		return look;
	look.is_known = true;
	c = input_byte(r, &i);
	while (line < mark.line && c != EOF) {
		int next = input_byte(r, &i);

		if (c == '\n' || (c == '\r' && next != '\n'))
			line++;
		c = next;
	}
	while (column < mark.column && c != EOF && c != '\n' && c != '\r') {
		if (c != ' ' && c != '\t')
			look.is_indent = false;
		if ((c & 0xc0) != 0x80)
			column++;
		c = input_byte(r, &i);
		/* Continuation bytes belong to the character before. */
		while (c != EOF && (c & 0xc0) == 0x80)
			c = input_byte(r, &i);
	}
	look.at = c;
	look.next = c == EOF ? EOF : input_byte(r, &i);
	return look;
}

static void report_parse_error(struct yread *r)
{
	const yaml_parser_t *p = &r->parser;
	struct mark_look look;
	const char *problem = p->problem ? p->problem : "unknown problem";

	if (p->error == YAML_MEMORY_ERROR) {
		r->is_oom = true;
		r->diags->is_oom = true;
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		if (!r->has_raw_error && !r->is_scanned)
			raw_rescan(r); /* to say where, by line and column */
		if (r->has_raw_error)
			return; /* our own scan said it better */
		diag_add(r->diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "invalid input at byte %zu: %s", p->problem_offset,
			 problem);
		return;
	}
	look = look_at(r, p->problem_mark);
	if (look.at == '\t' && look.is_indent)
		diag_add(r->diags, DIAG_ERROR, mark_pos(p->problem_mark),
			 "tab character in indentation; YAML indents with "
			 "spaces");
	else if (strcmp(problem, "mapping values are not allowed in this "
				 "context") == 0 ||
		 (look.at == ':' && (look.next == ' ' || look.next == '\t')))
		/* A ": " in the middle of a plain text, as in
		 * "ask: Pain: where?" or "{text: Pain: where}". */
		diag_add(r->diags, DIAG_ERROR, mark_pos(p->problem_mark),
			 p->context != NULL
				 ? "invalid YAML: %s %s; put the text in quotes"
				 : "invalid YAML: %s%s; put the text in quotes",
			 problem, p->context != NULL ? p->context : "");
	else if (p->context != NULL)
		diag_add(r->diags, DIAG_ERROR, mark_pos(p->problem_mark),
			 "invalid YAML: %s %s", problem, p->context);
	else
		diag_add(r->diags, DIAG_ERROR, mark_pos(p->problem_mark),
			 "invalid YAML: %s", problem);
}

static bool is_allowed_tag(const char *tag)
{
	static const char *const allowed[] = {
		"!",
		"tag:yaml.org,2002:str",
		"tag:yaml.org,2002:int",
		"tag:yaml.org,2002:float",
		"tag:yaml.org,2002:bool",
		"tag:yaml.org,2002:null",
		"tag:yaml.org,2002:map",
		"tag:yaml.org,2002:seq",
	};
	size_t i;

	for (i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (strcmp(tag, allowed[i]) == 0)
			return true;
	return false;
}

/* Quotes at most 40 bytes of s for a message. */
static int quote_len(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

static void report_node_props(struct yread *r, const yaml_char_t *anchor,
			      const yaml_char_t *tag)
{
	if (anchor != NULL)
		diag_add(r->diags, DIAG_ERROR, yread_pos(r),
			 "anchors are not allowed ('&%.*s')",
			 quote_len(strlen((const char *)anchor)),
			 (const char *)anchor);
	if (tag != NULL && !is_allowed_tag((const char *)tag))
		diag_add(r->diags, DIAG_ERROR, yread_pos(r),
			 "tag '%.*s' is not allowed",
			 quote_len(strlen((const char *)tag)),
			 (const char *)tag);
}

/* Anchors and tags are rare: most nodes pass on two comparisons. */
static inline void check_node_props(struct yread *r, const yaml_char_t *anchor,
				    const yaml_char_t *tag)
{
	if (__builtin_expect(anchor != NULL || tag != NULL, 0))
		report_node_props(r, anchor, tag);
}

/* True when s is printable ASCII, tab and newline only: nothing in it can
 * be bad UTF-8 or a control character. */
static bool is_clean_byte(unsigned char c)
{
	return (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\n';
}

static bool is_clean_ascii(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101u, highs = ones * 0x80;
	size_t i = 0, k;

	/* Eight bytes at a time: a byte of 0x80 and up, below 0x20 or 0x7F
	 * sends that word through the byte test (tab and newline pass). */
	for (; i + 8 <= len; i += 8) {
		uint64_t w, del;

		memcpy(&w, s + i, 8);
		del = w ^ (ones * 0x7f);
		if (((w | ((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) &
		     highs) == 0)
			continue;
		for (k = i; k < i + 8; k++)
			if (!is_clean_byte((unsigned char)s[k]))
				return false;
	}
	for (; i < len; i++)
		if (!is_clean_byte((unsigned char)s[i]))
			return false;
	return true;
}

static void check_scalar(struct yread *r)
{
	const char *s = (const char *)r->event.data.scalar.value;
	size_t len = r->event.data.scalar.length;
	size_t i;

	if (len > YREAD_MAX_TEXT) {
		diag_add(r->diags, DIAG_ERROR, yread_pos(r),
			 "text is too long (%zu bytes; the limit is %d)", len,
			 YREAD_MAX_TEXT);
		return;
	}
	/* Only escapes, which only a double-quoted scalar has, can put in a
	 * scalar what is not in the input: every other scalar is made of
	 * input characters, line breaks and spaces, and the input is valid
	 * UTF-8 without control characters (libyaml's reader, the raw scan
	 * and has_hidden_bad_byte see to that), so it needs no check. */
	if (r->event.data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		return;
	if (is_clean_ascii(s, len))
		return;
	/* Escapes in quoted scalars can produce what the raw bytes could
	 * not: "\e", "\0", "\x85", a lone surrogate. */
	if (!text_utf8_valid(s, len)) {
		diag_add(r->diags, DIAG_ERROR, yread_pos(r),
			 "invalid UTF-8 in text");
		return;
	}
	/* In valid UTF-8 a control character is an ASCII byte or, for
	 * U+0080 to U+009F, 0xC2 and then 0x80 to 0x9F: no decoding needed.
	 * A continuation byte is never below 0x80 nor 0xC2. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		const char *kind = "control character";

		if (c < 0x80 && is_control(c)) {
			cp = c;
		} else if (c == 0xc2 && i + 1 < len &&
			   (unsigned char)s[i + 1] <= 0x9f) {
			cp = (unsigned char)s[i + 1];
		} else if (c >= 0xe2 && i + 2 < len) {
			/* "\u202e", "\uffff": what the raw scan refuses. */
			text_utf8_decode(s + i, len - i, &cp);
			kind = refused_kind(cp);
			if (kind == NULL)
				continue;
		} else {
			continue;
		}
		diag_add(r->diags, DIAG_ERROR, yread_pos(r),
			 "%s U+%04X in text", kind, (unsigned)cp);
		return;
	}
}

bool yread_next(struct yread *r)
{
	if (r->is_broken)
		return false;
	if (r->has_event) {
		if (r->event.type == YAML_MAPPING_END_EVENT ||
		    r->event.type == YAML_SEQUENCE_END_EVENT)
			r->depth--;
		yaml_event_delete(&r->event);
		r->has_event = false;
	}
	if (!yaml_parser_parse(&r->parser, &r->event)) {
		report_parse_error(r);
		r->is_broken = true;
		return false;
	}
	r->has_event = true;
	switch (r->event.type) {
	case YAML_ALIAS_EVENT:
		diag_add(r->diags, DIAG_ERROR, yread_pos(r),
			 "aliases are not allowed ('*%.*s')",
			 quote_len(strlen(
				 (const char *)r->event.data.alias.anchor)),
			 (const char *)r->event.data.alias.anchor);
		break;
	case YAML_SCALAR_EVENT:
		check_node_props(r, r->event.data.scalar.anchor,
				 r->event.data.scalar.tag);
		check_scalar(r);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (r->event.type == YAML_SEQUENCE_START_EVENT)
			check_node_props(r, r->event.data.sequence_start.anchor,
					 r->event.data.sequence_start.tag);
		else
			check_node_props(r, r->event.data.mapping_start.anchor,
					 r->event.data.mapping_start.tag);
		r->depth++;
		if (r->depth > YREAD_MAX_DEPTH) {
			diag_add(r->diags, DIAG_ERROR, yread_pos(r),
				 "nesting is deeper than %d levels",
				 YREAD_MAX_DEPTH);
			/* Stop here: libyaml checks every open flow level
			 * at each token, so reading on through 100,000
			 * levels of "[" would take quadratic time. */
			r->is_broken = true;
			return false;
		}
		break;
	default:
		break;
	}
	return true;
}

bool yread_is_null(const struct yread *r)
{
	const char *s = (const char *)r->event.data.scalar.value;
	size_t len = r->event.data.scalar.length;
	const char *tag = (const char *)r->event.data.scalar.tag;

	if (r->event.type != YAML_SCALAR_EVENT)
		return false;
	if (len == 0)
		return true;
	if (tag != NULL && strcmp(tag, "tag:yaml.org,2002:null") == 0)
		return true;
	if (!yread_is_plain(r))
		return false;
	/* By length first: most scalars are neither 1 nor 4 bytes long. */
	if (len == 1)
		return s[0] == '~';
	return len == 4 &&
	       (memcmp(s, "null", 4) == 0 || memcmp(s, "Null", 4) == 0 ||
		memcmp(s, "NULL", 4) == 0);
}

bool yread_is_plain(const struct yread *r)
{
	return r->event.type == YAML_SCALAR_EVENT &&
	       r->event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       r->event.data.scalar.tag == NULL;
}

bool yread_skip(struct yread *r)
{
	switch (yread_type(r)) {
	case YAML_SEQUENCE_START_EVENT:
		/* yread_next stops at the depth limit, so this recursion is
		 * at most YREAD_MAX_DEPTH deep. */
		for (;;) {
			if (!yread_next(r))
				return false;
			if (yread_type(r) == YAML_SEQUENCE_END_EVENT)
				return true;
			if (!yread_skip(r))
				return false;
		}
	case YAML_MAPPING_START_EVENT: {
		struct yread_map m;
		const char *key;
		size_t len;
		struct diag_pos pos;

		yread_map_init(&m, true);
		while (yread_map_next(r, &m, &key, &len, &pos) > 0)
			if (!yread_skip(r))
				break;
		yread_map_finish(&m);
		return !r->is_broken;
	}
	default:
		return true;
	}
}

static const struct yread_key *map_find(struct yread_map *m, const char *key,
					size_t len)
{
	size_t i;

	if (m->index != NULL) {
		uint32_t n = strtab_get(m->index, key, len);

		return n != STRTAB_NONE ? &m->keys[n] : NULL;
	}
	for (i = 0; i < m->count; i++)
		if (m->keys[i].len == len && m->keys[i].key[0] == key[0] &&
		    memcmp(m->keys[i].key, key, len) == 0)
			return &m->keys[i];
	return NULL;
}

/* Makes room for one more key: in the mapping's own space while the
 * mapping is small, which most are. False when out of memory. */
static bool map_reserve(struct yread_map *m)
{
	struct yread_key *keys;

	if (m->count < m->capacity)
		return true;
	if (m->keys == NULL) {
		m->keys = m->small_keys;
		m->capacity = YREAD_MAP_SMALL;
		return true;
	}
	if (m->keys != m->small_keys)
		return mem_grow(&m->keys, &m->capacity, m->count + 1,
				sizeof *m->keys) == 0;
	keys = mem_alloc(2 * m->capacity * sizeof *keys);
	if (keys == NULL)
		return false;
	memcpy(keys, m->keys, m->count * sizeof *keys);
	m->keys = keys;
	m->capacity *= 2;
	return true;
}

/* Remembers a key; false when out of memory. */
static bool map_add(struct yread_map *m, const char *key, size_t len,
		    struct diag_pos pos)
{
	struct yread_key *k;

	if (!map_reserve(m))
		return false;
	k = &m->keys[m->count];
	if (len < sizeof m->small_text - m->small_text_used) {
		k->key = m->small_text + m->small_text_used;
		memcpy(k->key, key, len);
		k->key[len] = '\0';
		m->small_text_used += len + 1;
		k->is_owned = false;
	} else {
		k->key = mem_strndup(key, len);
		if (k->key == NULL)
			return false;
		k->is_owned = true;
	}
	k->len = len;
	k->pos = pos;
	m->count++;
	if (m->count == YREAD_SCAN_KEYS + 1 && m->index == NULL) {
		m->index = mem_calloc(1, sizeof(struct strtab));
		if (m->index == NULL)
			return false;
		for (size_t i = 0; i + 1 < m->count; i++)
			if (strtab_put(m->index, m->keys[i].key, m->keys[i].len,
				       NULL) != i)
				return false;
	}
	/* The strtab points at the copies, which never move. */
	if (m->index != NULL &&
	    strtab_put(m->index, k->key, len, NULL) != m->count - 1)
		return false;
	return true;
}

int yread_map_next(struct yread *r, struct yread_map *m, const char **key,
		   size_t *len, struct diag_pos *pos)
{
	for (;;) {
		if (!yread_next(r))
			return -1;
		if (yread_type(r) == YAML_MAPPING_END_EVENT)
			return 0;
		*pos = yread_pos(r);
		if (yread_type(r) != YAML_SCALAR_EVENT) {
			if (yread_type(r) != YAML_ALIAS_EVENT)
				diag_add(r->diags, DIAG_ERROR, *pos,
					 "a key must be text");
			if (!yread_skip(r) || !yread_next(r) || !yread_skip(r))
				return -1;
			continue;
		}
		*key = yread_text(r, len);
		if (*len == 2 && (*key)[0] == '<' && (*key)[1] == '<' &&
		    yread_is_plain(r)) {
			diag_add(r->diags, DIAG_ERROR, *pos,
				 "merge keys ('<<') are not allowed");
			if (!yread_next(r) || !yread_skip(r))
				return -1;
			continue;
		}
		m->which = m->find != NULL ? m->find(*key, *len) : -1;
		if (m->which >= 0) {
			uint32_t bit = 1u << m->which;

			if ((m->known & bit) != 0) {
				const struct diag_pos *first =
					&m->known_pos[m->which];

				diag_add(r->diags, DIAG_ERROR, *pos,
					 "duplicate key '%.*s' (first at "
					 "%u:%u)",
					 quote_len(*len), *key, first->line,
					 first->column);
				if (!yread_next(r) || !yread_skip(r))
					return -1;
				continue;
			}
			m->known |= bit;
			m->known_pos[m->which] = *pos;
			*key = m->names[m->which];
			if (!yread_next(r))
				return -1;
			return 1;
		}
		if (m->check_duplicates) {
			const struct yread_key *first = map_find(m, *key, *len);

			if (first != NULL) {
				diag_add(r->diags, DIAG_ERROR, *pos,
					 "duplicate key '%.*s' (first at "
					 "%u:%u)",
					 quote_len(*len), *key, first->pos.line,
					 first->pos.column);
				if (!yread_next(r) || !yread_skip(r))
					return -1;
				continue;
			}
			if (!map_add(m, *key, *len, *pos)) {
				r->is_oom = true;
				r->is_broken = true;
				r->diags->is_oom = true;
				return -1;
			}
		}
		/* The key must outlive the value's first event: it is the
		 * copy just made, or the caller reads it before moving. */
		if (m->check_duplicates) {
			*key = m->keys[m->count - 1].key;
		} else if (mem_grow(&m->pending_key, &m->pending_capacity,
				    *len + 1, 1) < 0) {
			r->is_oom = true;
			r->is_broken = true;
			r->diags->is_oom = true;
			return -1;
		} else {
			/* One buffer for all of a mapping's keys, reused. */
			memcpy(m->pending_key, *key, *len);
			m->pending_key[*len] = '\0';
			*key = m->pending_key;
		}
		if (!yread_next(r))
			return -1;
		return 1;
	}
}

void yread_map_finish(struct yread_map *m)
{
	size_t i;

	for (i = 0; i < m->count; i++)
		if (m->keys[i].is_owned)
			free(m->keys[i].key);
	/* Most mappings allocated nothing: no call to free for them. */
	if (m->keys != NULL && m->keys != m->small_keys)
		free(m->keys);
	if (m->index != NULL) {
		strtab_free(m->index);
		free(m->index);
	}
	if (m->pending_key != NULL)
		free(m->pending_key);
	yread_map_init(m, m->check_duplicates);
}

int yread_unknown_key(struct yread *r, struct diag_pos pos, const char *key,
		      size_t len, const char *where, const char *const *names,
		      size_t count)
{
	const char *best;
	size_t i;

	if (len >= 2 && key[0] == 'x' && key[1] == '-')
		return -1; /* an extension key: for other tools, not an error */
	/* Searched even past the cap, so that what is counted is the same
	 * whatever the cap: a few names only. */
	best = suggest_among(key, len, names, count);
	if (best == NULL) {
		diag_add(r->diags, DIAG_ERROR, pos, "unknown key '%.*s'%s",
			 quote_len(len), key, where);
		return -1;
	}
	diag_add(r->diags, DIAG_ERROR, pos,
		 "unknown key '%.*s'%s; did you mean '%s'?", quote_len(len),
		 key, where, best);
	for (i = 0; i < count; i++)
		if (names[i] == best)
			return (int)i;
	return -1;
}

enum yread_status yread_open_file(const char *path, struct diag_list *diags,
				  FILE **out)
{
	struct stat st;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return YREAD_CANNOT_OPEN;
	if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
		/* fstat said why, or it is a folder: say that. */
		int saved_errno = errno;

		if (fstat(fileno(f), &st) == 0)
			saved_errno = EISDIR;
		fclose(f);
		errno = saved_errno;
		return YREAD_CANNOT_OPEN;
	}
	if (S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size > YREAD_MAX_FILE_SIZE) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB): %jd bytes",
			 YREAD_MAX_FILE_SIZE, (intmax_t)st.st_size);
		fclose(f);
		return YREAD_INVALID;
	}
	*out = f;
	return YREAD_OK;
}

enum yread_status yread_load_file(const char *path, struct diag_list *diags,
				  yread_load_fn *load, void *ctx)
{
	enum yread_status status;
	int saved_errno;
	FILE *f;

	status = yread_open_file(path, diags, &f);
	if (status != YREAD_OK)
		return status;
	status = load(f, diags, ctx);
	saved_errno = errno; /* of a read error */
	fclose(f);
	errno = saved_errno;
	return status;
}

/* Reads the top mapping's keys until "format"; true when its value is a
 * text that starts with prefix. */
static bool has_format(struct yread *r, const char *prefix)
{
	size_t prefix_len = strlen(prefix);
	struct yread_map m;
	const char *key, *value;
	size_t len;
	struct diag_pos pos;
	bool is_it = false;

	yread_map_init(&m, false);
	while (yread_map_next(r, &m, &key, &len, &pos) > 0) {
		if (len != 6 || memcmp(key, "format", 6) != 0) {
			if (!yread_skip(r))
				break;
			continue;
		}
		value = yread_type(r) == YAML_SCALAR_EVENT ? yread_text(r, &len)
							   : NULL;
		is_it = value != NULL && len >= prefix_len &&
			memcmp(value, prefix, prefix_len) == 0;
		break;
	}
	yread_map_finish(&m);
	return is_it;
}

/* Reads r to the top mapping's format key (has_format). */
static bool sniff(struct yread *r, struct diag_list *quiet, const char *prefix)
{
	bool is_it = false;

	while (yread_next(r)) {
		yaml_event_type_t type = yread_type(r);

		if (type == YAML_MAPPING_START_EVENT) {
			is_it = has_format(r, prefix);
			break;
		}
		if (type != YAML_STREAM_START_EVENT &&
		    type != YAML_DOCUMENT_START_EVENT)
			break;
	}
	yread_finish(r);
	diag_list_clear(quiet);
	return is_it;
}

bool yread_format_is(const void *data, size_t len, const char *prefix)
{
	/* Its own list: what this parse finds wrong, the loader says. */
	struct diag_list quiet = {.max_kept = 1};
	struct yread r;

	yread_init_buffer(&r, data, len, &quiet);
	return sniff(&r, &quiet, prefix);
}

bool yread_format_is_stream(FILE *f, const char *prefix)
{
	struct diag_list quiet = {.max_kept = 1};
	struct yread r;
	bool is_it;

	yread_init_file(&r, f, &quiet);
	is_it = sniff(&r, &quiet, prefix);
	rewind(f);
	return is_it;
}
