/* Configuration, database and forms for every way the program runs. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app.h"
#include "common/config.h"
#include "common/formdef.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "core/match.h"
#include "core/retire.h"
#include "core/service.h"
#include "print/print.h"
#include "store/account.h"
#include "store/casefile.h"
#include "store/codes.h"
#include "store/report-daily.h"
#include "store/employer.h"
#include "store/seeker.h"
#include "store/service.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/sync.h"

const struct config_key app_config_keys[] = {
	{ "client", "database", CONFIG_PATH, "", 0, 0, NULL,
	  N_("database file; empty means $XDG_DATA_HOME/jobdesk/jobdesk.db") },
	{ "client", "language", CONFIG_CHOICE, "auto", 0, 0, "auto|zh_CN|en",
	  N_("language of the screens: auto follows the locale") },
	{ "client", "registration_days", CONFIG_INT, "90", 1, 3650, NULL,
	  N_("days a job seeker's registration stays valid") },
	{ "client", "idle_lock_minutes", CONFIG_INT, "10", 0, 240, NULL,
	  N_("minutes without a key before the screen locks; 0 never") },
	{ "client", "forms_dir", CONFIG_PATH, "", 0, 0, NULL,
	  N_("folder of the form files; empty means the installed ones") },
	{ "client", "codes_dir", CONFIG_PATH, "", 0, 0, NULL,
	  N_("folder of the code lists; empty means the installed ones") },
	{ "seeker", "retirement_age_male", CONFIG_INT, "60", 40, 70, NULL,
	  N_("retirement age of men in years, before the delay: a job seeker of the age is "
	  "warned about") },
	{ "seeker", "retirement_age_female", CONFIG_INT, "50", 40, 70, NULL,
	  N_("retirement age of women in years, before the delay: 50, that of women workers, "
	  "warns about every woman who may be retired") },
	{ "seeker", "retirement_delay", CONFIG_CHOICE, "2025", 0, 0, "2025|none",
	  N_("2025 adds the delay of the 2025 schedule to a base age of 60, 55 or 50; none adds "
	  "nothing") },
	{ "casefile", "contact_months", CONFIG_INT, "1", 1, 12, NULL,
	  N_("months between contacts with a person in hardship status: the next contact is due "
	  "this long after the last one that reached them") },
	{ "casefile", "employed_months", CONFIG_INT, "6", 1, 60, NULL,
	  N_("months a person must have worked before leaving hardship status as employed") },
	{ "report", "terminal_silent_days", CONFIG_INT, "3", 1, 365, NULL,
	  N_("days without a sync after which the end of day's lists name a terminal of the "
	  "office") },
	{ "identity", "key_file", CONFIG_STRING, "", 0, 0, NULL,
	  N_("file with the district's identity key (64 hex digits); empty until enrolled") },
	{ "display", "color", CONFIG_CHOICE, "auto", 0, 0, "auto|yes|no",
	  N_("colour: auto uses it when the terminal has it and NO_COLOR is unset") },
	{ "display", "escdelay", CONFIG_INT, "25", 0, 1000, NULL,
	  N_("milliseconds to wait after Esc for the rest of a key sequence") },
	{ "sync", "url", CONFIG_STRING, "", 0, 0, NULL,
	  N_("address of the district server, such as https://jobs.example.cn; empty means "
	  "the one given at enrollment") },
	{ "sync", "ca_file", CONFIG_PATH, "", 0, 0, NULL,
	  N_("file of the CA certificates the server's certificate is checked against; empty "
	  "means the system's") },
	{ "sync", "pinned_public_key", CONFIG_STRING, "", 0, 0, NULL,
	  N_("the server's public keys as \"sha256//HASH;sha256//HASH\" (quoted) or a key "
	  "file; empty pins none") },
	{ "sync", "allow_http", CONFIG_BOOL, "no", 0, 0, NULL,
	  N_("allow a plain http:// server address, unencrypted: for tests on this machine "
	  "only") },
	{ "sync", "connect_timeout", CONFIG_INT, "10", 1, 300, NULL,
	  N_("seconds to wait for a connection to the server") },
	{ "sync", "stall_timeout", CONFIG_INT, "30", 5, 600, NULL,
	  N_("seconds a transfer may go slower than 100 bytes a second before it is given up") },
	{ "sync", "interval", CONFIG_INT, "60", 10, 86400, NULL,
	  N_("seconds between two sync rounds of the full-screen client") },
	{ "sync", "page_size", CONFIG_INT, "1000", 1, 1000, NULL,
	  N_("changes sent and records received in one request") },
	{ "match", "weight_occupation", CONFIG_INT, "50", 0, 100, NULL,
	  N_("weight of the occupation in a match's score") },
	{ "match", "weight_wage", CONFIG_INT, "20", 0, 100, NULL,
	  N_("weight of the wage in a match's score") },
	{ "match", "weight_place", CONFIG_INT, "20", 0, 100, NULL,
	  N_("weight of the place of work in a match's score") },
	{ "match", "weight_freshness", CONFIG_INT, "10", 0, 100, NULL,
	  N_("weight of how recently the candidate registered") },
	{ "match", "occupation_same", CONFIG_INT, "100", 0, 100, NULL,
	  N_("occupation level of the same occupation code") },
	{ "match", "occupation_minor", CONFIG_INT, "80", 0, 100, NULL,
	  N_("occupation level of the same minor group (小类)") },
	{ "match", "occupation_medium", CONFIG_INT, "50", 0, 100, NULL,
	  N_("occupation level of the same medium group (中类)") },
	{ "match", "occupation_major", CONFIG_INT, "20", 0, 100, NULL,
	  N_("occupation level of the same major group (大类)") },
	{ "match", "wage_meets", CONFIG_INT, "100", 0, 100, NULL,
	  N_("wage level when the vacancy pays at least the wage wanted") },
	{ "match", "wage_near", CONFIG_INT, "50", 0, 100, NULL,
	  N_("wage level when it pays up to wage_near_percent less") },
	{ "match", "wage_near_percent", CONFIG_INT, "20", 0, 100, NULL,
	  N_("how much less than the wage wanted is still near, in percent") },
	{ "match", "wage_unknown", CONFIG_INT, "60", 0, 100, NULL,
	  N_("wage level when no wage is wanted or the wage is negotiable") },
	{ "match", "place_street", CONFIG_INT, "100", 0, 100, NULL,
	  N_("place level of a vacancy in the seeker's street") },
	{ "match", "place_district", CONFIG_INT, "70", 0, 100, NULL,
	  N_("place level of a vacancy in the seeker's district") },
	{ "match", "place_elsewhere", CONFIG_INT, "20", 0, 100, NULL,
	  N_("place level of a vacancy elsewhere") },
	{ "match", "place_unknown", CONFIG_INT, "50", 0, 100, NULL,
	  N_("place level when the vacancy or the seeker gives no place") },
	{ "match", "freshness_days", CONFIG_INT, "90", 1, 3650, NULL,
	  N_("days over which a registration's freshness falls from 100 to 0") },
	{ "match", "points_hardship", CONFIG_INT, "5", 0, 100, NULL,
	  N_("points added for a person recognised as hard to employ") },
	{ "match", "points_priority", CONFIG_INT, "3", 0, 100, NULL,
	  N_("points added for a person of a priority category") },
	{ "match", "points_hard_to_recruit", CONFIG_INT, "5", 0, 100, NULL,
	  N_("points added to a fitting vacancy of an employer that takes on people hard to employ") },
	{ "match", "referral_days", CONFIG_INT, "30", 0, 3650, NULL,
	  N_("days before a seeker referred to a vacancy is matched to it again") },
	{ "match", "list_size", CONFIG_INT, "100", 1, 1000, NULL,
	  N_("most candidates a match list shows") },
	{ "match", "referral_due_days", CONFIG_INT, "7", 1, 365, NULL,
	  N_("days after a referral without an outcome that it is due for a follow-up") },
	{ "match", "priority_categories", CONFIG_STRING, "laid_off unemployed disabled veteran graduate",
	  0, 0, NULL, N_("person categories (codes) that rank first among equal fits") },
	{ "services", "free", CONFIG_STRING, "all", 0, 0, NULL,
	  N_("service types free to everyone: all, none, or service type codes") },
	{ "services", "free_with_basis", CONFIG_STRING, "all", 0, 0, NULL,
	  N_("service types free to a person or employer with a basis: all, none, or codes") },
	{ "services", "basis", CONFIG_STRING,
	  "hardship hard_to_recruit laid_off unemployed rural migrant graduate disabled veteran "
	  "released", 0, 0, NULL,
	  N_("the bases of a free service in order: the first a person or employer has is "
	  "recorded (hardship, hard_to_recruit, person category codes)") },
	{ "print", "target", CONFIG_CHOICE, "command", 0, 0, "command|file|terminal",
	  N_("where letters are printed: the print command, a file, or the printer of the "
	  "clerk's terminal") },
	{ "print", "command", CONFIG_STRING, "lp", 0, 0, NULL,
	  N_("the print command and its arguments, given the text on its standard input") },
	{ "print", "printer", CONFIG_STRING, "", 0, 0, NULL,
	  N_("printer given to the print command as \"-d PRINTER\"; empty means the system's "
	  "default") },
	{ "print", "file", CONFIG_PATH, "", 0, 0, NULL,
	  N_("file letters are added to when target is file") },
	{ "print", "encoding", CONFIG_CHOICE, "utf-8", 0, 0, "utf-8|gb18030",
	  N_("encoding of the text the printer gets") },
	{ "print", "line_end", CONFIG_CHOICE, "auto", 0, 0, "auto|lf|crlf",
	  N_("line ends the printer gets: auto is crlf for the terminal's printer, lf otherwise") },
};
const size_t app_nconfig_keys = sizeof app_config_keys / sizeof app_config_keys[0];

/* The [match] keys that are numbers, and the member of struct match_config each sets. */
static const struct {
	const char	*key;
	size_t		 offset;
} app_match_ints[] = {
	{ "weight_occupation", offsetof(struct match_config, weight[MATCH_OCCUPATION]) },
	{ "weight_wage", offsetof(struct match_config, weight[MATCH_WAGE]) },
	{ "weight_place", offsetof(struct match_config, weight[MATCH_PLACE]) },
	{ "weight_freshness", offsetof(struct match_config, weight[MATCH_FRESHNESS]) },
	{ "occupation_same", offsetof(struct match_config, occupation_same) },
	{ "occupation_minor", offsetof(struct match_config, occupation_minor) },
	{ "occupation_medium", offsetof(struct match_config, occupation_medium) },
	{ "occupation_major", offsetof(struct match_config, occupation_major) },
	{ "wage_meets", offsetof(struct match_config, wage_meets) },
	{ "wage_near", offsetof(struct match_config, wage_near) },
	{ "wage_near_percent", offsetof(struct match_config, wage_near_percent) },
	{ "wage_unknown", offsetof(struct match_config, wage_unknown) },
	{ "place_street", offsetof(struct match_config, place_street) },
	{ "place_district", offsetof(struct match_config, place_district) },
	{ "place_elsewhere", offsetof(struct match_config, place_elsewhere) },
	{ "place_unknown", offsetof(struct match_config, place_unknown) },
	{ "freshness_days", offsetof(struct match_config, freshness_days) },
	{ "points_hardship", offsetof(struct match_config, points_hardship) },
	{ "points_priority", offsetof(struct match_config, points_priority) },
	{ "points_hard_to_recruit", offsetof(struct match_config, points_hard_to_recruit) },
	{ "referral_days", offsetof(struct match_config, referral_days) },
	{ "list_size", offsetof(struct match_config, list_size) },
	{ "referral_due_days", offsetof(struct match_config, referral_due_days) },
};

