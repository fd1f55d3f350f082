/*
 * clinic.h - load the clinic file (format runcheck-clinic/1): who to book
 * with and the emergency number, kept apart from the tree so that one tree
 * serves many clinics. Same YAML rules and diagnostics as tree.h.
 */
#ifndef RUNCHECK_CLINIC_H
#define RUNCHECK_CLINIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "yread.h"

struct clinic {
	char *name;
	char *booking;	     /* how to book: clinic_booking picks the text */
	char *booking_kiosk; /* at the kiosk; NULL when absent or empty */
	char *booking_home;  /* anywhere else; NULL likewise */
	char *phone; /* NULL when absent or empty */
	char *url;   /* NULL when absent or empty */
	char *emergency_number;
	int retention_days; /* how long a contact request is kept: 1 to
			       CLINIC_MAX_RETENTION_DAYS, else
			       CLINIC_DEFAULT_RETENTION_DAYS */
};

/* The longest retention_days a clinic file may give: ten years. */
#define CLINIC_MAX_RETENTION_DAYS 3650

/* How long a request is kept when the clinic file does not say, in days
 * (the store's STORE_DEFAULT_RETENTION_DAYS too). */
#define CLINIC_DEFAULT_RETENTION_DAYS 90

/*
 * Loads the clinic file at path. On YREAD_OK *out is a new clinic owned by
 * the caller (clinic_free); otherwise *out is NULL and diags says why.
 */
enum yread_status clinic_load_file(const char *path, struct diag_list *diags,
				  struct clinic **out);
enum yread_status clinic_load_buffer(const void *data, size_t len,
				    struct diag_list *diags,
				    struct clinic **out);

/*
 * True when the len bytes at data are a YAML mapping whose top-level
 * "format" key names the clinic format (a text starting
 * "runcheck-clinic/", quoted or not, the key quoted or not): how lint
 * tells a clinic file from a tree, from the input it has read once.
 * Parsing stops at that key; anything that is not such a file, a broken
 * one included, is a tree, whose checks then say what is wrong.
 */
bool clinic_is_clinic(const void *data, size_t len);

/* As clinic_is_clinic, for a regular file open at its start: read from
 * there, and left at its start again (rewind) for the loader. */
bool clinic_is_clinic_stream(FILE *f);

/* As clinic_load_file, from a file already open, read from where it
 * stands (not closed); see tree_load_stream. */
enum yread_status clinic_load_stream(FILE *f, struct diag_list *diags,
				    struct clinic **out);

/*
 * How to book, where the person is: booking_kiosk at the kiosk, else
 * booking_home, each falling back to booking when the file leaves it out.
 */
const char *clinic_booking(const struct clinic *clinic, bool is_kiosk);

/* clinic_free(NULL) does nothing. */
void clinic_free(struct clinic *clinic);

#endif
