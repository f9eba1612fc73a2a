/*
 * What the files of the wire room share and nobody else uses: the
 * description of a message's members that both decoders walk, the checks
 * and reasons they share (wire-member.c), and the writers of members
 * (wire-encode.c). Other rooms include wire.h only.
 */
#ifndef JOBDESK_WIRE_INT_H
#define JOBDESK_WIRE_INT_H

#include <stddef.h>

#include "common/buf.h"
#include "common/fields.h"
#include "core/kind.h"

#define FIELD_KEY_MAX	48	/* [a-z_][a-z0-9_]{0,47} */
#define QUOTE_MAX	40	/* bytes of a name quoted in a reason */
#define PATH_MAX_LEN	128
#define MEMBER_MAX	12	/* members of one object of a message */

/* A literal of a number macro: STR(WIRE_MAX_CHANGES) is "1000". */
#define STR_(x)		#x
#define STR(x)		STR_(x)

/* A member's place and size in its struct: AT(struct wire_pull, limit). */
#define AT(type, m)	.at = offsetof(type, m), .size = sizeof(((type *)0)->m)
/* A table of members and its length. */
#define MEMBERS(a)	.members = (a), .n = sizeof(a) / sizeof((a)[0])

/* Where a decoder writes its reason. */
struct wctx {
	char	*err;
	size_t	 errlen;
};

/*
 * Messages are described member by member, in tables of struct member
 * (one per object of a message, in wire-decode.c and wire-page.c), which
 * a decoder walks: wire-decode.c over a jansson tree for the small
 * messages, wire-page.c over the jscan scanner for pull pages and
 * records. What a member may hold, the limits, the reasons and where the
 * value goes are here, once; a walker only finds the members in its
 * engine's way and hands their values to member_take_*().
 */
enum member_type {
	MT_VERSION,	/* "v": an integer that must be WIRE_VERSION; checked first */
	MT_INT,		/* an integer in [min, max], stored in .size bytes */
	MT_BOOL,	/* true or false, stored as an int 0 or 1 */
	MT_STRING,	/* minlen to size - 1 bytes, each of the class .chars */
	MT_TEXT,	/* minlen to size - 1 bytes without a control character */
	MT_HEX,		/* exactly size - 1 lower-case hex digits */
	MT_ID,		/* a canonical UUID */
	MT_IDOPT,	/* a canonical UUID or "" */
	MT_NAME,	/* one of .names */
	MT_TABLE,	/* a record kind's name (its table), of a kind with all of .kind_flags */
	MT_KEY,		/* a key of the object's table: a record id, or a name (KF_UUID_KEY) */
	MT_FIELDS,	/* a field set: field keys, string values of at most .limit bytes */
	MT_STAMPS,	/* a field set of stamps or "" */
	MT_OBJECT,	/* an object whose members .sub go into the same struct */
	MT_ARRAY,	/* an array of at most .max objects .sub */
	/*
	 * A string of base64 (RFC 4648, padded) of at most .max bytes once
	 * decoded, kept as bytes: an unsigned char * at .at (allocated, freed
	 * by the decoder when the message is refused) and their size_t count
	 * at .count_at. A sealed file that one message carries whole.
	 */
	MT_BASE64,
};

/* The bytes an MT_STRING may hold; each class has its reason (wire-member.c). */
enum member_chars {
	MC_ANY,		/* any text */
	MC_PRINTABLE,	/* printable ASCII: a cursor */
	MC_CODE,	/* letters, digits and '-': an enrollment code */
	MC_TOKEN,	/* base64url: a token */
	MC_WORD,	/* [a-z_]: an error word */
};

struct member;
struct member_object;

/* One object being decoded: what its members' checks may look at. */
struct member_walk {
	struct wctx		*c;
	const char		*path;	/* the object's place: "", "changes[3]", "office" */
	void			*obj;	/* the struct its members go into */
	const void		*up;	/* the struct of the array it is in, or NULL */
	size_t			 index;	/* its index in that array */
	const struct kind	*kind;	/* once its MT_TABLE member is taken: the kind */
};

/*
 * A rule of the message on a member's value once its type's checks have
 * passed, before it is stored: 0, or -1 with a reason. s and len for a
 * string, n for an integer.
 */
typedef int (*member_check_fn)(const struct member_walk *, const struct member *,
    const char *s, size_t len, long long n);

