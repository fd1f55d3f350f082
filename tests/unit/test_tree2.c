/*
 * test_tree2.c - format runcheck/2 (tree-format-2.md): routes, labels,
 * option and band ids and bookings as loaded, every new error at its line
 * and column, the walk taking routes (back and restart included), and
 * runcheck/1 files reading exactly as before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "helpers.h"
#include "mem.h"
#include "paths.h"
#include "tree.h"

#define HEAD2                                                                  \
	"format: runcheck/2\n"                                                 \
	"id: t\n"                                                              \
	"title: T\n"                                                           \
	"version: \"1\"\n"                                                     \
	"start: age\n"                                                         \
	"disclaimer: D\n"

/* Age, then a question routed on it; line numbers below count on it. */
static const char routed_tree[] = HEAD2			      /* lines 1-6 */
	"questions:\n"					      /* 7 */
	"  age:\n"					      /* 8 */
	"    ask: How old are you?\n"			      /* 9 */
	"    label: Age\n"				      /* 10 */
	"    options:\n"				      /* 11 */
	"      - {id: child, text: Under 16, next: area}\n"   /* 12 */
	"      - {id: adult, text: 16 to 49, next: area}\n"   /* 13 */
	"      - {id: older, text: 50 or over, next: area}\n" /* 14 */
	"  area:\n"					      /* 15 */
	"    ask: Where?\n"				      /* 16 */
	"    options:\n"				      /* 17 */
	"      - text: Knee\n"				      /* 18 */
	"        next:\n"				      /* 19 */
	"          - when: {age: child}\n"		      /* 20 */
	"            go: o_child\n"			      /* 21 */
	"          - when: {age: [older]}\n"		      /* 22 */
	"            go: pain\n"			      /* 23 */
	"          - go: o_adult\n"			      /* 24 */
	"      - {text: Hip, next: pain}\n"		      /* 25 */
	"  pain:\n"					      /* 26 */
	"    type: scale\n"				      /* 27 */
	"    ask: How bad?\n"				      /* 28 */
	"    min: 0\n"					      /* 29 */
	"    max: 10\n"					      /* 30 */
	"    bands:\n"					      /* 31 */
	"      - {id: mild, from: 0, to: 5, next: o_adult}\n" /* 32 */
	"      - id: bad\n"				      /* 33 */
	"        from: 6\n"				      /* 34 */
	"        to: 10\n"				      /* 35 */
	"        next:\n"				      /* 36 */
	"          - {when: {age: older}, go: o_child}\n"     /* 37 */
	"          - {go: o_adult}\n"			      /* 38 */
	"outcomes:\n"					      /* 39 */
	"  o_child:\n"					      /* 40 */
	"    condition: C\n"				      /* 41 */
	"    triage: gp\n"				      /* 42 */
	"    summary: S\n"				      /* 43 */
	"  o_adult:\n"					      /* 44 */
	"    condition: A\n"				      /* 45 */
	"    triage: consult\n"				      /* 46 */
	"    summary: S\n"				      /* 47 */
	"    booking: Book after three days.\n"		      /* 48 */
	"    sources: [X 2020]\n";			      /* 49 */

/* Two outcomes and the head of a question routed on age (line 8 on). */
#define O_END                                                                  \
	"outcomes:\n"                                                          \
	"  o: {condition: C, triage: gp, summary: S}\n"                        \
	"  p: {condition: C, triage: gp, summary: S}\n"
/* The head of a runcheck/1 file whose start is q (lines 1-6). */
#define HEAD1                                                                  \
	"format: runcheck/1\nid: t\ntitle: T\nversion: \"1\"\nstart: q\n"      \
	"disclaimer: D\n"
/* A scale question 'age' up to its bands (lines 7-13). */
#define SCALE                                                                  \
	"questions:\n  age:\n    type: scale\n    ask: A\n    min: 0\n"        \
	"    max: 9\n    bands:\n"
#define AGE                                                                    \
	"questions:\n"                                                         \
	"  age:\n"                                                             \
	"    options:\n"                                                       \
	"      - {id: child, text: Child, next: q}\n"                          \
	"      - {id: adult, text: Adult, next: q}\n"                          \
	"    ask: Age?\n"
/* Sixteen alternatives, a line each. */
#define ALT    "      - {when: {age: child}, go: o}\n"
#define ALTS16 ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT ALT
/* Line 13: q, a yes/no question whose yes is the route under test. */
#define Q_YES "  q:\n    type: yesno\n    ask: Q?\n    no: o\n    yes:\n"

