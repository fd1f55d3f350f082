/*
 * text.c - UTF-8 validity, display width and simple case folding,
 * without the C library's locale machinery.
 */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

#define REPLACEMENT 0xFFFDu

/*
 * Decodes one code point and says whether the sequence was well-formed.
 * A bad sequence uses its maximal well-formed prefix (at least one byte),
 * as Unicode recommends, so a stray byte never swallows the next character.
 */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp,
		     bool *is_valid)
{
	unsigned char b0 = s[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xBF;
	uint32_t c;

	if (b0 < 0x80) {
		*cp = b0;
		*is_valid = true;
		return 1;
	}
	if (b0 >= 0xC2 && b0 <= 0xDF) {
		need = 1;
		c = b0 & 0x1F;
	} else if (b0 >= 0xE0 && b0 <= 0xEF) {
		need = 2;
		c = b0 & 0x0F;
		if (b0 == 0xE0)
			lo = 0xA0; /* below is overlong */
		else if (b0 == 0xED)
			hi = 0x9F; /* above is a surrogate */
	} else if (b0 >= 0xF0 && b0 <= 0xF4) {
		need = 3;
		c = b0 & 0x07;
		if (b0 == 0xF0)
			lo = 0x90; /* below is overlong */
		else if (b0 == 0xF4)
			hi = 0x8F; /* above is past U+10FFFF */
	} else {
		*cp = REPLACEMENT;
		*is_valid = false;
		return 1;
	}

	for (size_t i = 1; i <= need; i++) {
		unsigned char min = i == 1 ? lo : 0x80;
		unsigned char max = i == 1 ? hi : 0xBF;

		if (i >= len || s[i] < min || s[i] > max) {
			*cp = REPLACEMENT;
			*is_valid = false;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	*is_valid = true;
	return need + 1;
}

bool text_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		bool is_valid;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		i += decode(p + i, len - i, &cp, &is_valid);
		if (!is_valid)
			return false;
	}
	return true;
}

size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	bool is_valid;

	if (len == 0) {
		*cp = REPLACEMENT;
		return 0;
	}
	return decode((const unsigned char *)s, len, cp, &is_valid);
}

struct range {
	uint32_t first;
	uint32_t last;
};

static const struct range zero_width[] = {
	{0x0300, 0x036F}, /* combining diacritical marks */
	{0x1160, 0x11FF}, /* Hangul medial vowels and final consonants */
	{0x1AB0, 0x1AFF},   {0x1DC0, 0x1DFF},
	{0x200B, 0x200F}, /* zero width space, joiners, direction marks */
	{0x2060, 0x2064}, /* word joiner and invisible operators */
	{0x20D0, 0x20FF},   {0xFE00, 0xFE0F}, /* variation selectors */
	{0xFE20, 0xFE2F},   {0xFEFF, 0xFEFF}, /* byte-order mark */
	{0xE0100, 0xE01EF},
};

/* East Asian Wide and Fullwidth, and the emoji shown as pictures. */
static const struct range double_width[] = {
	{0x1100, 0x115F},   {0x231A, 0x231B},	{0x2329, 0x232A},
	{0x23E9, 0x23EC},   {0x23F0, 0x23F0},	{0x23F3, 0x23F3},
	{0x25FD, 0x25FE},   {0x2614, 0x2615},	{0x2648, 0x2653},
	{0x267F, 0x267F},   {0x2693, 0x2693},	{0x26A1, 0x26A1},
	{0x26AA, 0x26AB},   {0x26BD, 0x26BE},	{0x26C4, 0x26C5},
	{0x26CE, 0x26CE},   {0x26D4, 0x26D4},	{0x26EA, 0x26EA},
	{0x26F2, 0x26F3},   {0x26F5, 0x26F5},	{0x26FA, 0x26FA},
	{0x26FD, 0x26FD},   {0x2705, 0x2705},	{0x270A, 0x270B},
	{0x2728, 0x2728},   {0x274C, 0x274C},	{0x274E, 0x274E},
	{0x2753, 0x2755},   {0x2757, 0x2757},	{0x2795, 0x2797},
	{0x27B0, 0x27B0},   {0x27BF, 0x27BF},	{0x2B1B, 0x2B1C},
	{0x2B50, 0x2B50},   {0x2B55, 0x2B55},	{0x2E80, 0x303E},
	{0x3041, 0x33FF},   {0x3400, 0x4DBF},	{0x4E00, 0x9FFF},
	{0xA000, 0xA4CF},   {0xA960, 0xA97F},	{0xAC00, 0xD7A3},
	{0xF900, 0xFAFF},   {0xFE10, 0xFE19},	{0xFE30, 0xFE6F},
	{0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},	{0x16FE0, 0x16FE4},
	{0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004},
	{0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
	{0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248},
	{0x1F250, 0x1F251}, {0x1F260, 0x1F265}, {0x1F300, 0x1F64F},
	{0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F900, 0x1F9FF},
	{0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int text_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, COUNT(zero_width)))
		return 0;
	if (in_ranges(cp, double_width, COUNT(double_width)))
		return 2;
	return 1;
}

size_t text_width(const char *s, size_t len)
{
	size_t width = 0;
	size_t i = 0;

	while (i < len) {
		uint32_t cp;

		i += text_utf8_decode(s + i, len - i, &cp);
		width += (size_t)text_cp_width(cp);
	}
	return width;
}

bool text_is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x200E ||
	       cp == 0x200F || cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFE || cp == 0xFFFF;
}

