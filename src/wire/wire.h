/*
 * The sync protocol's messages (protocol version 1, see jobdesk-sync(7)):
 * encoding and decoding, shared by the client (src/sync, src/store) and
 * the server (src/server) so that both ends check the same shapes. Each
 * message is described member by member in tables that the decoders walk
 * (wire-decode.c: the small messages, parsed by jansson; wire-page.c: pull
 * pages and records, scanned by jscan.h); the encoders write into a
 * buffer, field sets through the one codec of fields-json.h. A decoder
 * checks the whole shape before the caller acts on anything: a message
 * that fails is refused as a whole with a reason for a 400.
 *
 * Stamps are text: 16 lower-case hex digits of the hybrid logical clock,
 * ":", the writing terminal's id. Two stamps compare with strcmp(), which
 * orders by clock and breaks ties by terminal id (wire_stamp_cmp).
 */
#ifndef JOBDESK_WIRE_H
#define JOBDESK_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/fields.h"
#include "core/ident.h"

#define WIRE_VERSION		1
#define WIRE_MAX_CHANGES	1000	/* outbox entries in one push */
#define WIRE_MAX_RECORDS	5000	/* records in one pull page */
#define WIRE_MAX_FIELDS		64	/* fields in one change or record */
#define WIRE_MAX_VALUE		4096	/* bytes of one field value */
#define WIRE_MAX_DOCUMENT	(256 * 1024)	/* a pulled form or code_list value: a whole file */
#define WIRE_TBL_LEN		24
#define WIRE_KEY_LEN		96	/* a record key: a UUID, a login, "list:code"... */
#define WIRE_STAMP_LEN		(16 + 1 + IDENT_LEN)
#define WIRE_CURSOR_LEN		128
#define WIRE_REASON_LEN		256
#define WIRE_TOKEN_LEN		64
#define WIRE_LOGIN_LEN		64	/* an account's login, with its NUL */
#define WIRE_SIG_LEN		129	/* a signature: 128 hex digits and a NUL */
#define WIRE_KEY_HEX		65	/* a public key: 64 hex digits and a NUL */
#define WIRE_MAX_RELAYED	((size_t)256 << 20)	/* bytes of a relayed bundle or reply */
/*
 * The request header of a pull with which a terminal says that it reads
 * identity index entries as compact arrays (jobdesk-sync(7), "Compact
 * entries"), and its value: a server that does not know it sends objects,
 * which every terminal reads; a terminal that does not send it gets them.
 */
#define WIRE_PAGE_HEADER	"Jobdesk-Page"
#define WIRE_PAGE_COMPACT	"2"

/* One outbox entry: a change a terminal made to one record. */
struct wire_change {
	int64_t		seq;			/* the terminal's gap-free sequence, >= 1 */
	char		tbl[WIRE_TBL_LEN];	/* seeker, employer, vacancy, service_event */
	char		id[IDENT_LEN + 1];
	char		op[12];			/* insert, update, delete, transfer */
	uint64_t	hlc;			/* > 0 */
	/*
	 * Changed fields. A delete: replaced_by or none. A transfer (a
	 * record moved to another office by a supervisor): office and reason.
	 */
	struct fields	fields;
	/*
	 * For an update: the district's stamp of each changed field as the
	 * clerk's terminal last pulled it, so that the server can tell an edit
	 * of a value the clerk saw from a conflict with a value they did not.
	 * Optional ("base" in the message); empty for inserts and deletes.
	 */
	struct fields	base;
	/*
	 * The client only: fields and base as the JSON object texts its outbox
	 * holds (compact, as wire_fields_text writes them), which the encoder
	 * pastes instead of encoding the two sets, so that an entry goes to
	 * the wire as it was stored, without being decoded and encoded again.
	 * Each is NULL or set on its own; when set, its set is not read. A
	 * base_text without a member ("{}") is no base, as an empty base is.
	 * Freed by wire_push_free; the decoder never sets them.
	 */
	char		*fields_text;
	char		*base_text;
	/*
	 * The account that made the change and its signature of it
	 * (core/sign.h: hex, over the terminal, table, id, op, clock, author,
	 * fields and base): "" when the message has none, which the server
	 * refuses ("author" and "sig" in the message).
	 */
	char		author[WIRE_LOGIN_LEN];
	char		sig[WIRE_SIG_LEN];
};

