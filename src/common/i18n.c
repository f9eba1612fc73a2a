/*
 * Setting up translation for both programs: see i18n.h.
 */
#include <locale.h>
#include <stdlib.h>

#include "common/i18n.h"
#include "common/paths.h"

/* Take the locale from the environment and bind the "jobdesk" catalogue as UTF-8. */
int
i18n_init(void)
{
	int rc = setlocale(LC_ALL, "") != NULL ? 0 : -1;

	bindtextdomain("jobdesk", paths_localedir());
	bind_textdomain_codeset("jobdesk", "UTF-8");
	textdomain("jobdesk");
	return rc;
}

/* The variable that decides the character set, as the C library reads them. */
const char *
i18n_locale_source(const char **value)
{
	static const char *const vars[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	size_t i;

	for (i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0') {
			*value = v;
			return vars[i];
		}
	}
	*value = "";
	return "";
}
