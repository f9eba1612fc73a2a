/* The daily report's figures, the corrections of a closed day, a closing's digest: see daily.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/daily.h"
#include "core/service.h"

const struct daily_fig_def daily_figs[DAILY_NFIG] = {
	[DAILY_REGISTERED] = { "registered", N_("Job seekers registered"), 1 },
	[DAILY_RENEWED] = { "renewed", N_("Registrations renewed"), 1 },
	[DAILY_WITHDRAWN] = { "withdrawn", N_("Registrations withdrawn"), 0 },
	[DAILY_EXPIRED] = { "expired", N_("Registrations expired"), 0 },
	[DAILY_EMPLOYERS] = { "employers", N_("Employers registered"), 1 },
	[DAILY_VACANCIES] = { "vacancies", N_("Vacancies registered"), 1 },
	[DAILY_HEADCOUNT] = { "headcount", N_("Places in those vacancies"), 1 },
	[DAILY_REFERRALS] = { "referrals", N_("Referrals issued"), 1 },
	[DAILY_OUTCOMES] = { "outcomes", N_("Outcomes recorded"), 1 },
	[DAILY_HIRED] = { "hired", N_("Hired"), 1 },
	[DAILY_NOT_HIRED] = { "not_hired", N_("Not hired"), 1 },
	[DAILY_NO_SHOW] = { "no_show", N_("Did not attend"), 1 },
	[DAILY_OTHER_OUTCOME] = { "other_outcome", N_("Declined or unreachable"), 1 },
	[DAILY_GUIDANCE] = { "guidance", N_("Guidance sessions"), 1 },
	[DAILY_SERVICES] = { "services", N_("All services given"), 1 },
	[DAILY_FREE] = { "free", N_("Of them free"), 1 },
};

const char daily_headcount_service[] = "vacancy_registration";

/* The figure a service of a type counts as besides a service, or -1. */
static const struct {
	const char	*type;
	enum daily_fig	 fig;
} daily_service_figs[] = {
	{ "registration", DAILY_REGISTERED },
	{ "renewal", DAILY_RENEWED },
	{ "employer_registration", DAILY_EMPLOYERS },
	{ "vacancy_registration", DAILY_VACANCIES },
	{ "referral", DAILY_REFERRALS },
	{ "guidance", DAILY_GUIDANCE },
};

/* The figure an outcome of a status counts as besides an outcome. */
static const struct {
	const char	*status;
	enum daily_fig	 fig;
} daily_outcome_figs[] = {
	{ "hired", DAILY_HIRED },
	{ "not_hired", DAILY_NOT_HIRED },
	{ "no_show", DAILY_NO_SHOW },
	{ "declined", DAILY_OTHER_OUTCOME },
	{ "unreachable", DAILY_OTHER_OUTCOME },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

void
daily_init(struct daily_figures *f)
{
	memset(f, 0, sizeof *f);
}

void
daily_free(struct daily_figures *f)
{
	free(f->reasons.c);
	free(f->types.c);
	free(f->bases.c);
	free(f->clerks);
	memset(f, 0, sizeof *f);
}

/* Add count (free_count of them free) under key, a new entry for a new key. */
static void
daily_count_add(struct daily_counts *l, const char *key, long count, long free_count)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->c[i].key, key) == 0)
			break;
	if (i == l->n) {
		if (l->n == l->cap) {
			l->cap = l->cap > 0 ? 2 * l->cap : 8;
			l->c = xreallocarray(l->c, l->cap, sizeof *l->c);
		}
		memset(&l->c[i], 0, sizeof l->c[i]);
		snprintf(l->c[i].key, sizeof l->c[i].key, "%s", key);
		l->n++;
	}
	l->c[i].count += count;
	l->c[i].free_count += free_count;
}

/* The entry of key in a list, or NULL. */
static const struct daily_count *
daily_count_find(const struct daily_counts *l, const char *key)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->c[i].key, key) == 0)
			return &l->c[i];
	return NULL;
}

long
daily_count_get(const struct daily_counts *l, const char *key, long *free_count)
{
	const struct daily_count *c = daily_count_find(l, key);

	if (free_count != NULL)
		*free_count = c != NULL ? c->free_count : 0;
	return c != NULL ? c->count : 0;
}

const struct daily_clerk *
daily_clerk_get(const struct daily_figures *f, const char *login)
{
	size_t i;

	for (i = 0; i < f->nclerks; i++)
		if (strcmp(f->clerks[i].login, login) == 0)
			return &f->clerks[i];
	return NULL;
}

