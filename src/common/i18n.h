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

/* Take the locale from the environment and the "jobdesk" catalogue, UTF-8, from paths_localedir(). */
void	i18n_init(void);

#endif
