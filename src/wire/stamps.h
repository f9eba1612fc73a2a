/*
 * Compact stamps (jobdesk-sync(7), "Stamps"): a record's stamps name the
 * commonest stamp once, as "*", the stamp of every field not named; a
 * field named with "" has no stamp. Pulled records travel so, and both
 * ends keep them so: most records carry one stamp on every field, which
 * would otherwise be two thirds of a page and of a terminal's database.
 */
#ifndef JOBDESK_WIRE_STAMPS_H
#define JOBDESK_WIRE_STAMPS_H

#include <stddef.h>

#include "common/buf.h"
#include "common/fields.h"

/* The member of a stamps object that stands for every field not named. */
#define WIRE_STAMP_ANY	"*"

/*
 * Which of the n stamps (NULL: a field without one) to write as "*": the
 * index of the commonest stamp held by two fields or more, ties going to
 * the smaller stamp so that the choice depends on the stamps alone; n
 * when no stamp is held twice.
 */
size_t		 wire_stamps_common(const char *const *stamps, size_t n);

/* The stamp of a field (present in the record) in compact stamps, or NULL. */
const char	*wire_stamp_of(const struct fields *stamps, const char *field);

/*
 * Append to b the compact stamps object of n fields: names[i] stamped
 * stamps[i] (NULL: no stamp). The commonest stamp (wire_stamps_common) is
 * written once as "*", the fields that differ by name, "" for a field
 * without a stamp when "*" stands for the others.
 */
void		 wire_stamps_text(const char *const *names, const char *const *stamps,
		     size_t n, struct buf *b);

#endif
