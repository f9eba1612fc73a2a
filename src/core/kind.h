/*
 * Record kinds: one description of every kind of record that terminals
 * and the district server share, which every layer reads instead of a
 * list of its own. The client's store builds its statements from it, the
 * wire codec its table lists, the server its checks and apply rules, the
 * pull its column defaults, import and export their column sets, the
 * screens their labels. No I/O here.
 *
 * A new kind of record is one entry in kind.c (plus its migration, its
 * form file if clerks fill one in, and its business rules): see
 * doc/record-kinds.md.
 */
#ifndef JOBDESK_KIND_H
#define JOBDESK_KIND_H

#include <stddef.h>

/*
 * The kinds, parents before the kinds that refer to them: a pulled page
 * is applied in this order (an account needs its office, a vacancy its
 * employer).
 */
enum kind_id {
	KIND_OFFICE,
	KIND_CODE_LIST,
	KIND_CODE,
	KIND_FORM,
	KIND_EMPLOYER,
	KIND_SEEKER,
	KIND_ACCOUNT,
	KIND_TERMINAL,
	KIND_VACANCY,
	KIND_REFERRAL,
	KIND_PLACEMENT_CHECK,
	KIND_SERVICE_EVENT,
	KIND_GUIDANCE,
	KIND_INVENTORY,
	KIND_ASSISTANCE_PLAN,
	KIND_CASE_CONTACT,
	KIND_CLOSING,
	KIND_CONFLICT,
	/*
	 * The district identity index of a scoped terminal: a job seeker
	 * outside the terminal's scope as recognising the person needs it
	 * (the record id, the office holding the registration, its status and
	 * validity), never more.
	 */
	KIND_IDENTITY,
	KIND_COUNT
};

/* How the changes of a kind meet at the server. */
enum kind_merge {
	/*
	 * Per field, last writer wins on the fields' stamps; a delete leaves a
	 * tombstone that may redirect (replaced_by) to the surviving record.
	 */
	KIND_MERGE_FIELDS,
	/* Inserted once, never changed, never in conflict (services given). */
	KIND_MERGE_APPEND,
	/* Written by the district only and pulled whole (reference data, the journal). */
	KIND_MERGE_DISTRICT,
};

/* Kind flags. */
#define KF_PUSH	0x01	/* terminals push changes of it */
#define KF_UUID_KEY	0x02	/* its key is a record id (a UUID) */
#define KF_DOCUMENT	0x04	/* a value may be a whole file (a form, a code list) */
#define KF_FORM		0x08	/* clerks fill it in on a form file of its name */
#define KF_CERTIFIED	0x10	/* making one needs a valid 上岗证 (certificate) on the day */
#define KF_GRADED	0x20	/* making one needs a 职业指导人员 grade (a guidance session) */

/* How a column's value is checked where no form field does (the server's checks). */
enum kind_type {
	KT_TEXT,	/* text, at most FORM_MAXLEN characters */
	KT_DATE,	/* YYYY-MM-DD */
	KT_DATEOPT,	/* YYYY-MM-DD or "" (not known yet: an interview, an outcome) */
	KT_STATUS,	/* one of the kind's statuses */
	KT_CODE,	/* "" or a code of the column's list */
	KT_OFFICE,	/* an office code */
	KT_ACTOR,	/* who acted: a login, or "cli:..." for a script */
	KT_ID,		/* a record id */
	KT_IDOPT,	/* a record id or "" */
	KT_FLAG,	/* 0 or 1 */
	/*
	 * Counts by name: a JSON object whose values are counts or lists of
	 * counts ("3", "3,1"), at most a wire value long (a closing's figures).
	 */
	KT_FIGURES,
};

/* Column flags. */
#define KC_FORM		0x01	/* a field of the kind's form: clerks fill it in */
#define KC_LIFE		0x02	/* the program fills it: the record's lifecycle */
#define KC_NATURAL	0x04	/* the natural key: unique, never edited, NULL on a tombstone */
#define KC_FIXED	0x08	/* set at registration and never changed (a vacancy's employer) */
#define KC_EXPORT	0x10	/* a lifecycle column exports write, after the form's */
#define KC_IMPORT_REQUIRED 0x20	/* an import file must have the column */
#define KC_DERIVED	0x40	/* the store derives it from another field (sex from the ID number) */
/* Free text about the person (a counsellor's notes): in no list, export or log. */
#define KC_PERSONAL	0x80

/* The most columns a kind has. */
#define KIND_MAX_COLUMNS	32