/* The [match] keys as core/match reads them. */
void
app_match_config(const struct app *app, struct match_config *c)
{
	size_t i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < sizeof app_match_ints / sizeof app_match_ints[0]; i++)
		*(int *)(void *)((char *)c + app_match_ints[i].offset) =
		    (int)config_int(app->cfg, "match", app_match_ints[i].key);
	snprintf(c->priority_categories, sizeof c->priority_categories, "%s",
	    config_str(app->cfg, "match", "priority_categories"));
}

/* The [seeker] keys: the retirement age a job seeker's ID number is warned about at. */
void
app_retire_rule(const struct app *app, struct retire_rule *r)
{
	memset(r, 0, sizeof *r);
	r->age_male = (int)config_int(app->cfg, "seeker", "retirement_age_male");
	r->age_female = (int)config_int(app->cfg, "seeker", "retirement_age_female");
	r->delay = strcmp(config_str(app->cfg, "seeker", "retirement_delay"), "2025") == 0 ?
	    RETIRE_DELAY_2025 : RETIRE_DELAY_NONE;
}

/* The [casefile] keys: the contact schedule of a hardship case file. */
void
app_casefile_rules(const struct app *app, struct casefile_rules *r)
{
	casefile_rules_default(r);
	r->contact_months = (int)config_int(app->cfg, "casefile", "contact_months");
	r->employed_months = (int)config_int(app->cfg, "casefile", "employed_months");
}

