/*
 * clinic.h - load the clinic file (format runcheck-clinic/1): who to book
 * with and the emergency number, kept apart from the tree so that one tree
 * serves many clinics. Same YAML rules and diagnostics as tree.h.
 */
#ifndef RUNCHECK_CLINIC_H
#define RUNCHECK_CLINIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "yread.h"

/* The most languages a clinic file may list (runcheck speaks fewer). */
#define CLINIC_MAX_LANGUAGES 16

struct lang;

struct clinic {
	char *name;
	char *booking;	     /* how to book: clinic_booking picks the text */
	char *booking_kiosk; /* at the kiosk; NULL when absent or empty */
	char *booking_home;  /* anywhere else; NULL likewise */
	char *phone;	     /* NULL when absent or empty */
	char *url;	     /* NULL when absent or empty */
	char *emergency_number;
	/* Where the booking texts' values start (0 and 0 when absent). */
	struct diag_pos booking_pos, booking_kiosk_pos, booking_home_pos;
	/* 'languages': the languages offered at the kiosk, the first the
	 * default; English alone when the file leaves it out. */
	const struct lang *languages[CLINIC_MAX_LANGUAGES];
	size_t language_count;
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

/*
 * Translation, as tree_each_text and tree_translate (tree.h) for a tree,
 * with callbacks of the same types:
 * the booking sentences are the clinic's texts a person sees, with the
 * msgctxts "clinic booking", "clinic booking_kiosk" and
 * "clinic booking_home" (text domain "runcheck-clinic"), each given with
 * the line and column of its value; a text left out has no place. The
 * name (a proper name), phone, url and emergency number are not
 * translated. clinic_translate returns false when out of memory.
 */
typedef void clinic_text_fn(void *ctx, const char *msgctxt, const char *msgid,
			    uint32_t line, uint32_t column);
typedef const char *clinic_translate_fn(void *ctx, const char *msgctxt,
					const char *msgid);
void clinic_each_text(const struct clinic *clinic, clinic_text_fn *fn,
		      void *ctx);
bool clinic_translate(struct clinic *clinic, clinic_translate_fn *fn,
		      void *ctx);

/* clinic_free(NULL) does nothing. */
void clinic_free(struct clinic *clinic);

#endif
