/*
 * Pulled reference data of the district: offices, accounts, code lists
 * and codes, and forms. Record formats (fields, key):
 *   office      code     name, level, parent
 *   account     login    name, office, role, pwhash, disabled (0/1), cert_no,
 *                        cert_valid_until, guidance_grade
 *   code_list   list     version, and optionally text: the whole .tsv file
 *   code        list:code  parent, name_zh, name_en, deprecated (0/1),
 *                        rank in a list with an order, and aliases
 *                        ("a|b", the words people say for it) in a list
 *                        that has them (list and code may also be fields)
 *   form        name     parts, text_1 .. text_N: the .form file cut in parts
 *                        (formdef_text_split), or text: the whole file
 *   terminal    id       office, number, last_sync (YYYY-MM-DD): a terminal of
 *                        the district as its server last saw it; deleted
 *                        once revoked
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/codefile.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "store/sync-pull-int.h"

/* An office of the district. */
int
pull_office(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	char why[256] = "";
	int rc = st_office_upsert(p->st, rec->key, fields_str(&rec->fields, "name"),
	    fields_str(&rec->fields, "level"), fields_str(&rec->fields, "parent"), why,
	    sizeof why);

	if (rc < 0)
		return pull_dberr(p, k->name, rec->key);
	if (rc == 0) {
		log_warn("sync: office %s skipped: %s", rec->key, why);
		p->skipped++;
		return 0;
	}
	p->applied++;
	return pull_unwait(p, k->name, rec->key);
}

/* An account of the district: waits for its office if that has not arrived. */
int
pull_account(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	const char *office = fields_get(&rec->fields, "office");
	char why[256] = "";
	int rc;

	if (office != NULL) {
		if ((rc = pull_exists(p, kind_get(KIND_OFFICE), office)) < 0)
			return pull_dberr(p, k->name, rec->key);
		if (rc == 0)
			return pull_wait(p, rec, kind_get(KIND_OFFICE), office);
	}
	if ((rc = st_account_upsert(p->st, rec->key, &rec->fields, why, sizeof why)) < 0)
		return pull_dberr(p, k->name, rec->key);
	if (rc == 0) {
		log_warn("sync: account skipped: %s", why);
		p->skipped++;
		return 0;
	}
	p->applied++;
	return pull_unwait(p, k->name, rec->key);
}

/*
 * A terminal of the district as the server last saw it, for the
 * end-of-day list of terminals that have not synced; a revoked one (a
 * tombstone) leaves the list.
 */
int
pull_terminal(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	const char *day = fields_str(&rec->fields, "last_sync");
	sqlite3_stmt *stmt;
	int bad;

	/* A day that is not one is no day: the list then says "never". */
	bad = *day != '\0' && (strlen(day) != 10 || day[4] != '-' || day[7] != '-');
	if (rec->deleted)
		stmt = st_stmt(p->st, "DELETE FROM terminal WHERE id = ?1");
	else {
		stmt = st_stmt(p->st, "INSERT INTO terminal (id, office, number, last_sync) "
		    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET office = excluded.office, "
		    "number = excluded.number, last_sync = excluded.last_sync");
		st_bind_text(stmt, 2, fields_str(&rec->fields, "office"));
		st_bind_text(stmt, 3, fields_str(&rec->fields, "number"));
		st_bind_text(stmt, 4, bad ? "" : day);
	}
	st_bind_text(stmt, 1, rec->key);
	if (st_stmt_step_done(p->st, stmt) != 0)
		return pull_dberr(p, k->name, rec->key);
	p->applied++;
	return 0;
}

/* Make list a district list at version (NULL: keep the version it has). */
static int
pull_list_own(struct pull *p, const char *list, const char *version)
{
	sqlite3_stmt *stmt = pull_stmt(p, &p->list_own, "INSERT INTO code_list (list, version, loaded_at, "
	    "source) VALUES (?1, coalesce(?2, ''), ?3, 'district') ON CONFLICT (list) DO UPDATE "
	    "SET version = coalesce(?2, version), loaded_at = ?3, source = 'district'");
	char stamp[32];

	store_timestamp(stamp);
	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, version);
	st_bind_text(stmt, 3, stamp);
	return pull_step_done(p, stmt);
}

