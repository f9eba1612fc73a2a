/*
 * Pulling: the pages of change_log after a terminal's cursor, with the
 * current state of each record. One REPEATABLE READ READ ONLY transaction
 * sees one snapshot: the rows it hands out lie below that snapshot's xmin,
 * so a transaction that commits late (it took its xid earlier, and its
 * rows have lower positions than rows already handed out) is never passed
 * over: the horizon waits below it until it ends. The cursor is
 * "1.<epoch>.<xid>.<pos>": a restored server has a new epoch, and a
 * cursor of another epoch starts again from the beginning.
 *
 * A scoped terminal (or one whose scope ever changed) has the cursor
 * "1.<epoch>.<xid>.<pos>.<gen>.<fill>": gen counts the changes of its
 * scope, and a cursor of another count starts again from the beginning
 * too (the terminal drops what left its scope and pulls what entered
 * it); fill is the horizon when its pull from the beginning started. A
 * change below fill ended before that start, when the terminal held no
 * record it is not sent (an empty terminal, or one that dropped what its
 * new scope does not hold): a record outside the scope whose last change
 * lies there needs no word to the terminal. Vacancies above fill go down
 * whatever their state, so that one that closes is closed there too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/xalloc.h"
#include "core/hlc.h"
#include "core/kind.h"
#include "server/pg-int.h"

#define PULL_DEFAULT_LIMIT	1000

/* A cursor taken apart; gen and fill "0" in a cursor without them. */
struct pull_cursor {
	char	epoch[64];
	char	xid[24];
	char	pos[24];
	char	gen[24];
	char	fill[24];
};

/* Copies the digits at *s up to the next '.' or the end into out; 0, or -1 if not 1 to max digits. */
static int
pull_cursor_number(const char **s, char *out, size_t outlen, size_t max)
{
	size_t n = 0;

	while (**s >= '0' && **s <= '9' && n + 1 < outlen && n < max)
		out[n++] = *(*s)++;
	out[n] = '\0';
	if (n == 0 || (**s != '.' && **s != '\0'))
		return -1;
	return 0;
}

/* Parse "1.<epoch>.<xid>.<pos>[.<gen>.<fill>]"; "" is the beginning. 0 or -1. */
static int
pull_cursor_parse(const char *s, struct pull_cursor *c)
{
	size_t n = 0;

	memset(c, 0, sizeof *c);
	snprintf(c->gen, sizeof c->gen, "0");
	snprintf(c->fill, sizeof c->fill, "0");
	if (*s == '\0') {
		snprintf(c->xid, sizeof c->xid, "0");
		snprintf(c->pos, sizeof c->pos, "0");
		return 0;
	}
	if (strncmp(s, "1.", 2) != 0)
		return -1;
	for (s += 2; *s != '.' && *s != '\0'; s++) {
		if (n + 1 >= sizeof c->epoch || !((*s >= '0' && *s <= '9') ||
		    (*s >= 'a' && *s <= 'f') || *s == '-'))
			return -1;
		c->epoch[n++] = *s;
	}
	if (n == 0 || *s++ != '.' || pull_cursor_number(&s, c->xid, sizeof c->xid, 19) != 0 ||
	    *s++ != '.' || pull_cursor_number(&s, c->pos, sizeof c->pos, 18) != 0)
		return -1;
	if (*s == '\0')
		return 0;
	if (*s++ != '.' || pull_cursor_number(&s, c->gen, sizeof c->gen, 9) != 0 ||
	    *s++ != '.' || pull_cursor_number(&s, c->fill, sizeof c->fill, 19) != 0 || *s != '\0')
		return -1;
	return 0;
}

/* Free what a failed pull had gathered. */
static void
pull_free(struct wire_pull_reply *out)
{
	wire_pull_reply_free(out);
	memset(out, 0, sizeof *out);
}

/* The page after a cursor: one try. */
static enum pg_outcome
pull_once(struct pg *pg, const struct pg_terminal *t, const struct wire_pull *in,
    struct wire_pull_reply *out, struct wire_error *e)
{
	struct pull_cursor cur;
	char epoch[64], limit[24], lastxid[24], lastpos[24], gen[24], fill[24];
	const char *params[7];
	const char *entry = kind_get(KIND_IDENTITY)->name;
	PGresult *res = NULL;
	long want = in->limit;
	int i, rows, first, scoped = t->scope[0] != '\0';
	enum pg_outcome rc;
	uint64_t hlc, now;

