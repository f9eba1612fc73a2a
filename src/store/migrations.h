/* The client's schema migrations, embedded from db/migrations at build time. */
#ifndef JOBDESK_MIGRATIONS_H
#define JOBDESK_MIGRATIONS_H

#include <stddef.h>

#include "common/migration.h"

extern const struct migration	migrations[];
extern const size_t		n_migrations;

#endif