/*
 * Upsert one code of a list (never deleting one). A code the district
 * sends without a rank or without aliases (a server that does not keep
 * them, a list file without the column) keeps the ones the shipped list
 * gave it; aliases sent empty are none.
 */
static int
pull_code_row(struct pull *p, const char *list, const struct codefile_entry *e)
{
	sqlite3_stmt *stmt = pull_stmt(p, &p->code_row, "INSERT INTO code (list, code, parent, name_zh, "
	    "name_en, deprecated, rank, aliases) VALUES (?, ?, ?, ?, ?, ?, ?, coalesce(?8, '')) "
	    "ON CONFLICT (list, code) "
	    "DO UPDATE SET parent = excluded.parent, name_zh = excluded.name_zh, "
	    "name_en = excluded.name_en, deprecated = excluded.deprecated, "
	    "rank = coalesce(excluded.rank, code.rank), aliases = coalesce(?8, code.aliases)");

	st_bind_text(stmt, 1, list);
	st_bind_text(stmt, 2, e->code);
	st_bind_text(stmt, 3, e->parent);
	st_bind_text(stmt, 4, e->name_zh);
	st_bind_text(stmt, 5, e->name_en);
	st_bind_int(stmt, 6, e->deprecated);
	if (e->rank >= 0)
		st_bind_int(stmt, 7, e->rank);
	else
		sqlite3_bind_null(stmt, 7);
	if (e->aliases != NULL)
		st_bind_text(stmt, 8, e->aliases);
	else
		sqlite3_bind_null(stmt, 8);
	return pull_step_done(p, stmt);
}

/* Whether a flag field pulled from the district says yes. */
int
st_pulled_flag(const char *v)
{
	return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
}

/*
 * A code list file of the district (the format of db/codes, read by
 * common/codefile.c with the rules the server loaded it by): its rows
 * upserted, checked whole before anything is written; codes the file
 * does not have stay, deprecated. 0 applied, 1 refused (logged), -1.
 */
static int
pull_code_text(struct pull *p, const char *list, const char *text)
{
	struct codefile_entry e;
	struct codefile *cf;
	char why[256], name[WIRE_KEY_LEN + 8];
	sqlite3_stmt *stmt;
	int rc, pass;

	snprintf(name, sizeof name, "%s.tsv", list);
	for (pass = 0; pass < 2; pass++) {
		if ((cf = codefile_open_text(text, name, why, sizeof why)) == NULL)
			goto refused;
		if (strcmp(codefile_list(cf), list) != 0) {
			snprintf(why, sizeof why, _("%s:1: the file is the list \"%s\""), name,
			    codefile_list(cf));
			codefile_close(cf);
			goto refused;
		}
		if (pass == 1) {
			stmt = st_prepare(p->st, "UPDATE code SET deprecated = 1 WHERE list = ?");
			st_bind_text(stmt, 1, list);
			if (st_step_done(p->st, stmt) != 0) {
				codefile_close(cf);
				return -1;
			}
		}
		while ((rc = codefile_next(cf, &e, why, sizeof why)) == 1)
			if (pass == 1 && pull_code_row(p, list, &e) != 0) {
				codefile_close(cf);
				return -1;
			}
		codefile_close(cf);
		if (rc < 0)
			goto refused;
	}
	return 0;
refused:
	log_warn("sync: code list %s: %s; kept as it was", list, why);
	p->skipped++;
	return 1;
}

