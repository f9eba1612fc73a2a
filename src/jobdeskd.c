/*
 * jobdeskd: the district server of jobdesk. Reads jobdeskd.ini, then
 * serves protocol v1 over HTTPS (serve, the default: migrates first, stops
 * cleanly on SIGTERM or SIGINT) or runs one of the administrator's
 * commands against the database.
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "common/config.h"
#include "common/i18n.h"
#include "common/log.h"
#include "server/admin.h"
#include "server/http.h"
#include "server/pg.h"
#include "server/server-config.h"

#define JOBDESKD_VERSION	"0.1.0"

/* Print how to call the program. */
static void
jobdeskd_usage(FILE *fp)
{
	fprintf(fp, _("usage: jobdeskd [--config FILE] [COMMAND ...]\n"
	    "\n"
	    "Without a command, or with serve, runs the server (after migrate).\n"
	    "\n"
	    "commands:\n"
	    "  serve              migrate, then serve until SIGTERM or SIGINT\n"
	    "  migrate            bring the database schema up to date, load the shipped\n"
	    "                     code lists and forms it lacks\n"
	    "  office add CODE NAME LEVEL [PARENT] | office list\n"
	    "  enroll --office CODE\n"
	    "                     print a one-time enrollment code (valid 24 hours)\n"
	    "  terminal list | terminal revoke ID\n"
	    "  account add LOGIN --name NAME --office CODE --role ROLE [--cert-no NO]\n"
	    "                     [--cert-valid-until DATE] [--grade CODE]\n"
	    "  account list | account disable LOGIN | account passwd LOGIN\n"
	    "                     (passwords are read from standard input)\n"
	    "  codes load FILE.tsv ...\n"
	    "  form load FILE.form\n"
	    "  new-epoch          after restoring a backup: every terminal pulls again\n"
	    "  bundle import FILE --reply REPLY [--records N]\n"
	    "                     apply a terminal's bundle brought by file, write its reply\n"
	    "\n"
	    "options:\n"
	    "  --config FILE      read FILE instead of %s\n"
	    "  --version          print the version and exit\n"
	    "  --help             print this help and exit\n"), server_config_default_path());
}

/* Whether the program serves (logs for journald) rather than runs a command (plain stderr). */
static int jobdeskd_serving;

/* Report an error where the administrator looks: the log when serving, else stderr. */
static void __attribute__((format(printf, 1, 2)))
jobdeskd_complain(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (jobdeskd_serving)
		log_error("%s", msg);
	else
		fprintf(stderr, "jobdeskd: %s\n", msg);
}

/* Log to stderr; when serving, for journald if stderr is not a terminal. */
static void
jobdeskd_log_setup(void)
{
	log_set_file(stderr);
	log_set_level(LOG_INFO);
	if (jobdeskd_serving && !isatty(STDERR_FILENO)) {
		log_set_priority_prefix(1);
		/* systemd sets JOURNAL_STREAM when stderr is the journal, which stamps lines itself. */
		if (getenv("JOURNAL_STREAM") != NULL)
			log_set_stamp(0);
	}
}

/* Connect to the database for the main thread; NULL after a message. */
static struct pg *
jobdeskd_connect(const struct config *cfg)
{
	struct pg_settings ps;
	struct pg *pg;
	char err[1024];

	server_config_pg(cfg, &ps);
	if ((pg = pg_connect(&ps, err, sizeof err)) == NULL)
		jobdeskd_complain("%s", err);
	return pg;
}

/* The HTTP settings of the configuration. */
static void
jobdeskd_http_settings(const struct config *cfg, struct http_settings *s)
{
	memset(s, 0, sizeof *s);
	s->listen = config_str(cfg, "server", "listen");
	s->port = (unsigned)config_int(cfg, "server", "port");
	s->threads = (unsigned)config_int(cfg, "server", "threads");
	s->tls_cert = config_str(cfg, "server", "tls_cert");
	s->tls_key = config_str(cfg, "server", "tls_key");
	s->allow_http = config_bool(cfg, "server", "allow_http");
	s->max_connections = (unsigned)config_int(cfg, "limits", "max_connections");
	s->per_address = (unsigned)config_int(cfg, "limits", "per_address");
	s->timeout = (unsigned)config_int(cfg, "limits", "timeout");
	s->header_deadline = (unsigned)config_int(cfg, "limits", "header_deadline");
	s->request_deadline = (unsigned)config_int(cfg, "limits", "request_deadline");
	s->max_body = (size_t)config_int(cfg, "limits", "max_body");
	server_config_pg(cfg, &s->pg);
}

