/*
 * The INI reader (src/common/ini.h, over iniparser) and the table-driven
 * configuration on top of it (src/common/config.h, with jobdeskd.ini's
 * table). Properties of a file ini_load accepts: sections and keys are
 * lower case without surrounding blanks, none twice, each on a line of the
 * file, in file order; iniparser holds a value for every key the scan
 * indexed. Of a file config_load accepts: every value has its key's type
 * and bounds. A refused file says why, naming the file.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/config.h"
#include "common/ini.h"
#include "fuzz.h"
#include "server/server-config.h"

#define INI_FUZZ_MAX	(64 * 1024)

static char ini_fuzz_path[512];

/* Whether s is lower case and has no blank at either end. */
static int
ini_fuzz_canonical(const char *s)
{
	size_t n = strlen(s), i;

	if (n > 0 && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1])))
		return 0;
	for (i = 0; i < n; i++)
		if (isupper((unsigned char)s[i]))
			return 0;
	return 1;
}

static void
ini_fuzz_check(const struct ini *ini, size_t lines)
{
	size_t s, t, k, j, nsec = ini_nsections(ini);
	int prev = 0;

	for (s = 0; s < nsec; s++) {
		const char *sec = ini_section(ini, s);
		int line = ini_section_line(ini, s);

		FUZZ_CHECK(sec != NULL && ini_fuzz_canonical(sec), "section %zu \"%s\"", s,
		    sec != NULL ? sec : "(null)");
		FUZZ_CHECK(line > prev && (size_t)line <= lines, "section [%s] on line %d after %d",
		    sec, line, prev);
		prev = line;
		for (t = 0; t < s; t++)
			FUZZ_CHECK(strcmp(ini_section(ini, t), sec) != 0, "section [%s] twice", sec);
		for (k = 0; k < ini_nkeys(ini, sec); k++) {
			const char *key = ini_key(ini, sec, k);

			FUZZ_CHECK(key != NULL && *key != '\0' && ini_fuzz_canonical(key),
			    "key %zu of [%s]", k, sec);
			FUZZ_CHECK(ini_line(ini, sec, key) > line &&
			    (size_t)ini_line(ini, sec, key) <= lines, "[%s] %s on line %d", sec, key,
			    ini_line(ini, sec, key));
			for (j = 0; j < k; j++)
				FUZZ_CHECK(strcmp(ini_key(ini, sec, j), key) != 0, "[%s] %s twice",
				    sec, key);
			FUZZ_CHECK(ini_get(ini, sec, key) != NULL || strlen(sec) + strlen(key) >= 511,
			    "iniparser holds no value for [%s] %s", sec, key);
		}
	}
}

/* Every value of an accepted configuration has its key's type and bounds. */
static void
ini_fuzz_config(void)
{
	struct config *cfg = config_new(server_config_keys, server_nconfig_keys);
	char err[1024], *end;
	size_t i;
	long n;

	if (config_load(cfg, ini_fuzz_path, 1, err, sizeof err) != 0) {
		FUZZ_CHECK(strstr(err, ini_fuzz_path) != NULL, "a refusal without the file: %s", err);
		config_free(cfg);
		return;
	}
	for (i = 0; i < server_nconfig_keys; i++) {
		const struct config_key *k = &server_config_keys[i];
		const char *v = config_str(cfg, k->section, k->name);

		switch (k->type) {
		case CONFIG_INT:
			n = strtol(v, &end, 10);
			FUZZ_CHECK(*v != '\0' && *end == '\0' && n >= k->min && n <= k->max &&
			    config_int(cfg, k->section, k->name) == n, "[%s] %s = \"%s\"",
			    k->section, k->name, v);
			break;
		case CONFIG_BOOL:
			FUZZ_CHECK(strchr("yYnNtTfFoO01", *v) != NULL && *v != '\0',
			    "[%s] %s = \"%s\"", k->section, k->name, v);
			break;
		case CONFIG_PATH:
			FUZZ_CHECK(*v != '\0', "[%s] %s is empty", k->section, k->name);
			break;
		default:
			break;
		}
	}
	config_free(cfg);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(ini_fuzz_path, sizeof ini_fuzz_path, "%s/fuzz.ini", fuzz_dir());
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ini *ini;
	char err[1024];
	size_t i, lines = 1;

	if (size > INI_FUZZ_MAX)
		return 0;
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	fuzz_write_file(ini_fuzz_path, data, size);
	if ((ini = ini_load(ini_fuzz_path, err, sizeof err)) == NULL)
		FUZZ_CHECK(strstr(err, ini_fuzz_path) != NULL, "a refusal without the file: %s", err);
	else {
		ini_fuzz_check(ini, lines);
		ini_free(ini);
	}
	ini_fuzz_config();
	return 0;
}
