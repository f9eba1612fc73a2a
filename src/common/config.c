/* Table-driven configuration over INI files. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/config.h"
#include "common/i18n.h"
#include "common/ini.h"
#include "common/xalloc.h"

struct config {
	const struct config_key	*keys;
	size_t			 n;
	char			**values;
	char			**origins;
};

/* A configuration with every key at its default. */
struct config *
config_new(const struct config_key *keys, size_t n)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	size_t i;

	cfg->keys = keys;
	cfg->n = n;
	cfg->values = xcalloc(n, sizeof *cfg->values);
	cfg->origins = xcalloc(n, sizeof *cfg->origins);
	for (i = 0; i < n; i++)
		cfg->values[i] = xstrdup(keys[i].def != NULL ? keys[i].def : "");
	return cfg;
}

/* Free a configuration. */
void
config_free(struct config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n; i++) {
		free(cfg->values[i]);
		free(cfg->origins[i]);
	}
	free(cfg->values);
	free(cfg->origins);
	free(cfg);
}

/* The index of a key in the table, or -1 if it is not there. */
static long
config_find(const struct config *cfg, const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n; i++)
		if (strcasecmp(cfg->keys[i].section, section) == 0 &&
		    strcasecmp(cfg->keys[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* Whether the table has any key in this section. */
static int
config_section_known(const struct config *cfg, const char *section)
{
	size_t i;

	for (i = 0; i < cfg->n; i++)
		if (strcasecmp(cfg->keys[i].section, section) == 0)
			return 1;
	return 0;
}

/* The word of choices that matches word in any case, its length in *np; NULL if none. */
static const char *
config_word_in(const char *word, const char *choices, size_t *np)
{
	size_t len = strlen(word);
	const char *p = choices;

	while (*p != '\0') {
		const char *bar = strchr(p, '|');
		size_t n = bar != NULL ? (size_t)(bar - p) : strlen(p);

		if (n == len && strncasecmp(p, word, n) == 0) {
			*np = n;
			return p;
		}
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	return NULL;
}

/*
 * A checked value as it is kept: a choice in the table's spelling, so that
 * "NO" means what "no" means to the code that compares it. Caller frees.
 */
static char *
config_value(const struct config_key *k, const char *v)
{
	const char *w;
	size_t n;

	if (k->type == CONFIG_CHOICE && (w = config_word_in(v, k->choices, &n)) != NULL)
		return xstrndup(w, n);
	return xstrdup(v);
}

/* Parse a boolean word: 1, 0, or -1 if it is none. */
static int
config_parse_bool(const char *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* Check a value against its key's type; the problem goes into why. */
static int
config_check(const struct config_key *k, const char *v, char *why, size_t whylen)
{
	char *end;
	long n;
	size_t wlen;

	switch (k->type) {
	case CONFIG_STRING:
		return 0;
	case CONFIG_PATH:
		if (*v == '\0') {
			snprintf(why, whylen, _("a file name is expected"));
			return -1;
		}
		return 0;
	case CONFIG_INT:
		errno = 0;
		n = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || errno != 0 || isspace((unsigned char)*v)) {
			snprintf(why, whylen, _("\"%s\" is not a whole number"), v);
			return -1;
		}
		if (n < k->min || n > k->max) {
			snprintf(why, whylen, _("%ld is out of range; expected %ld to %ld"),
			    n, k->min, k->max);
			return -1;
		}
		return 0;
	case CONFIG_BOOL:
		if (config_parse_bool(v) < 0) {
			snprintf(why, whylen, _("\"%s\" is not yes or no"), v);
			return -1;
		}
		return 0;
	case CONFIG_CHOICE:
		if (config_word_in(v, k->choices, &wlen) == NULL) {
			snprintf(why, whylen, _("\"%s\" is not one of %s"), v, k->choices);
			return -1;
		}
		return 0;
	}
	return -1;
}

/* Replaces a key's value and the origin it came from. */
static void
config_store(struct config *cfg, size_t i, const char *value, const char *origin)
{
	free(cfg->values[i]);
	cfg->values[i] = xstrdup(value);
	free(cfg->origins[i]);
	cfg->origins[i] = origin != NULL ? xstrdup(origin) : NULL;
}

/* Read one file over the current values. */
int
config_load(struct config *cfg, const char *path, int must_exist, char *err, size_t errlen)
{
	struct ini *ini;
	char why[256];
	size_t s, k;
	char **staged;
	int rc = -1;

	if (!must_exist && access(path, F_OK) != 0 && errno == ENOENT)
		return 1;
	if ((ini = ini_load(path, err, errlen)) == NULL)
		return -1;
	/* Check everything first so that a bad file changes nothing. */
	staged = xcalloc(cfg->n, sizeof *staged);
	for (s = 0; s < ini_nsections(ini); s++) {
		const char *sec = ini_section(ini, s);

		if (!config_section_known(cfg, sec)) {
			snprintf(err, errlen, _("%s:%d: unknown section [%s]"), path,
			    ini_section_line(ini, s), sec);
			goto out;
		}
		for (k = 0; k < ini_nkeys(ini, sec); k++) {
			const char *key = ini_key(ini, sec, k);
			const char *v = ini_get(ini, sec, key);
			long i = config_find(cfg, sec, key);

			if (i < 0) {
				snprintf(err, errlen, _("%s:%d: unknown key \"%s\" in [%s]"),
				    path, ini_line(ini, sec, key), key, sec);
				goto out;
			}
			if (v == NULL)
				v = "";
			if (config_check(&cfg->keys[i], v, why, sizeof why) != 0) {
				snprintf(err, errlen, _("%s:%d: key \"%s\" in [%s]: %s"), path,
				    ini_line(ini, sec, key), key, sec, why);
				goto out;
			}
			staged[i] = config_value(&cfg->keys[i], v);
		}
	}
	if (ini_nkeys(ini, "") > 0) {
		const char *key = ini_key(ini, "", 0);

		snprintf(err, errlen, _("%s:%d: key \"%s\" is outside any [section]"),
		    path, ini_line(ini, "", key), key);
		goto out;
	}
	for (k = 0; k < cfg->n; k++)
		if (staged[k] != NULL)
			config_store(cfg, k, staged[k], path);
	rc = 0;
out:
	for (k = 0; k < cfg->n; k++)
		free(staged[k]);
	free(staged);
	ini_free(ini);
	return rc;
}

/* Set one value, checked like a file's. */
int
config_set(struct config *cfg, const char *section, const char *name, const char *value,
    char *err, size_t errlen)
{
	long i = config_find(cfg, section, name);
	char why[256], *canon;

	if (i < 0) {
		snprintf(err, errlen, _("unknown key \"%s\" in [%s]"), name, section);
		return -1;
	}
	if (config_check(&cfg->keys[i], value, why, sizeof why) != 0) {
		snprintf(err, errlen, _("key \"%s\" in [%s]: %s"), name, section, why);
		return -1;
	}
	canon = config_value(&cfg->keys[i], value);
	config_store(cfg, (size_t)i, canon, _("command line"));
	free(canon);
	return 0;
}

/* The index of a key in the table; a key not in the table is fatal. */
static size_t
config_index(const struct config *cfg, const char *section, const char *name)
{
	long i = config_find(cfg, section, name);

	if (i < 0)
		fatalx("configuration key %s:%s is not in the table", section, name);
	return (size_t)i;
}

/* A key's value as a string. */
const char *
config_str(const struct config *cfg, const char *section, const char *name)
{
	return cfg->values[config_index(cfg, section, name)];
}

/* A key's value as a number. */
long
config_int(const struct config *cfg, const char *section, const char *name)
{
	return strtol(config_str(cfg, section, name), NULL, 10);
}

/* A key's value as a boolean. */
int
config_bool(const struct config *cfg, const char *section, const char *name)
{
	return config_parse_bool(config_str(cfg, section, name)) == 1;
}

/* Where a key's value came from, or NULL for the default. */
const char *
config_origin(const struct config *cfg, const char *section, const char *name)
{
	return cfg->origins[config_index(cfg, section, name)];
}
