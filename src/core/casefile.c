/* The hardship case file's schedule and the rules for leaving hardship status. */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/casefile.h"
#include "core/check.h"
#include "core/retire.h"
#include "core/text.h"

void
casefile_rules_default(struct casefile_rules *r)
{
	r->contact_months = 1;
	r->employed_months = 6;
}

int
casefile_add_months(int ymd, int months)
{
	int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, last;
	long mm = (long)y * 12 + (m - 1) + months;

	if (mm < 0)
		mm = 0;
	y = (int)(mm / 12);
	m = (int)(mm % 12) + 1;
	if (y > 9999)
		return 99991231;
	last = date_days_in_month(y, m);
	return y * 10000 + m * 100 + (d < last ? d : last);
}

int
casefile_contact_counts(const char *result)
{
	return strcmp(result, "unreachable") != 0;
}

int
casefile_next_contact(const struct casefile_rules *r, int opened, int last_contact)
{
	int from = last_contact > 0 ? last_contact : opened;

	/*
	 * From the day itself, not from the due day: a contact made late
	 * starts the next month from when it was made, as a clerk counts.
	 */
	return from > 0 ? casefile_add_months(from, r->contact_months) : 0;
}

int
casefile_next_due(int next_contact, const int *step_due, size_t n, int *step)
{
	int due = next_contact;
	size_t i;

	*step = 0;
	for (i = 0; i < n; i++)
		if (step_due[i] > 0 && (due == 0 || step_due[i] < due)) {
			due = step_due[i];
			*step = (int)i + 1;
		}
	return due;
}

int
casefile_leave_allowed(const struct casefile_rules *r, const struct retire_rule *rule,
    const char *reason, int sex, int birth, int employed_since, int today, char *msg,
    size_t msglen)
{
	char day[11], age[64];

	*msg = '\0';
	if (strcmp(reason, CASEFILE_LEAVE_REQUEST) == 0)
		return 1;
	if (strcmp(reason, CASEFILE_LEAVE_EMPLOYED) == 0) {
		int from;

		if (employed_since <= 0 || !date_valid(employed_since) || employed_since > today) {
			text_setmsg(msg, msglen, "%s", _("give the day the person started work, "
			    "not after today"));
			return 0;
		}
		from = casefile_add_months(employed_since, r->employed_months);
		date_format(from, day);
		if (from > today) {
			text_setmsg(msg, msglen, ngettext(
			    "employed for less than %d month: hardship status may end on %s",
			    "employed for less than %d months: hardship status may end on %s",
			    (unsigned long)r->employed_months), r->employed_months, day);
			return 0;
		}
		text_setmsg(msg, msglen, ngettext("employed for %d month or more",
		    "employed for %d months or more", (unsigned long)r->employed_months),
		    r->employed_months);
		return 1;
	}
	if (strcmp(reason, CASEFILE_LEAVE_RETIRED) == 0) {
		struct retire_result res;
		char why[200];

		if ((sex != 1 && sex != 2) || !date_valid(birth)) {
			text_setmsg(msg, msglen, "%s", _("the birth date or sex is not known: "
			    "the retirement age cannot be checked"));
			return 0;
		}
		retire_check(rule, sex, birth, today, &res, why, sizeof why);
		retire_age_text(res.retire_months, age, sizeof age);
		if (res.age_months < res.retire_months) {
			date_format(casefile_add_months(birth, res.retire_months), day);
			text_setmsg(msg, msglen, _("not of retirement age (%s) until %s"), age, day);
			return 0;
		}
		text_setmsg(msg, msglen, _("of retirement age (%s)"), age);
		return 1;
	}
	return -1;
}
