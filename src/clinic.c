#include "clinic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"
#include "yread.h"

enum clinic_key {
	CK_FORMAT,
	CK_NAME,
	CK_BOOKING,
	CK_PHONE,
	CK_URL,
	CK_EMERGENCY,
	CK_COUNT,
};

static const char *const clinic_keys[CK_COUNT] = {
	"format", "name", "booking", "phone", "url", "emergency_number",
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
				 "'%s' must be text", key);
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

static void read_clinic(struct yread *r, struct clinic *c)
{
	struct yread_map m;
	struct diag_pos map_pos = yread_pos(r), kpos, vpos;
	char *values[CK_COUNT] = {NULL};
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
		/* Given again after a misspelling taken for it: this one,
		 * spelt right, wins. */
		free(values[i]);
		vpos = yread_pos(r);
		values[i] = read_text(r, clinic_keys[i], &is_wrong[i]);
		if (i == CK_FORMAT && values[i] != NULL &&
		    strcmp(values[i], "runcheck-clinic/1") != 0) {
			diag_add(r->diags, DIAG_ERROR, vpos,
				 "unsupported format '%.*s'; this runcheck "
				 "reads 'runcheck-clinic/1'",
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
		if (values[i] == NULL && !is_wrong[i] && i != CK_PHONE &&
		    i != CK_URL)
			diag_add(r->diags, DIAG_ERROR, map_pos,
				 "the clinic file is missing '%s'",
				 clinic_keys[i]);
	free(values[CK_FORMAT]);
	c->name = values[CK_NAME];
	c->booking = values[CK_BOOKING];
	c->phone = values[CK_PHONE];
	c->url = values[CK_URL];
	c->emergency_number = values[CK_EMERGENCY];
}

static enum tree_status clinic_load(struct yread *r, struct diag_list *diags,
				    struct clinic **out)
{
	size_t errors_before = diags->error_count;
	struct clinic *c = mem_calloc(1, sizeof *c);
	bool has_document = false;
	enum tree_status status;

	if (c == NULL) {
		yread_finish(r);
		return TREE_NOMEM;
	}
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
		status = TREE_NOMEM;
	else if (diags->error_count > errors_before)
		status = TREE_INVALID;
	else
		status = TREE_OK;
	if (r->is_read_error)
		status = TREE_READ_ERROR;
	if (status != TREE_OK) {
		clinic_free(c);
		return status;
	}
	*out = c;
	return TREE_OK;
}

enum tree_status clinic_load_buffer(const void *data, size_t len,
				    struct diag_list *diags,
				    struct clinic **out)
{
	struct yread r;

	*out = NULL;
	if (len > TREE_MAX_FILE_SIZE) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB)",
			 TREE_MAX_FILE_SIZE);
		return TREE_INVALID;
	}
	yread_init_buffer(&r, data, len, diags);
	return clinic_load(&r, diags, out);
}

enum tree_status clinic_load_file(const char *path, struct diag_list *diags,
				  struct clinic **out)
{
	struct stat st;
	enum tree_status status;
	int saved_errno;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return TREE_CANNOT_OPEN;
	if (fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
		/* fstat said why, or it is a folder: say that. */
		saved_errno = errno;
		if (fstat(fileno(f), &st) == 0)
			saved_errno = EISDIR;
		fclose(f);
		errno = saved_errno;
		return TREE_CANNOT_OPEN;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > TREE_MAX_FILE_SIZE) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB)",
			 TREE_MAX_FILE_SIZE);
		fclose(f);
		return TREE_INVALID;
	}
	status = clinic_load_stream(f, diags, out);
	saved_errno = errno; /* of a read error */
	fclose(f);
	errno = saved_errno;
	return status;
}

enum tree_status clinic_load_stream(FILE *f, struct diag_list *diags,
				    struct clinic **out)
{
	struct yread r;
	enum tree_status status;

	*out = NULL;
	yread_init_file(&r, f, diags);
	status = clinic_load(&r, diags, out);
	if (status == TREE_READ_ERROR)
		errno = r.read_errno;
	return status;
}

/* Reads the top mapping's keys until "format"; true when its value names
 * the clinic format. */
static bool has_clinic_format(struct yread *r)
{
	static const char prefix[] = "runcheck-clinic/";
	struct yread_map m;
	const char *key, *value;
	size_t len;
	struct diag_pos pos;
	bool is_clinic = false;

	yread_map_init(&m, false);
	while (yread_map_next(r, &m, &key, &len, &pos) > 0) {
		if (len != 6 || memcmp(key, "format", 6) != 0) {
			if (!yread_skip(r))
				break;
			continue;
		}
		value = yread_type(r) == YAML_SCALAR_EVENT
				? yread_text(r, &len)
				: NULL;
		is_clinic = value != NULL && len >= sizeof prefix - 1 &&
			    memcmp(value, prefix, sizeof prefix - 1) == 0;
		break;
	}
	yread_map_finish(&m);
	return is_clinic;
}

/* Reads r to the top mapping's format key (has_clinic_format). */
static bool sniff(struct yread *r, struct diag_list *quiet)
{
	bool is_clinic = false;

	while (yread_next(r)) {
		yaml_event_type_t type = yread_type(r);

		if (type == YAML_MAPPING_START_EVENT) {
			is_clinic = has_clinic_format(r);
			break;
		}
		if (type != YAML_STREAM_START_EVENT &&
		    type != YAML_DOCUMENT_START_EVENT)
			break;
	}
	yread_finish(r);
	diag_list_clear(quiet);
	return is_clinic;
}

bool clinic_is_clinic(const void *data, size_t len)
{
	/* Its own list: what this parse finds wrong, the loader says. */
	struct diag_list quiet = {.max_kept = 1};
	struct yread r;

	yread_init_buffer(&r, data, len, &quiet);
	return sniff(&r, &quiet);
}

bool clinic_is_clinic_stream(FILE *f)
{
	struct diag_list quiet = {.max_kept = 1};
	struct yread r;
	bool is_clinic;

	yread_init_file(&r, f, &quiet);
	is_clinic = sniff(&r, &quiet);
	rewind(f);
	return is_clinic;
}

void clinic_free(struct clinic *clinic)
{
	if (clinic == NULL)
		return;
	free(clinic->name);
	free(clinic->booking);
	free(clinic->phone);
	free(clinic->url);
	free(clinic->emergency_number);
	free(clinic);
}