/* The file a key was set in, or "jobdesk.ini" for a default. */
static const char *
app_origin(const struct app *app, const char *section, const char *name)
{
	const char *o = config_origin(app->cfg, section, name);

	return o != NULL ? o : "jobdesk.ini";
}

/*
 * The [services] keys as the rule table of core/service.h; with store
 * not NULL, every basis that is neither hardship nor hard_to_recruit must
 * be a person category of its code lists. 0, or -1 with err naming the
 * file, the section and the key.
 */
static int
app_service_rules_check(const struct app *app, struct store *st, struct service_rules *r,
    char *err, size_t errlen)
{
	static const char *const keys[] = { "free", "free_with_basis", "basis" };
	char why[256];
	size_t i;

	service_rules_default(r);
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (service_rules_set(r, keys[i], config_str(app->cfg, "services", keys[i]), why,
		    sizeof why) != 0) {
			snprintf(err, errlen, "%s: [services] %s: %s",
			    app_origin(app, "services", keys[i]), keys[i], why);
			return -1;
		}
	for (i = 0; st != NULL && i < r->nbasis; i++)
		if (strcmp(r->basis[i], "hardship") != 0 &&
		    strcmp(r->basis[i], "hard_to_recruit") != 0 &&
		    codes_valid(st, "person_category", r->basis[i]) != 1) {
			snprintf(err, errlen, _("%s: [services] basis: \"%s\" is not a basis "
			    "(hardship, hard_to_recruit or a person category code)"),
			    app_origin(app, "services", "basis"), r->basis[i]);
			return -1;
		}
	return 0;
}