static const struct helper_case bad_cases[] = {
	{"alternative without go",
	 HEAD2 AGE Q_YES "      - when: {age: child}\n" /* 18 */
			 "      - {}\n" O_END,		/* 19 */
	 "19:9: error: alternative is missing 'go'"},
	{"when on the last alternative",
	 HEAD2 AGE Q_YES "      - when: {age: child}\n"
			 "        go: o\n"
			 "      - {when: {age: adult}, go: p}\n" O_END, /* 20 */
	 "20:10: error: the last alternative of 'yes' must have no 'when': "
	 "it is taken when no other holds"},
	{"missing when before the last",
	 HEAD2 AGE Q_YES "      - go: o\n" /* 18 */
			 "      - go: p\n" O_END,
	 "18:9: error: alternative is missing 'when' (only the last "
	 "alternative of 'yes' goes without)"},
	{"empty list of alternatives",
	 HEAD2 AGE "  q: {type: yesno, ask: Q?, no: o, yes: []}\n" O_END,
	 "13:41: error: 'yes' has an empty list of alternatives"},
	{"unknown question in when",
	 HEAD2 AGE Q_YES "      - {when: {agge: child}, go: o}\n" /* 18 */
			 "      - go: p\n" O_END,
	 "18:17: error: unknown question 'agge' in 'when'; did you mean "
	 "'age'?"},
	{"unknown question in when, none close",
	 HEAD2 AGE Q_YES "      - {when: {sport: child}, go: o}\n" /* 18 */
			 "      - go: p\n" O_END,
	 "18:17: error: unknown question 'sport' in 'when'"},
	{"misspelt answer in when",
	 HEAD2 AGE Q_YES "      - {when: {age: adlut}, go: o}\n" /* 18 */
			 "      - go: p\n" O_END,
	 "18:22: error: question 'age' has no answer 'adlut'; did you mean "
	 "'adult'?"},
	{"when names an outcome",
	 HEAD2 AGE Q_YES "      - {when: {o: child}, go: o}\n"
			 "      - go: p\n" O_END,
	 "18:17: error: 'when' names outcome 'o'; it must name a question"},
	{"unknown answer",
	 HEAD2 AGE Q_YES "      - {when: {age: [adult, kid]}, go: o}\n"
			 "      - go: p\n" O_END,
	 "18:30: error: question 'age' has no answer 'kid' (use the id of "
	 "one of its options)"},
	{"unsure of a yes/no question without it",
	 HEAD2 AGE "  r: {type: yesno, ask: R?, yes: o, no: o}\n" /* 13 */
		   "  q:\n    type: yesno\n    ask: Q?\n    no: o\n    yes:\n"
		   "      - {when: {r: unsure}, go: o}\n" /* 19 */
		   "      - go: p\n" O_END,
	 "19:20: error: question 'r' has no answer 'unsure' (use yes or no)"},
	{"when names a multi question",
	 HEAD2
	 "questions:\n"
	 "  age: {type: multi, ask: A, options: [{text: X}], otherwise: q}\n"
	 "  q:\n    type: yesno\n    ask: Q?\n    no: o\n    yes:\n"
	 "      - {when: {age: x}, go: o}\n" /* 14 */
	 "      - go: p\n" O_END,
	 "14:17: error: 'when' cannot name 'age': a multi question has no "
	 "one answer to test"},
	{"option id breaks the rule",
	 HEAD2 "questions:\n"
	       "  age:\n"
	       "    ask: A\n"
	       "    options:\n"
	       "      - {id: Child, text: C, next: o}\n" /* 11 */
	       "      - {id: adult, text: A, next: p}\n" O_END,
	 "11:14: error: invalid option id 'Child': use a lowercase letter, "
	 "then lowercase letters, digits and '_', at most 64 in all"},
	{"option id given twice",
	 HEAD2 "questions:\n"
	       "  age:\n"
	       "    ask: A\n"
	       "    options:\n"
	       "      - {id: kid, text: C, next: o}\n"
	       "      - {id: kid, text: A, next: p}\n" O_END, /* 12 */
	 "12:14: error: option id 'kid' is given twice (first at 11:14)"},
	{"band id given twice",
	 HEAD2 SCALE
	 "      - {id: low, from: 0, to: 4, next: o}\n"
	 "      - {id: low, from: 5, to: 9, next: p}\n" O_END, /* 15 */
	 "15:14: error: band id 'low' is given twice (first at 14:14)"},
	{"band id breaks the rule",
	 HEAD2 SCALE "      - {id: 1low, from: 0, to: 4, next: o}\n" /* 14 */
		     "      - {from: 5, to: 9, next: p}\n" O_END,
	 "14:14: error: invalid band id '1low'"},
	{"consult without sources",
	 HEAD2 "questions:\n"
	       "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	       "outcomes:\n"
	       "  o: {condition: C, triage: gp, summary: S}\n"
	       "  p: {condition: C, triage: consult, summary: S}\n", /* 11 */
	 "11:6: error: outcome 'p' is missing 'sources': a consult outcome "
	 "must say what it rests on"},
	{"self_care without sources",
	 HEAD2 "questions:\n"
	       "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	       "outcomes:\n"
	       "  o: {condition: C, triage: gp, summary: S}\n"
	       "  p:\n"
	       "    condition: C\n"
	       "    triage: self_care\n"
	       "    summary: S\n",
	 "12:5: error: outcome 'p' is missing 'sources': a self_care "
	 "outcome must say what it rests on"},
	{"unknown key in an alternative",
	 HEAD2 AGE Q_YES "      - {when: {age: child}, go: o, og: p}\n"
			 "      - go: p\n" O_END,
	 "18:37: error: unknown key 'og' in an alternative"},
	{"when that is not a mapping",
	 HEAD2 AGE Q_YES "      - {when: age, go: o}\n"
			 "      - go: p\n" O_END,
	 "18:16: error: 'when' must be a mapping of question id to answers"},
	{"unknown go",
	 HEAD2 AGE Q_YES "      - {when: {age: child}, go: nowhere}\n"
			 "      - go: p\n" O_END,
	 "18:34: error: unknown id 'nowhere'"},
	{"cycle through an alternative",
	 HEAD2 AGE Q_YES "      - {when: {age: child}, go: age}\n"
			 "      - go: p\n" O_END,
	 "18:34: error: cycle: age -> q -> age"},
	{"format after the questions",
	 "id: t\ntitle: T\nversion: \"1\"\n"
	 "start: q\ndisclaimer: D\n"
	 "questions:\n  q: {type: yesno, ask: A, yes: o, no: o}\n" O_END
	 "format: runcheck/2\n", /* 11 */
	 "11:9: error: 'format: runcheck/2' must come before 'questions' "
	 "and 'outcomes'"},
	{"when that names no question",
	 HEAD2 AGE Q_YES "      - {when: {}, go: o}\n" /* 18 */
			 "      - go: p\n" O_END,
	 "18:16: error: 'when' names no question"},
	{"when that gives no answer",
	 HEAD2 AGE Q_YES "      - {when: {age: []}, go: o}\n"
			 "      - go: p\n" O_END,
	 "18:22: error: 'when' gives no answer for 'age'"},
	{"too many alternatives",
	 HEAD2 AGE Q_YES ALTS16 ALTS16 ALTS16 ALTS16 /* lines 18 to 81 */
	 "      - go: p\n" O_END,		     /* 82 */
	 "82:9: error: too many alternatives (the limit is 64)"},
	/* The data flow: what every walk to a route has answered. */
	{"when on a question some walks skip",
	 HEAD2 "questions:\n"
	       "  age:\n"
	       "    options:\n"
	       "      - {id: child, text: Child, next: q}\n"
	       "      - {id: adult, text: Adult, next: r}\n"
	       "    ask: Age?\n"
	       "  r: {type: yesno, ask: R?, yes: q, no: q}\n" /* 13 */
	       "  q:\n    type: yesno\n    ask: Q?\n    no: o\n    yes:\n"
	       "      - {when: {r: yes}, go: o}\n" /* 19 */
	       "      - go: p\n" O_END,
	 "19:17: error: 'when' names 'r', which not every walk here has "
	 "answered: age -> q"},
	{"diamond: one side's question",
	 HEAD2 "questions:\n"
	       "  age:\n"
	       "    options:\n"
	       "      - {id: child, text: Child, next: a}\n"
	       "      - {id: adult, text: Adult, next: b}\n"
	       "    ask: Age?\n"
	       "  a: {type: yesno, ask: A?, yes: d, no: o}\n" /* 13 */
	       "  b: {type: yesno, ask: B?, yes: d, no: p}\n"
	       "  d:\n    type: yesno\n    ask: D?\n    no: o\n    yes:\n"
	       "      - {when: {age: child}, go: o}\n" /* 20 */
	       "      - {when: {a: yes}, go: p}\n"
	       "      - go: p\n" O_END,
	 "21:17: error: 'when' names 'a', which not every walk here has "
	 "answered: age -> b -> d"},
	{"a band's route on a question some walks skip",
	 HEAD2 "questions:\n"
	       "  age:\n"
	       "    options:\n"
	       "      - {id: child, text: Child, next: r}\n"
	       "      - {id: adult, text: Adult, next: s}\n"
	       "    ask: Age?\n"
	       "  r: {type: yesno, ask: R?, yes: s, no: o}\n" /* 13 */
	       "  s:\n    type: scale\n    ask: S?\n    min: 0\n    max: 9\n"
	       "    bands:\n"
	       "      - {id: low, from: 0, to: 4, next: o}\n" /* 20 */
	       "      - from: 5\n        to: 9\n        next:\n"
	       "          - {when: {r: no}, go: p}\n" /* 24 */
	       "          - go: o\n" O_END,
	 "24:21: error: 'when' names 'r', which not every walk here has "
	 "answered: age -> s"},
	{"an alternative an earlier one covers",
	 HEAD2 AGE Q_YES
	 "      - {when: {age: [child, adult]}, go: o}\n" /* 18 */
	 "      - {when: {age: child}, go: p}\n"	  /* 19 */
	 "      - go: p\n" O_END,
	 "19:9: warning: no walk can take this alternative: an earlier one "
	 "always holds where it would"},
	{"a last alternative the others cover",
	 HEAD2 AGE Q_YES "      - {when: {age: [child, adult]}, go: o}\n"
			 "      - go: p\n" O_END, /* 19 */
	 "19:9: warning: no walk can take this alternative: an earlier one "
	 "always holds where it would"},
	{"what only a dead alternative leads to is unreached",
	 HEAD2 AGE Q_YES "      - {when: {age: [child, adult]}, go: o}\n"
			 "      - go: p\n" O_END,
	 "22:3: warning: outcome 'p' is not reached by any walk"},
	{"a when that contradicts every walk here",
	 HEAD2 "questions:\n"
	       "  age:\n"
	       "    options:\n"
	       "      - {id: child, text: Child, next: q}\n"
	       "      - {id: adult, text: Adult, next: o}\n"
	       "    ask: Age?\n"
	       "  q:\n    type: yesno\n    ask: Q?\n    no: o\n    yes:\n"
	       "      - {when: {age: adult}, go: p}\n" /* 18 */
	       "      - go: o\n" O_END,
	 "18:9: warning: no walk can take this alternative: its 'when' "
	 "contradicts what every walk here has answered"},
	{"a question whose every answer leads to one place",
	 HEAD2 "questions:\n"
	       "  age: {type: yesno, ask: A?, yes: q, no: q}\n" /* 8 */
	       "  q: {type: yesno, ask: Q?, yes: o, no: p}\n" O_END,
	 "8:3: warning: every answer to question 'age' leads to 'q'"},
	{"a booking on a red flag",
	 HEAD2
	 "questions:\n"
	 "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	 "outcomes:\n"
	 "  o: {condition: C, triage: gp, summary: S}\n"
	 "  p: {condition: C, triage: emergency, summary: S, booking: B}\n",
	 "11:52: warning: 'booking' is never shown: an emergency result "
	 "sends the person to a doctor, not to a booking"},
	/* offer_booking: only on self_care, never beside a booking. */
	{"offer_booking on a consult",
	 HEAD2 "questions:\n"
	       "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	       "outcomes:\n"
	       "  o: {condition: C, triage: gp, summary: S}\n"
	       "  p: {condition: C, triage: consult, summary: S, sources: [R], "
	       "offer_booking: no}\n",
	 "11:64: error: 'offer_booking' is only for a self_care outcome: "
	 "outcome 'p' is consult"},
	{"offer_booking on a red flag",
	 HEAD2
	 "questions:\n"
	 "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	 "outcomes:\n"
	 "  o: {condition: C, triage: gp, summary: S, offer_booking: no}\n"
	 "  p: {condition: C, triage: gp, summary: S}\n",
	 "10:45: error: 'offer_booking' is only for a self_care outcome: "
	 "outcome 'o' is gp"},
	{"offer_booking: no beside a booking",
	 HEAD2
	 "questions:\n"
	 "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	 "outcomes:\n"
	 "  o: {condition: C, triage: gp, summary: S}\n"
	 "  p: {condition: C, triage: self_care, summary: S, sources: [R], "
	 "booking: B, offer_booking: no}\n",
	 "11:78: error: outcome 'p' has 'booking' and 'offer_booking: no': "
	 "remove one"},
	{"offer_booking neither yes nor no",
	 HEAD2
	 "questions:\n"
	 "  age: {type: yesno, ask: A, yes: o, no: p}\n"
	 "outcomes:\n"
	 "  o: {condition: C, triage: gp, summary: S}\n"
	 "  p: {condition: C, triage: self_care, summary: S, sources: [R], "
	 "offer_booking: nope}\n",
	 "11:81: error: unknown 'offer_booking' value 'nope'; use yes or no"},
	/* A runcheck/1 file reads the new keys as it always did. */
	{"label in runcheck/1",
	 HEAD1
	 "questions:\n  q: {type: yesno, ask: A, label: L, yes: o, no: o}\n" O_END,
	 "8:28: error: unknown key 'label'"},
	{"route in runcheck/1",
	 HEAD1
	 "questions:\n  q: {type: yesno, ask: A, yes: [{go: o}], no: o}\n" O_END,
	 "8:33: error: 'yes' must be an id"},
	{"option id in runcheck/1",
	 HEAD1 "questions:\n  q: {ask: A, options: [{id: a, text: A, next: o},"
	       " {text: B, next: o}]}\n" O_END,
	 "8:26: error: unknown key 'id' in an option"},
	{"booking in runcheck/1",
	 HEAD1
	 "questions:\n  q: {type: yesno, ask: A, yes: o, no: o}\n"
	 "outcomes:\n  o: {condition: C, triage: gp, summary: S, booking: B}\n",
	 "10:45: error: unknown key 'booking'"},
	{"offer_booking in runcheck/1",
	 HEAD1 "questions:\n  q: {type: yesno, ask: A, yes: o, no: o}\n"
	       "outcomes:\n  o: {condition: C, triage: self_care, summary: S, "
	       "offer_booking: no}\n",
	 "10:52: error: unknown key 'offer_booking'"},
};

