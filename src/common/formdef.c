/* Loading and checking form definition files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "common/ini.h"
#include "common/log.h"
#include "common/wtext.h"
#include "common/xalloc.h"

static int formdef_zh;

static const struct {
	const char	*name;
	enum field_type	 type;
} formdef_types[] = {
	{ "text", FIELD_TEXT },
	{ "idnum", FIELD_IDNUM },
	{ "uscc", FIELD_USCC },
	{ "phone", FIELD_PHONE },
	{ "date", FIELD_DATE },
	{ "int", FIELD_INT },
	{ "code", FIELD_CODE },
	{ "codes", FIELD_CODES },
	{ "bool", FIELD_BOOL },
	{ "password", FIELD_PASSWORD },
};

static const char *const formdef_field_keys[] = {
	"label_zh", "label_en", "help_zh", "help_en", "row", "col", "width", "type",
	"required", "readonly", "maxlen", "min", "max", "codes", "region", "within", NULL
};
static const char *const formdef_form_keys[] = {
	"name_zh", "name_en", "table", "label_width", NULL
};

/* Show Chinese labels when non-zero, English otherwise. */
void
formdef_set_chinese(int zh)
{
	formdef_zh = zh;
}

/* Whether Chinese labels are shown. */
int
formdef_chinese(void)
{
	return formdef_zh;
}

/* A type's name in form files. */
const char *
formdef_type_name(enum field_type type)
{
	size_t i;

	for (i = 0; i < sizeof formdef_types / sizeof formdef_types[0]; i++)
		if (formdef_types[i].type == type)
			return formdef_types[i].name;
	return "?";
}

/* Parses yes or no (1 or 0; empty is no) into *out; 0, or -1 if it is neither. */
static int
formdef_yesno(const char *v, int *out)
{
	if (v == NULL || *v == '\0' || strcmp(v, "no") == 0 || strcmp(v, "0") == 0) {
		*out = 0;
		return 0;
	}
	if (strcmp(v, "yes") == 0 || strcmp(v, "1") == 0) {
		*out = 1;
		return 0;
	}
	return -1;
}

/* Frees the strings of one field definition. */
static void
formfield_free(struct formfield *f)
{
	free(f->key);
	free(f->label_zh);
	free(f->label_en);
	free(f->help_zh);
	free(f->help_en);
	free(f->codes);
	free(f->within);
}

/* Free a form definition. */
void
formdef_free(struct formdef *def)
{
	size_t i;

	if (def == NULL)
		return;
	for (i = 0; i < def->n; i++)
		formfield_free(&def->fields[i]);
	free(def->fields);
	free(def->path);
	free(def->name_zh);
	free(def->name_en);
	free(def->table);
	free(def);
}

#define FIELD_ERR(...) do {						\
	char why_[256];							\
	snprintf(why_, sizeof why_, __VA_ARGS__);			\
	snprintf(err, errlen, _("%s:%d: field \"%s\": %s"), path, line,	\
	    sec, why_);							\
	goto fail;							\
} while (0)

/* Read one field section into f; -1 with err. */
static int
formdef_field_load(const struct ini *ini, const char *path, const char *sec, int label_width,
    struct formfield *f, char *err, size_t errlen)
{
	const char *v, *key;
	long n;
	size_t i;
	int line = ini_line(ini, sec, NULL);

