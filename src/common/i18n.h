/*
 * Translation macros. Message ids are English; the zh_CN catalogue lives in
 * po/zh_CN.po. N_() marks strings in static tables, translated where used.
 */
#ifndef JOBDESK_I18N_H
#define JOBDESK_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

#endif
