/*
 * Unit tests for src/sync/sync-policy.c, the pure rules of the sync
 * client: retries wait 1 s, 2 s, 4 s ... up to 5 minutes, spread by
 * +-50 % so a district's terminals do not return in step, never less than
 * the server's Retry-After; only failures that may pass are retried; a
 * page lost to a poor link is asked for in halves and grows back after
 * pages pass again; and a server address is https unless the
 * configuration allows plain http.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sync/sync-policy.h"

#include "testlib.h"

/* The middle of the jitter range (rnd == base / 2) gives the base: 1 s, 2 s, 4 s, 8 s. */
static void
test_backoff_doubles(void **state)
{
	(void)state;
	assert_int_equal(sync_backoff_ms(0, 0, 500), 1000);
	assert_int_equal(sync_backoff_ms(1, 0, 1000), 2000);
	assert_int_equal(sync_backoff_ms(2, 0, 2000), 4000);
	assert_int_equal(sync_backoff_ms(3, 0, 4000), 8000);
}

/* Jitter stays within half the base either way, whatever the random number. */
static void
test_backoff_jitter_bounds(void **state)
{
	static const uint32_t rnds[] = { 0, 1, 499, 1000, 1001, 65535, 0x7fffffffu,
	    0xffffffffu };
	unsigned attempt;
	size_t i;

	(void)state;
	for (attempt = 0; attempt < 12; attempt++) {
		long base = 1000L << attempt;

		if (base > SYNC_BACKOFF_MAX_MS)
			base = SYNC_BACKOFF_MAX_MS;
		for (i = 0; i < sizeof rnds / sizeof rnds[0]; i++) {
			long d = sync_backoff_ms(attempt, 0, rnds[i]);

			assert_true(d >= base / 2);
			assert_true(d <= base + base / 2);
			assert_true(d <= SYNC_BACKOFF_MAX_MS);
		}
	}
	/* The lowest random number gives the shortest wait. */
	assert_int_equal(sync_backoff_ms(0, 0, 0), 500);
	assert_int_equal(sync_backoff_ms(0, 0, 1000), 1500);
	assert_int_equal(sync_backoff_ms(0, 0, 1001), 500);
}

/* However many failures, a wait never passes 5 minutes, and huge counts do not overflow. */
static void
test_backoff_cap(void **state)
{
	(void)state;
	assert_int_equal(sync_backoff_ms(9, 0, 0), SYNC_BACKOFF_MAX_MS / 2);
	assert_int_equal(sync_backoff_ms(20, 0, 0xffffffffu) <= SYNC_BACKOFF_MAX_MS, 1);
	assert_int_equal(sync_backoff_ms(1000, 0, 300000), SYNC_BACKOFF_MAX_MS);
	assert_int_equal(sync_backoff_ms(0xffffffffu, 0, 0), SYNC_BACKOFF_MAX_MS / 2);
}

/* Retry-After is a floor over the backoff, and itself capped at an hour. */
static void
test_backoff_retry_after(void **state)
{
	(void)state;
	/* The server asks for 30 s after the first failure: 30 s, not about 1 s. */
	assert_int_equal(sync_backoff_ms(0, 30, 0), 30000);
	assert_int_equal(sync_backoff_ms(0, 30, 0xffffffffu), 30000);
	/* A Retry-After shorter than the backoff changes nothing. */
	assert_int_equal(sync_backoff_ms(5, 1, 16000), 32000);
	/* Longer than the 5-minute cap of the backoff: still honoured... */
	assert_int_equal(sync_backoff_ms(0, 900, 0), 900000);
	/* ...up to an hour: a wrong header cannot silence a terminal for days. */
	assert_int_equal(sync_backoff_ms(0, 86400 * 7, 0), SYNC_RETRY_AFTER_MAX_S * 1000);
	/* None, or nonsense, is no floor. */
	assert_int_equal(sync_backoff_ms(0, 0, 500), 1000);
	assert_int_equal(sync_backoff_ms(0, -5, 500), 1000);
}

