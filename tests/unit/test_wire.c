/*
 * Unit tests for src/wire, the sync protocol's messages. What must hold:
 * every message survives encode then decode unchanged (Chinese text,
 * empty values, the largest push and pull page), and encodes to the bytes
 * the jansson encoders gave; whatever a peer or an attacker sends that is
 * not a well-formed message is refused as a whole, without a crash, with
 * a reason that names the place and never quotes a field value; a record
 * alone and a field set go through their codecs and back; stamps order by
 * clock, then terminal, with "" first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "wire/fields-json.h"
#include "wire/wire.h"

#include "testlib.h"

#define T1	"01890a5d-ac96-774b-bcce-b302099a8057"
#define T2	"01890a5d-ac96-774b-bcce-b302099a8058"
#define ID1	"01900000-0000-7000-8000-000000000001"
#define ID2	"01900000-0000-7000-8000-000000000002"
#define HLC_N	0x018fd2d008000000ULL	/* 2024-06-01T08:00:00Z, counter 0 */
#define HLC	"112540306636800000"	/* the same in decimal */
#define KEY64	"00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

/* A push of the given changes (JSON text) from T1. */
#define PUSH(changes)	"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[" changes "]}"
/* One change of record ID1; every argument is JSON text. */
#define CHANGE(seq, tbl, op, hlc, fields) "{\"seq\":" seq ",\"tbl\":" tbl ",\"id\":\"" ID1 \
	"\",\"op\":" op ",\"hlc\":" hlc ",\"fields\":" fields "}"
#define SEEKER(seq, fields) CHANGE(seq, "\"seeker\"", "\"insert\"", HLC, fields)
/* A pull page of the given records. */
#define PAGE(records) "{\"v\":1,\"cursor\":\"1.e.5.9\",\"more\":false,\"reset\":false," \
	"\"remaining\":0,\"hlc\":" HLC ",\"records\":[" records "]}"
#define RECORD(tbl, key, fields, stamps) "{\"tbl\":\"" tbl "\",\"key\":\"" key "\"," \
	"\"deleted\":false,\"replaced_by\":\"\",\"fields\":" fields ",\"stamps\":" stamps "}"

/* A message the decoder must refuse, and what its reason must mention. */
struct hostile {
	const char	*json;
	const char	*needle;
};

/* A decoder under test: 0 or -1 with err, its result already freed. */
typedef int (*decoder)(const char *, size_t, char *, size_t);

static int
dec_push(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_push p;
	int rc = wire_push_decode(s, n, &p, err, errlen);

	if (rc != 0 && (p.n != 0 || p.changes != NULL))
		fail_msg("a refused push left changes behind");
	wire_push_free(&p);
	return rc;
}

static int
dec_push_reply(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_push_reply r;
	int rc = wire_push_reply_decode(s, n, &r, err, errlen);

	if (rc != 0 && (r.nrejected != 0 || r.rejected != NULL))
		fail_msg("a refused push reply left refusals behind");
	wire_push_reply_free(&r);
	return rc;
}

static int
dec_pull(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_pull p;

	return wire_pull_decode(s, n, &p, err, errlen);
}

static int
dec_pull_reply(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_pull_reply p;
	int rc = wire_pull_reply_decode(s, n, &p, err, errlen);

	if (rc != 0 && (p.n != 0 || p.records != NULL))
		fail_msg("a refused page left records behind");
	wire_pull_reply_free(&p);
	return rc;
}

static int
dec_fetch(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_fetch f;

	return wire_fetch_decode(s, n, &f, err, errlen);
}

static int
dec_enroll(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_enroll e;

	return wire_enroll_decode(s, n, &e, err, errlen);
}

static int
dec_enroll_reply(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_enroll_reply e;

	return wire_enroll_reply_decode(s, n, &e, err, errlen);
}

static int
dec_error(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_error e;

	return wire_error_decode(s, n, &e, err, errlen);
}

/*
 * Decode len bytes of s, which must be refused with a reason mentioning
 * needle that quotes no value (the tests' values are Chinese names and
 * runs of 'x').
 */
static void
refuse_n(decoder dec, const char *s, size_t len, const char *needle)
{
	char err[WIRE_REASON_LEN] = "";

	if (dec(s, len, err, sizeof err) == 0)
		fail_msg("accepted: %.200s", s);
	assert_true(err[0] != '\0');
	assert_mentions(err, needle);
	if (strstr(err, "张三") != NULL || strstr(err, "xxxxxxxx") != NULL)
		fail_msg("reason \"%s\" quotes a value", err);
}

static void
refuse(decoder dec, const char *s, const char *needle)
{
	refuse_n(dec, s, strlen(s), needle);
}

/* Each case of a table refused by dec. */
static void
refuse_all(decoder dec, const struct hostile *cases, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		refuse(dec, cases[i].json, cases[i].needle);
}

/* Decoding s with dec succeeds. */
static void
accept(decoder dec, const char *s)
{
	char err[WIRE_REASON_LEN] = "";

	if (dec(s, strlen(s), err, sizeof err) != 0)
		fail_msg("refused (%s): %.200s", err, s);
}

/* A field set from NULL-terminated key, value pairs. */
static void
fields_of(struct fields *f, ...)
{
	const char *k, *v;
	va_list ap;

	fields_init(f);
	va_start(ap, f);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		fields_set(f, k, v);
	}
	va_end(ap);
}

/* Two field sets hold the same keys with the same values in the same order. */
static void
assert_fields_equal(const struct fields *a, const struct fields *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		assert_string_equal(a->keys[i], b->keys[i]);
		assert_string_equal(a->values[i], b->values[i]);
	}
}

/* A change with no fields. */
static void
change_set(struct wire_change *ch, int64_t seq, const char *tbl, const char *id, const char *op,
    uint64_t hlc)
{
	memset(ch, 0, sizeof *ch);
	ch->seq = seq;
	snprintf(ch->tbl, sizeof ch->tbl, "%s", tbl);
	snprintf(ch->id, sizeof ch->id, "%s", id);
	snprintf(ch->op, sizeof ch->op, "%s", op);
	ch->hlc = hlc;
	fields_init(&ch->fields);
}

/* Encode p, decode it again and compare; the text encodes back to itself. */
static void
push_round_trip(const struct wire_push *p)
{
	struct wire_push q;
	char err[WIRE_REASON_LEN], *json, *again;
	size_t len, len2, i;

	json = wire_push_encode(p, &len);
	assert_int_equal(len, strlen(json));
	if (wire_push_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("own push refused: %s", err);
	assert_string_equal(q.terminal, p->terminal);
	assert_int_equal(q.n, p->n);
	for (i = 0; i < p->n; i++) {
		assert_int_equal(q.changes[i].seq, p->changes[i].seq);
		assert_string_equal(q.changes[i].tbl, p->changes[i].tbl);
		assert_string_equal(q.changes[i].id, p->changes[i].id);
		assert_string_equal(q.changes[i].op, p->changes[i].op);
		assert_true(q.changes[i].hlc == p->changes[i].hlc);
		assert_fields_equal(&q.changes[i].fields, &p->changes[i].fields);
		assert_string_equal(q.changes[i].author, p->changes[i].author);
		assert_string_equal(q.changes[i].sig, p->changes[i].sig);
	}
	again = wire_push_encode(&q, &len2);
	assert_int_equal(len, len2);
	assert_string_equal(json, again);
	free(json);
	free(again);
	wire_push_free(&q);
}

/* A push of every kind of change: Chinese text, an empty value, no fields, deletes. */
static void
test_push_round_trip(void **state)
{
	struct wire_change ch[5];
	struct wire_push p = { T1, 5, ch };
	char *json;
	size_t i;

	(void)state;
	change_set(&ch[0], 41, "seeker", ID1, "insert", HLC_N);
	fields_of(&ch[0].fields, "name", "张三", "phone", "", "address",
	    "北京市朝阳区 \"引号\" \\ 反斜杠\n第二行\t☃ 𠀀", "office", "110105", NULL);
	change_set(&ch[1], 42, "employer", ID2, "update", (HLC_N + 1));
	fields_of(&ch[1].fields, "name", "北京某某科技有限公司", NULL);
	change_set(&ch[2], 43, "service_event", ID2, "insert", 7);
	fields_of(&ch[2].fields, "type", "referral", "seeker_id", ID1, NULL);
	change_set(&ch[3], 44, "vacancy", ID1, "delete", 8);
	fields_of(&ch[3].fields, "replaced_by", ID2, NULL);
	change_set(&ch[4], 45, "seeker", ID2, "delete", (uint64_t)INT64_MAX);
	push_round_trip(&p);
	/* Compact, with the text as UTF-8 and the field order kept. */
	json = wire_push_encode(&p, NULL);
	assert_non_null(strstr(json, "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":41,"
	    "\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"insert\",\"hlc\":" HLC ",\"fields\":"
	    "{\"name\":\"张三\",\"phone\":\"\",\"address\":"));
	assert_non_null(strstr(json, "\"fields\":{}}]}"));
	assert_null(strstr(json, "\": "));
	assert_null(strstr(json, ", \""));
	free(json);
	for (i = 0; i < 5; i++)
		fields_free(&ch[i].fields);
}

/* Who made a change travels with it, signed; a transfer carries its office and reason only. */
static void
test_push_signed(void **state)
{
	struct wire_change ch[2];
	struct wire_push p = { T1, 2, ch }, q;
	char err[WIRE_REASON_LEN] = "", *json;
	size_t len, i;
	static const char *const bad[] = {
		/* A transfer with a field more, or without its reason. */
		"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":1,\"tbl\":\"seeker\","
		"\"id\":\"" ID1 "\",\"op\":\"transfer\",\"hlc\":5,\"fields\":{\"office\":\"110105-01\","
		"\"reason\":\"moved\",\"name\":\"x\"}}]}",
		"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":1,\"tbl\":\"seeker\","
		"\"id\":\"" ID1 "\",\"op\":\"transfer\",\"hlc\":5,\"fields\":{\"office\":\"110105-01\"}}]}",
		/* A signature that is no hex of its length, an empty author. */
		"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":1,\"tbl\":\"seeker\","
		"\"id\":\"" ID1 "\",\"op\":\"update\",\"hlc\":5,\"fields\":{},\"author\":\"wang\","
		"\"sig\":\"zz\"}]}",
		"{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":1,\"tbl\":\"seeker\","
		"\"id\":\"" ID1 "\",\"op\":\"update\",\"hlc\":5,\"fields\":{},\"author\":\"\"}]}",
	};

	(void)state;
	change_set(&ch[0], 7, "seeker", ID1, "update", HLC_N);
	fields_of(&ch[0].fields, "phone", "13800138000", NULL);
	snprintf(ch[0].author, sizeof ch[0].author, "wang.li");
	memset(ch[0].sig, 'a', sizeof ch[0].sig - 1);
	change_set(&ch[1], 8, "employer", ID2, "transfer", HLC_N + 1);
	fields_of(&ch[1].fields, "office", "110105-01", "reason", "moved", NULL);
	snprintf(ch[1].author, sizeof ch[1].author, "王丽");
	memset(ch[1].sig, '0', sizeof ch[1].sig - 1);
	push_round_trip(&p);
	json = wire_push_encode(&p, &len);
	assert_non_null(strstr(json, "\"author\":\"wang.li\",\"sig\":\"aaaa"));
	assert_int_equal(wire_push_decode(json, len, &q, err, sizeof err), 0);
	assert_string_equal(q.changes[0].author, "wang.li");
	assert_string_equal(q.changes[0].sig, ch[0].sig);
	assert_string_equal(q.changes[1].op, "transfer");
	assert_string_equal(q.changes[1].author, "王丽");
	assert_string_equal(fields_str(&q.changes[1].fields, "reason"), "moved");
	wire_push_free(&q);
	free(json);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		if (wire_push_decode(bad[i], strlen(bad[i]), &q, err, sizeof err) == 0) {
			wire_push_free(&q);
			fail_msg("push %zu accepted", i);
		}
		assert_non_null(strstr(err, "changes[0]."));
	}
	fields_free(&ch[0].fields);
	fields_free(&ch[1].fields);
}

/* An update's base stamps travel with it; a base for a field it does not change is refused. */
static void
test_push_base(void **state)
{
	struct wire_change ch[1];
	struct wire_push p = { T1, 1, ch }, q;
	char err[WIRE_REASON_LEN] = "", stamp[WIRE_STAMP_LEN + 1], *json;
	size_t len;

	(void)state;
	wire_stamp(HLC_N, T2, stamp);
	change_set(&ch[0], 7, "seeker", ID1, "update", HLC_N + 5);
	fields_of(&ch[0].fields, "phone", "13800138000", "name", "李四", NULL);
	fields_of(&ch[0].base, "phone", stamp, NULL);
	json = wire_push_encode(&p, &len);
	assert_non_null(strstr(json, "\"base\":{\"phone\":\"" "0" ));
	assert_int_equal(wire_push_decode(json, len, &q, err, sizeof err), 0);
	assert_int_equal(q.changes[0].base.n, 1);
	assert_string_equal(fields_str(&q.changes[0].base, "phone"), stamp);
	wire_push_free(&q);
	free(json);
	fields_free(&ch[0].fields);
	fields_free(&ch[0].base);
	accept(dec_push, PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":"
	    "\"update\",\"hlc\":" HLC ",\"fields\":{\"name\":\"x\"},\"base\":{\"name\":\"\"}}"));
	refuse(dec_push, PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":"
	    "\"update\",\"hlc\":" HLC ",\"fields\":{\"name\":\"x\"},\"base\":{\"phone\":\"\"}}"),
	    "changes[0].base.phone: not a changed field");
	refuse(dec_push, PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":"
	    "\"update\",\"hlc\":" HLC ",\"fields\":{\"name\":\"x\"},\"base\":{\"name\":\"12\"}}"),
	    "changes[0].base");
}

