/*
 * Pull pages built ahead (pull-ahead.h). A terminal's pages follow one
 * another: the next page's cursor is the one just sent, and a terminal
 * asks for the next page as soon as it has this one (sync.c), so the
 * request is predictable. One builder thread with its own connection
 * builds it meanwhile; the worker that gets the request takes the page
 * ready, or waits for the builder to finish it, or builds it itself as
 * before when nothing matches. A page built a little earlier is as right
 * as one built on request: each page is its own snapshot, and the rows
 * after its cursor come with the next.
 *
 * Only what is the same request is served: the same terminal, office and
 * scope (a scope changed meanwhile drops the page), the same cursor,
 * limit and form of entries. How far the terminal has been sent is noted
 * when the page goes out (pg_pull_sent), not when it is built.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "server/pull-ahead.h"

#define PULL_AHEAD_SLOTS	4	/* terminals served ahead at once */
#define PULL_AHEAD_KEEP_MS	30000	/* a page not asked for by then is dropped */
#define PULL_AHEAD_LONG_PAGES	10	/* a pull this many pages long is built ahead */

enum ahead_state {
	AHEAD_FREE,
	AHEAD_QUEUED,		/* waits for the builder */
	AHEAD_BUILDING,
	AHEAD_READY
};

struct ahead_slot {
	enum ahead_state	 state;
	int			 dropped;	/* being built for nothing: freed once built */
	struct pg_terminal	 t;
	struct wire_pull	 in;		/* the request it answers */
	struct wire_pull_reply	 out;
	uint64_t		 since;		/* monotonic ms: queued, then ready */
};

struct pull_ahead {
	struct pg_settings	 settings;
	struct pg		*pg;		/* the builder's, made on first use */
	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;		/* to the builder: a page queued, or stop */
	pthread_cond_t		 built;		/* to the workers: a page built */
	int			 stopping;
	struct ahead_slot	 slots[PULL_AHEAD_SLOTS];
};

static uint64_t
ahead_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Whether the slot answers this request of terminal t. */
static int
ahead_same(const struct ahead_slot *s, const struct pg_terminal *t, const struct wire_pull *in)
{
	return strcmp(s->t.id, t->id) == 0 && strcmp(s->t.office, t->office) == 0 &&
	    strcmp(s->t.scope, t->scope) == 0 && s->t.scope_gen == t->scope_gen &&
	    strcmp(s->in.cursor, in->cursor) == 0 && s->in.limit == in->limit &&
	    s->in.compact == in->compact;
}

/* Let a slot go: at once, or once built if the builder has it. Under the lock. */
static void
ahead_drop(struct ahead_slot *s)
{
	if (s->state == AHEAD_BUILDING) {
		s->dropped = 1;
		return;
	}
	if (s->state == AHEAD_READY)
		wire_pull_reply_free(&s->out);
	memset(s, 0, sizeof *s);
}

/* Terminal t's slot (one at most), NULL if none. Under the lock. */
static struct ahead_slot *
ahead_of(struct pull_ahead *a, const char *terminal)
{
	size_t i;

	for (i = 0; i < PULL_AHEAD_SLOTS; i++)
		if (a->slots[i].state != AHEAD_FREE && !a->slots[i].dropped &&
		    strcmp(a->slots[i].t.id, terminal) == 0)
			return &a->slots[i];
	return NULL;
}

/* The page of a slot, built on the builder's connection; 0, or -1 (nothing to keep). */
static int
ahead_build(struct pull_ahead *a, const struct pg_terminal *t, const struct wire_pull *in,
    struct wire_pull_reply *out)
{
	struct wire_error e;
	char err[512];

	if (a->pg == NULL && (a->pg = pg_connect(&a->settings, err, sizeof err)) == NULL) {
		log_warn("pull pages are built on request only: %s", err);
		return -1;
	}
	memset(&e, 0, sizeof e);
	return pg_pull_build(a->pg, t, in, out, &e) == PG_OK ? 0 : -1;
}