/* POST /v1/push: a batch of consecutive outbox entries. */
struct wire_push {
	char			 terminal[IDENT_LEN + 1];
	size_t			 n;
	struct wire_change	*changes;
};

/* A change the server refused: parked there, reported back, never retried. */
struct wire_rejection {
	int64_t	seq;
	char	tbl[WIRE_TBL_LEN];
	char	id[IDENT_LEN + 1];
	char	reason[WIRE_REASON_LEN];
};

/* The answer to a push (also to a replay of it). */
struct wire_push_reply {
	int64_t			 applied_through;	/* every seq <= this is done */
	uint64_t		 hlc;			/* the server's clock, to absorb */
	size_t			 nrejected;
	struct wire_rejection	*rejected;
};

/* POST /v1/pull: the page after cursor ("" for the beginning). */
struct wire_pull {
	char	cursor[WIRE_CURSOR_LEN];
	long	limit;			/* 1 .. WIRE_MAX_RECORDS */
	/*
	 * The server only: the request asked for compact identity index
	 * entries (WIRE_PAGE_HEADER). Set from the header, never in the body.
	 */
	int	compact;
};

/*
 * The current state of one record as the server holds it. tbl is one of
 * seeker, employer, vacancy, service_event, conflict, account, office,
 * code, code_list, form. stamps holds the stamps of the fields of the
 * three mutable tables, compact (wire/stamps.h; empty for the others).
 */
struct wire_record {
	char		tbl[WIRE_TBL_LEN];
	char		key[WIRE_KEY_LEN];
	int		deleted;
	char		replaced_by[IDENT_LEN + 1];	/* "" when none */
	struct fields	fields;
	struct fields	stamps;
	/*
	 * Who wrote each field last (logins), compact as the stamps are
	 * ("*" the commonest); empty for records without authors. Optional
	 * in a page ("authors").
	 */
	struct fields	authors;
	/*
	 * The server only: fields, stamps and authors as JSON object texts
	 * straight from its database, which the encoder pastes instead of
	 * encoding the sets (a first full sync is mostly this). Each NULL or
	 * set, freed by wire_pull_reply_free. The decoder never sets them.
	 */
	char		*fields_text;
	char		*stamps_text;
	char		*authors_text;
	/*
	 * The server only: an identity index entry that goes out compact
	 * (WIRE_PAGE_HEADER), fields_text the JSON array of its values in the
	 * kind's column order (null for none), stamps and authors not sent.
	 */
	int		 compact;
};

struct wire_arena;

struct wire_pull_reply {
	char			 cursor[WIRE_CURSOR_LEN];
	int			 more;		/* another page is ready now */
	int			 reset;		/* the server was restored: cursor restarts */
	long			 remaining;	/* records after this page, -1 when unknown */
	uint64_t		 hlc;
	size_t			 n;
	struct wire_record	*records;
	/*
	 * A decoded page only: the one block its records' field sets point
	 * into, which wire_pull_reply_free frees whole. Such field sets are
	 * read-only: no fields_set() or fields_free() on them. NULL in a page
	 * the server builds, whose field sets own their strings.
	 */
	struct wire_arena	*arena;
	/*
	 * Committed changes the server cannot hand out yet because a long
	 * transaction holds its horizon back ("held", optional: sent on a
	 * last page only, and only when not 0).
	 */
	long			 held;
	/*
	 * The terminal's scope ("scope", optional): the office whose records
	 * (and those of the offices under it) the page holds in full; ""
	 * (absent) for a terminal of the whole district.
	 */
	char			 scope[32];
};

/*
 * POST /v1/fetch: one job seeker's whole record on demand, for a scoped
 * terminal whose clerk meets a person registered outside its scope. The
 * account that asks signs it (core/sign.h, op "fetch" over the seeker
 * table, the id, the clock and the author, with empty fields and base);
 * the answer is a pull page without a cursor.
 */
struct wire_fetch {
	char		id[IDENT_LEN + 1];
	uint64_t	hlc;
	char		author[WIRE_LOGIN_LEN];
	char		sig[WIRE_SIG_LEN];
};

