/* Loading and checking interest inventory files: see inventorydef.h. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/ini.h"
#include "common/inventorydef.h"
#include "common/wtext.h"
#include "common/xalloc.h"

static const char *const invdef_head_keys[] = {
	"name_zh", "name_en", "version", "scale_min", "scale_max", "scale_zh", "scale_en", NULL
};
static const char *const invdef_theme_keys[] = {
	"label_zh", "label_en", "occupations", NULL
};
static const char *const invdef_item_keys[] = {
	"theme", "zh", "en", NULL
};

/* The problem at line of section sec, in err; goes to fail. */
#define INV_ERR(...) do {						\
	char why_[256];							\
	snprintf(why_, sizeof why_, __VA_ARGS__);			\
	snprintf(err, errlen, _("%s:%d: [%s]: %s"), path, line, sec, why_); \
	goto fail;							\
} while (0)

/*
 * Whether s has the form of a GB/T 6565 code: a major group digit, then
 * up to three groups of two digits, each after a "-" ("4", "4-07",
 * "4-07-05", "4-07-05-01").
 */
static int
invdef_code_form(const char *s)
{
	int groups = 0;

	if (!isdigit((unsigned char)s[0]))
		return 0;
	for (s++; *s != '\0'; s += 3, groups++)
		if (groups == 3 || s[0] != '-' || !isdigit((unsigned char)s[1]) ||
		    !isdigit((unsigned char)s[2]))
			return 0;
	return 1;
}

void
invdef_free(struct invdef *def)
{
	size_t i, j;

	if (def == NULL)
		return;
	for (i = 0; i < def->nthemes; i++) {
		free(def->themes[i].label_zh);
		free(def->themes[i].label_en);
		for (j = 0; j < def->themes[i].noccupations; j++)
			free(def->themes[i].occupations[j]);
	}
	for (i = 0; i < def->nitems; i++) {
		free(def->items[i].key);
		free(def->items[i].text_zh);
		free(def->items[i].text_en);
	}
	free(def->items);
	free(def->path);
	free(def->name_zh);
	free(def->name_en);
	free(def->version);
	free(def->scale_zh);
	free(def->scale_en);
	free(def);
}

/*
 * The value of a key that must be there and not empty, at most cells wide
 * (0: any width); NULL with err at the line of the key or the section.
 */
static char *
invdef_text(const struct ini *ini, const char *path, const char *sec, int secline,
    const char *key, int cells, char *err, size_t errlen)
{
	const char *v = ini_get(ini, sec, key);
	int line = ini_line(ini, sec, key) != 0 ? ini_line(ini, sec, key) : secline;

	if (v == NULL || *v == '\0')
		INV_ERR(_("%s is missing"), key);
	if (cells > 0 && wtext_width(v) > cells)
		INV_ERR(_("%s is %d columns wide; at most %d fit"), key, wtext_width(v), cells);
	return xstrdup(v);
fail:
	return NULL;
}

/* Read a [theme.X] section into t; 0, or -1 with err. */
static int
invdef_theme_load(const struct ini *ini, const char *path, const char *sec, int line,
    struct invtheme *t, invdef_code_cb valid, void *ctx, char *err, size_t errlen)
{
	const char *key, *v;
	char *list = NULL;

	if (strlen(sec) != 7 || !isalpha((unsigned char)sec[6]))
		INV_ERR("%s", _("a theme's section is [theme.X], X one letter"));
	t->letter = (char)toupper((unsigned char)sec[6]);
	if ((key = ini_unknown_key(ini, sec, invdef_theme_keys)) != NULL) {
		line = ini_line(ini, sec, key);
		INV_ERR(_("unknown key \"%s\""), key);
	}
	if ((t->label_zh = invdef_text(ini, path, sec, line, "label_zh", INVDEF_LABEL_CELLS,
	    err, errlen)) == NULL ||
	    (t->label_en = invdef_text(ini, path, sec, line, "label_en", INVDEF_LABEL_CELLS,
	    err, errlen)) == NULL)
		return -1;
	if ((v = ini_get(ini, sec, "occupations")) == NULL)
		return 0;
	line = ini_line(ini, sec, "occupations");
	/* Codes apart by blanks or commas. */
	for (v += strspn(v, " ,\t"); *v != '\0'; v += strspn(v, " ,\t")) {
		size_t len = strcspn(v, " ,\t");

		free(list);
		list = xasprintf("%.*s", (int)len, v);
		v += len;
		if (!invdef_code_form(list))
			INV_ERR(_("\"%s\" is not an occupation code (such as 4-07-05)"), list);
		if (valid != NULL && !valid(ctx, list))
			INV_ERR(_("\"%s\" is not a code of the occupation list"), list);
		if (t->noccupations == INVDEF_MAX_OCCUPATIONS)
			INV_ERR(_("more than %d occupation groups"), INVDEF_MAX_OCCUPATIONS);
		t->occupations[t->noccupations++] = list;
		list = NULL;
	}
	free(list);
	return 0;
fail:
	free(list);
	return -1;
}

