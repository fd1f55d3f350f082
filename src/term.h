/*
 * term.h - what the terminal can show, for output that draws: the bar
 * charts of runcheck stats and the QR code of a booking address.
 */
#ifndef RUNCHECK_TERM_H
#define RUNCHECK_TERM_H

#include <stdbool.h>

/*
 * True when the locale's character set is UTF-8, so that block elements
 * (U+2580 to U+259F) can be drawn: nl_langinfo(CODESET) under the locale
 * that LC_ALL, LC_CTYPE and LANG name, or, when the C library does not
 * know that locale, whether the first of them that is set and not empty
 * names UTF-8 (en_GB.UTF-8, C.utf8). The program's own locale is put back
 * as it was.
 */
bool term_is_utf8(void);

#endif