/* POST /v1/enroll (no token): a one-time code for this terminal. */
struct wire_enroll {
	char	code[64];
	char	terminal[IDENT_LEN + 1];
};

struct wire_enroll_reply {
	char	token[WIRE_TOKEN_LEN];
	char	office_code[32];
	char	office_name[128];
	char	office_level[16];
	char	office_parent[32];
	char	identity_key[2 * IDENT_KEYLEN + 1];	/* hex */
	/*
	 * The terminal's id from now on: the one it sent, or a new one when
	 * another enrolled terminal has that id. "" from a server that does
	 * not say (the terminal keeps its own).
	 */
	char	terminal[IDENT_LEN + 1];
	/*
	 * The terminal's short number in the district, which its referral
	 * letters carry (jobdesk(1), MATCHING AND REFERRAL); 0 from a server
	 * that does not say.
	 */
	int64_t	number;
};

/*
 * POST /v1/keys: a terminal's public keys for sync by file (its signing
 * key, which the district checks its bundles with, and its sealing key,
 * which the district seals replies to), hex; the answer carries the
 * district's two the same way, without a terminal.
 */
struct wire_keys {
	char	terminal[IDENT_LEN + 1];
	char	sign_key[WIRE_KEY_HEX];
	char	box_key[WIRE_KEY_HEX];
};

/*
 * POST /v1/bundle: a field terminal's bundle (wire/bundle.h), relayed
 * whole by an enrolled terminal that is online (terminal: the relaying
 * one, which the token must be). The relaying terminal cannot open it:
 * it is sealed to the district. Decoded, bundle is the decoder's
 * allocation (wire_relay_free).
 */
struct wire_relay {
	char		 terminal[IDENT_LEN + 1];
	unsigned char	*bundle;
	size_t		 len;
};

/*
 * Its answer: what the district did with the bundle, for the clerk who
 * relays it, and the reply (sealed to the field terminal, which the
 * relaying one cannot open either) to carry back.
 */
struct wire_relay_reply {
	char		 terminal[IDENT_LEN + 1];	/* the field terminal */
	char		 office[32];			/* its office */
	int64_t		 number;			/* the bundle's */
	int64_t		 changes;			/* changes the bundle carried */
	int64_t		 acknowledged;			/* the last change acknowledged, 0 none */
	int64_t		 rejected;			/* changes the district parked */
	char		 push_error[WIRE_REASON_LEN];	/* "" unless the push was refused */
	int64_t		 refused_from;			/* then: its first change */
	int64_t		 records;			/* records the reply holds */
	int		 more;				/* the district has more for it */
	char		 pull_error[WIRE_REASON_LEN];	/* "" unless the pull was refused */
	int64_t		 newer;				/* a newer bundle imported before, 0 */
	unsigned char	*reply;
	size_t		 len;
};

/* Any 4xx/5xx: a word for programs and a sentence for people. */
struct wire_error {
	char	error[32];
	char	message[WIRE_REASON_LEN];
	int64_t	expected;		/* "gap", "diverged": the seq the server expects next */
	int64_t	replayed;		/* "diverged": the push's true replays end here */
};

/*
 * Encoders return a new NUL-terminated compact JSON text (caller frees) of
 * *len bytes; encoding what a decoder accepts never fails.
 */
char	*wire_push_encode(const struct wire_push *, size_t *len);
char	*wire_push_reply_encode(const struct wire_push_reply *, size_t *len);
char	*wire_pull_encode(const struct wire_pull *, size_t *len);
char	*wire_pull_reply_encode(const struct wire_pull_reply *, size_t *len);
char	*wire_enroll_encode(const struct wire_enroll *, size_t *len);
char	*wire_enroll_reply_encode(const struct wire_enroll_reply *, size_t *len);
char	*wire_error_encode(const struct wire_error *, size_t *len);
char	*wire_keys_encode(const struct wire_keys *, size_t *len);
char	*wire_keys_reply_encode(const struct wire_keys *, size_t *len);
char	*wire_fetch_encode(const struct wire_fetch *, size_t *len);
char	*wire_relay_encode(const struct wire_relay *, size_t *len);
char	*wire_relay_reply_encode(const struct wire_relay_reply *, size_t *len);
/*
 * Append to b one record as it stands in a pull page:
 * {"tbl":...,"key":...,"deleted":...,"replaced_by":...,"fields":{...},"stamps":{...}},
 * its field sets pasted from fields_text and stamps_text when those are set.
 */