/* A server page whose fields come as the database's JSON text decodes like an encoded one. */
static void
test_pull_reply_pasted(void **state)
{
	struct wire_record rec[2];
	struct wire_pull_reply p, q;
	char err[WIRE_REASON_LEN] = "", *json;
	size_t len;

	(void)state;
	memset(&p, 0, sizeof p);
	memset(rec, 0, sizeof rec);
	snprintf(p.cursor, sizeof p.cursor, "1.e.5.9");
	p.hlc = HLC_N;
	p.n = 2;
	p.records = rec;
	snprintf(rec[0].tbl, sizeof rec[0].tbl, "seeker");
	snprintf(rec[0].key, sizeof rec[0].key, ID1);
	rec[0].fields_text = xstrdup("{\"name\": \"张三 \\\"引号\\\"\", \"phone\": \"\"}");
	rec[0].stamps_text = xstrdup("{\"name\": \"0000000000000001:" T1 "\"}");
	snprintf(rec[1].tbl, sizeof rec[1].tbl, "seeker");
	snprintf(rec[1].key, sizeof rec[1].key, ID2);
	rec[1].deleted = 1;
	snprintf(rec[1].replaced_by, sizeof rec[1].replaced_by, ID1);
	rec[1].fields_text = xstrdup("{}");
	rec[1].stamps_text = xstrdup("{}");
	json = wire_pull_reply_encode(&p, &len);
	assert_int_equal(strlen(json), len);
	if (wire_pull_reply_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("%s: %s", err, json);
	assert_int_equal(q.n, 2);
	assert_string_equal(fields_str(&q.records[0].fields, "name"), "张三 \"引号\"");
	assert_non_null(fields_get(&q.records[0].fields, "phone"));
	assert_string_equal(fields_str(&q.records[0].stamps, "name"), "0000000000000001:" T1);
	assert_true(q.records[1].deleted);
	assert_string_equal(q.records[1].replaced_by, ID1);
	assert_string_equal(q.cursor, "1.e.5.9");
	wire_pull_reply_free(&q);
	free(json);
	p.records = NULL;
	p.n = 0;
	for (size_t i = 0; i < 2; i++) {
		free(rec[i].fields_text);
		free(rec[i].stamps_text);
	}
}

/* The largest push: 1000 changes of 64 fields, values of exactly 4096 bytes in one. */
static void
test_push_largest(void **state)
{
	struct wire_push p;
	char key[16], *big;
	size_t i, k;

	(void)state;
	memset(&p, 0, sizeof p);
	snprintf(p.terminal, sizeof p.terminal, "%s", T1);
	p.n = WIRE_MAX_CHANGES;
	p.changes = xcalloc(p.n, sizeof *p.changes);
	big = xmalloc(WIRE_MAX_VALUE + 1);
	memset(big, 'a', WIRE_MAX_VALUE);
	big[WIRE_MAX_VALUE] = '\0';
	for (i = 0; i < p.n; i++) {
		change_set(&p.changes[i], (int64_t)i + 1, "seeker", i % 2 ? ID1 : ID2, "update",
		    HLC_N + i);
		fields_set(&p.changes[i].fields, "name", "李四");
	}
	for (k = 1; k < WIRE_MAX_FIELDS; k++) {
		snprintf(key, sizeof key, "f%zu", k);
		fields_set(&p.changes[0].fields, key, k == 1 ? big : "值");
	}
	push_round_trip(&p);
	free(big);
	wire_push_free(&p);
}

/* Refusals and an empty reply; a reason cut inside a character still goes out. */
static void
test_push_reply_round_trip(void **state)
{
	struct wire_rejection rej[2];
	struct wire_push_reply r = { 45, (HLC_N + 9), 2, rej }, q;
	char err[WIRE_REASON_LEN], *json;
	size_t len;

	(void)state;
	memset(rej, 0, sizeof rej);
	rej[0].seq = 42;
	snprintf(rej[0].tbl, sizeof rej[0].tbl, "seeker");
	snprintf(rej[0].id, sizeof rej[0].id, ID1);
	snprintf(rej[0].reason, sizeof rej[0].reason, "id_number: 校验码错误");
	rej[1].seq = 45;
	snprintf(rej[1].tbl, sizeof rej[1].tbl, "service_event");
	snprintf(rej[1].id, sizeof rej[1].id, ID2);
	/* "unknown record" and the first byte of "码": a fixed buffer cut it there. */
	snprintf(rej[1].reason, sizeof rej[1].reason, "unknown record \xe7");
	json = wire_push_reply_encode(&r, &len);
	if (wire_push_reply_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("own reply refused: %s", err);
	free(json);
	assert_int_equal(q.applied_through, 45);
	assert_true(q.hlc == r.hlc);
	assert_int_equal(q.nrejected, 2);
	assert_int_equal(q.rejected[0].seq, 42);
	assert_string_equal(q.rejected[0].tbl, "seeker");
	assert_string_equal(q.rejected[0].id, ID1);
	assert_string_equal(q.rejected[0].reason, "id_number: 校验码错误");
	assert_string_equal(q.rejected[1].tbl, "service_event");
	assert_string_equal(q.rejected[1].reason, "unknown record ");
	wire_push_reply_free(&q);
	/* Nothing refused. */
	r.nrejected = 0;
	r.rejected = NULL;
	json = wire_push_reply_encode(&r, &len);
	assert_string_equal(json, "{\"v\":1,\"applied_through\":45,\"hlc\":112540306636800009,"
	    "\"rejected\":[]}");
	assert_int_equal(wire_push_reply_decode(json, len, &q, err, sizeof err), 0);
	assert_int_equal(q.nrejected, 0);
	assert_null(q.rejected);
	wire_push_reply_free(&q);
	free(json);
}

/* A pull request from the beginning and from a cursor. */
static void
test_pull_round_trip(void **state)
{
	struct wire_pull p, q;
	char err[WIRE_REASON_LEN], *json;
	size_t len;

	(void)state;
	memset(&p, 0, sizeof p);
	p.limit = 1000;
	json = wire_pull_encode(&p, &len);
	assert_string_equal(json, "{\"v\":1,\"cursor\":\"\",\"limit\":1000}");
	assert_int_equal(wire_pull_decode(json, len, &q, err, sizeof err), 0);
	assert_string_equal(q.cursor, "");
	assert_int_equal(q.limit, 1000);
	free(json);
	snprintf(p.cursor, sizeof p.cursor, "1.0190a5d3-8c0e-4c4e-9f45-1e8d1b2c3d4e.812.77");
	p.limit = WIRE_MAX_RECORDS;
	json = wire_pull_encode(&p, &len);
	assert_int_equal(wire_pull_decode(json, len, &q, err, sizeof err), 0);
	assert_string_equal(q.cursor, p.cursor);
	assert_int_equal(q.limit, WIRE_MAX_RECORDS);
	free(json);
}

/* Encode a page, decode it and compare every record. */
static void
page_round_trip(const struct wire_pull_reply *p)
{
	struct wire_pull_reply q;
	char err[WIRE_REASON_LEN], *json;
	size_t len, i;

	json = wire_pull_reply_encode(p, &len);
	if (wire_pull_reply_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("own page refused: %s", err);
	free(json);
	assert_string_equal(q.cursor, p->cursor);
	assert_int_equal(q.more, p->more);
	assert_int_equal(q.reset, p->reset);
	assert_int_equal(q.remaining, p->remaining);
	assert_true(q.hlc == p->hlc);
	assert_int_equal(q.held, p->held);
	assert_string_equal(q.scope, p->scope);
	assert_int_equal(q.n, p->n);
	for (i = 0; i < p->n; i++) {
		assert_string_equal(q.records[i].tbl, p->records[i].tbl);
		assert_string_equal(q.records[i].key, p->records[i].key);
		assert_int_equal(q.records[i].deleted, p->records[i].deleted);
		assert_string_equal(q.records[i].replaced_by, p->records[i].replaced_by);
		assert_fields_equal(&q.records[i].fields, &p->records[i].fields);
		assert_fields_equal(&q.records[i].stamps, &p->records[i].stamps);
		assert_fields_equal(&q.records[i].authors, &p->records[i].authors);
	}
	wire_pull_reply_free(&q);
}

/* A record with no fields. */
static void
record_set(struct wire_record *r, const char *tbl, const char *key)
{
	memset(r, 0, sizeof *r);
	snprintf(r->tbl, sizeof r->tbl, "%s", tbl);
	snprintf(r->key, sizeof r->key, "%s", key);
	fields_init(&r->fields);
	fields_init(&r->stamps);
	fields_init(&r->authors);
}

/* A record of every table: stamps, a tombstone, a login, a whole form file. */
static void
test_pull_reply_round_trip(void **state)
{
	struct wire_record rec[10];
	struct wire_pull_reply p = { "1.e.812.77", 1, 0, 12345, HLC_N, 10, rec, NULL, 0, "" };
	char s1[WIRE_STAMP_LEN + 1], s2[WIRE_STAMP_LEN + 1], *form;
	size_t i;

	(void)state;
	wire_stamp(HLC_N, T1, s1);
	wire_stamp((HLC_N + 1), T2, s2);
	record_set(&rec[0], "seeker", ID1);
	fields_of(&rec[0].fields, "name", "张三", "phone", "", NULL);
	fields_of(&rec[0].stamps, "name", s1, "phone", s2, NULL);
	/* Who wrote each field last, compact like the stamps. */
	fields_of(&rec[0].authors, "*", "wang.li", "phone", "王丽", NULL);
	record_set(&rec[1], "employer", ID2);
	rec[1].deleted = 1;
	snprintf(rec[1].replaced_by, sizeof rec[1].replaced_by, ID1);
	record_set(&rec[2], "vacancy", ID1);
	fields_of(&rec[2].fields, "title", "收银员", NULL);
	fields_of(&rec[2].stamps, "title", "", NULL);
	record_set(&rec[3], "service_event", ID2);
	fields_of(&rec[3].fields, "type", "guidance", NULL);
	record_set(&rec[4], "conflict", ID1);
	fields_of(&rec[4].fields, "tbl", "seeker", "id", ID2, "field", "name", "lost_value", "张叁",
	    "lost_stamp", s1, "won_value", "张三", "won_stamp", s2, "at",
	    "2024-06-01T08:00:00Z", NULL);
	record_set(&rec[5], "account", "wang.li");
	fields_of(&rec[5].fields, "name", "王丽", "office", "110105", "disabled", "0", NULL);
	record_set(&rec[6], "office", "110105");
	fields_of(&rec[6].fields, "name", "朝阳区公共就业服务中心", "level", "district", NULL);
	record_set(&rec[7], "code", "sex:1");
	fields_of(&rec[7].fields, "name_zh", "男", "name_en", "Male", NULL);
	record_set(&rec[8], "code_list", "region");
	record_set(&rec[9], "form", "seeker");
	/* A form file is bigger than one field value may be. */
	form = xmalloc(WIRE_MAX_DOCUMENT + 1);
	memset(form, 'f', WIRE_MAX_DOCUMENT);
	form[WIRE_MAX_DOCUMENT] = '\0';
	fields_of(&rec[9].fields, "text", form, NULL);
	page_round_trip(&p);
	free(form);
	/* An empty page at the end, after a reset. */
	p.n = 0;
	p.records = NULL;
	p.more = 0;
	p.reset = 1;
	p.remaining = -1;
	page_round_trip(&p);
	/* A last page that says how many committed changes the horizon holds back. */
	p.held = 3;
	page_round_trip(&p);
	/* A scoped terminal's page says its scope. */
	snprintf(p.scope, sizeof p.scope, "110105-01");
	page_round_trip(&p);
	for (i = 0; i < 10; i++) {
		fields_free(&rec[i].fields);
		fields_free(&rec[i].stamps);
		fields_free(&rec[i].authors);
	}
}

/* The largest page: 5000 records of 25 fields with stamps each. */
static void
test_pull_reply_largest(void **state)
{
	struct wire_pull_reply p;
	char key[16], id[IDENT_LEN + 1], stamp[WIRE_STAMP_LEN + 1];
	size_t i, k;

	(void)state;
	memset(&p, 0, sizeof p);
	snprintf(p.cursor, sizeof p.cursor, "1.e.900.5000");
	p.more = 1;
	p.remaining = 250000;
	p.hlc = HLC_N;
	p.n = WIRE_MAX_RECORDS;
	p.records = xcalloc(p.n, sizeof *p.records);
	for (i = 0; i < p.n; i++) {
		snprintf(id, sizeof id, "01900000-0000-7000-8000-%012x", (unsigned)(i & 0xffff));
		record_set(&p.records[i], "seeker", id);
		wire_stamp(HLC_N + i, T1, stamp);
		for (k = 0; k < 25; k++) {
			snprintf(key, sizeof key, "field_%zu", k);
			fields_set(&p.records[i].fields, key, k % 2 ? "北京市朝阳区某某街道" : "");
			fields_set(&p.records[i].stamps, key, stamp);
		}
	}
	page_round_trip(&p);
	wire_pull_reply_free(&p);
}

/* Enrollment both ways, and the errors with and without "expected". */
static void
test_enroll_and_error_round_trip(void **state)
{
	struct wire_enroll e = { "Ab3-x9Q2", T1 }, e2;
	struct wire_enroll_reply r, r2;
	struct wire_error x = { "gap", "expected seq 42", 42, 0 }, x2;
	char err[WIRE_REASON_LEN], *json;
	size_t len;

	(void)state;
	json = wire_enroll_encode(&e, &len);
	assert_string_equal(json, "{\"v\":1,\"code\":\"Ab3-x9Q2\",\"terminal\":\"" T1 "\"}");
	assert_int_equal(wire_enroll_decode(json, len, &e2, err, sizeof err), 0);
	assert_string_equal(e2.code, e.code);
	assert_string_equal(e2.terminal, T1);
	free(json);

	memset(&r, 0, sizeof r);
	snprintf(r.token, sizeof r.token, "%s", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_9");
	snprintf(r.office_code, sizeof r.office_code, "110105");
	snprintf(r.office_name, sizeof r.office_name, "朝阳区公共就业服务中心");
	snprintf(r.office_level, sizeof r.office_level, "district");
	snprintf(r.identity_key, sizeof r.identity_key, KEY64);
	json = wire_enroll_reply_encode(&r, &len);
	assert_non_null(strstr(json, "\"office\":{\"code\":\"110105\",\"name\":\"朝阳区公共就业服务中心\","
	    "\"level\":\"district\",\"parent\":\"\"}"));
	if (wire_enroll_reply_decode(json, len, &r2, err, sizeof err) != 0)
		fail_msg("own enroll reply refused: %s", err);
	assert_memory_equal(&r, &r2, sizeof r);
	assert_null(strstr(json, "terminal"));
	free(json);
	/* The id the server enrolled the terminal under, when it says. */
	snprintf(r.terminal, sizeof r.terminal, "%s", T1);
	json = wire_enroll_reply_encode(&r, &len);
	if (wire_enroll_reply_decode(json, len, &r2, err, sizeof err) != 0)
		fail_msg("own enroll reply refused: %s", err);
	assert_string_equal(r2.terminal, T1);
	free(json);

	json = wire_error_encode(&x, &len);
	assert_string_equal(json, "{\"v\":1,\"error\":\"gap\",\"message\":\"expected seq 42\","
	    "\"expected\":42}");
	assert_int_equal(wire_error_decode(json, len, &x2, err, sizeof err), 0);
	assert_string_equal(x2.error, "gap");
	assert_string_equal(x2.message, "expected seq 42");
	assert_int_equal(x2.expected, 42);
	free(json);
	memset(&x, 0, sizeof x);
	snprintf(x.error, sizeof x.error, "wrong_office");
	snprintf(x.message, sizeof x.message, "办公室不符");
	json = wire_error_encode(&x, &len);
	assert_null(strstr(json, "expected"));
	assert_int_equal(wire_error_decode(json, len, &x2, err, sizeof err), 0);
	assert_string_equal(x2.error, "wrong_office");
	assert_string_equal(x2.message, "办公室不符");
	assert_int_equal(x2.expected, 0);
	free(json);
	/* A restored terminal: where the server's next is and where the true replays end. */
	snprintf(x.error, sizeof x.error, "diverged");
	x.expected = 61;
	x.replayed = 44;
	json = wire_error_encode(&x, &len);
	assert_int_equal(wire_error_decode(json, len, &x2, err, sizeof err), 0);
	assert_int_equal(x2.expected, 61);
	assert_int_equal(x2.replayed, 44);
	free(json);
	refuse(dec_error, "{\"v\":1,\"error\":\"diverged\",\"message\":\"\",\"expected\":61,"
	    "\"replayed\":-1}", "replayed: must be at least 0, got -1");
}

/* Not JSON, not all of it, not an object, not this version: refused before anything else. */
static void
test_refuse_not_a_message(void **state)
{
	static const struct hostile cases[] = {
		{ "", "invalid JSON at byte 0" },
		{ "not json", "invalid JSON" },
		{ "{\"v\":1,", "invalid JSON" },
		{ "{\"v\":1}}", "invalid JSON" },
		{ "{'v':1}", "invalid JSON" },
		{ "[1,2]", "expected a JSON object" },
		{ "\"张三\"", "invalid JSON" },
		{ "{\"terminal\":\"" T1 "\",\"changes\":[]}", "v: missing" },
		{ "{\"v\":2,\"terminal\":\"" T1 "\",\"changes\":[]}", "v: expected 1, got 2" },
		{ "{\"v\":0}", "v: expected 1, got 0" },
		{ "{\"v\":\"1\"}", "v: expected an integer" },
		{ "{\"v\":1.0}", "v: expected an integer" },
		{ "{\"v\":1,\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[" SEEKER("1", "{}") "]}",
		  "duplicate key \"v\"" },
		{ PUSH("{\"seq\":1,\"seq\":1,\"tbl\":\"seeker\"}"), "duplicate key \"seq\"" },
		{ PUSH(SEEKER("1", "{\"name\":\"张三\",\"name\":\"张三\"}")), "duplicate key \"name\"" },
		{ PUSH(SEEKER("1", "{\"a\\\"b\":\"张三\",\"a\\\"b\":\"\"}")), "duplicate key \"a??b\"" },
	};
	static const char *const good = PUSH(SEEKER("1", "{\"name\":\"张三\"}"));
	size_t n;

	(void)state;
	refuse_all(dec_push, cases, sizeof cases / sizeof cases[0]);
	accept(dec_push, good);
	/* Every cut of a good message is refused, wherever the connection broke. */
	for (n = 0; n < strlen(good); n++)
		refuse_n(dec_push, good, n, "invalid JSON");
	/* A NULL buffer of no bytes is no message. */
	refuse_n(dec_push, NULL, 0, "invalid JSON");
	/* The other messages check the version the same way. */
	refuse(dec_push_reply, "{\"v\":2}", "v: expected 1, got 2");
	refuse(dec_pull, "{\"cursor\":\"\",\"limit\":1}", "v: missing");
	refuse(dec_pull_reply, "{\"v\":3}", "v: expected 1");
	refuse(dec_enroll, "{\"v\":-1}", "v: expected 1");
	refuse(dec_enroll_reply, "[]", "expected a JSON object");
	refuse(dec_error, "{\"v\":1", "invalid JSON");
}

/* Shape: unknown and missing members, wrong types. */
static void
test_refuse_push_shape(void **state)
{
	static const struct hostile cases[] = {
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[" SEEKER("1", "{}") "],\"x\":1}",
		  "unknown member \"x\"" },
		{ PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"insert\",\"hlc\":1,"
		  "\"fields\":{},\"office\":\"110105\"}"), "changes[0]: unknown member \"office\"" },
		{ "{\"v\":1,\"changes\":[" SEEKER("1", "{}") "]}", "terminal: missing" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\"}", "changes: missing" },
		{ "{\"v\":1,\"terminal\":5,\"changes\":[]}", "terminal: expected a string" },
		{ "{\"v\":1,\"terminal\":null,\"changes\":[]}", "terminal: expected a string" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":{}}", "changes: expected an array" },
		{ PUSH(""), "changes: empty" },
		{ PUSH("\"张三\""), "changes[0]: expected an object" },
		{ PUSH(SEEKER("1", "{}") ",[]"), "changes[1]: expected an object" },
		{ PUSH("{\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"insert\",\"hlc\":1,"
		  "\"fields\":{}}"), "changes[0].seq: missing" },
		{ PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"insert\",\"hlc\":1}"),
		  "changes[0].fields: missing" },
		{ PUSH(SEEKER("\"1\"", "{}")), "changes[0].seq: expected an integer" },
		{ PUSH(SEEKER("1.5", "{}")), "changes[0].seq: expected an integer" },
		{ PUSH(CHANGE("1", "7", "\"insert\"", HLC, "{}")), "changes[0].tbl: expected a string" },
		{ PUSH(CHANGE("1", "\"seeker\"", "true", HLC, "{}")),
		  "changes[0].op: expected a string" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "\"" HLC "\"", "{}")),
		  "changes[0].hlc: expected an integer" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "1e10", "{}")),
		  "changes[0].hlc: expected an integer" },
		{ PUSH(SEEKER("1", "[]")), "changes[0].fields: expected an object" },
		{ PUSH(SEEKER("1", "\"张三\"")), "changes[0].fields: expected an object" },
	};

	(void)state;
	refuse_all(dec_push, cases, sizeof cases / sizeof cases[0]);
}

