/*
 * Configuration files described by a table of keys (type, bounds, default,
 * help). Files are read in order, each overriding the last; an unknown
 * section or key, a bad value, or a file iniparser cannot read stops with
 * a message naming the file, the line and the key. Values are parsed here,
 * never with iniparser's typed getters.
 */
#ifndef JOBDESK_CONFIG_H
#define JOBDESK_CONFIG_H

#include <stddef.h>

enum config_type {
	CONFIG_STRING,
	CONFIG_PATH,
	CONFIG_INT,	/* decimal, within [min, max] */
	CONFIG_BOOL,	/* yes/no, true/false, on/off, 1/0 */
	CONFIG_CHOICE,	/* one of the words in choices, "|"-separated */
};

struct config_key {
	const char		*section;
	const char		*name;
	enum config_type	 type;
	const char		*def;
	long			 min, max;
	const char		*choices;
	const char		*help;
};

struct config;

/* A configuration holding the table's defaults; free with config_free(). */
struct config	*config_new(const struct config_key *, size_t);
void		 config_free(struct config *);
/* Read a file over the current values: 0, 1 if it does not exist and !must_exist, or -1 with err. */
int		 config_load(struct config *, const char *path, int must_exist, char *err, size_t errlen);
/* Set one value from the command line or a test; -1 with err if bad. */
int		 config_set(struct config *, const char *section, const char *name, const char *value,
		     char *err, size_t errlen);
/* Typed values; asking for a key not in the table is a bug. */
const char	*config_str(const struct config *, const char *section, const char *name);
long		 config_int(const struct config *, const char *section, const char *name);
int		 config_bool(const struct config *, const char *section, const char *name);
/* Where the value came from: a file name, or NULL for the default. */
const char	*config_origin(const struct config *, const char *section, const char *name);

#endif
