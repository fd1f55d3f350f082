/*
 * test_tree.c - the loader and validator: every rule of tree-format.md's
 * "What makes a tree invalid", the places diagnostics point at, the
 * resolved model, and allocation failure at every point.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clinic.h"
#include "helpers.h"
#include "mem.h"
#include "tree.h"

#define HEAD HELPER_HEAD("t", "T", "1", "q1", "D")

/* A valid tree with every question type; line numbers below count on it. */
static const char valid_tree[] = HEAD		     /* lines 1-6 */
	"questions:\n"				     /* 7 */
	"  q1:\n"				     /* 8 */
	"    type: multi\n"			     /* 9 */
	"    ask: Any of these?\n"		     /* 10 */
	"    options:\n"			     /* 11 */
	"      - {text: Fever, next: o_fever}\n"     /* 12 */
	"      - {text: Swelling}\n"		     /* 13 */
	"    otherwise: q2\n"			     /* 14 */
	"  q2:\n"				     /* 15 */
	"    ask: Where?\n"			     /* 16 */
	"    why: To narrow it down.\n"		     /* 17 */
	"    options:\n"			     /* 18 */
	"      - {text: Heel, next: q3}\n"	     /* 19 */
	"      - {text: Knee, next: q4}\n"	     /* 20 */
	"  q3:\n"				     /* 21 */
	"    type: yesno\n"			     /* 22 */
	"    ask: Morning?\n"			     /* 23 */
	"    yes: o_pf\n"			     /* 24 */
	"    no: q4\n"				     /* 25 */
	"    unsure: q4\n"			     /* 26 */
	"  q4:\n"				     /* 27 */
	"    type: scale\n"			     /* 28 */
	"    ask: How bad?\n"			     /* 29 */
	"    min: 0\n"				     /* 30 */
	"    max: 10\n"				     /* 31 */
	"    bands:\n"				     /* 32 */
	"      - {from: 0, to: 6, next: o_pf}\n"     /* 33 */
	"      - {from: 7, to: 10, next: o_fever}\n" /* 34 */
	"outcomes:\n"				     /* 35 */
	"  o_pf:\n"				     /* 36 */
	"    condition: Plantar fasciitis\n"	     /* 37 */
	"    triage: consult\n"			     /* 38 */
	"    summary: Heel pain.\n"		     /* 39 */
	"    self_care: [Stretch, Rest]\n"	     /* 40 */
	"    also_consider: [o_fever]\n"	     /* 41 */
	"    sources: [Koc 2023]\n"		     /* 42 */
	"  o_fever:\n"				     /* 43 */
	"    condition: Possible infection\n"	     /* 44 */
	"    triage: emergency\n"		     /* 45 */
	"    summary: Fever.\n";		     /* 46 */

#define Q_END                                                                  \
	"outcomes:\n"                                                          \
	"  o:\n"                                                               \
	"    condition: C\n"                                                   \
	"    triage: gp\n"                                                     \
	"    summary: S\n"