/*
 * A misspelt key of format 2 is said once, with the key meant, and its
 * value read as that key's: not also "missing" (issue 12 item 5). A key
 * of format 2 in a runcheck/1 file is unknown, and not suggested.
 */
static const struct helper_case misspelt_cases[] = {
	{"the runcheck/1 file the last cases spoil",
	 HEAD1 "questions:\n  q: {type: yesno, ask: A, yes: o, no: p}\n" O_END,
	 ""},
	{"misspelt label",
	 HEAD2
	 "questions:\n  age: {type: yesno, ask: A, labl: L, yes: o, no: p}\n" O_END,
	 "8:30: error: unknown key 'labl'; did you mean 'label'?\n"},
	{"misspelt option id",
	 HEAD2
	 "questions:\n  age: {ask: A, options: [{idd: a, text: A, next: o},"
	 " {text: B, next: p}]}\n" O_END,
	 "8:28: error: unknown key 'idd' in an option; did you mean 'id'?\n"},
	{"misspelt band id",
	 HEAD2 SCALE "      - {ids: a, from: 0, to: 9, next: o}\n" O_END,
	 "14:10: error: unknown key 'ids' in a band; did you mean 'id'?\n"},
	{"misspelt when",
	 HEAD2 AGE Q_YES "      - {wehn: {age: child}, go: o}\n"
			 "      - go: p\n" O_END,
	 "18:10: error: unknown key 'wehn' in an alternative; did you mean "
	 "'when'?\n"},
	{"misspelt go",
	 HEAD2 AGE Q_YES "      - {when: {age: child}, goo: o}\n"
			 "      - go: p\n" O_END,
	 "18:30: error: unknown key 'goo' in an alternative; did you mean "
	 "'go'?\n"},
	{"misspelt booking",
	 HEAD2 "questions:\n  age: {type: yesno, ask: A, yes: o, no: p}\n"
	       "outcomes:\n  o: {condition: C, triage: consult, summary: S, "
	       "sources: [R], bookin: B}\n"
	       "  p: {condition: C, triage: gp, summary: S}\n",
	 "10:64: error: unknown key 'bookin'; did you mean 'booking'?\n"},
	{"misspelt offer_booking",
	 HEAD2 "questions:\n  age: {type: yesno, ask: A, yes: o, no: p}\n"
	       "outcomes:\n  o: {condition: C, triage: self_care, summary: S, "
	       "sources: [R], offer_bookin: no}\n"
	       "  p: {condition: C, triage: gp, summary: S}\n",
	 "10:66: error: unknown key 'offer_bookin'; did you mean "
	 "'offer_booking'?\n"},
	{"label in runcheck/1, not suggested",
	 HEAD1
	 "questions:\n  q: {type: yesno, ask: A, labl: L, yes: o, no: p}\n" O_END,
	 "8:28: error: unknown key 'labl'\n"},
	{"booking in runcheck/1, said once",
	 HEAD1
	 "questions:\n  q: {type: yesno, ask: A, yes: o, no: p}\n"
	 "outcomes:\n  o: {condition: C, triage: gp, summary: S, booking: B}\n"
	 "  p: {condition: C, triage: gp, summary: S}\n",
	 "10:45: error: unknown key 'booking'\n"},
};

