/*
 * speak.c - the kiosk read aloud with eSpeak NG; see speak.h.
 *
 * The parent side (speak_say, speak_stop, the texts) needs nothing of
 * libespeak-ng and is built either way; the child side, which loads the
 * voice, synthesises and plays or writes a WAV file, is built only with
 * HAVE_ESPEAK_NG.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_ESPEAK_NG
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#endif

#include "i18n.h"
#include "result.h"
#include "speak.h"

/* A width no line of a result reaches: speech is never wrapped. */
#define SPEAK_NO_WRAP 100000

/*
 * How a child ends: 0 when it said all of its text. These are its exit
 * statuses, read by the parent when it reaps the child; a child killed
 * by speak_stop is not a failure.
 */
enum speak_exit {
	SPEAK_EXIT_DONE = 0,
	SPEAK_EXIT_NO_DATA = 10, /* eSpeak NG's data could not be loaded */
	SPEAK_EXIT_NO_VOICE,	 /* no voice for the language */
	SPEAK_EXIT_NO_AUDIO,	 /* the audio device could not be opened */
	SPEAK_EXIT_NO_WAV,	 /* the WAV file could not be written */
	SPEAK_EXIT_FAILED,	 /* synthesis failed otherwise */
	SPEAK_NO_FORK,		 /* not a status: the child did not start */
};

struct speaker {
	char *language;
	char *device;
	char *wav_dir;
	bool is_paced;
	FILE *log;
	char *question;	   /* the current question's words, or NULL */
	pid_t child;	   /* the utterance being said, or 0 */
	bool is_cancelled; /* the child was killed by speak_stop */
	unsigned warned;   /* bit 1 << (kind - SPEAK_EXIT_NO_DATA): warned */
};

/* Warns once for each kind of problem (enum speak_exit). */
static void warn(struct speaker *sp, enum speak_exit kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct speaker *sp, enum speak_exit kind, const char *fmt, ...)
{
	unsigned bit = 1u << (kind - SPEAK_EXIT_NO_DATA);
	va_list ap;

	if (!sp->log || (sp->warned & bit))
		return;
	sp->warned |= bit;
	fputs("runcheck: warning: ", sp->log);
	va_start(ap, fmt);
	vfprintf(sp->log, fmt, ap);
	va_end(ap);
	fputc('\n', sp->log);
	fflush(sp->log);
}

/* The parent's reading of a reaped child's status. */
static void report(struct speaker *sp, int status)
{
	const char *lang = sp->language;

	if (WIFSIGNALED(status)) {
		if (!sp->is_cancelled)
			warn(sp, SPEAK_EXIT_FAILED,
			     "speech stopped by signal %d", WTERMSIG(status));
		return;
	}
	switch (WIFEXITED(status) ? WEXITSTATUS(status) : SPEAK_EXIT_FAILED) {
	case SPEAK_EXIT_DONE:
		break;
	case SPEAK_EXIT_NO_DATA:
		warn(sp, SPEAK_EXIT_NO_DATA,
		     "speech is off: eSpeak NG's voice data cannot be loaded");
		break;
	case SPEAK_EXIT_NO_VOICE:
		warn(sp, SPEAK_EXIT_NO_VOICE,
		     "speech is off: eSpeak NG has no voice for language '%s'",
		     lang);
		break;
	case SPEAK_EXIT_NO_AUDIO:
		warn(sp, SPEAK_EXIT_NO_AUDIO,
		     "speech is not heard: no audio device could be opened%s%s",
		     sp->device ? " at " : "", sp->device ? sp->device : "");
		break;
	case SPEAK_EXIT_NO_WAV:
		warn(sp, SPEAK_EXIT_NO_WAV, "speech cannot be written to '%s'",
		     sp->wav_dir);
		break;
	default:
		warn(sp, SPEAK_EXIT_FAILED, "speech failed (status %d)",
		     WEXITSTATUS(status));
		break;
	}
}