/* Read an [item.KEY] section into it; 0, or -1 with err. */
static int
invdef_item_load(const struct ini *ini, const struct invdef *def, const char *path,
    const char *sec, int line, struct invitem *it, char *err, size_t errlen)
{
	const char *key, *v;
	int t, secline = line;

	if (sec[5] == '\0')
		INV_ERR("%s", _("an item's section is [item.KEY]"));
	it->key = xstrdup(sec + 5);
	if ((key = ini_unknown_key(ini, sec, invdef_item_keys)) != NULL) {
		line = ini_line(ini, sec, key);
		INV_ERR(_("unknown key \"%s\""), key);
	}
	if ((v = ini_get(ini, sec, "theme")) == NULL || *v == '\0')
		INV_ERR(_("%s is missing"), "theme");
	line = ini_line(ini, sec, "theme");
	if (v[1] != '\0' || (t = invdef_theme(def, (char)toupper((unsigned char)v[0]))) < 0)
		INV_ERR(_("theme \"%s\" is not one of the file's [theme.X] sections"), v);
	it->theme = (size_t)t;
	if ((it->text_zh = invdef_text(ini, path, sec, secline, "zh", INVDEF_ITEM_CELLS, err,
	    errlen)) == NULL ||
	    (it->text_en = invdef_text(ini, path, sec, secline, "en", INVDEF_ITEM_CELLS, err,
	    errlen)) == NULL)
		return -1;
	return 0;
fail:
	return -1;
}

/* Load and check an inventory file. */
struct invdef *
invdef_load(const char *path, invdef_code_cb valid, void *ctx, char *err, size_t errlen)
{
	struct invdef *def = xcalloc(1, sizeof *def);
	struct ini *ini;
	const char *sec = "inventory", *key;
	size_t i, j, nsec, nitems = 0, count[INVDEF_MAX_THEMES] = { 0 };
	long n;
	int line = 1;

	def->path = xstrdup(path);
	if ((ini = ini_load(path, err, errlen)) == NULL)
		goto fail_noini;
	if (ini_nsections(ini) == 0 || strcmp(ini_section(ini, 0), "inventory") != 0)
		INV_ERR("%s", _("an inventory file starts with an [inventory] section"));
	if ((key = ini_unknown_key(ini, sec, invdef_head_keys)) != NULL) {
		line = ini_line(ini, sec, key);
		INV_ERR(_("unknown key \"%s\""), key);
	}
	if ((def->name_zh = invdef_text(ini, path, sec, 1, "name_zh", 0, err, errlen)) == NULL ||
	    (def->name_en = invdef_text(ini, path, sec, 1, "name_en", 0, err, errlen)) == NULL ||
	    (def->version = invdef_text(ini, path, sec, 1, "version", 0, err, errlen)) == NULL ||
	    (def->scale_zh = invdef_text(ini, path, sec, 1, "scale_zh", 76, err,
	    errlen)) == NULL ||
	    (def->scale_en = invdef_text(ini, path, sec, 1, "scale_en", 76, err,
	    errlen)) == NULL)
		goto fail;
	line = ini_line(ini, sec, "scale_min") != 0 ? ini_line(ini, sec, "scale_min") : 1;
	if (ini_number(ini_get(ini, sec, "scale_min"), 0, 9, &n) != 0)
		INV_ERR("%s", _("scale_min must be one digit, 0 to 9"));
	def->scale_min = (int)n;
	line = ini_line(ini, sec, "scale_max") != 0 ? ini_line(ini, sec, "scale_max") : 1;
	if (ini_number(ini_get(ini, sec, "scale_max"), def->scale_min + 1, 9, &n) != 0)
		INV_ERR("%s", _("scale_max must be one digit, above scale_min"));
	def->scale_max = (int)n;
	/* Themes first, wherever they stand, so that an item may name any. */
	nsec = ini_nsections(ini);
	for (i = 1; i < nsec; i++) {
		sec = ini_section(ini, i);
		line = ini_section_line(ini, i);
		if (strncmp(sec, "theme.", 6) == 0) {
			if (def->nthemes == INVDEF_MAX_THEMES)
				INV_ERR(_("more than %d themes"), INVDEF_MAX_THEMES);
			if (invdef_theme_load(ini, path, sec, line, &def->themes[def->nthemes], valid,
			    ctx, err, errlen) != 0) {
				def->nthemes++;
				goto fail;
			}
			if (invdef_theme(def, def->themes[def->nthemes].letter) >= 0)
				INV_ERR(_("theme %c is defined twice"), def->themes[def->nthemes].letter);
			def->nthemes++;
		} else if (strncmp(sec, "item.", 5) == 0) {
			nitems++;
		} else
			INV_ERR("%s", _("unknown section: [theme.X] and [item.KEY] are known"));
	}
	sec = "inventory";
	line = 1;
	if (def->nthemes == 0)
		INV_ERR("%s", _("the file has no [theme.X] section"));
	if (nitems == 0)
		INV_ERR("%s", _("the file has no [item.KEY] section"));
	if (nitems > INVDEF_MAX_ITEMS)
		INV_ERR(_("%zu items; at most %d"), nitems, INVDEF_MAX_ITEMS);
	/* def->nitems counts the items read, which invdef_free frees. */
	def->items = xcalloc(nitems, sizeof *def->items);
	for (i = 1, j = 0; i < nsec; i++) {
		sec = ini_section(ini, i);
		line = ini_section_line(ini, i);
		if (strncmp(sec, "item.", 5) != 0)
			continue;
		def->nitems = j + 1;
		if (invdef_item_load(ini, def, path, sec, line, &def->items[j], err, errlen) != 0)
			goto fail;
		count[def->items[j].theme]++;
		j++;
	}
	sec = "inventory";
	for (i = 0; i < def->nthemes; i++) {
		if (count[i] == 0) {
			snprintf(err, errlen, _("%s: theme %c has no item"), path, def->themes[i].letter);
			goto fail;
		}
	}
	ini_free(ini);
	return def;
fail:
	ini_free(ini);
fail_noini:
	invdef_free(def);
	return NULL;
}

void
invdef_instrument(const struct invdef *def, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s %s", def->name_en, def->version);
}

int
invdef_theme(const struct invdef *def, char letter)
{
	size_t i;

	for (i = 0; i < def->nthemes; i++)
		if (def->themes[i].letter == letter)
			return (int)i;
	return -1;
}