static const struct helper_case invalid_cases[] = {
	{"missing key at mapping start",
	 HEAD "questions:\n  q1:\n    type: yesno\n    yes: o\n" Q_END,
	 "9:5: error: question 'q1' is missing 'no'"},
	{"missing top key",
	 "format: runcheck/1\nid: t\ntitle: T\nversion: v\nstart: q1\n"
	 "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END,
	 "1:1: error: the tree is missing 'disclaimer'"},
	{"null counts as missing",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: null, yes: o, no: o}\n" Q_END,
	 "8:7: error: question 'q1' is missing 'ask'"},
	{"duplicate key names both places",
	 HEAD "questions:\n  q1:\n    type: yesno\n    ask: A\n    ask: B\n"
	      "    yes: o\n    no: o\n" Q_END,
	 "11:5: error: duplicate key 'ask' (first at 10:5)"},
	{"duplicate question id",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "  q1: {type: yesno, ask: B, yes: o, no: o}\n" Q_END,
	 "9:3: error: duplicate key 'q1' (first at 8:3)"},
	{"a duplicate question is still checked",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "  q1: {type: yesno, ask: B, yes: o, no: o, colour: red}\n" Q_END,
	 "9:44: error: unknown key 'colour'"},
	{"id shared by question and outcome",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END
	      "  q1: {condition: C, triage: gp, summary: S}\n",
	 "14:3: error: id 'q1' is already used by a question (at 8:3)"},
	{"bad id",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: Bad-Id, no: o}\n"
	      "  Bad-Id: {type: yesno, ask: A, yes: o, no: o}\n" Q_END,
	 "9:3: error: invalid id 'Bad-Id'"},
	{"unknown reference",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: A, yes: nowhere, no: o}\n" Q_END,
	 "8:34: error: unknown id 'nowhere'"},
	{"start names an outcome",
	 "format: runcheck/1\nid: t\ntitle: T\nversion: v\nstart: o\n"
	 "disclaimer: D\n"
	 "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END,
	 "5:8: error: 'start' names outcome 'o'; it must name a question"},
	{"also_consider names a question",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END
	      "    also_consider: [q1]\n",
	 "14:21: error: also_consider names question 'q1'"},
	{"also_consider names itself",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END
	      "    also_consider: [o]\n",
	 "14:21: error: also_consider names the outcome itself ('o')"},
	{"cycle lists its questions",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: q2, no: o}\n"
	      "  q2: {type: yesno, ask: B, yes: o, no: q1}\n" Q_END,
	 "9:41: error: cycle: q1 -> q2 -> q1"},
	{"cycle not reachable from start",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "  q2: {type: yesno, ask: B, yes: q2, no: o}\n" Q_END,
	 "9:34: error: cycle: q2 -> q2"},
	{"choice with one option",
	 HEAD "questions:\n  q1:\n    ask: A\n    options:\n"
	      "      - {text: X, next: o}\n" Q_END,
	 "11:7: error: a choice question needs at least 2 options"},
	{"multi with no options",
	 HEAD "questions:\n  q1: {type: multi, ask: A, options: [], "
	      "otherwise: o}\n" Q_END,
	 "8:38: error: a multi question needs at least 1 option"},
	{"option texts differ only in case",
	 HEAD
	 "questions:\n  q1:\n    ask: A\n    options:\n"
	 "      - {text: Heel, next: o}\n      - {text: HEEL, next: o}\n" Q_END,
	 "12:9: error: option 'HEEL' is given twice (first at 11:9)"},
	{"choice option without next",
	 HEAD "questions:\n  q1:\n    ask: A\n    options:\n"
	      "      - {text: X, next: o}\n      - {text: Y}\n" Q_END,
	 "12:9: error: option 'Y' is missing 'next'"},
	{"unknown key of another type",
	 HEAD "questions:\n  q1:\n    ask: A\n    yes: o\n    options:\n"
	      "      - {text: X, next: o}\n      - {text: Y, next: o}\n" Q_END,
	 "10:5: error: unknown key 'yes' for a choice question"},
	{"unknown key",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o, nxt: o}\n" Q_END,
	 "8:44: error: unknown key 'nxt'"},
	{"extension keys pass but their duplicate keys do not",
	 HEAD "x-review: {by: A, by: B}\n"
	      "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END,
	 "7:19: error: duplicate key 'by' (first at 7:12)"},
	{"band gap",
	 HEAD "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0\n"
	      "    max: 10\n    bands:\n      - {from: 0, to: 4, next: o}\n"
	      "      - {from: 6, to: 10, next: o}\n" Q_END,
	 "15:9: error: bands leave a gap: 5 to 5 is not covered"},
	{"band gap at the top",
	 HEAD "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0\n"
	      "    max: 10\n    bands:\n      - {from: 0, to: 4, next: o}\n"
	      "      - {from: 5, to: 9, next: o}\n" Q_END,
	 "15:9: error: bands leave a gap: 10 to 10 is not covered"},
	{"band overlap",
	 HEAD "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0\n"
	      "    max: 10\n    bands:\n      - {from: 0, to: 5, next: o}\n"
	      "      - {from: 5, to: 10, next: o}\n" Q_END,
	 "15:9: error: band 5 to 10 overlaps the band before it (0 to 5)"},
	{"band backwards",
	 HEAD
	 "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0\n"
	 "    max: 10\n    bands:\n      - {from: 10, to: 0, next: o}\n" Q_END,
	 "14:9: error: band runs backwards (from 10 to 0)"},
	{"bands out of order",
	 HEAD "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0\n"
	      "    max: 10\n    bands:\n      - {from: 6, to: 10, next: o}\n"
	      "      - {from: 0, to: 5, next: o}\n" Q_END,
	 "15:9: error: bands are out of order"},
	{"band outside the range",
	 HEAD
	 "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0\n"
	 "    max: 10\n    bands:\n      - {from: 0, to: 11, next: o}\n" Q_END,
	 "14:9: error: band 0 to 11 strays outside 0 to 10"},
	{"min not below max",
	 HEAD
	 "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 5\n"
	 "    max: 5\n    bands:\n      - {from: 5, to: 5, next: o}\n" Q_END,
	 "11:10: error: 'min' (5) must be less than 'max' (5)"},
	{"not a whole number",
	 HEAD
	 "questions:\n  q1:\n    type: scale\n    ask: A\n    min: 0.5\n"
	 "    max: 5\n    bands:\n      - {from: 0, to: 5, next: o}\n" Q_END,
	 "11:10: error: 'min' must be a whole number, not '0.5'"},
	{"anchor",
	 HEAD "questions: &q\n  q1: {type: yesno, ask: A, yes: o, "
	      "no: o}\n" Q_END,
	 "7:12: error: anchors are not allowed ('&q')"},
	{"alias",
	 HEAD "questions:\n  q1: {type: yesno, ask: &a A, yes: o, "
	      "no: o}\n  q2: {type: yesno, ask: *a, yes: o, no: o}\n" Q_END,
	 "9:26: error: aliases are not allowed ('*a')"},
	{"merge key",
	 HEAD "questions:\n  q1: {<<: {}, type: yesno, ask: A, "
	      "yes: o, no: o}\n" Q_END,
	 "8:8: error: merge keys ('<<') are not allowed"},
	{"foreign tag",
	 HEAD "questions:\n  q1: {type: yesno, ask: !!binary "
	      "QQ==, yes: o, no: o}\n" Q_END,
	 "8:26: error: tag 'tag:yaml.org,2002:binary' is not allowed"},
	{"escape character in text",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: \"a\\eb\", yes: o, no: o}\n" Q_END,
	 "8:26: error: control character U+001B in text"},
	{"C1 control in text",
	 HEAD "questions:\n  q1: {type: yesno, ask: \"a\\x9bb\", yes: o, "
	      "no: o}\n" Q_END,
	 "8:26: error: control character U+009B in text"},
	{"raw control byte",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: a\x01, yes: o, no: o}\n" Q_END,
	 "8:27: error: control character U+0001 is not allowed"},
	{"invalid UTF-8 is placed by character",
	 HEAD "questions:\n  q1: {type: yesno, ask: \xc3\xa9\xff, yes: o, "
	      "no: o}\n" Q_END,
	 "8:27: error: invalid UTF-8: unexpected byte 0xFF"},
	{"overlong UTF-8", HEAD "title2: \xc0\xaf\n",
	 "7:9: error: invalid UTF-8: bad sequence for U+002F"},
	{"unknown triage",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "outcomes:\n  o: {condition: C, triage: asap, summary: S}\n",
	 "10:29: error: unknown triage level 'asap'"},
	{"unknown question type",
	 HEAD "questions:\n  q1: {type: pick, ask: A, yes: o, no: o}\n" Q_END,
	 "8:14: error: unknown question type 'pick'"},
	{"not a mapping", "- a\n- b\n",
	 "1:1: error: the document must be a mapping"},
	{"empty file", "", "1:1: error: the file is empty"},
	{"two documents", HEAD "---\na: b\n",
	 "7:1: error: more than one document"},
	{"YAML syntax", HEAD "questions: [a, b\n",
	 "8:1: error: invalid YAML: did not find expected ',' or ']'"},
	{"nesting too deep",
	 HEAD
	 "x-deep: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]"
	 "]]]]]]]]]]]]]\n",
	 "7:40: error: nesting is deeper than 32 levels"},
	{"unreached question and outcome warn",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "  q9: {type: yesno, ask: A, yes: o, no: o}\n" Q_END
	      "  o9: {condition: C, triage: gp, summary: S}\n",
	 "9:3: warning: question 'q9' is not reached from the start"},
	{"unreached outcome warns",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n" Q_END
	      "  o9: {condition: C, triage: gp, summary: S}\n",
	 "14:3: warning: outcome 'o9' is not reached by any walk"},
	{"an outcome only an unreached question leads to warns",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "  q9: {type: yesno, ask: A, yes: o9, no: q8}\n"
	      "  q8: {type: yesno, ask: A, yes: o9, no: o}\n" Q_END
	      "  o9: {condition: C, triage: gp, summary: S}\n",
	 "16:3: warning: outcome 'o9' is not reached by any walk"},
	{"a question only an unreached question leads to warns",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"
	      "  q9: {type: yesno, ask: A, yes: o9, no: q8}\n"
	      "  q8: {type: yesno, ask: A, yes: o9, no: o}\n" Q_END
	      "  o9: {condition: C, triage: gp, summary: S}\n",
	 "10:3: warning: question 'q8' is not reached from the start"},
};