/* Seqs: positive and consecutive; clocks positive. */
static void
test_refuse_push_seq_hlc(void **state)
{
	static const struct hostile cases[] = {
		{ PUSH(SEEKER("0", "{}")), "changes[0].seq: must be at least 1, got 0" },
		{ PUSH(SEEKER("-3", "{}")), "changes[0].seq: must be at least 1, got -3" },
		{ PUSH(SEEKER("41", "{}") "," SEEKER("42", "{}") "," SEEKER("44", "{}")),
		  "changes[2].seq: expected 43, got 44" },
		{ PUSH(SEEKER("5", "{}") "," SEEKER("5", "{}")), "changes[1].seq: expected 6, got 5" },
		{ PUSH(SEEKER("5", "{}") "," SEEKER("4", "{}")), "changes[1].seq: expected 6, got 4" },
		{ PUSH(SEEKER("9223372036854775807", "{}") "," SEEKER("1", "{}")),
		  "changes[1].seq: nothing can follow 9223372036854775807" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "0", "{}")),
		  "changes[0].hlc: must be at least 1, got 0" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "-1", "{}")),
		  "changes[0].hlc: must be at least 1, got -1" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "-9223372036854775808", "{}")),
		  "changes[0].hlc: must be at least 1" },
		/* Beyond 64 bits: jansson refuses the number itself. */
		{ PUSH(SEEKER("99999999999999999999", "{}")), "too big integer" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "18446744073709551615", "{}")),
		  "too big integer" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "-99999999999999999999", "{}")),
		  "too big negative integer" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "1e400", "{}")), "invalid JSON" },
	};

	(void)state;
	refuse_all(dec_push, cases, sizeof cases / sizeof cases[0]);
	accept(dec_push, PUSH(SEEKER("9223372036854775806", "{}") ","
	    SEEKER("9223372036854775807", "{}")));
	accept(dec_push, PUSH(CHANGE("1", "\"seeker\"", "\"insert\"", "9223372036854775807", "{}")));
}

/* Ids, tables and ops: canonical UUIDs, pushable tables, append-only service events. */
static void
test_refuse_push_ids_tables_ops(void **state)
{
	static const struct hostile cases[] = {
		{ "{\"v\":1,\"terminal\":\"01890A5D-AC96-774B-BCCE-B302099A8057\",\"changes\":["
		  SEEKER("1", "{}") "]}", "terminal: not a canonical UUID" },
		{ "{\"v\":1,\"terminal\":\"01890a5d-ac96-774b-bcce-b302099a805\",\"changes\":["
		  SEEKER("1", "{}") "]}", "terminal: not a canonical UUID" },
		{ "{\"v\":1,\"terminal\":\"01890a5dac96774bbcceb302099a8057\",\"changes\":["
		  SEEKER("1", "{}") "]}", "terminal: not a canonical UUID" },
		{ "{\"v\":1,\"terminal\":\"\",\"changes\":[" SEEKER("1", "{}") "]}",
		  "terminal: not a canonical UUID" },
		{ PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"01900000-0000-7000-8000-00000000000G\","
		  "\"op\":\"insert\",\"hlc\":1,\"fields\":{}}"), "changes[0].id: not a canonical UUID" },
		{ PUSH("{\"seq\":1,\"tbl\":\"seeker\",\"id\":\"01900000-0000-7000-8000-0000000000001\","
		  "\"op\":\"insert\",\"hlc\":1,\"fields\":{}}"), "changes[0].id: not a canonical UUID" },
		{ PUSH(CHANGE("1", "\"users\"", "\"insert\"", HLC, "{}")),
		  "changes[0].tbl: unknown table \"users\"" },
		{ PUSH(CHANGE("1", "\"\"", "\"insert\"", HLC, "{}")), "changes[0].tbl: unknown table" },
		{ PUSH(CHANGE("1", "\"seeker; drop table record\"", "\"insert\"", HLC, "{}")),
		  "changes[0].tbl: unknown table \"seeker; drop table record\"" },
		{ PUSH(CHANGE("1", "\"account\"", "\"update\"", HLC, "{}")),
		  "changes[0].tbl: table \"account\" cannot be pushed" },
		{ PUSH(CHANGE("1", "\"conflict\"", "\"insert\"", HLC, "{}")),
		  "changes[0].tbl: table \"conflict\" cannot be pushed" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"drop\"", HLC, "{}")),
		  "changes[0].op: unknown op \"drop\"" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"INSERT\"", HLC, "{}")),
		  "changes[0].op: unknown op \"INSERT\"" },
		{ PUSH(CHANGE("1", "\"service_event\"", "\"update\"", HLC, "{}")),
		  "changes[0].op: service_event is append-only" },
		{ PUSH(CHANGE("1", "\"service_event\"", "\"delete\"", HLC, "{}")),
		  "changes[0].op: service_event is append-only" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"delete\"", HLC, "{\"name\":\"张三\"}")),
		  "changes[0].fields: a delete carries replaced_by only" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"delete\"", HLC, "{\"replaced_by\":\"" ID2 "\","
		  "\"name\":\"张三\"}")), "changes[0].fields: a delete carries replaced_by only" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"delete\"", HLC, "{\"replaced_by\":\"张三\"}")),
		  "changes[0].fields.replaced_by: not a canonical UUID" },
		{ PUSH(CHANGE("1", "\"seeker\"", "\"delete\"", HLC, "{\"replaced_by\":\"" ID1 "\"}")),
		  "changes[0].fields.replaced_by: not a canonical UUID of another record" },
	};

	(void)state;
	refuse_all(dec_push, cases, sizeof cases / sizeof cases[0]);
	accept(dec_push, PUSH(CHANGE("1", "\"service_event\"", "\"insert\"", HLC, "{}")));
	accept(dec_push, PUSH(CHANGE("1", "\"employer\"", "\"delete\"", HLC, "{}")));
	accept(dec_push, PUSH(CHANGE("1", "\"vacancy\"", "\"delete\"", HLC,
	    "{\"replaced_by\":\"" ID2 "\"}")));
	assert_true(wire_pushable_table("seeker"));
	assert_true(wire_pushable_table("employer"));
	assert_true(wire_pushable_table("vacancy"));
	assert_true(wire_pushable_table("service_event"));
	assert_false(wire_pushable_table("account"));
	assert_false(wire_pushable_table("conflict"));
	assert_false(wire_pushable_table(""));
	assert_true(wire_append_only_table("service_event"));
	assert_false(wire_append_only_table("seeker"));
}

/* Field keys and values: names only, strings only, within the limits. */
static void
test_refuse_push_fields(void **state)
{
	static const struct hostile cases[] = {
		{ PUSH(SEEKER("1", "{\"name\":12}")), "changes[0].fields.name: expected a string" },
		{ PUSH(SEEKER("1", "{\"name\":null}")), "changes[0].fields.name: expected a string" },
		{ PUSH(SEEKER("1", "{\"name\":true}")), "changes[0].fields.name: expected a string" },
		{ PUSH(SEEKER("1", "{\"name\":[\"张三\"]}")),
		  "changes[0].fields.name: expected a string" },
		{ PUSH(SEEKER("1", "{\"name\":{\"zh\":\"张三\"}}")),
		  "changes[0].fields.name: expected a string" },
		{ PUSH(SEEKER("1", "{\"Name\":\"张三\"}")),
		  "changes[0].fields: key \"Name\" is not a field key" },
		{ PUSH(SEEKER("1", "{\"1st\":\"张三\"}")),
		  "changes[0].fields: key \"1st\" is not a field key" },
		{ PUSH(SEEKER("1", "{\"a-b\":\"张三\"}")),
		  "changes[0].fields: key \"a-b\" is not a field key" },
		{ PUSH(SEEKER("1", "{\"\":\"张三\"}")), "changes[0].fields: key \"\" is not a field key" },
		{ PUSH(SEEKER("1", "{\"姓名\":\"张三\"}")), "changes[0].fields: key \"??????\"" },
		{ PUSH(SEEKER("1", "{\"a\\\"b\":\"张三\"}")), "changes[0].fields: key \"a?b\"" },
		{ PUSH(SEEKER("1", "{\"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghi\":\"\"}")),
		  "changes[0].fields: key \"abcdefghijabcdefghijabcdefghijabcdefghij...\"" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	refuse_all(dec_push, cases, sizeof cases / sizeof cases[0]);
	accept(dec_push, PUSH(SEEKER("1", "{\"abcdefghijabcdefghijabcdefghijabcdefghijabcdefgh\":\"\","
	    "\"_x9\":\"\"}")));
	/* 64 fields pass, 65 do not. */
	for (i = WIRE_MAX_FIELDS; i <= WIRE_MAX_FIELDS + 1; i++) {
		buf_reset(&b);
		buf_adds(&b, "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":1,\"tbl\":\"seeker\","
		    "\"id\":\"" ID1 "\",\"op\":\"update\",\"hlc\":1,\"fields\":{");
		for (size_t k = 0; k < i; k++)
			buf_addf(&b, "%s\"f%zu\":\"张三\"", k > 0 ? "," : "", k);
		buf_adds(&b, "}}]}");
		if (i == WIRE_MAX_FIELDS)
			accept(dec_push, buf_str(&b));
		else
			refuse(dec_push, buf_str(&b), "changes[0].fields: 65 fields, at most 64");
	}
	/* 4096 bytes of value pass, 4097 do not. */
	for (i = WIRE_MAX_VALUE; i <= WIRE_MAX_VALUE + 1; i++) {
		buf_reset(&b);
		buf_adds(&b, "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[" SEEKER("1", "{}") ","
		    "{\"seq\":2,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"update\",\"hlc\":1,"
		    "\"fields\":{\"name\":\"张三\",\"address\":\"");
		for (size_t k = 0; k < i; k++)
			buf_addc(&b, 'x');
		buf_adds(&b, "\"}}]}");
		if (i == WIRE_MAX_VALUE)
			accept(dec_push, buf_str(&b));
		else
			refuse(dec_push, buf_str(&b),
			    "changes[1].fields.address: longer than 4096 bytes");
	}
	/* 1366 characters of three bytes: the limit counts bytes. */
	buf_reset(&b);
	buf_adds(&b, PUSH(SEEKER("1", "{\"name\":\"")));
	b.len -= strlen("}]}");
	b.data[b.len] = '\0';
	for (i = 0; i < 1366; i++)
		buf_adds(&b, "张");
	buf_adds(&b, "\"}}]}");
	refuse(dec_push, buf_str(&b), "changes[0].fields.name: longer than 4096 bytes");
	buf_free(&b);
}

/* 1000 changes pass, 1001 do not. */
static void
test_refuse_push_too_many(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	buf_adds(&b, "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[");
	for (i = 1; i <= WIRE_MAX_CHANGES; i++)
		buf_addf(&b, "%s{\"seq\":%zu,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"update\","
		    "\"hlc\":%zu,\"fields\":{\"name\":\"张三\"}}", i > 1 ? "," : "", i, i);
	buf_adds(&b, "]}");
	accept(dec_push, buf_str(&b));
	b.len -= 2;
	b.data[b.len] = '\0';
	buf_addf(&b, ",{\"seq\":%d,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"op\":\"update\","
	    "\"hlc\":1,\"fields\":{}}]}", WIRE_MAX_CHANGES + 1);
	refuse(dec_push, buf_str(&b), "changes: 1001 changes, at most 1000");
	buf_free(&b);
}

/* Bytes that are not text: NUL, broken UTF-8, lone surrogates. */
static void
test_refuse_bad_text(void **state)
{
	static const struct hostile cases[] = {
		{ PUSH(SEEKER("1", "{\"name\":\"张\\u0000三\"}")), "\\u0000 in a string" },
		{ PUSH(SEEKER("1", "{\"na\\u0000me\":\"张三\"}")), "invalid JSON" },
		{ PUSH(SEEKER("1", "{\"name\":\"\xff\"}")), "invalid JSON" },
		{ PUSH(SEEKER("1", "{\"name\":\"\xc0\xaf\"}")), "invalid JSON" },
		{ PUSH(SEEKER("1", "{\"name\":\"\xed\xa0\x80\"}")), "invalid JSON" },
		{ PUSH(SEEKER("1", "{\"name\":\"\xe5\xbc\"}")), "invalid JSON" },
		{ PUSH(SEEKER("1", "{\"name\":\"\\ud800\"}")), "invalid JSON" },
		{ PUSH(SEEKER("1", "{\"name\":\"a\nb\"}")), "invalid JSON" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\xff\",\"changes\":[]}", "invalid JSON" },
	};
	static const char nul[] = "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[]}\0";
	static const char nul_inside[] = "{\"v\":1,\0\"terminal\":\"" T1 "\",\"changes\":[]}";
	/* jansson alone drops a NUL right after a number or a literal. */
	static const char nul_after_number[] = "{\"v\":1\0,\"cursor\":\"\",\"limit\":5}";
	static const char nul_after_literal[] = "{\"v\":1,\"error\":\"gap\",\"message\":\"\","
	    "\"expected\":4\0}";

	(void)state;
	refuse_all(dec_push, cases, sizeof cases / sizeof cases[0]);
	/* A raw NUL byte, after or inside the object. */
	refuse_n(dec_push, nul, sizeof nul - 1, "invalid JSON");
	refuse_n(dec_push, nul_inside, sizeof nul_inside - 1, "invalid JSON");
	refuse_n(dec_pull, nul_after_number, sizeof nul_after_number - 1, "a NUL byte");
	refuse_n(dec_error, nul_after_literal, sizeof nul_after_literal - 1, "a NUL byte");
	/* Escaped characters are text like any other. */
	accept(dec_push, PUSH(SEEKER("1", "{\"name\":\"\\u5f20\\u4e09 \\ud840\\udc00\\n\"}")));
}

/* Deep nesting and huge strings: refused, never a crash, a short reason. */
static void
test_refuse_hostile_sizes(void **state)
{
	struct buf b = BUF_INIT;
	char err[WIRE_REASON_LEN];
	size_t i, big = 20 * 1024 * 1024;
	char *s;

	(void)state;
	/* 10000 nested arrays, at the top and inside a field. */
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 10000; i++)
		buf_addc(&b, ']');
	refuse(dec_push, buf_str(&b), "invalid JSON");
	refuse(dec_pull_reply, buf_str(&b), "maximum parsing depth");
	buf_reset(&b);
	buf_adds(&b, "{\"v\":1,\"terminal\":\"" T1 "\",\"changes\":[{\"seq\":1,\"tbl\":\"seeker\","
	    "\"id\":\"" ID1 "\",\"op\":\"insert\",\"hlc\":1,\"fields\":{\"name\":");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "{\"a\":");
	buf_adds(&b, "1");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '}');
	buf_adds(&b, "}}]}");
	refuse(dec_push, buf_str(&b), "maximum parsing depth");
	/* Nesting within the parser's limit is a wrong type, not a crash. */
	buf_reset(&b);
	buf_adds(&b, PUSH(SEEKER("1", "{\"name\":")));
	b.len -= strlen("}]}");
	b.data[b.len] = '\0';
	for (i = 0; i < 1000; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 1000; i++)
		buf_addc(&b, ']');
	buf_adds(&b, "}}]}");
	refuse(dec_push, buf_str(&b), "changes[0].fields.name: expected a string");
	buf_free(&b);

	/* A 20 MB string as a value, an id, an unknown member's name, a cursor. */
	s = xmalloc(big + 256);
	memcpy(s, PUSH(SEEKER("1", "{\"name\":\"")), strlen(PUSH(SEEKER("1", "{\"name\":\""))));
	i = strlen(PUSH(SEEKER("1", "{\"name\":\""))) - strlen("}]}");
	memset(s + i, 'x', big);
	memcpy(s + i + big, "\"}}]}", 6);
	refuse(dec_push, s, "changes[0].fields.name: longer than 4096 bytes");
	i = (size_t)snprintf(s, 64, "{\"v\":1,\"terminal\":\"");
	memset(s + i, 'x', big);
	snprintf(s + i + big, 64, "\",\"changes\":[]}");
	refuse(dec_push, s, "terminal: not a canonical UUID");
	i = (size_t)snprintf(s, 64, "{\"v\":1,\"");
	memset(s + i, 'x', big);
	snprintf(s + i + big, 64, "\":1}");
	assert_int_equal(dec_pull(s, strlen(s), err, sizeof err), -1);
	assert_mentions(err, "unknown member \"xxxxxxxx");
	assert_true(strlen(err) < 80);
	i = (size_t)snprintf(s, 64, "{\"v\":1,\"cursor\":\"");
	memset(s + i, 'x', big);
	snprintf(s + i + big, 64, "\",\"limit\":10}");
	assert_int_equal(dec_pull(s, strlen(s), err, sizeof err), -1);
	assert_mentions(err, "cursor: longer than 127 bytes");
	free(s);
}