/* The figures of login, a new clerk's zeros when they had none. */
static struct daily_clerk *
daily_clerk_of(struct daily_figures *f, const char *login)
{
	struct daily_clerk *c = (struct daily_clerk *)daily_clerk_get(f, login);

	if (c != NULL)
		return c;
	if (f->nclerks == f->capclerks) {
		f->capclerks = f->capclerks > 0 ? 2 * f->capclerks : 8;
		f->clerks = xreallocarray(f->clerks, f->capclerks, sizeof *f->clerks);
	}
	c = &f->clerks[f->nclerks++];
	memset(c, 0, sizeof *c);
	snprintf(c->login, sizeof c->login, "%s", login);
	return c;
}

/* Count n under fig for the office and, for a clerk's figure, the clerk. */
static void
daily_bump(struct daily_figures *f, struct daily_clerk *c, enum daily_fig fig, long n)
{
	f->v[fig] += n;
	if (c != NULL && daily_figs[fig].per_clerk)
		c->v[fig] += n;
}

void
daily_add(struct daily_figures *f, const struct daily_event *e)
{
	const char *what = e->what != NULL ? e->what : "";
	const char *basis = e->basis != NULL ? e->basis : "";
	int has_clerk = e->clerk != NULL && *e->clerk != '\0';
	struct daily_clerk *c;
	size_t i;

	switch (e->source) {
	case DAILY_SERVICE:
		c = has_clerk ? daily_clerk_of(f, e->clerk) : NULL;
		daily_bump(f, c, DAILY_SERVICES, 1);
		daily_bump(f, c, DAILY_FREE, e->free_service ? 1 : 0);
		daily_count_add(&f->types, what, 1, e->free_service ? 1 : 0);
		daily_count_add(&f->bases, basis, 1, e->free_service ? 1 : 0);
		for (i = 0; i < NELEM(daily_service_figs); i++)
			if (strcmp(daily_service_figs[i].type, what) == 0)
				daily_bump(f, c, daily_service_figs[i].fig, 1);
		if (strcmp(what, daily_headcount_service) == 0 && e->headcount > 0)
			daily_bump(f, c, DAILY_HEADCOUNT, e->headcount);
		break;
	case DAILY_OUTCOME:
		/* No outcome yet ("issued") counts nothing, for no one. */
		for (i = 0; i < NELEM(daily_outcome_figs); i++)
			if (strcmp(daily_outcome_figs[i].status, what) == 0) {
				c = has_clerk ? daily_clerk_of(f, e->clerk) : NULL;
				daily_bump(f, c, DAILY_OUTCOMES, 1);
				daily_bump(f, c, daily_outcome_figs[i].fig, 1);
			}
		break;
	case DAILY_WITHDRAWAL:
		daily_bump(f, NULL, DAILY_WITHDRAWN, 1);
		daily_count_add(&f->reasons, basis, 1, 0);
		break;
	case DAILY_EXPIRY:
		daily_bump(f, NULL, DAILY_EXPIRED, 1);
		break;
	}
}

/* qsort: counts by key. */
static int
daily_by_key(const void *a, const void *b)
{
	return strcmp(((const struct daily_count *)a)->key, ((const struct daily_count *)b)->key);
}

