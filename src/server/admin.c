/*
 * jobdeskd's administration commands. Each runs on the server's own
 * connection in one transaction and notes what it changed in change_log,
 * so that offices, accounts, code lists and forms flow down to the
 * terminals like every record. Passwords come only from standard input
 * (never the command line, which ps(1) shows), hashed with Argon2id at
 * the configured cost; enrollment codes are printed once and stored
 * hashed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "common/codefile.h"
#include "common/formdef.h"
#include "common/log.h"
#include "common/passline.h"
#include "common/paths.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "core/account_rules.h"
#include "core/authority.h"
#include "core/sign.h"
#include "core/check.h"
#include "core/kind.h"
#include "core/ident.h"
#include "server/admin.h"
#include "server/bundle-import.h"
#include "server/pg-int.h"
#include "server/validate.h"
#include "wire/fields-json.h"

/* Bytes of a password line: 128 characters of up to 4 bytes, and some slack. */
#define ADMIN_PW_MAX		1024
/* The largest form file: its parts must fit the fields of one sync record. */
#define ADMIN_FORM_MAX		(200 * 1024)
/* Enrollment codes: 20 symbols of Crockford's base 32 (100 bits), in groups of 5. */
#define ADMIN_CODE_SYMBOLS	20
static const char admin_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* What a command works with. */
struct admin {
	struct pg			*pg;
	const struct admin_settings	*set;
	FILE				*out;
	FILE				*err;
};

/* What a command works with: the settings' streams, else standard output and error. */
static struct admin
admin_make(struct pg *pg, const struct admin_settings *set)
{
	struct admin a = { pg, set, set->out != NULL ? set->out : stdout,
	    set->err != NULL ? set->err : stderr };

	return a;
}

