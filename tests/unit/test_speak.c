/*
 * test_speak.c - the kiosk read aloud (speak.h): the words said for a
 * question and a result, and the speech itself, written to WAV files
 * (speak_options.wav_dir) whose lengths are checked against the text:
 * longer text, longer audio; a question with five options takes the
 * seconds a person would; stopping, and the end of the process that
 * speaks, end the speech at once. A build without libespeak-ng checks
 * that a speaker cannot be made.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "clinic.h"
#include "engine.h"
#include "helpers.h"
#include "speak.h"
#include "tree.h"

/* Generous: synthesis of a few sentences takes well under a second. */
#define WAIT_MS 20000

static const char tree_yaml[] =
	"format: runcheck/1\n"
	"id: speak-test\n"
	"title: Speak test\n"
	"version: \"1\"\n"
	"language: en\n"
	"start: area\n"
	"disclaimer: This suggests what may be going on. It is not a "
	"diagnosis.\n"
	"questions:\n"
	"  area:\n"
	"    ask: Where is the pain worst?\n"
	"    options:\n"
	"      - text: Heel or arch of the foot\n"
	"        next: morning\n"
	"      - text: Front of the knee\n"
	"        next: pain\n"
	"      - text: Outside of the knee\n"
	"        next: pain\n"
	"      - text: Shin\n"
	"        next: pain\n"
	"      - text: Hip or groin\n"
	"        next: pain\n"
	"  morning:\n"
	"    type: yesno\n"
	"    ask: Is it worst in the morning?\n"
	"    yes: heel\n"
	"    no: heel\n"
	"    unsure: heel\n"
	"  pain:\n"
	"    type: scale\n"
	"    ask: How bad is it\n"
	"    min: 0\n"
	"    max: 10\n"
	"    bands:\n"
	"      - {from: 0, to: 10, next: flags}\n"
	"  flags:\n"
	"    type: multi\n"
	"    ask: Do any of these apply?\n"
	"    options:\n"
	"      - text: Fever\n"
	"      - text: Swollen calf\n"
	"    otherwise: heel\n"
	"outcomes:\n"
	"  heel:\n"
	"    condition: Plantar fasciitis\n"
	"    triage: self_care\n"
	"    summary: The thick band under the foot may be irritated.\n"
	"    self_care:\n"
	"      - Stretch your calf before you get out of bed\n"
	"    sources:\n"
	"      - Martin RL. Heel pain. https://example.org/heel\n";

static const char clinic_yaml[] = "format: runcheck-clinic/1\n"
				  "name: Test Clinic\n"
				  "phone: 02 9000 0000\n"
				  "url: https://clinic.example/book\n"
				  "booking: Ask at the front desk.\n"
				  "emergency_number: \"000\"\n";

/* A folder of its own for each test's WAV files. */
struct fixture {
	char dir[64];
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	const char *tmp = getenv("TMPDIR");