/* Send the diagnostic log to $XDG_STATE_HOME/jobdesk/jobdesk.log (never the terminal). */
void
app_open_log(struct app *app)
{
	char *dir = paths_user_state(), *path;

	log_set_file(NULL);
	if (paths_mkdir(dir) == 0) {
		path = xasprintf("%s/jobdesk.log", dir);
		app->log = fopen(path, "a");
		free(path);
		log_set_file(app->log);
	}
	free(dir);
}

/* Load the configuration files in order. */
int
app_load_config(struct app *app, const char *config_file, char *err, size_t errlen)
{
	char *user;
	int rc;

	app->cfg = config_new(app_config_keys, app_nconfig_keys);
	if (config_load(app->cfg, SYSCONFDIR "/jobdesk/jobdesk.ini", 0, err, errlen) < 0)
		return -1;
	user = paths_user_config();
	rc = config_load(app->cfg, user, 0, err, errlen);
	free(user);
	if (rc < 0)
		return -1;
	if (config_file != NULL && config_load(app->cfg, config_file, 1, err, errlen) < 0)
		return -1;
	{
		struct service_rules r;

		if (app_service_rules_check(app, NULL, &r, err, errlen) != 0)
			return -1;
	}
	/* Only now is it known whether a later file set the file that target = file needs. */
	if (strcmp(config_str(app->cfg, "print", "target"), "file") == 0 &&
	    *config_str(app->cfg, "print", "file") == '\0') {
		snprintf(err, errlen, _("%s: [print] target = file needs the file to print to: set "
		    "\"file = PATH\" in [print]"), config_origin(app->cfg, "print", "target"));
		return -1;
	}
	return 0;
}

/* A client directory from the configuration, or def when it is not set. */
static const char *
app_dir(struct app *app, const char *key, const char *def)
{
	const char *v = config_str(app->cfg, "client", key);

	return *v != '\0' ? v : def;
}

/* Adopt the district identity key named in the configuration, if any. */
static int
app_identity_key(struct app *app, char *err, size_t errlen)
{
	const char *path = config_str(app->cfg, "identity", "key_file");
	unsigned char key[IDENT_KEYLEN];
	char hex[2 * IDENT_KEYLEN + 8];
	size_t len = 0, n;
	FILE *fp;
	int rc;

	if (*path == '\0')
		return 0;
	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, _("%s: cannot open the identity key: %s"), path,
		    strerror(errno));
		return -1;
	}
	n = fread(hex, 1, sizeof hex - 1, fp);
	fclose(fp);
	hex[n] = '\0';
	while (n > 0 && (hex[n - 1] == '\n' || hex[n - 1] == '\r'))
		hex[--n] = '\0';
	if (n != 2 * IDENT_KEYLEN || sodium_hex2bin(key, sizeof key, hex, n, NULL, &len,
	    NULL) != 0 || len != sizeof key) {
		snprintf(err, errlen, _("%s: an identity key is 64 hexadecimal digits on one line"),
		    path);
		sodium_memzero(hex, sizeof hex);
		return -1;
	}
	rc = store_set_identity_key(app->store, key, "config", err, errlen);
	sodium_memzero(key, sizeof key);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

