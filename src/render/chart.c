/*
 * chart.c - bars in eighths of a cell.
 */
#include <stdlib.h>
#include <string.h>

#include "chart.h"

/* One to seven eighths of a cell, then a full cell; 3 bytes each. */
static const char *const eighths[8] = {
	"\u258f", "\u258e", "\u258d", "\u258c",
	"\u258b", "\u258a", "\u2589", "\u2588",
};

char *chart_bar(int64_t value, int64_t max, size_t cells, bool is_utf8)
{
	size_t steps_per_cell = is_utf8 ? 8 : 1;
	size_t steps = 0;
	size_t len = 0;
	char *bar;

	if (value > 0 && max > 0) {
		long double total = (long double)cells * steps_per_cell;

		if (value > max)
			value = max;
		steps = (size_t)((long double)value * total / max + 0.5L);
		if (steps == 0)
			steps = 1;
	}
	/* At most 3 bytes a cell, and a partial cell. */
	bar = malloc(3 * (cells + 1) + 1);
	if (!bar)
		return NULL;
	if (!is_utf8) {
		memset(bar, '#', steps);
		bar[steps] = '\0';
		return bar;
	}
	for (size_t i = 0; i < steps / 8; i++) {
		memcpy(bar + len, eighths[7], 3);
		len += 3;
	}
	if (steps % 8) {
		memcpy(bar + len, eighths[steps % 8 - 1], 3);
		len += 3;
	}
	bar[len] = '\0';
	return bar;
}