/* Print a refusal on err; the exit status 1. */
static int
admin_fail(struct admin *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
admin_fail(struct admin *a, const char *fmt, ...)
{
	va_list ap;

	fputs("jobdeskd: ", a->err);
	va_start(ap, fmt);
	vfprintf(a->err, fmt, ap);
	va_end(ap);
	fputc('\n', a->err);
	return 1;
}

/* Roll back what a command began, and say that the database refused. */
static int
admin_dberr(struct admin *a, const char *what)
{
	pg_rollback(a->pg);
	return admin_fail(a, "cannot %s: the database said: %s (SQLSTATE %s); nothing was changed",
	    what, a->pg->errmsg, a->pg->sqlstate);
}

/* Print the usage on err; the exit status 2. */
static int
admin_usage(struct admin *a)
{
	fputs("usage: jobdeskd migrate\n"
	    "       jobdeskd office add CODE NAME LEVEL [PARENT] | office list\n"
	    "       jobdeskd enroll --office CODE [--scope OFFICE|district]\n"
	    "       jobdeskd terminal list | terminal revoke ID\n"
	    "       jobdeskd terminal scope ID OFFICE|district --by LOGIN\n"
	    "       jobdeskd account add LOGIN --name NAME --office CODE --role ROLE\n"
	    "                [--cert-no NO] [--cert-valid-until YYYY-MM-DD] [--grade CODE]\n"
	    "       jobdeskd account list | account disable LOGIN | account passwd LOGIN\n"
	    "       jobdeskd codes load FILE.tsv...\n"
	    "       jobdeskd form load FILE.form\n"
	    "       jobdeskd new-epoch\n"
	    "       jobdeskd bundle import FILE --reply REPLY [--records N]\n"
	    "Passwords are read from standard input.\n", a->err);
	return 2;
}

/* Run a statement; the result or NULL (the caller reports). */
static PGresult *
admin_run(struct admin *a, enum pg_stmt s, const char *const *params)
{
	return pg_run(a->pg, s, params);
}

/* Run a statement whose rows are not needed; 0 or -1. */
static int
admin_exec(struct admin *a, enum pg_stmt s, const char *const *params)
{
	PGresult *res = pg_run(a->pg, s, params);

	PQclear(res);
	return res != NULL ? 0 : -1;
}

/* Whether a record exists: 1, 0, or -1 on failure. */
static int
admin_record_exists(struct admin *a, const char *tbl, const char *key)
{
	const char *p[] = { tbl, key };
	PGresult *res = admin_run(a, S_REC_GET, p);
	int rc;

	if (res == NULL)
		return -1;
	rc = PQntuples(res) == 1;
	PQclear(res);
	return rc;
}

/* Store a record's fields (code lists, codes, forms) and note the change; 0 or -1. */
static int
admin_put_record(struct admin *a, const char *tbl, const char *key, const struct fields *f)
{
	char *text = wire_fields_text(f, 1);
	const char *p[] = { tbl, key, text, "" };
	int rc;

	rc = admin_exec(a, S_REC_UPSERT, p);
	free(text);
	if (rc == 0)
		rc = pg_log_change(a->pg, tbl, key);
	return rc;
}

/* Whether an office exists: 1, 0, -1 on failure. */
static int
admin_office_exists(struct admin *a, const char *code)
{
	struct wire_enroll_reply o;

	return pg_office_get(a->pg, code, &o);
}

/* The value of option name at argv[*i] ("--name V" or "--name=V"), or NULL. */
static const char *
admin_option(int argc, char **argv, int *i, const char *name)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return NULL;
	if (argv[*i][len] == '=')
		return argv[*i] + len + 1;
	if (argv[*i][len] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* ---- Code lists and forms ---- */

/* A code as the server holds it, while a new version of its list is loaded. */
struct admin_code {
	char		*key;		/* "list:code" */
	struct fields	 fields;
	int		 seen;		/* the file has it: it is not deprecated */
};

/* qsort and bsearch comparison of two codes by key. */
static int
admin_code_cmp(const void *a, const void *b)
{
	return strcmp(((const struct admin_code *)a)->key, ((const struct admin_code *)b)->key);
}

/* Whether two field sets hold the same keys with the same values, in any order. */
static int
admin_fields_equal(const struct fields *a, const struct fields *b)
{
	const char *v;
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if ((v = fields_get(b, a->keys[i])) == NULL || strcmp(v, a->values[i]) != 0)
			return 0;
	return 1;
}

/*
 * The codes of list the server holds, sorted by key, into *out (the caller
 * frees them with admin_codes_free); their number, or -1 on failure.
 */
static long
admin_codes_held(struct admin *a, const char *list, struct admin_code **out)
{
	const char *p[] = { list };
	PGresult *res = admin_run(a, S_CODES_OF_LIST, p);
	struct admin_code *have;
	size_t n = 0;
	int i;

	*out = NULL;
	if (res == NULL)
		return -1;
	have = xcalloc((size_t)PQntuples(res) + 1, sizeof *have);
	for (i = 0; i < PQntuples(res); i++) {
		const char *text = PQgetvalue(res, i, 1);

		/* A row that is not an object of strings is written again, as if absent. */
		if (wire_fields_decode(text, strlen(text), &have[n].fields) != 0) {
			fields_free(&have[n].fields);
			continue;
		}
		have[n++].key = xstrdup(PQgetvalue(res, i, 0));
	}
	PQclear(res);
	qsort(have, n, sizeof *have, admin_code_cmp);
	*out = have;
	return (long)n;
}

/* Free what admin_codes_held gave. */
static void
admin_codes_free(struct admin_code *have, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(have[i].key);
		fields_free(&have[i].fields);
	}
	free(have);
}

/*
 * Load one code-list file inside the caller's transaction: every code
 * whose row differs is written (and logged), codes the file no longer has
 * stay, deprecated. 1 loaded, 0 skipped (that version is there, or any
 * version when only_absent), -1 with err.
 */
static int
admin_codes_file(struct admin *a, const char *path, int only_absent, char *err,
    size_t errlen)
{
	struct codefile *cf;
	struct codefile_entry e;
	struct admin_code *have = NULL, probe, *old;
	struct fields f = FIELDS_INIT;
	PGresult *res = NULL;
	const char *list, *version;
	char key[WIRE_KEY_LEN];
	long written = 0, count = 0, held = 0;
	size_t i;
	int rc = -1, more;

	if ((cf = codefile_open(path, err, errlen)) == NULL)
		goto out;
	list = codefile_list(cf);
	version = codefile_version(cf);
	{
		const char *p[] = { "code_list", list };

		if ((res = admin_run(a, S_REC_GET, p)) == NULL)
			goto dberr;
		if (PQntuples(res) == 1) {
			const char *text = PQgetvalue(res, 0, 0), *hv;

			if (wire_fields_decode(text, strlen(text), &f) != 0)
				fields_free(&f);
			hv = fields_get(&f, "version");
			if (only_absent || (hv != NULL && strcmp(hv, version) == 0)) {
				rc = 0;
				goto out;
			}
		}
		PQclear(res);
		res = NULL;
	}
	if ((held = admin_codes_held(a, list, &have)) < 0)
		goto dberr;
	while ((more = codefile_next(cf, &e, err, errlen)) > 0) {
		if ((size_t)snprintf(key, sizeof key, "%s:%s", list, e.code) >= sizeof key) {
			snprintf(err, errlen, "%s:%d: the code is too long", path,
			    codefile_lineno(cf));
			goto out;
		}
		if (!utf8_valid(e.name_zh, strlen(e.name_zh)) ||
		    !utf8_valid(e.name_en, strlen(e.name_en)) ||
		    !utf8_valid(e.code, strlen(e.code)) || !utf8_valid(e.parent, strlen(e.parent))) {
			snprintf(err, errlen, "%s:%d: not valid UTF-8 text", path, codefile_lineno(cf));
			goto out;
		}
		count++;
		fields_free(&f);
		fields_set(&f, "list", list);
		fields_set(&f, "code", e.code);
		fields_set(&f, "parent", e.parent);
		fields_set(&f, "name_zh", e.name_zh);
		fields_set(&f, "name_en", e.name_en);
		fields_set(&f, "deprecated", e.deprecated ? "1" : "0");
		/* A list with an order (education) keeps it: matching compares by it. */
		if (e.rank >= 0) {
			char rank[16];

			snprintf(rank, sizeof rank, "%d", e.rank);
			fields_set(&f, "rank", rank);
		}
		/* The words people say for a code: terminals' pickers find it by them. */
		if (e.aliases != NULL) {
			if (!utf8_valid(e.aliases, strlen(e.aliases))) {
				snprintf(err, errlen, "%s:%d: not valid UTF-8 text", path,
				    codefile_lineno(cf));
				goto out;
			}
			fields_set(&f, "aliases", e.aliases);
		}
		probe.key = key;
		old = held > 0 ? bsearch(&probe, have, (size_t)held, sizeof *have, admin_code_cmp) :
		    NULL;
		/* A code the file named before is written again, as the file says. */
		if (old != NULL && old->seen)
			old = NULL;
		if (old == NULL || !admin_fields_equal(&old->fields, &f)) {
			if (admin_put_record(a, "code", key, &f) != 0)
				goto dberr;
			written++;
		}
		if (old != NULL)
			old->seen = 1;
	}
	if (more < 0)
		goto out;
	/* Codes the new version left out stay, deprecated: old records still show their names. */
	for (i = 0; i < (size_t)held; i++) {
		const char *dep = fields_get(&have[i].fields, "deprecated");

		if (have[i].seen || (dep != NULL && strcmp(dep, "1") == 0))
			continue;
		fields_set(&have[i].fields, "deprecated", "1");
		if (admin_put_record(a, "code", have[i].key, &have[i].fields) != 0)
			goto dberr;
		written++;
	}
	fields_free(&f);
	fields_set(&f, "list", list);
	fields_set(&f, "version", version);
	if (admin_put_record(a, "code_list", list, &f) != 0)
		goto dberr;
	fprintf(a->out, "code list %s version %s: %ld codes, %ld written\n", list, version,
	    count, written);
	rc = 1;
	goto out;
dberr:
	snprintf(err, errlen, "%s: cannot store the codes: %s (SQLSTATE %s)", path,
	    a->pg->errmsg, a->pg->sqlstate);
out:
	PQclear(res);
	admin_codes_free(have, held > 0 ? (size_t)held : 0);
	fields_free(&f);
	codefile_close(cf);
	return rc;
}

/* A whole text file into a new string (caller frees); NULL with err. */
static char *
admin_slurp(const char *path, size_t max, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;

	if (fp == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	buf = xmalloc(max + 1);
	n = fread(buf, 1, max + 1, fp);
	if (ferror(fp) || n > max) {
		snprintf(err, errlen, n > max ? "%s: larger than %zu bytes" : "%s: cannot read",
		    path, max);
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	if (strlen(buf) != n || !utf8_valid(buf, n)) {
		snprintf(err, errlen, "%s: not UTF-8 text", path);
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * Check a form file and store it as the "form" record of its table, inside
 * the caller's transaction: 1 stored, 0 skipped (only_absent and one is
 * there), -1 with err.
 */
static int
admin_form_file(struct admin *a, const char *path, int only_absent, char *err, size_t errlen)
{
	struct formdef *def;
	struct fields f = FIELDS_INIT;
	char *text = NULL;
	size_t i;
	int rc = -1, has;

	if ((def = formdef_load(path, kind_form_column, err, errlen)) == NULL)
		return -1;
	if ((has = admin_record_exists(a, "form", def->table)) < 0)
		goto dberr;
	if (has && only_absent) {
		rc = 0;
		goto out;
	}
	/* A form whose code lists the server lacks would park every change. */
	for (i = 0; i < def->n; i++) {
		int lists;

		if (def->fields[i].codes == NULL)
			continue;
		if ((lists = admin_record_exists(a, "code_list", def->fields[i].codes)) < 0)
			goto dberr;
		if (!lists) {
			snprintf(err, errlen, "%s: field \"%s\" needs the code list \"%s\", which "
			    "the server does not hold; load it first with codes load", path,
			    def->fields[i].key, def->fields[i].codes);
			goto out;
		}
	}
	if ((text = admin_slurp(path, ADMIN_FORM_MAX, err, errlen)) == NULL)
		goto out;
	formdef_text_split(text, VALIDATE_FORM_PART, &f);
	if (admin_put_record(a, "form", def->table, &f) != 0)
		goto dberr;
	fprintf(a->out, "form %s loaded from %s\n", def->table, path);
	rc = 1;
	goto out;
dberr:
	snprintf(err, errlen, "%s: cannot store the form: %s (SQLSTATE %s)", path,
	    a->pg->errmsg, a->pg->sqlstate);
out:
	fields_free(&f);
	free(text);
	formdef_free(def);
	return rc;
}

/* The first of two folders that exists, as a new string; NULL if neither. */
static char *
admin_dir(const char *base, const char *one, const char *two)
{
	struct stat sb;
	char *p = xasprintf("%s/%s", base, one);

	if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
		return p;
	free(p);
	if (two == NULL)
		return NULL;
	p = xasprintf("%s/%s", base, two);
	if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
		return p;
	free(p);
	return NULL;
}

/* Load every file with suffix in dir the server lacks, in the open transaction; 0 or -1. */
static int
admin_load_dir(struct admin *a, const char *dir, const char *suffix,
    int (*load)(struct admin *, const char *, int, char *, size_t), char *err, size_t errlen)
{
	char **paths = paths_list(dir, suffix);
	int rc = 0;
	size_t i;

	if (paths == NULL) {
		snprintf(err, errlen, "%s: cannot read: %s", dir, strerror(errno));
		return -1;
	}
	for (i = 0; rc == 0 && paths[i] != NULL; i++)
		if (load(a, paths[i], 1, err, errlen) < 0)
			rc = -1;
	paths_list_free(paths);
	return rc;
}

/* Migrate, then load the shipped lists and forms the server lacks. */
int
admin_migrate(struct pg *pg, const struct admin_settings *set, char *err, size_t errlen)
{
	struct admin a = admin_make(pg, set);
	struct wire_error e;
	char *codes = NULL, *forms = NULL;
	int rc = -1;

	if (pg_migrate(pg, err, errlen) != 0)
		return -1;
	if (pg_ready(pg, &e) != PG_OK) {
		snprintf(err, errlen, "%s", e.message);
		return -1;
	}
	if (set->data_dir == NULL || *set->data_dir == '\0')
		return 0;
	codes = admin_dir(set->data_dir, "codes", "db/codes");
	forms = admin_dir(set->data_dir, "forms", NULL);
	if (pg_cmd(pg, "BEGIN") != 0) {
		snprintf(err, errlen, "cannot load the shipped data: %s", pg->errmsg);
		goto out;
	}
	if ((codes != NULL && admin_load_dir(&a, codes, ".tsv", admin_codes_file, err,
	    errlen) != 0) ||
	    (forms != NULL && admin_load_dir(&a, forms, ".form", admin_form_file, err,
	    errlen) != 0)) {
		(void)pg_cmd(pg, "ROLLBACK");
		goto out;
	}
	if (pg_cmd(pg, "COMMIT") != 0) {
		snprintf(err, errlen, "cannot load the shipped data: %s", pg->errmsg);
		(void)pg_cmd(pg, "ROLLBACK");
		goto out;
	}
	rc = 0;
out:
	free(codes);
	free(forms);
	return rc;
}

/* jobdeskd codes load FILE... (all or none) and form load FILE. */
static int
admin_load(struct admin *a, int argc, char **argv,
    int (*load)(struct admin *, const char *, int, char *, size_t))
{
	char err[1024];
	int i;

	if (argc < 3 || strcmp(argv[1], "load") != 0)
		return admin_usage(a);
	if (pg_cmd(a->pg, "BEGIN") != 0)
		return admin_dberr(a, "load");
	for (i = 2; i < argc; i++)
		if (load(a, argv[i], 0, err, sizeof err) < 0) {
			(void)pg_cmd(a->pg, "ROLLBACK");
			return admin_fail(a, "%s; nothing was loaded", err);
		}
	if (pg_cmd(a->pg, "COMMIT") != 0)
		return admin_dberr(a, "load");
	return 0;
}

/* ---- Offices ---- */

/* jobdeskd office add CODE NAME LEVEL [PARENT] | office list */
static int
admin_office(struct admin *a, int argc, char **argv)
{
	char why[256];
	PGresult *res;
	int i, has;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((res = admin_run(a, S_OFFICE_LIST, NULL)) == NULL)
			return admin_dberr(a, "list the offices");
		for (i = 0; i < PQntuples(res); i++)
			fprintf(a->out, "%-24s %-9s %-24s %s\n", PQgetvalue(res, i, 0),
			    PQgetvalue(res, i, 2), *PQgetvalue(res, i, 3) != '\0' ?
			    PQgetvalue(res, i, 3) : "-", PQgetvalue(res, i, 1));
		PQclear(res);
		return 0;
	}
	if ((argc != 5 && argc != 6) || strcmp(argv[1], "add") != 0)
		return admin_usage(a);
	{
		const char *code = argv[2], *name = argv[3], *level = argv[4];
		const char *parent = argc == 6 ? argv[5] : "";
		const char *p[] = { code, name, level, parent };

		if (office_code_ok(code, why, sizeof why) != 0 ||
		    office_name_ok(name, why, sizeof why) != 0 ||
		    office_level_ok(level, why, sizeof why) != 0)
			return admin_fail(a, "%s", why);
		/* The sync protocol carries at most 127 bytes of an office's name. */
		if (strlen(name) >= sizeof ((struct wire_enroll_reply *)0)->office_name)
			return admin_fail(a, "office name \"%s\" is too long: at most %zu bytes "
			    "(42 Chinese characters)", name,
			    sizeof ((struct wire_enroll_reply *)0)->office_name - 1);
		if (pg_cmd(a->pg, "BEGIN") != 0)
			return admin_dberr(a, "add the office");
		if (*parent != '\0') {
			if ((has = admin_office_exists(a, parent)) < 0)
				return admin_dberr(a, "add the office");
			if (!has) {
				(void)pg_cmd(a->pg, "ROLLBACK");
				return admin_fail(a, "unknown parent office \"%s\"; add it first",
				    parent);
			}
		}
		if ((res = admin_run(a, S_OFFICE_ADD, p)) == NULL)
			return admin_dberr(a, "add the office");
		has = PQntuples(res);
		PQclear(res);
		if (has == 0) {
			(void)pg_cmd(a->pg, "ROLLBACK");
			return admin_fail(a, "office \"%s\" exists already", code);
		}
		if (pg_log_change(a->pg, "office", code) != 0 || pg_cmd(a->pg, "COMMIT") != 0)
			return admin_dberr(a, "add the office");
		fprintf(a->out, "office %s added\n", code);
	}
	return 0;
}

/* The offices' tree for core/authority's rules (the caller PQclear()s); NULL on failure. */
static PGresult *
admin_offices(struct admin *a, struct authority_offices *tree)
{
	PGresult *res = admin_run(a, S_OFFICES, NULL);

	tree->lookup = pg_offices_lookup;
	tree->ctx = res;
	return res;
}

/* A scope as given ("district" is the whole district): the office code, or "". */
static const char *
admin_scope_arg(const char *arg)
{
	return strcmp(arg, "district") == 0 ? "" : arg;
}

/*
 * jobdeskd enroll --office CODE [--scope OFFICE|district]: a one-time
 * code, valid 24 hours; the terminal it enrolls starts with that scope.
 */
static int
admin_enroll(struct admin *a, int argc, char **argv)
{
	unsigned char rnd[ADMIN_CODE_SYMBOLS];
	char code[ADMIN_CODE_SYMBOLS + ADMIN_CODE_SYMBOLS / 5], hash[65], why[512];
	const char *office = NULL, *scope = "", *v, *p[] = { hash, NULL, NULL };
	struct authority_offices tree;
	PGresult *res;
	size_t i, n = 0;
	int has, k;

	for (k = 1; k < argc; k++) {
		if ((v = admin_option(argc, argv, &k, "--office")) != NULL)
			office = v;
		else if ((v = admin_option(argc, argv, &k, "--scope")) != NULL)
			scope = admin_scope_arg(v);
		else
			return admin_usage(a);
	}
	if (office == NULL)
		return admin_usage(a);
	if ((has = admin_office_exists(a, office)) < 0)
		return admin_dberr(a, "make an enrollment code");
	if (!has)
		return admin_fail(a, "unknown office \"%s\"; see jobdeskd office list", office);
	if (*scope != '\0') {
		if ((res = admin_offices(a, &tree)) == NULL)
			return admin_dberr(a, "make an enrollment code");
		has = authority_scope_ok(&tree, office, scope, why, sizeof why);
		PQclear(res);
		if (has != 0)
			return admin_fail(a, "--scope: %s; no code was made", why);
	}
	randombytes_buf(rnd, sizeof rnd);
	for (i = 0; i < sizeof rnd; i++) {
		if (i > 0 && i % 5 == 0)
			code[n++] = '-';
		code[n++] = admin_alphabet[rnd[i] & 31];
	}
	code[n] = '\0';
	sodium_memzero(rnd, sizeof rnd);
	pg_code_hash(code, hash);
	p[1] = office;
	p[2] = scope;
	if ((res = admin_run(a, S_ENROLL_ADD, p)) == NULL) {
		sodium_memzero(code, sizeof code);
		return admin_dberr(a, "make an enrollment code");
	}
	if (*scope != '\0')
		fprintf(a->err, "one-time enrollment code for office %s, scope %s (and the offices "
		    "under it), valid until %s:\n", office, scope, PQgetvalue(res, 0, 0));
	else
		fprintf(a->err, "one-time enrollment code for office %s, valid until %s:\n", office,
		    PQgetvalue(res, 0, 0));
	PQclear(res);
	fprintf(a->out, "%s\n", code);
	fflush(a->out);
	sodium_memzero(code, sizeof code);
	log_info("enrollment code made for office %s", office);
	return 0;
}

/* ---- Terminals ---- */

/*
 * jobdeskd terminal scope ID OFFICE|district --by LOGIN: a district
 * administrator (LOGIN, whose password comes from standard input) sets
 * what the terminal holds in full; recorded, and taken at its next sync.
 */
static int
admin_terminal_scope(struct admin *a, int argc, char **argv)
{
	const char *id = argv[2], *scope = admin_scope_arg(argv[3]), *by = NULL, *v;
	char pw[ADMIN_PW_MAX], why[512], from[32], role[32], office[32], toffice[32];
	struct authority_offices tree;
	struct authority_actor actor;
	PGresult *res, *offices = NULL;
	int i, ok, rc;

	for (i = 4; i < argc; i++) {
		if ((v = admin_option(argc, argv, &i, "--by")) != NULL)
			by = v;
		else
			return admin_usage(a);
	}
	if (by == NULL)
		return admin_usage(a);
	if (!ident_valid(id))
		return admin_fail(a, "\"%s\" is not a terminal id (a UUID in lower case); see "
		    "jobdeskd terminal list", id);
	/* Read before anything is locked: nobody waits on someone typing. */
	if (passline_read(a->set->password_fd, "Password: ", pw, sizeof pw, 0, why,
	    sizeof why) != 0)
		return admin_fail(a, "%s; nothing was changed", why);
	{
		const char *p[] = { by };

		res = pg_cmd(a->pg, "BEGIN") != 0 ? NULL : admin_run(a, S_ACCOUNT_ADMIN, p);
	}
	if (res == NULL) {
		sodium_memzero(pw, sizeof pw);
		return admin_dberr(a, "set the terminal's scope");
	}
	ok = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 2), "t") != 0 &&
	    crypto_pwhash_str_verify(PQgetvalue(res, 0, 3), pw, strlen(pw)) == 0;
	sodium_memzero(pw, sizeof pw);
	if (ok) {
		snprintf(role, sizeof role, "%s", PQgetvalue(res, 0, 0));
		snprintf(office, sizeof office, "%s", PQgetvalue(res, 0, 1));
	}
	PQclear(res);
	if (!ok) {
		(void)pg_cmd(a->pg, "ROLLBACK");
		return admin_fail(a, "account \"%s\" is unknown, disabled, or that is not its "
		    "password; nothing was changed", by);
	}
	{
		const char *p[] = { id };

		if ((res = admin_run(a, S_TERM_SCOPE_GET, p)) == NULL)
			return admin_dberr(a, "set the terminal's scope");
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		(void)pg_cmd(a->pg, "ROLLBACK");
		return admin_fail(a, "unknown terminal \"%s\"; see jobdeskd terminal list", id);
	}
	snprintf(toffice, sizeof toffice, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if ((offices = admin_offices(a, &tree)) == NULL)
		return admin_dberr(a, "set the terminal's scope");
	actor.login = by;
	actor.role = role;
	actor.office = office;
	rc = authority_scope_may(&tree, &actor, toffice, scope, why, sizeof why);
	PQclear(offices);
	if (rc != 0) {
		(void)pg_cmd(a->pg, "ROLLBACK");
		return admin_fail(a, "%s; nothing was changed", why);
	}
	if ((rc = pg_scope_set(a->pg, id, scope, by, from)) < 0 || pg_cmd(a->pg, "COMMIT") != 0)
		return admin_dberr(a, "set the terminal's scope");
	if (rc == 0)
		fprintf(a->out, "terminal %s has the scope %s already\n", id,
		    *scope != '\0' ? scope : "district");
	else
		fprintf(a->out, "terminal %s: scope %s (was %s), from its next sync\n", id,
		    *scope != '\0' ? scope : "district", *from != '\0' ? from : "district");
	return 0;
}

/* jobdeskd terminal list | terminal revoke ID | terminal scope ID OFFICE --by LOGIN */
static int
admin_terminal(struct admin *a, int argc, char **argv)
{
	PGresult *res;
	int i, found;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((res = admin_run(a, S_TERM_LIST, NULL)) == NULL)
			return admin_dberr(a, "list the terminals");
		for (i = 0; i < PQntuples(res); i++)
			fprintf(a->out, "%s %-16s enrolled %s, last seen %s, applied %s, scope %s%s%s\n",
			    PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2),
			    *PQgetvalue(res, i, 5) != '\0' ? PQgetvalue(res, i, 5) : "never",
			    PQgetvalue(res, i, 4), *PQgetvalue(res, i, 6) != '\0' ?
			    PQgetvalue(res, i, 6) : "district", *PQgetvalue(res, i, 3) != '\0' ?
			    ", REVOKED " : "", PQgetvalue(res, i, 3));
		PQclear(res);
		return 0;
	}
	if (argc >= 4 && strcmp(argv[1], "scope") == 0)
		return admin_terminal_scope(a, argc, argv);
	if (argc != 3 || strcmp(argv[1], "revoke") != 0)
		return admin_usage(a);
	if (!ident_valid(argv[2]))
		return admin_fail(a, "\"%s\" is not a terminal id (a UUID in lower case); see "
		    "jobdeskd terminal list", argv[2]);
	{
		const char *p[] = { argv[2] };

		if ((res = admin_run(a, S_TERM_REVOKE, p)) == NULL)
			return admin_dberr(a, "revoke the terminal");
		found = PQntuples(res);
		PQclear(res);
	}
	if (!found)
		return admin_fail(a, "unknown terminal \"%s\"; see jobdeskd terminal list", argv[2]);
	fprintf(a->out, "terminal %s revoked: its token no longer works\n", argv[2]);
	log_info("terminal %s revoked", argv[2]);
	return 0;
}

