#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

static void too_large(struct diag_list *diags)
{
	diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
		 "the file is larger than %u bytes (64 MiB)",
		 TREE_MAX_FILE_SIZE);
}

/* Reads fd to its end, or to one byte past the limit. */
static enum yread_status read_all(int fd, size_t hint, struct source *s,
				  struct diag_list *diags)
{
	size_t capacity = hint + 1 < 65536 ? 65536 : hint + 1, used = 0;
	char *buf = mem_alloc(capacity + 1);

	if (buf == NULL)
		return YREAD_NOMEM;
	for (;;) {
		ssize_t n;

		if (used == capacity) {
			size_t grown = capacity * 2;
			char *bigger;

			/* Room for the limit and one byte more: that byte
			 * says the input is too large. */
			if (grown > (size_t)TREE_MAX_FILE_SIZE + 1)
				grown = (size_t)TREE_MAX_FILE_SIZE + 1;
			bigger = mem_realloc(buf, grown + 1);
			if (bigger == NULL) {
				free(buf);
				return YREAD_NOMEM;
			}
			buf = bigger;
			capacity = grown;
		}
		n = read(fd, buf + used, capacity - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved_errno = errno;

			free(buf);
			errno = saved_errno;
			return YREAD_READ_ERROR;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > TREE_MAX_FILE_SIZE) {
			free(buf);
			too_large(diags);
			return YREAD_INVALID;
		}
	}
	buf[used] = '\0';
	s->text = buf;
	s->len = used;
	return YREAD_OK;
}

/* Refuses a folder (EISDIR) and a regular file past the limit; *is_regular
 * says which kind fd is. */
static enum yread_status check_kind(int fd, bool *is_regular, size_t *size,
				    struct diag_list *diags)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return YREAD_CANNOT_OPEN;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return YREAD_CANNOT_OPEN;
	}
	*is_regular = S_ISREG(st.st_mode);
	*size = 0;
	if (!*is_regular)
		return YREAD_OK;
	/* Refused before it is read: a sparse file of any size costs
	 * nothing. */
	if ((uintmax_t)st.st_size > TREE_MAX_FILE_SIZE) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){1, 1},
			 "the file is larger than %u bytes (64 MiB): %jd bytes",
			 TREE_MAX_FILE_SIZE, (intmax_t)st.st_size);
		return YREAD_INVALID;
	}
	*size = (size_t)st.st_size;
	return YREAD_OK;
}

enum yread_status source_open(const char *path, struct source *s,
			      struct diag_list *diags)
{
	bool is_stdin = path[0] == '-' && path[1] == '\0';
	bool is_regular;
	enum yread_status status;
	size_t size;
	int fd, saved_errno;

	s->file = NULL;
	s->text = NULL;
	s->len = 0;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return YREAD_CANNOT_OPEN;
	status = check_kind(fd, &is_regular, &size, diags);
	if (status == YREAD_OK && is_regular && !is_stdin) {
		s->file = fdopen(fd, "rb");
		if (s->file != NULL)
			return YREAD_OK;
		status = YREAD_NOMEM;
	} else if (status == YREAD_OK) {
		status = read_all(fd, size, s, diags);
	}
	saved_errno = errno;
	if (!is_stdin)
		close(fd);
	errno = saved_errno;
	return status;
}

enum yread_status source_read_text(struct source *s, struct diag_list *diags)
{
	bool is_regular;
	enum yread_status status;
	size_t size;

	if (s->text != NULL || s->file == NULL)
		return YREAD_OK;
	/* The file may have grown since it was opened: the limit holds. */
	status = check_kind(fileno(s->file), &is_regular, &size, diags);
	if (status != YREAD_OK)
		return status;
	if (lseek(fileno(s->file), 0, SEEK_SET) != 0)
		return YREAD_READ_ERROR;
	status = read_all(fileno(s->file), size, s, diags);
	rewind(s->file); /* where the stream loaders start */
	return status;
}

void source_close(struct source *s)
{
	if (s->file != NULL)
		fclose(s->file);
	free(s->text);
	s->file = NULL;
	s->text = NULL;
	s->len = 0;
}
