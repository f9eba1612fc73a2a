/*
 * The supervisor's end of day (jobdesk(1), "The daily report" and the
 * subsections after it), as reports of store/report.h: the daily report
 * (日报) of an office and its clerks with the same weekday a week before
 * and the corrections of closed days; the close of day (日结), which
 * freezes the day's figures into a closing record that syncs to the
 * district; the reprint of a closed day (补打); and the lists that need
 * action. The rules of what counts are core/daily.h's; here the events
 * are read and the reports laid out.
 */
#ifndef JOBDESK_STORE_REPORT_DAILY_H
#define JOBDESK_STORE_REPORT_DAILY_H

#include <stddef.h>

struct report;
struct report_query;
struct store;

/*
 * The days the lists that need action look back: a referral without an
 * outcome is due this many days after it was issued ([match]
 * referral_due_days), a terminal that has not synced for silent_days is
 * named ([report] terminal_silent_days). Until set, 7 and 3.
 */
void	store_set_report_days(struct store *, int referral_due_days, int silent_days);

/*
 * The daily report of q's office (and the offices under it) for q's days:
 * the figures (core/daily.h) beside those of the same days a week
 * earlier, withdrawals by reason, services by type and by free basis,
 * each clerk's figures, and the corrections of every day of the period
 * the office closed whose figures have changed since. 0, or -1 with err.
 */
int	report_daily(struct store *, const struct report_query *, struct report *, char *,
	    size_t);

/*
 * Close q->to's day of q's office as the acting account (a supervisor of
 * the office or above, never a script without an account): its figures,
 * the count and digest of the events counted, in a closing record with
 * its outbox entry, one transaction. Refused for a day not yet come, a
 * period of more than one day, and a day closed already (saying when and
 * by whom). The report is the day's figures as closed. 0, or -1 with err.
 */
int	report_close(struct store *, const struct report_query *, struct report *, char *,
	    size_t);

/*
 * Reprint (补打) the closing of q->to's day of q's office: its figures as
 * they were frozen, marked as a reprint. 0, or -1 with err (the day is
 * not closed).
 */
int	report_closed(struct store *, const struct report_query *, struct report *, char *,
	    size_t);

/*
 * The lists that need action, on q->today: referral outcomes and
 * placement checks due, case-file contacts and steps due, registrations
 * of the office that expire in the next 7 days, conflicts to review,
 * changes the district parked, and the office's terminals that have not
 * synced for the configured days. 0, or -1 with err.
 */
int	report_actions(struct store *, const struct report_query *, struct report *, char *,
	    size_t);

#endif
