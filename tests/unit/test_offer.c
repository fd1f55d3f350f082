/*
 * test_offer.c - the kiosk's "contact me" offer: scripted answers in, the
 * prompts out, and what reaches a real database file.
 */
#define _GNU_SOURCE /* nftw's FTW_DEPTH */
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "helpers.h"
#include "offer.h"
#include "store.h"
#include "tree.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct fixture {
	char dir[64];
	char path[128];
	struct tree *tree;
	/* The last run's streams. */
	FILE *in;
	char *out;
	size_t out_size;
	char *err;
	size_t err_size;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/runcheck-offer-XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof(fx->path), "%s/runcheck.db", fx->dir);
	fx->tree = helper_load_tree(helper_triage_tree());
	*state = fx;
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	return remove(path);
}

static void streams_clear(struct fixture *fx)
{
	if (fx->in)
		fclose(fx->in);
	free(fx->out);
	free(fx->err);
	fx->in = NULL;
	fx->out = NULL;
	fx->err = NULL;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	streams_clear(fx);
	nftw(fx->dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	tree_free(fx->tree);
	free(fx);
	return 0;
}

/* A walk that has reached the outcome behind option number choice. */
static struct engine *walk_to(struct fixture *fx, const char *choice)
{
	struct engine *engine = engine_new(fx->tree);

	assert_non_null(engine);
	assert_int_equal(engine_input(engine, choice), ENGINE_ANSWERED);
	assert_true(engine_is_done(engine));
	return engine;
}

/* Runs the whole offer with input as the person's typing. */
/* The clinic's retention_days that run passes (0: the default). */
static int retention_days;

static enum offer_end run(struct fixture *fx, const char *choice,
			  const char *input, size_t input_len,
			  const char *db_path)
{
	struct engine *engine = walk_to(fx, choice);
	FILE *out, *err;
	struct offer_io io;
	enum offer_end end;

	streams_clear(fx);
	fx->in = fmemopen((void *)input, input_len, "r");
	out = open_memstream(&fx->out, &fx->out_size);
	err = open_memstream(&fx->err, &fx->err_size);
	assert_non_null(fx->in);
	assert_non_null(out);
	assert_non_null(err);
	io = (struct offer_io){.in = fx->in,
			       .out = out,
			       .err = err,
			       .retention_days = retention_days};
	end = offer_run(&io, engine, db_path);
	fclose(out);
	fclose(err);
	engine_free(engine);
	return end;
}

static enum offer_end run_text(struct fixture *fx, const char *choice,
			       const char *input)
{
	return run(fx, choice, input, strlen(input), fx->path);
}

/* How many times text occurs in the output. */
static size_t occurrences(const char *haystack, const char *text)
{
	size_t n = 0;

	for (const char *p = haystack; (p = strstr(p, text)) != NULL; p++)
		n++;
	return n;
}

struct listing {
	size_t count;
	char name[128];
	char contact[128];
	char outcome[64];
	char condition[64];
	char triage[64];
	char version[64];
	int64_t kept;	    /* expires_at - created_at */
	char answers[2048]; /* "" when none */
};

static int collect(const struct store_request *req, void *ctx)
{
	struct listing *l = ctx;

	snprintf(l->name, sizeof(l->name), "%s", req->name);
	snprintf(l->contact, sizeof(l->contact), "%s", req->contact);
	snprintf(l->outcome, sizeof(l->outcome), "%s", req->outcome);
	snprintf(l->condition, sizeof(l->condition), "%s", req->condition);
	snprintf(l->triage, sizeof(l->triage), "%s", req->triage);
	snprintf(l->version, sizeof(l->version), "%s", req->tree_version);
	l->kept = req->expires_at - req->created_at;
	snprintf(l->answers, sizeof(l->answers), "%s",
		 req->answers ? req->answers : "");
	l->count++;
	return 0;
}

static struct listing stored(const char *path)
{
	struct listing l;
	struct store *store = NULL;
	char *message = NULL;

	memset(&l, 0, sizeof(l));
	if (store_open(path, STORE_EXISTING, &store, &message) ==
	    STORE_MISSING) {
		free(message);
		return l;
	}
	assert_non_null(store);
	assert_int_equal(store_each_request(store, true, collect, &l), 0);
	store_free(store);
	return l;
}

static void offer_run__consent__request_stored(void **state)
{
	struct fixture *fx = *state;
	struct listing l;

	assert_int_equal(run_text(fx, "1",
				  "y\n  Ann Example \nann@example.com\n"
				  "yes\nno\n"),
			 OFFER_SAVED);
	assert_non_null(strstr(fx->out, "Would you like the clinic to "
					"contact you to book? (y/n)"));
	assert_non_null(strstr(fx->out, "Your name:"));
	assert_non_null(strstr(fx->out, "Phone or email:"));
	assert_non_null(strstr(fx->out, "May we keep these details for 90 "
					"days so the clinic can contact"));
	assert_non_null(strstr(fx->out, "deleted after that. (y/n)"));
	assert_non_null(strstr(fx->out, "Thank you."));
	assert_string_equal(fx->err, "");
	l = stored(fx->path);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.name, "Ann Example");
	assert_string_equal(l.contact, "ann@example.com");
	assert_string_equal(l.outcome, "heel");
	assert_string_equal(l.condition, "Heel pain");
	assert_string_equal(l.triage, "consult");
	assert_string_equal(l.version, "4.2");
	assert_int_equal(l.kept, 90 * 86400);
}

