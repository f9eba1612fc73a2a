/* What the benchmark programs share (see benchlib.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"

#include "benchlib.h"

static uint64_t rng_state;

/* Start the generator at seed. */
void
rng_seed(uint64_t seed)
{
	rng_state = seed;
}

/* splitmix64: small, fast and good enough for a fixture. */
uint64_t
rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform number in [0, n). */
size_t
rng_below(size_t n)
{
	return (size_t)((rng_next() >> 11) % (uint64_t)n);
}

/* A uniform double in [0, 1). */
double
rng_unit(void)
{
	return (double)(rng_next() >> 11) * 0x1.0p-53;
}

/* Milliseconds on the monotonic clock. */
double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* qsort order of doubles. */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sort n samples in ascending order. */
void
sort_doubles(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
}

/* Nearest-rank percentile of sorted samples. */
double
percentile(const double *sorted, size_t n, double pct)
{
	size_t rank = (size_t)((pct / 100.0) * (double)n + 0.999999);

	if (rank < 1)
		rank = 1;
	return sorted[(rank > n ? n : rank) - 1];
}

/* A count from the command line, or a fatal message. */
size_t
parse_count(const char *who, const char *s, const char *what, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		fatalx("%s: %s \"%s\" is not a count from %ld to %ld", who, what, s, min, max);
	return (size_t)v;
}

/* The median and p99 of n times, as figures. */
void
report_ms(const char *name, const double *ms, size_t n)
{
	double *sorted = xcalloc(n, sizeof *sorted);

	memcpy(sorted, ms, n * sizeof *ms);
	sort_doubles(sorted, n);
	printf("%s_median %.3f ms\n", name, percentile(sorted, n, 50));
	printf("%s_p99 %.3f ms\n", name, percentile(sorted, n, 99));
	free(sorted);
}