/* Reaps the child when it has ended, or waits for it when is_blocking. */
static void reap(struct speaker *sp, bool is_blocking)
{
	int status;
	pid_t got;

	if (sp->child <= 0)
		return;
	do {
		got = waitpid(sp->child, &status, is_blocking ? 0 : WNOHANG);
	} while (got < 0 && errno == EINTR);
	if (got == 0)
		return;
	/* ECHILD: reaped by someone else (SIGCHLD ignored); it is gone. */
	if (got == sp->child)
		report(sp, status);
	sp->child = 0;
	sp->is_cancelled = false;
}

void speak_stop(struct speaker *sp)
{
	if (!sp || sp->child <= 0)
		return;
	sp->is_cancelled = true;
	kill(sp->child, SIGKILL);
	reap(sp, true);
}

bool speak_is_busy(struct speaker *sp)
{
	reap(sp, false);
	return sp->child > 0;
}

bool speak_wait(struct speaker *sp, int timeout_ms)
{
	struct timespec tick = {.tv_sec = 0, .tv_nsec = 10L * 1000 * 1000};

	for (int waited = 0; speak_is_busy(sp); waited += 10) {
		if (waited >= timeout_ms)
			return false;
		nanosleep(&tick, NULL);
	}
	return true;
}

int speak_set_language(struct speaker *sp, const char *language)
{
	char *copy = strdup(language);

	if (!copy)
		return -1;
	free(sp->language);
	sp->language = copy;
	/* A language with a voice may follow one without. */
	sp->warned &= ~(1u << (SPEAK_EXIT_NO_VOICE - SPEAK_EXIT_NO_DATA));
	return 0;
}

void speak_free(struct speaker *sp)
{
	if (!sp)
		return;
	speak_stop(sp);
	free(sp->language);
	free(sp->device);
	free(sp->wav_dir);
	free(sp->question);
	free(sp);
}

/* The child side */

#ifdef HAVE_ESPEAK_NG

bool speak_is_available(void)
{
	return true;
}

static char *dup_or_null(const char *s, bool *is_oom)
{
	char *copy;

	if (!s)
		return NULL;
	copy = strdup(s);
	if (!copy)
		*is_oom = true;
	return copy;
}

struct speaker *speak_new(const struct speak_options *opts)
{
	struct speaker *sp;
	bool is_oom = false;

	sp = calloc(1, sizeof(*sp));
	if (!sp)
		return NULL;
	sp->language =
		dup_or_null(opts->language ? opts->language : "en", &is_oom);
	sp->device = dup_or_null(opts->device, &is_oom);
	sp->wav_dir = dup_or_null(opts->wav_dir, &is_oom);
	sp->is_paced = opts->is_paced;
	sp->log = opts->log;
	if (is_oom) {
		speak_free(sp);
		errno = ENOMEM;
		return NULL;
	}
	return sp;
}

/* The WAV file being written, for the synthesis callback. */
struct wav_out {
	int fd;
	int rate;
	uint32_t bytes; /* of samples written */
	bool is_paced;
	bool has_failed;
	struct timespec start;
};

static void put_le(unsigned char *p, uint32_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static bool write_all(int fd, const void *data, size_t len, off_t at)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = at >= 0 ? pwrite(fd, p, len, at)
				    : write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
		if (at >= 0)
			at += n;
	}
	return true;
}

/* The 44-byte header of a 16-bit mono PCM file holding bytes of samples:
 * RIFF and WAVE, the fmt chunk (16 bytes: PCM, one channel, the rate, the
 * bytes a second, 2 bytes a frame, 16 bits), then the data chunk. */
