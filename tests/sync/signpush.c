/*
 * signpush: sign the changes of a push body as an account would, for the
 * sync suites that make pushes by hand (a stolen token with or without an
 * account's key). Reads a push body on standard input and writes it again
 * with every change signed: "author" and "sig" as the client sends them.
 * A body that is not a push goes out unchanged, for the cases that test
 * what the server does with a malformed one.
 *
 *	signpush SECRET_KEY_HEX AUTHOR [TERMINAL] < push.json > signed.json
 *
 * TERMINAL, when given, is the terminal the signature is made for (by
 * default the push's own): a signature made for another terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/buf.h"
#include "core/sign.h"
#include "wire/fields-json.h"
#include "wire/wire.h"

int
main(int argc, char **argv)
{
	unsigned char key[SIGN_SECRET_LEN];
	struct buf in = BUF_INIT;
	struct wire_push p;
	char chunk[4096], err[WIRE_REASON_LEN], *out;
	size_t n, i, len;

	if (argc < 3 || argc > 4 || sodium_init() < 0 ||
	    sign_from_hex(argv[1], key, sizeof key) != 0) {
		fprintf(stderr, "usage: signpush SECRET_KEY_HEX AUTHOR [TERMINAL] < push.json\n");
		return 2;
	}
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		buf_add(&in, chunk, n);
	if (wire_push_decode(buf_str(&in), in.len, &p, err, sizeof err) != 0) {
		fwrite(buf_str(&in), 1, in.len, stdout);
		return 0;
	}
	for (i = 0; i < p.n; i++) {
		struct wire_change *c = &p.changes[i];
		char *fields = wire_fields_text(&c->fields, 1), *base = wire_fields_text(&c->base, 1);
		struct sign_change sc = { argc == 4 ? argv[3] : p.terminal, c->tbl, c->id, c->op,
			c->hlc, argv[2], fields, base };

		snprintf(c->author, sizeof c->author, "%s", argv[2]);
		sign_change(key, &sc, c->sig);
		free(fields);
		free(base);
	}
	out = wire_push_encode(&p, &len);
	fwrite(out, 1, len, stdout);
	free(out);
	wire_push_free(&p);
	buf_free(&in);
	return 0;
}
