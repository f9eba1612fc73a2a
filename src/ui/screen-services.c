/*
 * The services given to one job seeker or employer (免费服务台账 of a
 * person): a timeline, newest first, of everything the office gave,
 * whether free and on what basis, with the categories the person had at
 * that moment. Opened from the record's More list (F8); read-only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/codes.h"
#include "store/service.h"
#include "store/store.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define SERVICES_TOP	5
#define SERVICES_ROWS	15	/* rows 5-19 */
#define SERVICES_MAX	2000

struct services_screen {
	struct record_arg	 of;
	struct service_list	 list;
	struct list		 view;
	struct ui		*ui;
};

void
ui_service_type_name(struct ui *ui, const char *type, char *out, size_t outlen)
{
	service_type_name(ui_store(ui), type, ui_chinese(ui), out, outlen);
}

void
ui_service_basis_name(struct ui *ui, const char *basis, char *out, size_t outlen)
{
	service_basis_name(ui_store(ui), basis, ui_chinese(ui), out, outlen);
}

/* Draws one service: when, what, free or not, the basis, who gave it, the vacancy. */
static void
services_screen_row(void *ctx, size_t i, int y, int width)
{
	struct services_screen *s = ctx;
	const struct service_row *r = &s->list.rows[i];
	char when[32], type[64], basis[64];

	(void)width;
	ui_stamp_local(r->at, 1, when, sizeof when);
	ui_service_type_name(s->ui, r->type, type, sizeof type);
	ui_service_basis_name(s->ui, r->basis, basis, sizeof basis);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 16, when);
	ui_put(y, 18, 21, type);
	ui_put(y, 40, 4, r->free_service ? _("yes") : _("no"));
	ui_put(y, 45, 13, basis);
	ui_put(y, 59, 10, r->clerk);
	ui_put(y, 70, 9, r->vacancy);
}

/* Creates the timeline of the record in arg (a struct record_arg, taken over). */
static void *
services_screen_init(struct ui *ui, void *arg)
{
	struct services_screen *s = xcalloc(1, sizeof *s);

	s->ui = ui;
	s->of = *(struct record_arg *)arg;
	free(arg);
	if (service_timeline(ui_store(ui), s->of.kind, s->of.id, SERVICES_MAX, &s->list) != 0)
		ui_error(ui, _("the services cannot be read: %s"), store_errmsg(ui_store(ui)));
	list_init(&s->view, s->list.n);
	return s;
}

static void
services_screen_free(void *p)
{
	struct services_screen *s = p;

	service_list_free(&s->list);
	free(s);
}

static void
services_screen_draw(void *p, struct ui *ui)
{
	struct services_screen *s = p;
	char line[300], cats[200] = "";
	const struct service_row *last = s->list.n > 0 ? &s->list.rows[0] : NULL;
	size_t i, nfree = 0;

	ui_set_title(ui, _("jobdesk - services given"));
	for (i = 0; i < s->list.n; i++)
		nfree += s->list.rows[i].free_service != 0;
	if (last != NULL) {
		snprintf(line, sizeof line, "%s  %s", last->who, last->who_key);
		attrset(A_BOLD);
		ui_put(1, 1, 78, line);
		attrset(A_NORMAL);
	}
	/* TRANSLATORS: the count of a timeline of services: all of them, and how many free. */
	snprintf(line, sizeof line, _("%zu services, %zu free"), s->list.n, nfree);
	ui_put(2, 1, 78, line);
	/* What the selected service was given on: the person as they were then. */
	if (s->list.n > 0) {
		const struct service_row *r = &s->list.rows[s->view.sel];

		if (s->of.kind == KIND_SEEKER) {
			char hard[64] = "";
			const char *c = r->category;

			while (*c != '\0') {
				char code[64], name[64];
				size_t len = strcspn(c, ",");

				snprintf(code, sizeof code, "%.*s", (int)len, c);
				if (codes_name(ui_store(ui), "person_category", code, ui_chinese(ui),
				    name, sizeof name) != 0)
					snprintf(name, sizeof name, "%s", code);
				snprintf(cats + strlen(cats), sizeof cats - strlen(cats), "%s%s",
				    *cats != '\0' ? (ui_chinese(ui) ? "、" : ", ") : "", name);
				c += len;
				if (*c == ',')
					c++;
			}
			if (*r->hardship != '\0' && codes_name(ui_store(ui), "hardship",
			    r->hardship, ui_chinese(ui), hard, sizeof hard) != 0)
				snprintf(hard, sizeof hard, "%s", r->hardship);
			/* TRANSLATORS: what a seeker was when given the selected service. */
			snprintf(line, sizeof line, _("Then: %s; hardship: %s"),
			    *cats != '\0' ? cats : "-", *hard != '\0' ? hard : "-");
		} else
			snprintf(line, sizeof line, _("Then: hires hardship persons: %s"),
			    r->hard_to_recruit ? _("yes") : _("no"));
		ui_put(3, 1, 78, line);
	}
	attrset(A_BOLD);
	ui_put(4, 1, 16, _("When"));
	ui_put(4, 18, 21, _("Service"));
	ui_put(4, 40, 4, _("Free"));
	ui_put(4, 45, 13, _("Basis"));
	ui_put(4, 59, 10, _("Clerk"));
	ui_put(4, 70, 9, _("Vacancy"));
	attrset(A_NORMAL);
	if (s->list.n == 0)
		ui_put(SERVICES_TOP, 1, 78, _("no service given yet"));
	else
		list_draw(&s->view, SERVICES_TOP, SERVICES_ROWS, COLS, services_screen_row, s);
	/* TRANSLATORS: legend of a timeline of services; under 80 cells. */
	ui_set_legend(ui, _("Up/Down move  PgUp/PgDn page  Esc Back"));
}

/* Only moving: services given are never changed. */
static enum ui_key_result
services_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct services_screen *s = p;

	(void)ui;
	return list_key(&s->view, SERVICES_ROWS, k);
}

const struct screen screen_services = {
	.name = "services",
	.init = services_screen_init,
	.free = services_screen_free,
	.draw = services_screen_draw,
	.key = services_screen_key,
	.help = N_(
	    "The services given to this person or employer, newest first: "
	    "registrations, information queries, referrals, guidance, policy "
	    "consultations, and for employers registrations, candidates sent and "
	    "recruitment talks. Free says whether the service was free; Basis, "
	    "on what the free service rests (hardship, a person category). The "
	    "line above the list shows what the person was when given the "
	    "selected service: the categories then, not today's."),
};
