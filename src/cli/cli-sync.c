/*
 * The "enroll" and "sync" commands: joining the district server with a
 * one-time code, and one headless sync round for cron or an administrator.
 * Both take the [sync] keys of the configuration; a url there goes before
 * the one enrollment stored. What went through goes to stdout, problems to
 * stderr; the exit status says whether everything was pushed and pulled.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "cli/cli.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/units.h"
#include "core/idnum.h"
#include "store/account.h"
#include "store/scope.h"
#include "store/seeker.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/sync-bundle.h"
#include "sync/sync.h"
#include "wire/wire.h"

/* Print the usage of enroll on stderr; the exit status for a usage error. */
static int
cli_enroll_usage(void)
{
	fprintf(stderr, _("usage: jobdesk enroll URL CODE\n"));
	return 2;
}

/* Print the usage of sync on stderr; the exit status for a usage error. */
static int
cli_sync_usage(void)
{
	fprintf(stderr, _("usage: jobdesk sync [--quiet] [--user LOGIN] [--resend]\n"
	    "       jobdesk sync --to-file FILE [--quiet] [--user LOGIN] [--resend]\n"
	    "       jobdesk sync --from-file REPLY [--quiet]\n"
	    "       jobdesk sync --user LOGIN --fetch ID_NUMBER\n"
	    "       jobdesk sync --relay BUNDLE --reply REPLY [--quiet]\n"));
	return 2;
}

/* Act as the Unix user for the terminal's office, as the other commands do. */
static void
cli_sync_actor(struct app *app)
{
	char office[32] = "";

	office_first(app->store, office, sizeof office);
	cli_set_actor(app, office);
}