static void tree_load__invalid_cases__report_where(void **state)
{
	(void)state;
	helper_expect_cases(invalid_cases,
			    sizeof invalid_cases / sizeof *invalid_cases);
}

/*
 * One mistake, one diagnostic, in words a clinician can act on
 * (tree-format-2.md, "Diagnostics"): each case's diagnostics, all of them,
 * in order. Nothing else may be said: a misspelt key is not also missing,
 * a bad number not also missing, and a file with errors has no warnings
 * about the tree's shape.
 */
#define YESNO_Q1 "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o}\n"

/* expect: every diagnostic (helper_expect_exact_cases). */
static const struct helper_case exact_cases[] = {
	{"misspelt required key: suggested, not also missing",
	 HEAD "questions:\n  q1:\n    type: multi\n    ask: A\n"
	      "    options: [{text: X, next: o}]\n    otherwize: o\n" Q_END,
	 "12:5: error: unknown key 'otherwize'; did you mean 'otherwise'?\n"},
	{"misspelt key without a value: not also missing",
	 HEAD "questions:\n  q1:\n    type: multi\n    ask: A\n"
	      "    options: [{text: X, next: o}]\n    otherwize:\n" Q_END,
	 "12:5: error: unknown key 'otherwize'; did you mean 'otherwise'?\n"},
	{"misspelt option key without a value: not also missing",
	 HEAD "questions:\n  q1:\n    ask: A\n"
	      "    options: [{txet: , next: o}, {text: Y, next: o}]\n" Q_END,
	 "10:16: error: unknown key 'txet' in an option; did you mean "
	 "'text'?\n"},
	{"misspelt band key without a value: not also missing",
	 HEAD "questions:\n  q1: {type: scale, ask: A, min: 0, max: 5, "
	      "bands: [{from: 0, to: 5, nxet: }]}\n" Q_END,
	 "8:70: error: unknown key 'nxet' in a band; did you mean 'next'?\n"},
	{"option without its text: not also too few options",
	 HEAD "questions:\n  q1:\n    ask: A\n"
	      "    options: [{next: o}, {text: Y, next: o}]\n" Q_END,
	 "10:15: error: option is missing 'text'\n"},
	{"misspelt top key without a value: not also missing",
	 "format: runcheck/1\nid: t\ntitle: T\nversion: \"1\"\nstart: q1\n"
	 "disclaimar:\n" YESNO_Q1 Q_END,
	 "6:1: error: unknown key 'disclaimar'; did you mean 'disclaimer'?\n"},
	{"misspelt option key: suggested, not also missing",
	 HEAD "questions:\n  q1:\n    ask: A\n"
	      "    options: [{text: X, nxet: o}, {text: Y, next: o}]\n" Q_END,
	 "10:25: error: unknown key 'nxet' in an option; did you mean "
	 "'next'?\n"},
	{"key differing in case only",
	 HEAD "questions:\n  q1: {type: yesno, Ask: A, yes: o, no: o}\n" Q_END,
	 "8:21: error: unknown key 'Ask'; did you mean 'ask'?\n"},
	{"misspelt top key: suggested, not also missing",
	 "format: runcheck/1\nid: t\ntitle: T\nversion: \"1\"\nstart: q1\n"
	 "disclaimar: D\n" YESNO_Q1 Q_END,
	 "6:1: error: unknown key 'disclaimar'; did you mean 'disclaimer'?\n"},
	{"misspelt outcome key: suggested, not also missing",
	 HEAD YESNO_Q1 "outcomes:\n  o: {condition: C, triage: gp, "
		       "sumary: S}\n",
	 "10:33: error: unknown key 'sumary'; did you mean 'summary'?\n"},
	{"a key far from every name: no suggestion",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: o, no: o, "
	      "colour: blue}\n" Q_END,
	 "8:44: error: unknown key 'colour'\n"},
	{"bad whole number: not also missing",
	 HEAD "questions:\n  q1: {type: scale, ask: A, min: abc, max: 5, "
	      "bands: [{from: 0, to: 5, next: o}]}\n" Q_END,
	 "8:34: error: 'min' must be a whole number, not 'abc'\n"},
	{"bad band number: not also missing",
	 HEAD "questions:\n  q1: {type: scale, ask: A, min: 0, max: 5, "
	      "bands: [{from: x, to: 5, next: o}]}\n" Q_END,
	 "8:60: error: 'from' must be a whole number, not 'x'\n"},
	{"text of the wrong kind: not also missing",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: [A], yes: o, no: o}\n" Q_END,
	 "8:26: error: 'ask' must be text\n"},
	{"misspelt id: suggested, and no unreached warning",
	 HEAD
	 "questions:\n  q1: {type: yesno, ask: A, yes: dnoe, no: o}\n" Q_END
	 "  done: {condition: C, triage: gp, summary: S}\n",
	 "8:34: error: unknown id 'dnoe'; did you mean 'done'?\n"},
	{"two ids equally close: no suggestion",
	 HEAD "questions:\n  q1: {type: yesno, ask: A, yes: q7, no: q2}\n"
	      "  q2: {type: yesno, ask: A, yes: o, no: o}\n" Q_END,
	 "8:34: error: unknown id 'q7'\n"},
	{"start names only questions",
	 "format: runcheck/1\nid: t\ntitle: T\nversion: \"1\"\nstart: p\n"
	 "disclaimer: D\n" YESNO_Q1 Q_END,
	 "5:8: error: unknown id 'p'\n"},
	{"misspelt triage level",
	 HEAD YESNO_Q1 "outcomes:\n  o: {condition: C, triage: self-care, "
		       "summary: S}\n",
	 "10:29: error: unknown triage level 'self-care'; did you mean "
	 "'self_care'?\n"},
	{"triage level in capitals",
	 HEAD YESNO_Q1 "outcomes:\n  o: {condition: C, triage: Emergency, "
		       "summary: S}\n",
	 "10:29: error: unknown triage level 'Emergency'; did you mean "
	 "'emergency'?\n"},
	{"unknown triage level far from all",
	 HEAD YESNO_Q1 "outcomes:\n  o: {condition: C, triage: later, "
		       "summary: S}\n",
	 "10:29: error: unknown triage level 'later'; use emergency, urgent, "
	 "gp, consult or self_care\n"},
	{"misspelt question type",
	 HEAD "questions:\n  q1: {type: yesnoo, ask: A, yes: o, no: o}\n" Q_END,
	 "8:14: error: unknown question type 'yesnoo'; did you mean "
	 "'yesno'?\n"},
	{"tab in indentation", HEAD "questions:\n  q1:\n\ttype: yesno\n" Q_END,
	 "9:1: error: tab character in indentation; YAML indents with "
	 "spaces\n"},
	{"colon in plain text",
	 HEAD
	 "questions:\n  q1:\n    type: yesno\n    ask: Pain: where?\n" Q_END,
	 "10:14: error: invalid YAML: mapping values are not allowed in this "
	 "context; put the text in quotes\n"},
	{"colon in a text in a flow mapping",
	 HEAD "questions:\n  q1:\n    ask: A\n"
	      "    options: [{text: Pain: where, next: o}, {text: B, "
	      "next: o}]\n" Q_END,
	 "10:26: error: invalid YAML: did not find expected ',' or '}' while "
	 "parsing a flow mapping; put the text in quotes\n"},
	{"colon after accented letters in a flow mapping",
	 HEAD "questions:\n  q1:\n    ask: A\n"
	      "    options: [{text: \xC3\x87\xC3\xA0: va, next: o}, {text: B, "
	      "next: o}]\n" Q_END,
	 "10:24: error: invalid YAML: did not find expected ',' or '}' while "
	 "parsing a flow mapping; put the text in quotes\n"},
	{"a flow mapping broken otherwise: no quotes advised",
	 HEAD "questions:\n  q1:\n    ask: A\n"
	      "    options: [{text: Pain, next: o], {text: B, "
	      "next: o}]\n" Q_END,
	 "10:35: error: invalid YAML: did not find expected ',' or '}' while "
	 "parsing a flow mapping\n"},
	{"option texts a command word and a number",
	 HEAD "questions:\n  q1:\n    ask: A\n    options:\n"
	      "      - {text: Back, next: o}\n      - {text: \" 12 \", "
	      "next: o}\n      - {text: Knee, next: o2}\n" Q_END
	      "  o2: {condition: C, triage: gp, summary: S}\n",
	 "11:9: warning: option text 'Back' is a command word; it can only be "
	 "picked by its number\n"
	 "12:9: warning: option text ' 12 ' is a whole number; it can only be "
	 "picked by its number\n"},
	{"raw U+FFFF at its place",
	 HEAD "questions:\n  q1: {type: yesno, ask: A\xEF\xBF\xBF, yes: o, "
	      "no: o}\n" Q_END,
	 "8:27: error: character U+FFFF is not allowed\n"},
	{"escaped U+FFFF",
	 HEAD "questions:\n  q1: {type: yesno, ask: \"A\\uffff\", yes: o, "
	      "no: o}\n" Q_END,
	 "8:26: error: character U+FFFF in text\n"},
	{"raw bidi override at its place",
	 HEAD "questions:\n  q1: {type: yesno, ask: A\xE2\x80\xAE"
	      "B, yes: o, "
	      "no: o}\n" Q_END,
	 "8:27: error: bidirectional control character U+202E is not "
	 "allowed\n"},
	{"raw bidi isolate in a comment",
	 HEAD "# x \xE2\x81\xA6y\n" YESNO_Q1 Q_END,
	 "7:5: error: bidirectional control character U+2066 is not "
	 "allowed\n"},
	{"escaped bidi override",
	 HEAD "questions:\n  q1: {type: yesno, ask: \"A\\u202dB\", yes: o, "
	      "no: o}\n" Q_END,
	 "8:26: error: bidirectional control character U+202D in text\n"},
};

