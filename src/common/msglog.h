/*
 * A bounded log of short messages in memory: each with the time it was
 * given and a kind of the caller's (the client's info, warning, error),
 * the newest first; when full, the oldest goes. The same message given
 * again straight after is folded into the last one with a count. Nothing
 * is written anywhere: the texts may name people, and clearing or freeing
 * the log wipes them.
 */
#ifndef JOBDESK_MSGLOG_H
#define JOBDESK_MSGLOG_H

#include <stddef.h>
#include <time.h>

/* Bytes a message keeps, its NUL included; a longer one is cut at a character. */
#define MSGLOG_TEXT_MAX	512

struct msglog;

struct msglog_entry {
	time_t		when;			/* the last time it was given */
	int		kind;			/* the caller's code */
	unsigned	count;			/* how many times in a row, 1 or more */
	char		text[MSGLOG_TEXT_MAX];
};

/* A new empty log keeping the last max messages (max >= 1); msglog_free frees it. */
struct msglog	*msglog_new(size_t max);
/* Wipe and free the log; NULL is allowed. */
void		 msglog_free(struct msglog *);
/*
 * Add text of kind given at when; the same kind and text as the newest
 * message only counts that one again and moves its time.
 */
void		 msglog_add(struct msglog *, time_t when, int kind, const char *text);
/* How many messages the log holds. */
size_t		 msglog_count(const struct msglog *);
/* Message i, 0 the newest; NULL past the last. The log's, valid until it next changes. */
const struct msglog_entry *msglog_get(const struct msglog *, size_t i);
/* Forget every message, wiping their texts. */
void		 msglog_clear(struct msglog *);

#endif