/* ---- Accounts ---- */

/* The configured Argon2id cost, within libsodium's range. */
static void
admin_cost(struct admin *a, unsigned long long *ops, size_t *mem)
{
	*ops = a->set->pwhash_ops > 0 ? (unsigned long long)a->set->pwhash_ops :
	    crypto_pwhash_OPSLIMIT_INTERACTIVE;
	*mem = a->set->pwhash_memory_kib > 0 ? (size_t)a->set->pwhash_memory_kib * 1024u :
	    crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (*ops < crypto_pwhash_OPSLIMIT_MIN)
		*ops = crypto_pwhash_OPSLIMIT_MIN;
	if (*mem < crypto_pwhash_MEMLIMIT_MIN)
		*mem = crypto_pwhash_MEMLIMIT_MIN;
}

/* An account's password hash and signing key as they are stored. */
struct admin_secrets {
	char	hash[crypto_pwhash_STRBYTES];
	char	public_key[SIGN_PUBLIC_HEX];
	char	sealed[SIGN_SEALED_MAX];
	char	secret[2 * SIGN_SECRET_LEN + 1];
};

/*
 * Read a new password (prompted with echo off on a terminal) into pw: 0,
 * or the exit status 1 with the refusal printed (pw wiped).
 */
static int
admin_read_password(struct admin *a, char pw[ADMIN_PW_MAX])
{
	char why[256];

	if (passline_read(a->set->password_fd, "New password: ", pw, ADMIN_PW_MAX, 0, why,
	    sizeof why) != 0 || account_password_ok(pw, why, sizeof why) != 0) {
		sodium_memzero(pw, ADMIN_PW_MAX);
		return admin_fail(a, "%s; nothing was changed", why);
	}
	return 0;
}

