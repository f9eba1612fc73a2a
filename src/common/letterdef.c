/* Loading and checking letter template files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/ini.h"
#include "common/letterdef.h"
#include "common/wtext.h"
#include "common/xalloc.h"

/*
 * The placeholders and the most cells each value takes unless the
 * template says "{name:WIDTH}": wide enough for the usual value, narrow
 * enough that the usual lines fit 80 columns with every value at its
 * widest. The reprint mark's width is that of the body's mark.
 */
static const struct {
	const char	*name;
	int		 width;
} letterdef_slots[LETTER_SLOT_COUNT] = {
	[LETTER_NUMBER] = { .name = "number", .width = 32 },
	[LETTER_DATE] = { .name = "date", .width = 16 },
	[LETTER_OFFICE] = { .name = "office", .width = 40 },
	[LETTER_CLERK] = { .name = "clerk", .width = 12 },
	[LETTER_SEEKER_NAME] = { .name = "seeker_name", .width = 20 },
	[LETTER_SEEKER_SEX] = { .name = "seeker_sex", .width = 6 },
	[LETTER_SEEKER_IDNUM] = { .name = "seeker_idnum", .width = 18 },
	[LETTER_SEEKER_PHONE] = { .name = "seeker_phone", .width = 15 },
	[LETTER_EMPLOYER_NAME] = { .name = "employer_name", .width = 40 },
	[LETTER_EMPLOYER_ADDRESS] = { .name = "employer_address", .width = 60 },
	[LETTER_EMPLOYER_CONTACT] = { .name = "employer_contact", .width = 16 },
	[LETTER_EMPLOYER_PHONE] = { .name = "employer_phone", .width = 15 },
	[LETTER_VACANCY_TITLE] = { .name = "vacancy_title", .width = 40 },
	[LETTER_OCCUPATION] = { .name = "occupation", .width = 30 },
	[LETTER_WAGE] = { .name = "wage", .width = 20 },
	[LETTER_INTERVIEW_DATE] = { .name = "interview_date", .width = 20 },
	[LETTER_INTERVIEW_PLACE] = { .name = "interview_place", .width = 50 },
	[LETTER_REPRINT] = { .name = "reprint", .width = 0 },
};

/* The layouts, by the word that starts a line's key. */
static const struct {
	const char		*word;
	enum letter_align	 align;
} letterdef_aligns[] = {
	{ .word = "text", .align = LETTER_TEXT },
	{ .word = "center", .align = LETTER_CENTER },
	{ .word = "right", .align = LETTER_RIGHT },
	{ .word = "para", .align = LETTER_PARA },
	{ .word = "blank", .align = LETTER_BLANK },
	{ .word = "cut", .align = LETTER_CUT },
};

#define LETTERDEF_NALIGNS (sizeof letterdef_aligns / sizeof letterdef_aligns[0])

/* The keys of [letter]. */
static const char *const letterdef_letter_keys[] = { "name_zh", "name_en", NULL };

/* A slot's name. */
const char *
letterdef_slot_name(enum letter_slot slot)
{
	return (size_t)slot < LETTER_SLOT_COUNT ? letterdef_slots[slot].name : "?";
}

/* Frees the parts of one line. */
static void
letterdef_line_free(struct letterline *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->parts[i].text);
		free(l->parts[i].fill);
	}
	free(l->parts);
	free(l->key);
}

/* Frees one language's letter. */
static void
letterdef_body_free(struct letterbody *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		letterdef_line_free(&b->lines[i]);
	free(b->lines);
	free(b->reprint);
}

/* Free a letter definition. */
void
letterdef_free(struct letterdef *def)
{
	if (def == NULL)
		return;
	letterdef_body_free(&def->zh);
	letterdef_body_free(&def->en);
	free(def->path);
	free(def->name_zh);
	free(def->name_en);
	free(def);
}

/* The body of a language. */
const struct letterbody *
letterdef_body(const struct letterdef *def, const char *lang)
{
	if (strcmp(lang, "zh") == 0)
		return &def->zh;
	if (strcmp(lang, "en") == 0)
		return &def->en;
	return NULL;
}

/* Appends a part to a line, taking over text and fill. */
static struct letterpart *
letterdef_add_part(struct letterline *l, char *text)
{
	struct letterpart *p;

	l->parts = xreallocarray(l->parts, l->n + 1, sizeof *l->parts);
	p = &l->parts[l->n++];
	memset(p, 0, sizeof *p);
	p->text = text;
	return p;
}

/* Checks that s is UTF-8 of printable characters (no tab: widths would lie); -1 with why. */
static int
letterdef_printable(const char *s, char *why, size_t whylen)
{
	wchar_t *w;
	size_t n, i;

	if ((w = wtext_from_utf8(s, &n)) == NULL) {
		snprintf(why, whylen, _("the text is not valid UTF-8"));
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!wtext_isprint(w[i])) {
			snprintf(why, whylen, _("the text holds a control character (U+%04X); use "
			    "spaces"), (unsigned)w[i]);
			free(w);
			return -1;
		}
	free(w);
	return 0;
}

