#include "clinic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang.h"
#include "mem.h"
#include "yread.h"

/* What the format key of a clinic file starts with (clinic_is_clinic). */
#define CLINIC_FORMAT_PREFIX "runcheck-clinic/"

enum clinic_key {
	CK_FORMAT,
	CK_NAME,
	CK_BOOKING,
	CK_BOOKING_KIOSK,
	CK_BOOKING_HOME,
	CK_PHONE,
	CK_URL,
	CK_EMERGENCY,
	CK_RETENTION,
	CK_LANGUAGES,
	CK_COUNT,
};

static const char *const clinic_keys[CK_COUNT] = {
	"format", "name", "booking",	      "booking_kiosk",	"booking_home",
	"phone",  "url",  "emergency_number", "retention_days", "languages",
};

static int quote_len(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

/* Reads a text value: a new copy, NULL when missing (empty or null), or
 * NULL with *is_wrong set when it is not text (reported). */
static char *read_text(struct yread *r, const char *key, bool *is_wrong)
{
	const char *s;
	size_t len;
	char *copy;

	*is_wrong = false;
	if (yread_type(r) != YAML_SCALAR_EVENT) {
		if (yread_type(r) != YAML_ALIAS_EVENT)
			diag_add(r->diags, DIAG_ERROR, yread_pos(r),
				 "'%s' must be %s", key,
				 strcmp(key, "retention_days") == 0
					 ? "a whole number of days"
					 : "text");
		yread_skip(r);
		*is_wrong = true;
		return NULL;
	}
	if (yread_is_null(r))
		return NULL;
	s = yread_text(r, &len);
	copy = mem_strndup(s, len);
	if (copy == NULL) {
		r->is_oom = true;
		r->diags->is_oom = true;
	}
	return copy;
}

/* A number of days from 1 to CLINIC_MAX_RETENTION_DAYS, digits only. */
static bool parse_days(const char *text, int *days)
{
	long n = 0;

	if (*text == '\0' || strlen(text) > 5)
		return false;
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n < 1 || n > CLINIC_MAX_RETENTION_DAYS)
		return false;
	*days = (int)n;
	return true;
}

static bool is_optional(int key)
{
	return key == CK_PHONE || key == CK_URL || key == CK_BOOKING_KIOSK ||
	       key == CK_BOOKING_HOME || key == CK_RETENTION ||
	       key == CK_LANGUAGES;
}

/* Reads 'languages': a list of names lang_find knows, each once. Returns
 * false when it is wrong (reported). */
static bool read_languages(struct yread *r, struct clinic *c)
{
	struct diag_pos list_pos = yread_pos(r);
	bool is_ok = true;

	c->language_count = 0;
	if (yread_type(r) != YAML_SEQUENCE_START_EVENT) {
		if (yread_type(r) != YAML_ALIAS_EVENT)
			diag_add(r->diags, DIAG_ERROR, list_pos,
				 "'languages' must be a list of language "
				 "names, such as [en, zh-Hans, vi]");
		yread_skip(r);
		return false;
	}
	while (yread_next(r) && yread_type(r) != YAML_SEQUENCE_END_EVENT) {
		struct diag_pos pos = yread_pos(r);
		const struct lang *lang = NULL;
		const char *name;
		size_t len;

		if (yread_type(r) != YAML_SCALAR_EVENT) {
			if (yread_type(r) != YAML_ALIAS_EVENT)
				diag_add(r->diags, DIAG_ERROR, pos,
					 "an item of 'languages' must be a "
					 "language name");
			yread_skip(r);
			is_ok = false;
			continue;
		}
		name = yread_text(r, &len);
		if (strlen(name) == len)
			lang = lang_find(name);
		if (lang == NULL) {
			diag_add(r->diags, DIAG_ERROR, pos,
				 "unknown language '%.*s' in 'languages'; "
				 "runcheck speaks %s",
				 quote_len(len), name, lang_tags());
			is_ok = false;
			continue;
		}
		for (size_t k = 0; k < c->language_count; k++)
			if (c->languages[k] == lang) {
				diag_add(r->diags, DIAG_ERROR, pos,
					 "'languages' names %s twice",
					 lang->tag);
				lang = NULL;
				is_ok = false;
				break;
			}
		if (lang != NULL && c->language_count < CLINIC_MAX_LANGUAGES)
			c->languages[c->language_count++] = lang;
	}
	if (is_ok && c->language_count == 0 && !r->is_broken) {
		diag_add(r->diags, DIAG_ERROR, list_pos,
			 "'languages' names no language; leave it out for "
			 "English only");
		is_ok = false;
	}
	return is_ok;
}

