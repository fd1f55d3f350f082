/*
 * offer.c - the kiosk's "contact me" offer and its consent.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "i18n.h"
#include "l10n.h"
#include "offer.h"
#include "result.h"
#include "term.h"
#include "text.h"
#include "wrap.h"

enum read_status {
	READ_LINE,
	READ_TOO_LONG, /* longer than OFFER_MAX_LINE or holding a NUL */
	READ_EOF,
	READ_BACK, /* B or back, where the question takes it */
	READ_IDLE,
	READ_ERROR,
};

struct asker {
	const struct offer_io *io;
	bool has_failed; /* a write failed; errno kept */
	int write_errno;
	char line[OFFER_MAX_LINE + 1];
};

static void put(struct asker *a, const char *text)
{
	if (a->has_failed)
		return;
	if (fputs(text, a->io->out) == EOF) {
		a->has_failed = true;
		a->write_errno = errno;
	}
}

/* A sentence, wrapped to the width, on a line of its own. */
static void say(struct asker *a, const char *text)
{
	char *wrapped = text_wrap(text, a->io->width ? a->io->width : 80, 0, 0);

	if (!wrapped) {
		if (!a->has_failed) {
			a->has_failed = true;
			a->write_errno = ENOMEM;
		}
		return;
	}
	put(a, wrapped);
	free(wrapped);
}

static bool is_stopped(const struct offer_io *io)
{
	return io->stop_flag && *io->stop_flag;
}

static bool offer_on_wake(void *ctx)
{
	return is_stopped(ctx);
}

/*
 * Reads one byte from a terminal, waiting at most until deadline_ms on
 * term_now_ms's clock (less than 0: for ever). Returns 1, 0 at end of
 * input or when stopped, -1 on an error, -2 when the time is up.
 */
static int read_tty_byte(const struct offer_io *io, int fd,
			 long long deadline_ms, char *c)
{
	size_t got;

	switch (term_read(fd, c, 1, deadline_ms, offer_on_wake, (void *)io,
			  &got)) {
	case TERM_WAIT_INPUT:
		return 1;
	case TERM_WAIT_TIMEOUT:
		return -2;
	case TERM_WAIT_END:
		return errno == 0 ? 0 : -1;
	case TERM_WAIT_STOP:
	default:
		return 0;
	}
}

/*
 * Reads a line into a->line, keeping at most OFFER_MAX_LINE bytes and
 * dropping the rest, so that a line of any length costs nothing more.
 */
static enum read_status read_line(struct asker *a)
{
	const struct offer_io *io = a->io;
	int fd = fileno(io->in);
	bool is_tty = fd >= 0 && isatty(fd);
	long long deadline_ms = -1;
	bool is_too_long = false;
	size_t n = 0;

	if (fflush(io->out) == EOF && !a->has_failed) {
		a->has_failed = true;
		a->write_errno = errno;
	}
	if (is_tty && io->idle_ms > 0)
		deadline_ms = term_now_ms() + io->idle_ms;
	for (;;) {
		char c;
		int got;

		if (is_tty) {
			got = read_tty_byte(io, fd, deadline_ms, &c);
		} else {
			int ch = getc(io->in);

			got = ch == EOF ? (ferror(io->in) ? -1 : 0) : 1;
			c = (char)ch;
		}
		if (got == -2)
			return READ_IDLE;
		if (got < 0)
			return READ_ERROR;
		if (got == 0) {
			if (is_stopped(io) || (n == 0 && !is_too_long))
				return READ_EOF;
			break;
		}
		if (c == '\n')
			break;
		if (c == '\0' || n == OFFER_MAX_LINE)
			is_too_long = true;
		else
			a->line[n++] = c;
	}
	if (n > 0 && a->line[n - 1] == '\r')
		n--;
	a->line[n] = '\0';
	return is_too_long ? READ_TOO_LONG : READ_LINE;
}

/* Trims white space at both ends of a->line, in place. */
static char *trimmed(struct asker *a)
{
	char *s = a->line + strspn(a->line, " \t\r\v\f");
	size_t len = strlen(s);

	while (len > 0 && strchr(" \t\r\v\f", s[len - 1]))
		s[--len] = '\0';
	return s;
}

static enum offer_end end_of(enum read_status status)
{
	switch (status) {
	case READ_EOF:
		return OFFER_STOPPED;
	case READ_BACK:
		return OFFER_BACK;
	case READ_IDLE:
		return OFFER_IDLE;
	default:
		return OFFER_IO_ERROR;
	}
}

/* Asks the question until a line is read; READ_LINE or the end. */
static enum read_status ask_line(struct asker *a, const char *question,
				 const char **answer)
{
	const char *prompt = a->io->is_accessible ? _("Answer: ") : "> ";

	for (;;) {
		enum read_status status;

		put(a, "\n");
		say(a, question);
		put(a, prompt);
		if (a->has_failed)
			return READ_ERROR;
		status = read_line(a);
		if (status == READ_LINE) {
			*answer = trimmed(a);
			return READ_LINE;
		}
		if (status != READ_TOO_LONG)
			return status;
		say(a, _("That is too long."));
	}
}

