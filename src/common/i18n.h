/*
 * Translation macros. Message ids are English; the zh_CN catalogue lives in
 * po/zh_CN.po. N_() marks strings in static tables, translated where used.
 * Both programs call i18n_init() as they start.
 */
#ifndef JOBDESK_I18N_H
#define JOBDESK_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/*
 * Take the locale from the environment and the "jobdesk" catalogue, UTF-8,
 * from paths_localedir(). 0, or -1 when the environment names a locale
 * this machine does not have (the program then runs in "C").
 */
int	i18n_init(void);
/*
 * The environment variable that names the locale's character set
 * (LC_ALL, LC_CTYPE or LANG, the first one set) and its value into
 * out, for a message; "" when none is set.
 */
const char *i18n_locale_source(const char **value);

#endif