	if (!fx)
		return -1;
	snprintf(fx->dir, sizeof(fx->dir), "%s/speak-XXXXXX",
		 tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	DIR *d = opendir(fx->dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char path[64 + 256 + 2];

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", fx->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(fx->dir);
	free(fx);
	return 0;
}

static struct speaker *speaker_new(const struct fixture *fx, bool is_paced)
{
	struct speak_options opts = {
		.language = "en",
		.log = stderr,
		.wav_dir = fx->dir,
		.is_paced = is_paced,
	};
	struct speaker *sp = speak_new(&opts);

	assert_non_null(sp);
	return sp;
}

static void path_of(const struct fixture *fx, unsigned n, const char *ext,
		    char *path, size_t size)
{
	snprintf(path, size, "%s/%04u.%s", fx->dir, n, ext);
}

static bool file_exists(const struct fixture *fx, unsigned n, const char *ext)
{
	char path[128];

	path_of(fx, n, ext, path, sizeof(path));
	return access(path, F_OK) == 0;
}

static long file_size(const struct fixture *fx, unsigned n)
{
	char path[128];
	struct stat st;

	path_of(fx, n, "wav", path, sizeof(path));
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* The seconds of speech in utterance n's WAV file, checking its header. */
static double wav_seconds(const struct fixture *fx, unsigned n)
{
	char path[128];
	unsigned char h[44];
	FILE *f;
	long size;
	uint32_t rate, bytes;

	path_of(fx, n, "wav", path, sizeof(path));
	f = fopen(path, "rb");
	if (!f)
		fail_msg("no WAV file %s", path);
	assert_int_equal(fread(h, 1, sizeof(h), f), sizeof(h));
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	assert_memory_equal(h, "RIFF", 4);
	assert_memory_equal(h + 8, "WAVEfmt ", 8);
	assert_int_equal(h[20] | h[21] << 8, 1);  /* PCM */
	assert_int_equal(h[22] | h[23] << 8, 1);  /* mono */
	assert_int_equal(h[34] | h[35] << 8, 16); /* bits */
	rate = le32(h + 24);
	bytes = le32(h + 40);
	assert_true(rate >= 8000 && rate <= 48000);
	assert_int_equal(le32(h + 4), 36 + bytes);
	/* The header never claims more than the file holds. */
	assert_true((long)(44 + bytes) <= size);
	return (double)bytes / 2.0 / rate;
}

/* The text utterance n said, without its newline; the caller frees it. */
static char *said(const struct fixture *fx, unsigned n)
{
	char path[128];
	char *text = calloc(1, 4096);
	FILE *f;
	size_t len;

	assert_non_null(text);
	path_of(fx, n, "txt", path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		fail_msg("no text file %s", path);
	len = fread(text, 1, 4095, f);
	fclose(f);
	assert_true(len > 0 && text[len - 1] == '\n');
	text[len - 1] = '\0';
	return text;
}

static size_t word_count(const char *text)
{
	size_t n = 0;

	for (const char *p = text; *p; p++)
		if (*p != ' ' && *p != '\n' &&
		    (p == text || p[-1] == ' ' || p[-1] == '\n'))
			n++;
	return n;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec t = {.tv_sec = ms / 1000,
			     .tv_nsec = (ms % 1000) * 1000000L};

	while (nanosleep(&t, &t) != 0 && errno == EINTR)
		;
}

/* About 120 words: some 37 seconds at eSpeak NG's usual rate. */
static const char long_text[] =
	"A long walk of words to say. Stretch your calf and the sole of your "
	"foot before you get out of bed. Wear supportive, cushioned shoes, and "
	"avoid going barefoot on hard floors. Cut back your mileage and your "
	"hills for a couple of weeks. Book an assessment if it is not better in "
	"two weeks. An assessment can then make a plan with stretching, "
	"strength work and load changes. This check suggests what may be going "
	"on. It is not a diagnosis and it does not replace a doctor. If you "
	"feel very unwell, or a problem is getting worse fast, get medical help "
	"now. Stretch your calf and the sole of your foot before you get out of "
	"bed. Wear supportive, cushioned shoes.";

static void skip_without_speech(void)
{
	if (!speak_is_available())
		skip();
}

/* The words */

static void speak_question_text__choice__each_option_numbered(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	char *text = speak_question_text(helper_question(tree, "area"));

	assert_non_null(text);
	assert_string_equal(text, "Where is the pain worst?\n"
				  "1. Heel or arch of the foot.\n"
				  "2. Front of the knee.\n"
				  "3. Outside of the knee.\n"
				  "4. Shin.\n"
				  "5. Hip or groin.\n");
	free(text);
	tree_free(tree);
}

static void speak_question_text__other_types__say_what_they_take(void **state)
{
	static const struct {
		const char *id;
		const char *text;
	} cases[] = {
		{"morning", "Is it worst in the morning?\n"
			    "yes, no, not sure.\n"},
		{"pain", "How bad is it.\nA number from 0 to 10.\n"},
		{"flags",
		 "Do any of these apply?\n1. Fever.\n2. Swollen calf.\n"
		 "Type the numbers that apply, separated by commas, "
		 "or none.\n"},
	};
	struct tree *tree = helper_load_tree(tree_yaml);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text =
			speak_question_text(helper_question(tree, cases[i].id));

		assert_non_null(text);
		assert_string_equal(text, cases[i].text);
		free(text);
	}
	tree_free(tree);
}

static struct clinic *load_clinic(void)
{
	struct diag_list diags = {.file = "clinic.yaml"};
	struct clinic *clinic = NULL;

	if (clinic_load_buffer(clinic_yaml, strlen(clinic_yaml), &diags,
			       &clinic) != YREAD_OK)
		fail_msg("the test clinic did not load");
	diag_list_clear(&diags);
	return clinic;
}

static void
speak_result_text__self_care__headline_advice_no_sources_or_web(void **state)
{
	struct tree *tree = helper_load_tree(tree_yaml);
	struct clinic *clinic = load_clinic();
	struct engine *engine = engine_new(tree);
	char *text;

	assert_non_null(engine);
	assert_int_equal(engine_input(engine, "1"), ENGINE_ANSWERED);
	assert_int_equal(engine_input(engine, "yes"), ENGINE_ANSWERED);
	assert_true(engine_is_done(engine));
	text = speak_result_text(engine, clinic);
	assert_non_null(text);
	/* The headline first, as on the screen. */
	assert_string_equal(strstr(text, "Likely: Plantar fasciitis"), text);
	assert_non_null(strstr(text, "\nStretch your calf before you get out "
				     "of bed.\n"));
	assert_non_null(strstr(text, "\nAsk at the front desk.\n"));
	assert_non_null(strstr(text, "\nThis suggests what may be going on. "
				     "It is not a diagnosis.\n"));
	/* What does not read aloud is left out. */
	assert_null(strstr(text, "Martin"));
	assert_null(strstr(text, "http"));
	assert_null(strstr(text, "- "));
	assert_null(strstr(text, "\n\n"));
	free(text);
	engine_free(engine);
	clinic_free(clinic);
	tree_free(tree);
}

/* The speech */

static void speak_say__wav__longer_text_gives_longer_audio(void **state)
{
	struct fixture *fx = *state;
	struct speaker *sp;
	double short_s, long_s;
	char *text;

	skip_without_speech();
	sp = speaker_new(fx, false);
	assert_int_equal(speak_say(sp, "Where is the pain worst?"), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	assert_int_equal(speak_say(sp, long_text), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	speak_free(sp);

	text = said(fx, 1);
	assert_string_equal(text, "Where is the pain worst?");
	free(text);
	short_s = wav_seconds(fx, 1);
	long_s = wav_seconds(fx, 2);
	print_message("5 words: %.2f s; 120 words: %.2f s\n", short_s, long_s);
	/* Five words: about 1.5 s at 175 words a minute. */
	assert_true(short_s > 0.8 && short_s < 4.0);
	/* About 120 words: some 37 s; and in proportion to the words. */
	assert_true(long_s > 25.0 && long_s < 90.0);
	assert_true(long_s > 10 * short_s);
	assert_false(file_exists(fx, 3, "wav"));
}

static void speak_question__five_options__plausible_seconds(void **state)
{
	struct fixture *fx = *state;
	struct tree *tree = helper_load_tree(tree_yaml);
	struct speaker *sp;
	double seconds;
	size_t words;
	char *text;

	skip_without_speech();
	sp = speaker_new(fx, false);
	assert_int_equal(speak_question(sp, helper_question(tree, "area")), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	speak_free(sp);

	text = said(fx, 1);
	words = word_count(text);
	assert_int_equal(words, 28); /* numbers included */
	free(text);
	seconds = wav_seconds(fx, 1);
	print_message("5 options, %zu words: %.2f s\n", words, seconds);
	/* 28 words with a pause at every option: some 10 s. */
	assert_true(seconds > 0.2 * (double)words);
	assert_true(seconds < 0.8 * (double)words);
	tree_free(tree);
}

static void speak_repeat__after_question__says_it_again_whole(void **state)
{
	struct fixture *fx = *state;
	struct tree *tree = helper_load_tree(tree_yaml);
	struct speaker *sp;
	char *first, *again;

	skip_without_speech();
	sp = speaker_new(fx, false);
	/* Nothing to repeat yet. */
	assert_int_equal(speak_repeat(sp), 0);
	assert_false(speak_is_busy(sp));
	assert_int_equal(speak_question(sp, helper_question(tree, "morning")),
			 0);
	assert_true(speak_wait(sp, WAIT_MS));
	assert_int_equal(speak_repeat(sp), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	speak_free(sp);

	first = said(fx, 1);
	again = said(fx, 2);
	assert_string_equal(again, first);
	assert_int_equal(file_size(fx, 1), file_size(fx, 2));
	free(first);
	free(again);
	tree_free(tree);
}

static void speak_result__after_a_first_line__both_said(void **state)
{
	struct fixture *fx = *state;
	struct tree *tree = helper_load_tree(tree_yaml);
	struct engine *engine = engine_new(tree);
	struct speaker *sp;
	char *text;

	skip_without_speech();
	assert_non_null(engine);
	assert_int_equal(engine_input(engine, "1"), ENGINE_ANSWERED);
	assert_int_equal(engine_input(engine, "no"), ENGINE_ANSWERED);
	sp = speaker_new(fx, false);
	assert_int_equal(speak_question(sp, helper_question(tree, "area")), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	assert_int_equal(speak_result(sp, engine, NULL, "Tell the desk."), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	/* The result is no question: repeat has nothing to say. */
	assert_int_equal(speak_repeat(sp), 0);
	assert_false(speak_is_busy(sp));
	speak_free(sp);

	text = said(fx, 2);
	assert_string_equal(strstr(text, "Tell the desk.\nLikely: Plantar "
					 "fasciitis.\n"),
			    text);
	free(text);
	assert_true(wav_seconds(fx, 2) > 5.0);
	assert_false(file_exists(fx, 3, "txt"));
	engine_free(engine);
	tree_free(tree);
}

static void speak_stop__while_speaking__silent_at_once(void **state)
{
	struct fixture *fx = *state;
	struct speaker *sp;
	double before, took, seconds;
	long size;

	skip_without_speech();
	sp = speaker_new(fx, true);
	assert_int_equal(speak_say(sp, long_text), 0);
	sleep_ms(700);
	assert_true(speak_is_busy(sp));
	before = now_s();
	speak_stop(sp);
	took = now_s() - before;
	assert_false(speak_is_busy(sp));
	/* At once: a busy machine may take a moment to run the kill. */
	assert_true(took < 0.5);
	size = file_size(fx, 1);
	seconds = wav_seconds(fx, 1);
	print_message("stopped after 0.7 s: %.2f s said, stop took %.3f s\n",
		      seconds, took);
	/* Paced as it plays: what was said in the 0.7 s, not 37 s. */
	assert_true(seconds > 0.1 && seconds < 2.0);
	sleep_ms(400);
	assert_int_equal(file_size(fx, 1), size);
	speak_free(sp);
	assert_false(file_exists(fx, 2, "txt"));
}

static void speak_say__new_text__stops_the_one_before(void **state)
{
	struct fixture *fx = *state;
	struct speaker *sp;

	skip_without_speech();
	sp = speaker_new(fx, true);
	assert_int_equal(speak_say(sp, long_text), 0);
	sleep_ms(500);
	assert_int_equal(speak_say(sp, "Next question."), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	assert_true(wav_seconds(fx, 1) < 2.0);
	assert_true(wav_seconds(fx, 2) > 0.3 && wav_seconds(fx, 2) < 3.0);
	speak_free(sp);
}

static void speak__process_ends__its_speech_ends_with_it(void **state)
{
	struct fixture *fx = *state;
	pid_t pid;
	int status;
	long size;

	skip_without_speech();
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A session that dies without stopping its speech. */
		struct speaker *sp = speaker_new(fx, true);

		speak_say(sp, long_text);
		sleep_ms(700);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	sleep_ms(400);
	size = file_size(fx, 1);
	assert_true(size > 44);
	sleep_ms(500);
	assert_int_equal(file_size(fx, 1), size);
	assert_true(wav_seconds(fx, 1) < 2.0);
}

/* Runs one utterance with opts and returns what was logged. */
static char *log_of(struct speak_options *opts, int utterances)
{
	char *log = NULL;
	size_t size = 0;
	struct speaker *sp;

	opts->log = open_memstream(&log, &size);
	assert_non_null(opts->log);
	sp = speak_new(opts);
	assert_non_null(sp);
	for (int i = 0; i < utterances; i++) {
		assert_int_equal(speak_say(sp, "Hello."), 0);
		assert_true(speak_wait(sp, WAIT_MS));
	}
	speak_free(sp);
	fclose(opts->log);
	return log;
}

static size_t count_of(const char *haystack, const char *needle)
{
	size_t n = 0;

	for (const char *p = haystack; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static void speak_say__no_voice__one_warning_nothing_said(void **state)
{
	struct fixture *fx = *state;
	struct speak_options opts = {.language = "tlh", .wav_dir = fx->dir};
	char *log;

	skip_without_speech();
	log = log_of(&opts, 3);
	assert_string_equal(log, "runcheck: warning: speech is off: eSpeak "
				 "NG has no voice for language 'tlh'\n");
	assert_int_equal(count_of(log, "warning"), 1);
	assert_false(file_exists(fx, 1, "wav"));
	free(log);
}

static void speak_set_language__vietnamese__voice_changes(void **state)
{
	struct fixture *fx = *state;
	struct speak_options opts = {.language = "tlh", .wav_dir = fx->dir};
	struct speaker *sp;
	char *log = NULL;
	size_t size = 0;

	skip_without_speech();
	opts.log = open_memstream(&log, &size);
	assert_non_null(opts.log);
	sp = speak_new(&opts);
	assert_non_null(sp);
	assert_int_equal(speak_say(sp, "Hello."), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	assert_false(file_exists(fx, 1, "wav"));
	assert_int_equal(speak_set_language(sp, "vi"), 0);
	assert_int_equal(speak_say(sp,
				   "B\u1ea1n \u0111au \u1edf \u0111\u00e2u?"),
			 0);
	assert_true(speak_wait(sp, WAIT_MS));
	assert_true(wav_seconds(fx, 1) > 0.5);
	assert_int_equal(speak_set_language(sp, "tlh"), 0);
	assert_int_equal(speak_say(sp, "Hello."), 0);
	assert_true(speak_wait(sp, WAIT_MS));
	speak_free(sp);
	fclose(opts.log);
	/* Warned again for the second language without a voice. */
	assert_int_equal(count_of(log, "no voice for language 'tlh'"), 2);
	free(log);
}

/* Nothing heard, or nothing written: one warning, and never a failure. */
static void speak_say__no_sound__one_warning_not_a_failure(void **state)
{
	static const struct {
		struct speak_options opts;
		const char *log;
	} cases[] = {
		{{.language = "en", .device = "runcheck-test-no-such-device"},
		 "runcheck: warning: speech is not heard: no audio device could "
		 "be opened at runcheck-test-no-such-device\n"},
		{{.language = "en", .wav_dir = "/nonexistent/runcheck-speak"},
		 "runcheck: warning: speech cannot be written to "
		 "'/nonexistent/runcheck-speak'\n"},
	};

	skip_without_speech();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct speak_options opts = cases[i].opts;
		char *log = log_of(&opts, 2);

		assert_string_equal(log, cases[i].log);
		free(log);
	}
}

static void speak_new__without_espeak__not_supported(void **state)
{
	struct speak_options opts = {.language = "en"};
	struct speaker *sp;

	if (speak_is_available())
		skip();
	errno = 0;
	sp = speak_new(&opts);
	assert_null(sp);
	assert_int_equal(errno, ENOTSUP);
	speak_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			speak_question_text__choice__each_option_numbered),
		cmocka_unit_test(
			speak_question_text__other_types__say_what_they_take),
		cmocka_unit_test(
			speak_result_text__self_care__headline_advice_no_sources_or_web),
		cmocka_unit_test_setup_teardown(
			speak_say__wav__longer_text_gives_longer_audio, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak_question__five_options__plausible_seconds, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak_repeat__after_question__says_it_again_whole,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			speak_result__after_a_first_line__both_said, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak_stop__while_speaking__silent_at_once, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak_say__new_text__stops_the_one_before, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak__process_ends__its_speech_ends_with_it, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak_say__no_voice__one_warning_nothing_said, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			speak_set_language__vietnamese__voice_changes, setup,
			teardown),
		cmocka_unit_test(
			speak_say__no_sound__one_warning_not_a_failure),
		cmocka_unit_test(speak_new__without_espeak__not_supported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