	if ((key = ini_unknown_key(ini, sec, formdef_field_keys)) != NULL) {
		line = ini_line(ini, sec, key);
		FIELD_ERR(_("unknown key \"%s\""), key);
	}
	f->key = xstrdup(sec);
	if ((v = ini_get(ini, sec, "label_zh")) == NULL || *v == '\0')
		FIELD_ERR(_("label_zh is missing"));
	f->label_zh = xstrdup(v);
	if ((v = ini_get(ini, sec, "label_en")) == NULL || *v == '\0')
		FIELD_ERR(_("label_en is missing"));
	f->label_en = xstrdup(v);
	if (wtext_width(f->label_zh) >= label_width || wtext_width(f->label_en) >= label_width) {
		line = ini_line(ini, sec, wtext_width(f->label_zh) >= label_width ?
		    "label_zh" : "label_en");
		FIELD_ERR(_("label is wider than %d cells: the form's label_width of %d keeps one "
		    "cell for the gap"), label_width - 1, label_width);
	}
	f->help_zh = xstrdup((v = ini_get(ini, sec, "help_zh")) != NULL ? v : "");
	f->help_en = xstrdup((v = ini_get(ini, sec, "help_en")) != NULL ? v : "");
	v = ini_get(ini, sec, "type");
	f->type = FIELD_TEXT;
	if (v != NULL) {
		for (i = 0; i < sizeof formdef_types / sizeof formdef_types[0]; i++)
			if (strcmp(v, formdef_types[i].name) == 0)
				break;
		if (i == sizeof formdef_types / sizeof formdef_types[0]) {
			line = ini_line(ini, sec, "type");
			FIELD_ERR(_("unknown type \"%s\"; expected text, idnum, uscc, phone, date, int, code, codes, bool or password"), v);
		}
		f->type = formdef_types[i].type;
	}
	if (ini_number(ini_get(ini, sec, "row"), FORM_FIRST_ROW, FORM_LAST_ROW, &n) != 0) {
		line = ini_line(ini, sec, "row") ? ini_line(ini, sec, "row") : line;
		FIELD_ERR(_("row must be a number from %d to %d"), FORM_FIRST_ROW, FORM_LAST_ROW);
	}
	f->row = (int)n;
	if (ini_number(ini_get(ini, sec, "col"), 0, FORM_COLS - 1, &n) != 0) {
		line = ini_line(ini, sec, "col") ? ini_line(ini, sec, "col") : line;
		FIELD_ERR(_("col must be a number from 0 to %d"), FORM_COLS - 1);
	}
	f->col = (int)n;
	if (ini_number(ini_get(ini, sec, "width"), 1, FORM_COLS, &n) != 0) {
		line = ini_line(ini, sec, "width") ? ini_line(ini, sec, "width") : line;
		FIELD_ERR(_("width must be a number from 1 to %d"), FORM_COLS);
	}
	f->width = (int)n;
	/* The input takes one cell more than its width: the cursor's place after the text. */
	if (f->col + label_width + f->width + 1 > FORM_COLS) {
		line = ini_line(ini, sec, "width");
		FIELD_ERR(_("label and input end at column %d, past the screen's %d columns"),
		    f->col + label_width + f->width + 1, FORM_COLS);
	}
	if (formdef_yesno(ini_get(ini, sec, "required"), &f->required) != 0) {
		line = ini_line(ini, sec, "required");
		FIELD_ERR(_("required must be yes or no"));
	}
	if (formdef_yesno(ini_get(ini, sec, "readonly"), &f->readonly) != 0) {
		line = ini_line(ini, sec, "readonly");
		FIELD_ERR(_("readonly must be yes or no"));
	}
	/* Several codes and a phone scroll sideways in the editor: their default is not the width. */
	f->maxlen = f->type == FIELD_IDNUM || f->type == FIELD_USCC ? 18 :
	    f->type == FIELD_DATE ? 10 : f->type == FIELD_PHONE ? FORMDEF_PHONE_MAXLEN :
	    f->type == FIELD_CODES ? FORMDEF_CODES_MAXLEN : f->width;
	if ((v = ini_get(ini, sec, "maxlen")) != NULL &&
	    ini_number(v, 1, FORM_MAXLEN, &f->maxlen) != 0) {
		line = ini_line(ini, sec, "maxlen");
		FIELD_ERR(_("maxlen must be a number from 1 to %d"), FORM_MAXLEN);
	}
	f->min = 0;
	f->max = 1000000000L;
	if ((v = ini_get(ini, sec, "min")) != NULL &&
	    ini_number(v, -1000000000L, 1000000000L, &f->min) != 0) {
		line = ini_line(ini, sec, "min");
		FIELD_ERR(_("min must be a whole number"));
	}
	if ((v = ini_get(ini, sec, "max")) != NULL &&
	    ini_number(v, f->min, 1000000000L, &f->max) != 0) {
		line = ini_line(ini, sec, "max");
		FIELD_ERR(_("max must be a whole number not below min"));
	}
	v = ini_get(ini, sec, "codes");
	if ((f->type == FIELD_CODE || f->type == FIELD_CODES) && (v == NULL || *v == '\0'))
		FIELD_ERR(_("a field of type %s needs \"codes = LIST\""),
		    formdef_type_name(f->type));
	if (f->type != FIELD_CODE && f->type != FIELD_CODES && v != NULL) {
		line = ini_line(ini, sec, "codes");
		FIELD_ERR(_("\"codes\" is only for fields of type code or codes"));
	}
	f->codes = v != NULL ? xstrdup(v) : NULL;
	if ((v = ini_get(ini, sec, "region")) != NULL) {
		line = ini_line(ini, sec, "region");
		if (f->type != FIELD_CODE || strcmp(f->codes, "region") != 0)
			FIELD_ERR(_("\"region\" is only for fields of type code with \"codes = "
			    "region\""));
		if (strcmp(v, "district") == 0)
			f->region = FIELD_REGION_DISTRICT;
		else if (strcmp(v, "street") == 0)
			f->region = FIELD_REGION_STREET;
		else if (strcmp(v, "area") == 0)
			f->region = FIELD_REGION_AREA;
		else
			FIELD_ERR(_("region must be district, street or area, not \"%s\""), v);
	}
	if ((v = ini_get(ini, sec, "within")) != NULL) {
		line = ini_line(ini, sec, "within");
		if (f->region != FIELD_REGION_STREET)
			FIELD_ERR(_("\"within\" is only for fields with \"region = street\""));
		f->within = xstrdup(v);
	}
	return 0;
fail:
	return -1;
}

