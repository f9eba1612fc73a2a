/* Hybrid logical clock arithmetic. */
#include "core/hlc.h"

/*
 * A counter that would overflow moves the clock one millisecond ahead of
 * the wall instead: stamps stay unique and ordered, and the wall catches up.
 */
static uint64_t
hlc_advance(uint64_t ms, uint32_t counter)
{
	if (counter > HLC_COUNTER_MAX)
		return hlc_pack(ms + 1, 0);
	return hlc_pack(ms, counter);
}

/* The next local stamp. */
uint64_t
hlc_next(uint64_t last, uint64_t wall_ms)
{
	uint64_t last_ms = hlc_ms(last);

	if (wall_ms > last_ms)
		return hlc_pack(wall_ms, 0);
	return hlc_advance(last_ms, hlc_counter(last) + 1);
}

/* Merge a remote stamp, refusing one too far ahead of the wall clock. */
int
hlc_receive(uint64_t last, uint64_t remote, uint64_t wall_ms, uint64_t max_drift_ms,
    uint64_t *out)
{
	uint64_t lms = hlc_ms(last), rms = hlc_ms(remote);

	if (rms > wall_ms + max_drift_ms)
		return -1;
	if (wall_ms > lms && wall_ms > rms)
		*out = hlc_pack(wall_ms, 0);
	else if (lms == rms)
		*out = hlc_advance(lms, (hlc_counter(last) > hlc_counter(remote) ?
		    hlc_counter(last) : hlc_counter(remote)) + 1);
	else if (lms > rms)
		*out = hlc_advance(lms, hlc_counter(last) + 1);
	else
		*out = hlc_advance(rms, hlc_counter(remote) + 1);
	return 0;
}
