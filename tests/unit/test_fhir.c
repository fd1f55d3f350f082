/*
 * test_fhir.c - the FHIR R4 JSON of fhir.h: how each kind of answer is
 * coded in a QuestionnaireResponse, and the Questionnaire it answers.
 * (The e2e tests validate both against the official FHIR R4 schema.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fhir.h"

/* A walk as result_walk_json writes it: every kind of answer. */
static const char walk[] =
	"{\"tree\":\"t\",\"version\":\"2.1\",\"outcome\":\"o\","
	"\"condition\":\"C\",\"triage\":\"consult\",\"steps\":["
	"{\"question\":\"pick\",\"label\":\"Pick\",\"text\":\"Pick one?\","
	"\"type\":\"choice\",\"answer\":\"B\","
	"\"picked\":[{\"code\":\"b\",\"text\":\"B\"}]},"
	"{\"question\":\"many\",\"label\":\"Many\",\"text\":\"Any of?\","
	"\"type\":\"multi\",\"answer\":[\"X\",\"Z\"],"
	"\"picked\":[{\"code\":\"1\",\"text\":\"X\"},"
	"{\"code\":\"3\",\"text\":\"Z\"}]},"
	"{\"question\":\"none\",\"label\":\"None\",\"text\":\"Any of these?\","
	"\"type\":\"multi\",\"answer\":[],\"picked\":[]},"
	"{\"question\":\"yes\",\"label\":\"Y\",\"text\":\"Yes?\","
	"\"type\":\"yesno\",\"answer\":\"yes\"},"
	"{\"question\":\"no\",\"label\":\"N\",\"text\":\"No?\","
	"\"type\":\"yesno\",\"answer\":\"no\"},"
	"{\"question\":\"unsure\",\"label\":\"U\",\"text\":\"Sure?\","
	"\"type\":\"yesno\",\"answer\":\"not sure\"},"
	"{\"question\":\"pain\",\"label\":\"Pain\",\"text\":\"How bad?\","
	"\"type\":\"scale\",\"answer\":7}]}";

static json_t *answer_of(json_t *qr, size_t i)
{
	return json_object_get(json_array_get(json_object_get(qr, "item"), i),
			       "answer");
}

static void fhir_response__every_kind__coded(void **state)
{
	struct store_request req = {
		.id = 12,
		.created_at = 1700000000,
		.name = "Ann Example",
		.contact = "+61 2 9999 0000",
		.answers = walk,
	};
	json_t *qr = fhir_response(&req);
	json_t *expected;
	json_t *patient;

	(void)state;
	assert_non_null(qr);
	assert_string_equal(json_string_value(
				    json_object_get(qr, "questionnaire")),
			    "urn:runcheck:questionnaire:t|2.1");
	assert_string_equal(json_string_value(json_object_get(qr, "authored")),
			    "2023-11-14T22:13:20Z");
	assert_string_equal(json_string_value(json_object_get(qr, "status")),
			    "completed");
	expected = json_loads(
		"[{\"valueCoding\":{\"code\":\"b\",\"display\":\"B\"}}]", 0,
		NULL);
	assert_true(json_equal(answer_of(qr, 0), expected));
	json_decref(expected);
	assert_int_equal(json_array_size(answer_of(qr, 1)), 2);
	assert_null(answer_of(qr, 2)); /* none picked: no answer */
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_array_get(answer_of(qr, 3), 0),
					"valueCoding"),
			"code")),
		"Y");
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_array_get(answer_of(qr, 4), 0),
					"valueCoding"),
			"code")),
		"N");
	expected = json_loads(
		"[{\"valueCoding\":{\"system\":\"http://terminology.hl7.org/"
		"CodeSystem/data-absent-reason\",\"code\":\"asked-unknown\","
		"\"display\":\"Asked But Unknown\"}}]",
		0, NULL);
	assert_true(json_equal(answer_of(qr, 5), expected));
	json_decref(expected);
	expected = json_loads("[{\"valueInteger\":7}]", 0, NULL);
	assert_true(json_equal(answer_of(qr, 6), expected));
	json_decref(expected);
	patient = json_array_get(json_object_get(qr, "contained"), 0);
	expected = json_loads(
		"{\"resourceType\":\"Patient\",\"id\":\"patient\","
		"\"name\":[{\"text\":\"Ann Example\"}],\"telecom\":[{\"system\":"
		"\"phone\",\"value\":\"+61 2 9999 0000\"}]}",
		0, NULL);
	assert_true(json_equal(patient, expected));
	json_decref(expected);
	json_decref(qr);
}

static void fhir_response__no_answers__null(void **state)
{
	struct store_request req = {.name = "A", .contact = "a@b.co"};

	(void)state;
	assert_null(fhir_response(&req));
	req.answers = "{not json";
	assert_null(fhir_response(&req));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fhir_response__every_kind__coded),
		cmocka_unit_test(fhir_response__no_answers__null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