/* Asks a yes/no question until the answer is one; with may_go_back, B
 * or back ends it with READ_BACK. */
static enum read_status ask_yes_no(struct asker *a, const char *question,
				   bool may_go_back, bool *is_yes)
{
	for (;;) {
		const char *answer;
		enum read_status status = ask_line(a, question, &answer);

		if (status != READ_LINE)
			return status;
		/* In English, and in the language in use. */
		if (l10n_is_yes(answer)) {
			*is_yes = true;
			return READ_LINE;
		}
		if (l10n_is_no(answer)) {
			*is_yes = false;
			return READ_LINE;
		}
		if (may_go_back && (text_equal_fold(answer, "b") ||
				    text_equal_fold(answer, "back")))
			return READ_BACK;
		say(a, may_go_back ? _("Please answer y or n. To read the "
				       "result again, type B.")
				   : _("Please answer y or n."));
	}
}

/* A control character, or a character that reorders text (bidi
 * controls), which could make a listing lie about what was typed. */
static bool is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	       (cp >= 0x200e && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

const char *offer_name_problem(const char *s)
{
	size_t len = strlen(s);
	size_t chars = 0;
	bool is_blank = true;

	if (!text_utf8_valid(s, len))
		return _("That name holds characters that cannot be read.");
	for (size_t i = 0; i < len;) {
		uint32_t cp;

		i += text_utf8_decode(s + i, len - i, &cp);
		if (is_control(cp))
			return _("A name cannot hold control characters.");
		if (cp != ' ' && cp != '\t')
			is_blank = false;
		chars++;
	}
	if (is_blank)
		return _("Please type your name.");
	if (chars > OFFER_MAX_NAME)
		return _("That name is too long: at most 100 characters.");
	return NULL;
}

/* A domain: labels of letters, digits, hyphens (not at either end) or
 * non-ASCII bytes, joined by single dots, at least two, the last at least
 * two characters long. */
static bool is_domain(const char *d)
{
	size_t labels = 0;
	size_t label_len = 0;

	for (const char *p = d;; p++) {
		if (*p == '.' || *p == '\0') {
			if (label_len == 0 || p[-1] == '-')
				return false;
			labels++;
			if (*p == '\0')
				break;
			label_len = 0;
			continue;
		}
		if (*p == '-' && label_len == 0)
			return false;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' ||
		      (unsigned char)*p >= 0x80))
			return false;
		label_len++;
	}
	return labels >= 2 && label_len >= 2;
}

bool offer_is_email(const char *s)
{
	const char *at = strchr(s, '@');
	size_t len = strlen(s);

	if (!at || strchr(at + 1, '@') || at == s || at - s > 64 ||
	    len > STORE_MAX_CONTACT || !text_utf8_valid(s, len))
		return false;
	for (const char *p = s; p < at; p++) {
		unsigned char c = (unsigned char)*p;

		if (c <= 0x20 || c == 0x7f || strchr("\"(),:;<>[\\]", c))
			return false;
	}
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return false;
	return is_domain(at + 1);
}

/* Copies what was typed into a field of the contact. */
static void keep(char *field, size_t size, const char *s)
{
	size_t len = strlen(s);

	assert(len < size);
	memcpy(field, s, len + 1);
}

static enum read_status ask_name(struct asker *a, struct offer_contact *contact)
{
	for (;;) {
		const char *answer;
		const char *problem;
		enum read_status status = ask_line(a, _("Your name:"), &answer);

		if (status != READ_LINE)
			return status;
		problem = offer_name_problem(answer);
		if (!problem && strlen(answer) <= STORE_MAX_NAME) {
			keep(contact->name, sizeof(contact->name), answer);
			return READ_LINE;
		}
		say(a, problem ? problem : _("That name is too long."));
	}
}

static enum read_status ask_contact(struct asker *a,
				    struct offer_contact *contact)
{
	for (;;) {
		const char *answer;
		enum read_status status =
			ask_line(a, _("Phone or email:"), &answer);

		if (status != READ_LINE)
			return status;
		if (strlen(answer) <= STORE_MAX_CONTACT &&
		    (store_contact_is_phone(answer) ||
		     offer_is_email(answer))) {
			keep(contact->contact, sizeof(contact->contact),
			     answer);
			return READ_LINE;
		}
		if (*answer == '\0')
			say(a, _("Please type a phone number or an email "
				 "address."));
		else
			say(a, _("That does not look like a phone number (8 "
				 "to 15 digits) or an email address "
				 "(name@example.com)."));
	}
}

/* Forgets what was typed: the memory may be reused by the next person's
 * session, or end up in a core file. */
static void wipe(struct asker *a, struct offer_contact *contact)
{
	explicit_bzero(a->line, sizeof(a->line));
	if (contact)
		explicit_bzero(contact, sizeof(*contact));
}

static enum offer_end finish(struct asker *a, enum offer_end end)
{
	if (!a->has_failed && fflush(a->io->out) == EOF) {
		a->has_failed = true;
		a->write_errno = errno;
	}
	if (a->has_failed) {
		errno = a->write_errno;
		return OFFER_IO_ERROR;
	}
	return end;
}