static void tree2_load__misspelt_keys__one_diagnostic_each(void **state)
{
	(void)state;
	helper_expect_exact_cases(misspelt_cases,
				  sizeof misspelt_cases /
					  sizeof *misspelt_cases);
}

static void tree2_load__bad_cases__report_where(void **state)
{
	(void)state;
	helper_expect_cases(bad_cases, sizeof bad_cases / sizeof *bad_cases);
}

/* lint's check-only reading says exactly what loading says. */
static void tree2_check__same_diagnostics_as_load(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i <= sizeof bad_cases / sizeof *bad_cases; i++) {
		const char *yaml = i < sizeof bad_cases / sizeof *bad_cases
					   ? bad_cases[i].yaml
					   : routed_tree;
		struct diag_list a = {.file = "t"}, b = {.file = "t"};
		struct tree *t = NULL;
		enum yread_status sa =
			tree_load_buffer(yaml, strlen(yaml), &a, &t);
		enum yread_status sb =
			tree_check_buffer(yaml, strlen(yaml), &b);

		assert_int_equal(sa, sb);
		assert_int_equal(a.count, b.count);
		for (k = 0; k < a.count; k++) {
			assert_string_equal(a.items[k].message,
					    b.items[k].message);
			assert_int_equal(a.items[k].pos.line,
					 b.items[k].pos.line);
			assert_int_equal(a.items[k].pos.column,
					 b.items[k].pos.column);
		}
		tree_free(t);
		diag_list_clear(&a);
		diag_list_clear(&b);
	}
}

