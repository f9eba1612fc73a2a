/* The subsidy roster's rules: which placements an office may claim (see roster.h). */
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "core/check.h"
#include "core/roster.h"

const int roster_check_months[ROSTER_NCHECKS] = { 1, 3, 6 };

/* qsort: referrals by person, then in the order of the rules (hire, referral, number). */
static int
roster_cmp(const void *a, const void *b)
{
	const struct roster_referral *x = *(const struct roster_referral *const *)a;
	const struct roster_referral *y = *(const struct roster_referral *const *)b;
	int c = strcmp(x->person, y->person);

	if (c != 0)
		return c;
	if (x->hired != y->hired)
		return x->hired < y->hired ? -1 : 1;
	if (x->referred != y->referred)
		return x->referred < y->referred ? -1 : 1;
	return strcmp(x->number, y->number);
}

/* Whether referral a came before b: by referral date, then letter number. */
static int
roster_referred_before(const struct roster_referral *a, const struct roster_referral *b)
{
	if (a->referred != b->referred)
		return a->referred < b->referred;
	return strcmp(a->number, b->number) < 0;
}

/*
 * Decide the placement p of one person's referrals g (n of them, in the
 * order of roster_cmp, p among them and the ones before it decided).
 */
static void
roster_decide_one(struct roster_referral **g, size_t n, struct roster_referral *p)
{
	struct roster_referral *first = NULL;
	size_t i;

	if (p->ledger == ROSTER_PAID) {
		p->verdict = ROSTER_NONE;
		return;
	}
	if (p->ledger == ROSTER_UNKNOWN) {
		p->verdict = ROSTER_NO_LEDGER;
		return;
	}
	/* The claims so far: those before p in the order. */
	for (i = 0; i < n && g[i] != p; i++)
		if (g[i]->verdict == ROSTER_CLAIM && strcmp(g[i]->employer, p->employer) == 0) {
			p->verdict = ROSTER_EMPLOYER_AGAIN;
			p->because = (size_t)i;
			return;
		}
	for (i = 0; i < n && g[i] != p; i++)
		if (g[i]->verdict == ROSTER_CLAIM && g[i]->hired / 10000 == p->hired / 10000) {
			p->verdict = ROSTER_YEAR_AGAIN;
			p->because = (size_t)i;
			return;
		}
	/* The first referral of the person to the employer that may have placed them. */
	for (i = 0; i < n; i++)
		if (g[i]->state != ROSTER_CLOSED && strcmp(g[i]->employer, p->employer) == 0 &&
		    (first == NULL || roster_referred_before(g[i], first)))
			first = g[i];
	if (first != NULL && strcmp(first->office, p->office) != 0) {
		p->verdict = ROSTER_NOT_FIRST;
		for (i = 0; g[i] != first; i++)
			;
		p->because = i;
		return;
	}
	p->verdict = ROSTER_CLAIM;
}

/* Decide the referrals person by person, each person's in the order of the rules. */
void
roster_decide(struct roster_referral *r, size_t n)
{
	struct roster_referral **order;
	size_t i, start, end;

	if (n == 0)
		return;
	order = xcalloc(n, sizeof *order);
	for (i = 0; i < n; i++) {
		order[i] = &r[i];
		r[i].verdict = ROSTER_NONE;
		r[i].because = 0;
	}
	qsort(order, n, sizeof *order, roster_cmp);
	for (start = 0; start < n; start = end) {
		for (end = start + 1; end < n && strcmp(order[end]->person,
		    order[start]->person) == 0; end++)
			;
		for (i = start; i < end; i++)
			if (order[i]->state == ROSTER_HIRED && order[i]->hired > 0)
				roster_decide_one(order + start, end - start, order[i]);
		/* What the verdicts point at, as an index of r rather than of the order. */
		for (i = start; i < end; i++)
			if (order[i]->verdict >= ROSTER_EMPLOYER_AGAIN)
				order[i]->because = (size_t)(order[start + order[i]->because] - r);
	}
	free(order);
}

/* The day a check is due: the month moved on, the day counted on from its first. */
int
roster_check_due(int hired, int months)
{
	int y = hired / 10000, m = hired / 100 % 100, d = hired % 100;
	long mm = (long)y * 12 + (m - 1) + months;

	y = (int)(mm / 12);
	m = (int)(mm % 12) + 1;
	if (y > 9999)
		return 99991231;
	/* The day the month has, as it is (most days): no counting. */
	if (y >= 1 && d >= 1 && date_valid(y * 10000 + m * 100 + d))
		return y * 10000 + m * 100 + d;
	/* The day of the month, counted on from the month's first: an overflow runs on. */
	return date_add_days(y * 10000 + m * 100 + 1, d - 1);
}

/* A check's state: its result when made, else due or not yet. */
enum roster_check
roster_check_state(int made, int employed, int insured, int due, int today)
{
	if (made)
		return !employed ? ROSTER_CHECK_LEFT :
		    insured ? ROSTER_CHECK_INSURED : ROSTER_CHECK_EMPLOYED;
	return due <= today ? ROSTER_CHECK_DUE : ROSTER_CHECK_LATER;
}
