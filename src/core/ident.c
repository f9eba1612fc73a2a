/* UUID formatting and keyed derivation. */
#include <string.h>

#include <sodium.h>

#include "core/ident.h"

/* Writes 16 bytes as a lower-case UUID with hyphens. */
static void
ident_format(const unsigned char b[16], char out[IDENT_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0xf];
	}
	out[o] = '\0';
}

/* Time-ordered UUID: 48-bit milliseconds, version 7, random rest. */
void
ident_uuid7(uint64_t ms, const unsigned char rnd[10], char out[IDENT_LEN + 1])
{
	unsigned char b[16];
	int i;

	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (40 - 8 * i));
	b[6] = (unsigned char)(0x70 | (rnd[0] & 0x0f));
	b[7] = rnd[1];
	b[8] = (unsigned char)(0x80 | (rnd[2] & 0x3f));
	memcpy(b + 9, rnd + 3, 7);
	ident_format(b, out);
}

/* Keyed, deterministic UUID for a natural key. */
void
ident_derive(const unsigned char key[IDENT_KEYLEN], const char *kind, const char *natural,
    char out[IDENT_LEN + 1])
{
	crypto_generichash_state st;
	unsigned char b[16];

	crypto_generichash_init(&st, key, IDENT_KEYLEN, sizeof b);
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind));
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)natural, strlen(natural));
	crypto_generichash_final(&st, b, sizeof b);
	b[6] = (unsigned char)(0x80 | (b[6] & 0x0f));
	b[8] = (unsigned char)(0x80 | (b[8] & 0x3f));
	ident_format(b, out);
}

/* Whether s looks like one of our UUIDs. */
int
ident_valid(const char *s)
{
	size_t i;

	if (strlen(s) != IDENT_LEN)
		return 0;
	for (i = 0; i < IDENT_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}