void	wire_record_encode(const struct wire_record *, struct buf *b);

/*
 * Decoders: 0 with *out filled (free with the matching _free), or -1 with
 * a reason in err (nothing to free). They refuse: invalid JSON or UTF-8,
 * duplicate keys, a version other than WIRE_VERSION, unknown or missing
 * members, wrong types, ids that are not canonical UUIDs, unknown tables
 * or ops, non-consecutive or non-positive seqs, more than the limits,
 * field values that are not strings or exceed WIRE_MAX_VALUE bytes
 * (WIRE_MAX_DOCUMENT in pulled form and code_list records). A reason
 * names the place (changes[3].seq), never a field's value.
 */
int	wire_push_decode(const char *buf, size_t len, struct wire_push *out, char *err,
	    size_t errlen);
int	wire_push_reply_decode(const char *buf, size_t len, struct wire_push_reply *out,
	    char *err, size_t errlen);
int	wire_pull_decode(const char *buf, size_t len, struct wire_pull *out, char *err,
	    size_t errlen);
int	wire_pull_reply_decode(const char *buf, size_t len, struct wire_pull_reply *out,
	    char *err, size_t errlen);
int	wire_enroll_decode(const char *buf, size_t len, struct wire_enroll *out, char *err,
	    size_t errlen);
int	wire_enroll_reply_decode(const char *buf, size_t len, struct wire_enroll_reply *out,
	    char *err, size_t errlen);
int	wire_error_decode(const char *buf, size_t len, struct wire_error *out, char *err,
	    size_t errlen);
int	wire_keys_decode(const char *buf, size_t len, struct wire_keys *out, char *err,
	    size_t errlen);
int	wire_keys_reply_decode(const char *buf, size_t len, struct wire_keys *out, char *err,
	    size_t errlen);
int	wire_fetch_decode(const char *buf, size_t len, struct wire_fetch *out, char *err,
	    size_t errlen);
int	wire_relay_decode(const char *buf, size_t len, struct wire_relay *out, char *err,
	    size_t errlen);
int	wire_relay_reply_decode(const char *buf, size_t len, struct wire_relay_reply *out,
	    char *err, size_t errlen);

void	wire_push_free(struct wire_push *);
void	wire_push_reply_free(struct wire_push_reply *);
void	wire_pull_reply_free(struct wire_pull_reply *);
/* Free the bytes a relay request or its answer holds (not the struct). */
void	wire_relay_free(struct wire_relay *);
void	wire_relay_reply_free(struct wire_relay_reply *);

/*
 * One record as wire_record_encode writes it, decoded by the rules of a
 * record of a pull page (the same checks and reasons, without the
 * "records[i]" in front of them): 0 with *out filled, its field sets its
 * own (free with wire_record_free), or -1 with a reason in err (nothing to
 * free). The text need not end in a NUL.
 */
int	wire_record_decode(const char *text, size_t len, struct wire_record *out, char *err,
	    size_t errlen);
/* Free a record's field sets and texts (fields_free on its sets, free on its texts). */
void	wire_record_free(struct wire_record *);

/* Stamp text for a clock value and terminal; strcmp order is LWW order. */
void	wire_stamp(uint64_t hlc, const char *terminal, char out[WIRE_STAMP_LEN + 1]);
/* <0, 0, >0 like strcmp; "" (no stamp) is before every stamp. */
int	wire_stamp_cmp(const char *a, const char *b);
/*
 * Tables are record kinds (core/kind.h): a pull page carries every kind,
 * a push the kinds flagged KF_PUSH; a key is a record id in a kind flagged
 * KF_UUID_KEY, and a value may be a whole file in one flagged KF_DOCUMENT.
 */
/* Whether tbl is one a terminal may push (a kind flagged KF_PUSH). */
int	wire_pushable_table(const char *tbl);
/* Whether tbl is append-only (KIND_MERGE_APPEND): inserts only, never in conflict. */
int	wire_append_only_table(const char *tbl);

#endif