/* The server's answer to a push: refusals within what was applied. */
static void
test_refuse_push_reply(void **state)
{
#define REPLY(rej) "{\"v\":1,\"applied_through\":45,\"hlc\":" HLC ",\"rejected\":[" rej "]}"
#define REJ(seq, tbl, reason) "{\"seq\":" seq ",\"tbl\":\"" tbl "\",\"id\":\"" ID1 \
	"\",\"reason\":\"" reason "\"}"
	static const struct hostile cases[] = {
		{ "{\"v\":1,\"hlc\":1,\"rejected\":[]}", "applied_through: missing" },
		{ "{\"v\":1,\"applied_through\":-1,\"hlc\":1,\"rejected\":[]}",
		  "applied_through: must be at least 0, got -1" },
		{ "{\"v\":1,\"applied_through\":4,\"hlc\":0,\"rejected\":[]}",
		  "hlc: must be at least 1, got 0" },
		{ "{\"v\":1,\"applied_through\":4,\"hlc\":1,\"rejected\":null}",
		  "rejected: expected an array" },
		{ "{\"v\":1,\"applied_through\":4,\"hlc\":1,\"rejected\":[],\"more\":true}",
		  "unknown member \"more\"" },
		{ REPLY(REJ("46", "seeker", "unknown record")),
		  "rejected[0].seq: 46 is after applied_through 45" },
		{ REPLY(REJ("45", "seeker", "ok") "," REJ("0", "seeker", "x")),
		  "rejected[1].seq: must be at least 1, got 0" },
		{ REPLY(REJ("45", "account", "x")), "rejected[0].tbl: unknown table \"account\"" },
		{ REPLY(REJ("45", "seeker", "")), "rejected[0].reason: empty" },
		{ REPLY("{\"seq\":45,\"tbl\":\"seeker\",\"id\":\"" ID1 "\"}"),
		  "rejected[0].reason: missing" },
		{ REPLY("{\"seq\":45,\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"reason\":\"x\",\"at\":1}"),
		  "rejected[0]: unknown member \"at\"" },
		{ REPLY("{\"seq\":45,\"tbl\":\"seeker\",\"id\":\"X\",\"reason\":\"x\"}"),
		  "rejected[0].id: not a canonical UUID" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	refuse_all(dec_push_reply, cases, sizeof cases / sizeof cases[0]);
	accept(dec_push_reply, REPLY(REJ("45", "seeker", "id_number: 校验码错误") ","
	    REJ("1", "service_event", "unknown record")));
	/* A reason of 255 bytes fits, 256 do not. */
	for (i = WIRE_REASON_LEN - 1; i <= WIRE_REASON_LEN; i++) {
		buf_reset(&b);
		buf_adds(&b, "{\"v\":1,\"applied_through\":45,\"hlc\":1,\"rejected\":[{\"seq\":1,"
		    "\"tbl\":\"seeker\",\"id\":\"" ID1 "\",\"reason\":\"");
		for (size_t k = 0; k < i; k++)
			buf_addc(&b, 'r');
		buf_adds(&b, "\"}]}");
		if (i < WIRE_REASON_LEN)
			accept(dec_push_reply, buf_str(&b));
		else
			refuse(dec_push_reply, buf_str(&b),
			    "rejected[0].reason: longer than 255 bytes");
	}
	buf_free(&b);
#undef REPLY
#undef REJ
}

/* A pull request: a printable cursor, a limit of 1 to 5000. */
static void
test_refuse_pull(void **state)
{
	static const struct hostile cases[] = {
		{ "{\"v\":1,\"cursor\":\"\",\"limit\":0}", "limit: must be 1 to 5000, got 0" },
		{ "{\"v\":1,\"cursor\":\"\",\"limit\":5001}", "limit: must be 1 to 5000, got 5001" },
		{ "{\"v\":1,\"cursor\":\"\",\"limit\":-5}", "limit: must be 1 to 5000, got -5" },
		{ "{\"v\":1,\"cursor\":\"\"}", "limit: missing" },
		{ "{\"v\":1,\"limit\":1}", "cursor: missing" },
		{ "{\"v\":1,\"cursor\":null,\"limit\":1}", "cursor: expected a string" },
		{ "{\"v\":1,\"cursor\":\"1.e\\n.5\",\"limit\":1}", "cursor: not printable ASCII" },
		{ "{\"v\":1,\"cursor\":\"1.张三\",\"limit\":1}", "cursor: not printable ASCII" },
		{ "{\"v\":1,\"cursor\":\"\",\"limit\":1,\"scope\":\"all\"}",
		  "unknown member \"scope\"" },
		{ "{\"v\":1,\"cursor\":\"0123456789012345678901234567890123456789012345678901234567890"
		  "123456789012345678901234567890123456789012345678901234567890123456789\",\"limit\":1}",
		  "cursor: longer than 127 bytes" },
	};

	(void)state;
	refuse_all(dec_pull, cases, sizeof cases / sizeof cases[0]);
	accept(dec_pull, "{\"v\":1,\"cursor\":\"1.e.5.9\",\"limit\":1}");
	accept(dec_pull, "{\"limit\":5000,\"cursor\":\"\",\"v\":1}");
}

/* A pull page: tables, keys, booleans, stamps, limits. */
static void
test_refuse_pull_reply(void **state)
{
	static const struct hostile cases[] = {
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":0,\"reset\":false,\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "more: expected true or false" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":\"no\",\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "reset: expected true or false" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":-2,\"hlc\":1,"
		  "\"records\":[]}", "remaining: must be at least -1, got -2" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,\"hlc\":-7,"
		  "\"records\":[]}", "hlc: must be at least 1, got -7" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,\"hlc\":1}",
		  "records: missing" },
		{ PAGE(RECORD("users", ID1, "{}", "{}")), "records[0].tbl: unknown table \"users\"" },
		{ PAGE(RECORD("seeker", "wang.li", "{}", "{}")),
		  "records[0].key: not a canonical UUID" },
		{ PAGE(RECORD("conflict", "01900000-0000-7000-8000-00000000000A", "{}", "{}")),
		  "records[0].key: not a canonical UUID" },
		{ PAGE(RECORD("account", "", "{}", "{}")), "records[0].key: empty" },
		{ PAGE(RECORD("account", "wang\\tli", "{}", "{}")),
		  "records[0].key: holds a control character" },
		{ PAGE(RECORD("code", "sex:\\u0085", "{}", "{}")),
		  "records[0].key: holds a control character" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{}") "," RECORD("seeker", ID2, "{\"name\":1}", "{}")),
		  "records[1].fields.name: expected a string" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"张三\"}", "{\"name\":\"yesterday\"}")),
		  "records[0].stamps.name: not a stamp" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"name\":\"0001900000000000:" T1 "x\"}")),
		  "records[0].stamps.name: longer than" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"name\":\"0001900000000000-" T1 "\"}")),
		  "records[0].stamps.name: not a stamp" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"name\":\"000190000000000G:" T1 "\"}")),
		  "records[0].stamps.name: not a stamp" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"Name\":\"\"}")),
		  "records[0].stamps: key \"Name\" is not a field key" },
		/* "*" names the stamp of every other field: in stamps only, and a stamp. */
		{ PAGE(RECORD("seeker", ID1, "{\"*\":\"x\"}", "{}")),
		  "records[0].fields: key \"*\" is not a field key" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"*\":\"yesterday\"}")),
		  "records[0].stamps.*: not a stamp" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"**\":\"\"}")),
		  "records[0].stamps: key \"**\" is not a field key" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":\"true\",\"replaced_by\":\"\","
		  "\"fields\":{},\"stamps\":{}}"), "records[0].deleted: expected true or false" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":\"x\","
		  "\"fields\":{},\"stamps\":{}}"), "records[0].replaced_by: not a canonical UUID" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":null,"
		  "\"fields\":{},\"stamps\":{}}"), "records[0].replaced_by: expected a string" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":\"\","
		  "\"fields\":{}}"), "records[0].stamps: missing" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":\"\","
		  "\"fields\":{},\"stamps\":{},\"office\":\"110105\"}"),
		  "records[0]: unknown member \"office\"" },
		{ PAGE("1"), "records[0]: expected an object" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	(void)state;
	refuse_all(dec_pull_reply, cases, sizeof cases / sizeof cases[0]);
	accept(dec_pull_reply, PAGE(RECORD("code", "region:110105", "{\"name_zh\":\"朝阳区\"}", "{}")
	    "," RECORD("account", "王丽", "{}", "{}") "," RECORD("seeker", ID1,
	    "{\"name\":\"张三\",\"phone\":\"\"}", "{\"name\":\"0001900000000000:" T1 "\",\"phone\":\"\"}")));
	accept(dec_pull_reply, PAGE(RECORD("seeker", ID1, "{\"name\":\"张三\",\"phone\":\"\"}",
	    "{\"*\":\"0001900000000000:" T1 "\",\"phone\":\"\"}")));
	/* 5001 records are too many. */
	buf_adds(&b, "{\"v\":1,\"cursor\":\"c\",\"more\":true,\"reset\":false,\"remaining\":-1,"
	    "\"hlc\":1,\"records\":[");
	for (i = 0; i <= WIRE_MAX_RECORDS; i++)
		buf_addf(&b, "%s{\"tbl\":\"code\",\"key\":\"c:%zu\",\"deleted\":false,"
		    "\"replaced_by\":\"\",\"fields\":{},\"stamps\":{}}", i > 0 ? "," : "", i);
	buf_adds(&b, "]}");
	refuse(dec_pull_reply, buf_str(&b), "records: 5001 records, at most 5000");
	/* A form's file may be long; a seeker's field may not. */
	for (i = 0; i < 2; i++) {
		buf_reset(&b);
		buf_addf(&b, "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,"
		    "\"hlc\":1,\"records\":[{\"tbl\":\"%s\",\"key\":\"%s\",\"deleted\":false,"
		    "\"replaced_by\":\"\",\"fields\":{\"text\":\"", i ? "seeker" : "form",
		    i ? ID1 : "seeker");
		for (size_t k = 0; k < (i ? WIRE_MAX_VALUE + 1 : WIRE_MAX_DOCUMENT + 1); k++)
			buf_addc(&b, 'x');
		buf_adds(&b, "\"},\"stamps\":{}}]}");
		refuse(dec_pull_reply, buf_str(&b), i ? "records[0].fields.text: longer than 4096 bytes" :
		    "records[0].fields.text: longer than 262144 bytes");
	}
	buf_free(&b);
}

/*
 * A fetch (POST /v1/fetch) both ways; one without its signature, with an
 * id that is no UUID, or a clock of 0 is refused before the server acts.
 */
static void
test_fetch_round_trip(void **state)
{
	struct wire_fetch f, g;
	char err[WIRE_REASON_LEN], *json;
	size_t len;

	(void)state;
	memset(&f, 0, sizeof f);
	snprintf(f.id, sizeof f.id, "%s", T1);
	f.hlc = HLC_N;
	snprintf(f.author, sizeof f.author, "wangfang");
	memset(f.sig, 'a', sizeof f.sig - 1);
	json = wire_fetch_encode(&f, &len);
	if (wire_fetch_decode(json, len, &g, err, sizeof err) != 0)
		fail_msg("own fetch refused: %s", err);
	free(json);
	assert_string_equal(g.id, f.id);
	assert_true(g.hlc == f.hlc);
	assert_string_equal(g.author, f.author);
	assert_string_equal(g.sig, f.sig);
	refuse(dec_fetch, "{\"v\":1,\"id\":\"" T1 "\",\"hlc\":5,\"author\":\"a\"}",
	    "sig: missing");
	refuse(dec_fetch, "{\"v\":1,\"id\":\"x\",\"hlc\":5,\"author\":\"a\",\"sig\":\"\"}",
	    "id");
	refuse(dec_fetch, "{\"v\":1,\"id\":\"" T1 "\",\"hlc\":0,\"author\":\"a\",\"sig\":\"\"}",
	    "hlc");
	refuse(dec_fetch, "{\"v\":2}", "v: expected 1");
}

/* Enrollment: a code of letters, digits and '-'; a base64url token; a hex key. */
static void
test_refuse_enroll(void **state)
{
#define ENROLL_REPLY(token, office, key) "{\"v\":1,\"token\":\"" token "\",\"office\":" office \
	",\"identity_key\":\"" key "\"}"
#define OFFICE "{\"code\":\"110105\",\"name\":\"朝阳区\",\"level\":\"district\",\"parent\":\"1101\"}"
#define TOKEN "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_9"
	static const struct hostile enroll[] = {
		{ "{\"v\":1,\"code\":\"\",\"terminal\":\"" T1 "\"}", "code: empty" },
		{ "{\"v\":1,\"code\":\"ab cd\",\"terminal\":\"" T1 "\"}", "code: not a code" },
		{ "{\"v\":1,\"code\":\"ab_cd\",\"terminal\":\"" T1 "\"}", "code: not a code" },
		{ "{\"v\":1,\"code\":\"0123456789012345678901234567890123456789012345678901234567890123\","
		  "\"terminal\":\"" T1 "\"}", "code: longer than 63 bytes" },
		{ "{\"v\":1,\"code\":12345678,\"terminal\":\"" T1 "\"}", "code: expected a string" },
		{ "{\"v\":1,\"code\":\"abc\",\"terminal\":\"" ID1 "0\"}", "terminal: not a canonical UUID" },
		{ "{\"v\":1,\"code\":\"abc\"}", "terminal: missing" },
		{ "{\"v\":1,\"code\":\"abc\",\"terminal\":\"" T1 "\",\"token\":\"x\"}",
		  "unknown member \"token\"" },
	};
	static const struct hostile reply[] = {
		{ ENROLL_REPLY("", OFFICE, KEY64), "token: empty" },
		{ ENROLL_REPLY("abc+/=", OFFICE, KEY64), "token: not base64url" },
		{ ENROLL_REPLY("0123456789012345678901234567890123456789012345678901234567890123",
		  OFFICE, KEY64), "token: longer than 63 bytes" },
		{ ENROLL_REPLY(TOKEN, OFFICE, "00112233"), "identity_key: not 64 lower-case hex" },
		{ ENROLL_REPLY(TOKEN, OFFICE, "00112233445566778899AABBCCDDEEFF00112233445566778899aabb"
		  "ccddeeff"), "identity_key: not 64 lower-case hex" },
		{ ENROLL_REPLY(TOKEN, OFFICE, KEY64 "0"), "identity_key: longer than 64 bytes" },
		{ ENROLL_REPLY(TOKEN, "\"110105\"", KEY64), "office: expected an object" },
		{ ENROLL_REPLY(TOKEN, "{\"code\":\"110105\",\"name\":\"朝阳区\",\"level\":\"district\"}",
		  KEY64), "office.parent: missing" },
		{ ENROLL_REPLY(TOKEN, "{\"code\":\"\",\"name\":\"朝阳区\",\"level\":\"district\","
		  "\"parent\":\"\"}", KEY64), "office.code: empty" },
		{ ENROLL_REPLY(TOKEN, "{\"code\":\"1\",\"name\":\"朝阳\\n区\",\"level\":\"district\","
		  "\"parent\":\"\"}", KEY64), "office.name: holds a control character" },
		{ ENROLL_REPLY(TOKEN, "{\"code\":\"1\",\"name\":\"朝阳区\",\"level\":\"district\","
		  "\"parent\":\"\",\"x\":1}", KEY64), "office: unknown member \"x\"" },
		{ "{\"v\":1,\"token\":\"" TOKEN "\",\"identity_key\":\"" KEY64 "\"}", "office: missing" },
	};
	static const struct hostile error[] = {
		{ "{\"v\":1,\"error\":\"Gap\",\"message\":\"\"}", "error: not a word" },
		{ "{\"v\":1,\"error\":\"\",\"message\":\"\"}", "error: empty" },
		{ "{\"v\":1,\"error\":\"gap\"}", "message: missing" },
		{ "{\"v\":1,\"error\":\"gap\",\"message\":\"\",\"expected\":0}",
		  "expected: must be at least 1, got 0" },
		{ "{\"v\":1,\"error\":\"gap\",\"message\":\"\",\"expected\":\"5\"}",
		  "expected: expected an integer" },
		{ "{\"v\":1,\"error\":\"gap\",\"message\":\"\",\"status\":409}",
		  "unknown member \"status\"" },
	};

	(void)state;
	refuse_all(dec_enroll, enroll, sizeof enroll / sizeof enroll[0]);
	refuse_all(dec_enroll_reply, reply, sizeof reply / sizeof reply[0]);
	refuse_all(dec_error, error, sizeof error / sizeof error[0]);
	accept(dec_enroll, "{\"v\":1,\"code\":\"K7-9x\",\"terminal\":\"" T1 "\"}");
	accept(dec_enroll_reply, ENROLL_REPLY(TOKEN, OFFICE, KEY64));
	accept(dec_error, "{\"v\":1,\"error\":\"unsupported_media_type\",\"message\":\"\"}");
#undef ENROLL_REPLY
#undef OFFICE
#undef TOKEN
}