static void tree_load__exact_cases__one_diagnostic_each(void **state)
{
	(void)state;
	helper_expect_exact_cases(exact_cases,
				  sizeof exact_cases / sizeof *exact_cases);
}

/* lint checks what loading checks: the same diagnostics, case by case. */
static void tree_check__exact_cases__same_as_load(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof exact_cases / sizeof *exact_cases; i++) {
		struct diag_list d = {.file = "t"};
		const char *yaml = exact_cases[i].yaml;
		bool is_warning = strstr(exact_cases[i].expect, ": error: ") ==
				  NULL;

		assert_int_equal(tree_check_buffer(yaml, strlen(yaml), &d),
				 is_warning ? YREAD_OK : YREAD_INVALID);
		assert_int_equal(d.count, 1 + (is_warning ? 1 : 0));
		diag_list_clear(&d);
	}
}

/* A million bad lines cost the memory of max_kept diagnostics. */
static void tree_load__many_errors__kept_to_the_cap(void **state)
{
	const size_t lines = 20000;
	size_t len = strlen(HEAD "questions:\n"), i;
	char *yaml = malloc(len + lines * 16 + 1);
	struct diag_list d = {.file = "t", .max_kept = 100};
	struct tree *t = NULL;

	(void)state;
	assert_non_null(yaml);
	memcpy(yaml, HEAD "questions:\n", len);
	for (i = 0; i < lines; i++)
		len += (size_t)sprintf(yaml + len, "  Q%zu: 1\n", i);
	assert_int_equal(tree_load_buffer(yaml, len, &d, &t), YREAD_INVALID);
	assert_true(d.error_count >= 2 * lines);
	assert_int_equal(d.count, 100);
	assert_true(d.capacity <= 128);
	assert_int_equal(d.dropped_errors, d.error_count - 100);
	diag_list_clear(&d);
	free(yaml);
}

