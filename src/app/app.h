/*
 * The program's context, shared by the full-screen client and the
 * commands for scripts: the configuration, the open database, the forms
 * clerks fill in (one per record kind that has one), the diagnostic log.
 * Both src/ui and src/cli sit on it; neither includes the other. The
 * full-screen client does not see it at all: src/jobdesk.c hands ui_main
 * the store, the forms and the settings it needs.
 */
#ifndef JOBDESK_APP_H
#define JOBDESK_APP_H

#include <stddef.h>
#include <stdio.h>

#include "common/config.h"
#include "common/formdef.h"
#include "core/kind.h"

#define JOBDESK_VERSION	"0.1.0"

struct formdef;
struct match_config;
struct print_target;
struct casefile_rules;
struct retire_rule;
struct store;
struct sync_options;

struct app {
	struct config	*cfg;
	struct store	*store;
	char		*db_path;
	/* Indexed by enum kind_id: the form of each kind with KF_FORM, else NULL. */
	struct formdef	*forms[KIND_COUNT];
	char		*district_forms;	/* the forms folder beside the database */
	struct formdef_dir district_forms_dir;	/* where sync installs the district's forms */
	int		 chinese;	/* the clerk's language is Chinese */
	FILE		*log;
	int		 db_made;	/* app_open created the database file */
	char		*dir_made;	/* the data folder app_open created, or NULL */
	char		*dir_top;	/* the first of its parents it created with it */
};

/* Keys of jobdesk.ini, with types, defaults and help (see jobdesk.ini(5)). */
extern const struct config_key	app_config_keys[];
extern const size_t		app_nconfig_keys;

/* Open the diagnostic log file. */
void	app_open_log(struct app *);
/* Load /etc, the XDG file, then --config FILE; -1 with err. */
int	app_load_config(struct app *, const char *config_file, char *err, size_t errlen);
/*
 * Open the database (creating its folder), load code lists and the form
 * of every kind that has one ("KIND.form"); -1 with err. A form the
 * district sent (the "forms" folder beside the database) goes before the
 * configured or shipped one; one that cannot be used is reported on
 * stderr and in the log, and the other one is used.
 */
int	app_open(struct app *, const char *db_override, char *err, size_t errlen);
/*
 * Remove the database app_open created, when what it was created for
 * failed (a command run against a path where no database was): its file,
 * its WAL and shared-memory files, and the data folder app_open made, if
 * empty. Closes the store; nothing happens to a database that was there,
 * or that has an office or an account by now.
 */
void	app_discard_new(struct app *);
/* Release everything app_open_log, app_load_config and app_open made. */
void	app_close(struct app *);
/*
 * The form clerks fill in for records of kind (the app keeps it until
 * app_close); NULL for a kind without a form (no KF_FORM).
 */
const struct formdef *app_form(const struct app *, enum kind_id);

/*
 * The [sync] keys of the configuration as options for src/sync; the
 * strings belong to the configuration (valid until app_close).
 */
void	app_sync_options(struct app *, struct sync_options *);

/* The [match] keys of the configuration: weights, levels, points (jobdesk.ini(5)). */
void	app_match_config(const struct app *, struct match_config *);

/* The [seeker] keys: the retirement age of job seekers (core/retire.h, jobdesk.ini(5)). */
void	app_retire_rule(const struct app *, struct retire_rule *);
/* The [casefile] keys: a hardship case file's contact schedule (core/casefile.h, jobdesk.ini(5)). */
void	app_casefile_rules(const struct app *, struct casefile_rules *);

/*
 * The [print] keys of the configuration as a print target (src/print);
 * the strings belong to the configuration (valid until app_close). Its
 * tty_fd is -1: the full-screen client sets its terminal there.
 */
void	app_print_target(struct app *, struct print_target *);

/*
 * The path of the referral letter's template, referral.letter in the
 * forms folder, which is read afresh for each letter so that an office's
 * change shows at the next one. The caller frees it.
 */
char	*app_letter_path(struct app *);
/*
 * The path of the interest inventory file, interest.inventory in the
 * forms folder, read at each opening (common/inventorydef.h). The caller
 * frees it.
 */
char	*app_inventory_path(struct app *);

#endif