/*
 * Hash a password with the configured Argon2id cost and seal the
 * account's signing key under it: the key in secret_hex (the account's,
 * kept by the server), or a new one when that is NULL or not a key. 0, or
 * the exit status 1 with the refusal printed.
 */
static int
admin_secrets(struct admin *a, const char *pw, const char *secret_hex, struct admin_secrets *out)
{
	unsigned char pk[SIGN_PUBLIC_LEN], sk[SIGN_SECRET_LEN];
	unsigned long long ops;
	size_t mem;
	int rc = 1;

	if (secret_hex == NULL || sign_from_hex(secret_hex, sk, sizeof sk) != 0)
		sign_keypair(pk, sk);
	sign_public_of(sk, pk);
	admin_cost(a, &ops, &mem);
	if (crypto_pwhash_str(out->hash, pw, strlen(pw), ops, mem) != 0 ||
	    sign_seal(sk, pw, ops, mem, out->sealed) != 0) {
		admin_fail(a, "cannot hash the password: out of memory");
		goto out;
	}
	sign_to_hex(pk, sizeof pk, out->public_key);
	sign_to_hex(sk, sizeof sk, out->secret);
	rc = 0;
out:
	sodium_memzero(sk, sizeof sk);
	return rc;
}

/* jobdeskd account add LOGIN --name N --office O --role R [--cert-no --cert-valid-until --grade] */
static int
admin_account_add(struct admin *a, int argc, char **argv)
{
	static const struct account_actor root = { "cli:root", "administrator" };
	const char *login = argv[2], *name = NULL, *office = NULL, *role = NULL;
	const char *cert = "", *until = "", *grade = "", *v;
	char why[256], canon[11], key[64], pw[ADMIN_PW_MAX];
	struct admin_secrets sec;
	int i, has, ymd, rc;

	for (i = 3; i < argc; i++) {
		if ((v = admin_option(argc, argv, &i, "--name")) != NULL)
			name = v;
		else if ((v = admin_option(argc, argv, &i, "--office")) != NULL)
			office = v;
		else if ((v = admin_option(argc, argv, &i, "--role")) != NULL)
			role = v;
		else if ((v = admin_option(argc, argv, &i, "--cert-no")) != NULL)
			cert = v;
		else if ((v = admin_option(argc, argv, &i, "--cert-valid-until")) != NULL)
			until = v;
		else if ((v = admin_option(argc, argv, &i, "--grade")) != NULL)
			grade = v;
		else
			return admin_usage(a);
	}
	if (name == NULL || office == NULL || role == NULL)
		return admin_usage(a);
	if (account_login_ok(login, why, sizeof why) != 0 ||
	    account_name_ok(name, why, sizeof why) != 0 ||
	    account_role_ok(role, why, sizeof why) != 0 ||
	    account_may(&root, ACCOUNT_OP_CREATE, login, role, NULL, why, sizeof why) != 0)
		return admin_fail(a, "%s", why);
	if (check_text(cert, 32, why, sizeof why) != 0)
		return admin_fail(a, "--cert-no: %s", why);
	if (*until != '\0') {
		if (check_date(until, &ymd, why, sizeof why) != 0)
			return admin_fail(a, "--cert-valid-until: %s", why);
		date_format(ymd, canon);
		until = canon;
	}
	if ((has = admin_office_exists(a, office)) < 0)
		return admin_dberr(a, "add the account");
	if (!has)
		return admin_fail(a, "unknown office \"%s\"; see jobdeskd office list", office);
	if (*grade != '\0') {
		snprintf(key, sizeof key, "guidance_grade:%s", grade);
		if ((has = admin_record_exists(a, "code", key)) < 0)
			return admin_dberr(a, "add the account");
		if (!has)
			return admin_fail(a, "\"%s\" is not a code of the guidance_grade list", grade);
	}
	if (admin_read_password(a, pw) != 0)
		return 1;
	rc = admin_secrets(a, pw, NULL, &sec);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0)
		return 1;
	{
		const char *p[] = { login, name, office, role, sec.hash, cert, until, grade,
			sec.public_key, sec.sealed, sec.secret };
		PGresult *res;

		res = pg_cmd(a->pg, "BEGIN") != 0 ? NULL : admin_run(a, S_ACCOUNT_ADD, p);
		sodium_memzero(&sec, sizeof sec);
		if (res == NULL)
			return admin_dberr(a, "add the account");
		has = PQntuples(res);
		PQclear(res);
	}
	if (!has) {
		(void)pg_cmd(a->pg, "ROLLBACK");
		return admin_fail(a, "account \"%s\" exists already", login);
	}
	if (pg_log_change(a->pg, "account", login) != 0 || pg_cmd(a->pg, "COMMIT") != 0)
		return admin_dberr(a, "add the account");
	fprintf(a->out, "account %s added to office %s as %s\n", login, office, role);
	return 0;
}