static int
dec_keys(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_keys k;

	return wire_keys_decode(s, n, &k, err, errlen);
}

static int
dec_keys_reply(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_keys k;

	return wire_keys_reply_decode(s, n, &k, err, errlen);
}

/* A terminal's keys for sync by file and the district's answer: there and back, and refusals. */
static void
test_keys(void **state)
{
	struct wire_keys k, k2;
	char err[WIRE_REASON_LEN], *json;
	size_t len;
	static const struct hostile keys[] = {
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"sign_key\":\"00\",\"box_key\":\"" KEY64 "\"}",
		  "sign_key: not 64 lower-case hex digits" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"sign_key\":\"" KEY64 "\"}", "box_key: missing" },
		{ "{\"v\":1,\"sign_key\":\"" KEY64 "\",\"box_key\":\"" KEY64 "\"}",
		  "terminal: missing" },
	};
	static const struct hostile reply[] = {
		{ "{\"v\":1,\"sign_key\":\"" KEY64 "\",\"box_key\":\"" KEY64 "0\"}",
		  "box_key: longer than 64 bytes" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"sign_key\":\"" KEY64 "\",\"box_key\":\""
		  KEY64 "\"}", "unknown member \"terminal\"" },
	};

	(void)state;
	memset(&k, 0, sizeof k);
	snprintf(k.terminal, sizeof k.terminal, "%s", T1);
	snprintf(k.sign_key, sizeof k.sign_key, "%s", KEY64);
	snprintf(k.box_key, sizeof k.box_key, "%s", KEY64);
	json = wire_keys_encode(&k, &len);
	assert_string_equal(json, "{\"v\":1,\"terminal\":\"" T1 "\",\"sign_key\":\"" KEY64
	    "\",\"box_key\":\"" KEY64 "\"}");
	assert_int_equal(wire_keys_decode(json, len, &k2, err, sizeof err), 0);
	assert_memory_equal(&k, &k2, sizeof k);
	free(json);
	memset(k.terminal, 0, sizeof k.terminal);
	json = wire_keys_reply_encode(&k, &len);
	assert_null(strstr(json, "terminal"));
	assert_int_equal(wire_keys_reply_decode(json, len, &k2, err, sizeof err), 0);
	assert_memory_equal(&k, &k2, sizeof k);
	free(json);
	refuse_all(dec_keys, keys, sizeof keys / sizeof keys[0]);
	refuse_all(dec_keys_reply, reply, sizeof reply / sizeof reply[0]);
}

/* Decode a relay request, freeing what a success holds. */
static int
dec_relay(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_relay r;
	int rc = wire_relay_decode(s, n, &r, err, errlen);

	if (rc == 0)
		wire_relay_free(&r);
	return rc;
}

/* Decode a relay answer, freeing what a success holds. */
static int
dec_relay_reply(const char *s, size_t n, char *err, size_t errlen)
{
	struct wire_relay_reply r;
	int rc = wire_relay_reply_decode(s, n, &r, err, errlen);

	if (rc == 0)
		wire_relay_reply_free(&r);
	return rc;
}

/*
 * A relayed bundle and its answer: bytes of any value and any length
 * (base64 padding of each remainder) there and back, the optional
 * members only when they apply, and refusals of what is not base64.
 */
static void
test_relay(void **state)
{
	static const unsigned char bytes[] = { 'J', 'D', 0, 0xff, 0x80, '"', '\\', 0x7f };
	struct wire_relay q, q2;
	struct wire_relay_reply r, r2;
	char err[WIRE_REASON_LEN], *json;
	size_t len, n;
	static const struct hostile relay[] = {
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"bundle\":\"SkRC!A==\"}", "bundle: not base64" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"bundle\":\"SkRCV\"}", "bundle: not base64" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"bundle\":\"SkRC\\nVU5E\"}",
		  "bundle: not base64" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"bundle\":7}", "bundle: expected a string" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\"}", "bundle: missing" },
		{ "{\"v\":1,\"bundle\":\"\"}", "terminal: missing" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"bundle\":\"\",\"reply\":\"\"}",
		  "unknown member \"reply\"" },
	};
	static const struct hostile reply[] = {
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"office\":\"110105\",\"number\":0,"
		  "\"changes\":0,\"acknowledged\":0,\"rejected\":0,\"records\":0,\"more\":false,"
		  "\"reply\":\"\"}", "number: " },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"office\":\"110105\",\"number\":1,"
		  "\"changes\":0,\"acknowledged\":0,\"rejected\":0,\"records\":0,\"more\":false}",
		  "reply: missing" },
		{ "{\"v\":1,\"terminal\":\"" T1 "\",\"office\":\"110105\",\"number\":1,"
		  "\"changes\":0,\"acknowledged\":0,\"rejected\":0,\"records\":-1,\"more\":false,"
		  "\"reply\":\"\"}", "records: " },
	};

	(void)state;
	for (n = 0; n <= sizeof bytes; n++) {
		memset(&q, 0, sizeof q);
		snprintf(q.terminal, sizeof q.terminal, "%s", T1);
		q.bundle = (unsigned char *)(uintptr_t)bytes;
		q.len = n;
		json = wire_relay_encode(&q, &len);
		if (wire_relay_decode(json, len, &q2, err, sizeof err) != 0)
			fail_msg("%zu bytes refused: %s", n, err);
		assert_string_equal(q2.terminal, T1);
		assert_int_equal(q2.len, n);
		assert_non_null(q2.bundle);
		assert_memory_equal(q2.bundle, bytes, n);
		wire_relay_free(&q2);
		assert_null(q2.bundle);
		free(json);
	}
	memset(&q, 0, sizeof q);
	snprintf(q.terminal, sizeof q.terminal, "%s", T1);
	q.bundle = (unsigned char *)(uintptr_t)bytes;
	q.len = 3;
	json = wire_relay_encode(&q, &len);
	assert_string_equal(json, "{\"v\":1,\"terminal\":\"" T1 "\",\"bundle\":\"SkQA\"}");
	free(json);

	memset(&r, 0, sizeof r);
	snprintf(r.terminal, sizeof r.terminal, "%s", T1);
	snprintf(r.office, sizeof r.office, "110105-01");
	r.number = 3;
	r.changes = 12;
	r.acknowledged = 57;
	r.records = 340;
	r.reply = (unsigned char *)(uintptr_t)bytes;
	r.len = sizeof bytes;
	json = wire_relay_reply_encode(&r, &len);
	assert_null(strstr(json, "push_error"));
	assert_null(strstr(json, "refused_from"));
	assert_null(strstr(json, "pull_error"));
	assert_null(strstr(json, "newer"));
	assert_int_equal(wire_relay_reply_decode(json, len, &r2, err, sizeof err), 0);
	assert_int_equal(r2.number, 3);
	assert_int_equal(r2.changes, 12);
	assert_int_equal(r2.acknowledged, 57);
	assert_int_equal(r2.records, 340);
	assert_int_equal(r2.more, 0);
	assert_string_equal(r2.office, "110105-01");
	assert_int_equal(r2.len, sizeof bytes);
	assert_memory_equal(r2.reply, bytes, sizeof bytes);
	wire_relay_reply_free(&r2);
	free(json);
	snprintf(r.push_error, sizeof r.push_error, "change 58: office: not yours");
	r.refused_from = 58;
	snprintf(r.pull_error, sizeof r.pull_error, "the cursor is stale");
	r.more = 1;
	r.newer = 4;
	json = wire_relay_reply_encode(&r, &len);
	assert_int_equal(wire_relay_reply_decode(json, len, &r2, err, sizeof err), 0);
	assert_string_equal(r2.push_error, r.push_error);
	assert_int_equal(r2.refused_from, 58);
	assert_string_equal(r2.pull_error, r.pull_error);
	assert_int_equal(r2.more, 1);
	assert_int_equal(r2.newer, 4);
	wire_relay_reply_free(&r2);
	free(json);
	refuse_all(dec_relay, relay, sizeof relay / sizeof relay[0]);
	refuse_all(dec_relay_reply, reply, sizeof reply / sizeof reply[0]);
}

/* Stamps: fixed width, ordered by clock, then terminal; "" before all. */
static void
test_stamp_order(void **state)
{
	char a[WIRE_STAMP_LEN + 1], b[WIRE_STAMP_LEN + 1], c[WIRE_STAMP_LEN + 1];

	(void)state;
	wire_stamp(0x1234, T1, a);
	assert_string_equal(a, "0000000000001234:" T1);
	assert_int_equal(strlen(a), WIRE_STAMP_LEN);
	wire_stamp(UINT64_MAX, T2, b);
	assert_string_equal(b, "ffffffffffffffff:" T2);
	/* The clock decides, whatever the terminals. */
	wire_stamp((HLC_N + 1), T1, a);
	wire_stamp(HLC_N, T2, b);
	assert_true(wire_stamp_cmp(a, b) > 0);
	assert_true(wire_stamp_cmp(b, a) < 0);
	/* 0x10 after 0xf: numeric order, not the digits' count. */
	wire_stamp(0x10, T1, a);
	wire_stamp(0xf, T2, b);
	assert_true(wire_stamp_cmp(a, b) > 0);
	/* The same clock on two terminals: the larger id wins, every time, everywhere. */
	wire_stamp(HLC_N, T1, a);
	wire_stamp(HLC_N, T2, b);
	assert_true(wire_stamp_cmp(a, b) < 0);
	assert_true(wire_stamp_cmp(b, a) > 0);
	wire_stamp(HLC_N, T1, c);
	assert_int_equal(wire_stamp_cmp(a, c), 0);
	/* No stamp is older than any stamp, even 1970's first. */
	wire_stamp(1, T1, c);
	assert_true(wire_stamp_cmp("", c) < 0);
	assert_true(wire_stamp_cmp(c, "") > 0);
	assert_int_equal(wire_stamp_cmp("", ""), 0);
	assert_true(wire_stamp_cmp(NULL, c) < 0);
	assert_int_equal(wire_stamp_cmp(NULL, ""), 0);
}

/*
 * Compact identity index entries (WIRE_PAGE_HEADER): what the server
 * encodes is decoded as the object form is, each value under its column,
 * a null as no field; among objects, in the page's order; and the shapes
 * that are not an entry are refused with the place named.
 */