static bool wav_header(const struct wav_out *w)
{
	static const unsigned char form[44] = {
		'R', 'I', 'F', 'F', 0,	 0,   0,   0, 'W', 'A', 'V',
		'E', 'f', 'm', 't', ' ', 16,  0,   0, 0,   1,	0,
		1,   0,	  0,   0,   0,	 0,   0,   0, 0,   0,	2,
		0,   16,  0,   'd', 'a', 't', 'a', 0, 0,   0,	0,
	};
	unsigned char h[44];

	memcpy(h, form, sizeof(h));
	put_le(h + 4, 36 + w->bytes, 4);
	put_le(h + 24, (uint32_t)w->rate, 4);	  /* samples a second */
	put_le(h + 28, (uint32_t)w->rate * 2, 4); /* bytes a second */
	put_le(h + 40, w->bytes, 4);
	return write_all(w->fd, h, sizeof(h), 0);
}

/* Sleeps until the samples written so far would have played. */
static void wav_pace(const struct wav_out *w)
{
	long long ns = (long long)(w->bytes / 2) * 1000000000LL / w->rate;
	struct timespec until = w->start;

	until.tv_sec += (time_t)(ns / 1000000000LL);
	until.tv_nsec += (long)(ns % 1000000000LL);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) ==
	       EINTR)
		;
}

/* eSpeak NG's synthesis callback: 1 stops the synthesis. */
static int wav_take(short *samples, int count, espeak_EVENT *events)
{
	struct wav_out *w = events->user_data;
	size_t len = (size_t)count * 2;
	unsigned char *le;

	if (!samples || count <= 0)
		return 0;
	if (w->bytes > UINT32_MAX - 36 - len) {
		w->has_failed = true;
		return 1;
	}
	le = malloc(len);
	if (!le) {
		w->has_failed = true;
		return 1;
	}
	for (int i = 0; i < count; i++)
		put_le(le + (size_t)i * 2, (uint16_t)samples[i], 2);
	if (!write_all(w->fd, le, len, (off_t)44 + (off_t)w->bytes)) {
		free(le);
		w->has_failed = true;
		return 1;
	}
	free(le);
	w->bytes += (uint32_t)len;
	if (!wav_header(w)) {
		w->has_failed = true;
		return 1;
	}
	if (w->is_paced)
		wav_pace(w);
	return 0;
}

/*
 * Creates the next free NNNN.txt in dir, writes text to it and opens the
 * NNNN.wav beside it. Returns the WAV file's descriptor or -1.
 */
static int wav_open(const char *dir, const char *text)
{
	char path[PATH_MAX];

	for (unsigned n = 1; n < 100000; n++) {
		int fd;
		bool is_written;

		if (snprintf(path, sizeof(path), "%s/%04u.txt", dir, n) >=
		    (int)sizeof(path))
			return -1;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno == EEXIST)
			continue;
		if (fd < 0)
			return -1;
		is_written = write_all(fd, text, strlen(text), -1) &&
			     write_all(fd, "\n", 1, -1);
		if (close(fd) != 0 || !is_written)
			return -1;
		snprintf(path, sizeof(path), "%s/%04u.wav", dir, n);
		return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			    0600);
	}
	return -1;
}

/* Says text as sp asks; returns the child's exit status. */
static int child_say(const struct speaker *sp, const char *text)
{
	espeak_VOICE voice = {.languages = sp->language};
	struct wav_out wav = {.fd = -1, .is_paced = sp->is_paced};
	espeak_ng_OUTPUT_MODE mode = ENOUTPUT_MODE_SYNCHRONOUS;
	espeak_ng_STATUS status;

	if (!sp->wav_dir)
		mode |= ENOUTPUT_MODE_SPEAK_AUDIO;
	espeak_ng_InitializePath(NULL);
	if (espeak_ng_Initialize(NULL) != ENS_OK ||
	    espeak_ng_InitializeOutput(mode, 0, sp->device) != ENS_OK)
		return SPEAK_EXIT_NO_DATA;
	if (espeak_ng_SetVoiceByProperties(&voice) != ENS_OK)
		return SPEAK_EXIT_NO_VOICE;
	if (sp->wav_dir) {
		wav.rate = espeak_ng_GetSampleRate();
		wav.fd = wav_open(sp->wav_dir, text);
		if (wav.fd < 0 || !wav_header(&wav))
			return SPEAK_EXIT_NO_WAV;
		clock_gettime(CLOCK_MONOTONIC, &wav.start);
		espeak_SetSynthCallback(wav_take);
	}
	status = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER,
				      0, espeakCHARS_UTF8, NULL, &wav);
	if (wav.has_failed || (wav.fd >= 0 && close(wav.fd) != 0))
		return SPEAK_EXIT_NO_WAV;
	if (status == ENS_AUDIO_ERROR)
		return SPEAK_EXIT_NO_AUDIO;
	return status == ENS_OK ? SPEAK_EXIT_DONE : SPEAK_EXIT_FAILED;
}

