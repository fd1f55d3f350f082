/*
 * chart.h - horizontal bars for charts at a terminal, drawn in eighths of
 * a cell with the Unicode left blocks (U+2588 to U+258F), or in whole
 * cells of '#' where the terminal has no UTF-8.
 */
#ifndef RUNCHECK_CHART_H
#define RUNCHECK_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The bar of value on a scale where max fills cells cells: full blocks and
 * one partial block, rounded to the nearest eighth (whole '#' cells when
 * !is_utf8). A value above zero always shows at least the smallest step;
 * zero, a negative value or a max of zero or less gives "". Returns a new
 * string (caller frees), or NULL when out of memory.
 */
char *chart_bar(int64_t value, int64_t max, size_t cells, bool is_utf8);

#endif
