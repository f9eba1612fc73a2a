/*
 * Signed changes (jobdesk-sync(7), "Authority"): every change a terminal
 * sends carries the account that made it and an Ed25519 signature by
 * that account's key, so that the district server can tell a clerk's
 * change from one made up with a terminal's token alone, whenever it
 * arrives. The account's secret key travels to its terminals sealed
 * under a key derived from the account's password (Argon2id), and is
 * unsealed in memory at login. Pure computation (libsodium): no I/O.
 */
#ifndef JOBDESK_SIGN_H
#define JOBDESK_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"

#define SIGN_PUBLIC_LEN		32
#define SIGN_SECRET_LEN		64
#define SIGN_LEN		64
/* Hexadecimal texts of the above, with their NUL. */
#define SIGN_PUBLIC_HEX		(2 * SIGN_PUBLIC_LEN + 1)
#define SIGN_HEX		(2 * SIGN_LEN + 1)
/* The longest sealed secret text (sign_seal). */
#define SIGN_SEALED_MAX		320

/* What a change's signature covers: everything the server applies, but its number. */
struct sign_change {
	const char	*terminal;	/* the terminal it is sent from */
	const char	*tbl;
	const char	*id;
	const char	*op;
	uint64_t	 hlc;		/* as the terminal stamped it */
	const char	*author;	/* the account's login */
	const char	*fields;	/* its fields as a JSON object, keys sorted (wire_fields_text) */
	const char	*base;		/* its base the same way ("{}" for none) */
};

/* The bytes a signature covers: a domain tag and each part, each ended by a NUL. */
void	sign_change_bytes(const struct sign_change *, struct buf *);
/* A new key pair. */
void	sign_keypair(unsigned char pk[SIGN_PUBLIC_LEN], unsigned char sk[SIGN_SECRET_LEN]);
/* The public half of a secret key. */
void	sign_public_of(const unsigned char sk[SIGN_SECRET_LEN], unsigned char pk[SIGN_PUBLIC_LEN]);
/* Sign a change: its signature as hex into sig. */
void	sign_change(const unsigned char sk[SIGN_SECRET_LEN], const struct sign_change *,
	    char sig[SIGN_HEX]);
/* Whether sig (hex) is pk's signature of the change: 0 yes, -1 no (or not a signature). */
int	sign_verify(const unsigned char pk[SIGN_PUBLIC_LEN], const struct sign_change *,
	    const char *sig);
/*
 * Seal a secret key under a password: Argon2id with the given costs (ops
 * passes, mem bytes) over a random salt makes the key of an XSalsa20-
 * Poly1305 box. The text "1$ops$mem$salt$nonce$box" (hex) into out; 0, or
 * -1 if the costs are out of libsodium's range or memory ran out.
 */
int	sign_seal(const unsigned char sk[SIGN_SECRET_LEN], const char *password,
	    unsigned long long ops, size_t mem, char out[SIGN_SEALED_MAX]);
/*
 * Open a sealed secret key with the password: 0 with sk, -1 when the
 * password is not the one it was sealed with or the text is not a sealed
 * key. A text asking for more than max_mem bytes of Argon2id is refused
 * (-1) rather than run.
 */
int	sign_unseal(const char *sealed, const char *password, size_t max_mem,
	    unsigned char sk[SIGN_SECRET_LEN]);
/* Hex <-> key bytes: 0, or -1 when hex is not exactly len bytes of hex. */
int	sign_from_hex(const char *hex, unsigned char *out, size_t len);
void	sign_to_hex(const unsigned char *in, size_t len, char *out);

#endif