/* jobdesk enroll URL CODE */
int
cli_enroll(struct app *app, int argc, char **argv)
{
	struct sync_options o;
	struct store_sync_info info;
	char err[512], name[128] = "", before[64];

	if (argc != 2 || argv[0][0] == '-' || argv[1][0] == '-')
		return cli_enroll_usage();
	app_sync_options(app, &o);
	cli_sync_actor(app);
	snprintf(before, sizeof before, "%s", store_terminal(app->store));
	if (sync_enroll(app->store, &o, argv[0], argv[1], err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	memset(&info, 0, sizeof info);
	if (store_sync_info(app->store, &info) != 0) {
		fprintf(stderr, _("jobdesk: enrolled, but the enrollment cannot be read back: %s\n"),
		    store_errmsg(app->store));
		return 1;
	}
	memset(info.token, 0, sizeof info.token);
	office_name(app->store, info.office, name, sizeof name);
	/* TRANSLATORS: the office's code, then its name. */
	printf(_("enrolled: this terminal belongs to office %s %s\n"), info.office, name);
	if (strcmp(before, store_terminal(app->store)) != 0)
		/* TRANSLATORS: the terminal's new id, then its old one. */
		printf(_("this terminal is now %s: its former id %s belongs to another enrolled "
		    "terminal\n"), store_terminal(app->store), before);
	if (*o.url != '\0' && strcmp(o.url, argv[0]) != 0)
		fprintf(stderr, _("jobdesk: note: url in [sync] of the configuration (\"%s\") goes "
		    "before \"%s\" when syncing\n"), o.url, argv[0]);
	return 0;
}

/*
 * jobdesk sync --user LOGIN: the account logs in with its password (from
 * standard input), takes over the changes made here before enrollment
 * (they are signed under its name) and the round runs. A terminal that
 * does not hold the account yet (its first sync) runs a round first,
 * which brings the district's accounts; what that round did goes into
 * *first. The round's result; -1 with err.
 */
static int
cli_sync_as(struct app *app, struct sync *s, const char *user, int quiet,
    struct sync_status *first, char *err, size_t errlen)
{
	enum login_result r;
	char pw[256], round_err[512] = "";
	long n = 0;
	int rc = -1;

	if (cli_read_password(pw, sizeof pw) != 0) {
		snprintf(err, errlen, _("no password for %s"), user);
		return -1;
	}
	if ((r = cli_log_in(app, user, pw, 1)) == LOGIN_BAD) {
		/*
		 * Not here yet, perhaps: a round brings the accounts, then the
		 * login again. A round that failed (no server, a certificate
		 * not trusted) says why the account is still unknown.
		 */
		if (sync_round(s, round_err, sizeof round_err) == 0)
			*round_err = '\0';
		sync_status(s, first);
		r = cli_log_in(app, user, pw, 0);
	}
	sodium_memzero(pw, sizeof pw);
	if (r != LOGIN_OK) {
		if (*round_err != '\0')
			snprintf(err, errlen, "%s", round_err);
		else
			snprintf(err, errlen, _("cannot act as %s"), user);
		return -1;
	}
	if (store_outbox_unsigned(app->store) > 0) {
		if (store_outbox_adopt(app->store, &n, err, errlen) != 0)
			return -1;
		if (!quiet)
			fprintf(stderr, ngettext("jobdesk: %ld change made before enrollment goes "
			    "out under %s\n", "jobdesk: %ld changes made before enrollment go out "
			    "under %s\n", (unsigned long)n), n, user);
	}
	rc = sync_round(s, err, errlen);
	return rc;
}

/* Say on stderr how many changes wait unsigned, and who can sign them. */
static void
cli_sync_unsigned(long n)
{
	fprintf(stderr, ngettext("jobdesk: %ld change made before this terminal was enrolled "
	    "waits to be signed: a supervisor runs jobdesk sync --user LOGIN\n", "jobdesk: %ld "
	    "changes made before this terminal was enrolled wait to be signed: a supervisor "
	    "runs jobdesk sync --user LOGIN\n", (unsigned long)n), n);
}

/*
 * jobdesk sync --to-file FILE: a bundle of what waits and where the pull
 * stands; with --user, the account signs the changes waiting unsigned
 * first (it logs in on this terminal: no server is asked).
 */
static int
cli_sync_to_file(struct app *app, const char *path, const char *user, int quiet)
{
	struct sync_bundle_result r;
	char pw[256], err[512];
	enum login_result lr;
	long n = 0;

	if (user != NULL) {
		if (cli_read_password(pw, sizeof pw) != 0) {
			fprintf(stderr, "jobdesk: ");
			fprintf(stderr, _("no password for %s"), user);
			fputc('\n', stderr);
			return 1;
		}
		lr = cli_log_in(app, user, pw, 0);
		sodium_memzero(pw, sizeof pw);
		if (lr != LOGIN_OK)
			return 1;
		if (store_outbox_unsigned(app->store) > 0) {
			if (store_outbox_adopt(app->store, &n, err, sizeof err) != 0) {
				fprintf(stderr, "jobdesk: %s\n", err);
				return 1;
			}
			if (!quiet)
				fprintf(stderr, ngettext("jobdesk: %ld change made before enrollment "
				    "goes out under %s\n", "jobdesk: %ld changes made before "
				    "enrollment go out under %s\n", (unsigned long)n), n, user);
		}
	}
	if (sync_bundle_write(app->store, path, &r, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	if (!quiet)
		/* TRANSLATORS: the bundle's number, the file, how many changes it carries. */
		printf(ngettext("bundle %llu written to %s: %ld change to push\n", "bundle %llu "
		    "written to %s: %ld changes to push\n", (unsigned long)r.changes),
		    (unsigned long long)r.number, path, r.changes);
	if (r.left > 0)
		fprintf(stderr, ngettext("jobdesk: note: %ld more change waits for the next "
		    "bundle\n", "jobdesk: note: %ld more changes wait for the next bundle\n",
		    (unsigned long)r.left), r.left);
	if (r.unsigned_n > 0)
		cli_sync_unsigned(r.unsigned_n);
	return 0;
}

/* jobdesk sync --from-file REPLY: the district's reply to a bundle, applied. */
static int
cli_sync_from_file(struct app *app, const char *path, int quiet)
{
	struct sync_bundle_result r;
	char err[512];

	if (sync_bundle_apply(app->store, path, &r, err, sizeof err) != 0) {
		if (r.partly)
			fprintf(stderr, _("jobdesk: %s: %s; what was applied stays, and applying "
			    "the reply again goes on from there\n"), path, err);
		else
			fprintf(stderr, _("jobdesk: %s: %s; nothing was changed\n"), path, err);
		return 1;
	}
	if (r.again) {
		if (!quiet)
			fprintf(stderr, _("jobdesk: the reply to bundle %llu was applied before: "
			    "nothing was changed\n"), (unsigned long long)r.number);
		return 0;
	}
	if (r.push_error[0] != '\0')
		fprintf(stderr, _("jobdesk: the district refused the changes: %s\n"),
		    r.push_error);
	if (r.pull_error[0] != '\0')
		fprintf(stderr, _("jobdesk: the district refused the pull: %s\n"), r.pull_error);
	if (r.push_error[0] != '\0' || r.pull_error[0] != '\0' || !quiet)
		/* TRANSLATORS: the bundle's number; then as the summary of jobdesk sync. */
		printf(_("reply to bundle %llu: pushed %ld, pulled %ld, %ld rejected, %ld "
		    "waiting\n"), (unsigned long long)r.number, r.changes, r.pulled, r.rejected,
		    r.waiting);
	if (!quiet && r.stale)
		fprintf(stderr, _("jobdesk: note: the reply's records were not applied: this "
		    "terminal has received newer ones since it wrote the bundle\n"));
	else if (!quiet && r.more)
		fprintf(stderr, _("jobdesk: note: the district has more records for this "
		    "terminal: the next bundle (jobdesk sync --to-file) goes on from here\n"));
	if (!quiet && r.rejected > 0)
		fprintf(stderr, ngettext("jobdesk: %ld change refused by the server waits to be "
		    "looked at in the client\n", "jobdesk: %ld changes refused by the server wait "
		    "to be looked at in the client\n", (unsigned long)r.rejected), r.rejected);
	return r.push_error[0] != '\0' || r.pull_error[0] != '\0' ? 1 : 0;
}

/*
 * jobdesk sync --user LOGIN --fetch ID_NUMBER: on a scoped terminal, the
 * whole record of a person registered outside its scope, from the
 * district (signed by LOGIN, whose password comes from standard input),
 * kept here the rest of the day. No round. The exit status.
 */
static int
cli_sync_fetch(struct app *app, const char *user, const char *idnum)
{
	struct sync_options o;
	struct scope_elsewhere w;
	char pw[256], err[512], id[IDENT_LEN + 1], masked[24];
	enum login_result r;
	int rc;

	idnum_mask(idnum, masked, sizeof masked);
	if ((rc = store_scope_elsewhere(app->store, idnum, &w)) != 1) {
		if (rc < 0)
			fprintf(stderr, _("jobdesk: cannot read the identity index: %s\n"),
			    store_errmsg(app->store));
		else if (seeker_find_idnum(app->store, idnum, id) == 1)
			fprintf(stderr, _("jobdesk: ID number %s is registered here: nothing to "
			    "fetch\n"), masked);
		else
			fprintf(stderr, _("jobdesk: ID number %s is not in the district's identity "
			    "index here: the person is not registered elsewhere in the district, or "
			    "this terminal holds the whole district\n"), masked);
		return 1;
	}
	if (cli_read_password(pw, sizeof pw) != 0) {
		fprintf(stderr, "jobdesk: ");
		fprintf(stderr, _("no password for %s"), user);
		fputc('\n', stderr);
		return 1;
	}
	r = cli_log_in(app, user, pw, 0);
	sodium_memzero(pw, sizeof pw);
	if (r != LOGIN_OK)
		return 1;
	app_sync_options(app, &o);
	if ((rc = sync_fetch(app->store, &o, w.id, id, err, sizeof err)) < 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	if (rc == 0) {
		fprintf(stderr, _("jobdesk: the district has no record of ID number %s any more\n"),
		    masked);
		return 1;
	}
	/* TRANSLATORS: the masked ID number, the office's code and name. */
	printf(_("fetched the record of ID number %s, registered at %s %s; it stays on this "
	    "terminal today\n"), masked, w.office, w.office_name);
	return 0;
}


/*
 * jobdesk sync --relay BUNDLE --reply REPLY: on a terminal online, a
 * field terminal's bundle taken to the district over this terminal's
 * channel, and the district's reply written for the field terminal. This
 * terminal reads neither (they are sealed) and changes nothing of its own.
 */
static int
cli_sync_relay(struct app *app, const char *bundle, const char *reply, int quiet)
{
	struct sync_options o;
	struct wire_relay_reply r;
	char err[1024], name[128] = "";

	app_sync_options(app, &o);
	if (sync_relay(app->store, &o, bundle, reply, &r, err, sizeof err) != 0) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	office_name(app->store, r.office, name, sizeof name);
	if (!quiet) {
		/*
		 * TRANSLATORS: the bundle's number, the field terminal's id, its
		 * office's code and name; then the changes the bundle carried, the
		 * last one acknowledged, how many the district parked.
		 */
		printf(_("relayed bundle %lld of terminal %s (office %s %s): %lld changes, "
		    "through %lld acknowledged, %lld rejected\n"), (long long)r.number, r.terminal,
		    r.office, name, (long long)r.changes, (long long)r.acknowledged,
		    (long long)r.rejected);
		/* TRANSLATORS: the reply file, and the records it holds. */
		printf(_("reply written to %s: %lld records; it goes back to that terminal "
		    "(jobdesk sync --from-file)\n"), reply, (long long)r.records);
	}
	if (r.push_error[0] != '\0')
		fprintf(stderr, _("jobdesk: the district refused the changes from %lld on: %s\n"),
		    (long long)r.refused_from, r.push_error);
	if (r.pull_error[0] != '\0')
		fprintf(stderr, _("jobdesk: the district refused the pull: %s\n"), r.pull_error);
	if (!quiet && r.newer > 0)
		fprintf(stderr, _("jobdesk: note: a newer bundle of that terminal (%lld) reached "
		    "the district before: this one's changes were replays\n"), (long long)r.newer);
	if (!quiet && r.more)
		fprintf(stderr, _("jobdesk: note: the district has more records for that "
		    "terminal: its next bundle goes on from there\n"));
	return 0;
}

/*
 * jobdesk sync [--quiet] [--user LOGIN] [--resend], by the network, or
 * with --to-file FILE or --from-file REPLY by file; or --user LOGIN
 * --fetch ID_NUMBER, one person's record on demand; or --relay BUNDLE
 * --reply REPLY, another terminal's bundle taken to the district.
 */
int
cli_sync(struct app *app, int argc, char **argv)
{
	struct sync_options o;
	struct sync_status st, first;
	struct sync *s;
	const char *user = NULL, *to_file = NULL, *from_file = NULL, *fetch = NULL;
	const char *relay = NULL, *reply = NULL;
	char err[512];
	int quiet = 0, resend = 0, i, rc;
	long n;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
			quiet = 1;
		else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
			user = argv[++i];
		else if (strcmp(argv[i], "--resend") == 0)
			resend = 1;
		else if (strcmp(argv[i], "--to-file") == 0 && i + 1 < argc)
			to_file = argv[++i];
		else if (strcmp(argv[i], "--from-file") == 0 && i + 1 < argc)
			from_file = argv[++i];
		else if (strcmp(argv[i], "--fetch") == 0 && i + 1 < argc)
			fetch = argv[++i];
		else if (strcmp(argv[i], "--relay") == 0 && i + 1 < argc)
			relay = argv[++i];
		else if (strcmp(argv[i], "--reply") == 0 && i + 1 < argc)
			reply = argv[++i];
		else
			return cli_sync_usage();
	}
	if ((relay == NULL) != (reply == NULL))
		return cli_sync_usage();
	if (relay != NULL && (user != NULL || resend || to_file != NULL || from_file != NULL ||
	    fetch != NULL))
		return cli_sync_usage();
	if (relay != NULL)
		return cli_sync_relay(app, relay, reply, quiet);
	if (from_file != NULL && (to_file != NULL || user != NULL || resend))
		return cli_sync_usage();
	if (fetch != NULL && (user == NULL || resend || quiet || to_file != NULL ||
	    from_file != NULL))
		return cli_sync_usage();
	if (fetch != NULL)
		return cli_sync_fetch(app, user, fetch);
	app_sync_options(app, &o);
	cli_sync_actor(app);
	/* A restored server: what it acknowledged and lost goes again (jobdesk-sync(7)). */
	if (from_file != NULL)
		return cli_sync_from_file(app, from_file, quiet);
	if (resend) {
		if (store_outbox_resend_kept(app->store, &n, err, sizeof err) != 0) {
			fprintf(stderr, "jobdesk: %s\n", err);
			return 1;
		}
		fprintf(stderr, ngettext("jobdesk: %ld change the server acknowledged is sent "
		    "again\n", "jobdesk: %ld changes the server acknowledged are sent again\n",
		    (unsigned long)n), n);
	}
	if (to_file != NULL)
		return cli_sync_to_file(app, to_file, user, quiet);
	if ((s = sync_new(app->store, &o, err, sizeof err)) == NULL) {
		fprintf(stderr, "jobdesk: %s\n", err);
		return 1;
	}
	memset(&first, 0, sizeof first);
	rc = user != NULL ? cli_sync_as(app, s, user, quiet, &first, err, sizeof err) :
	    sync_round(s, err, sizeof err);
	sync_status(s, &st);
	/*
	 * A terminal enrolled before sync by file registers its keys at its
	 * next sync that reached the server (offline, it would only wait).
	 */
	if (st.state != SYNC_NOT_ENROLLED && st.online && !sync_keys_registered(app->store)) {
		char why[512];

		if (sync_keys_register(app->store, &o, 0, why, sizeof why) != 0)
			log_warn("sync: %s", why);
	}
	sync_free(s);
	/* What the command did: a first round that brought the accounts counts too. */
	st.pushed += first.pushed;
	st.pulled += first.pulled;
	st.sent += first.sent;
	st.received += first.received;
	st.sent_plain += first.sent_plain;
	st.received_plain += first.received_plain;
	if (rc != 0)
		fprintf(stderr, "jobdesk: %s\n", err);
	if (st.state == SYNC_NOT_ENROLLED)
		return 1;
	if (rc != 0 || !quiet) {
		char wire[32], plain[32];

		/*
		 * TRANSLATORS: pushed N changes, pulled M records; K changes
		 * refused; then the bytes sent and received, as they went and
		 * as they would have gone without compression ("1.20 MiB").
		 */
		printf(_("pushed %ld, pulled %ld, %ld rejected, %ld waiting; %s on the wire (%s "
		    "uncompressed)\n"), st.pushed, st.pulled, st.rejected, st.waiting,
		    units_bytes(st.sent + st.received, wire, sizeof wire),
		    units_bytes(st.sent_plain + st.received_plain, plain, sizeof plain));
	}
	if (rc == 0 && st.held > 0 && !quiet)
		fprintf(stderr, ngettext("jobdesk: note: %ld change already committed on the "
		    "server could not be received yet: a long transaction on the district's "
		    "database holds it back; it comes with a later sync\n", "jobdesk: note: %ld "
		    "changes already committed on the server could not be received yet: a long "
		    "transaction on the district's database holds them back; they come with a "
		    "later sync\n", (unsigned long)st.held), st.held);
	if (rc == 0 && st.rejected > 0 && !quiet)
		fprintf(stderr, ngettext("jobdesk: %ld change refused by the server waits to be "
		    "looked at in the client\n", "jobdesk: %ld changes refused by the server wait "
		    "to be looked at in the client\n", (unsigned long)st.rejected), st.rejected);
	return rc == 0 ? 0 : 1;
}
