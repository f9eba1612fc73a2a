/* Supply and demand: the valid-count rule, 求人倍率, the periods compared, the age bands. */
#include <stdio.h>

#include "common/i18n.h"
#include "core/check.h"
#include "core/supply.h"

/* The youngest and the oldest age a vacancy's open-ended range stands for. */
#define SUPPLY_AGE_LOW		16
#define SUPPLY_AGE_HIGH		60

int
supply_last_day(const struct supply_life *l)
{
	if (l->start == 0 || l->until == 0)
		return 0;
	if (l->closed != 0 && l->closed < l->until)
		return l->closed;
	return l->until;
}

enum supply_count
supply_valid(const struct supply_life *l, int from, int to)
{
	int last = supply_last_day(l);

	if (last == 0 || l->start > to || last < from || last < l->start)
		return SUPPLY_OUT;
	return l->start < from ? SUPPLY_CARRIED : SUPPLY_NEW;
}

int
supply_closed_day(int recorded, int hired, int last_change)
{
	if (recorded != 0)
		return recorded;
	if (hired != 0)
		return hired;
	return last_change;
}

void
supply_ratio(long demand, long seekers, char *out, size_t outlen)
{
	long hundredths;

	if (seekers <= 0 || demand < 0) {
		snprintf(out, outlen, "-");
		return;
	}
	/* In whole hundredths, half up, without floating point: the same text everywhere. */
	hundredths = (demand * 200 + seekers) / (seekers * 2);
	snprintf(out, outlen, "%ld.%02ld", hundredths / 100, hundredths % 100);
}

/* The last day of the month of ymd. */
static int
supply_month_end(int ymd)
{
	int y = ymd / 10000, m = ymd / 100 % 100;

	return y * 10000 + m * 100 + date_days_in_month(y, m);
}

/* The first day of the month months after (or before, negative) the month of ymd. */
static int
supply_month_start(int ymd, int months)
{
	long mm = (long)(ymd / 10000) * 12 + (ymd / 100 % 100 - 1) + months;

	if (mm < 12)
		mm = 12;	/* year 1 at the earliest, as date_add_days clamps */
	return (int)(mm / 12) * 10000 + (int)(mm % 12 + 1) * 100 + 1;
}

void
supply_last_period(int from, int to, int *pfrom, int *pto)
{
	if (from % 100 == 1 && to == supply_month_end(to) && to >= from) {
		int months = (to / 10000 - from / 10000) * 12 + to / 100 % 100 - from / 100 % 100 + 1;

		*pfrom = supply_month_start(from, -months);
		*pto = date_add_days(from, -1);
		return;
	}
	*pto = date_add_days(from, -1);
	*pfrom = date_add_days(*pto, -(date_to_days(to) - date_to_days(from)));
}

/* ymd a year earlier, 29 February as 28 February. */
static int
supply_year_before(int ymd)
{
	int y = ymd / 10000 - 1, md = ymd % 10000;

	if (y < 1)
		y = 1;
	if (md == 229 && date_days_in_month(y, 2) == 28)
		md = 228;
	return y * 10000 + md;
}

void
supply_last_year(int from, int to, int *pfrom, int *pto)
{
	*pfrom = supply_year_before(from);
	if (to == supply_month_end(to))
		*pto = supply_month_end(supply_year_before(to / 100 * 100 + 1));
	else
		*pto = supply_year_before(to);
}

enum supply_age_band
supply_age_band(int age)
{
	if (age < 25)
		return SUPPLY_AGE_16_24;
	if (age < 35)
		return SUPPLY_AGE_25_34;
	if (age < 45)
		return SUPPLY_AGE_35_44;
	if (age < 55)
		return SUPPLY_AGE_45_54;
	return SUPPLY_AGE_55_UP;
}

static const struct {
	const char	*key;
	const char	*label;
} supply_ages[SUPPLY_AGE_BANDS] = {
	[SUPPLY_AGE_16_24] = { .key = "16-24", .label = N_("16 to 24") },
	[SUPPLY_AGE_25_34] = { .key = "25-34", .label = N_("25 to 34") },
	[SUPPLY_AGE_35_44] = { .key = "35-44", .label = N_("35 to 44") },
	[SUPPLY_AGE_45_54] = { .key = "45-54", .label = N_("45 to 54") },
	[SUPPLY_AGE_55_UP] = { .key = "55+", .label = N_("55 and over") },
};

const char *
supply_age_key(enum supply_age_band b)
{
	return supply_ages[b].key;
}

const char *
supply_age_label(enum supply_age_band b)
{
	return supply_ages[b].label;
}

int
supply_vacancy_age_band(long min, long max)
{
	if (min < 0 && max < 0)
		return SUPPLY_AGE_ANY;
	if (min < 0)
		min = SUPPLY_AGE_LOW;
	if (max < 0)
		max = min > SUPPLY_AGE_HIGH ? min : SUPPLY_AGE_HIGH;
	if (max < min)
		max = min;
	return (int)supply_age_band((int)((min + max) / 2));
}
