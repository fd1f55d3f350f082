/*
 * test_result.c - the readable result and the JSON object of a walk.
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "clinic.h"
#include "engine.h"
#include "helpers.h"
#include "result.h"
#include "tree.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Every question type and every triage level; no text says "book". */
static const char tree_yaml[] =
	"format: runcheck/1\n"
	"id: result-test\n"
	"title: Result test\n"
	"version: \"2.5\"\n"
	"start: flags\n"
	"disclaimer: This suggests what may be going on. It is not a "
	"diagnosis.\n"
	"questions:\n"
	"  flags:\n"
	"    type: multi\n"
	"    ask: Do any of these apply?\n"
	"    options:\n"
	"      - text: Calf swollen\n"
	"        next: clot\n"
	"      - text: Fever\n"
	"        next: fever\n"
	"      - text: Tired legs\n"
	"    otherwise: area\n"
	"  area:\n"
	"    ask: Where is the pain worst?\n"
	"    options:\n"
	"      - text: Heel or arch of the foot\n"
	"        next: morning\n"
	"      - text: Knee\n"
	"        next: pain\n"
	"  morning:\n"
	"    type: yesno\n"
	"    ask: Is it worst in the morning?\n"
	"    yes: heel\n"
	"    no: pad\n"
	"    unsure: pad\n"
	"  pain:\n"
	"    type: scale\n"
	"    ask: How bad is it?\n"
	"    min: 0\n"
	"    max: 10\n"
	"    bands:\n"
	"      - {from: 0, to: 6, next: pad}\n"
	"      - {from: 7, to: 10, next: joint}\n"
	"outcomes:\n"
	"  clot:\n"
	"    condition: Possible blood clot\n"
	"    triage: emergency\n"
	"    summary: A swollen calf may be a clot.\n"
	"  fever:\n"
	"    condition: Possible infection\n"
	"    triage: urgent\n"
	"    summary: Fever with pain may be an infection.\n"
	"  joint:\n"
	"    condition: Possible joint injury\n"
	"    triage: gp\n"
	"    summary: Severe pain may need imaging.\n"
	"    self_care:\n"
	"      - Rest the knee.\n"
	"    also_consider: [pad]\n"
	"  heel:\n"
	"    condition: Plantar heel pain\n"
	"    triage: consult\n"
	"    summary: Morning heel pain is the classic pattern.\n"
	"    self_care:\n"
	"      - Stretch the calf.\n"
	"      - Wear cushioned shoes.\n"
	"    also_consider: [pad, joint]\n"
	"    sources:\n"
	"      - Heel study 2020.\n"
	"      - Foot guideline, https://example.test/foot\n"
	"  pad:\n"
	"    condition: Heel fat pad irritation\n"
	"    triage: self_care\n"
	"    summary: The heel pad may be irritated.\n";

static struct clinic test_clinic = {
	.name = "Westside Test Clinic",
	.booking = "Ask at the front desk for a time.",
	.phone = "555 0100",
	.url = "https://example.test/art",
	.emergency_number = "999",
};

struct fixture {
	struct tree *tree;
	struct engine *engine;
	char *text; /* what was written */
	size_t len;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	assert_non_null(fx);
	fx->tree = helper_load_tree(tree_yaml);
	fx->engine = engine_new(fx->tree);
	assert_non_null(fx->engine);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->text);
	engine_free(fx->engine);
	tree_free(fx->tree);
	free(fx);
	return 0;
}

/* Feeds the answers, one a line, and checks the walk ended. */
static void walk(struct fixture *fx, const char *const *answers, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(engine_input(fx->engine, answers[i]),
				 ENGINE_ANSWERED);
	assert_true(engine_is_done(fx->engine));
}

/* Wide, so that the phrases looked for are not wrapped apart. */
#define WIDE 1000

static void render_style(struct fixture *fx, const struct clinic *clinic,
			 const struct result_style *style)
{
	FILE *f;

	free(fx->text);
	fx->text = NULL;
	f = open_memstream(&fx->text, &fx->len);
	assert_non_null(f);
	assert_int_equal(result_print(f, fx->engine, clinic, style), 0);
	assert_int_equal(fclose(f), 0);
}

