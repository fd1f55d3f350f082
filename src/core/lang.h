/*
 * lang.h - the languages runcheck speaks: each one's tag (BCP 47, as the
 * clinic file names it), the POSIX name its catalogs live under, and its
 * name in itself, for a menu. English is the language the texts are
 * written in and needs no catalog. The names accepted are those of
 * LANG-DESIGN.md: BCP 47 or POSIX, any case, '-' or '_' alike
 * ("zh-Hans", "zh_Hans", "zh-CN", "zh_CN", "zh" are Simplified Chinese).
 */
#ifndef RUNCHECK_LANG_H
#define RUNCHECK_LANG_H

#include <stddef.h>

struct lang {
	const char *tag;       /* BCP 47: "en", "zh-Hans", "vi" */
	const char *posix;     /* the catalogs' name: "en", "zh_Hans", "vi" */
	const char *self_name; /* "English", "中文", "Tiếng Việt" */
};

/* The language a name means, or NULL when runcheck has none by it. */
const struct lang *lang_find(const char *name);

/* The languages, English first; lang_count of them. */
const struct lang *lang_at(size_t i);
size_t lang_count(void);

/* The tags, for a message: "en, zh-Hans, vi". */
const char *lang_tags(void);

#endif
