/* Signing changes and sealing account keys: see sign.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sign.h"

/* Tells a change's signature from any other use of the account's key. */
#define SIGN_DOMAIN	"jobdesk change v1"

void
sign_change_bytes(const struct sign_change *c, struct buf *b)
{
	char hlc[24];

	snprintf(hlc, sizeof hlc, "%" PRIu64, c->hlc);
	buf_add(b, SIGN_DOMAIN, sizeof SIGN_DOMAIN);
	buf_add(b, c->terminal, strlen(c->terminal) + 1);
	buf_add(b, c->tbl, strlen(c->tbl) + 1);
	buf_add(b, c->id, strlen(c->id) + 1);
	buf_add(b, c->op, strlen(c->op) + 1);
	buf_add(b, hlc, strlen(hlc) + 1);
	buf_add(b, c->author, strlen(c->author) + 1);
	buf_add(b, c->fields, strlen(c->fields) + 1);
	buf_add(b, c->base, strlen(c->base) + 1);
}

void
sign_keypair(unsigned char pk[SIGN_PUBLIC_LEN], unsigned char sk[SIGN_SECRET_LEN])
{
	crypto_sign_keypair(pk, sk);
}

void
sign_public_of(const unsigned char sk[SIGN_SECRET_LEN], unsigned char pk[SIGN_PUBLIC_LEN])
{
	crypto_sign_ed25519_sk_to_pk(pk, sk);
}

void
sign_to_hex(const unsigned char *in, size_t len, char *out)
{
	sodium_bin2hex(out, 2 * len + 1, in, len);
}

int
sign_from_hex(const char *hex, unsigned char *out, size_t len)
{
	size_t got = 0;

	if (strlen(hex) != 2 * len ||
	    sodium_hex2bin(out, len, hex, 2 * len, NULL, &got, NULL) != 0 || got != len)
		return -1;
	return 0;
}

void
sign_change(const unsigned char sk[SIGN_SECRET_LEN], const struct sign_change *c,
    char sig[SIGN_HEX])
{
	struct buf b = BUF_INIT;
	unsigned char s[SIGN_LEN];

	sign_change_bytes(c, &b);
	crypto_sign_detached(s, NULL, (const unsigned char *)b.data, b.len, sk);
	buf_free(&b);
	sign_to_hex(s, SIGN_LEN, sig);
}

int
sign_verify(const unsigned char pk[SIGN_PUBLIC_LEN], const struct sign_change *c, const char *sig)
{
	struct buf b = BUF_INIT;
	unsigned char s[SIGN_LEN];
	int rc;

	if (sig == NULL || sign_from_hex(sig, s, SIGN_LEN) != 0)
		return -1;
	sign_change_bytes(c, &b);
	rc = crypto_sign_verify_detached(s, (const unsigned char *)b.data, b.len, pk);
	buf_free(&b);
	return rc == 0 ? 0 : -1;
}

int
sign_seal(const unsigned char sk[SIGN_SECRET_LEN], const char *password,
    unsigned long long ops, size_t mem, char out[SIGN_SEALED_MAX])
{
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char key[crypto_secretbox_KEYBYTES];
	unsigned char box[crypto_secretbox_MACBYTES + SIGN_SECRET_LEN];
	char hsalt[2 * sizeof salt + 1], hnonce[2 * sizeof nonce + 1], hbox[2 * sizeof box + 1];

	randombytes_buf(salt, sizeof salt);
	randombytes_buf(nonce, sizeof nonce);
	if (crypto_pwhash(key, sizeof key, password, strlen(password), salt, ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	crypto_secretbox_easy(box, sk, SIGN_SECRET_LEN, nonce, key);
	sodium_memzero(key, sizeof key);
	sign_to_hex(salt, sizeof salt, hsalt);
	sign_to_hex(nonce, sizeof nonce, hnonce);
	sign_to_hex(box, sizeof box, hbox);
	snprintf(out, SIGN_SEALED_MAX, "1$%llu$%zu$%s$%s$%s", ops, mem, hsalt, hnonce, hbox);
	return 0;
}

/* The next "$"-ended part of a sealed text into out (at most outlen - 1 bytes); -1 if none. */
static int
sign_part(const char **p, char *out, size_t outlen)
{
	const char *end = strchr(*p, '$');
	size_t n = end != NULL ? (size_t)(end - *p) : strlen(*p);

	if (n == 0 || n >= outlen)
		return -1;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p += n + (end != NULL);
	return 0;
}

int
sign_unseal(const char *sealed, const char *password, size_t max_mem,
    unsigned char sk[SIGN_SECRET_LEN])
{
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char key[crypto_secretbox_KEYBYTES];
	unsigned char box[crypto_secretbox_MACBYTES + SIGN_SECRET_LEN];
	char v[4], hops[24], hmem[24], hsalt[2 * sizeof salt + 1], hnonce[2 * sizeof nonce + 1];
	char hbox[2 * sizeof box + 1], *end;
	unsigned long long ops, mem;
	const char *p = sealed;
	int rc;

	if (sealed == NULL || sign_part(&p, v, sizeof v) != 0 || strcmp(v, "1") != 0 ||
	    sign_part(&p, hops, sizeof hops) != 0 || sign_part(&p, hmem, sizeof hmem) != 0 ||
	    sign_part(&p, hsalt, sizeof hsalt) != 0 || sign_part(&p, hnonce, sizeof hnonce) != 0 ||
	    sign_part(&p, hbox, sizeof hbox) != 0 || *p != '\0')
		return -1;
	ops = strtoull(hops, &end, 10);
	if (*end != '\0' || ops < crypto_pwhash_OPSLIMIT_MIN || ops > crypto_pwhash_OPSLIMIT_MAX)
		return -1;
	mem = strtoull(hmem, &end, 10);
	if (*end != '\0' || mem < crypto_pwhash_MEMLIMIT_MIN || mem > max_mem)
		return -1;
	if (sign_from_hex(hsalt, salt, sizeof salt) != 0 ||
	    sign_from_hex(hnonce, nonce, sizeof nonce) != 0 ||
	    sign_from_hex(hbox, box, sizeof box) != 0)
		return -1;
	if (crypto_pwhash(key, sizeof key, password, strlen(password), salt, ops, (size_t)mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	rc = crypto_secretbox_open_easy(sk, box, sizeof box, nonce, key);
	sodium_memzero(key, sizeof key);
	return rc == 0 ? 0 : -1;
}