static void tree_load__valid_tree__resolves_ids_to_indices(void **state)
{
	struct tree *t = helper_load_tree(valid_tree);
	const struct tree_question *q1, *q2, *q3, *q4;
	const struct tree_outcome *pf;
	struct tree_ref ref;

	(void)state;
	assert_string_equal(tree_id(t), "t");
	assert_string_equal(tree_title(t), "T");
	assert_string_equal(tree_version(t), "1");
	assert_string_equal(tree_language(t), "en");
	assert_string_equal(tree_disclaimer(t), "D");
	assert_int_equal(tree_question_count(t), 4);
	assert_int_equal(tree_outcome_count(t), 2);
	assert_string_equal(tree_question(t, tree_start(t))->id, "q1");

	q1 = helper_question(t, "q1");
	assert_int_equal(q1->type, TREE_MULTI);
	assert_int_equal(q1->option_count, 2);
	assert_true(q1->options[0].has_next);
	assert_string_equal(tree_ref_id(t, q1->options[0].next), "o_fever");
	assert_false(q1->options[1].has_next);
	assert_string_equal(tree_ref_id(t, q1->otherwise), "q2");

	assert_int_equal(q1->line, 8); /* of its id, for tools */
	q2 = helper_question(t, "q2");
	assert_int_equal(q2->type, TREE_CHOICE);
	assert_string_equal(q2->why, "To narrow it down.");
	assert_int_equal(q2->options[1].next.kind, TREE_NODE_QUESTION);
	assert_string_equal(tree_ref_id(t, q2->options[1].next), "q4");

	q3 = helper_question(t, "q3");
	assert_true(q3->has_unsure);
	assert_null(q3->why);
	assert_string_equal(tree_ref_id(t, q3->yes), "o_pf");
	assert_string_equal(tree_ref_id(t, q3->unsure), "q4");

	q4 = helper_question(t, "q4");
	assert_int_equal(q4->min, 0);
	assert_int_equal(q4->max, 10);
	assert_int_equal(q4->band_count, 2);
	assert_int_equal(q4->bands[1].from, 7);
	assert_string_equal(tree_ref_id(t, q4->bands[1].next), "o_fever");

	assert_true(tree_find(t, "o_pf", &ref));
	pf = tree_outcome(t, ref.index);
	assert_int_equal(pf->triage, TREE_CONSULT);
	assert_int_equal(pf->self_care_count, 2);
	assert_string_equal(pf->self_care[1], "Rest");
	assert_int_equal(pf->also_consider_count, 1);
	assert_string_equal(tree_outcome(t, pf->also_consider[0])->id,
			    "o_fever");
	assert_string_equal(pf->sources[0], "Koc 2023");
	assert_false(tree_find(t, "nope", &ref));
	tree_free(t);
}

static void tree_load__yaml11_words__stay_text(void **state)
{
	static const char yaml[] =
		"format: runcheck/1\nid: t\ntitle: yes\nversion: 1.10\n"
		"start: q1\ndisclaimer: off\nquestions:\n"
		"  q1: {type: yesno, ask: on, yes: o, no: o}\n" Q_END;
	struct tree *t = helper_load_tree(yaml);

	(void)state;
	assert_string_equal(tree_title(t), "yes");
	assert_string_equal(tree_version(t), "1.10");
	assert_string_equal(tree_disclaimer(t), "off");
	assert_string_equal(tree_question(t, 0)->ask, "on");
	tree_free(t);
}

static void tree_load__bom_and_crlf__accepted(void **state)
{
	static const char yaml[] =
		"\xef\xbb\xbf"
		"format: runcheck/1\r\nid: t\r\ntitle: Caf\xc3\xa9\r\n"
		"version: v\r\nstart: q1\r\ndisclaimer: D\r\nquestions:\r\n"
		"  q1: {type: yesno, ask: A, yes: o, no: o}\r\noutcomes:\r\n"
		"  o: {condition: C, triage: gp, summary: S}\r\n";
	struct tree *t = helper_load_tree(yaml);

	(void)state;
	assert_string_equal(tree_title(t), "Caf\xc3\xa9");
	tree_free(t);
}

static void tree_load__every_problem__reported_in_one_run(void **state)
{
	static const char yaml[] = HEAD
		"questions:\n"
		"  q1: {type: yesno, ask: A, yes: nope1, no: o, bad: 1}\n"
		"  q2: {type: yesno, yes: o, no: nope2}\n" Q_END;
	char *out;

	(void)state;
	assert_int_equal(helper_load_text(yaml, strlen(yaml), &out),
			 YREAD_INVALID);
	assert_non_null(strstr(out, "8:34: error: unknown id 'nope1'"));
	assert_non_null(strstr(out, "8:48: error: unknown key 'bad'"));
	assert_non_null(strstr(out, "9:7: error: question 'q2' is missing "
				    "'ask'"));
	assert_non_null(strstr(out, "9:33: error: unknown id 'nope2'"));
	/* In file order: by line, then column. */
	assert_true(strstr(out, "nope1") < strstr(out, "'bad'"));
	assert_true(strstr(out, "'bad'") < strstr(out, "'ask'"));
	free(out);
}

static void tree_load__nul_byte__refused_with_place(void **state)
{
	static const char yaml[] = HEAD "title2: a\0b\n";
	char *out;

	(void)state;
	assert_int_equal(helper_load_text(yaml, sizeof yaml - 1, &out),
			 YREAD_INVALID);
	assert_non_null(strstr(out, "7:10: error: control character U+0000"));
	free(out);
}

static void tree_load__deep_nesting__refused_without_recursion(void **state)
{
	size_t depth = 100000, i;
	char *yaml = malloc(2 * depth + 64);
	char *out;
	size_t len;

	(void)state;
	assert_non_null(yaml);
	strcpy(yaml, "x-a: ");
	len = strlen(yaml);
	for (i = 0; i < depth; i++)
		yaml[len++] = '[';
	for (i = 0; i < depth; i++)
		yaml[len++] = ']';
	yaml[len++] = '\n';
	assert_int_equal(helper_load_text(yaml, len, &out), YREAD_INVALID);
	assert_non_null(strstr(out, "nesting is deeper than 32 levels"));
	free(out);
	free(yaml);
}

static void tree_load_file__over_size_limit__refused_unread(void **state)
{
	char path[] = "/tmp/runcheck-big-XXXXXX";
	int fd = mkstemp(path);
	struct diag_list diags = {.file = path};
	struct tree *t = NULL;

	(void)state;
	assert_true(fd >= 0);
	/* A sparse file: its size says it all, and nothing is read. */
	assert_int_equal(ftruncate(fd, (off_t)TREE_MAX_FILE_SIZE + 1), 0);
	close(fd);
	assert_int_equal(tree_load_file(path, &diags, &t), YREAD_INVALID);
	assert_null(t);
	assert_int_equal(diags.count, 1);
	assert_int_equal(diags.items[0].pos.line, 1);
	assert_int_equal(diags.items[0].pos.column, 1);
	assert_non_null(strstr(diags.items[0].message, "larger than"));
	diag_list_clear(&diags);
	unlink(path);
}