/* qsort: services by the place of their type among the types, an unknown one last. */
static int
daily_by_type(const void *a, const void *b)
{
	const struct daily_count *x = a, *y = b;
	unsigned rx = (unsigned)service_type_rank(x->key), ry = (unsigned)service_type_rank(y->key);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* qsort: bases most first, "" (none) last. */
static int
daily_by_count(const void *a, const void *b)
{
	const struct daily_count *x = a, *y = b;

	if ((*x->key == '\0') != (*y->key == '\0'))
		return *x->key == '\0' ? 1 : -1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* qsort: clerks by login. */
static int
daily_by_login(const void *a, const void *b)
{
	return strcmp(((const struct daily_clerk *)a)->login,
	    ((const struct daily_clerk *)b)->login);
}

void
daily_sort(struct daily_figures *f)
{
	if (f->reasons.n > 1)
		qsort(f->reasons.c, f->reasons.n, sizeof *f->reasons.c, daily_by_key);
	if (f->types.n > 1)
		qsort(f->types.c, f->types.n, sizeof *f->types.c, daily_by_type);
	if (f->bases.n > 1)
		qsort(f->bases.c, f->bases.n, sizeof *f->bases.c, daily_by_count);
	if (f->nclerks > 1)
		qsort(f->clerks, f->nclerks, sizeof *f->clerks, daily_by_login);
}

void
daily_expiry_range(int from, int to, int *lo, int *hi)
{
	*lo = date_add_days(from, -1);
	*hi = date_add_days(to, -1);
}

void
daily_rate(long hired, long outcomes, char *out, size_t outlen)
{
	long tenths;

	if (outcomes <= 0) {
		snprintf(out, outlen, "-");
		return;
	}
	/* Per mille, rounded half up: 3 of 8 is 375, "37.5%". */
	tenths = (hired * 2000 + outcomes) / (2 * outcomes);
	snprintf(out, outlen, "%ld.%ld%%", tenths / 10, tenths % 10);
}

/* Append a correction to a growing list. */
static void
daily_diff_add(struct daily_diff **out, size_t *n, size_t *cap, enum daily_diff_of of, int fig,
    int free_count, const char *key, long closed, long now)
{
	struct daily_diff *d;

	if (closed == now)
		return;
	if (*n == *cap) {
		*cap = *cap > 0 ? 2 * *cap : 16;
		*out = xreallocarray(*out, *cap, sizeof **out);
	}
	d = &(*out)[(*n)++];
	memset(d, 0, sizeof *d);
	d->of = of;
	d->fig = fig;
	d->free_count = free_count;
	snprintf(d->key, sizeof d->key, "%s", key != NULL ? key : "");
	d->closed = closed;
	d->now = now;
}

/*
 * The corrections of two lists of counts: every key of either, in the
 * order of the list now and then the keys only the closed one has.
 */
static void
daily_diff_counts(const struct daily_counts *closed, const struct daily_counts *now,
    enum daily_diff_of of, int with_free, struct daily_diff **out, size_t *n, size_t *cap)
{
	long was, was_free;
	size_t i;

	for (i = 0; i < now->n; i++) {
		was = daily_count_get(closed, now->c[i].key, &was_free);
		daily_diff_add(out, n, cap, of, 0, 0, now->c[i].key, was, now->c[i].count);
		if (with_free)
			daily_diff_add(out, n, cap, of, 0, 1, now->c[i].key, was_free,
			    now->c[i].free_count);
	}
	for (i = 0; i < closed->n; i++) {
		if (daily_count_find(now, closed->c[i].key) != NULL)
			continue;
		daily_diff_add(out, n, cap, of, 0, 0, closed->c[i].key, closed->c[i].count, 0);
		if (with_free)
			daily_diff_add(out, n, cap, of, 0, 1, closed->c[i].key,
			    closed->c[i].free_count, 0);
	}
}

void
daily_diffs(struct daily_figures *closed, struct daily_figures *now, struct daily_diff **out,
    size_t *n)
{
	static const struct daily_clerk none;
	size_t cap = 0, i;
	int fig;

	*out = NULL;
	*n = 0;
	daily_sort(closed);
	daily_sort(now);
	for (fig = 0; fig < DAILY_NFIG; fig++)
		daily_diff_add(out, n, &cap, DAILY_DIFF_FIGURE, fig, 0, NULL, closed->v[fig],
		    now->v[fig]);
	daily_diff_counts(&closed->reasons, &now->reasons, DAILY_DIFF_REASON, 0, out, n, &cap);
	daily_diff_counts(&closed->types, &now->types, DAILY_DIFF_TYPE, 1, out, n, &cap);
	daily_diff_counts(&closed->bases, &now->bases, DAILY_DIFF_BASIS, 1, out, n, &cap);
	/* Clerks of either side, by login: both lists are sorted. */
	for (i = 0; i < now->nclerks; i++) {
		const struct daily_clerk *was = daily_clerk_get(closed, now->clerks[i].login);

		if (was == NULL)
			was = &none;
		for (fig = 0; fig < DAILY_NFIG; fig++)
			if (daily_figs[fig].per_clerk)
				daily_diff_add(out, n, &cap, DAILY_DIFF_CLERK, fig, 0,
				    now->clerks[i].login, was->v[fig], now->clerks[i].v[fig]);
	}
	for (i = 0; i < closed->nclerks; i++) {
		if (daily_clerk_get(now, closed->clerks[i].login) != NULL)
			continue;
		for (fig = 0; fig < DAILY_NFIG; fig++)
			if (daily_figs[fig].per_clerk)
				daily_diff_add(out, n, &cap, DAILY_DIFF_CLERK, fig, 0,
				    closed->clerks[i].login, closed->clerks[i].v[fig], 0);
	}
}

/* qsort: lines in strcmp order. */
static int
daily_by_line(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void
daily_digest(const char **lines, size_t n, char out[65])
{
	crypto_generichash_state st;
	unsigned char hash[32];
	size_t i;

	if (n > 1)
		qsort(lines, n, sizeof *lines, daily_by_line);
	crypto_generichash_init(&st, NULL, 0, sizeof hash);
	for (i = 0; i < n; i++) {
		crypto_generichash_update(&st, (const unsigned char *)lines[i], strlen(lines[i]));
		crypto_generichash_update(&st, (const unsigned char *)"\n", 1);
	}
	crypto_generichash_final(&st, hash, sizeof hash);
	sodium_bin2hex(out, 65, hash, sizeof hash);
}

void
daily_to_fields(const struct daily_figures *f, struct fields *figures, struct fields *clerks)
{
	char key[80], value[32 * DAILY_NFIG];
	size_t i, len;
	int fig;

	for (fig = 0; fig < DAILY_NFIG; fig++) {
		snprintf(value, sizeof value, "%ld", f->v[fig]);
		fields_set(figures, daily_figs[fig].key, value);
	}
	for (i = 0; i < f->reasons.n; i++) {
		snprintf(key, sizeof key, "withdrawn:%s", f->reasons.c[i].key);
		snprintf(value, sizeof value, "%ld", f->reasons.c[i].count);
		fields_set(figures, key, value);
	}
	for (i = 0; i < f->types.n; i++) {
		snprintf(key, sizeof key, "service:%s", f->types.c[i].key);
		snprintf(value, sizeof value, "%ld,%ld", f->types.c[i].count,
		    f->types.c[i].free_count);
		fields_set(figures, key, value);
	}
	for (i = 0; i < f->bases.n; i++) {
		snprintf(key, sizeof key, "basis:%s", f->bases.c[i].key);
		snprintf(value, sizeof value, "%ld,%ld", f->bases.c[i].count,
		    f->bases.c[i].free_count);
		fields_set(figures, key, value);
	}
	for (i = 0; i < f->nclerks; i++) {
		len = 0;
		for (fig = 0; fig < DAILY_NFIG; fig++)
			len += (size_t)snprintf(value + len, sizeof value - len, "%s%ld",
			    fig > 0 ? "," : "", f->clerks[i].v[fig]);
		fields_set(clerks, f->clerks[i].login, value);
	}
}

/*
 * Read up to max counts separated by commas from s into v (the rest 0):
 * 0, or -1 when s is not such a list.
 */
static int
daily_parse_counts(const char *s, long *v, size_t max)
{
	size_t i = 0;
	char *end;

	memset(v, 0, max * sizeof *v);
	for (;;) {
		if (*s < '0' || *s > '9')
			return -1;
		if (i < max)
			v[i] = strtol(s, &end, 10);
		else
			(void)strtol(s, &end, 10);
		if (end - s > 12)
			return -1;
		i++;
		s = end;
		if (*s == '\0')
			return 0;
		if (*s++ != ',')
			return -1;
	}
}

int
daily_counts_valid(const char *value)
{
	long v[1];

	return daily_parse_counts(value, v, 1) == 0;
}

int
daily_from_fields(const struct fields *figures, const struct fields *clerks,
    struct daily_figures *f, char *err, size_t errlen)
{
	long v[DAILY_NFIG];
	size_t i;
	int fig;

	daily_free(f);
	for (i = 0; i < figures->n; i++) {
		const char *key = figures->keys[i], *colon = strchr(key, ':');

		if (daily_parse_counts(figures->values[i], v, 2) != 0)
			goto bad;
		if (colon == NULL) {
			for (fig = 0; fig < DAILY_NFIG; fig++)
				if (strcmp(daily_figs[fig].key, key) == 0)
					f->v[fig] = v[0];
		} else if (strncmp(key, "withdrawn:", 10) == 0)
			daily_count_add(&f->reasons, colon + 1, v[0], 0);
		else if (strncmp(key, "service:", 8) == 0)
			daily_count_add(&f->types, colon + 1, v[0], v[1]);
		else if (strncmp(key, "basis:", 6) == 0)
			daily_count_add(&f->bases, colon + 1, v[0], v[1]);
	}
	for (i = 0; clerks != NULL && i < clerks->n; i++) {
		struct daily_clerk *c;

		if (daily_parse_counts(clerks->values[i], v, DAILY_NFIG) != 0) {
			snprintf(err, errlen, _("the closed figures of clerk %s do not read"),
			    clerks->keys[i]);
			daily_free(f);
			return -1;
		}
		c = daily_clerk_of(f, clerks->keys[i]);
		memcpy(c->v, v, sizeof c->v);
	}
	daily_sort(f);
	return 0;
bad:
	snprintf(err, errlen, _("the closed figure %s does not read"), figures->keys[i]);
	daily_free(f);
	return -1;
}

int
daily_close_allowed(int day, int today, char *err, size_t errlen)
{
	char d[11];

	if (day > today) {
		date_format(day, d);
		snprintf(err, errlen, _("the day %s has not come yet: a day is closed on it or "
		    "after it"), d);
		return -1;
	}
	return 0;
}

void
daily_closing_key(const char *office, int day, char *out, size_t outlen)
{
	char d[11];

	date_format(day, d);
	snprintf(out, outlen, "%s:%s", office, d);
}
