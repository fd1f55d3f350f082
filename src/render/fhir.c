/*
 * fhir.c - FHIR R4 JSON: a Questionnaire of the tree and a
 * QuestionnaireResponse of a request (fhir.h).
 */
#include "fhir.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define URN_PREFIX "urn:runcheck:questionnaire:"

static json_t *coding(const char *system, const char *code, const char *display)
{
	json_t *c = json_pack("{s:s, s:s}", "code", code, "display", display);

	if (c && system &&
	    json_object_set_new(c, "system", json_string(system))) {
		json_decref(c);
		return NULL;
	}
	return c;
}

/* An answerOption of a Coding. */
static int add_option(json_t *options, const char *system, const char *code,
		      const char *display)
{
	json_t *c = coding(system, code, display);

	return c ? json_array_append_new(options,
					 json_pack("{s:o}", "valueCoding", c))
		 : -1;
}

static json_t *question_item(const struct tree_question *q)
{
	json_t *item = json_pack("{s:s, s:s}", "linkId", q->id, "text", q->ask);
	json_t *options = json_array();
	int rc = item && options ? 0 : -1;

	switch (q->type) {
	case TREE_CHOICE:
	case TREE_MULTI:
		for (size_t i = 0; rc == 0 && i < q->option_count; i++) {
			char number[24];

			snprintf(number, sizeof(number), "%zu", i + 1);
			rc = add_option(options, NULL,
					q->options[i].id ? q->options[i].id
							 : number,
					q->options[i].text);
		}
		rc = rc ||
		     json_object_set_new(item, "type", json_string("choice"));
		if (q->type == TREE_MULTI)
			rc = rc ||
			     json_object_set_new(item, "repeats", json_true());
		break;
	case TREE_YESNO:
		rc = add_option(options, FHIR_YESNO_SYSTEM, "Y", "Yes") ||
		     add_option(options, FHIR_YESNO_SYSTEM, "N", "No") ||
		     (q->has_unsure &&
		      add_option(options, FHIR_ABSENT_SYSTEM, "asked-unknown",
				 "Asked But Unknown")) ||
		     json_object_set_new(item, "type", json_string("choice"));
		break;
	case TREE_SCALE:
		rc = json_object_set_new(item, "type",
					 json_string("integer")) ||
		     json_object_set_new(
			     item, "extension",
			     json_pack(
				     "[{s:s, s:I}, {s:s, s:I}]", "url",
				     "http://hl7.org/fhir/StructureDefinition/"
				     "minValue",
				     "valueInteger", (json_int_t)q->min, "url",
				     "http://hl7.org/fhir/StructureDefinition/"
				     "maxValue",
				     "valueInteger", (json_int_t)q->max));
		break;
	}
	if (rc == 0 && json_array_size(options) > 0)
		rc = json_object_set(item, "answerOption", options);
	json_decref(options);
	if (rc != 0) {
		json_decref(item);
		return NULL;
	}
	return item;
}

json_t *fhir_questionnaire(const struct tree *tree)
{
	char url[512];
	json_t *items = json_array();
	json_t *q;

	if (!items)
		return NULL;
	for (size_t i = 0; i < tree_question_count(tree); i++)
		if (json_array_append_new(
			    items, question_item(tree_question(tree, i)))) {
			json_decref(items);
			return NULL;
		}
	snprintf(url, sizeof(url), URN_PREFIX "%s", tree_id(tree));
	q = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[s], s:o}", "resourceType",
		      "Questionnaire", "url", url, "version",
		      tree_version(tree), "title", tree_title(tree), "status",
		      "active", "subjectType", "Patient", "item", items);
	return q;
}

