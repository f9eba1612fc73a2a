/* What opens the job seeker screen: a record id, or values to start a new one with. */
#ifndef JOBDESK_SCREEN_SEEKER_H
#define JOBDESK_SCREEN_SEEKER_H

#include <stddef.h>

#include "core/ident.h"

struct seeker_arg {
	char	id[IDENT_LEN + 1];	/* open this record; empty for a new one */
	char	idnum[32];		/* prefill for a new one */
	char	name[128];
	/*
	 * The opener's (IDENT_LEN + 1 bytes, outliving the screen) or NULL:
	 * once the record is saved the screen writes its id here and closes,
	 * so that the screen below is ready for the next person.
	 */
	char	*saved;
};


#endif