static void render_width(struct fixture *fx, const struct clinic *clinic,
			 bool use_color, bool is_accessible, size_t width)
{
	struct result_style style = {
		.width = width,
		.use_color = use_color,
		.is_accessible = is_accessible,
	};

	render_style(fx, clinic, &style);
}

static void render(struct fixture *fx, const struct clinic *clinic,
		   bool use_color, bool is_accessible)
{
	render_width(fx, clinic, use_color, is_accessible, WIDE);
}

static void render_json(struct fixture *fx)
{
	FILE *f;

	free(fx->text);
	fx->text = NULL;
	f = open_memstream(&fx->text, &fx->len);
	assert_non_null(f);
	assert_int_equal(result_print_json(f, fx->engine, NULL), 0);
	assert_int_equal(fclose(f), 0);
}

static bool contains_fold(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++) {
		size_t i = 0;

		while (i < n && haystack[i] &&
		       tolower((unsigned char)haystack[i]) ==
			       tolower((unsigned char)needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static void assert_contains(const char *text, const char *needle)
{
	if (!strstr(text, needle))
		fail_msg("expected \"%s\" in:\n%s", needle, text);
}

static void assert_lacks_fold(const char *text, const char *needle)
{
	if (contains_fold(text, needle))
		fail_msg("did not expect \"%s\" in:\n%s", needle, text);
}

/* What only a booking shows. */
static void assert_no_booking(const char *text)
{
	assert_lacks_fold(text, "book");
	assert_lacks_fold(text, test_clinic.name);
	assert_lacks_fold(text, test_clinic.booking);
	assert_lacks_fold(text, test_clinic.phone);
	assert_lacks_fold(text, test_clinic.url);
	assert_lacks_fold(text, "Active Release");
}

static void result_print__consult__offers_art_booking(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "yes"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Likely: Plantar heel pain");
	assert_contains(fx->text, "Book an assessment at the clinic.");
	assert_contains(fx->text, "Morning heel pain is the classic pattern.");
	assert_contains(fx->text, "Active Release Technique (ART) assessment "
				  "with Westside Test Clinic");
	/* What the assessment is for, without promising an outcome. */
	assert_contains(fx->text, "to check what is going on and to plan your "
				  "care");
	assert_contains(fx->text, "Ask at the front desk for a time.");
	assert_contains(fx->text, "555 0100");
	assert_contains(fx->text, "https://example.test/art");
	assert_contains(fx->text, "It is not a diagnosis.");
	assert_lacks_fold(fx->text, "cure");
}

static void result_print__sources__listed_before_the_disclaimer(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "yes"};
	const char *sources, *disclaimer;

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	sources = strstr(fx->text, "\nSources:\n  - Heel study 2020.\n"
				   "  - Foot guideline, https://example.test/"
				   "foot\n");
	disclaimer = strstr(fx->text, "It is not a diagnosis.");
	assert_non_null(sources);
	assert_non_null(disclaimer);
	assert_true(sources < disclaimer);
	assert_true(strstr(fx->text, "555 0100") < sources);
}

static void result_print__no_sources__no_heading(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"1"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_lacks_fold(fx->text, "Sources");
	render_json(fx);
	assert_contains(fx->text, "\"sources\": []");
}

/* Renders the result at the kiosk or at home. */
static void render_where(struct fixture *fx, const struct clinic *clinic,
			 bool is_kiosk)
{
	struct result_style style = {.width = WIDE, .is_kiosk = is_kiosk};

	render_style(fx, clinic, &style);
}

static void result_print__kiosk_and_home__each_booking_text(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "yes"};
	struct clinic clinic = test_clinic;

	clinic.booking_kiosk = "Ask at the front desk.";
	clinic.booking_home = "Call us or book online.";
	walk(fx, answers, COUNT(answers));
	render_where(fx, &clinic, true);
	assert_contains(fx->text, "Ask at the front desk.");
	assert_lacks_fold(fx->text, "Call us or book online.");
	assert_lacks_fold(fx->text, test_clinic.booking);
	render_where(fx, &clinic, false);
	assert_contains(fx->text, "Call us or book online.\n"
				  "Clinic: Westside Test Clinic\n"
				  "Phone: 555 0100\n"
				  "Online: https://example.test/art\n");
	assert_lacks_fold(fx->text, "front desk");
	assert_lacks_fold(fx->text, test_clinic.booking);
	/* Without its own texts, the clinic's booking serves both. */
	render_where(fx, &test_clinic, true);
	assert_contains(fx->text, test_clinic.booking);
	assert_lacks_fold(fx->text, "Clinic: ");
	render_where(fx, &test_clinic, false);
	assert_contains(fx->text, "Ask at the front desk for a time.\n"
				  "Clinic: Westside Test Clinic\n");
}

static void result_print__consult__lists_answers_and_advice(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "heel", "yes"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Because you said:");
	assert_contains(fx->text,
			"Do any of these apply? \u2014 none of these");
	assert_contains(fx->text, "Where is the pain worst? \u2014 Heel or "
				  "arch of the foot");
	assert_contains(fx->text, "Is it worst in the morning? \u2014 yes");
	assert_contains(fx->text, "What you can do now:");
	assert_contains(fx->text, "  - Stretch the calf.");
	assert_contains(fx->text, "  - Wear cushioned shoes.");
	assert_contains(fx->text, "Other possibilities:");
	assert_contains(fx->text, "  - Heel fat pad irritation");
	assert_contains(fx->text, "  - Possible joint injury");
}

static void result_print__self_care__offers_booking_later(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"3", "1", "not sure"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Likely: Heel fat pad irritation");
	assert_contains(fx->text, "You can likely look after this yourself. "
				  "Book an assessment if it is not better "
				  "within two weeks.");
	assert_contains(fx->text, "Westside Test Clinic");
	assert_contains(fx->text, "Ask at the front desk for a time.");
	assert_contains(fx->text, "Do any of these apply? \u2014 Tired legs");
	assert_contains(fx->text,
			"Is it worst in the morning? \u2014 not sure");
	assert_contains(fx->text, "It is not a diagnosis.");
}

static void result_print__gp__sees_doctor_never_books(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "knee", "8"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Likely: Possible joint injury");
	assert_contains(fx->text, "See a doctor within the next few days.");
	assert_contains(fx->text, "999");
	assert_contains(fx->text, "How bad is it? \u2014 8");
	assert_contains(fx->text, "  - Rest the knee.");
	assert_contains(fx->text, "  - Heel fat pad irritation");
	assert_contains(fx->text, "It is not a diagnosis.");
	assert_no_booking(fx->text);
}

static void result_print__urgent__sees_doctor_never_books(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"2"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "See a doctor today. Stop running until you "
				  "have been seen.");
	assert_contains(fx->text, "It is not a diagnosis.");
	assert_no_booking(fx->text);
}