/* A question a when names may send every answer to one place: no
 * warning, and the routed tree loads without a word. */
static void tree2_load__routed_tree__no_diagnostics(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(helper_load_text(routed_tree, strlen(routed_tree),
					  &out),
			 YREAD_OK);
	assert_string_equal(out, "");
	free(out);
}

static void tree2_load__combinations__limit_at_the_question(void **state)
{
	char *yaml = helper_chain_tree(16), *out;

	(void)state;
	/* 2^16 = 65,536: at the limit, loads. */
	assert_int_equal(helper_load_text(yaml, strlen(yaml), &out), YREAD_OK);
	free(out);
	free(yaml);
	yaml = helper_chain_tree(17);
	assert_int_equal(helper_load_text(yaml, strlen(yaml), &out),
			 YREAD_INVALID);
	/* last17 is on line 25, with c0 to c16 (2^17) live there. */
	if (strstr(out, "25:3: error: more than 65536 combinations of the "
			"answers that later routes name can reach question "
			"'last17'; route on fewer questions") == NULL)
		fail_msg("got\n%s", out);
	free(out);
	free(yaml);
}

static void tree2_load__routed_tree__keys_and_routes_resolved(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	const struct tree_question *age = helper_question(t, "age");
	const struct tree_question *area = helper_question(t, "area");
	const struct tree_question *pain = helper_question(t, "pain");
	const struct tree_route *r;
	struct tree_ref o;

	(void)state;
	assert_int_equal(tree_format(t), 2);
	assert_true(tree_has_routes(t));
	assert_string_equal(age->label, "Age");
	assert_string_equal(area->label, "Where?"); /* ask, when no label */
	assert_string_equal(age->options[2].id, "older");
	assert_null(area->options[0].id);
	assert_string_equal(pain->bands[1].id, "bad");
	assert_null(area->options[1].next.route);
	r = area->options[0].next.route;
	assert_non_null(r);
	assert_int_equal(r->alt_count, 3);
	assert_int_equal(r->alts[0].when_count, 1);
	assert_int_equal(r->alts[0].when[0].question, 0);
	assert_int_equal(r->alts[0].when[0].answers, 1u << 0);
	assert_int_equal(r->alts[1].when[0].answers, 1u << 2);
	assert_int_equal(r->alts[2].when_count, 0);
	assert_string_equal(tree_ref_id(t, r->alts[1].go), "pain");
	/* The edge's own ref is the last alternative's. */
	assert_string_equal(tree_ref_id(t, area->options[0].next), "o_adult");
	assert_non_null(pain->bands[1].next.route);
	assert_true(tree_find(t, "o_adult", &o));
	assert_string_equal(tree_outcome(t, o.index)->booking,
			    "Book after three days.");
	assert_true(tree_find(t, "o_child", &o));
	assert_null(tree_outcome(t, o.index)->booking);
	tree_free(t);
}

