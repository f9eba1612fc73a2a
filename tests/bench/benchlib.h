/*
 * What the benchmark programs share (tests/bench/benchlib.c): a seeded
 * random generator, so that a seed gives the same data and queries on
 * every run, the monotonic clock, order statistics of timed samples and
 * counts from the command line.
 */
#ifndef JOBDESK_BENCH_BENCHLIB_H
#define JOBDESK_BENCH_BENCHLIB_H

#include <stddef.h>
#include <stdint.h>

/* Start the generator (splitmix64) at seed: the same seed, the same draws. */
void		rng_seed(uint64_t seed);

/* The next 64 random bits. */
uint64_t	rng_next(void);

/* A uniform number in [0, n). */
size_t		rng_below(size_t n);

/* A uniform double in [0, 1). */
double		rng_unit(void);

/* Milliseconds on the monotonic clock. */
double		now_ms(void);

/* Sort n samples in ascending order. */
void		sort_doubles(double *v, size_t n);

/* Nearest-rank percentile (pct from 0 to 100) of n sorted samples, n at least 1. */
double		percentile(const double *sorted, size_t n, double pct);
/* Print "NAME_median X ms" and "NAME_p99 X ms" of n times in ms (left in their order). */
void		report_ms(const char *name, const double *ms, size_t n);

/* The count s from the command line, from min to max; fatal, naming who and what, if not. */
size_t		parse_count(const char *who, const char *s, const char *what, long min, long max);

#endif
