/* jobdeskd.ini: the key table, loading, and the settings derived from it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "common/config.h"
#include "common/i18n.h"
#include "common/paths.h"
#include "server/admin.h"
#include "server/pg.h"
#include "server/server-config.h"

/* SYSCONFDIR and DATADIR come from build/dirs.h, included by the Makefile. */
#if !defined(SYSCONFDIR) || !defined(DATADIR)
#error "SYSCONFDIR and DATADIR are not defined: build with make"
#endif

/* Keep in step with man/jobdeskd.ini.5 and etc/jobdeskd.ini. */
const struct config_key server_config_keys[] = {
	{ "server", "listen", CONFIG_STRING, "127.0.0.1", 0, 0, NULL,
	  N_("IPv4 or IPv6 address to listen on; :: is every address") },
	{ "server", "port", CONFIG_INT, "8443", 0, 65535, NULL,
	  N_("TCP port; 0 takes a free one and logs it") },
	{ "server", "threads", CONFIG_INT, "4", 1, 256, NULL,
	  N_("worker threads, each with its own database connection") },
	{ "server", "tls_cert", CONFIG_STRING, "", 0, 0, NULL,
	  N_("PEM file of the certificate chain; empty serves plain HTTP") },
	{ "server", "tls_key", CONFIG_STRING, "", 0, 0, NULL,
	  N_("PEM file of the certificate's private key") },
	{ "server", "allow_http", CONFIG_BOOL, "no", 0, 0, NULL,
	  N_("serve plain HTTP when no certificate is set (tests, or behind a proxy)") },
	{ "server", "data_dir", CONFIG_PATH, DATADIR, 0, 0, NULL,
	  N_("folder of the shipped forms/ and codes/ that migrate loads") },
	{ "database", "conninfo", CONFIG_STRING, "dbname=jobdesk", 0, 0, NULL,
	  N_("libpq connection string") },
	{ "database", "statement_timeout", CONFIG_INT, "5000", 0, 3600000, NULL,
	  N_("milliseconds a statement may run; 0 no limit") },
	{ "limits", "max_connections", CONFIG_INT, "200", 1, 10000, NULL,
	  N_("connections served at once") },
	{ "limits", "per_address", CONFIG_INT, "16", 0, 10000, NULL,
	  N_("connections from one address at once; 0 no limit") },
	{ "limits", "timeout", CONFIG_INT, "30", 1, 3600, NULL,
	  N_("seconds an idle connection is kept") },
	{ "limits", "header_deadline", CONFIG_INT, "10", 1, 3600, NULL,
	  N_("seconds a request's head may take to arrive, from the connection's start or its "
	     "last answer") },
	{ "limits", "request_deadline", CONFIG_INT, "60", 1, 3600, NULL,
	  N_("seconds a whole request, head and body, may take to arrive") },
	{ "limits", "max_body", CONFIG_INT, "8388608", 1024, 268435456, NULL,
	  N_("bytes of a request body") },
	{ "limits", "max_drift_seconds", CONFIG_INT, "300", 0, 604800, NULL,
	  N_("seconds a change's clock may run ahead of the server's before it is re-stamped") },
	{ "security", "pwhash_memory_kib", CONFIG_INT, "12288", 8192, 1048576, NULL,
	  N_("KiB of memory for hashing an account's password (Argon2id)") },
	{ "security", "pwhash_ops", CONFIG_INT, "3", 1, 16, NULL,
	  N_("passes over that memory") },
};
const size_t server_nconfig_keys = sizeof server_config_keys / sizeof server_config_keys[0];

/* The default configuration file. */
const char *
server_config_default_path(void)
{
	return SYSCONFDIR "/jobdesk/jobdeskd.ini";
}

/* The file a key came from, for messages; "the defaults" when none set it. */
static const char *
server_config_where(const struct config *cfg, const char *section, const char *name)
{
	const char *o = config_origin(cfg, section, name);

	return o != NULL ? o : _("the defaults");
}