#else /* !HAVE_ESPEAK_NG */

bool speak_is_available(void)
{
	return false;
}

struct speaker *speak_new(const struct speak_options *opts)
{
	errno = ENOTSUP;
	return NULL;
}

static int child_say(const struct speaker *sp, const char *text)
{
	return SPEAK_EXIT_NO_DATA;
}

#endif

/*
 * The child's start: what the parent caught goes back to its default
 * (what it ignored stays ignored), nothing is blocked, it dies with its
 * parent, and its standard streams are /dev/null.
 */
static _Noreturn void child_main(const struct speaker *sp, const char *text,
				 pid_t parent)
{
	sigset_t none;
	int null;

	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction sa;

		if (sig == SIGKILL || sig == SIGSTOP ||
		    sigaction(sig, NULL, &sa) != 0)
			continue;
		if (sa.sa_handler != SIG_IGN && sa.sa_handler != SIG_DFL)
			signal(sig, SIG_DFL);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
		_exit(SPEAK_EXIT_FAILED);
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0 ||
	    dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0)
		_exit(SPEAK_EXIT_FAILED);
	if (null > STDERR_FILENO)
		close(null);
	_exit(child_say(sp, text));
}

int speak_say(struct speaker *sp, const char *text)
{
	pid_t parent = getpid();
	pid_t pid;

	speak_stop(sp);
	reap(sp, false);
	/* What the parent has buffered must not be written twice. */
	if (sp->log)
		fflush(sp->log);
	pid = fork();
	if (pid < 0) {
		int err = errno;

		warn(sp, SPEAK_NO_FORK, "speech cannot start: %s",
		     strerror(err));
		errno = err;
		return -1;
	}
	if (pid == 0)
		child_main(sp, text, parent);
	sp->child = pid;
	return 0;
}

int speak_repeat(struct speaker *sp)
{
	return sp->question ? speak_say(sp, sp->question) : 0;
}

int speak_question(struct speaker *sp, const struct tree_question *q)
{
	char *text = speak_question_text(q);

	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	free(sp->question);
	sp->question = text;
	return speak_say(sp, text);
}

int speak_result(struct speaker *sp, const struct engine *engine,
		 const struct clinic *clinic, const char *first)
{
	char *result = speak_result_text(engine, clinic);
	char *text = NULL;
	int rc;

	free(sp->question);
	sp->question = NULL;
	if (result && first) {
		size_t len = strlen(first) + 1 + strlen(result) + 1;

		text = malloc(len);
		if (text)
			snprintf(text, len, "%s\n%s", first, result);
		free(result);
	} else {
		text = result;
	}
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	rc = speak_say(sp, text);
	free(text);
	return rc;
}

/* The texts */

/* True when text ends a sentence as it is (in a language of the tree). */
static bool ends_sentence(const char *text, size_t len)
{
	static const char *const stops[] = {".",      "?",	"!",	 ":",
					    "\u3002", "\uff1f", "\uff01"};

	while (len > 0 && strchr(" \t", text[len - 1]))
		len--;
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		size_t n = strlen(stops[i]);

		if (len >= n && memcmp(text + len - n, stops[i], n) == 0)
			return true;
	}
	return false;
}