/*
 * Reads one placeholder, the text between "{" and "}", into a part of l;
 * -1 with why.
 */
static int
letterdef_placeholder(const char *s, size_t len, const struct letterbody *b,
    struct letterline *l, char *why, size_t whylen)
{
	char *in = xstrndup(s, len), *bar, *colon, *end;
	struct letterpart *p;
	size_t i;
	long width;
	int rc = -1;

	if ((bar = strchr(in, '|')) != NULL)
		*bar++ = '\0';
	if ((colon = strchr(in, ':')) != NULL)
		*colon++ = '\0';
	for (i = 0; i < LETTER_SLOT_COUNT; i++)
		if (strcmp(in, letterdef_slots[i].name) == 0)
			break;
	if (i == LETTER_SLOT_COUNT) {
		snprintf(why, whylen, _("unknown placeholder \"{%s}\""), in);
		goto out;
	}
	p = letterdef_add_part(l, NULL);
	p->slot = (enum letter_slot)i;
	p->width = p->slot == LETTER_REPRINT ? wtext_width(b->reprint) :
	    letterdef_slots[i].width;
	p->fill = xstrdup(bar != NULL ? bar : "");
	if (colon != NULL) {
		errno = 0;
		width = strtol(colon, &end, 10);
		if (*colon < '0' || *colon > '9' || *end != '\0' || errno != 0 || width < 1 ||
		    width > LETTER_COLS) {
			snprintf(why, whylen, _("the width of \"{%s}\" must be a number from 1 to %d"),
			    in, LETTER_COLS);
			goto out;
		}
		p->width = (int)width;
	}
	rc = 0;
out:
	free(in);
	return rc;
}

/* Splits a line's text into literal parts and placeholders; -1 with why. */
static int
letterdef_parse(const char *text, const struct letterbody *b, struct letterline *l, char *why,
    size_t whylen)
{
	const char *s = text, *brace, *close;

	while (*s != '\0') {
		if ((brace = strchr(s, '{')) == NULL) {
			letterdef_add_part(l, xstrdup(s));
			break;
		}
		if (brace > s)
			letterdef_add_part(l, xstrndup(s, (size_t)(brace - s)));
		if (brace[1] == '{') {
			letterdef_add_part(l, xstrdup("{"));
			s = brace + 2;
			continue;
		}
		if ((close = strpbrk(brace + 1, "{}")) == NULL || *close == '{') {
			snprintf(why, whylen, _("a \"{\" without its \"}\"; write \"{{\" for a brace"));
			return -1;
		}
		if (letterdef_placeholder(brace + 1, (size_t)(close - brace - 1), b, l, why,
		    whylen) != 0)
			return -1;
		s = close + 1;
	}
	return 0;
}

/* The layout a line's key names by its word before the first "."; 0, or -1 if none. */
static int
letterdef_align(const char *key, enum letter_align *out)
{
	size_t len = strcspn(key, "."), i;

	for (i = 0; i < LETTERDEF_NALIGNS; i++)
		if (strlen(letterdef_aligns[i].word) == len &&
		    strncmp(key, letterdef_aligns[i].word, len) == 0) {
			*out = letterdef_aligns[i].align;
			return 0;
		}
	return -1;
}

/* Cells a line takes with every value at its widest (or its fill-in, if wider). */
static int
letterdef_widest(const struct letterline *l)
{
	size_t i;
	int w = 0, f;

	for (i = 0; i < l->n; i++) {
		const struct letterpart *p = &l->parts[i];

		if (p->text != NULL)
			w += wtext_width(p->text);
		else {
			f = wtext_width(p->fill);
			w += f > p->width ? f : p->width;
		}
	}
	return w;
}

/* Whether any line of a body has a placeholder for slot. */
static int
letterdef_has(const struct letterbody *b, enum letter_slot slot)
{
	size_t i, j;

	for (i = 0; i < b->n; i++)
		for (j = 0; j < b->lines[i].n; j++)
			if (b->lines[i].parts[j].text == NULL && b->lines[i].parts[j].slot == slot)
				return 1;
	return 0;
}

#define LINE_ERR(...) do {						\
	char why_[256];							\
	snprintf(why_, sizeof why_, __VA_ARGS__);			\
	snprintf(err, errlen, _("%s:%d: key \"%s\": %s"), path, line,	\
	    key, why_);							\
	goto fail;							\
} while (0)

/* Reads one language's section into b; -1 with err. */
static int
letterdef_body_load(const struct ini *ini, const char *path, const char *sec, int secline,
    struct letterbody *b, char *err, size_t errlen)
{
	const char *key = "reprint", *v;
	char why[256];
	size_t k, nkeys = ini_nkeys(ini, sec);
	int line = ini_line(ini, sec, "reprint"), widest;

