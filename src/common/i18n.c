/*
 * Setting up translation for both programs: see i18n.h.
 */
#include <locale.h>

#include "common/i18n.h"
#include "common/paths.h"

/* Take the locale from the environment and bind the "jobdesk" catalogue as UTF-8. */
void
i18n_init(void)
{
	setlocale(LC_ALL, "");
	bindtextdomain("jobdesk", paths_localedir());
	bind_textdomain_codeset("jobdesk", "UTF-8");
	textdomain("jobdesk");
}
