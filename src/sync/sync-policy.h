/*
 * The pure rules of the sync client, kept apart from the transfers so the
 * unit tests can check them: how long to wait before a retry, which
 * failures are worth a retry, and which server addresses are allowed.
 */
#ifndef JOBDESK_SYNC_POLICY_H
#define JOBDESK_SYNC_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <curl/curl.h>

#define SYNC_BACKOFF_FIRST_MS	1000L		/* the first retry waits about this */
#define SYNC_BACKOFF_MAX_MS	300000L		/* 5 minutes */
#define SYNC_RETRY_AFTER_MAX_S	3600L		/* a Retry-After is honoured up to an hour */
#define SYNC_GROW_AFTER		4		/* pages in a row that pass before a shrunk size grows */
#define SYNC_ENTRIES_PER_RECORD	20		/* identity index entries that weigh a whole record */

/*
 * Milliseconds to wait before retry number attempt + 1 (attempt 0 is the
 * first failure): 1 s, 2 s, 4 s ... capped at 5 minutes, each spread by
 * +-50 % with rnd (a random 32-bit number), so that the terminals of a
 * district that lost the server at the same moment do not come back in
 * step. A Retry-After of the server (seconds, 0 when none) is a floor,
 * itself capped at SYNC_RETRY_AFTER_MAX_S.
 */
long	sync_backoff_ms(unsigned attempt, long retry_after_s, uint32_t rnd);
/* Whether a transfer that ended with this code may succeed when tried again. */
int	sync_curl_retryable(CURLcode);
/*
 * Whether a transfer that ended with this code broke off in the middle:
 * the connection was cut, reset, or ended before the answer did. Over a
 * link that does this, a smaller page has a better chance.
 */
int	sync_curl_cut(CURLcode);
/*
 * Page sizes over a poor link: a page lost to the link (a cut, a stall) is
 * asked for again at half the size, never below floor...
 */
long	sync_page_shrink(long limit, long floor);
/*
 * ... and after `passed` pages in a row went through, the size doubles at
 * every SYNC_GROW_AFTER of them, never beyond cap (the configured
 * page_size, or less once the server refused a page as too large).
 */
long	sync_page_grow(long limit, long cap, unsigned passed);
/*
 * The records to ask for in a pull page: limit records, an entry of a
 * scoped terminal's identity index counting as a twentieth of one
 * (SYNC_ENTRIES_PER_RECORD: a compact entry, as terminals ask for them,
 * is about a twentieth of a whole job seeker on the wire, uncompressed;
 * it was a fifth as an object), judging by the last page (n records, of
 * which entries were identity index entries); never fewer than limit,
 * never more than max. Each page costs the server and the terminal a
 * fixed share besides its records: a street's first sync, mostly
 * entries, spent much of its time on it in pages of 1,000. A page of
 * entries so carries about the bytes of a page of whole records, which a
 * cut loses at most.
 */
long	sync_page_by_weight(long limit, size_t n, size_t entries, long max);
/* Whether the server could not verify, or we could not verify the server (never retried). */
int	sync_curl_tls_failure(CURLcode);
/* Whether an HTTP status says "try again later" (408, 429, 502, 503, 504). */
int	sync_http_retryable(long status);
/*
 * Check a server address: https:// (http:// too when allow_http), a host,
 * no user name or password, no query or fragment. 0, or -1 with a message
 * for people in err.
 */
int	sync_url_check(const char *url, int allow_http, char *err, size_t errlen);
/* The address of an API path ("/v1/push") under a server address (new string, caller frees). */
char	*sync_url_join(const char *base, const char *path);

#endif