	if ((v = ini_get(ini, sec, "reprint")) == NULL || *v == '\0') {
		snprintf(err, errlen, _("%s:%d: [%s]: the reprint mark \"reprint = ...\" is missing"),
		    path, line != 0 ? line : secline, sec);
		goto fail;
	}
	if (letterdef_printable(v, why, sizeof why) != 0)
		LINE_ERR("%s", why);
	b->reprint = xstrdup(v);
	b->lines = xcalloc(nkeys, sizeof *b->lines);
	for (k = 0; k < nkeys; k++) {
		struct letterline *l = &b->lines[b->n];

		key = ini_key(ini, sec, k);
		line = ini_line(ini, sec, key);
		if (strcmp(key, "reprint") == 0)
			continue;
		if (letterdef_align(key, &l->align) != 0)
			LINE_ERR(_("unknown key; a line's key starts with text., center., right., "
			    "para., blank. or cut."));
		b->n++;
		l->key = xstrdup(key);
		l->line = line;
		if ((v = ini_get(ini, sec, key)) == NULL)
			v = "";
		if (l->align == LETTER_BLANK && *v != '\0')
			LINE_ERR(_("a blank line has no text"));
		if (letterdef_printable(v, why, sizeof why) != 0 ||
		    letterdef_parse(v, b, l, why, sizeof why) != 0)
			LINE_ERR("%s", why);
		/* A paragraph wraps; any other line must fit as it is, a cut line with "- " each side. */
		widest = letterdef_widest(l) + (l->align == LETTER_CUT ? 4 : 0);
		if (l->align != LETTER_PARA && widest > LETTER_COLS)
			LINE_ERR(_("the line takes %d columns with its values at their widest; "
			    "a letter has %d (narrow a value with \"{name:WIDTH}\", or make the line "
			    "a paragraph)"), widest, LETTER_COLS);
	}
	if (b->n == 0) {
		snprintf(err, errlen, _("%s:%d: [%s]: the letter has no lines"), path, secline, sec);
		goto fail;
	}
	if (!letterdef_has(b, LETTER_REPRINT)) {
		snprintf(err, errlen, _("%s:%d: [%s]: no line has \"{reprint}\", so a reprint "
		    "would look like the first letter"), path, secline, sec);
		goto fail;
	}
	if (!letterdef_has(b, LETTER_NUMBER)) {
		snprintf(err, errlen, _("%s:%d: [%s]: no line has \"{number}\", the letter's "
		    "number"), path, secline, sec);
		goto fail;
	}
	return 0;
fail:
	return -1;
}

/* Load a letter file. */
struct letterdef *
letterdef_load(const char *path, char *err, size_t errlen)
{
	struct letterdef *def = xcalloc(1, sizeof *def);
	struct ini *ini;
	const char *v, *key, *sec;
	size_t i;
	int line = 1, zh = 0, en = 0;

	def->path = xstrdup(path);
	if ((ini = ini_load(path, err, errlen)) == NULL)
		goto fail_noini;
	if (ini_nkeys(ini, "") > 0) {
		key = ini_key(ini, "", 0);
		line = ini_line(ini, "", key);
		snprintf(err, errlen, _("%s:%d: key \"%s\" is outside any [section]"), path, line,
		    key);
		goto fail;
	}
	for (i = 0; i < ini_nsections(ini); i++) {
		sec = ini_section(ini, i);
		line = ini_section_line(ini, i);
		if (strcmp(sec, "zh") == 0) {
			if (letterdef_body_load(ini, path, sec, line, &def->zh, err, errlen) != 0)
				goto fail;
			zh = 1;
		} else if (strcmp(sec, "en") == 0) {
			if (letterdef_body_load(ini, path, sec, line, &def->en, err, errlen) != 0)
				goto fail;
			en = 1;
		} else if (strcmp(sec, "letter") != 0) {
			snprintf(err, errlen, _("%s:%d: unknown section [%s]; a letter has [letter], "
			    "[zh] and [en]"), path, line, sec);
			goto fail;
		}
	}
	line = ini_line(ini, "letter", NULL) != 0 ? ini_line(ini, "letter", NULL) : 1;
	if ((key = ini_unknown_key(ini, "letter", letterdef_letter_keys)) != NULL) {
		snprintf(err, errlen, _("%s:%d: key \"%s\": unknown key"), path,
		    ini_line(ini, "letter", key), key);
		goto fail;
	}
	if ((v = ini_get(ini, "letter", "name_zh")) == NULL || *v == '\0') {
		snprintf(err, errlen, _("%s:%d: [letter]: name_zh is missing"), path, line);
		goto fail;
	}
	def->name_zh = xstrdup(v);
	if ((v = ini_get(ini, "letter", "name_en")) == NULL || *v == '\0') {
		snprintf(err, errlen, _("%s:%d: [letter]: name_en is missing"), path, line);
		goto fail;
	}
	def->name_en = xstrdup(v);
	if (!zh || !en) {
		snprintf(err, errlen, _("%s: the letter has no [%s] body; it needs both [zh] and "
		    "[en]"), path, zh ? "en" : "zh");
		goto fail;
	}
	ini_free(ini);
	return def;
fail:
	ini_free(ini);
fail_noini:
	letterdef_free(def);
	return NULL;
}
