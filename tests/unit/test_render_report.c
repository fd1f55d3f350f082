/*
 * test_render_report.c - the sign-off report of a tree (report.h): what
 * the clinician reads and signs, in Markdown and HTML.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clinic.h"
#include "diag.h"
#include "engine.h"
#include "helpers.h"
#include "render_tree.h"
#include "report.h"
#include "result.h"
#include "tree.h"

static struct clinic test_clinic = {
	.name = "Westside <Test> Clinic",
	.booking = "Ring the desk to book.",
	.emergency_number = "112",
};

struct fixture {
	struct tree *tree;
	struct diag_list diags; /* the loader's warnings, for the report */
	char *text;		/* what was written */
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->diags.file = "render.yaml";
	assert_int_equal(tree_load_buffer(render_tree_yaml,
					  strlen(render_tree_yaml), &fx->diags,
					  &fx->tree),
			 YREAD_OK);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->text);
	diag_list_clear(&fx->diags);
	tree_free(fx->tree);
	free(fx);
	return 0;
}

static const char *report(struct fixture *fx, enum report_format format)
{
	struct report_source src = {
		.tree = fx->tree,
		.diags = &fx->diags,
		.tree_sha256 = "ab12",
		.clinic = &test_clinic,
		.clinic_source = "clinic.yaml",
	};
	size_t len = 0;
	FILE *f;

	free(fx->text);
	fx->text = NULL;
	f = open_memstream(&fx->text, &len);
	assert_non_null(f);
	assert_int_equal(report_write(f, format, &src), 0);
	assert_int_equal(fclose(f), 0);
	return fx->text;
}

static void assert_has(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

/* The section of the report from the heading of outcome id to the next
 * heading (a new string). */
static char *outcome_section(const char *text, const char *id)
{
	char anchor[64];
	const char *from, *to;

	snprintf(anchor, sizeof(anchor), "<a id=\"o-%s\"></a>", id);
	from = strstr(text, anchor);
	assert_non_null(from);
	to = strstr(from, "\n### ");
	if (!to)
		to = from + strlen(from);
	return strndup(from, (size_t)(to - from));
}

/* A red flag: the words the person reads, with the clinic's number, and
 * no booking. */
static void report__red_flag__the_results_words_no_booking(void **state)
{
	struct fixture *fx = *state;
	char *clot = outcome_section(report(fx, REPORT_MARKDOWN), "clot");

	assert_has(clot, "Outcome `clot`: Possible calf clot");
	assert_has(clot, "- **Triage:** **emergency**: Call 112 now "
			 "(emergency).\n");
	assert_null(strstr(clot, "Booking"));
	free(clot);
}

/*
 * The line under the condition that the clinician signs is the one the
 * person reads: for each walk's outcome, the report's Triage field holds
 * the very line result_print writes under "Likely: ...".
 */
static void report__triage_line__is_what_the_result_shows(void **state)
{
	static const char *const walks[][4] = {
		{"1", "1", NULL},      /* clot, emergency */
		{"1", "2", NULL},      /* growing: no booking */
		{"2", "2", "3", NULL}, /* knee, consult */
		{"2", "3", "9", NULL}, /* joint, gp */
	};
	struct fixture *fx = *state;
	const char *md = report(fx, REPORT_MARKDOWN);

	for (size_t w = 0; w < sizeof(walks) / sizeof(*walks); w++) {
		struct engine *engine = engine_new(fx->tree);
		struct result_style style = {.width = 1000};
		const struct tree_outcome *o;
		char *shown = NULL, *line, *section, field[512];
		size_t len = 0;
		FILE *f = open_memstream(&shown, &len);

		assert_non_null(engine);
		assert_non_null(f);
		for (size_t i = 0; walks[w][i]; i++)
			assert_int_equal(engine_input(engine, walks[w][i]),
					 ENGINE_ANSWERED);
		assert_true(engine_is_done(engine));
		assert_int_equal(result_print(f, engine, &test_clinic, &style),
				 0);
		assert_int_equal(fclose(f), 0);
		/* A rule, "Likely: ...", then the triage line. */
		line = strchr(strchr(shown, '\n') + 1, '\n') + 1;
		*strchr(line, '\n') = '\0';
		o = tree_outcome(fx->tree, engine_outcome(engine));
		snprintf(field, sizeof(field), "- **Triage:** **%s**: %s\n",
			 tree_triage_name(o->triage), line);
		section = outcome_section(md, o->id);
		assert_has(section, field);
		free(section);
		free(shown);
		engine_free(engine);
	}
}

/* offer_booking: no shows the doctor line the person reads, and says no
 * booking is offered. */
static void report__no_booking_outcome__says_so(void **state)
{
	struct fixture *fx = *state;
	char *growing = outcome_section(report(fx, REPORT_MARKDOWN), "growing");

	assert_has(growing, "**self_care**: You can likely look after this "
			    "yourself. See a doctor if it is not better "
			    "within two weeks.");
	assert_has(growing, "- **Booking:** No booking is offered.");
	free(growing);
}

/* A route's alternative, in words, where the outcome is reached from. */
static void report__routed__reached_from_in_words(void **state)
{
	struct fixture *fx = *state;
	const char *md = report(fx, REPORT_MARKDOWN);

	assert_has(md, "- **Reached from:** [`area`](#q-area) \u2192 Knee (if "
		       "the answer to Age was Under 16)\n");
	assert_has(md, "| 2\\. Knee | if the answer to Age was Under 16: "
		       "outcome [`growing`](#o-growing): Growing pains "
		       "(self_care); otherwise: question [`pain`](#q-pain): "
		       "How much does it hurt, from 1 to 10? |");
	assert_has(md, "render.yaml:");
	assert_has(md, "warning: outcome 'orphan' is not reached");
}

/* HTML: the tree's and the clinic's < & and quotes never go out raw. */
static void report__html__escapes_the_trees_text(void **state)
{
	struct fixture *fx = *state;
	const char *html = report(fx, REPORT_HTML);

	assert_has(html, "<title>Render &lt;test&gt; &amp; &quot;tree&quot; "
			 "\u2014 sign-off report</title>");
	assert_has(html, "Possible joint injury &lt;3 weeks");
	assert_has(html, "Shin &lt;after runs&gt;");
	assert_has(html, "Westside &lt;Test&gt; Clinic");
	assert_null(strstr(html, "<3 weeks"));
	assert_null(strstr(html, "<after runs>"));
	assert_null(strstr(html, "<Test>"));
	assert_has(html, "<dt>Triage</dt><dd><span class=\"triage emergency\">"
			 "emergency</span> &mdash; Call 112 now "
			 "(emergency).</dd>");
	assert_has(html, "</table>\n</body>\n</html>\n");
}

/* Markdown: what would be markup is escaped; the sign-off table ends it. */
static void report__markdown__escapes_and_ends_with_sign_off(void **state)
{
	struct fixture *fx = *state;
	const char *md = report(fx, REPORT_MARKDOWN);

	assert_has(md, "# Render \\<test\\> \\& \"tree\" \u2014 sign-off "
		       "report\n");
	assert_has(md, "Possible joint injury \\<3 weeks");
	assert_has(md, "- **Content (SHA-256 of the file):** `ab12`\n");
	assert_has(md, "| Name | Role | Date | Signature |\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(report__red_flag__the_results_words_no_booking),
		T(report__triage_line__is_what_the_result_shows),
		T(report__no_booking_outcome__says_so),
		T(report__routed__reached_from_in_words),
		T(report__html__escapes_the_trees_text),
		T(report__markdown__escapes_and_ends_with_sign_off),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
