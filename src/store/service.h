/*
 * The free-service ledger (免费服务台账): every service given is one
 * service event, appended once. Here: the office's rule table the events
 * are decided by, the services a clerk records by hand (政策咨询,
 * 招聘洽谈), and the ledgers read from the events: a person's or an
 * employer's timeline, a clerk's day, an office's period in totals, and
 * the export. The ledgers are queries over the events, never a copy.
 */
#ifndef JOBDESK_STORE_SERVICE_H
#define JOBDESK_STORE_SERVICE_H

#include <stddef.h>

#include "core/ident.h"
#include "core/kind.h"
#include "store/export.h"

struct service_rules;
struct store;

/*
 * The rule table that decides whether a service is free and its basis
 * (copied); until set, the defaults of core/service.h.
 */
void	store_set_service_rules(struct store *, const struct service_rules *);

/*
 * Record a service of type (policy, recruitment_talk...) given now on the
 * seeker or employer id (the type says which): once a day, so that a key
 * pressed twice, or the same service logged at two windows, is one
 * event. 0 recorded, 1 already recorded today, -1 with err.
 */
int	service_give(struct store *, const char *type, const char *id, char *err,
	    size_t errlen);

/* One service given, as the ledger screens show it. */
struct service_row {
	char	id[IDENT_LEN + 1];
	char	type[32];
	char	at[32];			/* "YYYY-MM-DDTHH:MM:SSZ", UTC */
	char	clerk[64];
	char	office[32];
	int	free_service;
	char	basis[32];
	char	category[128];		/* the seeker's categories then */
	char	hardship[32];		/* the seeker's hardship kind then */
	int	hard_to_recruit;	/* the employer's flag then */
	char	who[128];		/* the seeker's or the employer's name */
	char	who_key[32];		/* the ID number masked, or the USCC */
	char	vacancy[128];		/* the vacancy's title, or "" */
};

struct service_list {
	struct service_row	*rows;
	size_t			 n;
};

/*
 * The services given to a seeker (kind KIND_SEEKER: with those of the
 * records merged into it) or an employer (KIND_EMPLOYER: its own, not
 * its candidates' as seekers), newest first, at most max; a seeker's is
 * audited as seen. 0 or -1 (store_errmsg). Free with service_list_free.
 */
int	service_timeline(struct store *, enum kind_id, const char *id, size_t max,
	    struct service_list *);
/* The services clerk gave on day (YYYYMMDD, local), newest first; 0 or -1. */
int	service_clerk_day(struct store *, const char *clerk, int day, struct service_list *);
void	service_list_free(struct service_list *);

/* A line of the office's totals: a service type or a basis ("" none), how many, how many free. */
struct service_total {
	char	key[32];
	long	count;
	long	free_count;
};

struct service_totals {
	struct service_total	*by_type;	/* in the order of the service_type list */
	size_t			 ntype;
	struct service_total	*by_basis;	/* most first */
	size_t			 nbasis;
	long			 count, free_count;
};

/*
 * The services office and the offices under it gave from day from to day
 * to (YYYYMMDD, local, both included), by type and by basis. 0 or -1.
 * Free with service_totals_free.
 */
int	service_office_totals(struct store *, const char *office, int from, int to,
	    struct service_totals *);
void	service_totals_free(struct service_totals *);
/* A service type's name in the language asked for (its code when the list lacks it). */
void	service_type_name(struct store *, const char *type, int chinese, char *out,
	    size_t outlen);
/* A free basis's name: hardship, an employer's, a person category, "no basis" for "". */
void	service_basis_name(struct store *, const char *basis, int chinese, char *out,
	    size_t outlen);

/* The columns of "jobdesk export services", NULL-terminated. */
extern const char *const service_export_columns[];

/*
 * Every service given from day from to day to (YYYYMMDD local; 0: no
 * bound), oldest first, as rows with service_export_columns; audited as
 * an export first. 0, the callback's non-zero value, or -1.
 */
int	service_export(struct store *, int from, int to, store_export_cb, void *ctx);

#endif