static void
test_pull_reply_compact_entries(void **state)
{
	struct wire_record rec[3];
	struct wire_pull_reply p, q;
	const struct kind *k = kind_get(KIND_IDENTITY);
	char err[WIRE_REASON_LEN], *json;
	size_t len;
	static const struct hostile cases[] = {
		{ PAGE("[\"" ID1 "\",false,\"\"]"), "records[0]: an identity index entry of 3 "
		  "items, expected 4" },
		{ PAGE("[\"" ID1 "\",false,\"\",[\"a\",\"b\",\"c\"],1]"),
		  "records[0]: an identity index entry of 5 items" },
		{ PAGE("[\"" ID1 "\",false,\"\",[\"a\",\"b\"]]"),
		  "records[0].values: 2 values, expected 3" },
		{ PAGE("[\"" ID1 "\",false,\"\",[\"a\",\"b\",\"c\",\"d\"]]"),
		  "records[0].values: 4 values, expected 3" },
		{ PAGE("[\"not-an-id\",false,\"\",[\"a\",\"b\",\"c\"]]"), "records[0].key" },
		{ PAGE("[\"" ID1 "\",0,\"\",[\"a\",\"b\",\"c\"]]"),
		  "records[0].deleted: expected a boolean" },
		{ PAGE("[\"" ID1 "\",true,\"x\",[\"a\",\"b\",\"c\"]]"),
		  "records[0].replaced_by" },
		{ PAGE("[\"" ID1 "\",false,\"\",{}]"), "records[0].values: expected an array" },
		{ PAGE("[\"" ID1 "\",false,\"\",[\"a\",1,\"c\"]]"),
		  "records[0].values.status: expected a string or null" },
		{ PAGE("[1,false,\"\",[\"a\",\"b\",\"c\"]]"),
		  "records[0]: expected an object, or an identity index entry" },
	};

	(void)state;
	/* The test's columns are the kind's: office, status, valid_until. */
	assert_int_equal(k->ncols, 3);
	memset(&p, 0, sizeof p);
	memset(rec, 0, sizeof rec);
	snprintf(p.cursor, sizeof p.cursor, "1.e.5.9.1.7");
	p.hlc = HLC_N;
	p.n = 3;
	p.records = rec;
	snprintf(rec[0].tbl, sizeof rec[0].tbl, "identity_index");
	snprintf(rec[0].key, sizeof rec[0].key, "%s", ID1);
	rec[0].fields_text = "[\"110105-02\",\"registered\",\"2027-03-01\"]";
	rec[0].compact = 1;
	snprintf(rec[1].tbl, sizeof rec[1].tbl, "seeker");
	snprintf(rec[1].key, sizeof rec[1].key, "%s", ID2);
	rec[1].fields_text = "{\"name\":\"张三\"}";
	rec[1].stamps_text = "{}";
	snprintf(rec[2].tbl, sizeof rec[2].tbl, "identity_index");
	snprintf(rec[2].key, sizeof rec[2].key, "%s", ID2);
	rec[2].deleted = 1;
	snprintf(rec[2].replaced_by, sizeof rec[2].replaced_by, "%s", ID1);
	rec[2].fields_text = "[\"110105\",null,\"\"]";
	rec[2].compact = 1;
	json = wire_pull_reply_encode(&p, &len);
	/* Each entry as an array, the record between them as an object. */
	assert_non_null(strstr(json, "[\"" ID1 "\",false,\"\",[\"110105-02\",\"registered\","
	    "\"2027-03-01\"]]"));
	assert_non_null(strstr(json, "[\"" ID2 "\",true,\"" ID1 "\",[\"110105\",null,\"\"]]"));
	if (wire_pull_reply_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("refused: %s", err);
	free(json);
	assert_int_equal(q.n, 3);
	assert_string_equal(q.records[0].tbl, "identity_index");
	assert_string_equal(q.records[0].key, ID1);
	assert_int_equal(q.records[0].deleted, 0);
	assert_string_equal(q.records[0].replaced_by, "");
	assert_int_equal(q.records[0].fields.n, 3);
	assert_string_equal(fields_str(&q.records[0].fields, "office"), "110105-02");
	assert_string_equal(fields_str(&q.records[0].fields, "status"), "registered");
	assert_string_equal(fields_str(&q.records[0].fields, "valid_until"), "2027-03-01");
	assert_int_equal(q.records[0].stamps.n, 0);
	assert_string_equal(q.records[1].tbl, "seeker");
	assert_string_equal(fields_str(&q.records[1].fields, "name"), "张三");
	assert_string_equal(q.records[2].tbl, "identity_index");
	assert_int_equal(q.records[2].deleted, 1);
	assert_string_equal(q.records[2].replaced_by, ID1);
	/* A null is no field; an empty string is one. */
	assert_int_equal(q.records[2].fields.n, 2);
	assert_string_equal(fields_str(&q.records[2].fields, "office"), "110105");
	assert_null(fields_get(&q.records[2].fields, "status"));
	assert_string_equal(fields_str(&q.records[2].fields, "valid_until"), "");
	wire_pull_reply_free(&q);
	/* Not asked for, the same entry goes as an object, which decodes the same. */
	rec[0].compact = 0;
	rec[0].fields_text = "{\"office\":\"110105-02\",\"status\":\"registered\","
	    "\"valid_until\":\"2027-03-01\"}";
	rec[0].stamps_text = "{}";
	p.n = 1;
	json = wire_pull_reply_encode(&p, &len);
	assert_non_null(strstr(json, "{\"tbl\":\"identity_index\",\"key\":\"" ID1 "\""));
	if (wire_pull_reply_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("refused: %s", err);
	free(json);
	assert_int_equal(q.records[0].fields.n, 3);
	assert_string_equal(fields_str(&q.records[0].fields, "status"), "registered");
	wire_pull_reply_free(&q);
	refuse_all(dec_pull_reply, cases, sizeof cases / sizeof cases[0]);
}

/* A page's members in any order, with whitespace wherever JSON allows it. */
static void
test_pull_reply_any_order(void **state)
{
	static const char page[] = " \t\r\n{ \"records\" :\n[ { \"stamps\" : { \"name\" : "
	    "\"0000000000000001:" T1 "\" } ,\r\n \"fields\"\t:\t{ \"phone\" : \"\" , \"name\" : "
	    "\"\\u5f20\\u4e09\" } , \"replaced_by\" : \"\" , \"deleted\" : false , \"key\" : \""
	    ID1 "\" , \"tbl\" : \"seeker\" } ,\n { \"key\" : \"wang.li\" , \"tbl\" : \"account\" , "
	    "\"fields\" : { } , \"stamps\" : { } , \"deleted\" : true , \"replaced_by\" : \"" ID2
	    "\" } ] , \"hlc\" : " HLC " , \"remaining\" : -1 , \"reset\" : true , \"more\" : "
	    "false , \"cursor\" : \"1.e.5.9\" , \"v\" : 1 } \n";
	struct wire_pull_reply q;
	char err[WIRE_REASON_LEN];

	(void)state;
	if (wire_pull_reply_decode(page, sizeof page - 1, &q, err, sizeof err) != 0)
		fail_msg("refused: %s", err);
	assert_string_equal(q.cursor, "1.e.5.9");
	assert_int_equal(q.more, 0);
	assert_int_equal(q.reset, 1);
	assert_int_equal(q.remaining, -1);
	assert_true(q.hlc == HLC_N);
	assert_int_equal(q.n, 2);
	assert_string_equal(q.records[0].tbl, "seeker");
	assert_string_equal(q.records[0].key, ID1);
	assert_int_equal(q.records[0].deleted, 0);
	assert_string_equal(q.records[0].replaced_by, "");
	assert_int_equal(q.records[0].fields.n, 2);
	/* In the message's order. */
	assert_string_equal(q.records[0].fields.keys[0], "phone");
	assert_string_equal(q.records[0].fields.values[0], "");
	assert_string_equal(q.records[0].fields.keys[1], "name");
	assert_string_equal(q.records[0].fields.values[1], "张三");
	assert_string_equal(fields_str(&q.records[0].stamps, "name"), "0000000000000001:" T1);
	assert_string_equal(q.records[1].tbl, "account");
	assert_string_equal(q.records[1].key, "wang.li");
	assert_int_equal(q.records[1].deleted, 1);
	assert_string_equal(q.records[1].replaced_by, ID2);
	assert_int_equal(q.records[1].fields.n, 0);
	assert_int_equal(q.records[1].stamps.n, 0);
	wire_pull_reply_free(&q);
	/* Keys alike but in one byte are two keys. */
	accept(dec_pull_reply, PAGE(RECORD("seeker", ID1, "{\"abcdef\":\"\",\"axcdef\":\"\"}",
	    "{\"abcdef\":\"\",\"abcdex\":\"\",\"xbcdef\":\"\"}")));
	/* -0 is an integer, and 0. */
	accept(dec_pull_reply, "{\"v\":1,\"cursor\":\"\",\"more\":false,\"reset\":false,"
	    "\"remaining\":-0,\"hlc\":1,\"records\":[]}");
}

/* Every escape JSON has decodes to the character it stands for. */
static void
test_pull_reply_escapes(void **state)
{
	static const char page[] = PAGE(RECORD("seeker", ID1, "{\"a\":\"x\\ny\",\"b\":"
	    "\"say \\\"hi\\\"\",\"c\":\"back\\\\slash\",\"d\":\"a\\/b\",\"e\":\"caf\\u00e9\","
	    "\"f\":\"\\ud83d\\ude00!\",\"g\":\"\\u00C9\\b\\f\\r\\t\",\"h\":\"plain\","
	    "\"i\":\"\\u4E2D\\u6587 中文\"}", "{}"));
	struct wire_pull_reply q;
	char err[WIRE_REASON_LEN];

	(void)state;
	if (wire_pull_reply_decode(page, sizeof page - 1, &q, err, sizeof err) != 0)
		fail_msg("refused: %s", err);
	assert_string_equal(fields_str(&q.records[0].fields, "a"), "x\ny");
	assert_string_equal(fields_str(&q.records[0].fields, "b"), "say \"hi\"");
	assert_string_equal(fields_str(&q.records[0].fields, "c"), "back\\slash");
	assert_string_equal(fields_str(&q.records[0].fields, "d"), "a/b");
	assert_string_equal(fields_str(&q.records[0].fields, "e"), "café");
	assert_string_equal(fields_str(&q.records[0].fields, "f"), "\xf0\x9f\x98\x80!");
	assert_string_equal(fields_str(&q.records[0].fields, "g"), "É\b\f\r\t");
	assert_string_equal(fields_str(&q.records[0].fields, "h"), "plain");
	assert_string_equal(fields_str(&q.records[0].fields, "i"), "中文 中文");
	wire_pull_reply_free(&q);
}

/* Text that is not JSON, or not UTF-8, anywhere in a page. */
static void
test_refuse_pull_reply_text(void **state)
{
#define P_HEAD "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,"
	static const struct hostile cases[] = {
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\ud83d\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\ude00\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\ud83d\\u0041\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\ud83dx\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"张\\u0000三\"}", "{}")),
		  "\\u0000 in a string" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\x41\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\u12\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\u12g4\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\\\"}", "{}")), "invalid JSON" },
		/* Overlong, cut short, a surrogate, past U+10FFFF, a stray byte. */
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\xc0\xaf\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\xe0\x80\xaf\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\xe5\xbc\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\xe5\xbc", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\xed\xa0\x80\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\xf4\x90\x80\x80\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\x80\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"na\xffme\":\"\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker\xff", ID1, "{}", "{}")), "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[]\xc3\xa9}", "invalid JSON" },
		/* Control characters must be escaped. */
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"a\nb\"}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"a\tb\"}", "{}")), "invalid JSON" },
		/* Duplicate keys in every object, also spelled differently. */
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"张三\",\"name\":\"张三\"}", "{}")),
		  "duplicate key \"name\"" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\",\"n\\u0061me\":\"\"}", "{}")),
		  "duplicate key \"name\"" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"name\":\"\",\"phone\":\"\",\"name\":\"\"}")),
		  "duplicate key \"name\"" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":false,\"replaced_by\":\"\","
		  "\"fields\":{},\"stamps\":{},\"key\":\"" ID2 "\"}"), "duplicate key \"key\"" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[],\"more\":true}",
		  "duplicate key \"more\"" },
		/* Not JSON: trailing commas, garbage after the root, comments, quotes. */
		{ PAGE(RECORD("seeker", ID1, "{}", "{}")) "x", "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{}")) "{}", "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{}")) ",", "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{}") ","), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{\"name\":\"\",}", "{}")), "invalid JSON" },
		{ PAGE(RECORD("seeker", ID1, "{,}", "{}")), "invalid JSON" },
		{ PAGE(","), "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[],}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[] /* */}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[] // x\n}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,'records':[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1 \"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\" []}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[] []}", "invalid JSON" },
		/* Numbers: not JSON, or not an integer where one is expected. */
		{ P_HEAD "\"remaining\":0,\"hlc\":NaN,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":Infinity,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":0112,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":-01,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":+1,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":.5,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":1.,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":1e,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0x10,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":-,\"hlc\":1,\"records\":[]}", "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":9223372036854775808,\"records\":[]}",
		  "invalid JSON" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1e3,\"records\":[]}", "hlc: expected an integer" },
		{ P_HEAD "\"remaining\":0E0,\"hlc\":1,\"records\":[]}",
		  "remaining: expected an integer" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1.5,\"records\":[]}", "hlc: expected an integer" },
		{ P_HEAD "\"remaining\":0,\"hlc\":0,\"records\":[]}", "hlc: must be at least 1" },
		{ "{\"v\":01,\"cursor\":\"c\"}", "invalid JSON" },
		{ "{\"v\":1e0,\"cursor\":\"c\"}", "v: expected an integer" },
		/* Literals are lower case and whole. */
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":True,\"reset\":false,\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "invalid JSON" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":tru,\"reset\":false,\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "invalid JSON" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":falsey,\"reset\":false,\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "invalid JSON" },
		{ "{\"v\":1,\"cursor\":\"c\",\"more\":null,\"reset\":false,\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "more: expected true or false" },
		/* Types of the containers. */
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":{}}", "records: expected an array" },
		{ PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":false,\"replaced_by\":\"\","
		  "\"fields\":[],\"stamps\":{}}"), "records[0].fields: expected an object" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{\"name\":null}")),
		  "records[0].stamps.name: expected a string" },
		{ PAGE(RECORD("seeker", ID1, "{}", "{}") "," RECORD("code", "x", "{}", "{}") ",[]"),
		  "records[2]: expected an object, or an identity index entry" },
		{ "{\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,\"hlc\":1,"
		  "\"records\":[]}", "v: missing" },
		{ P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[],\"extra\":[[[]]]}",
		  "unknown member \"extra\"" },
	};
	/* jansson let one raw NUL byte after a number through; it is not JSON. */
	static const char nul[] = P_HEAD "\"remaining\":0\0,\"hlc\":1,\"records\":[]}";
	static const char nul_end[] = P_HEAD "\"remaining\":0,\"hlc\":1,\"records\":[]}\0";

	(void)state;
	refuse_all(dec_pull_reply, cases, sizeof cases / sizeof cases[0]);
	refuse_n(dec_pull_reply, nul, sizeof nul - 1, "invalid JSON");
	refuse_n(dec_pull_reply, nul_end, sizeof nul_end - 1, "invalid JSON");
	refuse_n(dec_pull_reply, NULL, 0, "invalid JSON at byte 0");
#undef P_HEAD
}

/* Deep nesting, too many fields, long values before their table, every cut of a page. */
static void
test_refuse_pull_reply_shapes(void **state)
{
	struct buf b = BUF_INIT;
	char *json, *cut;
	size_t i, len, n;
	struct wire_record rec[3];
	struct wire_pull_reply p;

	(void)state;
	/* 10000 nested arrays as a record, and as a field's value. */
	buf_adds(&b, "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,"
	    "\"hlc\":1,\"records\":[");
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	for (i = 0; i < 10000; i++)
		buf_addc(&b, ']');
	buf_adds(&b, "]}");
	refuse(dec_pull_reply, buf_str(&b),
	    "records[0]: expected an object, or an identity index entry");
	buf_reset(&b);
	buf_adds(&b, PAGE("{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"fields\":{\"name\":"));
	b.len -= strlen("]}");
	b.data[b.len] = '\0';
	for (i = 0; i < 10000; i++)
		buf_addc(&b, '[');
	refuse(dec_pull_reply, buf_str(&b), "records[0].fields.name: expected a string");
	/* An object too deep for anything, where a page should be. */
	buf_reset(&b);
	for (i = 0; i < 3000; i++)
		buf_adds(&b, "[{\"a\":");
	refuse(dec_pull_reply, buf_str(&b), "maximum parsing depth");

	/* 64 fields are fine, 65 one too many, in fields and in stamps. */
	buf_reset(&b);
	buf_adds(&b, "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,"
	    "\"hlc\":1,\"records\":[{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":false,"
	    "\"replaced_by\":\"\",\"stamps\":{},\"fields\":{\"f0\":\"\"");
	for (i = 1; i < WIRE_MAX_FIELDS; i++)
		buf_addf(&b, ",\"f%zu\":\"\"", i);
	buf_adds(&b, "}}]}");
	accept(dec_pull_reply, buf_str(&b));
	for (n = 0; n < 2; n++) {
		buf_reset(&b);
		buf_addf(&b, "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,"
		    "\"hlc\":1,\"records\":[{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":false,"
		    "\"replaced_by\":\"\",\"%s\":{\"f0\":\"\"", n ? "stamps" : "fields");
		for (i = 1; i <= WIRE_MAX_FIELDS; i++)
			buf_addf(&b, ",\"f%zu\":\"\"", i);
		buf_addf(&b, "},\"%s\":{}}]}", n ? "fields" : "stamps");
		refuse(dec_pull_reply, buf_str(&b), n ? "records[0].stamps: 65 fields, at most 64" :
		    "records[0].fields: 65 fields, at most 64");
	}

	/* The value limit depends on the table, which may come after the fields. */
	for (n = 0; n < 2; n++) {
		buf_reset(&b);
		buf_adds(&b, "{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,\"remaining\":0,"
		    "\"hlc\":1,\"records\":[{\"fields\":{\"text\":\"");
		for (i = 0; i < WIRE_MAX_VALUE + 1; i++)
			buf_addc(&b, 'x');
		buf_addf(&b, "\"},\"stamps\":{},\"key\":\"%s\",\"deleted\":false,\"replaced_by\":\"\","
		    "\"tbl\":\"%s\"}]}", n ? ID1 : "seeker", n ? "seeker" : "form");
		if (n)
			refuse(dec_pull_reply, buf_str(&b),
			    "records[0].fields.text: longer than 4096 bytes");
		else
			accept(dec_pull_reply, buf_str(&b));
	}
	buf_free(&b);

	/* Every cut of a good page is refused, each in a buffer of just its bytes. */
	memset(&p, 0, sizeof p);
	snprintf(p.cursor, sizeof p.cursor, "1.e.5.9");
	p.more = 1;
	p.remaining = 12345;
	p.hlc = HLC_N;
	p.n = 3;
	p.records = rec;
	record_set(&rec[0], "seeker", ID1);
	fields_of(&rec[0].fields, "name", "张三 \"引号\"\n\x01😀", "phone", "", NULL);
	fields_of(&rec[0].stamps, "name", "0000000000000001:" T1, "phone", "", NULL);
	record_set(&rec[1], "employer", ID2);
	rec[1].deleted = 1;
	snprintf(rec[1].replaced_by, sizeof rec[1].replaced_by, ID1);
	record_set(&rec[2], "code", "sex:1");
	fields_of(&rec[2].fields, "name_zh", "男", "name_en", "Male", NULL);
	json = wire_pull_reply_encode(&p, &len);
	accept(dec_pull_reply, json);
	for (n = 0; n < len; n++) {
		cut = xmalloc(n > 0 ? n : 1);
		memcpy(cut, json, n);
		refuse_n(dec_pull_reply, cut, n, "invalid JSON");
		free(cut);
	}
	free(json);
	for (i = 0; i < 3; i++) {
		fields_free(&rec[i].fields);
		fields_free(&rec[i].stamps);
	}
}

/*
 * A page as the server sends it, its field sets pasted from the database
 * (jsonb text: spaces after ':' and ','; or escaped to ASCII, indented),
 * decodes to the same records as the same page encoded from the sets.
 */
static void
test_pull_reply_pasted_round_trip(void **state)
{
	static const char *const values[] = { "张三", "", "say \"hi\"", "back\\slash", "a/b",
		"line\nbreak\ttab", "\x01\x1f控制", "😀 emoji", "café É", "x" };
	struct wire_pull_reply p, q;
	char key[16], id[IDENT_LEN + 1], stamp[WIRE_STAMP_LEN + 1], err[WIRE_REASON_LEN];
	char *json;
	size_t i, k, len, nrec = 300;
	json_t *o;

	(void)state;
	memset(&p, 0, sizeof p);
	snprintf(p.cursor, sizeof p.cursor, "1.e.900.300");
	p.more = 1;
	p.remaining = 7;
	p.hlc = HLC_N;
	p.n = nrec;
	p.records = xcalloc(p.n, sizeof *p.records);
	for (i = 0; i < nrec; i++) {
		struct wire_record *r = &p.records[i];

		snprintf(id, sizeof id, "01900000-0000-7000-8000-%012zx", i);
		record_set(r, i % 7 == 3 ? "code" : "seeker", i % 7 == 3 ? "sex:1" : id);
		r->deleted = i % 11 == 5;
		for (k = 0; k < i % 30; k++) {
			snprintf(key, sizeof key, "field_%zu", (k * 7 + i) % 40);
			wire_stamp(HLC_N + i + k, k % 2 ? T1 : T2, stamp);
			fields_set(&r->fields, key, values[(i + k) % 10]);
			fields_set(&r->stamps, key, k % 3 ? stamp : "");
		}
	}
	/* Encoded from the sets. */
	page_round_trip(&p);
	/* Pasted, as jobdeskd does. */
	for (i = 0; i < nrec; i++) {
		struct wire_record *r = &p.records[i];
		size_t flags = i % 2 ? JSON_ENSURE_ASCII | JSON_INDENT(2) : 0;

		o = json_object();
		for (k = 0; k < r->fields.n; k++)
			json_object_set_new(o, r->fields.keys[k], json_string(r->fields.values[k]));
		r->fields_text = json_dumps(o, flags);
		json_decref(o);
		o = json_object();
		for (k = 0; k < r->stamps.n; k++)
			json_object_set_new(o, r->stamps.keys[k], json_string(r->stamps.values[k]));
		r->stamps_text = json_dumps(o, flags);
		json_decref(o);
	}
	json = wire_pull_reply_encode(&p, &len);
	if (wire_pull_reply_decode(json, len, &q, err, sizeof err) != 0)
		fail_msg("pasted page refused: %s", err);
	free(json);
	assert_int_equal(q.n, p.n);
	assert_string_equal(q.cursor, p.cursor);
	assert_int_equal(q.more, p.more);
	assert_int_equal(q.remaining, p.remaining);
	assert_true(q.hlc == p.hlc);
	for (i = 0; i < nrec; i++) {
		assert_string_equal(q.records[i].tbl, p.records[i].tbl);
		assert_string_equal(q.records[i].key, p.records[i].key);
		assert_int_equal(q.records[i].deleted, p.records[i].deleted);
		assert_string_equal(q.records[i].replaced_by, p.records[i].replaced_by);
		assert_fields_equal(&q.records[i].fields, &p.records[i].fields);
		assert_fields_equal(&q.records[i].stamps, &p.records[i].stamps);
		assert_null(q.records[i].fields_text);
	}
	wire_pull_reply_free(&q);
	wire_pull_reply_free(&p);
}