/* The [sync] keys for the sync engine. */
void
app_sync_options(struct app *app, struct sync_options *o)
{
	memset(o, 0, sizeof *o);
	o->url = config_str(app->cfg, "sync", "url");
	o->ca_file = config_str(app->cfg, "sync", "ca_file");
	o->pinned_key = config_str(app->cfg, "sync", "pinned_public_key");
	o->allow_http = config_bool(app->cfg, "sync", "allow_http");
	o->connect_timeout = config_int(app->cfg, "sync", "connect_timeout");
	o->stall_timeout = config_int(app->cfg, "sync", "stall_timeout");
	o->interval = config_int(app->cfg, "sync", "interval");
	o->page_size = config_int(app->cfg, "sync", "page_size");
	o->user_agent = "jobdesk/" JOBDESK_VERSION;
}

/* The [print] keys as a print target. */
void
app_print_target(struct app *app, struct print_target *t)
{
	const char *target = config_str(app->cfg, "print", "target");
	const char *line_end = config_str(app->cfg, "print", "line_end");

	memset(t, 0, sizeof *t);
	t->kind = strcmp(target, "file") == 0 ? PRINT_FILE :
	    strcmp(target, "terminal") == 0 ? PRINT_TERMINAL : PRINT_COMMAND;
	t->command = config_str(app->cfg, "print", "command");
	t->printer = config_str(app->cfg, "print", "printer");
	t->path = config_str(app->cfg, "print", "file");
	t->tty_fd = -1;
	t->encoding = strcmp(config_str(app->cfg, "print", "encoding"), "gb18030") == 0 ?
	    PRINT_GB18030 : PRINT_UTF8;
	/* lp and files take LF; a slip printer on the terminal usually wants CR LF. */
	t->crlf = strcmp(line_end, "crlf") == 0 ||
	    (strcmp(line_end, "auto") == 0 && t->kind == PRINT_TERMINAL);
}

/* Where the referral letter's template is: the forms folder's referral.letter. */
char *
app_letter_path(struct app *app)
{
	return xasprintf("%s/referral.letter", app_dir(app, "forms_dir", paths_forms_dir()));
}

/* Where the interest inventory is: the forms folder's interest.inventory. */
char *
app_inventory_path(struct app *app)
{
	return xasprintf("%s/interest.inventory", app_dir(app, "forms_dir", paths_forms_dir()));
}

/*
 * Load one form: the district's copy in the "forms" folder beside the
 * database when there is one (sync writes it there), else the one in dir.
 * A district copy that does not load must not stop the terminal: it is
 * reported, and the other one is used.
 */
static struct formdef *
app_load_form(struct app *app, const char *dir, const char *file, char *err, size_t errlen)
{
	struct formdef *f = NULL;
	struct stat sb;
	char *path, why[512];

	path = xasprintf("%s/%s", app->district_forms, file);
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode)) {
		if ((f = formdef_load(path, kind_form_column, why, sizeof why)) == NULL) {
			log_warn("%s; using %s/%s", why, dir, file);
			fprintf(stderr, _("jobdesk: %s; the form the district sent cannot be used, "
			    "%s/%s is used instead\n"), why, dir, file);
		}
	}
	free(path);
	if (f != NULL)
		return f;
	path = xasprintf("%s/%s", dir, file);
	f = formdef_load(path, kind_form_column, err, errlen);
	free(path);
	return f;
}

/*
 * Remember the data folder dir if it is not there yet, and the first of
 * its parents that is not (what mkdir -p will make), for app_discard_new.
 */
static void
app_note_new_dir(struct app *app, const char *dir)
{
	struct stat sb;
	char *top, *slash;

	if (stat(dir, &sb) == 0 || errno != ENOENT)
		return;
	top = xstrdup(dir);
	while ((slash = strrchr(top, '/')) != NULL && slash != top) {
		*slash = '\0';
		if (stat(top, &sb) == 0) {
			*slash = '/';
			break;
		}
	}
	app->dir_made = xstrdup(dir);
	app->dir_top = top;
}