/* The days the details are kept, io's or the default. */
static int retention_of(const struct offer_io *io)
{
	return io->retention_days > 0 ? io->retention_days
				      : STORE_DEFAULT_RETENTION_DAYS;
}

void offer_period(int days, char *buf, size_t size)
{
	if (days % 365 == 0)
		snprintf(buf, size,
			 P_("%d year", "%d years", (unsigned long)(days / 365)),
			 days / 365);
	else if (days % 7 == 0 && days <= 8 * 7)
		snprintf(buf, size,
			 P_("%d week", "%d weeks", (unsigned long)(days / 7)),
			 days / 7);
	else
		snprintf(buf, size,
			 P_("%d day", "%d days", (unsigned long)days), days);
}

enum offer_end offer_ask(const struct offer_io *io, enum tree_triage triage,
			 struct offer_contact *contact)
{
	struct asker a = {.io = io};
	enum read_status status;
	bool is_yes = false;

	assert(tree_triage_may_book(triage));
	memset(contact, 0, sizeof(*contact));
	status = ask_yes_no(&a,
			    io->may_go_back
				    ? _("To read the result again, type B.\n"
					"Would you like the clinic to contact "
					"you to book? (y/n)")
				    : _("Would you like the clinic to contact "
					"you to book? (y/n)"),
			    io->may_go_back, &is_yes);
	if (status != READ_LINE)
		goto fail;
	if (!is_yes) {
		say(&a, _("No problem."));
		wipe(&a, contact);
		return finish(&a, OFFER_DECLINED);
	}
	status = ask_name(&a, contact);
	if (status == READ_LINE)
		status = ask_contact(&a, contact);
	if (status == READ_LINE) {
		char question[512];
		char period[32];

		offer_period(retention_of(io), period, sizeof(period));
		snprintf(question, sizeof(question),
			 _("May we keep these details for %s so the clinic "
			   "can contact you? They are deleted after that. "
			   "(y/n)"),
			 period);
		status = ask_yes_no(&a, question, false, &is_yes);
	}
	if (status != READ_LINE)
		goto fail;
	explicit_bzero(a.line, sizeof(a.line));
	if (!is_yes) {
		say(&a, _("Your details have not been kept."));
		wipe(&a, contact);
		return finish(&a, OFFER_NO_CONSENT);
	}
	status = ask_yes_no(&a,
			    _("May the clinician see your answers before your "
			      "visit? (y/n)"),
			    false, &contact->may_share_answers);
	if (status != READ_LINE)
		goto fail;
	return finish(&a, OFFER_ACCEPTED);

fail:
	wipe(&a, contact);
	if (a.has_failed) {
		errno = a.write_errno;
		return OFFER_IO_ERROR;
	}
	return end_of(status);
}

enum offer_end offer_run(const struct offer_io *io, const struct engine *engine,
			 const char *db_path)
{
	static const char not_saved[] = N_("Sorry, we could not save your "
					   "details. Please ask at the front "
					   "desk.");
	const struct tree *tree = engine_tree(engine);
	const struct tree_outcome *o;
	struct offer_contact contact;
	struct asker a = {.io = io};
	struct store_request req;
	enum offer_end end;
	char *errmsg = NULL;
	char *answers = NULL;

	if (!engine_is_done(engine))
		return OFFER_NOT_OFFERED;
	o = tree_outcome(tree, engine_outcome(engine));
	if (!tree_outcome_may_book(o))
		return OFFER_NOT_OFFERED;
	end = offer_ask(io, o->triage, &contact);
	if (end != OFFER_ACCEPTED)
		return end;
	req = (struct store_request){
		.created_at = (int64_t)time(NULL),
		.name = contact.name,
		.contact = contact.contact,
		.outcome = o->id,
		.condition = o->condition,
		.triage = tree_triage_name(o->triage),
		.tree_version = tree_version(tree),
	};
	req.expires_at = req.created_at + (int64_t)retention_of(io) * 86400;
	if (contact.may_share_answers) {
		json_t *walk = result_walk_json(engine);

		answers = walk ? json_dumps(walk, JSON_COMPACT) : NULL;
		json_decref(walk);
		if (!answers) {
			fputs("runcheck: out of memory\n", io->err);
			fflush(io->err);
			say(&a, _(not_saved));
			wipe(&a, &contact);
			return finish(&a, OFFER_NOT_SAVED);
		}
		req.answers = answers;
	}
	if (store_save_request(db_path, &req, NULL, &errmsg) == 0) {
		say(&a, _("Thank you. The clinic will contact you to book."));
		end = OFFER_SAVED;
	} else {
		fprintf(io->err, "runcheck: database '%s': %s\n", db_path,
			errmsg ? errmsg : "out of memory");
		fflush(io->err);
		say(&a, _(not_saved));
		end = OFFER_NOT_SAVED;
	}
	free(errmsg);
	if (answers) {
		explicit_bzero(answers, strlen(answers));
		free(answers);
	}
	wipe(&a, &contact);
	return finish(&a, end);
}
