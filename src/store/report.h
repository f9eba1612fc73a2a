/*
 * The supervisors' reports (the daily report, supply and demand, the
 * subsidy roster, the services given...), each read from the local
 * database into a struct report (common/report.h) that the client shows
 * and prints and `jobdesk report` writes as text, CSV or JSON. A report
 * is asked for by a query: which office and which days. Every report of
 * an office counts that office and the offices under it (a district
 * counts its streets), by one rule, so that the figures of the streets
 * add up to the district's.
 */
#ifndef JOBDESK_STORE_REPORT_H
#define JOBDESK_STORE_REPORT_H

#include <stddef.h>

struct report;
struct store;

/* The period a report covers when none is asked for. */
enum report_period {
	REPORT_PERIOD_DAY,	/* today */
	REPORT_PERIOD_MONTH,	/* the first of this month to today */
};

struct report_query {
	const char	*office;	/* its code; the office and the offices under it */
	int		 from, to;	/* YYYYMMDD, both included */
	const char	*by;		/* one breakdown's key, NULL for all (supply and demand) */
	int		 today;		/* YYYYMMDD, the terminal's day */
	int		 chinese;	/* code names in Chinese, else in English */
};

/*
 * Build a report for q into out (initialised by the builder): 0, or -1
 * with err (a message for the person who asked: a bad --by, a database
 * error). out is freed by the caller with report_free, also after -1.
 */
typedef int (*report_build_fn)(struct store *, const struct report_query *q,
	    struct report *out, char *err, size_t errlen);

/* A breakdown of a report: the word --by takes, and its name on screen. */
struct report_breakdown {
	const char	*name;		/* the command line's word: "education" */
	const char	*label;		/* the chooser's line (N_, translated where shown) */
};

/* A report that can be asked for by name, in the client's menu and on the command line. */
struct report_kind {
	const char		*name;		/* the command line's word: "daily" */
	const char		*label;		/* the menu's line (N_, translated where shown) */
	report_build_fn		 build;
	enum report_period	 period;
	int			 acts;		/* it writes (close of day): the actor must be set */
	const struct report_breakdown *by;	/* its breakdowns, ended by a NULL name, or NULL */
};

/* The reports, in menu order, and their number. */
extern const struct report_kind	report_kinds[];
extern const size_t		n_report_kinds;
/* The report of this name, or NULL. */
const struct report_kind	*report_kind_find(const char *name);

/* Fill q's days with the period's default for today where q->from is 0. */
void	report_query_period(struct report_query *q, enum report_period);

/*
 * Fill the temporary table report_scope(office TEXT PRIMARY KEY) with
 * root and every office under it (the office table's parents, followed
 * down), for a report's SQL to join: 0, or -1 with err. An office the
 * table does not know is still its own scope.
 */
int	report_scope(struct store *, const char *root, char *err, size_t errlen);

/* Notes the office asked for (its name and code) and the period, under the report's title. */
void	report_note_query(struct store *, struct report *, const struct report_query *);

/*
 * The subsidy roster (花名册): the placements hired in the period through a
 * free referral by the office and the offices under it, on the roster or
 * held back by a rule (core/roster.h); audited as an export of personal data.
 */
int	report_roster(struct store *, const struct report_query *, struct report *, char *,
	    size_t);

/* The services given: by type and by free basis (the ledger's office totals). */
int	report_services(struct store *, const struct report_query *, struct report *, char *,
	    size_t);

/*
 * Supply and demand (供求分析, store/report-supply.c): demand, seekers
 * and 求人倍率 of the period, the period before and a year earlier,
 * carried over and new, and by each breakdown of report_supply_by (all,
 * or the one q->by names).
 */
int	report_supply_demand(struct store *, const struct report_query *, struct report *,
	    char *, size_t);
/* The breakdowns of supply and demand, in the report's order, ended by a NULL name. */
extern const struct report_breakdown report_supply_by[];

#endif