/* Open the database and load code lists and forms. */
int
app_open(struct app *app, const char *db_override, char *err, size_t errlen)
{
	const char *forms = app_dir(app, "forms_dir", paths_forms_dir());
	const char *db = db_override != NULL ? db_override : config_str(app->cfg, "client",
	    "database");
	struct stat sb;
	size_t i;

	if (*db != '\0')
		app->db_path = xstrdup(db);
	else {
		char *dir = paths_user_data();

		app_note_new_dir(app, dir);
		if (paths_mkdir(dir) != 0) {
			snprintf(err, errlen, _("%s: cannot create the data folder: %s"), dir,
			    strerror(errno));
			free(dir);
			return -1;
		}
		app->db_path = xasprintf("%s/jobdesk.db", dir);
		free(dir);
	}
	app->db_made = stat(app->db_path, &sb) != 0 && errno == ENOENT;
	if ((app->store = store_open(app->db_path, err, errlen)) == NULL)
		return -1;
	{
		const char *slash = strrchr(app->db_path, '/');

		/* Sync installs the district's forms beside the database; they go first. */
		app->district_forms = slash != NULL ? xasprintf("%.*s/forms",
		    (int)(slash - app->db_path), app->db_path) : xstrdup("forms");
		app->district_forms_dir.path = app->district_forms;
		app->district_forms_dir.columns = kind_form_column;
		store_set_form_sink(app->store, formdef_install, &app->district_forms_dir);
	}
	if (app_identity_key(app, err, errlen) != 0)
		return -1;
	store_set_registration_days(app->store, (int)config_int(app->cfg, "client",
	    "registration_days"));
	if (codes_load_dir(app->store, app_dir(app, "codes_dir", paths_codes_dir()), err,
	    errlen) != 0)
		return -1;
	{
		struct service_rules r;

		if (app_service_rules_check(app, app->store, &r, err, errlen) != 0)
			return -1;
		store_set_service_rules(app->store, &r);
	}
	{
		struct casefile_rules cr;

		app_casefile_rules(app, &cr);
		store_set_casefile_rules(app->store, &cr);
	}
	store_set_report_days(app->store, (int)config_int(app->cfg, "match", "referral_due_days"),
	    (int)config_int(app->cfg, "report", "terminal_silent_days"));
	for (i = 0; i < KIND_COUNT; i++) {
		const struct kind *k = kind_get((enum kind_id)i);
		char *file;

		if (!(k->flags & KF_FORM))
			continue;
		file = xasprintf("%s.form", k->name);
		app->forms[i] = app_load_form(app, forms, file, err, errlen);
		free(file);
		if (app->forms[i] == NULL)
			return -1;
	}
	return 0;
}

/* The form of a kind. */
const struct formdef *
app_form(const struct app *app, enum kind_id kind)
{
	return (size_t)kind < KIND_COUNT ? app->forms[kind] : NULL;
}

/* Remove a database this run created, and the folder it made for it. */
void
app_discard_new(struct app *app)
{
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	if (!app->db_made || app->db_path == NULL)
		return;
	/* Set up meanwhile (another process, on the same new path): not ours to remove. */
	if (app->store != NULL && (office_count(app->store) != 0 ||
	    account_count(app->store) != 0))
		return;
	store_close(app->store);
	app->store = NULL;
	for (i = 0; i < sizeof tails / sizeof tails[0]; i++) {
		char *p = xasprintf("%s%s", app->db_path, tails[i]);

		if (unlink(p) != 0 && errno != ENOENT)
			log_warn("cannot remove %s: %s", p, strerror(errno));
		free(p);
	}
	app->db_made = 0;
	/* Only folders left empty: anything in them is not ours to remove. */
	if (app->dir_made != NULL) {
		char *p = xstrdup(app->dir_made), *slash;

		while (rmdir(p) == 0 && strcmp(p, app->dir_top) != 0 &&
		    (slash = strrchr(p, '/')) != NULL && slash != p)
			*slash = '\0';
		free(p);
	}
}

/* Release everything. */
void
app_close(struct app *app)
{
	size_t i;

	for (i = 0; i < KIND_COUNT; i++)
		formdef_free(app->forms[i]);
	store_close(app->store);
	config_free(app->cfg);
	free(app->db_path);
	free(app->dir_made);
	free(app->dir_top);
	free(app->district_forms);
	log_set_file(NULL);
	if (app->log != NULL)
		fclose(app->log);
	memset(app, 0, sizeof *app);
}
