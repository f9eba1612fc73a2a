/* Ordered key/value text sets. */
#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "common/xalloc.h"

/* Start an empty set. */
void
fields_init(struct fields *f)
{
	f->n = f->cap = 0;
	f->keys = f->values = NULL;
}

/* Free a set's contents. */
void
fields_free(struct fields *f)
{
	size_t i;

	/* Values may be passwords: wipe them before they go back to the heap. */
	for (i = 0; i < f->n; i++) {
		free(f->keys[i]);
		explicit_bzero(f->values[i], strlen(f->values[i]));
		free(f->values[i]);
	}
	free(f->keys);
	free(f->values);
	fields_init(f);
}

/* The index of key in the set, or -1 if it is not there. */
static long
fields_index(const struct fields *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->keys[i], key) == 0)
			return (long)i;
	return -1;
}

/* Set, replace or (with NULL) remove a value. */
void
fields_set(struct fields *f, const char *key, const char *value)
{
	long i = fields_index(f, key);

	if (i >= 0) {
		explicit_bzero(f->values[i], strlen(f->values[i]));
		free(f->values[i]);
		if (value != NULL) {
			f->values[i] = xstrdup(value);
			return;
		}
		free(f->keys[i]);
		memmove(f->keys + i, f->keys + i + 1, (f->n - (size_t)i - 1) * sizeof *f->keys);
		memmove(f->values + i, f->values + i + 1, (f->n - (size_t)i - 1) * sizeof *f->values);
		f->n--;
		return;
	}
	if (value != NULL)
		fields_append(f, key, value);
}

/*
 * Add a key the set does not hold, without looking for it. The arrays
 * grow by doubling, from 8, so that a set built key by key is not copied
 * per key; a set whose arrays were sized elsewhere (wire/: cap 0) grows
 * from its n.
 */
void
fields_append(struct fields *f, const char *key, const char *value)
{
	if (f->n + 1 > f->cap) {
		f->cap = f->n < 4 ? 8 : 2 * f->n;
		f->keys = xreallocarray(f->keys, f->cap, sizeof *f->keys);
		f->values = xreallocarray(f->values, f->cap, sizeof *f->values);
	}
	f->keys[f->n] = xstrdup(key);
	f->values[f->n] = xstrdup(value);
	f->n++;
}

/* A value, or NULL. */
const char *
fields_get(const struct fields *f, const char *key)
{
	long i = fields_index(f, key);

	return i >= 0 ? f->values[i] : NULL;
}

/* A value, or "". */
const char *
fields_str(const struct fields *f, const char *key)
{
	const char *v = fields_get(f, key);

	return v != NULL ? v : "";
}

/* Replace dst with a copy of src. */
void
fields_copy(struct fields *dst, const struct fields *src)
{
	size_t i;

	fields_free(dst);
	/* A set holds each key once: no need to look for it. */
	for (i = 0; i < src->n; i++)
		fields_append(dst, src->keys[i], src->values[i]);
}

void
fields_merge(struct fields *dst, const struct fields *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		fields_set(dst, src->keys[i], src->values[i]);
}