/*
 * Lock an account for a change; 1 found (role, office, disabled and its
 * signing key's secret half as hex, "" for none, filled), 0 not, -1 failure.
 */
static int
admin_account_get(struct admin *a, const char *login, char *role, char *office, int *disabled,
    char secret[2 * SIGN_SECRET_LEN + 1])
{
	const char *p[] = { login };
	PGresult *res = admin_run(a, S_ACCOUNT_GET, p);
	int rc;

	if (res == NULL)
		return -1;
	rc = PQntuples(res) == 1;
	if (rc) {
		snprintf(role, 32, "%s", PQgetvalue(res, 0, 0));
		snprintf(office, 32, "%s", PQgetvalue(res, 0, 1));
		*disabled = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
		snprintf(secret, 2 * SIGN_SECRET_LEN + 1, "%s", PQgetvalue(res, 0, 3));
	}
	PQclear(res);
	return rc;
}

/*
 * Disable an account, or give it a new password (pw), in one transaction:
 * the exit status. The key's secret half read for sealing is wiped on
 * every way out.
 */
static int
admin_account_apply(struct admin *a, int disable, const char *login, const char *pw)
{
	static const struct account_actor root = { "cli:root", "administrator" };
	const char *what = disable ? "disable the account" : "set the password";
	char role[32], office[32], why[256], secret[2 * SIGN_SECRET_LEN + 1] = "";
	struct admin_secrets sec;
	int disabled, found, rc = 1;
	PGresult *res;

	memset(&sec, 0, sizeof sec);
	if (pg_cmd(a->pg, "BEGIN") != 0 ||
	    (found = admin_account_get(a, login, role, office, &disabled, secret)) < 0) {
		rc = admin_dberr(a, what);
		goto out;
	}
	if (!found) {
		rc = admin_fail(a, "unknown account \"%s\"; see jobdeskd account list", login);
		goto rollback;
	}
	if (disable && disabled) {
		fprintf(a->out, "account %s is disabled already\n", login);
		rc = 0;
		goto rollback;
	}
	if (account_may(&root, disable ? ACCOUNT_OP_DISABLE : ACCOUNT_OP_PASSWORD, login, role,
	    NULL, why, sizeof why) != 0) {
		rc = admin_fail(a, "%s", why);
		goto rollback;
	}
	if (disable) {
		const char *p[] = { office, login };
		int others;

		if ((res = admin_run(a, S_ACCOUNT_MANAGERS, p)) == NULL) {
			rc = admin_dberr(a, what);
			goto out;
		}
		others = (int)strtol(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
		if (account_keeps_manager(others, account_role_manages(role), 0, login, office, why,
		    sizeof why) != 0) {
			rc = admin_fail(a, "%s", why);
			goto rollback;
		}
		p[0] = login;
		if (admin_exec(a, S_ACCOUNT_DISABLE, p) != 0) {
			rc = admin_dberr(a, what);
			goto out;
		}
	} else {
		const char *p[] = { login, sec.hash, sec.public_key, sec.sealed, sec.secret };

		/* The same key sealed under the new password: signatures made before stay good. */
		if (admin_secrets(a, pw, secret, &sec) != 0)
			goto rollback;
		if (admin_exec(a, S_ACCOUNT_PASSWD, p) != 0) {
			rc = admin_dberr(a, what);
			goto out;
		}
	}
	if (pg_log_change(a->pg, "account", login) != 0 || pg_cmd(a->pg, "COMMIT") != 0) {
		rc = admin_dberr(a, what);
		goto out;
	}
	fprintf(a->out, disable ? "account %s disabled\n" : "password of %s set\n", login);
	rc = 0;
	goto out;
rollback:
	(void)pg_cmd(a->pg, "ROLLBACK");
out:
	sodium_memzero(secret, sizeof secret);
	sodium_memzero(&sec, sizeof sec);
	return rc;
}

/* jobdeskd account disable LOGIN | account passwd LOGIN */
static int
admin_account_change(struct admin *a, const char *verb, const char *login)
{
	int disable = strcmp(verb, "disable") == 0, rc;
	char why[256], pw[ADMIN_PW_MAX] = "";

	if (account_login_ok(login, why, sizeof why) != 0)
		return admin_fail(a, "%s", why);
	/* Read before the account is locked: nobody waits on someone typing. */
	if (!disable && admin_read_password(a, pw) != 0)
		return 1;
	rc = admin_account_apply(a, disable, login, pw);
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* jobdeskd account add|list|disable|passwd */
static int
admin_account(struct admin *a, int argc, char **argv)
{
	PGresult *res;
	int i;

	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((res = admin_run(a, S_ACCOUNT_LIST, NULL)) == NULL)
			return admin_dberr(a, "list the accounts");
		for (i = 0; i < PQntuples(res); i++)
			fprintf(a->out, "%-32s %-16s %-13s %-8s %s\n", PQgetvalue(res, i, 0),
			    PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
			    strcmp(PQgetvalue(res, i, 4), "t") == 0 ? "disabled" : "enabled",
			    PQgetvalue(res, i, 1));
		PQclear(res);
		return 0;
	}
	if (argc >= 3 && strcmp(argv[1], "add") == 0)
		return admin_account_add(a, argc, argv);
	if (argc == 3 && (strcmp(argv[1], "disable") == 0 || strcmp(argv[1], "passwd") == 0))
		return admin_account_change(a, argv[1], argv[2]);
	return admin_usage(a);
}

/* jobdeskd bundle import FILE --reply REPLY [--records N]: a terminal's bundle by file. */
static int
admin_bundle(struct admin *a, int argc, char **argv)
{
	const char *in = NULL, *reply = NULL;
	char err[1024], *end;
	long records = BUNDLE_IMPORT_RECORDS;
	int i;

	if (argc < 2 || strcmp(argv[1], "import") != 0)
		return admin_usage(a);
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--reply") == 0 && i + 1 < argc)
			reply = argv[++i];
		else if (strcmp(argv[i], "--records") == 0 && i + 1 < argc) {
			errno = 0;
			records = strtol(argv[++i], &end, 10);
			if (errno != 0 || end == argv[i] || *end != '\0' || records < 1 ||
			    records > BUNDLE_IMPORT_MAX_RECORDS)
				return admin_fail(a, "--records \"%s\" is not a number from 1 to %d",
				    argv[i], BUNDLE_IMPORT_MAX_RECORDS);
		} else if (argv[i][0] != '-' && in == NULL)
			in = argv[i];
		else
			return admin_usage(a);
	}
	if (in == NULL || reply == NULL)
		return admin_usage(a);
	if (strcmp(in, reply) == 0)
		return admin_fail(a, "the reply \"%s\" would replace the bundle; give it another "
		    "name", reply);
	if (bundle_import(a->pg, in, reply, records, a->out, err, sizeof err) != 0)
		return admin_fail(a, "%s: %s", in, err);
	return 0;
}

