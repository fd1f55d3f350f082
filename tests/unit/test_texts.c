/*
 * test_texts.c - the texts a person sees, for translation
 * (LANG-DESIGN.md): tree_each_text names every one once, with its
 * msgctxt, line and column; tree_translate replaces them and keeps ids
 * and places, NULL keeping the English; the same for the clinic's
 * booking sentences.
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
#include "helpers.h"
#include "lang.h"
#include "tree.h"

/* Line numbers below count on this text. */
static const char tree_yaml[] =
	"format: runcheck/2\n"				/* 1 */
	"id: t\n"					/* 2 */
	"title: Knee check\n"				/* 3 */
	"version: \"1\"\n"				/* 4 */
	"start: area\n"					/* 5 */
	"disclaimer: Not a diagnosis.\n"		/* 6 */
	"questions:\n"					/* 7 */
	"  area:\n"					/* 8 */
	"    ask: Where does it hurt?\n"		/* 9 */
	"    why: Pain has places.\n"			/* 10 */
	"    label: Area\n"				/* 11 */
	"    options:\n"				/* 12 */
	"      - {id: knee, text: Knee, next: swell}\n" /* 13 */
	"      - {text: Hip, next: o_hip}\n"		/* 14 */
	"  swell:\n"					/* 15 */
	"    type: yesno\n"				/* 16 */
	"    ask: Is it swollen?\n"			/* 17 */
	"    yes: o_knee\n"				/* 18 */
	"    no: o_knee\n"				/* 19 */
	"outcomes:\n"					/* 20 */
	"  o_knee:\n"					/* 21 */
	"    condition: Runner's knee\n"		/* 22 */
	"    triage: consult\n"				/* 23 */
	"    summary: Likely runner's knee.\n"		/* 24 */
	"    self_care:\n"				/* 25 */
	"      - Rest\n"				/* 26 */
	"      - \"Ice it\"\n"				/* 27 */
	"    booking: Book in a week.\n"		/* 28 */
	"    sources: [X 2020]\n"			/* 29 */
	"  o_hip:\n"					/* 30 */
	"    condition: Hip pain\n"			/* 31 */
	"    triage: gp\n"				/* 32 */
	"    summary: See a GP.\n";			/* 33 */

struct seen_text {
	const char *msgctxt;
	const char *msgid;
	uint32_t line;
	uint32_t column;
};

static const struct seen_text expected[] = {
	{"tree title", "Knee check", 3, 8},
	{"tree disclaimer", "Not a diagnosis.", 6, 13},
	{"question area ask", "Where does it hurt?", 9, 10},
	{"question area why", "Pain has places.", 10, 10},
	{"question area label", "Area", 11, 12},
	{"question area option knee", "Knee", 13, 26},
	{"question area option 2", "Hip", 14, 16},
	{"question swell ask", "Is it swollen?", 17, 10},
	{"outcome o_knee condition", "Runner's knee", 22, 16},
	{"outcome o_knee summary", "Likely runner's knee.", 24, 14},
	{"outcome o_knee self_care 1", "Rest", 26, 9},
	{"outcome o_knee self_care 2", "Ice it", 27, 9},
	{"outcome o_knee booking", "Book in a week.", 28, 14},
	{"outcome o_hip condition", "Hip pain", 31, 16},
	{"outcome o_hip summary", "See a GP.", 33, 14},
};

#define EXPECTED_COUNT (sizeof expected / sizeof expected[0])

struct seen {
	struct seen_text items[64];
	char copies[64][2][128];
	size_t count;
};

static void note(void *ctx, const char *msgctxt, const char *msgid,
		 uint32_t line, uint32_t column)
{
	struct seen *s = ctx;
	size_t i = s->count++;

	assert_true(i < 64);
	snprintf(s->copies[i][0], sizeof s->copies[i][0], "%s", msgctxt);
	snprintf(s->copies[i][1], sizeof s->copies[i][1], "%s", msgid);
	s->items[i] = (struct seen_text){s->copies[i][0], s->copies[i][1], line,
					 column};
}

static void assert_seen(const struct seen *s, const struct seen_text *want,
			size_t count)
{
	for (size_t i = 0; i < count && i < s->count; i++) {
		assert_string_equal(s->items[i].msgctxt, want[i].msgctxt);
		assert_string_equal(s->items[i].msgid, want[i].msgid);
		assert_int_equal(s->items[i].line, want[i].line);
		assert_int_equal(s->items[i].column, want[i].column);
	}
	assert_int_equal(s->count, count);
}

/* Every text once, in order, at its line and column; ids, triage levels
 * and sources are not texts to translate. */
static void test_each_text_names_every_text_once(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	struct seen s = {.count = 0};

	tree_each_text(tree, note, &s);
	assert_seen(&s, expected, EXPECTED_COUNT);
	tree_free(tree);
}

/* A question without a label shows its ask: no label entry, and a
 * translated ask is its label too. */
