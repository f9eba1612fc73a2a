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
	    "deprecated, rank) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (list, code) DO UPDATE "
	    "SET parent = excluded.parent, name_zh = excluded.name_zh, "
	    "name_en = excluded.name_en, deprecated = excluded.deprecated, rank = excluded.rank");
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

/* Codes matching a prefix or a part of a name. */
int
codes_search(struct store *st, const char *list, const char *query, struct code_hit *hits,
    size_t max, size_t *n)
{
	sqlite3_stmt *stmt = st_prepare(st,
	    "SELECT code, parent, name_zh, name_en, deprecated FROM code "
	    "WHERE list = ?1 AND deprecated = 0 AND (?2 = '' OR "
	    "substr(code, 1, length(?2)) = ?2 COLLATE NOCASE OR instr(name_zh, ?2) > 0 OR "
	    "instr(lower(name_en), lower(?2)) > 0) "
	    "ORDER BY substr(code, 1, length(?2)) <> ?2 COLLATE NOCASE, code LIMIT ?3");

	*n = 0;
	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, query);
	st_bind_int(stmt, 3, (int64_t)max);
	while (*n < max && sqlite3_step(stmt) == SQLITE_ROW) {
		struct code_hit *h = &hits[(*n)++];

		snprintf(h->code, sizeof h->code, "%s", st_column_text(stmt, 0));
		snprintf(h->parent, sizeof h->parent, "%s", st_column_text(stmt, 1));
		snprintf(h->name_zh, sizeof h->name_zh, "%s", st_column_text(stmt, 2));
		snprintf(h->name_en, sizeof h->name_en, "%s", st_column_text(stmt, 3));
		h->deprecated = sqlite3_column_int(stmt, 4);
	}
	sqlite3_finalize(stmt);
	return 0;
}
