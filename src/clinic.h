/*
 * clinic.h - load the clinic file (format runcheck-clinic/1): who to book
 * with and the emergency number, kept apart from the tree so that one tree
 * serves many clinics. Same YAML rules and diagnostics as tree.h.
 */
#ifndef RUNCHECK_CLINIC_H
#define RUNCHECK_CLINIC_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "tree.h"

struct clinic {
	char *name;
	char *booking;	     /* how to book: clinic_booking picks the text */
	char *booking_kiosk; /* at the kiosk; NULL when absent or empty */
	char *booking_home;  /* anywhere else; NULL likewise */
	char *phone; /* NULL when absent or empty */
	char *url;   /* NULL when absent or empty */
	char *emergency_number;
};

/*
 * Loads the clinic file at path. On TREE_OK *out is a new clinic owned by
 * the caller (clinic_free); otherwise *out is NULL and diags says why.
 */
enum tree_status clinic_load_file(const char *path, struct diag_list *diags,
				  struct clinic **out);
enum tree_status clinic_load_buffer(const void *data, size_t len,
				    struct diag_list *diags,
				    struct clinic **out);

/*
 * How to book, where the person is: booking_kiosk at the kiosk, else
 * booking_home, each falling back to booking when the file leaves it out.
 */
const char *clinic_booking(const struct clinic *clinic, bool is_kiosk);

/* clinic_free(NULL) does nothing. */
void clinic_free(struct clinic *clinic);

#endif
