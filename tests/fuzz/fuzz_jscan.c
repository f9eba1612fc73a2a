/*
 * The pull-page scanner (src/wire/jscan.h) against jansson, the parser of
 * every other message: both must accept the same texts (jansson with
 * JSON_DECODE_ANY), and a text walked token by token with jscan must build
 * the very tree jansson builds. jscan_skip accepting must mean it took one
 * whole value: the bytes it took are one value again, on their own. Known
 * differences, where jscan is the strict one: a real number beyond double
 * (jscan does not evaluate reals), and a NUL byte right after a number or
 * a literal, which jansson drops (akheron/jansson#331): jscan refuses every
 * text with a NUL byte.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "wire/jscan.h"

#define JSCAN_FUZZ_MAX	(256 * 1024)

/* The value at the scanner as a jansson tree, walked with jscan's calls; NULL if refused. */
static json_t *
jscan_fuzz_walk(struct jscan *js, unsigned depth)
{
	json_t *v = NULL, *item;
	char *s, *start;
	size_t n = 0, len;
	long long i;
	int b, r;

	if (depth > JSCAN_MAX_DEPTH)
		return NULL;
	switch (jscan_peek(js)) {
	case JSCAN_BAD:
		return NULL;
	case JSCAN_OBJECT:
		v = json_object();
		while ((r = jscan_member(js, &n, &s, &len)) == 1) {
			FUZZ_CHECK(strlen(s) == len, "a key of %zu bytes holds a NUL", len);
			if ((item = jscan_fuzz_walk(js, depth + 1)) == NULL)
				goto fail;
			json_object_set_new(v, s, item);
		}
		if (r < 0)
			goto fail;
		return v;
	case JSCAN_ARRAY:
		v = json_array();
		while ((r = jscan_element(js, &n)) == 1) {
			if ((item = jscan_fuzz_walk(js, depth + 1)) == NULL)
				goto fail;
			json_array_append_new(v, item);
		}
		if (r < 0)
			goto fail;
		return v;
	case JSCAN_STRING:
		if (jscan_string(js, &s, &len) != 0)
			return NULL;
		FUZZ_CHECK(strlen(s) == len, "a string of %zu bytes holds a NUL", len);
		FUZZ_CHECK(fuzz_utf8(s, len), "a decoded string is not UTF-8");
		return json_stringn(s, len);
	case JSCAN_NUMBER:
		start = js->p;
		if ((r = jscan_integer(js, &i)) < 0)
			return NULL;
		if (r == 0)
			return json_integer(i);
		/* Not an integer: jansson reads the same bytes as a real, or refuses them. */
		return json_loadb(start, (size_t)(js->p - start), JSON_DECODE_ANY, NULL);
	case JSCAN_BOOL:
		if (jscan_bool(js, &b) != 0)
			return NULL;
		return json_boolean(b);
	case JSCAN_NULL:
		if (jscan_skip(js) != 0)
			return NULL;
		return json_null();
	}
fail:
	json_decref(v);
	return NULL;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jscan js;
	json_error_t je;
	json_t *root, *walked;
	char *text, *again;
	size_t took = 0;
	int skip, whole, depth_limit, has_nul;

	if (size > JSCAN_FUZZ_MAX)
		return 0;
	root = json_loadb((const char *)data, size, JSON_DECODE_ANY, &je);
	depth_limit = root == NULL && strstr(je.text, "maximum parsing depth") != NULL;

	/* jscan_skip, then the end: one value and nothing after it. */
	text = fuzz_strndup(data, size);
	jscan_init(&js, text, size);
	skip = jscan_skip(&js);
	if (skip == 0)
		took = jscan_pos(&js);
	whole = skip == 0 && jscan_end(&js) == 0;
	FUZZ_CHECK(whole || js.err[0] != '\0', "refused without a reason");
	FUZZ_CHECK(js.errpos <= size, "error at byte %zu of %zu", js.errpos, size);
	free(text);

	if (skip == 0) {
		/* What skip took is one value on its own. */
		again = fuzz_strndup(data, took);
		jscan_init(&js, again, took);
		FUZZ_CHECK(jscan_skip(&js) == 0 && jscan_end(&js) == 0,
		    "the %zu bytes skip took are not one value: %s", took, js.err);
		free(again);
	}

	has_nul = size > 0 && memchr(data, '\0', size) != NULL;
	FUZZ_CHECK(!(whole && has_nul), "jscan accepts a text with a NUL byte");
	if (!depth_limit && !(whole && root == NULL && strstr(je.text, "real number overflow")) &&
	    !(has_nul && root != NULL))
		FUZZ_CHECK(whole == (root != NULL), "jscan %s, jansson %s (%s)",
		    whole ? "accepts" : "refuses", root != NULL ? "accepts" : "refuses",
		    root != NULL ? "" : je.text);

	if (root != NULL && whole) {
		/* Token by token, jscan builds jansson's tree. */
		text = fuzz_strndup(data, size);
		jscan_init(&js, text, size);
		walked = jscan_fuzz_walk(&js, 0);
		FUZZ_CHECK(walked != NULL && jscan_end(&js) == 0, "the walk failed: %s", js.err);
		FUZZ_CHECK(json_equal(walked, root), "the walk built another tree");
		json_decref(walked);
		free(text);
	}
	json_decref(root);
	return 0;
}
