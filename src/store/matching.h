/*
 * Matching on the terminal's database: the open, valid vacancies of the
 * district for a job seeker, the active, valid registrations for a
 * vacancy, each judged by core/match and ranked best first. Offline: the
 * terminal holds the district's vacancies and seekers.
 */
#ifndef JOBDESK_MATCHING_H
#define JOBDESK_MATCHING_H

#include <stddef.h>
#include <stdint.h>

#include "core/ident.h"
#include "core/match.h"

struct store;

/* One candidate of a list, with both sides of the pair for its explanation. */
struct match_candidate {
	char			 id[IDENT_LEN + 1];	/* the candidate's record id */
	int64_t			 rid;			/* its row on this terminal */
	/* A vacancy as "title - employer"; a seeker as name and masked ID number. */
	char			 label[192];
	struct match_seeker	 seeker;
	struct match_vacancy	 vacancy;
	struct match_result	 result;
};

/*
 * A ranked list; free with matching_free(). The candidates' texts are the
 * store's: they live until it closes.
 */
struct match_list {
	struct match_candidate	*items;		/* best first */
	size_t			 n;
	size_t			 found;		/* candidates listed before the limit cut them */
	char			 subject[192];	/* the seeker or vacancy matched, as labelled */
};

/*
 * The vacancies for the seeker with this id (seeker_id) or the seekers
 * for the vacancy with this id (vacancy_id), on the day today: those that
 * pass every filter, or with near_misses those whose records are open and
 * valid but miss exactly one filter of the pair (age, education, a recent
 * referral, a public-welfare post). At most limit, best first.
 * 0, 1 when the record is not there (err says so), -1 with err.
 */
int	matching_for_seeker(struct store *, const struct match_config *, const char *seeker_id,
	    int today, int near_misses, size_t limit, struct match_list *, char *err,
	    size_t errlen);
int	matching_for_vacancy(struct store *, const struct match_config *, const char *vacancy_id,
	    int today, int near_misses, size_t limit, struct match_list *, char *err,
	    size_t errlen);
void	matching_free(struct match_list *);
/*
 * Record that the seeker was shown the matching vacancies (a job-information
 * service, 信息查询): once per seeker a day, however often the list is
 * opened. 0 (recorded or already recorded today), or -1 with err.
 */
int	matching_log_query(struct store *, const char *seeker_id, char *err, size_t errlen);
/*
 * The name of a code in the clerk's language for explanations (a
 * match_code_name_cb: ctx is a struct match_names, which holds the names).
 */
struct match_names {
	struct store	*st;
	int		 chinese;
	char		 buf[4][160];
	size_t		 next;
};
const char	*matching_code_name(void *ctx, const char *list, const char *code);

#endif
