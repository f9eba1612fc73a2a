/* Code lists in the local database. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/codefile.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/paths.h"
#include "store/codes.h"
#include "store/store-int.h"

/*
 * The three closenesses of codes_search, over code c and the text ?2:
 * the whole code, a whole name or alias; the start of one; a part of a
 * name or an alias. English and codes in any case. Aliases are held as
 * the list file writes them, "a|b|c".
 */
#define CODES_EXACT							\
	"(c.code = ?2 COLLATE NOCASE OR c.name_zh = ?2 OR "			\
	"lower(c.name_en) = lower(?2) OR "					\
	"instr('|' || c.aliases || '|', '|' || ?2 || '|') > 0)"
#define CODES_START							\
	"(substr(c.code, 1, length(?2)) = ?2 COLLATE NOCASE OR "		\
	"substr(c.name_zh, 1, length(?2)) = ?2 OR "				\
	"lower(substr(c.name_en, 1, length(?2))) = lower(?2) OR "		\
	"instr('|' || c.aliases, '|' || ?2) > 0)"
#define CODES_PART							\
	"(instr(c.name_zh, ?2) > 0 OR instr(lower(c.name_en), lower(?2)) > 0 OR "	\
	"(instr(c.aliases, ?2) > 0 AND instr(?2, '|') = 0))"
/* Whatever matches at all: a code by its start, or a part (EXACT and START imply PART). */
#define CODES_ANY							\
	"(substr(c.code, 1, length(?2)) = ?2 COLLATE NOCASE OR " CODES_PART ")"

/* Load one list file in one transaction. */
int
codes_load_file(struct store *st, const char *path, char *err, size_t errlen)
{
	struct codefile *cf;
	struct codefile_entry e;
	sqlite3_stmt *ins = NULL, *stmt;
	char have[64], stamp[32];
	const char *list, *version;
	int rc = -1, more;
	long count = 0;

	if ((cf = codefile_open(path, err, errlen)) == NULL)
		return -1;
	list = codefile_list(cf);
	version = codefile_version(cf);
	if (codes_version(st, list, have, sizeof have) == 0 && strcmp(have, version) == 0) {
		rc = 0;
		goto out;
	}
	if (st_begin(st) != 0) {
		snprintf(err, errlen, _("the database is busy: %s"), store_errmsg(st));
		goto out;
	}
	/* Codes not in the new file stay, deprecated. */
	stmt = st_prepare(st, "UPDATE code SET deprecated = 1 WHERE list = ?");
	st_bind_text(stmt, 1, list);
	if (st_step_done(st, stmt) != 0)
		goto dberr;
	ins = st_prepare(st, "INSERT INTO code (list, code, parent, name_zh, name_en, "
	    "deprecated, rank, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (list, code) "
	    "DO UPDATE SET parent = excluded.parent, name_zh = excluded.name_zh, "
	    "name_en = excluded.name_en, deprecated = excluded.deprecated, rank = excluded.rank, "
	    "aliases = excluded.aliases");
	while ((more = codefile_next(cf, &e, err, errlen)) > 0) {
		st_bind_text(ins, 1, list);
		st_bind_text(ins, 2, e.code);
		st_bind_text(ins, 3, e.parent);
		st_bind_text(ins, 4, e.name_zh);
		st_bind_text(ins, 5, e.name_en);
		st_bind_int(ins, 6, e.deprecated);
		if (e.rank >= 0)
			st_bind_int(ins, 7, e.rank);
		else
			sqlite3_bind_null(ins, 7);
		st_bind_text(ins, 8, e.aliases != NULL ? e.aliases : "");
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto dberr;
		sqlite3_reset(ins);
		count++;
	}
	if (more < 0)
		goto rollback;
	store_timestamp(stamp);
	stmt = st_prepare(st, "INSERT INTO code_list (list, version, loaded_at) VALUES (?, ?, ?) "
	    "ON CONFLICT (list) DO UPDATE SET version = excluded.version, "
	    "loaded_at = excluded.loaded_at");
	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, version);
	st_bind_text(stmt, 3, stamp);
	if (st_step_done(st, stmt) != 0 || st_commit(st) != 0)
		goto dberr;
	log_info("code list %s version %s loaded: %ld codes", list, version, count);
	rc = 1;
	goto out;
dberr:
	snprintf(err, errlen, _("%s: cannot store the codes: %s"), path, store_errmsg(st));
rollback:
	st_rollback(st);
out:
	if (ins != NULL)
		sqlite3_finalize(ins);
	codefile_close(cf);
	return rc;
}

/* Load every *.tsv of a folder. */
int
codes_load_dir(struct store *st, const char *dir, char *err, size_t errlen)
{
	char **paths = paths_list(dir, ".tsv");
	int rc = 0;
	size_t i;

	if (paths == NULL) {
		snprintf(err, errlen, _("%s: cannot read the code lists: %s"), dir, strerror(errno));
		return -1;
	}
	for (i = 0; rc == 0 && paths[i] != NULL; i++)
		if (codes_load_file(st, paths[i], err, errlen) < 0)
			rc = -1;
	paths_list_free(paths);
	return rc;
}

