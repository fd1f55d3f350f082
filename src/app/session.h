/*
 * session.h - a walk's figures for the clinic's statistics: what the kiosk
 * stores of each walk once it ends (store_add_session). Kept out of the
 * store, which knows rows and not walks, and out of the core, which knows
 * walks and not the database.
 */
#ifndef RUNCHECK_SESSION_H
#define RUNCHECK_SESSION_H

#include <stdint.h>

#include "engine.h"
#include "store.h"

/*
 * Fills session with the figures of a walk that started at started and
 * ended at ended (seconds since the epoch): the outcome when the walk is
 * done, else the question it stopped at. Strings are borrowed from the
 * engine's tree. has_request is left false.
 */
void session_of_walk(struct store_session *session, const struct engine *engine,
		     int64_t started, int64_t ended);

#endif
