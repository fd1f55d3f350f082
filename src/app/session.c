/*
 * session.c - a walk's figures for the clinic's statistics (session.h).
 */
#include "session.h"

#include <string.h>
#include <time.h>

#include "tree.h"

void session_of_walk(struct store_session *session, const struct engine *engine,
		     int64_t started, int64_t ended)
{
	const struct tree *tree = engine_tree(engine);
	time_t t = (time_t)started;
	struct tm tm;

	memset(session, 0, sizeof(*session));
	if (localtime_r(&t, &tm))
		strftime(session->day, sizeof(session->day), "%Y-%m-%d", &tm);
	if (engine_is_done(engine)) {
		const struct tree_outcome *o =
			tree_outcome(tree, engine_outcome(engine));

		session->outcome = o->id;
		session->triage = tree_triage_name(o->triage);
	} else {
		session->abandoned_at =
			tree_question(tree, engine_question(engine))->id;
	}
	session->tree_version = tree_version(tree);
	session->answers = (int64_t)engine_step_count(engine);
	session->duration = ended > started ? ended - started : 0;
}