static void tree2_route_take__first_that_holds__else_last(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	const struct tree_route *r =
		helper_question(t, "area")->options[0].next.route;
	uint8_t answer_of[3];

	(void)state;
	memset(answer_of, TREE_NO_ANSWER, sizeof answer_of);
	/* Not answered: no term holds, the last alternative is taken. */
	assert_string_equal(tree_ref_id(t, tree_route_take(r, answer_of)),
			    "o_adult");
	answer_of[0] = 0;
	assert_string_equal(tree_ref_id(t, tree_route_take(r, answer_of)),
			    "o_child");
	answer_of[0] = 1;
	assert_string_equal(tree_ref_id(t, tree_route_take(r, answer_of)),
			    "o_adult");
	answer_of[0] = 2;
	assert_string_equal(tree_ref_id(t, tree_route_take(r, answer_of)),
			    "pain");
	tree_free(t);
}

/* Feeds lines to a new walk; returns where it stands. */
static const char *walk(struct engine *e, const char *const *lines)
{
	for (; *lines != NULL; lines++)
		assert_int_not_equal(engine_input(e, *lines), ENGINE_REFUSED);
	return helper_where(e);
}

static void tree2_engine__routes__follow_the_walk_as_it_is(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	struct engine *e = engine_new(t);
	static const char *const child_knee[] = {"under 16", "knee", NULL};
	static const char *const back_to_older[] = {"back", "back", "3", "knee",
						    NULL};
	static const char *const bad_pain[] = {"8", NULL};
	static const char *const restart_adult[] = {"restart", "2", "hip", "9",
						    NULL};
	static const char *const adult_knee[] = {"restart", "16 to 49", "knee",
						 NULL};

	(void)state;
	assert_non_null(e);
	assert_string_equal(walk(e, child_knee), "o_child");
	/* back twice: age is asked again; the new answer routes. */
	assert_string_equal(walk(e, back_to_older), "pain");
	/* a band's route: older and bad pain */
	assert_string_equal(walk(e, bad_pain), "o_child");
	/* restart forgets the age: an adult with bad hip pain */
	assert_string_equal(walk(e, restart_adult), "o_adult");
	assert_string_equal(walk(e, adult_knee), "o_adult");
	assert_int_equal(engine_step_count(e), 2);
	engine_free(e);
	tree_free(t);
}

