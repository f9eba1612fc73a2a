/*
 * Record identifiers. New records get a time-ordered UUID (version 7) so
 * that inserts cluster in the index; a seeker with an ID number and an
 * employer with a USCC get an id derived from that number with a keyed
 * hash (version 8), so that the same person registered at two windows is
 * one record everywhere, while the id does not reveal the number to
 * anyone without the deployment's key.
 */
#ifndef JOBDESK_IDENT_H
#define JOBDESK_IDENT_H

#include <stddef.h>
#include <stdint.h>

#define IDENT_LEN	36
#define IDENT_KEYLEN	32

/* A version 7 UUID from a millisecond time and 10 random bytes. */
void	ident_uuid7(uint64_t ms, const unsigned char rnd[10], char out[IDENT_LEN + 1]);
/* A version 8 UUID: BLAKE2b keyed with key over "kind:natural". */
void	ident_derive(const unsigned char key[IDENT_KEYLEN], const char *kind,
	    const char *natural, char out[IDENT_LEN + 1]);
/* Non-zero if s is a UUID in canonical lower-case form. */
int	ident_valid(const char *s);

#endif
