/* The statutory retirement age of a job seeker, and the clerk's warning. */
#include <stdio.h>

#include "common/i18n.h"
#include "core/check.h"
#include "core/retire.h"
#include "core/text.h"

/*
 * The 2025 schedule, one row per base age it names: births from the
 * month first on retire one month later for every step months of birth
 * (the first step included), at most most months later.
 */
static const struct retire_schedule {
	int	base;		/* base age, years */
	int	first;		/* the first month of birth delayed, YYYYMM */
	int	step;		/* months of birth per month of delay */
	int	most;		/* months of delay at most */
} retire_2025[] = {
	{ .base = 60, .first = 196501, .step = 4, .most = 36 },
	{ .base = 55, .first = 197001, .step = 4, .most = 36 },
	{ .base = 50, .first = 197501, .step = 2, .most = 60 },
};

/* Months the delay adds to base for a birth in YYYYMM ym. */
static int
retire_delay_months(enum retire_delay delay, int base, int ym)
{
	size_t i;
	int after, months;

	if (delay != RETIRE_DELAY_2025)
		return 0;
	for (i = 0; i < sizeof retire_2025 / sizeof retire_2025[0]; i++) {
		const struct retire_schedule *s = &retire_2025[i];

		if (s->base != base)
			continue;
		if (ym < s->first)
			return 0;
		/* Months of birth since the first one delayed: 0 for the first month itself. */
		after = (ym / 100 - s->first / 100) * 12 + ym % 100 - s->first % 100;
		months = after / s->step + 1;
		return months < s->most ? months : s->most;
	}
	return 0;
}

/* The retirement age in months for a sex and a birth date. */
int
retire_age_months(const struct retire_rule *rule, int sex, int birth)
{
	int base = sex == 1 ? rule->age_male : rule->age_female;

	return base * 12 + retire_delay_months(rule->delay, base, birth / 100);
}

/* An age in months as the clerk says it: "60 years", "60 years 4 months". */
void
retire_age_text(int months, char *out, size_t outlen)
{
	int y = months / 12, m = months % 12;

	if (m == 0)
		snprintf(out, outlen, _("%d years"), y);
	else
		snprintf(out, outlen, ngettext("%d years %d month", "%d years %d months",
		    (unsigned long)m), y, m);
}

/* Whether a person has reached the retirement age on today. */
int
retire_check(const struct retire_rule *rule, int sex, int birth, int today,
    struct retire_result *out, char *msg, size_t msglen)
{
	struct retire_result r;
	char age[64];

	r.age_months = date_age_months(birth, today);
	r.retire_months = retire_age_months(rule, sex, birth);
	if (out != NULL)
		*out = r;
	if ((sex != 1 && sex != 2) || r.age_months < r.retire_months)
		return 0;
	retire_age_text(r.retire_months, age, sizeof age);
	/* Short enough for the message line after "Note: ID number: " at 80 columns. */
	if (sex == 1)
		text_setmsg(msg, msglen, _("of retirement age (men: %s): check if retired"), age);
	else
		text_setmsg(msg, msglen, _("of retirement age (women: %s): check if retired"), age);
	return 1;
}