/* jobdeskd new-epoch: every terminal pulls from the beginning again. */
static int
admin_new_epoch(struct admin *a, int argc, char **argv)
{
	char epoch[64];

	(void)argc;
	(void)argv;
	if (pg_cmd(a->pg, "BEGIN") != 0 || pg_new_epoch(a->pg) != 0 ||
	    pg_meta(a->pg, "epoch", epoch, sizeof epoch) != 0 || pg_cmd(a->pg, "COMMIT") != 0)
		return admin_dberr(a, "set a new epoch");
	fprintf(a->out, "new epoch %s: every terminal pulls everything again\n", epoch);
	log_info("new epoch %s", epoch);
	return 0;
}

/* jobdeskd migrate: the schema, then the shipped lists and forms the server lacks. */
static int
admin_migrate_command(struct admin *a, int argc, char **argv)
{
	char err[1024];

	(void)argc;
	(void)argv;
	if (admin_migrate(a->pg, a->set, err, sizeof err) != 0)
		return admin_fail(a, "%s", err);
	fprintf(a->out, "database is up to date\n");
	return 0;
}

/* jobdeskd codes load FILE.tsv... */
static int
admin_codes(struct admin *a, int argc, char **argv)
{
	return admin_load(a, argc, argv, admin_codes_file);
}