/* Migrate, then serve until SIGTERM or SIGINT; the exit status. */
static int
jobdeskd_serve(struct config *cfg)
{
	struct admin_settings as;
	struct http_settings s;
	struct http *h;
	struct pg *pg;
	sigset_t stop;
	char err[1024];
	int sig = 0, rc;

	jobdeskd_http_settings(cfg, &s);
	/* Plain HTTP refused, TLS files unreadable: said before the database is touched. */
	if ((h = http_new(&s, err, sizeof err)) == NULL) {
		jobdeskd_complain("%s", err);
		return 1;
	}
	if ((pg = jobdeskd_connect(cfg)) == NULL) {
		http_stop(h);
		return 1;
	}
	server_config_admin(cfg, &as);
	rc = admin_migrate(pg, &as, err, sizeof err);
	pg_close(pg);
	if (rc != 0) {
		jobdeskd_complain(_("cannot migrate the database: %s"), err);
		http_stop(h);
		return 1;
	}

	/* The workers inherit the mask: the stop signals reach this thread only, in sigwait. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (http_start(h, err, sizeof err) != 0) {
		jobdeskd_complain("%s", err);
		http_stop(h);
		return 1;
	}
	log_info("jobdeskd %s serving %s on %s port %u with %u threads", JOBDESKD_VERSION,
	    *s.tls_cert != '\0' ? "HTTPS" : "plain HTTP", s.listen, http_port(h), s.threads);
	while (sigwait(&stop, &sig) != 0)
		continue;
	log_info("stopping on %s", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_stop(h);
	log_info("stopped");
	return 0;
}

/* Read the configuration, then serve or run a command. */
int
main(int argc, char **argv)
{
	const char *config_file = NULL, *cmd;
	struct config *cfg;
	struct pg *pg;
	char err[1024];
	int i, rc;

	umask(077);
	i18n_init();

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			jobdeskd_usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("jobdeskd %s\n", JOBDESKD_VERSION);
			return 0;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			config_file = argv[++i];
		else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, _("jobdeskd: unknown option \"%s\"\n"), argv[i]);
			jobdeskd_usage(stderr);
			return 2;
		} else
			break;
	}
	cmd = i < argc ? argv[i] : "serve";
	if (strcmp(cmd, "serve") == 0 && i + 1 < argc) {
		fprintf(stderr, _("jobdeskd: serve takes no arguments\n"));
		jobdeskd_usage(stderr);
		return 2;
	}
	if (strcmp(cmd, "serve") != 0 && !admin_is_command(cmd)) {
		fprintf(stderr, _("jobdeskd: unknown command \"%s\"\n"), cmd);
		jobdeskd_usage(stderr);
		return 2;
	}
	jobdeskd_serving = strcmp(cmd, "serve") == 0;
	jobdeskd_log_setup();
	/* Once, before any thread: libsodium's set-up is then done for all of them. */
	if (sodium_init() < 0) {
		jobdeskd_complain(_("cannot initialise libsodium"));
		return 1;
	}
	if ((cfg = server_config_load(config_file, err, sizeof err)) == NULL) {
		jobdeskd_complain("%s", err);
		return 1;
	}
	if (jobdeskd_serving)
		rc = jobdeskd_serve(cfg);
	else if ((pg = jobdeskd_connect(cfg)) == NULL)
		rc = 1;
	else {
		struct admin_settings as;

		server_config_admin(cfg, &as);
		rc = admin_main(pg, &as, argc - i, argv + i);
		pg_close(pg);
	}
	config_free(cfg);
	return rc;
}