/*
 * Check that a street field's "within" names a district field of the
 * form; 0, or -1 with err naming the line.
 */
static int
formdef_within_check(const struct ini *ini, const char *path, const struct formdef *def,
    char *err, size_t errlen)
{
	const struct formfield *d;
	const char *sec;
	size_t i;
	int line;

	for (i = 0; i < def->n; i++) {
		if (def->fields[i].within == NULL)
			continue;
		sec = def->fields[i].key;
		line = ini_line(ini, sec, "within");
		d = formdef_field(def, def->fields[i].within);
		if (d == NULL || d->region != FIELD_REGION_DISTRICT)
			FIELD_ERR(_("within = %s: the form has no field \"%s\" with \"region = "
			    "district\""), def->fields[i].within, def->fields[i].within);
	}
	return 0;
fail:
	return -1;
}

/* Load a form file and check it against the table's columns. */
struct formdef *
formdef_load(const char *path, formdef_columns_cb columns, char *err, size_t errlen)
{
	struct formdef *def = xcalloc(1, sizeof *def);
	struct ini *ini;
	const char *v, *sec = "form", *key;
	size_t i, j;
	long n;
	int line = 1;

	def->path = xstrdup(path);
	if ((ini = ini_load(path, err, errlen)) == NULL)
		goto fail_noini;
	if (ini_nsections(ini) == 0 || strcmp(ini_section(ini, 0), "form") != 0) {
		snprintf(err, errlen, _("%s:1: a form file starts with a [form] section"), path);
		goto fail;
	}
	if ((key = ini_unknown_key(ini, "form", formdef_form_keys)) != NULL) {
		line = ini_line(ini, "form", key);
		FIELD_ERR(_("unknown key \"%s\""), key);
	}
	if ((v = ini_get(ini, "form", "name_zh")) == NULL || *v == '\0')
		FIELD_ERR(_("name_zh is missing"));
	def->name_zh = xstrdup(v);
	if ((v = ini_get(ini, "form", "name_en")) == NULL || *v == '\0')
		FIELD_ERR(_("name_en is missing"));
	def->name_en = xstrdup(v);
	if ((v = ini_get(ini, "form", "table")) == NULL || *v == '\0')
		FIELD_ERR(_("table is missing"));
	def->table = xstrdup(v);
	line = ini_line(ini, "form", "table");
	if (columns != NULL && columns(def->table, NULL) < 0)
		FIELD_ERR(_("unknown table \"%s\""), def->table);
	def->label_width = 14;
	if ((v = ini_get(ini, "form", "label_width")) != NULL) {
		line = ini_line(ini, "form", "label_width");
		if (ini_number(v, 4, 40, &n) != 0)
			FIELD_ERR(_("label_width must be a number from 4 to 40"));
		def->label_width = (int)n;
	}
	def->n = ini_nsections(ini) - 1;
	if (def->n == 0) {
		snprintf(err, errlen, _("%s: the form has no fields"), path);
		goto fail;
	}
	def->fields = xcalloc(def->n, sizeof *def->fields);
	for (i = 0; i < def->n; i++) {
		struct formfield *f = &def->fields[i];

		sec = ini_section(ini, i + 1);
		line = ini_section_line(ini, i + 1);
		if (columns != NULL && columns(def->table, sec) != 1)
			FIELD_ERR(_("table \"%s\" has no column \"%s\""), def->table, sec);
		if (formdef_field_load(ini, path, sec, def->label_width, f, err, errlen) != 0)
			goto fail;
		for (j = 0; j < i; j++) {
			const struct formfield *g = &def->fields[j];
			int f_end = f->col + def->label_width + f->width + 1;
			int g_end = g->col + def->label_width + g->width + 1;

			if (g->row == f->row && f->col < g_end && g->col < f_end)
				FIELD_ERR(_("overlaps field \"%s\" on row %d"), g->key, f->row);
		}
	}
	if (formdef_within_check(ini, path, def, err, errlen) != 0)
		goto fail;
	ini_free(ini);
	return def;
fail:
	ini_free(ini);
fail_noini:
	formdef_free(def);
	return NULL;
}

