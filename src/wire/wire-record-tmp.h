/* TEMPORARY until the wire split lands: one record of a pull page on its own. */
#ifndef JOBDESK_WIRE_RECORD_TMP_H
#define JOBDESK_WIRE_RECORD_TMP_H

#include "common/buf.h"
#include "wire/wire.h"

void	wire_record_encode(const struct wire_record *, struct buf *);
int	wire_record_decode(const char *text, size_t len, struct wire_record *, char *err,
	    size_t errlen);
void	wire_record_free(struct wire_record *);

#endif