static void test_label_that_is_the_ask(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	const struct tree_question *q = helper_question(tree, "swell");
	struct seen s = {.count = 0};

	assert_ptr_equal(q->label, q->ask);
	tree_each_text(tree, note, &s);
	for (size_t i = 0; i < s.count; i++)
		assert_string_not_equal(s.items[i].msgctxt,
					"question swell label");
	tree_free(tree);
}

/* "[msgctxt] msgid": shows the translation had both. */
static const char *bracket(void *ctx, const char *msgctxt, const char *msgid)
{
	char(*buf)[64][256] = ctx;
	static size_t n;
	char *out = (*buf)[n++ % 64];

	snprintf(out, 256, "[%s] %s", msgctxt, msgid);
	return out;
}

static void test_translate_replaces_and_keeps_ids(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	char bufs[64][256];
	struct seen s = {.count = 0};
	const struct tree_question *area = helper_question(tree, "area");
	const struct tree_question *swell = helper_question(tree, "swell");
	const struct tree_outcome *o;
	struct tree_ref ref;

	assert_true(tree_translate(tree, bracket, bufs));
	/* The buffers are gone: the tree kept copies. */
	memset(bufs, 'x', sizeof bufs);
	assert_string_equal(tree_title(tree), "[tree title] Knee check");
	assert_string_equal(tree_id(tree), "t");
	assert_string_equal(area->id, "area");
	assert_string_equal(area->ask,
			    "[question area ask] Where does it hurt?");
	assert_string_equal(area->label, "[question area label] Area");
	assert_string_equal(area->options[0].id, "knee");
	assert_string_equal(area->options[0].text,
			    "[question area option knee] Knee");
	assert_null(area->options[1].id);
	assert_string_equal(area->options[1].text,
			    "[question area option 2] Hip");
	assert_string_equal(swell->label,
			    "[question swell ask] Is it swollen?");
	assert_ptr_equal(swell->label, swell->ask);
	assert_true(tree_find(tree, "o_knee", &ref));
	o = tree_outcome(tree, ref.index);
	assert_string_equal(o->id, "o_knee");
	assert_int_equal(o->triage, TREE_CONSULT);
	assert_string_equal(o->self_care[1],
			    "[outcome o_knee self_care 2] Ice it");
	assert_string_equal(o->booking,
			    "[outcome o_knee booking] Book in a week.");
	assert_string_equal(o->sources[0], "X 2020");

	/* The places stay: each text still has its line and column. */
	tree_each_text(tree, note, &s);
	assert_int_equal(s.count, EXPECTED_COUNT);
	for (size_t i = 0; i < s.count; i++) {
		char want[256];

		snprintf(want, sizeof want, "[%s] %s", expected[i].msgctxt,
			 expected[i].msgid);
		assert_string_equal(s.items[i].msgctxt, expected[i].msgctxt);
		assert_string_equal(s.items[i].msgid, want);
		assert_int_equal(s.items[i].line, expected[i].line);
		assert_int_equal(s.items[i].column, expected[i].column);
	}
	tree_free(tree);
}

/* NULL keeps the English; one place may be translated alone. */
static const char *only_knee(void *ctx, const char *msgctxt, const char *msgid)
{
	return strcmp(msgctxt, "question area option knee") == 0 ? "Genou"
								 : NULL;
}

static void test_translate_null_keeps_english(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	struct seen s = {.count = 0};

	assert_true(tree_translate(tree, only_knee, NULL));
	tree_each_text(tree, note, &s);
	assert_int_equal(s.count, EXPECTED_COUNT);
	for (size_t i = 0; i < s.count; i++)
		assert_string_equal(s.items[i].msgid,
				    i == 5 ? "Genou" : expected[i].msgid);
	assert_int_equal(s.items[5].line, 13);
	tree_free(tree);
}

static const char clinic_yaml[] = "format: runcheck-clinic/1\n"	 /* 1 */
				  "name: Westside\n"		 /* 2 */
				  "booking: Ask at the desk.\n"	 /* 3 */
				  "booking_kiosk: Tap Book.\n"	 /* 4 */
				  "emergency_number: \"000\"\n"; /* 5 */

static struct clinic *load_clinic(void)
{
	struct diag_list diags = {.file = "clinic.yaml"};
	struct clinic *c = NULL;

	assert_int_equal(clinic_load_buffer(clinic_yaml, strlen(clinic_yaml),
					    &diags, &c),
			 YREAD_OK);
	diag_list_clear(&diags);
	return c;
}