/* The builder: the longest-waiting slot first, until told to stop. */
static void *
ahead_builder(void *arg)
{
	struct pull_ahead *a = arg;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		struct ahead_slot *s = NULL;
		struct wire_pull_reply out;
		struct pg_terminal t;
		struct wire_pull in;
		size_t i;
		int rc;

		for (i = 0; i < PULL_AHEAD_SLOTS; i++)
			if (a->slots[i].state == AHEAD_QUEUED &&
			    (s == NULL || a->slots[i].since < s->since))
				s = &a->slots[i];
		if (a->stopping)
			break;
		if (s == NULL) {
			pthread_cond_wait(&a->work, &a->lock);
			continue;
		}
		s->state = AHEAD_BUILDING;
		t = s->t;
		in = s->in;
		pthread_mutex_unlock(&a->lock);
		memset(&out, 0, sizeof out);
		rc = ahead_build(a, &t, &in, &out);
		pthread_mutex_lock(&a->lock);
		if (rc == 0 && !s->dropped) {
			s->out = out;
			s->state = AHEAD_READY;
			s->since = ahead_now_ms();
		} else {
			if (rc == 0)
				wire_pull_reply_free(&out);
			memset(s, 0, sizeof *s);
		}
		pthread_cond_broadcast(&a->built);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

struct pull_ahead *
pull_ahead_new(const struct pg_settings *settings)
{
	struct pull_ahead *a = xcalloc(1, sizeof *a);

	a->settings = *settings;
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		goto nolock;
	if (pthread_cond_init(&a->work, NULL) != 0)
		goto nowork;
	if (pthread_cond_init(&a->built, NULL) != 0)
		goto nobuilt;
	if (pthread_create(&a->thread, NULL, ahead_builder, a) == 0)
		return a;
	pthread_cond_destroy(&a->built);
nobuilt:
	pthread_cond_destroy(&a->work);
nowork:
	pthread_mutex_destroy(&a->lock);
nolock:
	free(a);
	log_warn("pull pages are built on request only: no thread to build them ahead");
	return NULL;
}

void
pull_ahead_free(struct pull_ahead *a)
{
	size_t i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->stopping = 1;
	pthread_cond_signal(&a->work);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	for (i = 0; i < PULL_AHEAD_SLOTS; i++)
		ahead_drop(&a->slots[i]);
	pg_close(a->pg);
	pthread_cond_destroy(&a->built);
	pthread_cond_destroy(&a->work);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

enum pull_ahead_found
pull_ahead_take(struct pull_ahead *a, const struct pg_terminal *t, const struct wire_pull *in,
    struct wire_pull_reply *out)
{
	struct ahead_slot *s;
	enum pull_ahead_found found = PULL_AHEAD_NONE;

	if (a == NULL)
		return found;
	pthread_mutex_lock(&a->lock);
	if ((s = ahead_of(a, t->id)) == NULL)
		goto out;
	found = PULL_AHEAD_MISSED;
	if (!ahead_same(s, t, in) || s->state == AHEAD_QUEUED) {
		/* Another request (a cut, a new scope), or not begun: built here as it comes. */
		ahead_drop(s);
		goto out;
	}
	/* Another worker may take it meanwhile (the same request twice): checked again. */
	while (s->state == AHEAD_BUILDING && !s->dropped)
		pthread_cond_wait(&a->built, &a->lock);
	if (s->state == AHEAD_READY && ahead_same(s, t, in)) {
		*out = s->out;
		memset(s, 0, sizeof *s);
		found = PULL_AHEAD_SERVED;
	}
out:
	pthread_mutex_unlock(&a->lock);
	return found;
}

int
pull_ahead_worth(const struct wire_pull *in, const struct wire_pull_reply *sent,
    enum pull_ahead_found found)
{
	/* remaining is counted on a pull's first page only (-1 after it). */
	return sent->more && (found != PULL_AHEAD_NONE ||
	    sent->remaining >= PULL_AHEAD_LONG_PAGES * in->limit);
}

void
pull_ahead_start(struct pull_ahead *a, const struct pg_terminal *t, const struct wire_pull *in,
    const char *cursor)
{
	struct ahead_slot *s;
	uint64_t now;
	size_t i;

	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	now = ahead_now_ms();
	for (i = 0; i < PULL_AHEAD_SLOTS; i++)
		if (a->slots[i].state == AHEAD_READY && now - a->slots[i].since > PULL_AHEAD_KEEP_MS)
			ahead_drop(&a->slots[i]);
	if ((s = ahead_of(a, t->id)) != NULL) {
		if (s->state == AHEAD_BUILDING)
			goto out;
		ahead_drop(s);
	} else {
		for (i = 0; i < PULL_AHEAD_SLOTS && s == NULL; i++)
			if (a->slots[i].state == AHEAD_FREE)
				s = &a->slots[i];
		if (s == NULL)
			goto out;
	}
	s->t = *t;
	s->in = *in;
	snprintf(s->in.cursor, sizeof s->in.cursor, "%s", cursor);
	s->state = AHEAD_QUEUED;
	s->since = now;
	pthread_cond_signal(&a->work);
out:
	pthread_mutex_unlock(&a->lock);
}