/* The network failures worth another try, and the ones that need a person. */
static void
test_curl_classes(void **state)
{
	int c;

	(void)state;
	assert_true(sync_curl_retryable(CURLE_COULDNT_RESOLVE_HOST));
	assert_true(sync_curl_retryable(CURLE_COULDNT_CONNECT));
	assert_true(sync_curl_retryable(CURLE_OPERATION_TIMEDOUT));
	assert_true(sync_curl_retryable(CURLE_SEND_ERROR));
	assert_true(sync_curl_retryable(CURLE_RECV_ERROR));
	assert_true(sync_curl_retryable(CURLE_GOT_NOTHING));
	assert_false(sync_curl_retryable(CURLE_OK));
	assert_false(sync_curl_retryable(CURLE_PEER_FAILED_VERIFICATION));
	assert_false(sync_curl_retryable(CURLE_SSL_PINNEDPUBKEYNOTMATCH));
	assert_false(sync_curl_retryable(CURLE_SSL_CACERT_BADFILE));
	assert_false(sync_curl_retryable(CURLE_UNSUPPORTED_PROTOCOL));
	assert_false(sync_curl_retryable(CURLE_WRITE_ERROR));
	assert_false(sync_curl_retryable(CURLE_URL_MALFORMAT));
	assert_true(sync_curl_tls_failure(CURLE_PEER_FAILED_VERIFICATION));
	assert_true(sync_curl_tls_failure(CURLE_SSL_PINNEDPUBKEYNOTMATCH));
	assert_false(sync_curl_tls_failure(CURLE_COULDNT_CONNECT));
	/* Nothing is both. */
	for (c = 0; c < CURL_LAST; c++)
		assert_false(sync_curl_retryable((CURLcode)c) &&
		    sync_curl_tls_failure((CURLcode)c));
}

/* "Later" statuses are retried; a refusal of the request itself is not. */
static void
test_http_classes(void **state)
{
	static const long later[] = { 408, 429, 502, 503, 504 };
	static const long never[] = { 200, 400, 401, 403, 404, 409, 413, 415, 500, 501 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof later / sizeof later[0]; i++)
		assert_true(sync_http_retryable(later[i]));
	for (i = 0; i < sizeof never / sizeof never[0]; i++)
		assert_false(sync_http_retryable(never[i]));
}

/* https passes; http only with allow_http, and the refusal names the key. */
static void
test_url_scheme(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(sync_url_check("https://jobs.example.cn", 0, err, sizeof err), 0);
	assert_int_equal(sync_url_check("https://jobs.example.cn:8443/sync/", 0, err,
	    sizeof err), 0);
	assert_int_equal(sync_url_check("HTTPS://jobs.example.cn", 0, err, sizeof err), 0);
	assert_int_equal(sync_url_check("https://[::1]:8443", 0, err, sizeof err), 0);
	assert_int_equal(sync_url_check("http://127.0.0.1:8080", 0, err, sizeof err), -1);
	assert_mentions(err, "allow_http");
	assert_mentions(err, "http://127.0.0.1:8080");
	assert_int_equal(sync_url_check("http://127.0.0.1:8080", 1, err, sizeof err), 0);
	assert_int_equal(sync_url_check("ftp://jobs.example.cn", 1, err, sizeof err), -1);
	assert_mentions(err, "https://");
	assert_int_equal(sync_url_check("file:///etc/passwd", 1, err, sizeof err), -1);
}