static void read_clinic(struct yread *r, struct clinic *c)
{
	struct yread_map m;
	struct diag_pos map_pos = yread_pos(r), kpos, vpos;
	char *values[CK_COUNT] = {NULL};
	struct diag_pos value_pos[CK_COUNT] = {{0, 0}};
	bool is_wrong[CK_COUNT] = {false};
	const char *key;
	size_t len;
	int i;

	yread_map_init(&m, true);
	while (yread_map_next(r, &m, &key, &len, &kpos) > 0) {
		for (i = 0; i < CK_COUNT; i++)
			if (strcmp(key, clinic_keys[i]) == 0)
				break;
		if (i == CK_COUNT) {
			/* A misspelt key is read as the one suggested, so
			 * that it is not also missing. */
			i = yread_unknown_key(r, kpos, key, len, "",
					      clinic_keys, CK_COUNT);
			if (i < 0 || values[i] != NULL || is_wrong[i]) {
				yread_skip(r);
				continue;
			}
		}
		if (i == CK_LANGUAGES) {
			is_wrong[i] = !read_languages(r, c);
			continue;
		}
		/* Given again after a misspelling taken for it: this one,
		 * spelt right, wins. */
		free(values[i]);
		vpos = yread_pos(r);
		values[i] = read_text(r, clinic_keys[i], &is_wrong[i]);
		value_pos[i] = vpos;
		if (i == CK_FORMAT && values[i] != NULL &&
		    strcmp(values[i], "runcheck-clinic/1") != 0) {
			diag_add(r->diags, DIAG_ERROR, vpos,
				 "unsupported format '%.*s'; this runcheck "
				 "reads 'runcheck-clinic/1'",
				 quote_len(strlen(values[i])), values[i]);
			is_wrong[i] = true;
		}
		if (i == CK_RETENTION && values[i] != NULL &&
		    !parse_days(values[i], &c->retention_days)) {
			diag_add(r->diags, DIAG_ERROR, vpos,
				 "'retention_days' must be a whole number of "
				 "days from 1 to %d, not '%.*s'",
				 CLINIC_MAX_RETENTION_DAYS,
				 quote_len(strlen(values[i])), values[i]);
			is_wrong[i] = true;
		}
		if (i == CK_URL && values[i] != NULL &&
		    strncmp(values[i], "https://", 8) != 0 &&
		    strncmp(values[i], "http://", 7) != 0) {
			diag_add(r->diags, DIAG_ERROR, vpos,
				 "'url' must start with https:// or http://, "
				 "not '%.*s'",
				 quote_len(strlen(values[i])), values[i]);
			is_wrong[i] = true;
		}
	}
	yread_map_finish(&m);
	for (i = 0; i < CK_COUNT && !r->is_broken; i++)
		if (values[i] == NULL && !is_wrong[i] && !is_optional(i))
			diag_add(r->diags, DIAG_ERROR, map_pos,
				 "the clinic file is missing '%s'",
				 clinic_keys[i]);
	free(values[CK_FORMAT]);
	free(values[CK_RETENTION]);
	c->name = values[CK_NAME];
	c->booking = values[CK_BOOKING];
	c->booking_kiosk = values[CK_BOOKING_KIOSK];
	c->booking_home = values[CK_BOOKING_HOME];
	c->phone = values[CK_PHONE];
	c->url = values[CK_URL];
	c->emergency_number = values[CK_EMERGENCY];
	c->booking_pos = value_pos[CK_BOOKING];
	c->booking_kiosk_pos = value_pos[CK_BOOKING_KIOSK];
	c->booking_home_pos = value_pos[CK_BOOKING_HOME];
}

static enum yread_status clinic_load(struct yread *r, struct diag_list *diags,
				     struct clinic **out)
{
	size_t errors_before = diags->error_count;
	struct clinic *c = mem_calloc(1, sizeof *c);
	bool has_document = false;
	enum yread_status status;