static void tree2_engine__answer_index__what_when_names(void **state)
{
	struct tree *t = helper_load_tree(routed_tree);
	const struct tree_question *pain = helper_question(t, "pain");
	struct engine_answer a = {.type = TREE_SCALE};

	(void)state;
	a.value = 0;
	assert_int_equal(engine_answer_index(pain, &a), 0);
	a.value = 5;
	assert_int_equal(engine_answer_index(pain, &a), 0);
	a.value = 6;
	assert_int_equal(engine_answer_index(pain, &a), 1);
	a.value = 10;
	assert_int_equal(engine_answer_index(pain, &a), 1);
	tree_free(t);
}

static void tree2_load__each_failed_allocation__fails_cleanly(void **state)
{
	(void)state;
	helper_each_failed_allocation(routed_tree);
}

/* Every reference of a partial tree leads to a node in range, or is
 * broken; what graph reads is there. */
static void expect_partial_sound(const struct tree *t)
{
	for (size_t i = 0; i < tree_question_count(t); i++) {
		const struct tree_question *q = tree_question(t, i);

		assert_non_null(q->id);
		for (size_t e = 0; e < paths_edge_count(q); e++) {
			struct engine_answer a;
			struct tree_ref to;
			const struct tree_route *r;

			paths_edge(q, e, &a, &to);
			r = to.route;
			for (size_t k = 0; r && k < r->alt_count; k++) {
				struct tree_ref go = r->alts[k].go;

				assert_true(
					go.kind == TREE_NODE_BROKEN ||
					go.index <
						(go.kind == TREE_NODE_QUESTION
							 ? tree_question_count(t)
							 : tree_outcome_count(
								   t)));
				for (size_t j = 0; j < r->alts[k].when_count;
				     j++)
					assert_true(
						r->alts[k].when[j].question <
						tree_question_count(t));
			}
			if (to.kind == TREE_NODE_BROKEN)
				assert_non_null(tree_broken_id(t, to.index));
			else
				assert_true(to.index <
					    (to.kind == TREE_NODE_QUESTION
						     ? tree_question_count(t)
						     : tree_outcome_count(t)));
		}
	}
}

/* graph draws a tree with errors as far as it was read: the partial load
 * gives one, with what leads nowhere marked broken. */
static void tree2_load_partial__errors__tree_as_far_as_read(void **state)
{
	static const char *const broken[] = {
		HEAD1
		"questions:\n  q: {type: yesno, ask: A, yes: nowhere}\n"
		"outcomes:\n  o: {condition: C, triage: gp, summary: S}\n",
		HEAD1
		"questions:\n  q: {type: yesno, ask: A, yes: q, no: o}\n"
		"outcomes:\n  o: {condition: C, triage: gp, summary: S}\n",
		HEAD1 "questions:\n  q: {type: yesno, ask: A, yes: o, no: o}\n"
		      "  r: {ask: [x], options: [{text: a, next: o}]}\n"
		      "outcomes:\n  o: {condition: C, triage: nope}\n",
		HEAD1 "questions:\n  q: {type: yesno, ask: A, yes: o, no: o}\n"
		      "  r: {type: yesno, ask: \"broken, yes: o\n",
		HEAD1 "questions:\n  q: {type: nope, ask: A}\n"
		      "  q: {type: yesno, ask: A, yes: o, no: o}\n",
		"- a list\n",
		"",
		HEAD2 AGE Q_YES "      - {when: {agge: x, age: child}, go: o}\n"
				"      - {when: {age: adult}, go: nowhere}\n"
				"      - {}\n" O_END,
		HEAD2 AGE "  q: {type: yesno, ask: Q, yes: [], no: o}\n" O_END,
		HEAD2 "start: o\n" AGE
		      "  q: {type: yesno, ask: Q, yes: o, no: o}\n" O_END,
	};

	(void)state;
	for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
		struct diag_list diags = {.file = "t"};
		struct tree *t = NULL;
		enum yread_status status =
			tree_load_buffer_partial(broken[i], strlen(broken[i]),
						 &diags, &t);

		assert_int_equal(status, YREAD_INVALID);
		assert_true(diags.error_count > 0);
		if (t != NULL)
			expect_partial_sound(t);
		tree_free(t);
		diag_list_clear(&diags);
	}
}