/* A code list of the district: its version, and its codes when the record has the file. */
int
pull_code_list(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	const char *version = fields_get(&rec->fields, "version");
	const char *text = fields_get(&rec->fields, "text");
	char have[64], source[16];
	int rc;

	if (rec->key[0] == '\0' || strchr(rec->key, ':') != NULL) {
		p->skipped++;
		return 0;
	}
	/* The same version of the district's list again: nothing to do. */
	if (version != NULL &&
	    st_first_text(p->st, "SELECT version FROM code_list WHERE list = ?", rec->key, have,
	    sizeof have) == 0 && strcmp(have, version) == 0 &&
	    st_first_text(p->st, "SELECT source FROM code_list WHERE list = ?", rec->key,
	    source, sizeof source) == 0 && strcmp(source, "district") == 0)
		return 0;
	if (text != NULL) {
		if ((rc = pull_code_text(p, rec->key, text)) < 0)
			return pull_dberr(p, k->name, rec->key);
		if (rc > 0)
			return 0;
	}
	if (pull_list_own(p, rec->key, version) != 0)
		return pull_dberr(p, k->name, rec->key);
	p->applied++;
	return 0;
}

/* One code of a list, keyed "list:code". */
int
pull_code(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	const struct fields *f = &rec->fields;
	const char *colon = strchr(rec->key, ':');
	struct codefile_entry e;
	char list[64], code[64], *end;
	long rank;

	if (fields_get(f, "list") != NULL && fields_get(f, "code") != NULL) {
		snprintf(list, sizeof list, "%s", fields_str(f, "list"));
		snprintf(code, sizeof code, "%s", fields_str(f, "code"));
	} else if (colon != NULL) {
		snprintf(list, sizeof list, "%.*s", (int)(colon - rec->key), rec->key);
		snprintf(code, sizeof code, "%s", colon + 1);
	} else
		*list = *code = '\0';
	if (*list == '\0' || *code == '\0' || *fields_str(f, "name_zh") == '\0') {
		log_warn("sync: code %s skipped: no list, code or Chinese name", rec->key);
		p->skipped++;
		return 0;
	}
	e.code = code;
	e.parent = fields_str(f, "parent");
	e.name_zh = fields_str(f, "name_zh");
	e.name_en = fields_str(f, "name_en");
	e.deprecated = st_pulled_flag(fields_str(f, "deprecated"));
	rank = strtol(fields_str(f, "rank"), &end, 10);
	e.rank = *fields_str(f, "rank") != '\0' && *end == '\0' && rank >= 0 && rank <= 9999 ?
	    (int)rank : -1;
	e.aliases = fields_get(f, "aliases");
	/* A code from the district makes its list the district's (no shipped file overrides it). */
	if (pull_list_own(p, list, NULL) != 0 || pull_code_row(p, list, &e) != 0)
		return pull_dberr(p, k->name, rec->key);
	p->applied++;
	return 0;
}

/* Whether a form name is a plain file name: a-z, 0-9, _ and -, 1 to 32 of them. */
static int
pull_form_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 32)
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

/*
 * A form of the district, keyed by its table's name ("seeker", or
 * "seeker.form"), its text whole or in parts (formdef_text_split). It
 * goes to the store's form sink (store_set_form_sink), inside the page's
 * transaction: if that rolls back, the page comes again and hands over
 * the same form.
 */
int
pull_form(struct pull *p, const struct kind *k, const struct wire_record *rec)
{
	char *text = formdef_text_join(&rec->fields);
	char name[WIRE_KEY_LEN];
	size_t len;
	int rc;

	(void)k;
	if (text == NULL && fields_get(&rec->fields, "text") != NULL)
		text = xstrdup(fields_str(&rec->fields, "text"));
	snprintf(name, sizeof name, "%s", rec->key);
	len = strlen(name);
	if (len > 5 && strcmp(name + len - 5, ".form") == 0)
		name[len - 5] = '\0';
	if (!pull_form_name_ok(name) || text == NULL) {
		log_warn("sync: form \"%s\" skipped: not a form name, or no text", rec->key);
		p->skipped++;
		free(text);
		return 0;
	}
	if (p->st->form_sink == NULL) {
		log_warn("sync: form %s skipped: this program keeps no district forms", name);
		p->skipped++;
		free(text);
		return 0;
	}
	rc = p->st->form_sink(p->st->form_sink_ctx, name, text, p->err, p->errlen);
	free(text);
	if (rc < 0)
		return -1;
	if (rc > 0)
		p->skipped++;
	else
		p->applied++;
	return 0;
}