/* Adds text, as a sentence of its own, to the stream f. */
static void put_sentence(FILE *f, const char *text, size_t len)
{
	while (len > 0 && strchr(" \t", *text)) {
		text++;
		len--;
	}
	while (len > 0 && strchr(" \t", text[len - 1]))
		len--;
	if (len == 0)
		return;
	fwrite(text, 1, len, f);
	fputs(ends_sentence(text, len) ? "\n" : ".\n", f);
}

/* Adds a whole text as a sentence of its own. */
static void line_said(FILE *f, const char *text)
{
	put_sentence(f, text, strlen(text));
}

/* Closes an open_memstream stream of *text; the text, or NULL (freed)
 * when writing it failed. */
static char *stream_end(FILE *f, char **text)
{
	bool has_failed = ferror(f) != 0;

	if (fclose(f) != 0 || has_failed) {
		free(*text);
		return NULL;
	}
	return *text;
}

/*
 * Adds what a yes/no question takes, in the words the screen shows ("yes
 * / no / not sure", translated), read as a list: ", " for " / ".
 */
static void put_yesno(FILE *f, const struct tree_question *q)
{
	const char *shown = q->has_unsure ? _("yes / no / not sure")
					  : _("yes / no");
	char said[512];
	size_t n = 0;

	for (const char *p = shown; *p && n + 2 < sizeof(said);) {
		if (strncmp(p, " / ", 3) == 0) {
			said[n++] = ',';
			said[n++] = ' ';
			p += 3;
		} else {
			said[n++] = *p++;
		}
	}
	said[n] = '\0';
	put_sentence(f, said, n);
}

char *speak_question_text(const struct tree_question *q)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	char line[512];

	if (!f)
		return NULL;
	line_said(f, q->ask);
	for (size_t i = 0; i < q->option_count &&
			   (q->type == TREE_CHOICE || q->type == TREE_MULTI);
	     i++) {
		fprintf(f, "%zu. ", i + 1);
		line_said(f, q->options[i].text);
	}
	switch (q->type) {
	case TREE_CHOICE:
		break;
	case TREE_YESNO:
		put_yesno(f, q);
		break;
	case TREE_MULTI:
		line_said(f, _("Type the numbers that apply, separated by "
			       "commas, or none."));
		break;
	case TREE_SCALE:
		snprintf(line, sizeof(line), _("A number from %lld to %lld"),
			 q->min, q->max);
		line_said(f, line);
		break;
	}
	return stream_end(f, &text);
}

char *speak_result_text(const struct engine *engine,
			const struct clinic *clinic)
{
	struct result_style style = {
		.width = SPEAK_NO_WRAP,
		.is_spoken = true,
		.is_kiosk = true,
	};
	char *shown = NULL;
	size_t shown_size = 0;
	FILE *f = open_memstream(&shown, &shown_size);
	char *text = NULL;
	size_t size = 0;
	bool is_printed;

	if (!f)
		return NULL;
	is_printed = result_print(f, engine, clinic, &style) == 0;
	if (!stream_end(f, &shown))
		return NULL;
	if (!is_printed) {
		free(shown);
		return NULL;
	}
	f = open_memstream(&text, &size);
	if (!f) {
		free(shown);
		return NULL;
	}
	/* Each line a sentence, a list item's "- " left unsaid. */
	for (const char *p = shown; *p;) {
		size_t n = strcspn(p, "\n");
		size_t skip = strspn(p, " ");

		if (skip + 2 <= n && memcmp(p + skip, "- ", 2) == 0)
			skip += 2;
		if (skip < n)
			put_sentence(f, p + skip, n - skip);
		p += n + (p[n] == '\n');
	}
	free(shown);
	return stream_end(f, &text);
}