static void tree2_load_partial__broken_refs__named(void **state)
{
	static const char yaml[] = HEAD1
		"questions:\n"
		"  q: {type: yesno, ask: A, yes: nowhere, no: r}\n"
		"  r: {ask: B, options: [{text: a, next: o}, {text: b}]}\n"
		"outcomes:\n  o: {condition: C, triage: gp, summary: S}\n";
	struct diag_list diags = {.file = "t"};
	struct tree *t = NULL;
	const struct tree_question *q, *r;

	(void)state;
	assert_int_equal(tree_load_buffer_partial(yaml, strlen(yaml), &diags,
						  &t),
			 YREAD_INVALID);
	assert_non_null(t);
	q = tree_question(t, 0);
	r = tree_question(t, 1);
	assert_int_equal(q->yes.kind, TREE_NODE_BROKEN);
	assert_string_equal(tree_broken_id(t, q->yes.index), "nowhere");
	assert_int_equal(tree_broken_count(t), 1);
	assert_int_equal(q->no.kind, TREE_NODE_QUESTION);
	assert_int_equal(r->options[1].next.kind, TREE_NODE_BROKEN);
	assert_string_equal(tree_broken_id(t, r->options[1].next.index), "");
	assert_int_equal(tree_start(t), 0);
	tree_free(t);
	diag_list_clear(&diags);
	/* The same diagnostics as a plain load, and a valid tree loads the
	 * same. */
	assert_int_equal(tree_load_buffer_partial(routed_tree,
						  strlen(routed_tree), &diags,
						  &t),
			 YREAD_OK);
	assert_int_equal(diags.count, 0);
	assert_int_equal(tree_start(t), 0);
	assert_non_null(helper_question(t, "area")->options[0].next.route);
	tree_free(t);
	diag_list_clear(&diags);
}

/* Out of memory at any point, a partial load fails cleanly. */
static void tree2_load_partial__each_failed_allocation(void **state)
{
	static const char yaml[] = HEAD2 AGE Q_YES
		"      - {when: {age: child}, go: nowhere}\n"
		"      - go: p\n" O_END;
	struct diag_list diags = {.file = "t"};
	struct tree *t = NULL;
	long total;

	(void)state;
	mem_fail_never();
	assert_int_equal(tree_load_buffer_partial(yaml, strlen(yaml), &diags,
						  &t),
			 YREAD_INVALID);
	total = mem_alloc_count();
	tree_free(t);
	diag_list_clear(&diags);
	for (long n = 0; n < total; n++) {
		enum yread_status status;

		mem_fail_after(n);
		status = tree_load_buffer_partial(yaml, strlen(yaml), &diags,
						  &t);
		mem_fail_never();
		assert_true(status == YREAD_NOMEM || status == YREAD_INVALID);
		if (status == YREAD_NOMEM)
			assert_null(t);
		tree_free(t);
		t = NULL;
		diag_list_clear(&diags);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tree2_load__bad_cases__report_where),
		cmocka_unit_test(
			tree2_load__misspelt_keys__one_diagnostic_each),
		cmocka_unit_test(tree2_check__same_diagnostics_as_load),
		cmocka_unit_test(tree2_load__routed_tree__no_diagnostics),
		cmocka_unit_test(
			tree2_load__combinations__limit_at_the_question),
		cmocka_unit_test(
			tree2_load__routed_tree__keys_and_routes_resolved),
		cmocka_unit_test(tree2_route_take__first_that_holds__else_last),
		cmocka_unit_test(
			tree2_engine__routes__follow_the_walk_as_it_is),
		cmocka_unit_test(tree2_engine__answer_index__what_when_names),
		cmocka_unit_test(
			tree2_load__each_failed_allocation__fails_cleanly),
		cmocka_unit_test(
			tree2_load_partial__errors__tree_as_far_as_read),
		cmocka_unit_test(tree2_load_partial__broken_refs__named),
		cmocka_unit_test(tree2_load_partial__each_failed_allocation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
