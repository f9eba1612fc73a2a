/* TEMPORARY until the wire split lands. */
#include <stdio.h>
#include <string.h>

#include "common/xalloc.h"
#include "wire/fields-json.h"
#include "wire/wire-record-tmp.h"

void
wire_record_encode(const struct wire_record *r, struct buf *b)
{
	buf_adds(b, "{\"tbl\":");
	wire_json_string(b, r->tbl);
	buf_adds(b, ",\"key\":");
	wire_json_string(b, r->key);
	buf_addf(b, ",\"deleted\":%s,\"replaced_by\":", r->deleted ? "true" : "false");
	wire_json_string(b, r->replaced_by);
	buf_adds(b, ",\"fields\":");
	wire_fields_encode(&r->fields, 0, b);
	buf_adds(b, ",\"stamps\":");
	wire_fields_encode(&r->stamps, 0, b);
	buf_addc(b, '}');
}

int
wire_record_decode(const char *text, size_t len, struct wire_record *r, char *err, size_t errlen)
{
	struct wire_pull_reply page;
	struct buf b = BUF_INIT;
	int rc;

	memset(r, 0, sizeof *r);
	buf_adds(&b, "{\"v\":1,\"cursor\":\"\",\"more\":false,\"reset\":false,\"remaining\":0,"
	    "\"hlc\":1,\"records\":[");
	buf_add(&b, text, len);
	buf_adds(&b, "]}");
	rc = wire_pull_reply_decode(b.data, b.len, &page, err, errlen);
	buf_free(&b);
	if (rc != 0)
		return -1;
	if (page.n != 1) {
		snprintf(err, errlen, "not one record");
		wire_pull_reply_free(&page);
		return -1;
	}
	snprintf(r->tbl, sizeof r->tbl, "%s", page.records[0].tbl);
	snprintf(r->key, sizeof r->key, "%s", page.records[0].key);
	snprintf(r->replaced_by, sizeof r->replaced_by, "%s", page.records[0].replaced_by);
	r->deleted = page.records[0].deleted;
	fields_init(&r->fields);
	fields_init(&r->stamps);
	fields_merge(&r->fields, &page.records[0].fields);
	fields_merge(&r->stamps, &page.records[0].stamps);
	wire_pull_reply_free(&page);
	return 0;
}

void
wire_record_free(struct wire_record *r)
{
	fields_free(&r->fields);
	fields_free(&r->stamps);
}
