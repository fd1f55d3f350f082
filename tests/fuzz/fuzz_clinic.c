/*
 * fuzz_clinic.c - libFuzzer target for the clinic file loader
 * (clinic_load_buffer): YREAD_OK with the required fields set, or
 * YREAD_INVALID with readable diagnostics; never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>

#include "clinic.h"
#include "diag.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = {.file = "fuzz-clinic.yaml"};
	struct clinic *c = NULL;
	enum yread_status status = clinic_load_buffer(data, size, &diags, &c);

	fuzz_check_diags(&diags, status, c != NULL);
	if (c != NULL) {
		FUZZ_CHECK(c->name != NULL && c->name[0] != '\0');
		FUZZ_CHECK(c->booking != NULL && c->booking[0] != '\0');
		FUZZ_CHECK(c->emergency_number != NULL &&
			   c->emergency_number[0] != '\0');
		FUZZ_CHECK(c->phone == NULL || c->phone[0] != '\0');
		FUZZ_CHECK(c->url == NULL || c->url[0] != '\0');
	}
	clinic_free(c);
	diag_list_clear(&diags);
	return 0;
}