/*
 * The encoders as they were, building a jansson tree and dumping it
 * compact: the reference that the buffer encoders must give byte for
 * byte, since both ends and the databases keep texts they wrote.
 */
static void
ref_put(json_t *obj, const char *name, json_t *v)
{
	assert_non_null(v);
	assert_int_equal(json_object_set_new(obj, name, v), 0);
}

/* Free text cut to its valid UTF-8 prefix, as put_text did. */
static void
ref_put_text(json_t *obj, const char *name, const char *s)
{
	size_t i = strlen(s);
	json_t *v;

	while ((v = json_stringn(s, i)) == NULL)
		i--;
	ref_put(obj, name, v);
}

static json_t *
ref_fields(const struct fields *f)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < f->n; i++)
		ref_put(o, f->keys[i], json_string(f->values[i]));
	return o;
}

static json_t *
ref_message(void)
{
	json_t *o = json_object();

	ref_put(o, "v", json_integer(WIRE_VERSION));
	return o;
}

static char *
ref_dump(json_t *root)
{
	char *s = json_dumps(root, JSON_COMPACT);

	json_decref(root);
	assert_non_null(s);
	return s;
}

static char *
ref_push(const struct wire_push *p)
{
	json_t *root = ref_message(), *changes = json_array(), *o;
	size_t i;

	ref_put(root, "terminal", json_string(p->terminal));
	for (i = 0; i < p->n; i++) {
		const struct wire_change *ch = &p->changes[i];

		o = json_object();
		json_array_append_new(changes, o);
		ref_put(o, "seq", json_integer(ch->seq));
		ref_put(o, "tbl", json_string(ch->tbl));
		ref_put(o, "id", json_string(ch->id));
		ref_put(o, "op", json_string(ch->op));
		ref_put(o, "hlc", json_integer((long long)ch->hlc));
		ref_put(o, "fields", ref_fields(&ch->fields));
		if (ch->base.n > 0)
			ref_put(o, "base", ref_fields(&ch->base));
	}
	ref_put(root, "changes", changes);
	return ref_dump(root);
}

static char *
ref_push_reply(const struct wire_push_reply *r)
{
	json_t *root = ref_message(), *rejected = json_array(), *o;
	size_t i;

	ref_put(root, "applied_through", json_integer(r->applied_through));
	ref_put(root, "hlc", json_integer((long long)r->hlc));
	for (i = 0; i < r->nrejected; i++) {
		o = json_object();
		json_array_append_new(rejected, o);
		ref_put(o, "seq", json_integer(r->rejected[i].seq));
		ref_put(o, "tbl", json_string(r->rejected[i].tbl));
		ref_put(o, "id", json_string(r->rejected[i].id));
		ref_put_text(o, "reason", r->rejected[i].reason);
	}
	ref_put(root, "rejected", rejected);
	return ref_dump(root);
}

static char *
ref_pull(const struct wire_pull *p)
{
	json_t *root = ref_message();

	ref_put(root, "cursor", json_string(p->cursor));
	ref_put(root, "limit", json_integer(p->limit));
	return ref_dump(root);
}

/* A record's head, then its two field sets, as a tree or with the texts pasted. */
static json_t *
ref_record_head(const struct wire_record *r)
{
	json_t *o = json_object();

	ref_put(o, "tbl", json_string(r->tbl));
	ref_put(o, "key", json_string(r->key));
	ref_put(o, "deleted", json_boolean(r->deleted));
	ref_put(o, "replaced_by", json_string(r->replaced_by));
	return o;
}

static char *
ref_pull_reply(const struct wire_pull_reply *p)
{
	json_t *root = ref_message(), *records = json_array(), *o;
	struct buf b = BUF_INIT;
	char *head, *s;
	size_t i;

	ref_put(root, "cursor", json_string(p->cursor));
	ref_put(root, "more", json_boolean(p->more));
	ref_put(root, "reset", json_boolean(p->reset));
	ref_put(root, "remaining", json_integer(p->remaining));
	ref_put(root, "hlc", json_integer((long long)p->hlc));
	if (p->held > 0)
		ref_put(root, "held", json_integer(p->held));
	if (p->scope[0] != '\0')
		ref_put(root, "scope", json_string(p->scope));
	if (p->n == 0 || p->records[0].fields_text == NULL) {
		for (i = 0; i < p->n; i++) {
			o = ref_record_head(&p->records[i]);
			json_array_append_new(records, o);
			ref_put(o, "fields", ref_fields(&p->records[i].fields));
			ref_put(o, "stamps", ref_fields(&p->records[i].stamps));
		}
		ref_put(root, "records", records);
		return ref_dump(root);
	}
	ref_put(root, "records", records);
	head = ref_dump(root);
	buf_add(&b, head, strlen(head) - 2);
	free(head);
	for (i = 0; i < p->n; i++) {
		const struct wire_record *r = &p->records[i];

		head = ref_dump(ref_record_head(r));
		if (i > 0)
			buf_addc(&b, ',');
		buf_add(&b, head, strlen(head) - 1);
		free(head);
		buf_adds(&b, ",\"fields\":");
		s = r->fields_text != NULL ? NULL : ref_dump(ref_fields(&r->fields));
		buf_adds(&b, s != NULL ? s : r->fields_text);
		free(s);
		buf_adds(&b, ",\"stamps\":");
		s = r->stamps_text != NULL ? NULL : ref_dump(ref_fields(&r->stamps));
		buf_adds(&b, s != NULL ? s : r->stamps_text);
		free(s);
		buf_addc(&b, '}');
	}
	buf_adds(&b, "]}");
	return buf_detach(&b);
}

static char *
ref_enroll(const struct wire_enroll *e)
{
	json_t *root = ref_message();

	ref_put(root, "code", json_string(e->code));
	ref_put(root, "terminal", json_string(e->terminal));
	return ref_dump(root);
}

static char *
ref_enroll_reply(const struct wire_enroll_reply *e)
{
	json_t *root = ref_message(), *office = json_object();

	ref_put(root, "token", json_string(e->token));
	ref_put_text(office, "code", e->office_code);
	ref_put_text(office, "name", e->office_name);
	ref_put_text(office, "level", e->office_level);
	ref_put_text(office, "parent", e->office_parent);
	ref_put(root, "office", office);
	ref_put(root, "identity_key", json_string(e->identity_key));
	if (e->terminal[0] != '\0')
		ref_put(root, "terminal", json_string(e->terminal));
	return ref_dump(root);
}

static char *
ref_error(const struct wire_error *e)
{
	json_t *root = ref_message();

	ref_put(root, "error", json_string(e->error));
	ref_put_text(root, "message", e->message);
	if (e->expected > 0)
		ref_put(root, "expected", json_integer(e->expected));
	if (e->replayed > 0)
		ref_put(root, "replayed", json_integer(e->replayed));
	return ref_dump(root);
}

/* The encoder's text is the reference's, byte for byte; both are freed. */
static void
assert_same_text(char *got, size_t len, char *want)
{
	assert_int_equal(len, strlen(got));
	assert_string_equal(got, want);
	free(got);
	free(want);
}

/*
 * Text that escapes every way there is: each control character, quotes,
 * backslashes, a slash, DEL and C1 (not escaped), Chinese, an emoji, the
 * line and paragraph separators, and nothing at all.
 */
static const char *const awkward[] = {
	"", "张三", "say \"hi\"", "back\\slash\\", "a/b</script>", "\x7f\xc2\x80\xc2\x9f",
	"\x01\x02\x03\x04\x05\x06\x07\b\t\n\x0b\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17"
	"\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f", "😀 𠀀 \xe2\x80\xa8\xe2\x80\xa9", "北京市朝阳区\t第二行\n",
	"{\"not\":\"json\"}", "x",
};
#define NAWKWARD (sizeof awkward / sizeof awkward[0])

/* The text enc makes (of len bytes) is the one ref makes; len is set by enc, before it is read. */
#define SAME_TEXT(enc, ref) do {				\
	char *got_ = (enc);					\
								\
	assert_same_text(got_, len, (ref));			\
} while (0)