size_t text_sanitize(const char *s, size_t len, char *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;

	while (i < len) {
		uint32_t cp;
		bool is_valid;
		size_t k;

		if (p[i] >= 0x20 && p[i] < 0x7F) {
			out[o++] = (char)p[i++];
			continue;
		}
		k = decode(p + i, len - i, &cp, &is_valid);
		if (!is_valid || text_is_unsafe(cp)) {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return o;
}

char *text_sanitized(const char *s, size_t len)
{
	char *out;

	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	out = mem_alloc(3 * len + 1);
	if (out != NULL)
		text_sanitize(s, len, out);
	return out;
}

char *text_fit(const char *s, size_t width, const char *ellipsis)
{
	size_t len = strlen(s);
	size_t ellipsis_len = strlen(ellipsis);
	size_t ellipsis_width = text_width(ellipsis, ellipsis_len);
	size_t room, used = 0, cut = 0;
	char *out;

	if (text_width(s, len) <= width) {
		out = mem_alloc(len + 1);
		if (out != NULL)
			memcpy(out, s, len + 1);
		return out;
	}
	if (ellipsis_width > width) {
		ellipsis = "";
		ellipsis_len = 0;
		ellipsis_width = 0;
	}
	room = width - ellipsis_width;
	while (cut < len) {
		uint32_t cp;
		size_t n = text_utf8_decode(s + cut, len - cut, &cp);
		size_t w = (size_t)text_cp_width(cp);

		if (used + w > room)
			break;
		used += w;
		cut += n;
	}
	out = mem_alloc(cut + ellipsis_len + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, s, cut);
	memcpy(out + cut, ellipsis, ellipsis_len + 1);
	return out;
}

/* Latin Extended-A: which code points are capitals of the one after. */
static uint32_t fold_latin_ext_a(uint32_t cp)
{
	if (cp == 0x0130)
		return 0x0069; /* capital I with dot above */
	if (cp == 0x0178)
		return 0x00FF; /* capital Y with diaeresis */
	if ((cp <= 0x012F || (cp >= 0x0132 && cp <= 0x0137) ||
	     (cp >= 0x014A && cp <= 0x0177)) &&
	    cp % 2 == 0)
		return cp + 1;
	if (((cp >= 0x0139 && cp <= 0x0148) ||
	     (cp >= 0x0179 && cp <= 0x017E)) &&
	    cp % 2 == 1)
		return cp + 1;
	return cp;
}

static uint32_t fold_greek(uint32_t cp)
{
	if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2)
		return cp + 0x20;
	switch (cp) {
	case 0x0386:
		return 0x03AC;
	case 0x0388:
	case 0x0389:
	case 0x038A:
		return cp + 0x25;
	case 0x038C:
		return 0x03CC;
	case 0x038E:
	case 0x038F:
		return cp + 0x3F;
	default:
		return cp;
	}
}

static uint32_t fold_cyrillic(uint32_t cp)
{
	if (cp >= 0x0400 && cp <= 0x040F)
		return cp + 0x50;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;
	if (cp == 0x04C0)
		return 0x04CF;
	if (((cp >= 0x0460 && cp <= 0x0481) || (cp >= 0x048A && cp <= 0x04BF) ||
	     (cp >= 0x04D0 && cp <= 0x052F)) &&
	    cp % 2 == 0)
		return cp + 1;
	if (cp >= 0x04C1 && cp <= 0x04CE && cp % 2 == 1)
		return cp + 1;
	return cp;
}

uint32_t text_cp_fold(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	if (cp >= 0x00C0 && cp <= 0x00DE && cp != 0x00D7)
		return cp + 0x20;
	if (cp >= 0x0100 && cp <= 0x017F)
		return fold_latin_ext_a(cp);
	if (cp >= 0x0386 && cp <= 0x03A9)
		return fold_greek(cp);
	if (cp >= 0x0400 && cp <= 0x052F)
		return fold_cyrillic(cp);
	return cp;
}

/*
 * Folds the next code point of a counted string. ASCII takes the short way
 * so that matching a long line costs little more than memcmp.
 */
static uint32_t next_folded(const char *s, size_t len, size_t *i)
{
	unsigned char b = (unsigned char)s[*i];
	uint32_t cp;

	if (b < 0x80) {
		(*i)++;
		return b >= 'A' && b <= 'Z' ? b + 0x20u : b;
	}
	*i += text_utf8_decode(s + *i, len - *i, &cp);
	return text_cp_fold(cp);
}

bool text_prefix_fold_n(const char *s, size_t slen, const char *prefix,
			size_t plen)
{
	size_t i = 0, j = 0;

	while (j < plen) {
		if (i >= slen)
			return false;
		if (next_folded(s, slen, &i) != next_folded(prefix, plen, &j))
			return false;
	}
	return true;
}

bool text_equal_fold_n(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	while (i < alen && j < blen) {
		if (next_folded(a, alen, &i) != next_folded(b, blen, &j))
			return false;
	}
	return i == alen && j == blen;
}

bool text_equal_fold(const char *a, const char *b)
{
	return text_equal_fold_n(a, strlen(a), b, strlen(b));
}

bool text_prefix_fold(const char *s, const char *prefix)
{
	return text_prefix_fold_n(s, strlen(s), prefix, strlen(prefix));
}

bool text_cp_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x200e && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

void text_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n;

	if (!buf || size == 0)
		return;
	n = vsnprintf(buf, size, fmt, ap);
	if (n < 0) {
		buf[0] = '\0';
		return;
	}
	if ((size_t)n >= size) {
		size_t end = size - 1;

		while (end > 0 && ((unsigned char)buf[end] & 0xC0) == 0x80)
			end--;
		buf[end] = '\0';
	}
}
