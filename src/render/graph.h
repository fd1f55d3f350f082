/*
 * graph.h - a tree as a Graphviz graph (DOT), for runcheck graph.
 *
 * Questions are boxes with their text, id and type; each edge is labelled
 * with the answers that take it (answers that lead to one place share an
 * edge), and each alternative of a route is an edge of its own labelled
 * with its when ("age: under_16"), the last "else". Outcomes are shaped
 * and coloured by triage level (emergency red, urgent orange, gp yellow,
 * consult light blue, self_care green) with their condition. The start is
 * marked, and a legend gives each triage level with the line a result of
 * that level shows under the condition (result_triage_line).
 */
#ifndef RUNCHECK_GRAPH_H
#define RUNCHECK_GRAPH_H

#include <stdio.h>

#include "paths.h"
#include "tree.h"

/*
 * Writes the graph of tree to f. paths is the tree's (paths_new): nodes
 * the start does not reach are drawn dashed. For a tree that loaded with
 * errors (a partial tree, tree_load_file_partial) paths is NULL: every node is drawn
 * plain, the title says the tree has errors, and the references that lead
 * nowhere go to red dashed nodes that say what they named. Returns 0, or
 * -1 when a write to f failed (ferror; f is not flushed).
 */
int graph_write(FILE *f, const struct tree *tree, const struct paths *paths);

#endif
