/*
 * result.c - the readable result of a walk and its JSON object.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ansi.h"
#include "i18n.h"
#include "qr.h"
#include "result.h"
#include "wrap.h"

/* Wide enough for a list item's "  - " or an indent of the result. */
#define ITEM_INDENT 4

struct printer {
	FILE *f;
	size_t width;
	bool use_color;
	bool is_accessible;
	bool is_spoken;
	bool show_qr;
	bool is_kiosk;
	bool failed; /* out of memory or a write error; errno says which */
};

static char *format_new(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* A new string formatted like printf; NULL when out of memory. */
static char *format_new(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *s;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return NULL;
	s = malloc((size_t)len + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

static void put(struct printer *p, const char *s)
{
	if (p->failed)
		return;
	if (fputs(s, p->f) == EOF)
		p->failed = true;
}

/*
 * Writes text wrapped to the width, every line indented by indent columns.
 * When label is not NULL it stands in the first line's indent (a bullet,
 * say), so it must be no wider than indent. color, when not NULL and
 * colour is on, is turned on for the block and reset before its last
 * newline so that nothing after it is coloured.
 */
static void put_wrapped(struct printer *p, const char *text, size_t indent,
			const char *label, const char *color)
{
	char *wrapped;

	if (p->failed)
		return;
	if (p->is_accessible) {
		/* One item a line, as it is: no hard wrap, no indent, no
		 * bullet; the label of a numbered item stays. */
		const char *mark = label ? label + strspn(label, " ") : "";
		size_t mark_len = strcspn(mark, " ");
		size_t len = strlen(text);

		while (len > 0 &&
		       (text[len - 1] == '\n' || text[len - 1] == ' '))
			len--;
		if (mark_len > 0 && !(mark_len == 1 && *mark == '-')) {
			if (fwrite(mark, 1, mark_len, p->f) != mark_len)
				p->failed = true;
			put(p, " ");
		}
		if (!p->failed && fwrite(text, 1, len, p->f) != len)
			p->failed = true;
		put(p, "\n");
		return;
	}
	wrapped = text_wrap_block(text, p->width, indent, label);
	if (!wrapped) {
		errno = ENOMEM;
		p->failed = true;
		return;
	}
	if (color && p->use_color)
		put(p, color);
	put(p, wrapped);
	if (color && p->use_color)
		put(p, ANSI_RESET);
	put(p, "\n");
	free(wrapped);
}

/* As put_wrapped, for a string that has to be formatted first. */
static void put_wrapped_owned(struct printer *p, char *text, size_t indent,
			      const char *label, const char *color)
{
	if (!text) {
		if (!p->failed)
			errno = ENOMEM;
		p->failed = true;
		return;
	}
	put_wrapped(p, text, indent, label, color);
	free(text);
}

/* A list's heading, after a blank line. */
static void put_heading(struct printer *p, const char *heading)
{
	put(p, "\n");
	put(p, heading);
	put(p, "\n");
}

static void put_rule(struct printer *p, char c)
{
	size_t n = p->width < 20 ? 20 : p->width;
	char line[81];

	if (p->is_accessible)
		return;
	if (n > sizeof(line) - 1)
		n = sizeof(line) - 1;
	memset(line, c, n);
	line[n] = '\0';
	put(p, line);
	put(p, "\n");
}

int result_print_answer(FILE *f, const struct tree_question *q,
			const struct engine_answer *answer)
{
	int rc = 0;

	switch (q->type) {
	case TREE_CHOICE:
		if (answer->choice < q->option_count)
			rc = fputs(q->options[answer->choice].text, f);
		break;
	case TREE_YESNO:
		rc = fputs(answer->yesno == ENGINE_YES	? _("yes")
			   : answer->yesno == ENGINE_NO ? _("no")
							: _("not sure"),
			   f);
		break;
	case TREE_MULTI: {
		bool is_first = true;

		for (size_t i = 0; i < q->option_count && i < 64; i++) {
			if (!(answer->picks & ((uint64_t)1 << i)))
				continue;
			if (!is_first && fputs(", ", f) == EOF)
				return -1;
			if (fputs(q->options[i].text, f) == EOF)
				return -1;
			is_first = false;
		}
		if (is_first)
			rc = fputs(_("none of these"), f);
		break;
	}
	case TREE_SCALE:
		rc = fprintf(f, "%lld", answer->value) < 0 ? EOF : 0;
		break;
	}
	return rc == EOF ? -1 : 0;
}

/* The answer as a new string; NULL when out of memory. */
static char *answer_new(const struct tree_question *q,
			const struct engine_answer *answer)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	int rc;

	if (!mem)
		return NULL;
	rc = result_print_answer(mem, q, answer);
	if (fclose(mem) != 0 || rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static const char *triage_color(enum tree_triage triage)
{
	switch (triage) {
	case TREE_EMERGENCY:
	case TREE_URGENT:
		return ANSI_RED;
	case TREE_GP:
		return ANSI_YELLOW;
	case TREE_CONSULT:
	case TREE_SELF_CARE:
		break;
	}
	return ANSI_GREEN;
}

/* The line under the condition, by triage level, with no number. */
static const char *const triage_lines[] = {
	[TREE_EMERGENCY] = N_("Call the emergency number now."),
	[TREE_URGENT] = N_("See a doctor today. Stop running until you have "
			   "been seen."),
	[TREE_GP] = N_("See a doctor within the next few days. Imaging or "
		       "tests may be needed. Stop the activity that hurts "
		       "until then."),
	[TREE_CONSULT] = N_("Book an assessment at the clinic."),
	[TREE_SELF_CARE] = N_("You can likely look after this yourself. Book "
			      "an assessment if it is not better within two "
			      "weeks."),
};

/* In place of TREE_SELF_CARE's line for an outcome that offers no
 * booking. */
static const char no_booking_line[] =
	N_("You can likely look after this yourself. See a doctor if it is "
	   "not better within two weeks.");

const char *result_triage_line(enum tree_triage triage)
{
	return (size_t)triage < sizeof(triage_lines) / sizeof(*triage_lines)
		       ? _(triage_lines[triage])
		       : "";
}

char *result_triage_text(enum tree_triage triage, const char *emergency_number)
{
	if (triage == TREE_EMERGENCY && emergency_number)
		return format_new(_("Call %s now (emergency)."),
				  emergency_number);
	return format_new("%s", result_triage_line(triage));
}

char *result_no_booking_text(void)
{
	return format_new("%s", _(no_booking_line));
}

char *result_outcome_triage_text(const struct tree_outcome *o,
				 const char *emergency_number)
{
	return o->triage == TREE_SELF_CARE && !tree_outcome_may_book(o)
		       ? result_no_booking_text()
		       : result_triage_text(o->triage, emergency_number);
}

char *result_doctor_text(enum tree_triage triage, const char *emergency_number)
{
	assert(!tree_triage_may_book(triage));
	if (triage == TREE_EMERGENCY)
		return format_new("%s", _("Do not wait and do not run. If "
					  "you cannot call, ask someone near "
					  "you to call for you."));
	if (emergency_number)
		return format_new(_("If it suddenly gets much worse, call %s "
				    "(emergency)."),
				  emergency_number);
	return format_new("%s", _("If it suddenly gets much worse, call the "
				  "emergency number."));
}

char *result_booking_text(const char *clinic_name)
{
	return format_new(_("We recommend booking an Active Release "
			    "Technique (ART) assessment with %s. It is a "
			    "chance to check what is going on and to plan "
			    "your care, which may include hands-on "
			    "soft-tissue work, exercises and advice on "
			    "training load."),
			  clinic_name);
}

/* What the triage level asks the person to do, in plain words. */
static void put_triage(struct printer *p, const struct tree_outcome *o,
		       const char *emergency_number)
{
	put_wrapped_owned(p, result_outcome_triage_text(o, emergency_number), 0,
			  NULL, triage_color(o->triage));
}

static void put_answers(struct printer *p, const struct engine *engine)
{
	const struct tree *tree = engine_tree(engine);
	size_t count = engine_step_count(engine);

	if (count == 0)
		return;
	put_heading(p, _("Because you said:"));
	for (size_t i = 0; i < count && !p->failed; i++) {
		const struct engine_step *step = engine_step(engine, i);
		const struct tree_question *q =
			tree_question(tree, step->question);
		char *answer = answer_new(q, &step->answer);

		if (!answer) {
			errno = ENOMEM;
			p->failed = true;
			break;
		}
		put_wrapped_owned(
			p,
			format_new(!p->is_accessible ? "%s \u2014 %s"
				   : strchr("?.",
					    q->label[strlen(q->label) - 1])
					   ? "%s %s"
					   : "%s: %s",
				   q->label, answer),
			ITEM_INDENT, "  - ", NULL);
		free(answer);
	}
}

static void put_self_care(struct printer *p, const struct tree_outcome *o)
{
	if (o->self_care_count == 0)
		return;
	put_heading(p, _("What you can do now:"));
	for (size_t i = 0; i < o->self_care_count; i++)
		put_wrapped(p, o->self_care[i], ITEM_INDENT, "  - ", NULL);
}

static void put_also_consider(struct printer *p, const struct tree *tree,
			      const struct tree_outcome *o)
{
	if (o->also_consider_count == 0)
		return;
	put_heading(p, _("Other possibilities:"));
	for (size_t i = 0; i < o->also_consider_count; i++) {
		const struct tree_outcome *other =
			tree_outcome(tree, o->also_consider[i]);

		put_wrapped(p, other->condition, ITEM_INDENT, "  - ", NULL);
	}
}

/* What the advice rests on: the outcome's sources, as the tree gives them. */
static void put_sources(struct printer *p, const struct tree_outcome *o)
{
	if (o->source_count == 0)
		return;
	put_heading(p, _("Sources:"));
	for (size_t i = 0; i < o->source_count; i++)
		put_wrapped(p, o->sources[i], ITEM_INDENT, "  - ", NULL);
}

/*
 * The booking: only ever called for an outcome that offers one
 * (tree_outcome_may_book). What an
 * assessment would do is the outcome's own booking text (runcheck/2),
 * where it has one, else the generic paragraph; how to book is the
 * clinic's text for where the person is.
 */
static void put_booking(struct printer *p, const struct tree_outcome *o,
			const struct clinic *clinic)
{
	put(p, "\n");
	if (o->booking)
		put_wrapped(p, o->booking, 0, NULL, NULL);
	else
		put_wrapped_owned(p, result_booking_text(clinic->name), 0, NULL,
				  NULL);
	put_wrapped(p, clinic_booking(clinic, p->is_kiosk), 0, NULL, NULL);
	/* Away from the clinic, say who to call as well as how. */
	if (!p->is_kiosk)
		put_wrapped_owned(p, format_new(_("Clinic: %s"), clinic->name),
				  0, NULL, NULL);
	if (clinic->phone)
		put_wrapped_owned(p, format_new(_("Phone: %s"), clinic->phone),
				  0, NULL, NULL);
	if (clinic->url && p->is_spoken)
		return;
	if (clinic->url && p->is_accessible)
		put_wrapped_owned(p,
				  format_new(_("Book online: %s"), clinic->url),
				  0, NULL, NULL);
	else if (clinic->url)
		put_wrapped_owned(p, format_new(_("Online: %s"), clinic->url),
				  0, NULL, NULL);
	if (clinic->url && p->show_qr && !p->is_accessible && !p->failed) {
		struct qr_style qr = {.use_color = p->use_color,
				      .full_blocks = qr_term_needs_full_blocks(
					      getenv("TERM")),
				      .width = p->width};

		put(p, "\n");
		if (qr_print(p->f, clinic->url, &qr) < 0)
			p->failed = true;
	}
}

/* For emergency, urgent and gp: a doctor, never a booking. */
static void put_doctor(struct printer *p, enum tree_triage triage,
		       const char *emergency_number)
{
	put(p, "\n");
	put_wrapped_owned(p, result_doctor_text(triage, emergency_number), 0,
			  NULL, NULL);
}

int result_print(FILE *f, const struct engine *engine,
		 const struct clinic *clinic, const struct result_style *style)
{
	const struct tree *tree = engine_tree(engine);
	const struct tree_outcome *o =
		tree_outcome(tree, engine_outcome(engine));
	const char *emergency_number = clinic ? clinic->emergency_number : NULL;
	struct printer p = {
		.f = f,
		.width = style->width < 20 ? 20 : style->width,
		.use_color = style->use_color && !style->is_accessible,
		.is_accessible = style->is_accessible || style->is_spoken,
		.is_spoken = style->is_spoken,
		.show_qr = style->show_qr,
		.is_kiosk = style->is_kiosk,
	};

	put_rule(&p, '-');
	put_wrapped_owned(&p, format_new(_("Likely: %s"), o->condition), 0,
			  NULL, ANSI_BOLD);
	put_triage(&p, o, emergency_number);
	put(&p, "\n");
	put_wrapped(&p, o->summary, 0, NULL, NULL);
	put_answers(&p, engine);
	put_self_care(&p, o);
	put_also_consider(&p, tree, o);
	if (tree_outcome_may_book(o)) {
		if (clinic)
			put_booking(&p, o, clinic);
	} else if (!tree_triage_may_book(o->triage)) {
		put_doctor(&p, o->triage, emergency_number);
	}
	if (!p.is_spoken)
		put_sources(&p, o);
	put(&p, "\n");
	put_wrapped(&p, tree_disclaimer(tree), 0, NULL, NULL);
	if (!p.failed && fflush(f) == EOF)
		p.failed = true;
	return p.failed ? -1 : 0;
}

/* A step's answer as its JSON value; NULL when out of memory. */
static json_t *answer_json(const struct tree_question *q,
			   const struct engine_answer *answer)
{
	json_t *list;

	switch (q->type) {
	case TREE_CHOICE:
		if (answer->choice >= q->option_count)
			return json_null();
		return json_string(q->options[answer->choice].text);
	case TREE_YESNO:
		return json_string(answer->yesno == ENGINE_YES	? "yes"
				   : answer->yesno == ENGINE_NO ? "no"
								: "not sure");
	case TREE_MULTI:
		list = json_array();
		if (!list)
			return NULL;
		for (size_t i = 0; i < q->option_count && i < 64; i++) {
			if (!(answer->picks & ((uint64_t)1 << i)))
				continue;
			if (json_array_append_new(
				    list, json_string(q->options[i].text))) {
				json_decref(list);
				return NULL;
			}
		}
		return list;
	case TREE_SCALE:
		return json_integer(answer->value);
	}
	return json_null();
}

/* The options picked in a choice or multi answer, as {code, text}. */
static json_t *picked_json(const struct tree_question *q,
			   const struct engine_answer *answer)
{
	json_t *list = json_array();

	if (!list)
		return NULL;
	for (size_t i = 0; i < q->option_count && i < 64; i++) {
		bool is_picked =
			q->type == TREE_CHOICE
				? answer->choice == i
				: (answer->picks & ((uint64_t)1 << i)) != 0;
		char number[24];

		if (!is_picked)
			continue;
		snprintf(number, sizeof(number), "%zu", i + 1);
		if (json_array_append_new(
			    list, json_pack("{s:s, s:s}", "code",
					    q->options[i].id ? q->options[i].id
							     : number,
					    "text", q->options[i].text))) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

json_t *result_walk_json(const struct engine *engine)
{
	const struct tree *tree = engine_tree(engine);
	const struct tree_outcome *o =
		tree_outcome(tree, engine_outcome(engine));
	json_t *steps = json_array();
	json_t *obj;

	if (!steps)
		return NULL;
	for (size_t i = 0; i < engine_step_count(engine); i++) {
		const struct engine_step *step = engine_step(engine, i);
		const struct tree_question *q =
			tree_question(tree, step->question);
		json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:o}",
					 "question", q->id, "label",
					 q->label ? q->label : q->ask, "text",
					 q->ask, "type",
					 tree_qtype_name(q->type), "answer",
					 answer_json(q, &step->answer));

		if (item && (q->type == TREE_CHOICE || q->type == TREE_MULTI) &&
		    json_object_set_new(item, "picked",
					picked_json(q, &step->answer))) {
			json_decref(item);
			item = NULL;
		}
		if (!item || json_array_append_new(steps, item)) {
			json_decref(steps);
			return NULL;
		}
	}
	obj = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "tree", tree_id(tree),
			"version", tree_version(tree), "outcome", o->id,
			"condition", o->condition ? o->condition : "", "triage",
			tree_triage_name(o->triage), "steps", steps);
	return obj;
}

json_t *result_json(const struct engine *engine)
{
	const struct tree *tree = engine_tree(engine);
	const struct tree_outcome *o =
		tree_outcome(tree, engine_outcome(engine));
	json_t *obj = json_object();
	json_t *also = json_array();
	json_t *sources = json_array();
	json_t *answers = json_array();

	if (!obj || !also || !sources || !answers)
		goto fail;
	for (size_t i = 0; i < o->source_count; i++)
		if (json_array_append_new(sources, json_string(o->sources[i])))
			goto fail;
	for (size_t i = 0; i < o->also_consider_count; i++) {
		const struct tree_outcome *other =
			tree_outcome(tree, o->also_consider[i]);

		if (json_array_append_new(also, json_string(other->id)))
			goto fail;
	}
	for (size_t i = 0; i < engine_step_count(engine); i++) {
		const struct engine_step *step = engine_step(engine, i);
		const struct tree_question *q =
			tree_question(tree, step->question);
		json_t *item = json_object();

		if (!item)
			goto fail;
		if (json_object_set_new(item, "question", json_string(q->id)) ||
		    json_object_set_new(item, "answer",
					answer_json(q, &step->answer))) {
			json_decref(item);
			goto fail;
		}
		if (json_array_append_new(answers, item))
			goto fail;
	}
	/* Jansson keeps insertion order, so the keys read as in cli.md. */
	if (json_object_set_new(obj, "tree", json_string(tree_id(tree))) ||
	    json_object_set_new(obj, "version",
				json_string(tree_version(tree))) ||
	    json_object_set_new(obj, "outcome", json_string(o->id)) ||
	    json_object_set_new(obj, "condition", json_string(o->condition)) ||
	    json_object_set_new(obj, "triage",
				json_string(tree_triage_name(o->triage))))
		goto fail;
	if (json_object_set_new(obj, "also_consider", also)) {
		also = NULL;
		goto fail;
	}
	also = NULL;
	if (json_object_set_new(obj, "sources", sources)) {
		sources = NULL;
		goto fail;
	}
	sources = NULL;
	if (json_object_set_new(obj, "answers", answers)) {
		answers = NULL;
		goto fail;
	}
	return obj;

fail:
	json_decref(answers);
	json_decref(sources);
	json_decref(also);
	json_decref(obj);
	return NULL;
}

int result_print_json(FILE *f, const struct engine *engine,
		      const char *language)
{
	json_t *obj = result_json(engine);
	int rc = -1;

	if (obj && language &&
	    json_object_set_new(obj, "language", json_string(language))) {
		json_decref(obj);
		obj = NULL;
	}
	if (!obj) {
		errno = ENOMEM;
		return -1;
	}
	if (json_dumpf(obj, f, 0) == 0 && fputc('\n', f) != EOF &&
	    fflush(f) != EOF)
		rc = 0;
	json_decref(obj);
	return rc;
}
