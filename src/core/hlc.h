/*
 * Hybrid logical clock: 48 bits of milliseconds since the epoch and a
 * 16-bit counter packed into one 64-bit number, so stamps compare as
 * integers. Ties between terminals are broken by terminal id elsewhere.
 * Pure arithmetic: the caller supplies the wall clock.
 */
#ifndef JOBDESK_HLC_H
#define JOBDESK_HLC_H

#include <stdint.h>

#define HLC_COUNTER_BITS	16
#define HLC_COUNTER_MAX		0xffffu

static inline uint64_t
hlc_pack(uint64_t ms, uint32_t counter)
{
	return (ms << HLC_COUNTER_BITS) | (counter & HLC_COUNTER_MAX);
}

static inline uint64_t
hlc_ms(uint64_t stamp)
{
	return stamp >> HLC_COUNTER_BITS;
}

static inline uint32_t
hlc_counter(uint64_t stamp)
{
	return (uint32_t)(stamp & HLC_COUNTER_MAX);
}

/* The next stamp for a local event after `last`, given the wall clock. */
uint64_t	hlc_next(uint64_t last, uint64_t wall_ms);
/*
 * Merge a stamp received from elsewhere: the result is after both `last`
 * and `remote`. Returns -1 (and leaves *out alone) when `remote` is more
 * than max_drift_ms ahead of the wall clock: a clock far in the future
 * must not win every later conflict.
 */
int		hlc_receive(uint64_t last, uint64_t remote, uint64_t wall_ms,
		    uint64_t max_drift_ms, uint64_t *out);

#endif