/* Addresses that are not a server's: no scheme, no host, credentials, a query. */
static void
test_url_shape(void **state)
{
	static const char *const bad[] = { "", "jobs.example.cn", "https://",
	    "https://user:pw@jobs.example.cn", "https://jobs.example.cn/?x=1",
	    "https://jobs.example.cn/#top", "https://jobs example.cn",
	    "https://jobs.example.cn/\n" };
	char err[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		if (sync_url_check(bad[i], 1, err, sizeof err) != -1)
			fail_msg("\"%s\" was taken as a server address", bad[i]);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(sync_url_check(NULL, 1, err, sizeof err), -1);
	assert_mentions(err, "url");
}

/* A connection cut under the transfer is a cut; a stall, a refusal or a bad certificate is not. */
static void
test_curl_cut(void **state)
{
	(void)state;
	assert_true(sync_curl_cut(CURLE_RECV_ERROR));
	assert_true(sync_curl_cut(CURLE_SEND_ERROR));
	assert_true(sync_curl_cut(CURLE_PARTIAL_FILE));
	assert_true(sync_curl_cut(CURLE_GOT_NOTHING));
	assert_false(sync_curl_cut(CURLE_OK));
	assert_false(sync_curl_cut(CURLE_OPERATION_TIMEDOUT));
	assert_false(sync_curl_cut(CURLE_COULDNT_CONNECT));
	assert_false(sync_curl_cut(CURLE_PEER_FAILED_VERIFICATION));
	/* Every cut is worth another try. */
	assert_true(sync_curl_retryable(CURLE_RECV_ERROR) && sync_curl_retryable(CURLE_SEND_ERROR) &&
	    sync_curl_retryable(CURLE_PARTIAL_FILE) && sync_curl_retryable(CURLE_GOT_NOTHING));
}

/* A lost page halves down to the floor; a floor above the size leaves it. */
static void
test_page_shrink(void **state)
{
	(void)state;
	assert_int_equal(sync_page_shrink(1000, 10), 500);
	assert_int_equal(sync_page_shrink(25, 10), 12);
	assert_int_equal(sync_page_shrink(15, 10), 10);
	assert_int_equal(sync_page_shrink(10, 10), 10);
	assert_int_equal(sync_page_shrink(5, 10), 5);
	assert_int_equal(sync_page_shrink(2, 1), 1);
	assert_int_equal(sync_page_shrink(1, 1), 1);
}

/*
 * A pull page's size in whole records: a page of whole records keeps the
 * page size; identity index entries weigh a twentieth of one, so a page
 * of them asks for twenty times as many, a mixed page in between, never
 * past the protocol's maximum; a page shrunk by a poor link shrinks the
 * ask.
 */
static void
test_page_by_weight(void **state)
{
	(void)state;
	/* Nothing to judge by yet, or no entries: the page size. */
	assert_int_equal(sync_page_by_weight(1000, 0, 0, 5000), 1000);
	assert_int_equal(sync_page_by_weight(1000, 1000, 0, 5000), 1000);
	/* A page of entries: twenty times as many (SYNC_ENTRIES_PER_RECORD). */
	assert_int_equal(sync_page_by_weight(1000, 1000, 1000, 50000), 20000);
	/* Half of them entries: 1000 records weighed 525, so 1904 weigh 1000. */
	assert_int_equal(sync_page_by_weight(1000, 1000, 500, 5000), 1904);
	/* A street's seekers, one in eight whole: 1000 weighed 168.75, 5925 weigh 1000. */
	assert_int_equal(sync_page_by_weight(1000, 1000, 875, 10000), 5925);
	/* Past the maximum: the maximum. */
	assert_int_equal(sync_page_by_weight(2000, 2000, 2000, 5000), 5000);
	assert_int_equal(sync_page_by_weight(1000, 1000, 875, 5000), 5000);
	/* A page shrunk after cuts asks for as many times fewer. */
	assert_int_equal(sync_page_by_weight(100, 1000, 1000, 5000), 2000);
	/* A page size at or over the maximum stays there; nonsense counts change nothing. */
	assert_int_equal(sync_page_by_weight(5000, 10, 10, 5000), 5000);
	assert_int_equal(sync_page_by_weight(6000, 0, 0, 5000), 5000);
	assert_int_equal(sync_page_by_weight(1000, 10, 20, 5000), 1000);
}

/*
 * A shrunk page doubles at every SYNC_GROW_AFTER passes in a row, never
 * past the cap; so a link that cuts every third page does not grow the
 * page back into the size that failed at once.
 */
static void
test_page_grow(void **state)
{
	long limit = 125;
	unsigned passed;

	(void)state;
	for (passed = 1; passed < SYNC_GROW_AFTER; passed++)
		assert_int_equal(sync_page_grow(limit, 1000, passed), 125);
	assert_int_equal(sync_page_grow(limit, 1000, SYNC_GROW_AFTER), 250);
	assert_int_equal(sync_page_grow(limit, 1000, SYNC_GROW_AFTER + 1), 125);
	assert_int_equal(sync_page_grow(limit, 1000, 2 * SYNC_GROW_AFTER), 250);
	/* Back to the cap, and no further. */
	for (passed = 1; passed <= 10 * SYNC_GROW_AFTER; passed++)
		limit = sync_page_grow(limit, 1000, passed);
	assert_int_equal(limit, 1000);
	assert_int_equal(sync_page_grow(600, 1000, SYNC_GROW_AFTER), 1000);
	assert_int_equal(sync_page_grow(1000, 1000, SYNC_GROW_AFTER), 1000);
	/* A cap lowered by the server's 413 holds a larger size down. */
	assert_int_equal(sync_page_grow(800, 500, 1), 500);
	assert_int_equal(sync_page_grow(10, 1000, 0), 10);
}

/* The API path goes under the address whether or not it ends with slashes. */
static void
test_url_join(void **state)
{
	static const struct {
		const char *base, *want;
	} cases[] = {
		{ "https://h", "https://h/v1/push" },
		{ "https://h/", "https://h/v1/push" },
		{ "https://h//", "https://h/v1/push" },
		{ "https://h:8443/district", "https://h:8443/district/v1/push" },
		{ "https://h:8443/district/", "https://h:8443/district/v1/push" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *u = sync_url_join(cases[i].base, "/v1/push");

		assert_string_equal(u, cases[i].want);
		free(u);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_doubles),
		cmocka_unit_test(test_backoff_jitter_bounds),
		cmocka_unit_test(test_backoff_cap),
		cmocka_unit_test(test_backoff_retry_after),
		cmocka_unit_test(test_curl_classes),
		cmocka_unit_test(test_http_classes),
		cmocka_unit_test(test_url_scheme),
		cmocka_unit_test(test_url_shape),
		cmocka_unit_test(test_url_join),
		cmocka_unit_test(test_curl_cut),
		cmocka_unit_test(test_page_shrink),
		cmocka_unit_test(test_page_grow),
		cmocka_unit_test(test_page_by_weight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
