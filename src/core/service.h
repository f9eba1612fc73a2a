/*
 * Services given (免费服务台账): the types the program records, whether a
 * service was free and on what basis under the office's rule table
 * (jobdesk.ini [services]), and the key that makes a service unique by
 * nature (one 信息查询 per seeker a day) so that every terminal derives
 * the same event id for it. Pure: no I/O, no locale.
 */
#ifndef JOBDESK_SERVICE_H
#define JOBDESK_SERVICE_H

#include <stddef.h>

/* Whom a service is given to. */
enum service_subject {
	SERVICE_SEEKER,
	SERVICE_EMPLOYER,
};

/* A service type: its code (list service_type) and whom it is given to. */
struct service_type {
	const char		*code;
	enum service_subject	 subject;
	/* Given by itself (a query, a consultation), not with a record of its own. */
	int			 by_hand;
};

/* The place of a type among the types, seekers' first, or -1 for none of them. */
int				 service_type_rank(const char *code);
/* The service type of this code, or NULL. */
const struct service_type	*service_type_find(const char *code);

/* The most words the basis list of a rule table holds. */
#define SERVICE_BASIS_MAX	24
#define SERVICE_WORD_LEN	32

/*
 * The rule table: the types free to everyone, the types free to whom has
 * a basis, and the bases in the order the first one a person or employer
 * has is recorded ("hardship": a recognised 就业困难人员; "hard_to_recruit":
 * an employer that takes them on; else a person category code).
 */
struct service_rules {
	unsigned	free_all;	/* bit i: service_types[i] is free to everyone */
	unsigned	free_basis;	/* bit i: free to whom has a basis */
	char		basis[SERVICE_BASIS_MAX][SERVICE_WORD_LEN];
	size_t		nbasis;
};

/* The rules of a public office that has not set any: everything free, the shipped basis order. */
void	service_rules_default(struct service_rules *);

/*
 * Set one key of the rule table from its configuration text: "free" and
 * "free_with_basis" take "all", "none" or service type codes separated
 * by spaces or commas; "basis" takes basis words. 0, or -1 with the
 * reason in err (the value quoted; the caller adds file and key).
 */
int	service_rules_set(struct service_rules *, const char *key, const char *value,
	    char *err, size_t errlen);

/* What a person or an employer was at the moment of a service. */
struct service_snapshot {
	const char	*category;	/* a seeker's person categories, "a,b" ("" none) */
	const char	*hardship;	/* a seeker's hardship kind ("" none) */
	int		 hard_to_recruit; /* an employer that takes on hardship persons */
};

/*
 * Decide a service of type to whom snap describes: *free 1 or 0, and the
 * basis recorded (the first word of the rules' basis list that applies,
 * "" none) into basis. The basis is recorded even for a service free to
 * everyone: a subsidy claim counts on it.
 */
void	service_decide(const struct service_rules *, const char *type,
	    const struct service_snapshot *snap, int *free_service, char *basis,
	    size_t basislen);

/*
 * The text a service event's id derives from when the service is unique
 * by nature: its type, the record it is given on, and once (the day, or
 * the referral it comes from). Every terminal builds the same text, so
 * their events of one service get one id (the server keeps the first).
 */
void	service_once_key(const char *type, const char *subject_id, const char *once,
	    char *out, size_t outlen);

#endif
