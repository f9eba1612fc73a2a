/*
 * Unit tests for src/common/gzip.c, the compressed bodies of sync: what is
 * compressed decodes to the same bytes however it arrives, in gzip or in
 * zlib form (HTTP's "deflate"); a stream that would decode past the limit
 * stops at the limit (a small body that inflates to 100 MiB costs no more
 * than the limit); a stream cut short is not taken as whole; garbage, a
 * broken checksum and bytes after the end are refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "common/buf.h"
#include "common/gzip.h"

/* A pull page's kind of text: JSON records that repeat their keys. */
static char *
gzip_test_text(size_t *lenp)
{
	struct buf b = BUF_INIT;
	int i;

	buf_adds(&b, "{\"v\":1,\"records\":[");
	for (i = 0; i < 500; i++)
		buf_addf(&b, "%s{\"tbl\":\"seeker\",\"id\":\"0192f7a4-%04d\",\"fields\":{\"name\":"
		    "\"测试%d号\",\"phone\":\"1380000%04d\"}}", i > 0 ? "," : "", i, i, i);
	buf_adds(&b, "]}");
	*lenp = b.len;
	return buf_detach(&b);
}

/* Decode all of z in pieces of `step` bytes into out within limit; the last result. */
static enum gunzip_result
gzip_test_decode(const char *z, size_t zlen, size_t step, struct buf *out, size_t limit)
{
	struct gunzip *g = gunzip_new(out, limit);
	enum gunzip_result r = GUNZIP_MORE;
	size_t off;

	for (off = 0; off < zlen; off += step)
		r = gunzip_feed(g, z + off, zlen - off < step ? zlen - off : step);
	assert_int_equal(gunzip_result(g), r);
	gunzip_free(g);
	return r;
}

/* Compressed, it is smaller, and decodes to the same bytes whole or a byte at a time. */
static void
test_round_trip(void **state)
{
	struct buf out = BUF_INIT;
	size_t len, zlen, steps[] = { 1, 7, 4096, SIZE_MAX / 2 }, i;
	char *text = gzip_test_text(&len);
	char *z = gzip_compress(text, len, GZIP_DEFAULT, &zlen);

	(void)state;
	assert_non_null(z);
	assert_true(zlen < len / 4);
	/* A gzip header: 1f 8b, deflate. */
	assert_int_equal((unsigned char)z[0], 0x1f);
	assert_int_equal((unsigned char)z[1], 0x8b);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		buf_reset(&out);
		assert_int_equal(gzip_test_decode(z, zlen, steps[i], &out, len), GUNZIP_DONE);
		assert_int_equal(out.len, len);
		assert_memory_equal(out.data, text, len);
	}
	free(z);
	/* The fastest level decodes the same. */
	z = gzip_compress(text, len, GZIP_FAST, &zlen);
	assert_non_null(z);
	buf_reset(&out);
	assert_int_equal(gzip_test_decode(z, zlen, 100, &out, len), GUNZIP_DONE);
	assert_memory_equal(out.data, text, len);
	free(z);
	buf_free(&out);
	free(text);
}

/* An empty body compresses and decodes to nothing, whole. */
static void
test_empty(void **state)
{
	struct buf out = BUF_INIT;
	size_t zlen;
	char *z = gzip_compress("", 0, GZIP_DEFAULT, &zlen);
	struct gunzip *g;

	(void)state;
	assert_non_null(z);
	assert_int_equal(gzip_test_decode(z, zlen, zlen, &out, 0), GUNZIP_DONE);
	assert_int_equal(out.len, 0);
	free(z);
	/* No bytes at all is no stream yet. */
	g = gunzip_new(&out, 100);
	assert_int_equal(gunzip_feed(g, "", 0), GUNZIP_MORE);
	assert_int_equal(gunzip_result(g), GUNZIP_MORE);
	gunzip_free(g);
	buf_free(&out);
}

/* HTTP's "deflate" is the zlib format: it decodes too. */
static void
test_zlib_form(void **state)
{
	struct buf out = BUF_INIT;
	size_t len;
	char *text = gzip_test_text(&len);
	uLongf zlen = compressBound((uLong)len);
	unsigned char *z = malloc(zlen);

	(void)state;
	assert_non_null(z);
	assert_int_equal(compress2(z, &zlen, (const Bytef *)text, (uLong)len, 6), Z_OK);
	assert_int_equal(gzip_test_decode((const char *)z, zlen, 333, &out, len), GUNZIP_DONE);
	assert_memory_equal(out.data, text, len);
	free(z);
	buf_free(&out);
	free(text);
}