static void tree_load_file__missing_file__cannot_open(void **state)
{
	struct diag_list diags = {.file = "x"};
	struct tree *t = NULL;

	(void)state;
	assert_int_equal(tree_load_file("/nonexistent/tree.yaml", &diags, &t),
			 YREAD_CANNOT_OPEN);
	assert_null(t);
	assert_int_equal(diags.count, 0);
}

static void tree_load__each_failed_allocation__fails_cleanly(void **state)
{
	(void)state;
	helper_each_failed_allocation(valid_tree);
}

/* Diagnostics as unsorted text, in the order they were added: checking
 * must add the same ones in the same order as loading. */
static char *diags_text(const struct diag_list *d, enum yread_status status)
{
	size_t size = 64, used = 0, i;
	char *out;

	for (i = 0; i < d->count; i++)
		size += strlen(d->items[i].message) + 64;
	out = malloc(size);
	assert_non_null(out);
	used += (size_t)snprintf(out, size,
				 "status %d, %zu errors, "
				 "%zu warnings\n",
				 (int)status, d->error_count, d->warning_count);
	for (i = 0; i < d->count; i++)
		used += (size_t)snprintf(out + used, size - used,
					 "%u:%u: %d: %s\n",
					 (unsigned)d->items[i].pos.line,
					 (unsigned)d->items[i].pos.column,
					 (int)d->items[i].severity,
					 d->items[i].message);
	return out;
}

/* tree_check_buffer says what tree_load_buffer says, and builds nothing. */
static void expect_check_same_as_load(const char *name, const char *yaml,
				      size_t len)
{
	struct diag_list loaded = {.file = "t"}, checked = {.file = "t"};
	struct tree *t = NULL;
	enum yread_status load_status, check_status;
	char *a, *b;

	load_status = tree_load_buffer(yaml, len, &loaded, &t);
	check_status = tree_check_buffer(yaml, len, &checked);
	a = diags_text(&loaded, load_status);
	b = diags_text(&checked, check_status);
	if (strcmp(a, b) != 0)
		fail_msg("case '%s': loading said\n%s\nchecking said\n%s", name,
			 a, b);
	tree_free(t);
	free(a);
	free(b);
	diag_list_clear(&loaded);
	diag_list_clear(&checked);
}

static void tree_check__same_diagnostics_as_load(void **state)
{
	static const char every_problem[] = HEAD
		"questions:\n"
		"  q1: {type: yesno, ask: A, yes: nope1, no: o, bad: 1}\n"
		"  q2: {type: yesno, yes: o, no: nope2}\n"
		"  q3: {type: choice, ask: B, options: [{text: X, next: q3},"
		" {text: x, next: o}, {text: Y}]}\n"
		"  q4: {type: scale, ask: C, min: 0, max: 5, bands: "
		"[{from: 0, to: 2, next: o}, {from: 4, to: 5, next: q1}]}\n"
		"  q5: {type: multi, ask: D, options: [{text: Z}], "
		"otherwise: q5}\n" Q_END
		"  o2: {condition: C, triage: nope, summary: S, "
		"also_consider: [o2, q1, zz]}\n"
		"  o3: {triage: gp, self_care: [a, ~], sources: x}\n";
	FILE *f;
	char *shipped;
	long len;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof invalid_cases / sizeof *invalid_cases; i++)
		expect_check_same_as_load(invalid_cases[i].name,
					  invalid_cases[i].yaml,
					  strlen(invalid_cases[i].yaml));
	expect_check_same_as_load("every problem", every_problem,
				  strlen(every_problem));
	expect_check_same_as_load("valid tree", valid_tree, strlen(valid_tree));
	f = fopen("questions/runner-injuries.yaml", "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	shipped = malloc((size_t)len);
	assert_non_null(shipped);
	assert_int_equal(fread(shipped, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	expect_check_same_as_load("shipped tree", shipped, (size_t)len);
	free(shipped);
}

/* And from a file: the shipped tree is clean, a broken one is not. */
static void tree_check_file__shipped_clean_broken_not(void **state)
{
	char path[] = "/tmp/runcheck-check-XXXXXX";
	static const char broken[] = HEAD
		"questions:\n  q1: {type: yesno, ask: A, yes: q1, no: o}\n" Q_END;
	struct diag_list d = {.file = "t"};
	int fd;

	(void)state;
	assert_int_equal(tree_check_file("questions/runner-injuries.yaml", &d),
			 YREAD_OK);
	assert_int_equal(d.count, 0);
	assert_int_equal(tree_check_file("/nonexistent/tree.yaml", &d),
			 YREAD_CANNOT_OPEN);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, broken, sizeof broken - 1),
			 (ssize_t)(sizeof broken - 1));
	close(fd);
	assert_int_equal(tree_check_file(path, &d), YREAD_INVALID);
	assert_int_equal(d.error_count, 1);
	assert_non_null(strstr(d.items[0].message, "cycle: q1 -> q1"));
	diag_list_clear(&d);
	unlink(path);
}

static void tree_check__each_failed_allocation__fails_cleanly(void **state)
{
	long n, total;
	struct diag_list diags = {.file = "t"};

	(void)state;
	mem_fail_never();
	assert_int_equal(tree_check_buffer(valid_tree, strlen(valid_tree),
					   &diags),
			 YREAD_OK);
	total = mem_alloc_count();
	diag_list_clear(&diags);
	assert_true(total > 5);
	for (n = 0; n < total; n++) {
		enum yread_status status;

		mem_fail_after(n);
		status = tree_check_buffer(valid_tree, strlen(valid_tree),
					   &diags);
		mem_fail_never();
		if (status != YREAD_NOMEM)
			fail_msg("allocation %ld failed, status %d", n,
				 (int)status);
		diag_list_clear(&diags);
	}
}

static void tree_load__many_ids__linear(void **state)
{
	/* 20,000 questions in a chain; a search per reference would take
	 * seconds, a hash table milliseconds. */
	size_t n = 20000, i, cap = n * 80 + 512, len = 0;
	char *yaml = malloc(cap);
	struct tree *t;

	(void)state;
	assert_non_null(yaml);
	len += (size_t)sprintf(yaml + len, "%s", HEAD "questions:\n");
	for (i = 1; i <= n; i++)
		len += (size_t)
			sprintf(yaml + len,
				"  q%zu: {type: yesno, ask: A, yes: %s%zu, "
				"no: o}\n",
				i, i < n ? "q" : "o", i < n ? i + 1 : 0);
	len += (size_t)sprintf(yaml + len, "%s",
			       Q_END "  o0: {condition: C, "
				     "triage: gp, summary: S}\n");
	t = helper_load_tree(yaml);
	assert_int_equal(tree_question_count(t), n);
	tree_free(t);
	free(yaml);
}