	memset(out, 0, sizeof *out);
	if ((rc = pg_ready(pg, e)) != PG_OK)
		return rc;
	if (pull_cursor_parse(in->cursor, &cur) != 0)
		return pg_error(e, PG_BAD_REQUEST, "the cursor is malformed; pull again from \"\"");
	if (want <= 0)
		want = PULL_DEFAULT_LIMIT;
	if (want > WIRE_MAX_RECORDS)
		want = WIRE_MAX_RECORDS;
	if (pg_cmd(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") != 0)
		return pg_failed(pg, "read the changes", e);
	/*
	 * A scoped page is read in change_log's order, each row's record
	 * looked up by its key (but for the people whose note carries their
	 * identity, S_PULL_SCOPED), until the page is full. PostgreSQL misjudges
	 * how many rows the scope's walls let through and would rather hash
	 * the whole record table and sort, for every page: a third of a
	 * second a page on the small data set, where this way takes ten
	 * milliseconds. The estimated cost of the whole scan would then have
	 * it compiled (JIT) for every page, which takes longer than the page:
	 * no JIT either. Its plan is the same for every page, and planning it
	 * again with each page's values took 4 ms of every page: the generic
	 * plan, made once on the connection. Set for this transaction only.
	 */
	if (scoped && pg_cmd(pg, "SET LOCAL enable_hashjoin = off; "
	    "SET LOCAL enable_mergejoin = off; SET LOCAL enable_sort = off; SET LOCAL jit = off; "
	    "SET LOCAL plan_cache_mode = force_generic_plan") != 0)
		return pg_failed(pg, "read the changes", e);
	if (pg_meta(pg, "epoch", epoch, sizeof epoch) != 0)
		return pg_failed(pg, "read the changes", e);
	first = cur.epoch[0] == '\0';
	snprintf(gen, sizeof gen, "%ld", t->scope_gen);
	if (!first && (strcmp(cur.epoch, epoch) != 0 || strcmp(cur.gen, gen) != 0)) {
		/*
		 * Another epoch (the server was restored or renewed), or another
		 * scope since the cursor was given: everything again.
		 */
		out->reset = 1;
		first = 1;
		snprintf(cur.xid, sizeof cur.xid, "0");
		snprintf(cur.pos, sizeof cur.pos, "0");
	}
	snprintf(fill, sizeof fill, "%s", first ? "0" : cur.fill);
	if (first && scoped) {
		/* The fill begins: whatever ended before now, the terminal does not hold. */
		if ((res = pg_run(pg, S_SNAPSHOT_XMIN, NULL)) == NULL)
			return pg_failed(pg, "read the changes", e);
		snprintf(fill, sizeof fill, "%s", PQgetvalue(res, 0, 0));
		PQclear(res);
		res = NULL;
	}
	snprintf(limit, sizeof limit, "%ld", want + 1);
	params[0] = cur.xid;
	params[1] = cur.pos;
	params[2] = limit;
	params[3] = t->office;
	params[4] = t->scope;
	params[5] = fill;
	params[6] = in->compact ? "true" : "false";
	if ((res = pg_run(pg, scoped ? S_PULL_SCOPED : S_PULL, params)) == NULL)
		return pg_failed(pg, "read the changes", e);
	rows = PQntuples(res);
	out->more = rows > want;
	if (out->more)
		rows = (int)want;
	out->records = xcalloc(rows > 0 ? (size_t)rows : 1, sizeof *out->records);
	snprintf(lastxid, sizeof lastxid, "%s", cur.xid);
	snprintf(lastpos, sizeof lastpos, "%s", cur.pos);
	for (i = 0; i < rows; i++) {
		struct wire_record *r = &out->records[out->n];

		snprintf(lastxid, sizeof lastxid, "%s", PQgetvalue(res, i, 0));
		snprintf(lastpos, sizeof lastpos, "%s", PQgetvalue(res, i, 1));
		/* A row whose record is gone (cannot happen but for a bug): skipped, passed. */
		if (PQgetisnull(res, i, 4))
			continue;
		snprintf(r->tbl, sizeof r->tbl, "%s", PQgetvalue(res, i, 2));
		snprintf(r->key, sizeof r->key, "%s", PQgetvalue(res, i, 3));
		/* jsonb's own text goes out as it is: no parsing, no building again. */
		r->fields_text = xstrdup(PQgetvalue(res, i, 4));
		/* Asked for (WIRE_PAGE_HEADER): an entry's values came as an array. */
		r->compact = in->compact && strcmp(r->tbl, entry) == 0;
		r->stamps_text = xstrdup(PQgetvalue(res, i, 5));
		r->deleted = strcmp(PQgetvalue(res, i, 6), "t") == 0;
		snprintf(r->replaced_by, sizeof r->replaced_by, "%s", PQgetvalue(res, i, 7));
		r->authors_text = xstrdup(PQgetvalue(res, i, 8));
		out->n++;
	}
	PQclear(res);
	res = NULL;
	/* A terminal whose scope never changed and is the district's keeps the short cursor. */
	if (scoped || t->scope_gen != 0) {
		/* 36 + 19 + 18 + 9 + 19 digits and dots: never longer than a cursor may be. */
		if ((size_t)snprintf(out->cursor, sizeof out->cursor, "1.%s.%s.%s.%s.%s", epoch,
		    lastxid, lastpos, gen, fill) >= sizeof out->cursor)
			fatalx("pull: a cursor longer than %d bytes", WIRE_CURSOR_LEN - 1);
	} else
		snprintf(out->cursor, sizeof out->cursor, "1.%s.%s.%s", epoch, lastxid, lastpos);
	snprintf(out->scope, sizeof out->scope, "%s", t->scope);
	out->remaining = out->more ? -1 : 0;
	if (out->more && first) {
		/* Counting is a scan of change_log: done once, on a first page. */
		params[0] = lastxid;
		params[1] = lastpos;
		params[2] = t->office;
		params[3] = t->scope;
		params[4] = fill;
		/* A scoped terminal's is an upper bound (S_PULL_SCOPED_COUNT says why). */
		if ((res = pg_run(pg, scoped ? S_PULL_SCOPED_COUNT : S_PULL_COUNT, params)) == NULL)
			goto fail;
		out->remaining = strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	if (!out->more) {
		/*
		 * The last page: say how many committed changes the horizon
		 * holds back, so that the terminal can tell its user that the
		 * round was not the whole story. A scan of the rows above the
		 * horizon only, which the (xid, pos) index finds.
		 */
		params[0] = t->office;
		params[1] = t->scope;
		params[2] = fill;
		if ((res = pg_run(pg, scoped ? S_PULL_SCOPED_HELD : S_PULL_HELD, params)) == NULL)
			goto fail;
		out->held = strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
	hlc = pg_server_hlc(pg);
	now = hlc_pack(pg_now_ms(), 0);
	out->hlc = hlc > now ? hlc : now;
	if (pg_cmd(pg, "COMMIT") != 0)
		goto fail;
	return PG_OK;
fail:
	pull_free(out);
	return pg_failed(pg, "read the changes", e);
}

/* The page after a cursor, tried again once on a new connection if the old one had died. */
enum pg_outcome
pg_pull_build(struct pg *pg, const struct pg_terminal *t, const struct wire_pull *in,
    struct wire_pull_reply *out, struct wire_error *e)
{
	enum pg_outcome rc = pull_once(pg, t, in, out, e);

	if (rc == PG_UNAVAILABLE && pg_revive(pg))
		rc = pull_once(pg, t, in, out, e);
	return rc;
}

/*
 * What the terminal has been sent, up to the (xid, pos) of the cursor it
 * was given: a change's base (the stamps its clerk saw) counts only for
 * records it had as they stand. Outside the page's transaction, which is
 * read only; not worth failing the page for: a base then counts as none.
 */
void
pg_pull_sent(struct pg *pg, const struct pg_terminal *t, const char *cursor)
{
	struct pull_cursor cur;
	const char *params[3];
	PGresult *res;

	if (pull_cursor_parse(cursor, &cur) != 0 || cur.epoch[0] == '\0')
		return;
	params[0] = t->id;
	params[1] = cur.xid;
	params[2] = cur.pos;
	if ((res = pg_run(pg, S_TERM_PULLED, params)) == NULL)
		log_warn("terminal %s: cannot note how far it has pulled (SQLSTATE %s)", t->id,
		    pg->sqlstate);
	PQclear(res);
}

/* The page after a cursor, and how far the terminal has been sent noted. */
enum pg_outcome
pg_pull(struct pg *pg, const struct pg_terminal *t, const struct wire_pull *in,
    struct wire_pull_reply *out, struct wire_error *e)
{
	enum pg_outcome rc = pg_pull_build(pg, t, in, out, e);

	if (rc == PG_OK)
		pg_pull_sent(pg, t, out->cursor);
	return rc;
}
