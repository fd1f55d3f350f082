/*
 * test_source.c - the one opener of inputs: a regular file kept open and
 * read where it lies, pipes, FIFOs and standard input read once and
 * whole; folders, missing files and read errors told apart; anything past
 * 64 MiB refused, endless or sparse.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
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

#include "source.h"
#include "tree.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_source.XXXXXX");
	signal(SIGPIPE, SIG_IGN);
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void path_of(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

/* Writes len bytes of text to fd from a child process, then exits;
 * endless when len is SIZE_MAX. Returns the child's id. */
static pid_t write_from_child(int fd, const char *text, size_t len)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (len == SIZE_MAX) {
			static char lines[65536];

			for (size_t i = 0; i < sizeof lines; i += 2)
				memcpy(lines + i, "y\n", 2);
			for (;;) /* as `yes |` */
				if (write(fd, lines, sizeof lines) < 0)
					_exit(0);
		}
		_exit(write(fd, text, len) == (ssize_t)len ? 0 : 1);
	}
	return pid;
}

/* A regular file stays open, unread, until the loader reads it; its text
 * is read, from its start, only when asked for (the diagnostics' lines). */
static void source_open__regular_file__kept_open(void **state)
{
	char path[128];
	struct diag_list d = {.file = "f"};
	struct source s;
	char line[16];
	FILE *f;

	(void)state;
	path_of(path, sizeof path, "a.yaml");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("a: 1\nb: 2\n", f);
	fclose(f);
	assert_int_equal(source_open(path, &s, &d), YREAD_OK);
	assert_non_null(s.file);
	assert_null(s.text);
	assert_non_null(fgets(line, sizeof line, s.file));
	assert_string_equal(line, "a: 1\n");
	assert_int_equal(source_read_text(&s, &d), YREAD_OK);
	assert_int_equal(s.len, 10);
	assert_memory_equal(s.text, "a: 1\nb: 2\n", 10);
	assert_int_equal(d.count, 0);
	source_close(&s);
	assert_null(s.file);
	assert_null(s.text);
}

static void source_open__dash__reads_standard_input(void **state)
{
	struct diag_list d = {.file = "f"};
	int fds[2], saved = dup(STDIN_FILENO);
	struct source s;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = write_from_child(fds[1], "from a pipe\n", 12);
	close(fds[1]);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	assert_int_equal(source_open("-", &s, &d), YREAD_OK);
	assert_null(s.file);
	assert_string_equal(s.text, "from a pipe\n");
	assert_int_equal(source_read_text(&s, &d), YREAD_OK); /* has it */
	source_close(&s);
	/* Standard input is left open: a second read finds its end. */
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD), 0);
	dup2(saved, STDIN_FILENO);
	close(saved);
	waitpid(pid, NULL, 0);
}

static void source_open__fifo__read_once(void **state)
{
	struct diag_list d = {.file = "f"};
	char path[128];
	struct source s;
	pid_t pid;

	(void)state;
	path_of(path, sizeof path, "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open(path, O_WRONLY);

		_exit(fd >= 0 && write(fd, "format: x\n", 10) == 10 ? 0 : 1);
	}
	assert_int_equal(source_open(path, &s, &d), YREAD_OK);
	assert_null(s.file);
	assert_string_equal(s.text, "format: x\n");
	source_close(&s);
	waitpid(pid, NULL, 0);
}

static void source_open__endless_pipe__refused_at_limit(void **state)
{
	struct diag_list d = {.file = "f"};
	int fds[2];
	char path[64];
	struct source s;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = write_from_child(fds[1], NULL, SIZE_MAX);
	close(fds[1]);
	snprintf(path, sizeof path, "/dev/fd/%d", fds[0]);
	assert_int_equal(source_open(path, &s, &d), YREAD_INVALID);
	assert_null(s.text);
	assert_null(s.file);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].pos.line, 1);
	assert_string_equal(d.items[0].message,
			    "the file is larger than 67108864 bytes (64 MiB)");
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	diag_list_clear(&d);
}

static void source_open__dev_zero__refused_at_limit(void **state)
{
	struct diag_list d = {.file = "f"};
	struct source s;

	(void)state;
	assert_int_equal(source_open("/dev/zero", &s, &d), YREAD_INVALID);
	assert_int_equal(d.error_count, 1);
	diag_list_clear(&d);
}

/* A sparse file of 20 GB is refused from its size, before any read. */
static void source_open__sparse_huge_file__refused_at_once(void **state)
{
	struct diag_list d = {.file = "f"};
	char path[128];
	struct source s;
	struct timespec t0, t1;
	int fd;

	(void)state;
	path_of(path, sizeof path, "sparse");
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	if (ftruncate(fd, (off_t)20 << 30) != 0) {
		close(fd);
		skip(); /* a file system without sparse files */
	}
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(source_open(path, &s, &d), YREAD_INVALID);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 2);
	assert_int_equal(d.error_count, 1);
	diag_list_clear(&d);
}