/* Version of a loaded list. */
int
codes_version(struct store *st, const char *list, char *out, size_t outlen)
{
	return st_first_text(st, "SELECT version FROM code_list WHERE list = ?", list, out, outlen);
}

/* Whether a code is current. */
int
codes_valid(struct store *st, const char *list, const char *code)
{
	sqlite3_stmt *stmt;
	char v[64];
	int rc;

	if (codes_version(st, list, v, sizeof v) != 0)
		return -1;
	stmt = st_prepare(st, "SELECT 1 FROM code WHERE list = ? AND code = ? AND deprecated = 0");
	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, code);
	rc = sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return rc;
}

/* Code-list membership for the field checks of the window and the commands. */
int
codes_check(void *store, const char *list, const char *code)
{
	return codes_valid(store, list, code);
}

/* A code's name. */
int
codes_name(struct store *st, const char *list, const char *code, int chinese, char *out,
    size_t outlen)
{
	sqlite3_stmt *stmt = st_prepare(st, "SELECT name_zh, name_en FROM code "
	    "WHERE list = ? AND code = ?");
	int rc = -1;

	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, code);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out, outlen, "%s", st_column_text(stmt, chinese ? 0 : 1));
		rc = 0;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* Codes matching what was typed, the closest first. */
int
codes_search(struct store *st, const char *list, const char *query, struct code_hit *hits,
    size_t max, size_t *n)
{
	return codes_search_prefer(st, list, query, NULL, hits, max, n);
}

/* Codes matching what was typed, the preferred level and parent first, then the closest. */
int
codes_search_prefer(struct store *st, const char *list, const char *query,
    const struct code_prefer *prefer, struct code_hit *hits, size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st,
	    "SELECT c.code, c.parent, c.name_zh, c.name_en, c.deprecated, "
	    "CASE WHEN ?2 = '' THEN 3 WHEN " CODES_EXACT " THEN 0 WHEN " CODES_START " THEN 1 "
	    "ELSE 2 END AS match, c.aliases FROM code c "
	    "WHERE c.list = ?1 AND c.deprecated = 0 AND (?2 = '' OR " CODES_ANY ") "
	    "ORDER BY (?4 > 0 AND length(c.code) > ?4) OR length(c.code) < ?5, match > 0, "
	    "?6 <> '' AND c.parent <> ?6, match, "
	    /* Nothing typed: the list in its own order, but for the level preferred. */
	    "CASE WHEN ?2 = '' THEN 0 ELSE length(c.code) END, c.code LIMIT ?3");

	*n = 0;
	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, query);
	st_bind_int(stmt, 3, (int64_t)max);
	st_bind_int(stmt, 4, prefer != NULL ? (int64_t)prefer->len_max : 0);
	st_bind_int(stmt, 5, prefer != NULL ? (int64_t)prefer->len_min : 0);
	st_bind_text(stmt, 6, prefer != NULL && prefer->under != NULL ? prefer->under : "");
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct code_hit *h = &hits[(*n)++];

		snprintf(h->code, sizeof h->code, "%s", st_column_text(stmt, 0));
		snprintf(h->parent, sizeof h->parent, "%s", st_column_text(stmt, 1));
		snprintf(h->name_zh, sizeof h->name_zh, "%s", st_column_text(stmt, 2));
		snprintf(h->name_en, sizeof h->name_en, "%s", st_column_text(stmt, 3));
		h->deprecated = sqlite3_column_int(stmt, 4);
		h->match = (enum code_match)sqlite3_column_int(stmt, 5);
		snprintf(h->aliases, sizeof h->aliases, "%s", st_column_text(stmt, 6));
	}
	sqlite3_finalize(stmt);
	return 0;
}

/* The one code a text stands for, if there is one. */
int
codes_resolve(struct store *st, const char *list, const char *query, char *out, size_t outlen)
{
	static const char *const sql[] = {
		"SELECT c.code FROM code c WHERE c.list = ?1 AND c.deprecated = 0 AND "
		    CODES_EXACT " LIMIT 2",
		"SELECT c.code FROM code c WHERE c.list = ?1 AND c.deprecated = 0 AND "
		    CODES_ANY " LIMIT 2",
	};
	size_t i;
	int found;

	if (*query == '\0')
		return 0;
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *stmt = st_prepare(st, sql[i]);

		st_bind_text(stmt, 1, list);
		st_bind_text(stmt, 2, query);
		for (found = 0; sqlite3_step(stmt) == SQLITE_ROW; found++)
			if (found == 0)
				snprintf(out, outlen, "%s", st_column_text(stmt, 0));
		sqlite3_finalize(stmt);
		/* Two exact matches are a choice too; only when none, the one match at all. */
		if (found > 0)
			return found == 1 ? 1 : 2;
	}
	return 0;
}

/* The one code a text stands for, for the field checks of the window and the commands. */
int
codes_resolve_cb(void *store, const char *list, const char *query, char *out, size_t outlen)
{
	return codes_resolve(store, list, query, out, outlen);
}