/* jobdeskd form load FILE.form */
static int
admin_form(struct admin *a, int argc, char **argv)
{
	return admin_load(a, argc, argv, admin_form_file);
}

/* The commands, in the order of the usage. */
static const struct admin_command {
	const char	*name;
	int		 argc;		/* its words, its name included; 0: run checks them */
	int		 before_schema;	/* runs on a database without the schema */
	int		(*run)(struct admin *, int argc, char **argv);
} admin_commands[] = {
	{ .name = "migrate", .argc = 1, .before_schema = 1, .run = admin_migrate_command },
	{ .name = "office", .run = admin_office },
	{ .name = "enroll", .run = admin_enroll },
	{ .name = "terminal", .run = admin_terminal },
	{ .name = "account", .run = admin_account },
	{ .name = "codes", .run = admin_codes },
	{ .name = "form", .argc = 3, .run = admin_form },
	{ .name = "new-epoch", .argc = 1, .run = admin_new_epoch },
	{ .name = "bundle", .run = admin_bundle },
};

/* The command called name, or NULL. */
static const struct admin_command *
admin_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof admin_commands / sizeof admin_commands[0]; i++)
		if (strcmp(admin_commands[i].name, name) == 0)
			return &admin_commands[i];
	return NULL;
}

/* Whether name is one of the commands. */
int
admin_is_command(const char *name)
{
	return admin_command(name) != NULL;
}

/* Run one admin command. */
int
admin_main(struct pg *pg, const struct admin_settings *set, int argc, char **argv)
{
	struct admin a = admin_make(pg, set);
	const struct admin_command *cmd;
	struct wire_error e;
	int rc;

	if (argc < 1 || (cmd = admin_command(argv[0])) == NULL ||
	    (cmd->argc != 0 && argc != cmd->argc))
		return admin_usage(&a);
	if (sodium_init() < 0)
		return admin_fail(&a, "libsodium cannot start");
	memset(&e, 0, sizeof e);
	if (!cmd->before_schema && pg_ready(pg, &e) != PG_OK)
		return admin_fail(&a, "%s; run jobdeskd migrate first if this is a new database",
		    e.message);
	rc = cmd->run(&a, argc, argv);
	fflush(a.out);
	return rc;
}