/* Every encoder writes what the jansson encoders wrote, for awkward text everywhere. */
static void
test_encoders_as_jansson(void **state)
{
	struct wire_change ch[NAWKWARD];
	struct wire_push push = { T1, NAWKWARD, ch };
	struct wire_rejection rej[NAWKWARD];
	struct wire_push_reply reply = { 9223372036854775807LL, UINT64_MAX, NAWKWARD, rej };
	struct wire_pull pull = { "1.e.5.9", 5000, 0 };
	struct wire_record rec[NAWKWARD];
	struct wire_pull_reply page = { "1.e.900.5000.2.7788", 1, 1, -1, HLC_N, NAWKWARD, rec, NULL,
		7, "110105-01" };
	struct wire_enroll enroll = { "Ab3-x9Q2", T1 };
	struct wire_enroll_reply er;
	struct wire_error e = { "diverged", "", 61, 44 };
	char stamp[WIRE_STAMP_LEN + 1], key[16];
	size_t i, k, len;

	(void)state;
	wire_stamp(HLC_N, T2, stamp);
	for (i = 0; i < NAWKWARD; i++) {
		change_set(&ch[i], (int64_t)i + 1, i % 2 ? "seeker" : "service_event", ID1,
		    i % 3 ? "update" : "insert", i == 0 ? UINT64_MAX : HLC_N + i);
		fields_init(&ch[i].base);
		record_set(&rec[i], i % 2 ? "code" : "seeker", i % 2 ? awkward[i] : ID2);
		rec[i].deleted = (int)(i % 2);
		snprintf(rec[i].replaced_by, sizeof rec[i].replaced_by, "%s", i % 3 ? "" : ID1);
		for (k = 0; k < i; k++) {
			snprintf(key, sizeof key, "f_%zu", NAWKWARD - k);
			fields_set(&ch[i].fields, key, awkward[(i + k) % NAWKWARD]);
			if (k % 2)
				fields_set(&ch[i].base, key, k % 4 == 1 ? stamp : "");
			fields_set(&rec[i].fields, key, awkward[(i * k) % NAWKWARD]);
			fields_set(&rec[i].stamps, k == 0 ? "*" : key, k % 2 ? "" : stamp);
		}
		memset(&rej[i], 0, sizeof rej[i]);
		rej[i].seq = (int64_t)i + 1;
		snprintf(rej[i].tbl, sizeof rej[i].tbl, "vacancy");
		snprintf(rej[i].id, sizeof rej[i].id, ID2);
		snprintf(rej[i].reason, sizeof rej[i].reason, "%s", awkward[i]);
	}
	/* A reason cut inside a character. */
	snprintf(rej[1].reason, sizeof rej[1].reason, "校验码\xe9\x94");
	SAME_TEXT(wire_push_encode(&push, &len), ref_push(&push));
	SAME_TEXT(wire_push_reply_encode(&reply, &len), ref_push_reply(&reply));
	reply.nrejected = 0;
	SAME_TEXT(wire_push_reply_encode(&reply, &len), ref_push_reply(&reply));
	SAME_TEXT(wire_pull_encode(&pull, &len), ref_pull(&pull));
	pull.cursor[0] = '\0';
	pull.limit = 1;
	SAME_TEXT(wire_pull_encode(&pull, &len), ref_pull(&pull));
	SAME_TEXT(wire_pull_reply_encode(&page, &len), ref_pull_reply(&page));
	page.n = 0;
	page.more = page.reset = 0;
	SAME_TEXT(wire_pull_reply_encode(&page, &len), ref_pull_reply(&page));
	/* A page of pasted field sets, as the server sends it: pasted as they are. */
	page.n = NAWKWARD;
	for (i = 0; i < NAWKWARD; i++) {
		rec[i].fields_text = xstrdup(i % 2 ? "{\"a\": \"x\", \"b\": \"\\u5f20\"}" : "{}");
		rec[i].stamps_text = i % 3 ? xstrdup("{\"*\":\"" "0000000000000001:" T1 "\"}") : NULL;
	}
	SAME_TEXT(wire_pull_reply_encode(&page, &len), ref_pull_reply(&page));
	SAME_TEXT(wire_enroll_encode(&enroll, &len), ref_enroll(&enroll));
	memset(&er, 0, sizeof er);
	snprintf(er.token, sizeof er.token, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_9");
	snprintf(er.office_code, sizeof er.office_code, "110105");
	/* An office name cut inside its last character by its buffer. */
	snprintf(er.office_name, sizeof er.office_name, "朝阳区 \"公共\" 就业\\服务\t中心\xe4\xb8");
	snprintf(er.office_level, sizeof er.office_level, "district");
	snprintf(er.identity_key, sizeof er.identity_key, KEY64);
	SAME_TEXT(wire_enroll_reply_encode(&er, &len), ref_enroll_reply(&er));
	snprintf(er.office_parent, sizeof er.office_parent, "1101");
	SAME_TEXT(wire_enroll_reply_encode(&er, &len), ref_enroll_reply(&er));
	for (i = 0; i < NAWKWARD; i++) {
		snprintf(e.message, sizeof e.message, "%s", awkward[i]);
		e.expected = i % 2 ? 0 : 61;
		e.replayed = i % 3 ? 0 : 44;
		SAME_TEXT(wire_error_encode(&e, &len), ref_error(&e));
	}
	snprintf(e.message, sizeof e.message, "办公室\xe4");
	SAME_TEXT(wire_error_encode(&e, &len), ref_error(&e));
	for (i = 0; i < NAWKWARD; i++) {
		fields_free(&ch[i].fields);
		fields_free(&ch[i].base);
		fields_free(&rec[i].fields);
		fields_free(&rec[i].stamps);
		free(rec[i].fields_text);
		free(rec[i].stamps_text);
	}
}

/* Two records hold the same: table, key, tombstone, redirect, fields and stamps in order. */
static void
assert_records_equal(const struct wire_record *a, const struct wire_record *b)
{
	assert_string_equal(a->tbl, b->tbl);
	assert_string_equal(a->key, b->key);
	assert_int_equal(a->deleted, b->deleted);
	assert_string_equal(a->replaced_by, b->replaced_by);
	assert_fields_equal(&a->fields, &b->fields);
	assert_fields_equal(&a->stamps, &b->stamps);
}

/* The text of one record, as a page holds it; the caller frees it. */
static char *
record_text(const struct wire_record *r)
{
	struct buf b = BUF_INIT;

	wire_record_encode(r, &b);
	return buf_detach(&b);
}

/*
 * A record encodes alone as it stands in a page (and as the store's own
 * jansson encoder wrote a waiting record), and decodes back to itself,
 * with field sets of its own.
 */
static void
test_record_round_trip(void **state)
{
	struct wire_record rec[4], q;
	struct wire_pull_reply p;
	char err[WIRE_REASON_LEN], stamp[WIRE_STAMP_LEN + 1], *text, *page, *form;
	json_t *o, *f, *st;
	size_t i, k, len;

	(void)state;
	wire_stamp(HLC_N, T1, stamp);
	record_set(&rec[0], "seeker", ID1);
	for (k = 0; k < NAWKWARD; k++) {
		char key[16];

		snprintf(key, sizeof key, "f%zu", k);
		fields_set(&rec[0].fields, key, awkward[k]);
		fields_set(&rec[0].stamps, key, k % 3 ? stamp : "");
	}
	fields_set(&rec[0].stamps, "*", stamp);
	record_set(&rec[1], "employer", ID2);
	rec[1].deleted = 1;
	snprintf(rec[1].replaced_by, sizeof rec[1].replaced_by, ID1);
	record_set(&rec[2], "account", "王丽 wang.li");
	fields_of(&rec[2].fields, "name", "王丽", "office", "110105", NULL);
	record_set(&rec[3], "form", "seeker");
	form = xmalloc(WIRE_MAX_DOCUMENT + 1);
	memset(form, 'f', WIRE_MAX_DOCUMENT);
	form[WIRE_MAX_DOCUMENT] = '\0';
	fields_of(&rec[3].fields, "text", form, NULL);
	free(form);
	memset(&p, 0, sizeof p);
	snprintf(p.cursor, sizeof p.cursor, "c");
	p.hlc = 1;
	p.n = 4;
	p.records = rec;
	page = wire_pull_reply_encode(&p, &len);
	for (i = 0; i < 4; i++) {
		text = record_text(&rec[i]);
		/* In the page, byte for byte. */
		assert_non_null(strstr(page, text));
		/* As the store's jansson encoder of a waiting record wrote it. */
		o = json_object();
		f = json_object();
		st = json_object();
		for (k = 0; k < rec[i].fields.n; k++)
			json_object_set_new(f, rec[i].fields.keys[k],
			    json_string(rec[i].fields.values[k]));
		for (k = 0; k < rec[i].stamps.n; k++)
			json_object_set_new(st, rec[i].stamps.keys[k],
			    json_string(rec[i].stamps.values[k]));
		json_object_set_new(o, "tbl", json_string(rec[i].tbl));
		json_object_set_new(o, "key", json_string(rec[i].key));
		json_object_set_new(o, "deleted", json_boolean(rec[i].deleted));
		json_object_set_new(o, "replaced_by", json_string(rec[i].replaced_by));
		json_object_set_new(o, "fields", f);
		json_object_set_new(o, "stamps", st);
		assert_same_text(json_dumps(o, JSON_COMPACT), strlen(text), xstrdup(text));
		json_decref(o);
		/* Back, with no NUL after the text, and its sets its own. */
		if (wire_record_decode(text, strlen(text), &q, err, sizeof err) != 0)
			fail_msg("own record refused: %s", err);
		free(text);
		assert_records_equal(&q, &rec[i]);
		assert_null(q.fields_text);
		fields_set(&q.fields, "added", "x");
		fields_set(&q.stamps, "*", NULL);
		wire_record_free(&q);
		assert_int_equal(q.fields.n, 0);
		assert_null(q.fields.keys);
	}
	free(page);
	/* The server's pasted texts give the record the sets give. */
	rec[2].fields_text = xstrdup("{\"name\":\"王丽\",\"office\":\"110105\"}");
	rec[2].stamps_text = xstrdup("{}");
	text = record_text(&rec[2]);
	free(rec[2].fields_text);
	free(rec[2].stamps_text);
	rec[2].fields_text = rec[2].stamps_text = NULL;
	assert_same_text(text, strlen(text), record_text(&rec[2]));
	for (i = 0; i < 4; i++)
		wire_record_free(&rec[i]);
}

/*
 * A record alone is refused as it is in a page, with the same reason but
 * for the "records[0]" in front of it (and the byte, of a JSON error).
 */
static void
test_record_refused_as_in_a_page(void **state)
{
	static const char *const records[] = {
		RECORD("seeker", ID1, "{\"name\":\"张三\"}", "{\"*\":\"0001900000000000:" T1 "\"}"),
		RECORD("users", ID1, "{}", "{}"),
		RECORD("seeker", "wang.li", "{}", "{}"),
		RECORD("account", "", "{}", "{}"),
		RECORD("account", "wang\\tli", "{}", "{}"),
		RECORD("code", "sex:\\u0085", "{}", "{}"),
		RECORD("seeker", ID1, "{\"name\":1}", "{}"),
		RECORD("seeker", ID1, "{\"name\":\"张三\"}", "{\"name\":\"yesterday\"}"),
		RECORD("seeker", ID1, "{\"*\":\"x\"}", "{}"),
		RECORD("seeker", ID1, "{\"Name\":\"\"}", "{}"),
		RECORD("seeker", ID1, "{\"name\":\"\",\"name\":\"\"}", "{}"),
		RECORD("seeker", ID1, "{\"name\":\"\\ud800\"}", "{}"),
		"{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":\"true\",\"replaced_by\":\"\","
		"\"fields\":{},\"stamps\":{}}",
		"{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":\"x\","
		"\"fields\":{},\"stamps\":{}}",
		"{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":\"\","
		"\"fields\":{}}",
		"{\"tbl\":\"seeker\",\"key\":\"" ID1 "\",\"deleted\":true,\"replaced_by\":\"\","
		"\"fields\":{},\"stamps\":{},\"office\":\"110105\"}",
		"{\"stamps\":{},\"fields\":{},\"replaced_by\":\"\",\"deleted\":false,\"key\":\"k\","
		"\"tbl\":\"code\"}",
		"{\"key\":\"k\",\"fields\":{},\"stamps\":{},\"deleted\":false,\"replaced_by\":\"\"}",
		"{\"tbl\":\"seeker\",\"fields\":{\"a\":\"\"},\"key\":\"" ID1 "\",\"tbl\":\"seeker\"}",
		"[]",
	};
	char perr[WIRE_REASON_LEN], rerr[WIRE_REASON_LEN], *page, *want, *at;
	struct wire_record q;
	size_t i;
	int prc, rrc;

	(void)state;
	for (i = 0; i < sizeof records / sizeof records[0]; i++) {
		page = xasprintf("{\"v\":1,\"cursor\":\"c\",\"more\":false,\"reset\":false,"
		    "\"remaining\":0,\"hlc\":1,\"records\":[%s]}", records[i]);
		perr[0] = rerr[0] = '\0';
		prc = dec_pull_reply(page, strlen(page), perr, sizeof perr);
		rrc = wire_record_decode(records[i], strlen(records[i]), &q, rerr, sizeof rerr);
		free(page);
		if (rrc == 0)
			wire_record_free(&q);
		if (prc != rrc)
			fail_msg("%s: page %d (%s), record %d (%s)", records[i], prc, perr, rrc, rerr);
		if (prc == 0)
			continue;
		/* A record that is not an object is not one a page could hold either. */
		if (strcmp(records[i], "[]") == 0) {
			assert_string_equal(rerr, "expected a JSON object");
			continue;
		}
		if (strncmp(perr, "records[0].", 11) == 0)
			want = perr + 11;
		else if (strncmp(perr, "records[0]: ", 12) == 0)
			want = perr + 12;
		else {
			/* A JSON error: the same words, at another byte. */
			assert_mentions(perr, "invalid JSON at byte ");
			assert_mentions(rerr, "invalid JSON at byte ");
			at = strchr(perr + 21, ':');
			assert_non_null(at);
			assert_string_equal(at, strchr(rerr + 21, ':'));
			continue;
		}
		assert_string_equal(rerr, want);
	}
	/* Every cut of a good record is refused, each in a buffer of just its bytes. */
	for (i = 0; i < strlen(records[0]); i++) {
		page = xmalloc(i > 0 ? i : 1);
		memcpy(page, records[0], i);
		assert_int_equal(wire_record_decode(page, i, &q, rerr, sizeof rerr), -1);
		assert_mentions(rerr, "invalid JSON");
		assert_null(q.fields.keys);
		free(page);
	}
}

/*
 * A field set through the one codec: the text jansson's compact dump
 * gives (its keys sorted by bytes when asked), and back to the same set.
 */
static void
fields_codec_round_trip(const struct fields *f)
{
	struct fields back;
	json_t *o = json_object();
	char *text, *want;
	size_t i;
	int sorted;

	for (i = 0; i < f->n; i++)
		json_object_set_new(o, f->keys[i], json_string(f->values[i]));
	for (sorted = 0; sorted < 2; sorted++) {
		text = wire_fields_text(f, sorted);
		want = json_dumps(o, JSON_COMPACT | (sorted ? JSON_SORT_KEYS : 0));
		assert_string_equal(text, want);
		free(want);
		fields_init(&back);
		assert_int_equal(wire_fields_decode(text, strlen(text), &back), 0);
		assert_int_equal(back.n, f->n);
		if (!sorted)
			assert_fields_equal(&back, f);
		for (i = 0; i < back.n; i++) {
			assert_string_equal(back.values[i], fields_str(f, back.keys[i]));
			if (sorted && i > 0)
				assert_true(strcmp(back.keys[i - 1], back.keys[i]) < 0);
		}
		fields_free(&back);
		free(text);
	}
	json_decref(o);
}

/* Field sets of awkward text, in and out of order, and empty, survive the codec. */
static void
test_fields_codec(void **state)
{
	static const char *const bad[] = {
		"", " ", "[]", "[{\"a\":\"b\"}]", "\"a\"", "1", "null", "true",
		"{\"a\":1}", "{\"a\":null}", "{\"a\":true}", "{\"a\":{}}", "{\"a\":[\"b\"]}",
		"{\"a\":\"b\",\"c\":2}", "{}x", "{} {}", "{},", "{\"a\":\"b\"}}", "{",
		"{\"a\"}", "{\"a\":\"b\",}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\xff\"}",
		"{\"a\":\"b\nc\"}", "{'a':'b'}",
	};
	struct fields f;
	char key[16];
	size_t i;

	(void)state;
	fields_init(&f);
	fields_codec_round_trip(&f);
	/* Keys out of order, one of each awkward value. */
	for (i = 0; i < NAWKWARD; i++) {
		snprintf(key, sizeof key, "%c_%zu", (int)('z' - (i * 7) % 26), i);
		fields_set(&f, key, awkward[i]);
	}
	fields_codec_round_trip(&f);
	fields_free(&f);
	fields_of(&f, "name", "张三", "phone", "", "_", "\"", "b", "\\", "a", "\x1f\x7f", NULL);
	fields_codec_round_trip(&f);
	fields_free(&f);
	/* Whitespace wherever JSON allows it, escapes of every kind. */
	assert_int_equal(wire_fields_decode(" \t{ \"a\" :\n\"\\u5f20\\u4e09\" ,\"b\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\" }\r\n",
	    strlen(" \t{ \"a\" :\n\"\\u5f20\\u4e09\" ,\"b\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\" }\r\n"), &f), 0);
	assert_string_equal(fields_str(&f, "a"), "张三");
	assert_string_equal(fields_str(&f, "b"), "\"\\/\b\f\n\r\t");
	fields_free(&f);
	/* Only an object of strings, and nothing after it. */
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fields_init(&f);
		if (wire_fields_decode(bad[i], strlen(bad[i]), &f) == 0)
			fail_msg("accepted as a field set: %s", bad[i]);
		fields_free(&f);
	}
	/* The length counts, not a NUL: a set cut short is not one. */
	fields_init(&f);
	assert_int_equal(wire_fields_decode("{\"a\":\"b\"}", 8, &f), -1);
	fields_free(&f);
}

/*
 * An outbox entry sent as stored: its fields and base pasted from the
 * texts the store keeps (sorted, as it writes them) give the bytes that
 * decoding those texts and encoding the sets gave; an empty base text is
 * no base.
 */
static void
test_push_pasted_texts(void **state)
{
	static const char *const empty[] = { "{}", " { }\n" };
	struct wire_change ch[4], st[4];
	struct wire_push p = { T1, 4, ch }, q = { T1, 4, st }, r;
	char stamp[WIRE_STAMP_LEN + 1], err[WIRE_REASON_LEN], *want, *got, *text;
	size_t i, k, len, len2;

	(void)state;
	wire_stamp(HLC_N, T2, stamp);
	change_set(&ch[0], 7, "seeker", ID1, "update", HLC_N + 5);
	fields_of(&ch[0].fields, "phone", "13800138000", "name", "李四 \"四\" \\", "address",
	    "\x01\n\t", "district", "", NULL);
	fields_of(&ch[0].base, "phone", stamp, "name", "", NULL);
	change_set(&ch[1], 8, "seeker", ID2, "insert", HLC_N + 6);
	for (k = 0; k < NAWKWARD; k++) {
		char key[16];

		snprintf(key, sizeof key, "f%zu", NAWKWARD - k);
		fields_set(&ch[1].fields, key, awkward[k]);
	}
	fields_init(&ch[1].base);
	change_set(&ch[2], 9, "service_event", ID2, "insert", HLC_N + 7);
	fields_of(&ch[2].fields, "type", "referral", "seeker_id", ID1, NULL);
	fields_init(&ch[2].base);
	change_set(&ch[3], 10, "vacancy", ID1, "delete", HLC_N + 8);
	fields_init(&ch[3].fields);
	fields_init(&ch[3].base);
	/* The store's rows: the sets as sorted texts, and what reading them back gives. */
	for (i = 0; i < 4; i++) {
		change_set(&st[i], ch[i].seq, ch[i].tbl, ch[i].id, ch[i].op, ch[i].hlc);
		fields_init(&st[i].base);
		st[i].fields_text = wire_fields_text(&ch[i].fields, 1);
		st[i].base_text = ch[i].base.n > 0 ? wire_fields_text(&ch[i].base, 1) :
		    xstrdup(empty[i % 2]);
		fields_free(&ch[i].fields);
		fields_free(&ch[i].base);
		assert_int_equal(wire_fields_decode(st[i].fields_text, strlen(st[i].fields_text),
		    &ch[i].fields), 0);
		if (ch[i].base.n == 0 && strchr(st[i].base_text, ':') != NULL)
			assert_int_equal(wire_fields_decode(st[i].base_text,
			    strlen(st[i].base_text), &ch[i].base), 0);
	}
	want = wire_push_encode(&p, &len);
	got = wire_push_encode(&q, &len2);
	assert_int_equal(len, len2);
	assert_string_equal(got, want);
	/* An empty base text leaves base out, as an empty base does. */
	assert_null(strstr(got, "\"base\":{}"));
	assert_non_null(strstr(got, "\"base\":{\"name\":\"\",\"phone\":\"" ));
	/* The server reads the pasted push as the encoded one. */
	if (wire_push_decode(got, len2, &r, err, sizeof err) != 0)
		fail_msg("pasted push refused: %s", err);
	for (i = 0; i < 4; i++) {
		assert_fields_equal(&r.changes[i].fields, &ch[i].fields);
		assert_fields_equal(&r.changes[i].base, &ch[i].base);
		assert_null(r.changes[i].fields_text);
	}
	wire_push_free(&r);
	/* A text is pasted as it is, whatever set is beside it. */
	text = st[2].fields_text;
	st[2].fields_text = xstrdup("{\"type\":\"guidance\"}");
	fields_set(&st[2].fields, "type", "referral");
	free(got);
	got = wire_push_encode(&q, NULL);
	assert_non_null(strstr(got, "\"fields\":{\"type\":\"guidance\"}"));
	free(text);
	free(want);
	free(got);
	for (i = 0; i < 4; i++) {
		fields_free(&ch[i].fields);
		fields_free(&ch[i].base);
	}
	/* wire_push_free frees the texts with the rest. */
	q.changes = xcalloc(4, sizeof *q.changes);
	memcpy(q.changes, st, sizeof st);
	wire_push_free(&q);
	assert_null(q.changes);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_round_trip),
		cmocka_unit_test(test_push_signed),
		cmocka_unit_test(test_push_base),
		cmocka_unit_test(test_pull_reply_pasted),
		cmocka_unit_test(test_push_largest),
		cmocka_unit_test(test_push_reply_round_trip),
		cmocka_unit_test(test_pull_round_trip),
		cmocka_unit_test(test_pull_reply_round_trip),
		cmocka_unit_test(test_pull_reply_largest),
		cmocka_unit_test(test_enroll_and_error_round_trip),
		cmocka_unit_test(test_refuse_not_a_message),
		cmocka_unit_test(test_refuse_push_shape),
		cmocka_unit_test(test_refuse_push_seq_hlc),
		cmocka_unit_test(test_refuse_push_ids_tables_ops),
		cmocka_unit_test(test_refuse_push_fields),
		cmocka_unit_test(test_refuse_push_too_many),
		cmocka_unit_test(test_refuse_bad_text),
		cmocka_unit_test(test_refuse_hostile_sizes),
		cmocka_unit_test(test_refuse_push_reply),
		cmocka_unit_test(test_refuse_pull),
		cmocka_unit_test(test_refuse_pull_reply),
		cmocka_unit_test(test_pull_reply_any_order),
		cmocka_unit_test(test_pull_reply_compact_entries),
		cmocka_unit_test(test_pull_reply_escapes),
		cmocka_unit_test(test_refuse_pull_reply_text),
		cmocka_unit_test(test_refuse_pull_reply_shapes),
		cmocka_unit_test(test_pull_reply_pasted_round_trip),
		cmocka_unit_test(test_encoders_as_jansson),
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_refused_as_in_a_page),
		cmocka_unit_test(test_fields_codec),
		cmocka_unit_test(test_push_pasted_texts),
		cmocka_unit_test(test_refuse_enroll),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_fetch_round_trip),
		cmocka_unit_test(test_relay),
		cmocka_unit_test(test_stamp_order),
	};

	if (utf8_locale("test_wire") != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