static void result_print__emergency__calls_number_never_books(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"1, 2"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Likely: Possible blood clot");
	assert_contains(fx->text, "Call 999 now (emergency).");
	assert_contains(fx->text,
			"Do any of these apply? \u2014 Calf swollen, Fever");
	assert_contains(fx->text, "It is not a diagnosis.");
	assert_no_booking(fx->text);
}

static void
result_print__no_clinic__no_booking_and_number_in_words(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"1"};

	walk(fx, answers, COUNT(answers));
	render(fx, NULL, false, false);
	assert_contains(fx->text, "Call the emergency number now.");
	assert_contains(fx->text, "It is not a diagnosis.");
}

static void result_print__clinic_without_phone__leaves_it_out(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "y"};
	struct clinic bare = test_clinic;

	bare.phone = NULL;
	bare.url = NULL;
	walk(fx, answers, COUNT(answers));
	render(fx, &bare, false, false);
	assert_contains(fx->text, "Westside Test Clinic");
	assert_lacks_fold(fx->text, "Phone:");
	/* The sources may hold addresses; the clinic's is left out. */
	assert_lacks_fold(fx->text, test_clinic.url);
	assert_lacks_fold(fx->text, "Online:");
}

static void result_print__color__only_when_asked(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "y"};

	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_null(strchr(fx->text, '\033'));
	assert_contains(fx->text, "----");
	render(fx, &test_clinic, true, false);
	assert_non_null(strchr(fx->text, '\033'));
	/* Accessible output wins over colour and drops the rule. */
	render(fx, &test_clinic, true, true);
	assert_null(strchr(fx->text, '\033'));
	assert_null(strstr(fx->text, "----"));
	assert_contains(fx->text, "Likely: Plantar heel pain");
}

