/*
 * fuzz_walks.c - libFuzzer target for the walks file (walks_load_buffer)
 * and its replay (walks_run) against a fixed tree: YREAD_OK with at least
 * one walk, each with a name and an answer, or YREAD_INVALID with readable
 * diagnostics; each walk's verdict a pass or a readable failure at its
 * name; never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "fuzz_common.h"
#include "tree.h"
#include "walks.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One question of each type, so that every answer word is tried. */
static const char tree_yaml[] =
	"format: runcheck/1\nid: fuzz\ntitle: Fuzz\nversion: \"1\"\n"
	"start: flags\ndisclaimer: Test only.\n"
	"questions:\n"
	"  flags:\n    type: multi\n    ask: Any?\n"
	"    options:\n      - {text: Fever, next: gp}\n      - {text: Itch}\n"
	"    otherwise: area\n"
	"  area:\n    ask: Where?\n"
	"    options:\n      - {text: Heel, next: morning}\n"
	"      - {text: Heel cord, next: pain}\n"
	"  morning:\n    type: yesno\n    ask: Morning?\n"
	"    yes: care\n    no: care\n    unsure: gp\n"
	"  pain:\n    type: scale\n    ask: How bad?\n    min: 0\n    max: 10\n"
	"    bands:\n      - {from: 0, to: 3, next: care}\n"
	"      - {from: 4, to: 10, next: gp}\n"
	"outcomes:\n"
	"  gp: {condition: A, triage: gp, summary: S.}\n"
	"  care: {condition: B, triage: self_care, summary: S., sources: [X]}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tree *tree;
	struct diag_list diags = {.file = "fuzz-walks.yaml"};
	struct diag_list loaded = {.file = "fuzz-tree.yaml"};
	struct walks *w = NULL;
	enum yread_status status;
	size_t passed, failed;

	if (!tree) {
		tree_load_buffer(tree_yaml, strlen(tree_yaml), &loaded, &tree);
		diag_list_clear(&loaded);
		FUZZ_CHECK(tree != NULL);
	}
	status = walks_load_buffer(data, size, &diags, &w);
	fuzz_check_diags(&diags, status, w != NULL);
	if (w != NULL) {
		FUZZ_CHECK(walks_count(w) > 0);
		for (size_t i = 0; i < walks_count(w); i++) {
			const struct walks_walk *walk = walks_walk(w, i);

			FUZZ_CHECK(walk->name != NULL &&
				   walk->answer_count > 0);
			FUZZ_CHECK(walk->outcome != NULL || walk->has_triage);
		}
		walks_match_tree(w, tree, &diags);
		diag_list_clear(&diags);
		FUZZ_CHECK(walks_run(w, tree, &diags, &passed, &failed) ==
			   YREAD_OK);
		FUZZ_CHECK(passed + failed == walks_count(w));
		FUZZ_CHECK(diags.error_count == failed);
		for (size_t i = 0; i < diags.count; i++)
			FUZZ_CHECK(fuzz_is_printable(diags.items[i].message));
	}
	walks_free(w);
	diag_list_clear(&diags);
	return 0;
}