/* The clinic's retention period: said in the consent question, and the
 * request expires after it. */
static void offer_run__retention_days__said_and_recorded(void **state)
{
	struct fixture *fx = *state;

	retention_days = 14;
	assert_int_equal(run_text(fx, "1", "y\nAnn\nann@example.com\ny\nn\n"),
			 OFFER_SAVED);
	retention_days = 0;
	assert_non_null(strstr(fx->out, "May we keep these details for 2 "
					"weeks so the clinic"));
	assert_int_equal(stored(fx->path).kept, 14 * 86400);
}

/* A yes to the clinician keeps the walk as the patient saw it; a no keeps
 * nothing of it. */
static void offer_run__clinician_may_see__walk_kept_or_not(void **state)
{
	struct fixture *fx = *state;
	struct listing l;

	assert_int_equal(run_text(fx, "1", "y\nAnn\nann@example.com\ny\ny\n"),
			 OFFER_SAVED);
	assert_non_null(strstr(fx->out, "May the clinician see your answers "
					"before your visit? (y/n)"));
	l = stored(fx->path);
	assert_non_null(strstr(l.answers, "\"steps\":["));
	assert_non_null(strstr(l.answers, "\"triage\":\"consult\""));
	assert_non_null(strstr(l.answers, "\"condition\":\"Heel pain\""));
	assert_non_null(strstr(l.answers, "\"version\":\"4.2\""));
	unlink(fx->path);
	assert_int_equal(run_text(fx, "1", "y\nAnn\nann@example.com\ny\nn\n"),
			 OFFER_SAVED);
	l = stored(fx->path);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.answers, "");
}