/* The limit is a number of decoded bytes: exactly it passes, one more does not. */
static void
test_limit_exact(void **state)
{
	struct buf out = BUF_INIT;
	size_t len, zlen;
	char *text = gzip_test_text(&len);
	char *z = gzip_compress(text, len, GZIP_DEFAULT, &zlen);

	(void)state;
	assert_int_equal(gzip_test_decode(z, zlen, zlen, &out, len), GUNZIP_DONE);
	buf_reset(&out);
	assert_int_equal(gzip_test_decode(z, zlen, zlen, &out, len - 1), GUNZIP_TOO_BIG);
	assert_true(out.len <= len - 1);
	buf_reset(&out);
	assert_int_equal(gzip_test_decode(z, zlen, 1, &out, len - 1), GUNZIP_TOO_BIG);
	assert_true(out.len <= len - 1);
	free(z);
	buf_free(&out);
	free(text);
}

/*
 * A bomb: 100 MiB of zeros, some 100 KiB compressed, against a limit of
 * 1 MiB: refused, never holding more than the limit, and every later
 * piece is refused without decoding.
 */
static void
test_bomb(void **state)
{
	static char zeros[1 << 20];
	struct buf z = BUF_INIT, out = BUF_INIT;
	unsigned char chunk[65536];
	struct gunzip *g;
	z_stream s;
	int i, flush;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	for (i = 0; i < 100; i++) {
		s.next_in = (Bytef *)zeros;
		s.avail_in = sizeof zeros;
		flush = i == 99 ? Z_FINISH : Z_NO_FLUSH;
		do {
			s.next_out = chunk;
			s.avail_out = sizeof chunk;
			deflate(&s, flush);
			buf_add(&z, chunk, sizeof chunk - s.avail_out);
		} while (s.avail_out == 0);
	}
	deflateEnd(&s);
	assert_true(z.len < 200 * 1024);
	g = gunzip_new(&out, 1 << 20);
	assert_int_equal(gunzip_feed(g, z.data, z.len), GUNZIP_TOO_BIG);
	assert_true(out.len <= 1 << 20);
	assert_int_equal(gunzip_feed(g, z.data, 10), GUNZIP_TOO_BIG);
	assert_int_equal(gunzip_result(g), GUNZIP_TOO_BIG);
	gunzip_free(g);
	buf_free(&out);
	buf_free(&z);
}

/* A stream cut short is not whole, however much of it came. */
static void
test_truncated(void **state)
{
	struct buf out = BUF_INIT;
	size_t len, zlen, cut;
	char *text = gzip_test_text(&len);
	char *z = gzip_compress(text, len, GZIP_DEFAULT, &zlen);

	(void)state;
	/* Without its trailer's last byte, halfway, or just its header. */
	for (cut = 1; cut <= zlen; cut = cut < 8 ? cut + 1 : cut * 2) {
		buf_reset(&out);
		assert_int_equal(gzip_test_decode(z, zlen - cut, 64, &out, len), GUNZIP_MORE);
	}
	free(z);
	buf_free(&out);
	free(text);
}

/* Not gzip, a broken checksum, bytes after the end, bytes fed after the end: refused. */
static void
test_bad(void **state)
{
	struct buf out = BUF_INIT;
	size_t len, zlen;
	char *text = gzip_test_text(&len);
	char *z = gzip_compress(text, len, GZIP_DEFAULT, &zlen), *longer;
	struct gunzip *g;

	(void)state;
	assert_int_equal(gzip_test_decode("{\"v\":1}", 7, 7, &out, 100), GUNZIP_BAD);
	buf_reset(&out);
	/* The CRC-32 of the trailer, changed. */
	z[zlen - 6] ^= 0x55;
	assert_int_equal(gzip_test_decode(z, zlen, zlen, &out, len), GUNZIP_BAD);
	z[zlen - 6] ^= 0x55;
	/* A byte after the end, in the same piece or the next. */
	longer = malloc(zlen + 1);
	assert_non_null(longer);
	memcpy(longer, z, zlen);
	longer[zlen] = 'x';
	buf_reset(&out);
	assert_int_equal(gzip_test_decode(longer, zlen + 1, zlen + 1, &out, len), GUNZIP_BAD);
	buf_reset(&out);
	g = gunzip_new(&out, len);
	assert_int_equal(gunzip_feed(g, z, zlen), GUNZIP_DONE);
	assert_int_equal(gunzip_feed(g, "", 0), GUNZIP_DONE);
	assert_int_equal(gunzip_feed(g, "x", 1), GUNZIP_BAD);
	assert_int_equal(gunzip_feed(g, "", 0), GUNZIP_BAD);
	gunzip_free(g);
	free(longer);
	free(z);
	buf_free(&out);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_zlib_form),
		cmocka_unit_test(test_limit_exact),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
