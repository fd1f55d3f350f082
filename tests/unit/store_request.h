/*
 * store_request.h - the booking request that the store's tests write
 * (tests/unit/test_store.c and tests/e2e/store_tool.c): a request for
 * plantar heel pain, tree version 1.0, from the name and contact given,
 * at triage, made at created_at. Include after store.h.
 */
#ifndef RUNCHECK_TEST_STORE_REQUEST_H
#define RUNCHECK_TEST_STORE_REQUEST_H

static inline struct store_request test_request(const char *name,
						const char *contact,
						const char *triage,
						int64_t created_at)
{
	struct store_request req = {
		.created_at = created_at,
		.name = name,
		.contact = contact,
		.outcome = "plantar",
		.condition = "Plantar fasciitis (plantar heel pain)",
		.triage = triage,
		.tree_version = "1.0",
	};

	return req;
}

#endif