static void offer_period__table__plain_words(void **state)
{
	static const struct {
		int days;
		const char *want;
	} cases[] = {
		{1, "1 day"},	    {2, "2 days"},     {7, "1 week"},
		{14, "2 weeks"},    {56, "8 weeks"},   {63, "63 days"},
		{90, "90 days"},    {365, "1 year"},   {730, "2 years"},
		{3650, "10 years"}, {400, "400 days"},
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		offer_period(cases[i].days, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

static void offer_run__self_care__offered_too(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run_text(fx, "2", "y\nBo\n0123 456 789\ny\nn\n"),
			 OFFER_SAVED);
	assert_string_equal(stored(fx->path).triage, "self_care");
}

static void offer_run__consent_refused__nothing_stored(void **state)
{
	struct fixture *fx = *state;
	struct stat st;

	assert_int_equal(run_text(fx, "1", "y\nAnn\nann@example.com\nn\n"),
			 OFFER_NO_CONSENT);
	assert_non_null(strstr(fx->out, "Your details have not been kept."));
	assert_null(strstr(fx->out, "Thank you"));
	/* Not even a database file. */
	assert_int_equal(stat(fx->path, &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(stored(fx->path).count, 0);
}

static void offer_run__declined__nothing_more_asked(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run_text(fx, "1", "no\nAnn\n"), OFFER_DECLINED);
	assert_null(strstr(fx->out, "Your name:"));
	assert_int_equal(stored(fx->path).count, 0);
}

static void offer_run__not_bookable__nothing_asked_or_read(void **state)
{
	static const char *const choices[] = {"3", "4", "5"};
	struct fixture *fx = *state;

	for (size_t i = 0; i < COUNT(choices); i++) {
		assert_int_equal(run_text(fx, choices[i],
					  "y\nAnn\nann@example.com\ny\n"),
				 OFFER_NOT_OFFERED);
		assert_string_equal(fx->out, "");
		assert_int_equal(ftell(fx->in), 0);
	}
	assert_int_equal(stored(fx->path).count, 0);
}

static void offer_run__not_done__not_offered(void **state)
{
	struct fixture *fx = *state;
	struct engine *engine = engine_new(fx->tree);
	struct offer_io io = {.in = stdin, .out = stdout, .err = stderr};

	assert_int_equal(offer_run(&io, engine, fx->path), OFFER_NOT_OFFERED);
	engine_free(engine);
}

static void offer_run__bad_phone_and_email__asked_again(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(
		run_text(fx, "1",
			 "y\nAnn\n123\n+44 12\nann@\nann@example\n"
			 "ann @example.com\n\n+44 (20) 7946-0000\ny\nn\n"),
		OFFER_SAVED);
	assert_int_equal(occurrences(fx->out, "does not look like a phone "
					      "number"),
			 5);
	assert_int_equal(occurrences(fx->out, "Please type a phone number"), 1);
	assert_int_equal(occurrences(fx->out, "Phone or email:"), 7);
	assert_string_equal(stored(fx->path).contact, "+44 (20) 7946-0000");
}

static void offer_run__bad_names__asked_again(void **state)
{
	struct fixture *fx = *state;
	char input[512];
	char long_name[102];

	memset(long_name, 'x', 101);
	long_name[101] = '\0';
	snprintf(input, sizeof(input),
		 "y\n\n   \nA\x1b[2Jnn\n%s\nAnn\nann@example.com\ny\nn\n",
		 long_name);
	assert_int_equal(run_text(fx, "1", input), OFFER_SAVED);
	assert_int_equal(occurrences(fx->out, "Please type your name."), 2);
	assert_int_equal(occurrences(fx->out, "control characters"), 1);
	assert_int_equal(occurrences(fx->out, "at most 100 characters"), 1);
	assert_int_equal(occurrences(fx->out, "\x1b"), 0);
	assert_string_equal(stored(fx->path).name, "Ann");
}

static void offer_run__yes_no__asked_again(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(run_text(fx, "1",
				  "maybe\nYES\nAnn\nann@example.com\n"
				  "sure\nY\nN\n"),
			 OFFER_SAVED);
	assert_int_equal(occurrences(fx->out, "Please answer y or n."), 2);
}

static void offer_run__huge_lines__refused_no_crash(void **state)
{
	struct fixture *fx = *state;
	size_t huge = 4 * 1024 * 1024;
	const char *tail = "\nAnn\nann@example.com\ny\nn\n";
	char *input = malloc(2 + huge + strlen(tail) + 1);

	assert_non_null(input);
	memcpy(input, "y\n", 2);
	memset(input + 2, 'A', huge);
	strcpy(input + 2 + huge, tail);
	assert_int_equal(run_text(fx, "1", input), OFFER_SAVED);
	assert_int_equal(occurrences(fx->out, "That is too long."), 1);
	assert_string_equal(stored(fx->path).name, "Ann");
	free(input);
}

static void offer_run__nul_byte__refused(void **state)
{
	struct fixture *fx = *state;
	static const char input[] = "y\nA\0nn\nAnn\nann@example.com\ny\nn\n";

	assert_int_equal(run(fx, "1", input, sizeof(input) - 1, fx->path),
			 OFFER_SAVED);
	assert_int_equal(occurrences(fx->out, "That is too long."), 1);
	assert_string_equal(stored(fx->path).name, "Ann");
}

static void offer_run__end_of_input__stopped_nothing_stored(void **state)
{
	struct fixture *fx = *state;
	static const char *const inputs[] = {
		"",
		"y\n",
		"y\nAnn\n",
		"y\nAnn\nann@example.com\n",
		"y\nAnn\nann@example.com\nmaybe\n",
		"y\nAnn\nann@example.com\ny\n",
		"y\nAnn\nann@example.com\ny\nmaybe\n",
	};

	for (size_t i = 0; i < COUNT(inputs); i++)
		assert_int_equal(run_text(fx, "1", inputs[i]), OFFER_STOPPED);
	assert_int_equal(stored(fx->path).count, 0);
}

static void offer_run__database_fails__told_and_reported(void **state)
{
	struct fixture *fx = *state;
	static const char input[] = "y\nAnn\nann@example.com\ny\nn\n";

	/* A directory where the database should be. */
	assert_int_equal(run(fx, "1", input, strlen(input), fx->dir),
			 OFFER_NOT_SAVED);
	assert_non_null(strstr(fx->out, "Sorry, we could not save your "
					"details. Please ask at the front "
					"desk."));
	assert_null(strstr(fx->out, "Thank you"));
	assert_non_null(strstr(fx->err, "runcheck: database '"));
	assert_non_null(strstr(fx->err, fx->dir));
}

static void offer_ask__accessible__answer_prompt(void **state)
{
	struct fixture *fx = *state;
	static char input[] = "n\n";
	char *out = NULL;
	size_t size = 0;
	struct offer_contact contact;
	struct offer_io io = {.err = stderr, .is_accessible = true};

	io.in = fmemopen(input, strlen(input), "r");
	io.out = open_memstream(&out, &size);
	assert_int_equal(offer_ask(&io, TREE_CONSULT, &contact),
			 OFFER_DECLINED);
	fclose(io.in);
	fclose(io.out);
	assert_non_null(strstr(out, "Answer: "));
	assert_null(strstr(out, "> "));
	free(out);
	(void)fx;
}

static void store_contact_is_phone__table(void **state)
{
	static const struct {
		const char *text;
		bool is_phone;
	} cases[] = {
		{"01234567", true},
		{"+44 20 7946 0000", true},
		{"(020) 7946-0000", true},
		{"+1-202-555-0100", true},
		{"123456789012345", true},
		{"1234567", false},	     /* 7 digits */
		{"1234567890123456", false}, /* 16 digits */
		{"", false},
		{"++44 20 7946 0000", false},
		{"44+ 20 7946 0000", false},
		{"020 7946 0000 ext 1", false},
		{"020.7946.0000", false},
		{"0207946000O", false},
	};

	for (size_t i = 0; i < COUNT(cases); i++)
		if (store_contact_is_phone(cases[i].text) != cases[i].is_phone)
			fail_msg("store_contact_is_phone('%s') should be %d",
				 cases[i].text, cases[i].is_phone);
}

static void offer_is_email__table(void **state)
{
	static const struct {
		const char *text;
		bool is_email;
	} cases[] = {
		{"ann@example.com", true},
		{"ann.example+runs@mail.example.co.uk", true},
		{"a@b.cd", true},
		{"ann@example", false},
		{"ann@.example.com", false},
		{"ann@example.com.", false},
		{"ann@example..com", false},
		{"ann@example.c", false},
		{"@example.com", false},
		{"ann@", false},
		{"ann@@example.com", false},
		{"ann@ex@ample.com", false},
		{"ann @example.com", false},
		{"ann@exa mple.com", false},
		{".ann@example.com", false},
		{"ann.@example.com", false},
		{"an..n@example.com", false},
		{"ann@-example.com", false},
		{"ann@example-.com", false},
		{"ann\t@example.com", false},
		{"<ann>@example.com", false},
		{"", false},
	};

	for (size_t i = 0; i < COUNT(cases); i++)
		if (offer_is_email(cases[i].text) != cases[i].is_email)
			fail_msg("offer_is_email('%s') should be %d",
				 cases[i].text, cases[i].is_email);
}

static void offer_name_problem__table(void **state)
{
	char hundred[401] = "";
	char hundred_one[405];

	/* 100 characters of two bytes each is still 100 characters. */
	for (int i = 0; i < 100; i++)
		strcat(hundred, "\xc3\xa9");
	snprintf(hundred_one, sizeof(hundred_one), "%se", hundred);
	assert_null(offer_name_problem("Ann"));
	assert_null(offer_name_problem("Zoë O'Brien-Łukasz"));
	assert_null(offer_name_problem(hundred));
	assert_non_null(offer_name_problem(hundred_one));
	assert_non_null(offer_name_problem(""));
	assert_non_null(offer_name_problem("  "));
	assert_non_null(offer_name_problem("A\tnn"));
	assert_non_null(offer_name_problem("Ann\x7f"));
	assert_non_null(offer_name_problem("Ann\xc2\x9b"));	/* C1 CSI */
	assert_non_null(offer_name_problem("Ann\xe2\x80\xae")); /* RLO */
	assert_non_null(offer_name_problem("Ann\xff"));		/* not UTF-8 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(offer_run__consent__request_stored),
		T(offer_run__self_care__offered_too),
		T(offer_run__retention_days__said_and_recorded),
		T(offer_period__table__plain_words),
		T(offer_run__clinician_may_see__walk_kept_or_not),
		T(offer_run__consent_refused__nothing_stored),
		T(offer_run__declined__nothing_more_asked),
		T(offer_run__not_bookable__nothing_asked_or_read),
		T(offer_run__not_done__not_offered),
		T(offer_run__bad_phone_and_email__asked_again),
		T(offer_run__bad_names__asked_again),
		T(offer_run__yes_no__asked_again),
		T(offer_run__huge_lines__refused_no_crash),
		T(offer_run__nul_byte__refused),
		T(offer_run__end_of_input__stopped_nothing_stored),
		T(offer_run__database_fails__told_and_reported),
		T(offer_ask__accessible__answer_prompt),
		T(store_contact_is_phone__table),
		T(offer_is_email__table),
		T(offer_name_problem__table),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
