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
static enum tree_status read_all(int fd, size_t hint, char **text, size_t *len,
				 struct diag_list *diags)
{
	size_t capacity = hint + 1 < 65536 ? 65536 : hint + 1, used = 0;
	char *buf = mem_alloc(capacity + 1);

	if (buf == NULL)
		return TREE_NOMEM;
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
				return TREE_NOMEM;
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
			return TREE_READ_ERROR;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > TREE_MAX_FILE_SIZE) {
			free(buf);
			too_large(diags);
			return TREE_INVALID;
		}
	}
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return TREE_OK;
}

enum tree_status source_read(const char *path, char **text, size_t *len,
			     struct diag_list *diags)
{
	bool is_stdin = path[0] == '-' && path[1] == '\0';
	enum tree_status status;
	struct stat st;
	size_t hint = 0;
	int fd, saved_errno;

	*text = NULL;
	*len = 0;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return TREE_CANNOT_OPEN;
	if (fstat(fd, &st) != 0) {
		status = TREE_CANNOT_OPEN;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		status = TREE_CANNOT_OPEN;
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		/* Refused before it is read: a sparse file of any size
		 * costs nothing. */
		if ((uintmax_t)st.st_size > TREE_MAX_FILE_SIZE) {
			too_large(diags);
			status = TREE_INVALID;
			goto fail;
		}
		hint = (size_t)st.st_size;
	}
	status = read_all(fd, hint, text, len, diags);
fail:
	saved_errno = errno;
	if (!is_stdin)
		close(fd);
	errno = saved_errno;
	return status;
}
