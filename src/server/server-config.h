/*
 * jobdeskd.ini: the table of the daemon's configuration keys (type,
 * bounds, default, help; see jobdeskd.ini(5)) and the settings the other
 * server modules take from it.
 */
#ifndef JOBDESK_SERVER_CONFIG_H
#define JOBDESK_SERVER_CONFIG_H

#include <stddef.h>

#include "common/config.h"

struct admin_settings;
struct pg_settings;

/* Keys of jobdeskd.ini, with types, defaults and help. */
extern const struct config_key	server_config_keys[];
extern const size_t		server_nconfig_keys;

/* The file read when no --config is given (SYSCONFDIR/jobdesk/jobdeskd.ini). Static string. */
const char	*server_config_default_path(void);
/*
 * The configuration: path (which must exist), or the default file when
 * path is NULL (skipped when it does not exist), over the table's
 * defaults, then checked as a whole. NULL with "FILE:LINE: problem" in
 * err. Free with config_free().
 */
struct config	*server_config_load(const char *path, char *err, size_t errlen);
/* The [database] and [limits] values pg_connect takes; the strings point into cfg. */
void		 server_config_pg(const struct config *, struct pg_settings *);
/*
 * The [server] and [security] values the administration commands take:
 * data_dir as set in the file, else the source tree jobdeskd runs from,
 * else the installed DATADIR. Streams and the password fd are left at
 * their defaults; the strings point into cfg or static memory.
 */
void		 server_config_admin(const struct config *, struct admin_settings *);

#endif
