/*
 * Inside the store room: one pulled page being applied (sync-pull.c),
 * shared by the files that apply its records: the business records of
 * the kinds terminals change (sync-pull-records.c) and the district's
 * reference data (sync-pull-reference.c).
 */
#ifndef JOBDESK_STORE_SYNC_PULL_INT_H
#define JOBDESK_STORE_SYNC_PULL_INT_H

#include <stddef.h>

#include "core/kind.h"
#include "store/store-int.h"
#include "wire/wire.h"

/* A per-field kind's table: its statements for this page. */
struct pull_table {
	const struct kind	*kind;
	sqlite3_stmt		*load, *update, *insert;
	sqlite3_stmt		*holder, *give_up;	/* pull_takeover's, prepared when needed */
	const char		*names[KIND_MAX_COLUMNS];	/* of the columns, for wire_stamps_text */
	/* Where each column was among the last record's fields (pull_field). */
	size_t			 field_at[KIND_MAX_COLUMNS];
};

/* One page being applied. */
struct pull {
	struct store		*st;
	/* Indexed by kind id; prepared for the per-field kinds only (kind NULL otherwise). */
	struct pull_table	 tables[KIND_COUNT];
	sqlite3_stmt		*pending;	/* the fields of waiting outbox entries of a row */
	/*
	 * The statements of single records, prepared the first time the page
	 * needs one and kept until its end (pull_stmt): a page of thousands
	 * of records would otherwise prepare them thousands of times.
	 */
	sqlite3_stmt		*parent_exists[KIND_COUNT], *wait, *unwait;
	sqlite3_stmt		*appended[KIND_COUNT], *conflict, *list_own, *code_row;
	sqlite3_stmt		*identity_put, *identity_drop;	/* store/scope.c's */
	sqlite3_stmt		*identity_stage;		/* a first sync's (scope.c) */
	struct gram_batch	 grams;		/* name pieces of the page's new seekers */
	int			 bulk;		/* a first sync's bulk load: no name index */
	int			 outbox_empty;	/* nothing waits: no lookups needed */
	int			 any_waiting;	/* sync_waiting may hold something */
	long			 applied, skipped, waiting;
	/* The scope the page was built for: an office, or "" for the whole district. */
	char			 scope[32];
	int			 scoped;
	char			*err;
	size_t			 errlen;
};

/* Say what failed (the database's message) unless a message is there already; -1. */
int		 pull_dberr(struct pull *, const char *what, const char *key);
/* The page's statement in *slot, prepared from sql the first time it is asked for. */
sqlite3_stmt	*pull_stmt(struct pull *, sqlite3_stmt **slot, const char *sql);
/* Step a write of the page's statements to its end and reset it for the next; 0 or -1. */
int		 pull_step_done(struct pull *, sqlite3_stmt *);
/* Whether the record of kind k with this key is here: 1, 0, -1. */
int		 pull_exists(struct pull *, const struct kind *k, const char *key);
/* Park a record until the record it needs (of kind needs, key needs_key) has arrived. */
int		 pull_wait(struct pull *, const struct wire_record *, const struct kind *needs,
		     const char *needs_key);
/* A newer version of a waiting record supersedes it: the waiting one goes. */
int		 pull_unwait(struct pull *, const char *tbl, const char *key);
/* Write the name pieces gathered so far (before any are removed, and at the page's end). */
int		 pull_grams_write(struct pull *);

/* Prepare and finalize the per-field kinds' statements (sync-pull-records.c). */
void		 pull_records_init(struct pull *);
void		 pull_records_done(struct pull *);

/* Apply one record of its kind: 0 (applied, skipped or waiting), or -1 with p->err. */
typedef int	(*pull_apply_fn)(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_mutable(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_appended(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_conflict(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_office(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_account(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_terminal(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_code_list(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_code(struct pull *, const struct kind *, const struct wire_record *);
int		 pull_form(struct pull *, const struct kind *, const struct wire_record *);
/* An entry of the district identity index (store/scope.c). */
int		 pull_identity(struct pull *, const struct kind *, const struct wire_record *);
/* The end of a first sync: its staged identity index entries folded into the index; 0 or -1. */
int		 pull_identity_fold(struct store *);

/*
 * A scoped terminal's side of a page (store/scope.c): before the page's
 * records, the scope it was built for (a new one kept, the stale
 * vacancies of a pull from the beginning let go); for each whole job
 * seeker, its identity index entry dropped; after the last page of a
 * round, the sweep of what left the scope. 0 or -1.
 */
int		 pull_scope_begin(struct pull *, const struct wire_pull_reply *);
int		 pull_scope_seeker(struct pull *, const char *key, int deleted);
int		 pull_scope_end(struct pull *, int last);

#endif
