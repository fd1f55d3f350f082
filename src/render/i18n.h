/*
 * i18n.h - the interface's texts through GNU gettext (libintl, in glibc),
 * for the render and app layers; never for the core, which holds no
 * catalog.
 *
 * _(text) is text in the chosen language, looked up in the runcheck text
 * domain (I18N_DOMAIN; build/locale or ../share/locale, which lang.h
 * binds); text itself when no catalog has it, so English needs no
 * catalog and a program that never chose a language (the unit tests)
 * speaks English. N_(text) only marks text for xgettext (make pot), for
 * a table whose entries go through _() where they are used. P_(one,
 * many, n) is ngettext's plural in the same domain.
 */
#ifndef RUNCHECK_I18N_H
#define RUNCHECK_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "runcheck"

#define _(text)		 dgettext(I18N_DOMAIN, text)
#define N_(text)	 text
#define P_(one, many, n) dngettext(I18N_DOMAIN, one, many, n)

#endif
