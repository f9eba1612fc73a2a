/*
 * gzip bodies over zlib: see gzip.h. The decoder works in a chunk of its
 * own and copies to the caller's buffer only what keeps it under the
 * limit, so a bomb is stopped within one chunk of the limit's memory.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "common/buf.h"
#include "common/gzip.h"
#include "common/xalloc.h"

#define GUNZIP_CHUNK	16384	/* bytes decoded at a time */

struct gunzip {
	z_stream		 z;
	struct buf		*out;
	size_t			 limit;
	enum gunzip_result	 state;
};

/* Compress all of in with a gzip header and trailer in one deflate call. */
char *
gzip_compress(const void *in, size_t len, int level, size_t *outlen)
{
	z_stream z;
	uLong cap;
	char *out;
	int rc;

	if (len > UINT_MAX)
		return NULL;
	memset(&z, 0, sizeof z);
	/* 15 + 16: the largest window, written with a gzip header and trailer. */
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	cap = deflateBound(&z, (uLong)len);
	out = xmalloc(cap);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	rc = deflate(&z, Z_FINISH);
	*outlen = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	return out;
}

/* A decoder of a gzip or zlib stream into out, within limit. */
struct gunzip *
gunzip_new(struct buf *out, size_t limit)
{
	struct gunzip *g = xcalloc(1, sizeof *g);

	g->out = out;
	g->limit = limit;
	g->state = GUNZIP_MORE;
	/* 15 + 32: the largest window, and a gzip or a zlib header, whichever comes. */
	if (inflateInit2(&g->z, 15 + 32) != Z_OK)
		fatalx("out of memory");
	return g;
}

/* Let the decoder go; its output stays in the caller's buffer. */
void
gunzip_free(struct gunzip *g)
{
	if (g == NULL)
		return;
	inflateEnd(&g->z);
	free(g);
}

/* Decode one slice of at most UINT_MAX bytes. */
static enum gunzip_result
gunzip_slice(struct gunzip *g, const unsigned char *in, uInt n)
{
	unsigned char chunk[GUNZIP_CHUNK];
	size_t made;
	int rc;

	if (g->out->len > g->limit)
		return GUNZIP_TOO_BIG;
	g->z.next_in = (Bytef *)(uintptr_t)in;
	g->z.avail_in = n;
	do {
		g->z.next_out = chunk;
		g->z.avail_out = sizeof chunk;
		rc = inflate(&g->z, Z_NO_FLUSH);
		made = sizeof chunk - g->z.avail_out;
		if (made > g->limit - g->out->len) {
			buf_add(g->out, chunk, g->limit - g->out->len);
			return GUNZIP_TOO_BIG;
		}
		buf_add(g->out, chunk, made);
		if (rc == Z_STREAM_END)
			/* A second member or anything else after the end is not taken. */
			return g->z.avail_in == 0 ? GUNZIP_DONE : GUNZIP_BAD;
		if (rc == Z_BUF_ERROR && g->z.avail_in == 0)
			return GUNZIP_MORE;	/* everything given was decoded */
		if (rc != Z_OK)
			return GUNZIP_BAD;	/* Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR */
	} while (g->z.avail_in > 0 || g->z.avail_out == 0);
	return GUNZIP_MORE;
}

/* Feed the stream's next bytes; see gzip.h. */
enum gunzip_result
gunzip_feed(struct gunzip *g, const void *in, size_t n)
{
	const unsigned char *p = in;

	if (g->state == GUNZIP_TOO_BIG || g->state == GUNZIP_BAD)
		return g->state;
	if (g->state == GUNZIP_DONE) {
		if (n > 0)
			g->state = GUNZIP_BAD;
		return g->state;
	}
	while (n > 0) {
		uInt slice = n > UINT_MAX ? UINT_MAX : (uInt)n;

		g->state = gunzip_slice(g, p, slice);
		p += slice;
		n -= slice;
		if (g->state == GUNZIP_DONE && n > 0)
			g->state = GUNZIP_BAD;
		if (g->state != GUNZIP_MORE)
			break;
	}
	return g->state;
}

/* The state after everything fed so far. */
enum gunzip_result
gunzip_result(const struct gunzip *g)
{
	return g->state;
}