struct kind_column {
	const char	*name;
	enum kind_type	 type;
	unsigned	 flags;
	/* A new row's value when a pulled record lacks the field; NULL: SQL NULL. */
	const char	*dflt;
	const char	*codes;		/* KT_CODE: the code list */
	const char	*refers;	/* KT_ID, KT_IDOPT: the kind it refers to, if one */
	/*
	 * In import and export files the column stands as the natural key of
	 * the record it refers to, under this name (a vacancy's employer as
	 * "employer_uscc"); NULL: the column is not in files but for KC_FORM
	 * and KC_EXPORT columns, which stand under their own names.
	 */
	const char	*file_key;
};

struct kind_status {
	const char	*value;
	const char	*label;		/* N_(): translated where shown */
	int		 lapses;	/* an open record that expires once valid_until passes */
	int		 closed;	/* the record's registration has ended */
};

struct kind {
	enum kind_id		 id;
	const char		*name;		/* the table, on the wire and in both databases */
	const char		*plural;	/* in commands: "jobdesk export seekers" */
	const char		*label;		/* N_(): the kind in the clerk's words */
	enum kind_merge		 merge;
	unsigned		 flags;
	/* The column the client's table keeps a record's key in: NULL for "id". */
	const char		*key_column;
	/* The natural key column, or NULL; its derived id is keyed "name:value". */
	const char		*natural;
	/*
	 * The record as a clerk knows it: label_column, and when label_parent
	 * names a column that refers to another kind, label_sep and that
	 * record's label ("店员 - 华联超市").
	 */
	const char		*label_column;
	const char		*label_parent;
	const char		*label_sep;
	/*
	 * The service event a new record of the kind gives (a code of the
	 * service_type list), or NULL; and the one its employer is given
	 * besides (a referral: 推荐面试 to the seeker, 推荐人选 to the
	 * employer), or NULL. Whether it is free, and on what basis, the
	 * office's rules decide (core/service.h).
	 */
	const char		*service;
	const char		*service_employer;
	/* Its lifecycle: statuses, the first one a new record takes. */
	const struct kind_status *statuses;
	size_t			 nstatuses;
	const struct kind_column *cols;
	size_t			 ncols;
};

/* Every kind, indexed by its id (for static tables: &kind_table[KIND_SEEKER]). */
extern const struct kind	 kind_table[KIND_COUNT];

/* The kind of this id; every id below KIND_COUNT has one. */
const struct kind		*kind_get(enum kind_id);
/* The kind whose table (wire name) is name, or NULL. */
const struct kind		*kind_find(const char *name);
/* The kind whose records give this service (its .service or .service_employer), or NULL. */
const struct kind		*kind_by_service(const char *service);
/* The kind a command calls so ("seekers"), or NULL. */
const struct kind		*kind_by_plural(const char *plural);
/* The column of this name, or NULL. */
const struct kind_column	*kind_column(const struct kind *, const char *name);
/* The column that names the office a record belongs to (KT_OFFICE), or NULL. */
const struct kind_column	*kind_office(const struct kind *);
/* The index of a column in k->cols, or -1. */
int				 kind_column_index(const struct kind *, const char *name);
/* The status of this value, or NULL. */
const struct kind_status	*kind_status(const struct kind *, const char *value);

/*
 * A registration closed by a hire through a referral (推荐就业): its
 * status, and the withdraw reason that only a hire gives, so that undoing
 * the hire opens again the registrations it closed and none that a clerk
 * closed as employed (已就业) by hand.
 */
#define KIND_SEEKER_PLACED		"placed"
#define KIND_SEEKER_PLACED_REFERRAL	"referral"

/* The status a new record starts with ("" for a kind without a lifecycle). */
const char			*kind_initial_status(const struct kind *);
/*
 * Whether a form of table may name column (the columns clerks fill in): 1
 * yes, 0 not a column of the form (or column NULL), -1 no kind of that
 * name has a form. A formdef_columns_cb.
 */
int				 kind_form_column(const char *table, const char *column);
/*
 * The status a person sees: the stored one, or "expired" for a status that
 * lapses whose valid_until (YYYY-MM-DD) is before today (YYYYMMDD).
 * Returns status itself or a static string.
 */
const char			*kind_effective_status(const struct kind *, const char *status,
				    const char *valid_until, int today);
/*
 * The columns of a kind's import and export files, in their order: the
 * file keys of the records it refers to, its form's columns, the
 * lifecycle columns exports write. Fills out (at most max names, each
 * the column's name or file key) and returns the count.
 */
size_t				 kind_file_columns(const struct kind *, const char **out,
				    size_t max);
/* The column a file's column name stands for (its name or its file key), or NULL. */
const struct kind_column	*kind_file_column(const struct kind *, const char *name);
/* The translatable label of a status of any kind (N_() text), or NULL when none has it. */
const char			*kind_status_label(const char *value);

#endif