static void test_clinic_texts(void **state)
{
	struct clinic *c = load_clinic();
	struct seen s = {.count = 0};
	static const struct seen_text want[] = {
		{"clinic booking", "Ask at the desk.", 3, 10},
		{"clinic booking_kiosk", "Tap Book.", 4, 16},
	};
	char bufs[64][256];

	clinic_each_text(c, note, &s);
	assert_seen(&s, want, 2);
	assert_true(clinic_translate(c, bracket, bufs));
	assert_string_equal(c->booking, "[clinic booking] Ask at the desk.");
	assert_string_equal(c->booking_kiosk,
			    "[clinic booking_kiosk] Tap Book.");
	assert_null(c->booking_home);
	assert_string_equal(c->name, "Westside");
	assert_string_equal(c->emergency_number, "000");
	assert_true(clinic_translate(c, only_knee, NULL));
	assert_string_equal(clinic_booking(c, false),
			    "[clinic booking] Ask at the desk.");
	clinic_free(c);
}

/* The names of LANG-DESIGN.md, BCP 47 or POSIX, any case. */
static void test_lang_find(void **state)
{
	static const char *const zh[] = {"zh-Hans", "zh_Hans", "zh-CN",
					 "zh_CN",   "zh",      "ZH-hans"};
	static const char *const vi[] = {"vi", "vi-VN", "vi_VN", "VI"};
	char tags[64] = "";

	for (size_t i = 0; i < sizeof zh / sizeof *zh; i++)
		assert_string_equal(lang_find(zh[i])->posix, "zh_Hans");
	for (size_t i = 0; i < sizeof vi / sizeof *vi; i++)
		assert_string_equal(lang_find(vi[i])->posix, "vi");
	assert_string_equal(lang_find("en")->tag, "en");
	assert_string_equal(lang_find("zh")->self_name, "\u4e2d\u6587");
	assert_null(lang_find("fr"));
	assert_null(lang_find("zh-Hant"));
	assert_null(lang_find("v"));
	assert_null(lang_find(""));
	/* lang_tags names every language, in order. */
	for (size_t i = 0; i < lang_count(); i++)
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags),
			 "%s%s", i > 0 ? ", " : "", lang_at(i)->tag);
	assert_string_equal(lang_tags(), tags);
}

/* Loads a clinic file with languages_line as its last line (line 5);
 * returns the status, the first error in *message. */
static enum yread_status load_languages(const char *languages_line,
					struct clinic **c, char *message,
					struct diag_pos *pos)
{
	char yaml[512];
	struct diag_list diags = {.file = "clinic.yaml"};
	enum yread_status status;

	snprintf(yaml, sizeof yaml,
		 "format: runcheck-clinic/1\n"
		 "name: Westside\n"
		 "booking: Ask at the desk.\n"
		 "emergency_number: \"000\"\n"
		 "%s\n",
		 languages_line);
	status = clinic_load_buffer(yaml, strlen(yaml), &diags, c);
	message[0] = '\0';
	if (diags.count > 0) {
		snprintf(message, 256, "%s", diags.items[0].message);
		*pos = diags.items[0].pos;
	}
	diag_list_clear(&diags);
	return status;
}

static void test_clinic_languages(void **state)
{
	struct clinic *c = NULL;
	char message[256];
	struct diag_pos pos = {0, 0};

	assert_int_equal(load_languages("languages: [vi, en, zh_CN]", &c,
					message, &pos),
			 YREAD_OK);
	assert_int_equal(c->language_count, 3);
	assert_string_equal(c->languages[0]->tag, "vi");
	assert_string_equal(c->languages[1]->tag, "en");
	assert_string_equal(c->languages[2]->tag, "zh-Hans");
	clinic_free(c);

	/* Left out: English alone. */
	assert_int_equal(load_languages("phone: \"\"", &c, message, &pos),
			 YREAD_OK);
	assert_int_equal(c->language_count, 1);
	assert_string_equal(c->languages[0]->tag, "en");
	clinic_free(c);

	assert_int_equal(load_languages("languages: [en, fr]", &c, message,
					&pos),
			 YREAD_INVALID);
	assert_null(c);
	assert_string_equal(message, "unknown language 'fr' in 'languages'; "
				     "runcheck speaks en, zh-Hans, vi");
	assert_int_equal(pos.line, 5);
	assert_int_equal(pos.column, 17);

	assert_int_equal(load_languages("languages: [zh, zh-Hans]", &c, message,
					&pos),
			 YREAD_INVALID);
	assert_string_equal(message, "'languages' names zh-Hans twice");
	assert_int_equal(pos.column, 17);

	assert_int_equal(load_languages("languages: vi", &c, message, &pos),
			 YREAD_INVALID);
	assert_string_equal(message, "'languages' must be a list of language "
				     "names, such as [en, zh-Hans, vi]");

	assert_int_equal(load_languages("languages: []", &c, message, &pos),
			 YREAD_INVALID);
	assert_string_equal(message, "'languages' names no language; leave "
				     "it out for English only");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_text_names_every_text_once),
		cmocka_unit_test(test_label_that_is_the_ask),
		cmocka_unit_test(test_translate_replaces_and_keeps_ids),
		cmocka_unit_test(test_translate_null_keeps_english),
		cmocka_unit_test(test_clinic_texts),
		cmocka_unit_test(test_lang_find),
		cmocka_unit_test(test_clinic_languages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
