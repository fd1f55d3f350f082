/*
 * fhir.h - FHIR R4 JSON for the practice software: the tree as a
 * Questionnaire, and a request whose patient let the clinician see the
 * answers as a QuestionnaireResponse that answers it.
 *
 * The questionnaire's canonical URL is urn:runcheck:questionnaire:ID (the
 * tree's id) and its version the tree's; a response names it as
 * urn:runcheck:questionnaire:ID|VERSION. An item's linkId is the
 * question's id. Answers are coded as the questionnaire offers them: a
 * choice or multi option as a Coding (its id, or else its number from 1,
 * and its text), yes and no as HL7 v2 table 0136 Y and N, not sure as the
 * data-absent-reason asked-unknown, a scale as an integer.
 *
 * Built with jansson; nothing here prints.
 */
#ifndef RUNCHECK_FHIR_H
#define RUNCHECK_FHIR_H

#include <jansson.h>

#include "store.h"
#include "tree.h"

/* The code systems of yes/no and of not sure. */
#define FHIR_YESNO_SYSTEM "http://terminology.hl7.org/CodeSystem/v2-0136"
#define FHIR_ABSENT_SYSTEM                                                     \
	"http://terminology.hl7.org/CodeSystem/data-absent-reason"

/* The tree as a Questionnaire resource. A new reference, or NULL when out
 * of memory. */
json_t *fhir_questionnaire(const struct tree *tree);

/*
 * The request as a QuestionnaireResponse (status completed, authored when
 * it was made), its answers from req->answers (result_walk_json's text),
 * and the contact in a contained Patient (name and telecom only). NULL
 * when req has no answers, they cannot be read, or out of memory.
 */
json_t *fhir_response(const struct store_request *req);

/* A Bundle of type collection, entries added with fhir_bundle_add. */
json_t *fhir_bundle_new(void);

/* Adds resource (the reference is taken) to bundle. Returns 0 or -1. */
int fhir_bundle_add(json_t *bundle, json_t *resource);

#endif
