/*
 * A growable byte buffer, always NUL-terminated. Initialise with
 * BUF_INIT or buf_init(); the memory is the buffer's until buf_free() or
 * buf_detach() hands it to the caller.
 */
#ifndef JOBDESK_BUF_H
#define JOBDESK_BUF_H

#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addc(struct buf *, char);
void	 buf_addf(struct buf *, const char *, ...) __attribute__((format(printf, 2, 3)));
/* Contents as a string; "" when empty. Valid until the next change. */
const char *buf_str(const struct buf *);
/* Hand the string to the caller, who frees it; the buffer is left empty. */
char	*buf_detach(struct buf *);

#endif