static void result_print__narrow__wraps_to_width(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "y"};
	const char *line;

	walk(fx, answers, COUNT(answers));
	render_width(fx, &test_clinic, false, false, 72);
	for (line = fx->text; *line;) {
		const char *end = strchr(line, '\n');

		assert_non_null(end);
		/* \u2014 is 3 bytes, 1 column. */
		assert_true((size_t)(end - line) <= 72 + 2);
		line = end + 1;
	}
}

static void result_json__consult__fields_in_order(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"none", "1", "yes"};
	static const char *const keys[] = {
		"tree",	  "version",	   "outcome", "condition",
		"triage", "also_consider", "sources", "answers",
	};
	json_t *obj;
	json_t *answers_json;
	const char *key;
	json_t *value;
	size_t i = 0;

	walk(fx, answers, COUNT(answers));
	obj = result_json(fx->engine);
	assert_non_null(obj);
	json_object_foreach(obj, key, value)
	{
		assert_true(i < COUNT(keys));
		assert_string_equal(key, keys[i]);
		i++;
	}
	assert_int_equal(i, COUNT(keys));
	assert_string_equal(json_string_value(json_object_get(obj, "tree")),
			    "result-test");
	assert_string_equal(json_string_value(json_object_get(obj, "version")),
			    "2.5");
	assert_string_equal(json_string_value(json_object_get(obj, "outcome")),
			    "heel");
	assert_string_equal(json_string_value(
				    json_object_get(obj, "condition")),
			    "Plantar heel pain");
	assert_string_equal(json_string_value(json_object_get(obj, "triage")),
			    "consult");
	value = json_object_get(obj, "also_consider");
	assert_int_equal(json_array_size(value), 2);
	assert_string_equal(json_string_value(json_array_get(value, 0)), "pad");
	assert_string_equal(json_string_value(json_array_get(value, 1)),
			    "joint");
	value = json_object_get(obj, "sources");
	assert_int_equal(json_array_size(value), 2);
	assert_string_equal(json_string_value(json_array_get(value, 0)),
			    "Heel study 2020.");
	assert_string_equal(json_string_value(json_array_get(value, 1)),
			    "Foot guideline, https://example.test/foot");
	answers_json = json_object_get(obj, "answers");
	assert_int_equal(json_array_size(answers_json), 3);
	value = json_array_get(answers_json, 0);
	assert_string_equal(json_string_value(
				    json_object_get(value, "question")),
			    "flags");
	assert_true(json_is_array(json_object_get(value, "answer")));
	assert_int_equal(json_array_size(json_object_get(value, "answer")), 0);
	value = json_array_get(answers_json, 1);
	assert_string_equal(json_string_value(
				    json_object_get(value, "question")),
			    "area");
	assert_string_equal(json_string_value(json_object_get(value, "answer")),
			    "Heel or arch of the foot");
	value = json_array_get(answers_json, 2);
	assert_string_equal(json_string_value(json_object_get(value, "answer")),
			    "yes");
	json_decref(obj);
}

static void result_json__each_answer_type__encoded(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"3", "knee", "9"};
	json_t *obj;
	json_t *list;
	json_t *answer;

	walk(fx, answers, COUNT(answers));
	obj = result_json(fx->engine);
	assert_non_null(obj);
	list = json_object_get(obj, "answers");
	answer = json_object_get(json_array_get(list, 0), "answer");
	assert_int_equal(json_array_size(answer), 1);
	assert_string_equal(json_string_value(json_array_get(answer, 0)),
			    "Tired legs");
	answer = json_object_get(json_array_get(list, 1), "answer");
	assert_string_equal(json_string_value(answer), "Knee");
	answer = json_object_get(json_array_get(list, 2), "answer");
	assert_true(json_is_integer(answer));
	assert_int_equal(json_integer_value(answer), 9);
	assert_string_equal(json_string_value(json_object_get(obj, "triage")),
			    "gp");
	json_decref(obj);
}

