/*
 * HTTP bodies in gzip (RFC 1952), with zlib: a whole body compressed at
 * once, and a body decoded piece by piece as it arrives, never to more
 * than a limit, so that a small body that would decode to gigabytes (a
 * "zip bomb") costs no more memory than an honest one. The decoder also
 * reads the zlib format (RFC 1950), which is what HTTP's "deflate"
 * coding means.
 */
#ifndef JOBDESK_GZIP_H
#define JOBDESK_GZIP_H

#include <stddef.h>

struct buf;

#define GZIP_FAST	1	/* zlib's fastest level */
#define GZIP_DEFAULT	6	/* zlib's default level */

/*
 * The gzip form of len bytes at in, at a zlib level (GZIP_FAST ..
 * 9): a new buffer the caller frees, its length in *outlen; NULL when
 * zlib fails (out of memory inside zlib, an input over 4 GiB).
 */
char	*gzip_compress(const void *in, size_t len, int level, size_t *outlen);

enum gunzip_result {
	GUNZIP_MORE,		/* good so far; the stream has not ended */
	GUNZIP_DONE,		/* the stream ended, whole and checked */
	GUNZIP_TOO_BIG,		/* it decodes to more than the limit */
	GUNZIP_BAD,		/* not gzip or zlib data, or bytes after its end */
};

struct gunzip;

/*
 * A decoder that appends what it decodes to out (the caller's buffer),
 * never taking out past limit bytes in all. Free with gunzip_free; out
 * stays the caller's.
 */
struct gunzip	*gunzip_new(struct buf *out, size_t limit);
void		 gunzip_free(struct gunzip *);
/*
 * Decode the next n bytes of the stream. Once TOO_BIG or BAD, every later
 * call says so again without decoding; bytes after the end of the stream
 * are BAD. On TOO_BIG out holds at most limit bytes.
 */
enum gunzip_result gunzip_feed(struct gunzip *, const void *in, size_t n);
/* Where the stream stands: DONE only when it ended whole. */
enum gunzip_result gunzip_result(const struct gunzip *);

#endif
