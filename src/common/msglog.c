/*
 * A ring of messages: a fixed array written round and round, head at
 * the newest, so adding never moves or allocates and the oldest is
 * simply written over once the ring is full.
 */
#include <stdlib.h>
#include <string.h>

#include "common/msglog.h"
#include "common/xalloc.h"

struct msglog {
	struct msglog_entry	*ring;
	size_t			 max;
	size_t			 n;	/* messages held, up to max */
	size_t			 head;	/* the newest's slot, when n > 0 */
};

/* A new log of at most max messages. */
struct msglog *
msglog_new(size_t max)
{
	struct msglog *l = xcalloc(1, sizeof *l);

	if (max == 0)
		fatalx("a message log of no messages");
	l->ring = xcalloc(max, sizeof *l->ring);
	l->max = max;
	return l;
}

/* Wipe and free. */
void
msglog_free(struct msglog *l)
{
	if (l == NULL)
		return;
	msglog_clear(l);
	free(l->ring);
	free(l);
}

/*
 * Copy text into out (MSGLOG_TEXT_MAX bytes), cut before a UTF-8
 * character that would not fit whole: a log line never ends in half a
 * Chinese character.
 */
static void
msglog_copy(char *out, const char *text)
{
	size_t len = strlen(text);

	if (len >= MSGLOG_TEXT_MAX) {
		len = MSGLOG_TEXT_MAX - 1;
		/* Back off continuation bytes (10xxxxxx) to the start of the cut character. */
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(out, text, len);
	out[len] = '\0';
}

/* Add a message, or count the newest again when it is the same. */
void
msglog_add(struct msglog *l, time_t when, int kind, const char *text)
{
	struct msglog_entry *e;
	char cut[MSGLOG_TEXT_MAX];

	msglog_copy(cut, text);
	if (l->n > 0) {
		e = &l->ring[l->head];
		if (e->kind == kind && strcmp(e->text, cut) == 0) {
			if (e->count < ~0U)
				e->count++;
			e->when = when;
			explicit_bzero(cut, sizeof cut);
			return;
		}
		l->head = (l->head + 1) % l->max;
	}
	if (l->n < l->max)
		l->n++;
	e = &l->ring[l->head];
	explicit_bzero(e, sizeof *e);
	e->when = when;
	e->kind = kind;
	e->count = 1;
	memcpy(e->text, cut, sizeof e->text);
	explicit_bzero(cut, sizeof cut);
}

/* Messages held. */
size_t
msglog_count(const struct msglog *l)
{
	return l->n;
}

/* Message i counting back from the newest. */
const struct msglog_entry *
msglog_get(const struct msglog *l, size_t i)
{
	if (i >= l->n)
		return NULL;
	return &l->ring[(l->head + l->max - i) % l->max];
}

/* Forget everything, texts wiped. */
void
msglog_clear(struct msglog *l)
{
	explicit_bzero(l->ring, l->max * sizeof *l->ring);
	l->n = 0;
	l->head = 0;
}
