/*
 * term.c - what the terminal can show.
 */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "text.h"

/* "UTF-8" or "utf8", in any case, anywhere in s. */
static bool names_utf8(const char *s)
{
	for (; *s; s++)
		if (text_prefix_fold(s, "utf-8") || text_prefix_fold(s, "utf8"))
			return true;
	return false;
}

/* The locale the environment asks for, by the POSIX order. */
static const char *env_locale(void)
{
	static const char *const names[] = {"LC_ALL", "LC_CTYPE", "LANG"};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		const char *value = getenv(names[i]);

		if (value && *value)
			return value;
	}
	return NULL;
}

bool term_is_utf8(void)
{
	const char *current = setlocale(LC_CTYPE, NULL);
	char *saved = current ? strdup(current) : NULL;
	const char *env;
	bool is_utf8;

	if (current && !saved)
		return false;
	if (setlocale(LC_CTYPE, "")) {
		is_utf8 = names_utf8(nl_langinfo(CODESET));
	} else {
		env = env_locale();
		is_utf8 = env && names_utf8(env);
	}
	if (saved)
		setlocale(LC_CTYPE, saved);
	free(saved);
	return is_utf8;
}