/* Checks between keys, which the table cannot express; -1 with err. */
static int
server_config_check(const struct config *cfg, char *err, size_t errlen)
{
	const char *listen = config_str(cfg, "server", "listen");
	const char *cert = config_str(cfg, "server", "tls_cert");
	const char *key = config_str(cfg, "server", "tls_key");
	unsigned char addr[sizeof(struct in6_addr)];

	if (inet_pton(AF_INET, listen, addr) != 1 && inet_pton(AF_INET6, listen, addr) != 1) {
		snprintf(err, errlen, _("%s: [server] listen: \"%s\" is not an IPv4 or IPv6 "
		    "address"), server_config_where(cfg, "server", "listen"), listen);
		return -1;
	}
	/* libmicrohttpd shares the connections out among the workers. */
	if (config_int(cfg, "limits", "max_connections") < config_int(cfg, "server", "threads")) {
		snprintf(err, errlen, _("%s: [limits] max_connections (%ld) is less than [server] "
		    "threads (%ld)"), server_config_where(cfg, "limits", "max_connections"),
		    config_int(cfg, "limits", "max_connections"),
		    config_int(cfg, "server", "threads"));
		return -1;
	}
	if (config_int(cfg, "limits", "request_deadline") <
	    config_int(cfg, "limits", "header_deadline")) {
		snprintf(err, errlen, _("%s: [limits] request_deadline (%ld) is less than "
		    "header_deadline (%ld)"), server_config_where(cfg, "limits", "request_deadline"),
		    config_int(cfg, "limits", "request_deadline"),
		    config_int(cfg, "limits", "header_deadline"));
		return -1;
	}
	if ((*cert == '\0') != (*key == '\0')) {
		snprintf(err, errlen, _("%s: [server] tls_cert and tls_key go together: set both "
		    "or neither"), server_config_where(cfg, "server",
		    *cert != '\0' ? "tls_cert" : "tls_key"));
		return -1;
	}
	return 0;
}

/* Load the default file or the given one over the defaults. */
struct config *
server_config_load(const char *path, char *err, size_t errlen)
{
	struct config *cfg = config_new(server_config_keys, server_nconfig_keys);
	int rc;

	if (path != NULL)
		rc = config_load(cfg, path, 1, err, errlen);
	else
		rc = config_load(cfg, server_config_default_path(), 0, err, errlen);
	if (rc < 0 || server_config_check(cfg, err, errlen) != 0) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* What pg_connect needs from the configuration. */
void
server_config_pg(const struct config *cfg, struct pg_settings *s)
{
	memset(s, 0, sizeof *s);
	s->conninfo = config_str(cfg, "database", "conninfo");
	s->statement_timeout_ms = config_int(cfg, "database", "statement_timeout");
	s->max_drift_ms = config_int(cfg, "limits", "max_drift_seconds") * 1000;
}

/* The folder of the shipped forms/ and codes/ (or db/codes/ in a source tree). */
static const char *
server_config_data_dir(const struct config *cfg)
{
	static char dir[4096];
	const char *forms, *slash;

	if (config_origin(cfg, "server", "data_dir") != NULL)
		return config_str(cfg, "server", "data_dir");
	/* paths_forms_dir() is TREE/forms when running from a source tree, else DATADIR/forms. */
	forms = paths_forms_dir();
	if ((slash = strrchr(forms, '/')) == NULL || slash == forms ||
	    (size_t)(slash - forms) >= sizeof dir)
		return config_str(cfg, "server", "data_dir");
	memcpy(dir, forms, (size_t)(slash - forms));
	dir[slash - forms] = '\0';
	return dir;
}

/* What the administration commands need from the configuration. */
void
server_config_admin(const struct config *cfg, struct admin_settings *s)
{
	memset(s, 0, sizeof *s);
	s->data_dir = server_config_data_dir(cfg);
	s->pwhash_ops = config_int(cfg, "security", "pwhash_ops");
	s->pwhash_memory_kib = config_int(cfg, "security", "pwhash_memory_kib");
	s->password_fd = 0;
}