struct member {
	const char		*name;
	enum member_type	 type;
	int			 optional;	/* may be absent: the struct keeps its zero */
	/*
	 * A pull page's record: checked when the object has ended, since its
	 * members come in any order and the key's form depends on the table.
	 * (The tree walker checks every member in the table's order anyway.)
	 */
	int			 after;
	size_t			 at;		/* where the value goes: offsetof() in the struct */
	size_t			 size;		/* its size: a string's buffer, an integer's width */
	long long		 min, max;	/* MT_INT: the range; MT_ARRAY: max elements */
	size_t			 minlen;	/* strings: 1 when "" is refused as empty */
	enum member_chars	 chars;		/* MT_STRING */
	const char *const	*names;		/* MT_NAME: NULL-terminated */
	const char		*hint;		/* MT_NAME: the names in words, for the reason */
	unsigned		 kind_flags;	/* MT_TABLE: what the kind must be (KF_PUSH) */
	/* MT_TABLE: why a kind without kind_flags is refused; NULL: as unknown. */
	const char		*refusal;
	size_t			 limit;		/* MT_FIELDS: bytes of a value */
	int			 documents;	/* MT_FIELDS: WIRE_MAX_DOCUMENT in a KF_DOCUMENT kind */
	int			 any;		/* MT_STAMPS: "*" may stand for the other fields */
	/* MT_ARRAY: */
	size_t			 count_at;	/* offsetof() its size_t count */
	size_t			 elem_size;
	const char		*noun;		/* what its elements are called in a reason */
	const char		*empty;		/* when not NULL, an empty array is refused so */
	const struct member_object *sub;	/* MT_OBJECT, MT_ARRAY */
	member_check_fn		 check;
};

/* An object of a message: its members, and a rule across them once all are taken. */
struct member_object {
	const struct member	*members;
	size_t			 n;
	int			(*finish)(const struct member_walk *);
};

/* --- Reasons (wire-member.c) --- */

/*
 * A name from the message (a member, a table, an op) made safe to quote:
 * printable ASCII, other bytes shown as '?', cut at QUOTE_MAX with "...".
 * Only names are quoted, never values.
 */
const char	*member_quote(const char *s, char out[QUOTE_MAX + 4]);
/* Join a path and a member ("changes[3]" and "seq") into buf. */
const char	*member_join(char *buf, size_t size, const char *path, const char *member);
/* Write "path.member: reason" (parts that are empty left out); -1. */
int		 member_fail(struct wctx *, const char *path, const char *member,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* member_fail() at path.name.member: a member of a set such as a record's fields. */
int		 member_fail_in(struct wctx *, const char *path, const char *name,
		     const char *member, const char *fmt, ...)
		     __attribute__((format(printf, 5, 6)));
/* What a member's JSON type is called in a reason ("an integer"). */
const char	*member_type_name(enum member_type);

/* --- Members (wire-member.c) --- */

/* The index of the member called name in o, or -1. */
int		 member_find(const struct member_object *o, const char *name);
/* Take an integer member (MT_VERSION, MT_INT): range, check, store; 0 or -1. */
int		 member_take_int(struct member_walk *, const struct member *, long long n);
/* Take a boolean member: store it as 0 or 1. */
void		 member_take_bool(struct member_walk *, const struct member *, int b);
/*
 * Take a string member of any string type: the len bytes at s (NUL after
 * them, none inside) checked by its type, then its check, then stored; 0
 * or -1 with a reason. An MT_TABLE member sets w->kind.
 */
int		 member_take_string(struct member_walk *, const struct member *, const char *s,
		     size_t len);
/* The longest value a field of a record of kind k (NULL: unknown) may have. */
size_t		 member_value_limit(const struct member *, const struct kind *k);
/*
 * Whether key (klen bytes) may name a field of the set m of path, and its
 * value v (vlen bytes) may be a value there, at most limit bytes; 0 or -1.
 */
int		 member_field_key(struct wctx *, const char *path, const struct member *m,
		     const char *key, size_t klen);
int		 member_field_value(struct wctx *, const char *path, const struct member *m,
		     const char *key, const char *v, size_t vlen, size_t limit);

/* --- Writing a message (wire-encode.c) --- */

/*
 * The text is the one jansson's compact dump gave, byte for byte: no
 * spaces, members in the order written, integers in decimal, strings
 * escaped as wire_json_string() does. Each writer puts the comma before
 * its member or element itself, unless it is the first of its object or
 * array.
 */

/* Start a message: '{' and its "v" member. */
void	encode_head(struct buf *);
/* The comma before a member or an element, unless it opens its object or array. */
void	encode_sep(struct buf *);
/* A member's name and its ':' (after the comma encode_sep() puts). */
void	encode_name(struct buf *, const char *name);
/*
 * A string member from the program: ids, tables, codes, field values. Text
 * that is not UTF-8 is a bug of the caller (fatalx), as it was jansson's.
 */
void	encode_str(struct buf *, const char *name, const char *s);
/*
 * A member of free text the server makes up (a reason, a message, a name)
 * that a fixed buffer may have cut inside a character: only its valid
 * UTF-8 prefix goes out, so the message still decodes.
 */
void	encode_text(struct buf *, const char *name, const char *s);
void	encode_int(struct buf *, const char *name, long long n);
void	encode_bool(struct buf *, const char *name, int b);
/*
 * A field set member: text, a JSON object as stored, pasted as it is when
 * not NULL; else f encoded in its order (wire_fields_encode).
 */
void	encode_fields(struct buf *, const char *name, const char *text, const struct fields *f);
/* Whether a stored object text has no member: "{}", with any whitespace. */
int	encode_empty_object(const char *text);
/* End the message with '}': its text (caller frees) and its length in *len (if not NULL). */
char	*encode_end(struct buf *, size_t *len);

#endif