static void result_json__after_back__is_the_walk_as_it_stands(void **state)
{
	struct fixture *fx = *state;
	json_t *obj;
	json_t *list;

	assert_int_equal(engine_input(fx->engine, "none"), ENGINE_ANSWERED);
	assert_int_equal(engine_input(fx->engine, "2"), ENGINE_ANSWERED);
	assert_int_equal(engine_input(fx->engine, "back"), ENGINE_BACK);
	assert_int_equal(engine_input(fx->engine, "1"), ENGINE_ANSWERED);
	assert_int_equal(engine_input(fx->engine, "?"), ENGINE_ANSWERED);
	assert_true(engine_is_done(fx->engine));
	obj = result_json(fx->engine);
	assert_non_null(obj);
	list = json_object_get(obj, "answers");
	assert_int_equal(json_array_size(list), 3);
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(list, 1),
						    "answer")),
			    "Heel or arch of the foot");
	assert_string_equal(json_string_value(
				    json_object_get(json_array_get(list, 2),
						    "answer")),
			    "not sure");
	json_decref(obj);
}

static void result_print_json__one_object__one_line(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"1,2"};
	json_error_t error;
	json_t *obj;

	walk(fx, answers, COUNT(answers));
	render_json(fx);
	assert_true(fx->len > 2);
	assert_int_equal(fx->text[fx->len - 1], '\n');
	assert_ptr_equal(strchr(fx->text, '\n'), fx->text + fx->len - 1);
	obj = json_loads(fx->text, 0, &error);
	assert_non_null(obj);
	assert_string_equal(json_string_value(json_object_get(obj, "triage")),
			    "emergency");
	assert_int_equal(json_array_size(json_object_get(obj, "also_consider")),
			 0);
	json_decref(obj);
}

static void result_print_answer__each_type__answer_words(void **state)
{
	struct fixture *fx = *state;
	const struct tree_question *flags = helper_question(fx->tree, "flags");
	const struct tree_question *pain = helper_question(fx->tree, "pain");
	const struct tree_question *morning =
		helper_question(fx->tree, "morning");
	struct engine_answer multi = {.type = TREE_MULTI, .picks = 5};
	struct engine_answer none = {.type = TREE_MULTI, .picks = 0};
	struct engine_answer scale = {.type = TREE_SCALE, .value = 10};
	struct engine_answer no = {.type = TREE_YESNO, .yesno = ENGINE_NO};
	FILE *f;

	(void)state;
	f = open_memstream(&fx->text, &fx->len);
	assert_non_null(f);
	assert_int_equal(result_print_answer(f, flags, &multi), 0);
	fputc('|', f);
	assert_int_equal(result_print_answer(f, flags, &none), 0);
	fputc('|', f);
	assert_int_equal(result_print_answer(f, pain, &scale), 0);
	fputc('|', f);
	assert_int_equal(result_print_answer(f, morning, &no), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(fx->text,
			    "Calf swollen, Tired legs|none of these|10|no");
}

/* A runcheck/2 tree: labels, bookings on a consult outcome and (where
 * it must never show) on an emergency one, and a self_care outcome that
 * offers no booking. */
static const char tree2_yaml[] =
	"format: runcheck/2\n"
	"id: result-test-2\n"
	"title: Result test 2\n"
	"version: \"1\"\n"
	"start: flags\n"
	"disclaimer: It is not a diagnosis.\n"
	"questions:\n"
	"  flags:\n"
	"    type: yesno\n"
	"    ask: Is your calf swollen, warm or red?\n"
	"    label: Swollen calf\n"
	"    yes: clot\n"
	"    no: heel\n"
	"    unsure: aches\n"
	"outcomes:\n"
	"  clot:\n"
	"    condition: Possible blood clot\n"
	"    triage: emergency\n"
	"    summary: A swollen calf may be a clot.\n"
	"    booking: Never shown on a red flag.\n"
	"  heel:\n"
	"    condition: Plantar heel pain\n"
	"    triage: consult\n"
	"    summary: Morning heel pain is the classic pattern.\n"
	"    booking: An assessment checks your calf and foot; book after "
	"the first three days.\n"
	"    sources: [Koc 2023]\n"
	"  aches:\n"
	"    condition: Harmless night leg aches\n"
	"    triage: self_care\n"
	"    summary: They pass by the morning.\n"
	"    self_care: [Rub the legs gently.]\n"
	"    offer_booking: no\n"
	"    sources: [EBMG 2023]\n";

static void use_tree2(struct fixture *fx)
{
	engine_free(fx->engine);
	tree_free(fx->tree);
	fx->tree = helper_load_tree(tree2_yaml);
	fx->engine = engine_new(fx->tree);
	assert_non_null(fx->engine);
}

static void result_print__outcome_booking__replaces_generic_text(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"no"};

	use_tree2(fx);
	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Swollen calf \u2014 no");
	assert_lacks_fold(fx->text, "Is your calf swollen");
	assert_contains(fx->text, "An assessment checks your calf and foot; "
				  "book after the first three days.");
	assert_lacks_fold(fx->text, "Active Release");
	/* The clinic's own booking and contact details stay. */
	assert_contains(fx->text, "Ask at the front desk for a time.");
	assert_contains(fx->text, "555 0100");
}