/* Load a form from text through a file in a private temporary folder. */
struct formdef *
formdef_load_text(const char *text, const char *name, formdef_columns_cb columns, char *err,
    size_t errlen)
{
	const char *tmpdir = getenv("TMPDIR");
	struct formdef *def = NULL;
	char *dir, *path, *p;
	size_t len = strlen(text), dirlen;
	FILE *fp;
	int wrote;

	if (strchr(name, '/') != NULL || *name == '\0' || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		snprintf(err, errlen, _("\"%s\" is not a form file name"), name);
		return NULL;
	}
	dir = xasprintf("%s/jobdesk-form.XXXXXX", tmpdir != NULL && *tmpdir != '\0' ? tmpdir :
	    "/tmp");
	if (mkdtemp(dir) == NULL) {
		snprintf(err, errlen, _("%s: cannot make a temporary folder: %s"), dir,
		    strerror(errno));
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		goto out;
	}
	wrote = fwrite(text, 1, len, fp) == len;
	if (fclose(fp) != 0 || !wrote) {
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
		goto out;
	}
	if ((def = formdef_load(path, columns, err, errlen)) == NULL) {
		/* Name the form, not the temporary file. */
		dirlen = strlen(dir) + 1;
		while ((p = strstr(err, dir)) != NULL && p[dirlen - 1] == '/')
			memmove(p, p + dirlen, strlen(p + dirlen) + 1);
		goto out;
	}
	free(def->path);
	def->path = xstrdup(name);
out:
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return def;
}

/* Write all of buf to fd; 0 or -1. */
static int
formdef_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

/*
 * Install a form: the text goes to a temporary file that is synced and
 * checked as a form of table name (one that does not load is refused, the
 * old one stays), then renamed over dir/name.form, and the folder synced:
 * a crash leaves the old form or the new one, never half of one.
 */
