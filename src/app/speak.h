/*
 * speak.h - the kiosk read aloud (runcheck kiosk --speak): questions with
 * their options, and the result, spoken with eSpeak NG (libespeak-ng) in
 * the tree's language, for a patient who cannot read the screen well and
 * uses the headphones beside the kiosk.
 *
 * Every utterance is synthesised and played in a child process of its
 * own, so speaking never blocks the caller's input, and stopping is
 * immediate: the child is killed (SIGKILL) and reaped, and its sound with
 * it. A new utterance stops the one before. The child asks the kernel to
 * kill it when its parent dies (PR_SET_PDEATHSIG), so that speech never
 * outlives the process that started it, however that process ends: a
 * kiosk session that is killed takes its speech with it before the next
 * patient's session starts.
 *
 * Nothing that goes wrong with speech is an error of the caller's: a
 * missing audio device, a language eSpeak NG has no voice for or missing
 * voice data each give one warning on the speaker's log
 * ("runcheck: warning: ..."), at the first call that finds out (a child's
 * outcome is learnt when it is reaped: by the next say, stop or free),
 * and the caller carries on silent. The child's own standard input,
 * output and error are /dev/null: the audio libraries' messages never
 * reach the kiosk's screen.
 *
 * libespeak-ng is compiled in only when the build found it with
 * pkg-config (HAVE_ESPEAK_NG); without it speak_is_available is false and
 * speak_new fails with ENOTSUP.
 */
#ifndef RUNCHECK_SPEAK_H
#define RUNCHECK_SPEAK_H

#include <stdbool.h>
#include <stdio.h>

#include "clinic.h"
#include "engine.h"
#include "tree.h"

struct speak_options {
	/*
	 * The language to speak, a BCP 47 tag such as the tree's language
	 * field ("en", "en-AU", "vi", "zh-Hans"): eSpeak NG picks its voice
	 * for the tag or for its first subtag ("zh" is Mandarin).
	 */
	const char *language;

	/* Where warnings go (the kiosk's standard error: its log); NULL
	 * for none. */
	FILE *log;

	/*
	 * The sound card: NULL for the system's default output (PulseAudio
	 * or ALSA, as libpcaudio finds them), or a device name.
	 */
	const char *device;

	/*
	 * For tests: when set, nothing is played; each utterance is written
	 * to the folder as NNNN.txt (its text, then a newline) and NNNN.wav
	 * (16-bit mono PCM), numbered from 0001 on, past any files already
	 * there. The WAV header is brought up to date after every block of
	 * samples, so an utterance that is stopped leaves a valid file of
	 * what was said until then. With is_paced the samples are written
	 * no faster than they would play, as a sound card takes them;
	 * otherwise as fast as they are made.
	 */
	const char *wav_dir;
	bool is_paced;
};

struct speaker;

/* True when this runcheck was built with libespeak-ng. */
bool speak_is_available(void);

/*
 * A new speaker; the strings of opts are copied, so opts need not outlive
 * it. Nothing is spoken yet. Returns NULL with errno ENOMEM, or ENOTSUP
 * when speak_is_available is false. Free with speak_free.
 */
struct speaker *speak_new(const struct speak_options *opts);

/*
 * Speaks language (a tag as in speak_options) from the next utterance on:
 * for a patient who chose another language. Returns 0, or -1 with errno
 * ENOMEM (the language is then unchanged).
 */
int speak_set_language(struct speaker *sp, const char *language);

/*
 * Stops what is being said and starts saying text (UTF-8) in a new child
 * process; returns at once. Returns 0, or -1 when the child could not be
 * started (fork failed; errno says why), after a warning on the log.
 */
int speak_say(struct speaker *sp, const char *text);

/*
 * Says question q as the quiz shows it (speak_question_text) and keeps
 * it as the current question for speak_repeat. Returns as speak_say, or
 * -1 with errno ENOMEM.
 */
int speak_question(struct speaker *sp, const struct tree_question *q);

/*
 * Says the current question again (the repeat command), from its start.
 * Returns as speak_say; 0 and nothing said when there is none.
 */
int speak_repeat(struct speaker *sp);

/*
 * Says the result of a finished walk (engine_is_done) as the kiosk shows
 * it (result_print, result.h), without what does not read aloud: the
 * sources and the web address; first, when not NULL, is said before it
 * (the kiosk's line that the front desk was alerted). clinic may be
 * NULL. The current question is forgotten. Returns as speak_say, or -1
 * with errno ENOMEM.
 */
int speak_result(struct speaker *sp, const struct engine *engine,
		 const struct clinic *clinic, const char *first);

/*
 * Stops speaking at once: the child is killed and reaped. Does nothing
 * when nothing is being said. The current question is kept.
 */
void speak_stop(struct speaker *sp);

/*
 * True while an utterance is being said; reaps the child when it has
 * finished (and warns when it failed).
 */
bool speak_is_busy(struct speaker *sp);

/*
 * Waits up to timeout_ms milliseconds for the utterance being said to
 * finish, for tests. Returns true when nothing is being said any more.
 */
bool speak_wait(struct speaker *sp, int timeout_ms);

/* Stops speaking and frees sp; speak_free(NULL) does nothing. */
void speak_free(struct speaker *sp);

/*
 * The words said for question q: its text, then for a choice or a multi
 * each option as "N. text.", and what the question takes (for a multi,
 * the numbers or none; for a yesno, yes or no and not sure where it is
 * offered; for a scale, its range). Each part ends a sentence. Returns a
 * new string (free) or NULL when out of memory.
 */
char *speak_question_text(const struct tree_question *q);

/*
 * The words said for the result of a finished walk (see speak_result).
 * Returns a new string (free) or NULL when out of memory or when the
 * result could not be written.
 */
char *speak_result_text(const struct engine *engine,
			const struct clinic *clinic);

#endif
