/* The schema migrations embedded from db/migrations at build time. */
#ifndef JOBDESK_MIGRATIONS_H
#define JOBDESK_MIGRATIONS_H

#include <stddef.h>

struct migration {
	int		 version;
	const char	*name;
	const char	*sql;
};

extern const struct migration	migrations[];
extern const size_t		nmigrations;

#endif