int
formdef_install(void *ctx, const char *name, const char *text, char *err, size_t errlen)
{
	const struct formdef_dir *d = ctx;
	char *tmp = NULL, *dst = NULL, why[512];
	struct formdef *def;
	int fd = -1, rc = -1;

	if (mkdir(d->path, 0755) != 0 && errno != EEXIST) {
		snprintf(err, errlen, _("%s: cannot create the forms folder: %s"), d->path,
		    strerror(errno));
		return -1;
	}
	tmp = xasprintf("%s/.%s.form.XXXXXX", d->path, name);
	dst = xasprintf("%s/%s.form", d->path, name);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err, errlen, _("%s: cannot write the form: %s"), tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, 0644) != 0 || formdef_write_all(fd, text, strlen(text)) != 0 ||
	    fsync(fd) != 0) {
		snprintf(err, errlen, _("%s: cannot write the form: %s"), tmp, strerror(errno));
		goto out;
	}
	close(fd);
	fd = -1;
	def = formdef_load(tmp, d->columns, why, sizeof why);
	if (def == NULL || def->table == NULL || strcmp(def->table, name) != 0) {
		log_warn("form %s refused, the one there stays: %s", name,
		    def == NULL ? why : "it fills another table");
		formdef_free(def);
		rc = 1;
		goto out;
	}
	formdef_free(def);
	if (rename(tmp, dst) != 0) {
		snprintf(err, errlen, _("%s: cannot replace the form: %s"), dst, strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	if ((fd = open(d->path, O_RDONLY | O_DIRECTORY)) >= 0 && fsync(fd) != 0)
		log_warn("%s: cannot sync the folder: %s", d->path, strerror(errno));
	log_info("form %s written", name);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(dst);
	return rc;
}

/* Split a form's text into parts of at most maxpart bytes, each ending after a LF. */
void
formdef_text_split(const char *text, size_t maxpart, struct fields *out)
{
	char key[32], *part;
	size_t n = 0, len;

	while (*text != '\0') {
		const char *end = text, *nl;

		/* Whole lines while they fit; a single longer line is cut where it must be. */
		while (*end != '\0') {
			nl = strchr(end, '\n');
			len = nl != NULL ? (size_t)(nl - end) + 1 : strlen(end);
			if ((size_t)(end - text) + len > maxpart)
				break;
			end += len;
		}
		if (end == text) {
			/* Never inside a UTF-8 sequence. */
			end = text + maxpart;
			while (end > text + 1 && ((unsigned char)*end & 0xc0) == 0x80)
				end--;
		}
		part = xstrndup(text, (size_t)(end - text));
		snprintf(key, sizeof key, "text_%zu", ++n);
		fields_set(out, key, part);
		free(part);
		text = end;
	}
	snprintf(key, sizeof key, "%zu", n);
	fields_set(out, "parts", key);
}

/* Join the parts of a form record's text. */
char *
formdef_text_join(const struct fields *f)
{
	struct buf b = BUF_INIT;
	const char *v;
	char key[32], *end;
	long n, i;

	if ((v = fields_get(f, "parts")) == NULL)
		return NULL;
	errno = 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0 || n < 0 || n > 10000)
		return NULL;
	buf_adds(&b, "");
	for (i = 1; i <= n; i++) {
		snprintf(key, sizeof key, "text_%ld", i);
		if ((v = fields_get(f, key)) == NULL) {
			buf_free(&b);
			return NULL;
		}
		buf_adds(&b, v);
	}
	return buf_detach(&b);
}

/* The field with this key, or NULL. */
const struct formfield *
formdef_field(const struct formdef *def, const char *key)
{
	size_t i;

	for (i = 0; i < def->n; i++)
		if (strcmp(def->fields[i].key, key) == 0)
			return &def->fields[i];
	return NULL;
}

/* A field's label in the clerk's language. */
const char *
formfield_label(const struct formfield *f)
{
	return formdef_zh ? f->label_zh : f->label_en;
}

/* A field's help in the clerk's language, falling back to the other. */
const char *
formfield_help(const struct formfield *f)
{
	const char *h = formdef_zh ? f->help_zh : f->help_en;

	return *h != '\0' ? h : (formdef_zh ? f->help_en : f->help_zh);
}

/* The form's name in the clerk's language. */
const char *
formdef_name(const struct formdef *def)
{
	return formdef_zh ? def->name_zh : def->name_en;
}
