/*
 * Sync by file (jobdesk-sync(7), "BUNDLES"): a bundle carries what a
 * terminal has to push and its pull request to the district on a USB
 * stick; the reply carries the push's acknowledgement and pull pages
 * back. Both are signed by their sender (Ed25519) and sealed to their
 * receiver (libsodium's sealed box, X25519), so that a file that was
 * altered, cut short, or meant for someone else is refused whole.
 *
 * The file, integers big-endian:
 *
 *	magic "JDBUNDLE" (8) | version 1 (1) | kind (1) | terminal id (36)
 *	| length L of the sealed part (4) | the sealed part (L)
 *
 * The terminal is the bundle's sender, or the reply's receiver. Opened,
 * the sealed part is a signature (64) of the message after it:
 *
 *	tag "JOBDESK-BUNDLE1\0" (16) | kind (1) | terminal id (36)
 *	| the receiver's signing key (32) | number (8) | made at (8, Unix
 *	seconds) | sections N (4) | N x (type (1) | length (4) | bytes)
 *
 * A reply's number is the number of the bundle it answers. Sections come
 * in the order of their types. Each holds one protocol message as JSON
 * (wire.h): in a bundle, pushes then one pull request; in a reply, the
 * bundle's pull request again (where its pages start), push replies, at
 * most one refusal of a push, pull pages, at most one refusal of the
 * pull. Pure computation: no I/O.
 */
#ifndef JOBDESK_WIRE_BUNDLE_H
#define JOBDESK_WIRE_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "core/ident.h"
#include "core/sign.h"

#define BUNDLE_VERSION		1
#define BUNDLE_HEAD_LEN		50		/* the file's header, in clear */
#define BUNDLE_MSG_HEAD_LEN	105		/* the signed message's, before its sections */
#define BUNDLE_MAX_SEALED	((size_t)512 << 20)	/* a bigger file is refused unread */
#define BUNDLE_MAX_SECTIONS	4096
#define BUNDLE_BOX_PUBLIC_LEN	32
#define BUNDLE_BOX_SECRET_LEN	32

enum bundle_kind {
	BUNDLE_REQUEST = 1,	/* terminal to district */
	BUNDLE_REPLY = 2,	/* district to terminal */
};

/* A section's type; a file lists them in this order. */
enum bundle_part {
	BP_PUSH = 1,		/* a push (wire_push), bundle */
	BP_PULL = 2,		/* the pull request (wire_pull): exactly one in each */
	BP_PUSH_REPLY = 3,	/* the answer to one push (wire_push_reply), reply */
	BP_PUSH_ERROR = 4,	/* the refusal of a push (wire_error), reply: at most one */
	BP_PULL_PAGE = 5,	/* a pull page (wire_pull_reply), reply */
	BP_PULL_ERROR = 6,	/* the refusal of the pull (wire_error), reply: at most one */
};

/* What the file says of itself in clear (bundle_peek). */
struct bundle_head {
	enum bundle_kind	kind;
	char			terminal[IDENT_LEN + 1];
	size_t			sealed_len;
};

/* One section: its bytes point into the struct bundle that holds it. */
struct bundle_section {
	enum bundle_part	 type;
	const char		*data;
	size_t			 len;
};

/* An opened (or parsed) bundle or reply. */
struct bundle {
	enum bundle_kind	 kind;
	char			 terminal[IDENT_LEN + 1];
	unsigned char		 receiver[SIGN_PUBLIC_LEN];
	uint64_t		 number;
	uint64_t		 made;		/* Unix seconds, as the sender's clock said */
	size_t			 n;
	struct bundle_section	*sections;
	const unsigned char	*msg;		/* the signed message, in mem */
	size_t			 msg_len;
	unsigned char		*mem;		/* what msg and the sections point into */
	size_t			 mem_len;
};

/* The receiver's keys, to open a file sealed to it. */
struct bundle_keys {
	unsigned char	sign_pk[SIGN_PUBLIC_LEN];	/* the one a file must name */
	unsigned char	box_pk[BUNDLE_BOX_PUBLIC_LEN];
	unsigned char	box_sk[BUNDLE_BOX_SECRET_LEN];
};

/* A file being written: the signed message so far. */
struct bundle_writer {
	struct buf	msg;
	uint32_t	n;
	enum bundle_kind kind;
	char		terminal[IDENT_LEN + 1];
};

/* A new sealing key pair (X25519). */
void	bundle_box_keypair(unsigned char pk[BUNDLE_BOX_PUBLIC_LEN],
	    unsigned char sk[BUNDLE_BOX_SECRET_LEN]);
/* The public half of a sealing secret key. */
void	bundle_box_public_of(const unsigned char sk[BUNDLE_BOX_SECRET_LEN],
	    unsigned char pk[BUNDLE_BOX_PUBLIC_LEN]);

/* Start a file of kind from or to terminal, for receiver (its signing key), numbered number. */
void	bundle_begin(struct bundle_writer *, enum bundle_kind, const char *terminal,
	    const unsigned char receiver[SIGN_PUBLIC_LEN], uint64_t number, uint64_t made);
/* Add a section (its bytes are copied); sections must come in the order of their types. */
void	bundle_add(struct bundle_writer *, enum bundle_part, const char *data, size_t len);
/*
 * Sign the message with sign_sk and seal it to box_pk: the file's bytes
 * into out (which the caller frees with buf_free). The writer is emptied
 * either way. 0, or -1 with err when the file would pass
 * BUNDLE_MAX_SEALED.
 */
int	bundle_seal(struct bundle_writer *, const unsigned char sign_sk[SIGN_SECRET_LEN],
	    const unsigned char box_pk[BUNDLE_BOX_PUBLIC_LEN], struct buf *out, char *err,
	    size_t errlen);
/* Forget a writer's message without sealing it. */
void	bundle_writer_free(struct bundle_writer *);

/*
 * The header of a file of len bytes: 0 with *h, or -1 with err (not a
 * bundle, another version, cut short, bytes after its end). Checks only
 * what is in clear: nothing in it is to be trusted until bundle_open.
 */
int	bundle_peek(const unsigned char *file, size_t len, struct bundle_head *h, char *err,
	    size_t errlen);
/*
 * Open a file sealed to mine and signed with sender_pk: 0 with *out
 * (free with bundle_free), or -1 with err when it is no bundle, cannot
 * be opened with these keys (damaged, or sealed to another receiver),
 * its signature does not hold (altered, or another sender), it names
 * another receiver, or its message is malformed. Nothing is in *out then.
 */
int	bundle_open(const unsigned char *file, size_t len, const struct bundle_keys *mine,
	    const unsigned char sender_pk[SIGN_PUBLIC_LEN], struct bundle *out, char *err,
	    size_t errlen);
/*
 * Parse a signed message (the part after the signature) of len bytes: 0
 * with *out (its own copy of the bytes; free with bundle_free), or -1
 * with err. Every length is checked against what is left, the sections'
 * types against the kind and their order.
 */
int	bundle_parse(const unsigned char *msg, size_t len, struct bundle *out, char *err,
	    size_t errlen);
void	bundle_free(struct bundle *);

#endif
