/* What every command shares: who it acts as. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "app/app.h"
#include "cli/cli.h"
#include "store/store.h"

/*
 * Commands act as "cli:" and the Unix user who ran them, for the given
 * office: the colon cannot occur in a clerk's login, so the audit trail
 * tells scripts from clerks.
 */
void
cli_set_actor(struct app *app, const char *office)
{
	struct passwd *pw = getpwuid(getuid());
	char actor[64];

	if (pw != NULL)
		snprintf(actor, sizeof actor, "cli:%s", pw->pw_name);
	else
		snprintf(actor, sizeof actor, "cli:%lu", (unsigned long)getuid());
	store_set_actor(app->store, actor, office);
}