	if (c == NULL) {
		yread_finish(r);
		return YREAD_NOMEM;
	}
	c->retention_days = CLINIC_DEFAULT_RETENTION_DAYS;
	c->languages[0] = lang_find("en");
	c->language_count = 1;
	while (yread_next(r)) {
		if (yread_type(r) == YAML_STREAM_END_EVENT) {
			if (!has_document)
				diag_add(diags, DIAG_ERROR,
					 (struct diag_pos){1, 1},
					 "the file is empty");
			break;
		}
		if (yread_type(r) != YAML_DOCUMENT_START_EVENT)
			continue;
		if (has_document) {
			diag_add(diags, DIAG_ERROR, yread_pos(r),
				 "more than one document; a clinic file is "
				 "one document");
			break;
		}
		has_document = true;
		if (!yread_next(r))
			break;
		if (yread_type(r) == YAML_MAPPING_START_EVENT) {
			read_clinic(r, c);
		} else {
			if (yread_type(r) != YAML_ALIAS_EVENT)
				diag_add(diags, DIAG_ERROR, yread_pos(r),
					 "the document must be a mapping");
			yread_skip(r);
		}
	}
	yread_finish(r);
	if (r->is_oom || diags->is_oom)
		status = YREAD_NOMEM;
	else if (diags->error_count > errors_before)
		status = YREAD_INVALID;
	else
		status = YREAD_OK;
	if (r->is_read_error)
		status = YREAD_READ_ERROR;
	if (status != YREAD_OK) {
		clinic_free(c);
		return status;
	}
	*out = c;
	return YREAD_OK;
}

enum yread_status clinic_load_buffer(const void *data, size_t len,
				     struct diag_list *diags,
				     struct clinic **out)
{
	struct yread r;

	*out = NULL;
	if (len > YREAD_MAX_FILE_SIZE) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB)",
			 YREAD_MAX_FILE_SIZE);
		return YREAD_INVALID;
	}
	yread_init_buffer(&r, data, len, diags);
	return clinic_load(&r, diags, out);
}

/* clinic_load_stream, as a yread_load_fn: ctx is the struct clinic **. */
static enum yread_status load_opened(FILE *f, struct diag_list *diags,
				     void *ctx)
{
	return clinic_load_stream(f, diags, ctx);
}

enum yread_status clinic_load_file(const char *path, struct diag_list *diags,
				   struct clinic **out)
{
	*out = NULL;
	return yread_load_file(path, diags, load_opened, out);
}

enum yread_status clinic_load_stream(FILE *f, struct diag_list *diags,
				     struct clinic **out)
{
	struct yread r;
	enum yread_status status;

	*out = NULL;
	yread_init_file(&r, f, diags);
	status = clinic_load(&r, diags, out);
	if (status == YREAD_READ_ERROR)
		errno = r.read_errno;
	return status;
}

bool clinic_is_clinic(const void *data, size_t len)
{
	return yread_format_is(data, len, CLINIC_FORMAT_PREFIX);
}

bool clinic_is_clinic_stream(FILE *f)
{
	return yread_format_is_stream(f, CLINIC_FORMAT_PREFIX);
}

void clinic_free(struct clinic *clinic)
{
	if (clinic == NULL)
		return;
	free(clinic->name);
	free(clinic->booking);
	free(clinic->booking_kiosk);
	free(clinic->booking_home);
	free(clinic->phone);
	free(clinic->url);
	free(clinic->emergency_number);
	free(clinic);
}

const char *clinic_booking(const struct clinic *clinic, bool is_kiosk)
{
	const char *text = is_kiosk ? clinic->booking_kiosk
				    : clinic->booking_home;

	return text ? text : clinic->booking;
}

/* The booking texts: each one's slot, place and position, in file order
 * of the format's keys. */
struct clinic_text {
	char **slot;
	const char *msgctxt;
	struct diag_pos pos;
};

static void clinic_texts(struct clinic *c, struct clinic_text out[3])
{
	out[0] = (struct clinic_text){&c->booking, "clinic booking",
				      c->booking_pos};
	out[1] = (struct clinic_text){&c->booking_kiosk, "clinic booking_kiosk",
				      c->booking_kiosk_pos};
	out[2] = (struct clinic_text){&c->booking_home, "clinic booking_home",
				      c->booking_home_pos};
}

void clinic_each_text(const struct clinic *clinic, clinic_text_fn *fn,
		      void *ctx)
{
	struct clinic_text texts[3];

	/* Only read through the slots. */
	clinic_texts((struct clinic *)clinic, texts);
	for (int i = 0; i < 3; i++)
		if (*texts[i].slot != NULL)
			fn(ctx, texts[i].msgctxt, *texts[i].slot,
			   texts[i].pos.line, texts[i].pos.column);
}

bool clinic_translate(struct clinic *clinic, clinic_translate_fn *fn, void *ctx)
{
	struct clinic_text texts[3];

	clinic_texts(clinic, texts);
	for (int i = 0; i < 3; i++) {
		const char *tr;
		char *copy;

		if (*texts[i].slot == NULL)
			continue;
		tr = fn(ctx, texts[i].msgctxt, *texts[i].slot);
		if (tr == NULL || strcmp(tr, *texts[i].slot) == 0)
			continue;
		copy = mem_strndup(tr, strlen(tr));
		if (copy == NULL)
			return false;
		free(*texts[i].slot);
		*texts[i].slot = copy;
	}
	return true;
}
