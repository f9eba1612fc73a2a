/*
 * The referral letter (推荐介绍信) and its receipt (回执) laid out as text
 * for a printer: lines of at most LETTER_COLS display cells, from a
 * template (common/letterdef.h) and the referral's values. No I/O.
 */
#ifndef JOBDESK_LETTER_H
#define JOBDESK_LETTER_H

#include <stddef.h>

struct buf;
struct fields;
struct letterdef;

/*
 * Lay out the letter of lang ("zh" or "en") into out (appended): UTF-8,
 * every line ending in "\n" and at most LETTER_COLS cells wide, measured
 * as wtext_width() does. values holds the placeholders' values in that
 * language, keyed by letterdef_slot_name() ("number", "seeker_name"...);
 * a missing key is an empty value. seeker_idnum is given whole and printed
 * masked as lists mask it. A value wider than its place is cut at a
 * character boundary and ends in ">"; an empty one shows the
 * placeholder's fill-in text. The body's reprint mark shows only when
 * reprint is non-zero. 0, or -1 with err (an unknown language, no
 * number) and out unchanged.
 */
int	letter_render(const struct letterdef *, const char *lang, const struct fields *values,
	    int reprint, struct buf *out, char *err, size_t errlen);

#endif
