/*
 * Numbered schema migrations embedded at build time by db/embed.sh: the
 * client's SQLite schema (db/migrations) and the server's PostgreSQL
 * schema (db/server).
 */
#ifndef JOBDESK_MIGRATION_H
#define JOBDESK_MIGRATION_H

#include <stddef.h>

struct migration {
	int		 version;
	const char	*name;
	const char	*sql;
};

#endif