static void result_print__outcome_booking__never_on_a_red_flag(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"yes"};

	use_tree2(fx);
	walk(fx, answers, COUNT(answers));
	render(fx, &test_clinic, false, false);
	assert_contains(fx->text, "Swollen calf \u2014 yes");
	assert_lacks_fold(fx->text, "Never shown");
	assert_no_booking(fx->text);
}

/* offer_booking: no - a doctor if it lasts, and nothing of a booking,
 * at home or at the kiosk, even with a QR code asked for. */
static void result_print__self_care_without_booking__no_booking(void **state)
{
	struct fixture *fx = *state;
	static const char *const answers[] = {"not sure"};
	struct tree_ref ref;

	use_tree2(fx);
	assert_true(tree_find(fx->tree, "aches", &ref));
	assert_false(tree_outcome_may_book(tree_outcome(fx->tree, ref.index)));
	assert_true(tree_find(fx->tree, "heel", &ref));
	assert_true(tree_outcome_may_book(tree_outcome(fx->tree, ref.index)));
	walk(fx, answers, COUNT(answers));
	for (int is_kiosk = 0; is_kiosk <= 1; is_kiosk++) {
		struct result_style style = {.width = WIDE,
					     .show_qr = true,
					     .is_kiosk = is_kiosk};

		render_style(fx, &test_clinic, &style);
		assert_contains(fx->text, "Likely: Harmless night leg aches");
		assert_contains(fx->text, "You can likely look after this "
					  "yourself. See a doctor if it is "
					  "not better within two weeks.");
		assert_contains(fx->text, "  - Rub the legs gently.");
		assert_contains(fx->text, "EBMG 2023");
		assert_contains(fx->text, "It is not a diagnosis.");
		assert_no_booking(fx->text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(result_print__consult__offers_art_booking),
		T(result_print__consult__lists_answers_and_advice),
		T(result_print__self_care__offers_booking_later),
		T(result_print__gp__sees_doctor_never_books),
		T(result_print__urgent__sees_doctor_never_books),
		T(result_print__emergency__calls_number_never_books),
		T(result_print__no_clinic__no_booking_and_number_in_words),
		T(result_print__clinic_without_phone__leaves_it_out),
		T(result_print__color__only_when_asked),
		T(result_print__narrow__wraps_to_width),
		T(result_json__consult__fields_in_order),
		T(result_json__each_answer_type__encoded),
		T(result_json__after_back__is_the_walk_as_it_stands),
		T(result_print_json__one_object__one_line),
		T(result_print_answer__each_type__answer_words),
		T(result_print__sources__listed_before_the_disclaimer),
		T(result_print__no_sources__no_heading),
		T(result_print__kiosk_and_home__each_booking_text),
		T(result_print__outcome_booking__replaces_generic_text),
		T(result_print__outcome_booking__never_on_a_red_flag),
		T(result_print__self_care_without_booking__no_booking),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
