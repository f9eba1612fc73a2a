/*
 * Pull pages: the biggest message by far (a first full sync is dozens of
 * pages of megabytes each, mostly field sets), and the records in them.
 * A record is written the same way in a page and alone
 * (wire_record_encode); the server's field sets come as the JSON texts its
 * database holds and are pasted, never taken apart and built again.
 */
#include <string.h>

#include "common/buf.h"
#include "wire/wire-int.h"
#include "wire/wire.h"

void
wire_record_encode(const struct wire_record *r, struct buf *b)
{
	buf_addc(b, '{');
	encode_str(b, "tbl", r->tbl);
	encode_str(b, "key", r->key);
	encode_bool(b, "deleted", r->deleted);
	encode_str(b, "replaced_by", r->replaced_by);
	encode_fields(b, "fields", r->fields_text, &r->fields);
	encode_fields(b, "stamps", r->stamps_text, &r->stamps);
	buf_addc(b, '}');
}

char *
wire_pull_reply_encode(const struct wire_pull_reply *p, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;

	encode_head(&b);
	encode_str(&b, "cursor", p->cursor);
	encode_bool(&b, "more", p->more);
	encode_bool(&b, "reset", p->reset);
	encode_int(&b, "remaining", p->remaining);
	encode_int(&b, "hlc", (long long)p->hlc);
	encode_name(&b, "records");
	buf_addc(&b, '[');
	for (i = 0; i < p->n; i++) {
		encode_sep(&b);
		wire_record_encode(&p->records[i], &b);
	}
	buf_addc(&b, ']');
	return encode_end(&b, len);
}
