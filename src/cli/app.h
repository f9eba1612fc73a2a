/*
 * The program's context shared by the full-screen client and the
 * command-line commands: configuration, the open database, the forms.
 */
#ifndef JOBDESK_APP_H
#define JOBDESK_APP_H

#include <stddef.h>
#include <stdio.h>

#include "common/config.h"

#define JOBDESK_VERSION	"0.1.0"

struct formdef;
struct store;
struct sync_options;

enum app_form { FORM_SEEKER, FORM_EMPLOYER, FORM_VACANCY, FORM_COUNT };

struct app {
	struct config	*cfg;
	struct store	*store;
	char		*db_path;
	struct formdef	*forms[FORM_COUNT];
	int		 chinese;	/* the clerk's language is Chinese */
	FILE		*log;
};

/* Keys of jobdesk.ini, with types, defaults and help (see jobdesk.ini(5)). */
extern const struct config_key	app_config_keys[];
extern const size_t		app_nconfig_keys;

/* Open the diagnostic log file. */
void	app_open_log(struct app *);
/* Load /etc, the XDG file, then --config FILE; -1 with err. */
int	app_load_config(struct app *, const char *config_file, char *err, size_t errlen);
/*
 * Open the database (creating its folder), load code lists and forms; -1
 * with err. A form the district sent (the "forms" folder beside the
 * database) goes before the configured or shipped one; one that cannot be
 * used is reported on stderr and in the log, and the other one is used.
 */
int	app_open(struct app *, const char *db_override, char *err, size_t errlen);
void	app_close(struct app *);

/*
 * The [sync] keys of the configuration as options for src/sync; the
 * strings belong to the configuration (valid until app_close).
 */
void	app_sync_options(struct app *, struct sync_options *);

/* Act as "cli:USER" for an office in the audit trail. */
void	app_set_cli_actor(struct app *, const char *office);
/* Commands; each returns the process exit status. */
int	cli_user(struct app *, int argc, char **argv);
int	cli_import(struct app *, int argc, char **argv);
int	cli_export(struct app *, int argc, char **argv);
int	cli_enroll(struct app *, int argc, char **argv);
int	cli_sync(struct app *, int argc, char **argv);
/* The full-screen client. */
int	ui_main(struct app *);

#endif
