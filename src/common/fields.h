/*
 * An ordered set of named text values: one record as a form, a CSV row or
 * a database row sees it. Keys are the form's field keys; a missing key
 * and an empty value are different things.
 */
#ifndef JOBDESK_FIELDS_H
#define JOBDESK_FIELDS_H

#include <stddef.h>

struct fields {
	size_t	  n;
	char	**keys;
	char	**values;
	size_t	  cap;	/* room in keys and values (fields_append's); 0: exactly n */
};

#define FIELDS_INIT { 0, NULL, NULL, 0 }

void		 fields_init(struct fields *);
void		 fields_free(struct fields *);
/* Set key to a copy of value (NULL removes the key). */
void		 fields_set(struct fields *, const char *key, const char *value);
/*
 * Add key with a copy of value at the end, without looking for it: for a
 * caller that knows the set does not hold key (a set built key by key).
 */
void		 fields_append(struct fields *, const char *key, const char *value);
/* Value of key, or NULL when the key is not there. Points into the set. */
const char	*fields_get(const struct fields *, const char *key);
/* Value of key, or "" when the key is not there. */
const char	*fields_str(const struct fields *, const char *key);
/* dst becomes a copy of src. */
void		 fields_copy(struct fields *dst, const struct fields *src);
/* Set every key of src in dst (a value there is replaced, others stay). */
void		 fields_merge(struct fields *dst, const struct fields *src);

#endif