static void clinic_load__valid__reads_fields(void **state)
{
	static const char yaml[] =
		"format: runcheck-clinic/1\nname: Westside\n"
		"booking: Ask at the desk.\nphone: \"\"\nurl: https://x.test\n"
		"emergency_number: \"000\"\nx-note: hi\n";
	struct diag_list diags = {.file = "c"};
	struct clinic *c = NULL;

	(void)state;
	assert_int_equal(clinic_load_buffer(yaml, strlen(yaml), &diags, &c),
			 YREAD_OK);
	assert_string_equal(c->name, "Westside");
	assert_string_equal(c->booking, "Ask at the desk.");
	assert_null(c->phone);
	assert_string_equal(c->url, "https://x.test");
	assert_string_equal(c->emergency_number, "000");
	clinic_free(c);
	diag_list_clear(&diags);
}

static void clinic_booking__kiosk_and_home__fall_back_to_booking(void **state)
{
	static const char both[] =
		"format: runcheck-clinic/1\nname: W\nbooking: Book.\n"
		"booking_kiosk: Ask at the desk.\n"
		"booking_home: Call us or book online.\n"
		"emergency_number: \"000\"\n";
	static const char neither[] =
		"format: runcheck-clinic/1\nname: W\nbooking: Book.\n"
		"booking_kiosk: \"\"\nemergency_number: \"000\"\n";
	static const char wrong[] =
		"format: runcheck-clinic/1\nname: W\nbooking: Book.\n"
		"booking_home: [x]\nemergency_number: \"000\"\n";
	struct diag_list diags = {.file = "c"};
	struct clinic *c = NULL;

	(void)state;
	assert_int_equal(clinic_load_buffer(both, strlen(both), &diags, &c),
			 YREAD_OK);
	assert_string_equal(clinic_booking(c, true), "Ask at the desk.");
	assert_string_equal(clinic_booking(c, false),
			    "Call us or book online.");
	clinic_free(c);
	assert_int_equal(clinic_load_buffer(neither, strlen(neither), &diags,
					    &c),
			 YREAD_OK);
	assert_null(c->booking_kiosk);
	assert_string_equal(clinic_booking(c, true), "Book.");
	assert_string_equal(clinic_booking(c, false), "Book.");
	clinic_free(c);
	assert_int_equal(diags.count, 0);
	assert_int_equal(clinic_load_buffer(wrong, strlen(wrong), &diags, &c),
			 YREAD_INVALID);
	assert_int_equal(diags.count, 1);
	assert_int_equal(diags.items[0].pos.line, 4);
	assert_string_equal(diags.items[0].message,
			    "'booking_home' must be text");
	diag_list_clear(&diags);
}

static void clinic_load__missing_and_unknown__reported(void **state)
{
	static const char yaml[] = "format: runcheck-clinic/1\nname: W\n"
				   "bookings: x\n";
	struct diag_list diags = {.file = "c"};
	struct clinic *c = NULL;
	size_t i;
	bool has_unknown = false, has_missing = false;

	(void)state;
	assert_int_equal(clinic_load_buffer(yaml, strlen(yaml), &diags, &c),
			 YREAD_INVALID);
	assert_null(c);
	/* The misspelt 'booking' is reported once, with the suggestion, and
	 * not also as missing. */
	assert_int_equal(diags.count, 2);
	for (i = 0; i < diags.count; i++) {
		if (strcmp(diags.items[i].message,
			   "unknown key 'bookings'; did you mean 'booking'?") ==
		    0)
			has_unknown = diags.items[i].pos.line == 3;
		if (strcmp(diags.items[i].message,
			   "the clinic file is missing 'emergency_number'") ==
		    0)
			has_missing = diags.items[i].pos.line == 1;
	}
	assert_true(has_unknown);
	assert_true(has_missing);
	diag_list_clear(&diags);
}

/* A file that opens but cannot be read (EIO: /proc/self/mem at address
 * 0) is a read error, not an invalid file. */
static void load_file__read_fails__read_error(void **state)
{
	struct diag_list d = {.file = "m"};
	struct tree *t = NULL;
	struct clinic *c = NULL;

	(void)state;
	errno = 0;
	assert_int_equal(tree_load_file("/proc/self/mem", &d, &t),
			 YREAD_READ_ERROR);
	assert_int_equal(errno, EIO);
	assert_null(t);
	errno = 0;
	assert_int_equal(tree_check_file("/proc/self/mem", &d),
			 YREAD_READ_ERROR);
	assert_int_equal(errno, EIO);
	errno = 0;
	assert_int_equal(clinic_load_file("/proc/self/mem", &d, &c),
			 YREAD_READ_ERROR);
	assert_int_equal(errno, EIO);
	assert_null(c);
	diag_list_clear(&d);
}

/* A misspelt key is taken for the key it names; when that key follows,
 * spelt right, it is reported once more (trees) or wins (clinic files),
 * and nothing leaks (make asan). */
static void load__misspelt_then_right_key__one_value(void **state)
{
	static const char tree[] = HEAD
		"questions:\n  q1:\n    ask: A\n"
		"    options: [{tetx: X, text: Y, next: o}, "
		"{text: Z, next: o}]\n" Q_END;
	static const char clinic[] =
		"format: runcheck-clinic/1\nnme: A\nname: B\nbooking: b\n"
		"emergency_number: \"000\"\n";
	struct diag_list d = {.file = "c"};
	struct clinic *c = NULL;
	char *out;

	(void)state;
	assert_int_equal(helper_load_text(tree, strlen(tree), &out),
			 YREAD_INVALID);
	assert_string_equal(out,
			    "10:16: error: unknown key 'tetx' in an option; "
			    "did you mean 'text'?\n"
			    "10:25: error: duplicate key 'text' (first at "
			    "10:16)\n");
	free(out);
	assert_int_equal(clinic_load_buffer(clinic, strlen(clinic), &d, &c),
			 YREAD_INVALID);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].message,
			    "unknown key 'nme'; did you mean 'name'?");
	diag_list_clear(&d);
}

/* retention_days: 90 when left out, else a whole number of days from 1
 * to ten years, any other said where it stands. */