/* One answer of a step of the walk, as the questionnaire codes it. */
static int add_answers(json_t *answers, const json_t *step)
{
	const char *type = json_string_value(json_object_get(step, "type"));
	const json_t *answer = json_object_get(step, "answer");
	const json_t *picked = json_object_get(step, "picked");
	const json_t *p;
	size_t i;

	if (!type)
		return -1;
	if (strcmp(type, tree_qtype_name(TREE_SCALE)) == 0)
		return json_array_append_new(
			answers, json_pack("{s:I}", "valueInteger",
					   json_integer_value(answer)));
	if (strcmp(type, tree_qtype_name(TREE_YESNO)) == 0) {
		const char *s = json_string_value(answer);
		json_t *c = !s ? NULL
			    : strcmp(s, "yes") == 0
				    ? coding(FHIR_YESNO_SYSTEM, "Y", "Yes")
			    : strcmp(s, "no") == 0
				    ? coding(FHIR_YESNO_SYSTEM, "N", "No")
				    : coding(FHIR_ABSENT_SYSTEM,
					     "asked-unknown",
					     "Asked But Unknown");

		return c ? json_array_append_new(answers,
						 json_pack("{s:o}",
							   "valueCoding", c))
			 : -1;
	}
	for (i = 0; (p = json_array_get(picked, i)) != NULL; i++) {
		json_t *c =
			coding(NULL,
			       json_string_value(json_object_get(p, "code")),
			       json_string_value(json_object_get(p, "text")));

		if (!c ||
		    json_array_append_new(answers,
					  json_pack("{s:o}", "valueCoding", c)))
			return -1;
	}
	return 0;
}

/* The time t as FHIR's dateTime, in UTC. */
static void date_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) ||
	    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

json_t *fhir_response(const struct store_request *req)
{
	json_t *walk = req->answers ? json_loads(req->answers, 0, NULL) : NULL;
	const json_t *steps = json_object_get(walk, "steps");
	const json_t *step;
	json_t *items = json_array();
	json_t *patient, *response = NULL;
	char url[512], authored[32], id[32];
	size_t i;

	if (!walk || !json_is_array(steps) || !items)
		goto fail;
	for (i = 0; (step = json_array_get(steps, i)) != NULL; i++) {
		json_t *answers = json_array();
		json_t *item = json_pack(
			"{s:s, s:s}", "linkId",
			json_string_value(json_object_get(step, "question")),
			"text",
			json_string_value(json_object_get(step, "text")));

		if (!answers || !item || add_answers(answers, step) != 0 ||
		    (json_array_size(answers) > 0 &&
		     json_object_set(item, "answer", answers)) ||
		    json_array_append(items, item)) {
			json_decref(answers);
			json_decref(item);
			goto fail;
		}
		json_decref(answers);
		json_decref(item);
	}
	/* The offer stores a phone number or an email address, checked
	 * (offer.c): only an email address holds an '@'. */
	patient = json_pack("{s:s, s:s, s:[{s:s}], s:[{s:s, s:s}]}",
			    "resourceType", "Patient", "id", "patient", "name",
			    "text", req->name, "telecom", "system",
			    store_contact_is_phone(req->contact) ? "phone"
								 : "email",
			    "value", req->contact);
	snprintf(url, sizeof(url), URN_PREFIX "%s|%s",
		 json_string_value(json_object_get(walk, "tree")),
		 json_string_value(json_object_get(walk, "version")));
	snprintf(id, sizeof(id), "request-%lld", (long long)req->id);
	date_time(req->created_at, authored, sizeof(authored));
	response = json_pack("{s:s, s:s, s:[o], s:s, s:s, s:{s:s}, s:s, s:O}",
			     "resourceType", "QuestionnaireResponse", "id", id,
			     "contained", patient, "questionnaire", url,
			     "status", "completed", "subject", "reference",
			     "#patient", "authored", authored, "item", items);
fail:
	json_decref(items);
	json_decref(walk);
	return response;
}

json_t *fhir_bundle_new(void)
{
	return json_pack("{s:s, s:s, s:[]}", "resourceType", "Bundle", "type",
			 "collection", "entry");
}

int fhir_bundle_add(json_t *bundle, json_t *resource)
{
	return json_array_append_new(json_object_get(bundle, "entry"),
				     json_pack("{s:o}", "resource", resource));
}