/* The limit itself is allowed; one byte more is not, for a regular file
 * (from its size) and for a pipe (as it is read). */
static void source_open__limit_exactly__accepted(void **state)
{
	struct diag_list d = {.file = "f"};
	char path[128], dev[64];
	struct source s;
	int fd;

	(void)state;
	path_of(path, sizeof path, "limit");
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, TREE_MAX_FILE_SIZE), 0);
	close(fd);
	assert_int_equal(source_open(path, &s, &d), YREAD_OK);
	assert_int_equal(source_read_text(&s, &d), YREAD_OK);
	assert_int_equal(s.len, TREE_MAX_FILE_SIZE);
	source_close(&s);
	/* Through a pipe: read whole, and still accepted. */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	{
		int fds[2];
		pid_t pid;
		static char block[65536];

		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			ssize_t n;

			close(fds[0]);
			while ((n = read(fd, block, sizeof block)) > 0)
				if (write(fds[1], block, (size_t)n) != n)
					_exit(1);
			_exit(0);
		}
		close(fds[1]);
		snprintf(dev, sizeof dev, "/dev/fd/%d", fds[0]);
		assert_int_equal(source_open(dev, &s, &d), YREAD_OK);
		assert_int_equal(s.len, TREE_MAX_FILE_SIZE);
		source_close(&s);
		close(fds[0]);
		waitpid(pid, NULL, 0);
	}
	close(fd);
	fd = open(path, O_WRONLY | O_APPEND);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	assert_int_equal(source_open(path, &s, &d), YREAD_INVALID);
	source_close(&s);
	diag_list_clear(&d);
}

static void source_open__folder_and_missing__cannot_open(void **state)
{
	struct diag_list d = {.file = "f"};
	char path[128];
	struct source s;

	(void)state;
	errno = 0;
	assert_int_equal(source_open(dir, &s, &d), YREAD_CANNOT_OPEN);
	assert_int_equal(errno, EISDIR);
	path_of(path, sizeof path, "missing.yaml");
	assert_int_equal(source_open(path, &s, &d), YREAD_CANNOT_OPEN);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(d.count, 0);
}

/* A read that fails (here EIO: /proc/self/mem at address 0) is a read
 * error, which the command line turns into status 74, not an invalid
 * file: when the text is read, and when a loader streams the file. */
static void source_read_text__read_fails__read_error(void **state)
{
	struct diag_list d = {.file = "f"};
	struct source s;

	(void)state;
	assert_int_equal(source_open("/proc/self/mem", &s, &d), YREAD_OK);
	assert_non_null(s.file);
	errno = 0;
	assert_int_equal(tree_check_stream(s.file, &d), YREAD_READ_ERROR);
	assert_int_equal(errno, EIO);
	errno = 0;
	assert_int_equal(source_read_text(&s, &d), YREAD_READ_ERROR);
	assert_int_equal(errno, EIO);
	assert_null(s.text);
	source_close(&s);
	diag_list_clear(&d);
}

/* A tab that indents a line is named as such in a file read as a stream
 * as well as from a buffer. */
static void tree_check_stream__tab_indent__named(void **state)
{
	static const char yaml[] = "format: runcheck/1\nquestions:\n  q1:\n"
				   "\ttype: yesno\n";
	struct diag_list d = {.file = "f"};
	char path[128];
	struct source s;
	FILE *f;

	(void)state;
	path_of(path, sizeof path, "tab.yaml");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(yaml, f);
	fclose(f);
	assert_int_equal(source_open(path, &s, &d), YREAD_OK);
	assert_int_equal(tree_check_stream(s.file, &d), YREAD_INVALID);
	assert_int_equal(d.count, 1);
	assert_int_equal(d.items[0].pos.line, 4);
	assert_string_equal(d.items[0].message,
			    "tab character in indentation; YAML indents with "
			    "spaces");
	source_close(&s);
	diag_list_clear(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(source_open__regular_file__kept_open),
		cmocka_unit_test(source_open__dash__reads_standard_input),
		cmocka_unit_test(source_open__fifo__read_once),
		cmocka_unit_test(source_open__endless_pipe__refused_at_limit),
		cmocka_unit_test(source_open__dev_zero__refused_at_limit),
		cmocka_unit_test(
			source_open__sparse_huge_file__refused_at_once),
		cmocka_unit_test(source_open__limit_exactly__accepted),
		cmocka_unit_test(source_open__folder_and_missing__cannot_open),
		cmocka_unit_test(source_read_text__read_fails__read_error),
		cmocka_unit_test(tree_check_stream__tab_indent__named),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