static void clinic_load__retention_days__default_valid_refused(void **state)
{
	static const char head[] = "format: runcheck-clinic/1\nname: W\n"
				   "booking: B\nemergency_number: \"000\"\n";
	static const char *const bad[] = {"0",	    "-1",  "3651",	 "1.5",
					  "ninety", "[1]", "99999999999"};
	struct diag_list diags = {.file = "c"};
	struct clinic *c = NULL;
	char yaml[256];

	(void)state;
	assert_int_equal(clinic_load_buffer(head, strlen(head), &diags, &c),
			 YREAD_OK);
	assert_int_equal(c->retention_days, 90);
	clinic_free(c);
	snprintf(yaml, sizeof(yaml), "%sretention_days: 30\n", head);
	assert_int_equal(clinic_load_buffer(yaml, strlen(yaml), &diags, &c),
			 YREAD_OK);
	assert_int_equal(c->retention_days, 30);
	clinic_free(c);
	snprintf(yaml, sizeof(yaml), "%sretention_days: 3650\n", head);
	assert_int_equal(clinic_load_buffer(yaml, strlen(yaml), &diags, &c),
			 YREAD_OK);
	assert_int_equal(c->retention_days, 3650);
	clinic_free(c);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		snprintf(yaml, sizeof(yaml), "%sretention_days: %s\n", head,
			 bad[i]);
		assert_int_equal(clinic_load_buffer(yaml, strlen(yaml), &diags,
						    &c),
				 YREAD_INVALID);
		assert_int_equal(diags.count, 1);
		assert_int_equal(diags.items[0].pos.line, 5);
		assert_int_equal(diags.items[0].pos.column, 17);
		assert_non_null(strstr(diags.items[0].message,
				       "'retention_days' must be"));
		diag_list_clear(&diags);
	}
}

static void clinic_load__url_without_scheme__refused(void **state)
{
	static const char yaml[] =
		"format: runcheck-clinic/1\nname: W\nbooking: B\n"
		"url: www.example.test/book\nemergency_number: \"000\"\n";
	static const char good[] =
		"format: runcheck-clinic/1\nname: W\nbooking: B\n"
		"url: http://example.test/book\nemergency_number: \"000\"\n";
	struct diag_list diags = {.file = "c"};
	struct clinic *c = NULL;

	(void)state;
	assert_int_equal(clinic_load_buffer(yaml, strlen(yaml), &diags, &c),
			 YREAD_INVALID);
	helper_expect_one_diag(&diags, 4, 6,
			       "'url' must start with https:// or http://, not "
			       "'www.example.test/book'");
	diag_list_clear(&diags);
	assert_int_equal(clinic_load_buffer(good, strlen(good), &diags, &c),
			 YREAD_OK);
	clinic_free(c);
	diag_list_clear(&diags);
}

/* lint tells a clinic file from a tree by its format key, however the
 * YAML is written, and takes anything else for a tree. */
static void clinic_is_clinic__format_key__recognised(void **state)
{
	static const struct {
		const char *yaml;
		bool is_clinic;
	} cases[] = {
		{"format: runcheck-clinic/1\n", true},
		{"\"format\": runcheck-clinic/1\n", true},
		{"'format': \"runcheck-clinic/1\"\n", true},
		{"{name: W, format: runcheck-clinic/1}\n", true},
		{"# clinic\n---\nname: W\nx-a: {b: [1]}\nformat: "
		 "runcheck-clinic/2\n",
		 true},
		{"format: runcheck/1\n", false},
		{"x-notes: {format: runcheck-clinic/1}\nformat: runcheck/1\n",
		 false},
		{"- format: runcheck-clinic/1\n", false},
		{"format: [runcheck-clinic/1]\n", false},
		{"format: runcheck-clinic/1\n  bad: [\n", true},
		{"\tformat: runcheck-clinic/1\n", false},
		{"", false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		FILE *f = tmpfile();
		char first[8] = "";

		if (clinic_is_clinic(cases[i].yaml, strlen(cases[i].yaml)) !=
		    cases[i].is_clinic)
			fail_msg("case %zu: '%s'", i, cases[i].yaml);
		/* A regular file, as lint reads one: the same answer, and
		 * the file left at its start for the loader. */
		assert_non_null(f);
		fputs(cases[i].yaml, f);
		rewind(f);
		if (clinic_is_clinic_stream(f) != cases[i].is_clinic)
			fail_msg("case %zu as a file: '%s'", i, cases[i].yaml);
		assert_int_equal(ftell(f), 0);
		if (fgets(first, sizeof first, f) == NULL)
			first[0] = '\0';
		assert_memory_equal(first, cases[i].yaml, strlen(first));
		fclose(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tree_load__invalid_cases__report_where),
		cmocka_unit_test(tree_load__exact_cases__one_diagnostic_each),
		cmocka_unit_test(tree_check__exact_cases__same_as_load),
		cmocka_unit_test(tree_load__many_errors__kept_to_the_cap),
		cmocka_unit_test(
			tree_load__valid_tree__resolves_ids_to_indices),
		cmocka_unit_test(tree_load__yaml11_words__stay_text),
		cmocka_unit_test(tree_load__bom_and_crlf__accepted),
		cmocka_unit_test(tree_load__every_problem__reported_in_one_run),
		cmocka_unit_test(tree_load__nul_byte__refused_with_place),
		cmocka_unit_test(
			tree_load__deep_nesting__refused_without_recursion),
		cmocka_unit_test(
			tree_load_file__over_size_limit__refused_unread),
		cmocka_unit_test(tree_load_file__missing_file__cannot_open),
		cmocka_unit_test(
			tree_load__each_failed_allocation__fails_cleanly),
		cmocka_unit_test(tree_load__many_ids__linear),
		cmocka_unit_test(tree_check__same_diagnostics_as_load),
		cmocka_unit_test(tree_check_file__shipped_clean_broken_not),
		cmocka_unit_test(
			tree_check__each_failed_allocation__fails_cleanly),
		cmocka_unit_test(clinic_load__valid__reads_fields),
		cmocka_unit_test(
			clinic_booking__kiosk_and_home__fall_back_to_booking),
		cmocka_unit_test(clinic_load__missing_and_unknown__reported),
		cmocka_unit_test(clinic_load__url_without_scheme__refused),
		cmocka_unit_test(
			clinic_load__retention_days__default_valid_refused),
		cmocka_unit_test(load_file__read_fails__read_error),
		cmocka_unit_test(load__misspelt_then_right_key__one_value),
		cmocka_unit_test(clinic_is_clinic__format_key__recognised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
