/*
 * Retry timing, failure classes and the address policy of the sync
 * client: no I/O here, so tests/unit/test_sync_policy.c can check them.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "sync/sync-policy.h"

/* Exponential backoff with jitter, and Retry-After as a floor. */
long
sync_backoff_ms(unsigned attempt, long retry_after_s, uint32_t rnd)
{
	long base = SYNC_BACKOFF_FIRST_MS, delay;

	while (attempt-- > 0 && base < SYNC_BACKOFF_MAX_MS)
		base *= 2;
	if (base > SYNC_BACKOFF_MAX_MS)
		base = SYNC_BACKOFF_MAX_MS;
	/* Uniform in [base / 2, base * 3 / 2]: +-50 %. */
	delay = base / 2 + (long)(rnd % (uint32_t)(base + 1));
	if (delay > SYNC_BACKOFF_MAX_MS)
		delay = SYNC_BACKOFF_MAX_MS;
	if (retry_after_s > 0) {
		if (retry_after_s > SYNC_RETRY_AFTER_MAX_S)
			retry_after_s = SYNC_RETRY_AFTER_MAX_S;
		if (retry_after_s * 1000 > delay)
			delay = retry_after_s * 1000;
	}
	return delay;
}

/*
 * The network failed on the way (no route, a reset, a stall, an empty
 * answer): another try may go through. A bad certificate, a refused
 * protocol or our own write error will not change by itself.
 */
int
sync_curl_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/* The connection broke under the transfer, as a weak mobile link's does. */
int
sync_curl_cut(CURLcode rc)
{
	switch (rc) {
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return 1;
	default:
		return 0;
	}
}

/* Half the page, down to the floor (a floor above the size leaves it). */
long
sync_page_shrink(long limit, long floor)
{
	if (limit <= floor)
		return limit;
	return limit / 2 < floor ? floor : limit / 2;
}

/* A pull page's records, the last page's identity index entries weighing a twentieth, limit..max. */
long
sync_page_by_weight(long limit, size_t n, size_t entries, long max)
{
	size_t weight, want;

	if (limit >= max)
		return max;
	if (n == 0 || entries == 0 || entries > n || limit <= 0)
		return limit;
	/* The page's weight in whole records, times SYNC_ENTRIES_PER_RECORD. */
	weight = (n - entries) * SYNC_ENTRIES_PER_RECORD + entries;
	want = (size_t)limit * n * SYNC_ENTRIES_PER_RECORD / weight;
	return want >= (size_t)max ? max : (long)want;
}

/* Double a shrunk page at every SYNC_GROW_AFTER passes in a row, up to cap. */
long
sync_page_grow(long limit, long cap, unsigned passed)
{
	if (limit >= cap)
		return cap;
	if (passed == 0 || passed % SYNC_GROW_AFTER != 0)
		return limit;
	return limit > cap / 2 ? cap : limit * 2;
}

/* Certificate and key problems: they need a person, not another try. */
int
sync_curl_tls_failure(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return 1;
	default:
		return 0;
	}
}

/* Statuses that mean "not now" rather than "not this". */
int
sync_http_retryable(long status)
{
	return status == 408 || status == 429 || status == 502 || status == 503 ||
	    status == 504;
}

/* Check one part of a parsed address is absent. */
static int
sync_url_lacks(CURLU *u, CURLUPart part)
{
	char *v = NULL;
	CURLUcode rc = curl_url_get(u, part, &v, 0);
	int absent = rc != CURLUE_OK || v == NULL || *v == '\0';

	curl_free(v);
	return absent;
}

/* The address policy: https only unless plain http is allowed by configuration. */
int
sync_url_check(const char *url, int allow_http, char *err, size_t errlen)
{
	CURLU *u;
	char *scheme = NULL;
	int rc = -1;

	if (url == NULL || *url == '\0') {
		snprintf(err, errlen, _("no server address: enroll the terminal or set url in "
		    "[sync] of jobdesk.ini"));
		return -1;
	}
	if ((u = curl_url()) == NULL)
		fatalx("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    sync_url_lacks(u, CURLUPART_HOST)) {
		snprintf(err, errlen, _("\"%s\" is not a server address such as "
		    "https://jobs.example.cn"), url);
		goto out;
	}
	if (strcasecmp(scheme, "http") == 0 && !allow_http) {
		snprintf(err, errlen, _("\"%s\" is plain http, which would send the terminal's "
		    "token and personal data unencrypted: use https://, or set allow_http = yes "
		    "in [sync] of jobdesk.ini for a test on this machine"), url);
		goto out;
	}
	if (strcasecmp(scheme, "https") != 0 && strcasecmp(scheme, "http") != 0) {
		snprintf(err, errlen, _("\"%s\": the server address must start with https://"),
		    url);
		goto out;
	}
	if (!sync_url_lacks(u, CURLUPART_USER) || !sync_url_lacks(u, CURLUPART_PASSWORD)) {
		snprintf(err, errlen, _("\"%s\": a server address must not hold a user name or "
		    "password"), url);
		goto out;
	}
	if (!sync_url_lacks(u, CURLUPART_QUERY) || !sync_url_lacks(u, CURLUPART_FRAGMENT)) {
		snprintf(err, errlen, _("\"%s\": a server address ends with the host or a folder, "
		    "without \"?\" or \"#\""), url);
		goto out;
	}
	rc = 0;
out:
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

/* base without its trailing slashes, then path. */
char *
sync_url_join(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n > 0 && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s", (int)n, base, path);
}
