/* What opens the employer, vacancy list and vacancy screens. */
#ifndef JOBDESK_SCREEN_EMPLOYER_H
#define JOBDESK_SCREEN_EMPLOYER_H

#include "core/ident.h"

struct employer_arg {
	char	id[IDENT_LEN + 1];	/* empty: register a new employer */
	char	uscc[32];		/* prefill for a new one */
};

struct vacancy_arg {
	char	employer_id[IDENT_LEN + 1];
	char	id[IDENT_LEN + 1];	/* empty: register a new vacancy */
	/*
	 * Non-zero: F5 or Ctrl-T opens its employer. Only from a search of
	 * every employer's vacancies: from the employer's own list it would
	 * stack the employer on itself again and again.
	 */
	int	employer_key;
};

#endif
