#include "lang.h"

#include <stdbool.h>
#include <string.h>

static const struct lang langs[] = {
	{"en", "en", "English"},
	{"zh-Hans", "zh_Hans", "\u4e2d\u6587"},
	{"vi", "vi", "Ti\u1ebfng Vi\u1ec7t"},
};

#define LANG_COUNT (sizeof langs / sizeof langs[0])

/* Other names for each language, as --lang and the clinic file take them. */
static const struct {
	const char *name;
	size_t lang;
} aliases[] = {
	{"en-AU", 0}, {"en-GB", 0}, {"en-US", 0}, {"zh", 1},
	{"zh-CN", 1}, {"zh-SG", 1}, {"vi-VN", 2},
};

/* Equal, ignoring case, with '-' and '_' alike. */
static bool same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a;
		char y = *b;

		if (x == '_')
			x = '-';
		if (y == '_')
			y = '-';
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

const struct lang *lang_find(const char *name)
{
	for (size_t i = 0; i < LANG_COUNT; i++)
		if (same_name(name, langs[i].tag))
			return &langs[i];
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (same_name(name, aliases[i].name))
			return &langs[aliases[i].lang];
	return NULL;
}

const struct lang *lang_at(size_t i)
{
	return i < LANG_COUNT ? &langs[i] : NULL;
}

size_t lang_count(void)
{
	return LANG_COUNT;
}

const char *lang_tags(void)
{
	return "en, zh-Hans, vi";
}
