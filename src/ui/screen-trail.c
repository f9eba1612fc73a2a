/*
 * A record's history, for supervisors, read-only: who wrote each field of
 * the form last, when and from which terminal, as the district says; then
 * what was done to the record at this terminal (its audit: views, saves,
 * renewals, transfers...), newest first. Tab moves between the two lists.
 * Also the supervisor's transfer of a record to another office, which the
 * seeker and employer screens offer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/formdef.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/store.h"
#include "store/trail.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define TRAIL_FIELDS_TOP	4
#define TRAIL_FIELDS_ROWS	9	/* rows 4-12 */
#define TRAIL_EVENTS_TOP	15
#define TRAIL_EVENTS_ROWS	6	/* rows 15-20 */
#define TRANSFER_OFFICES_MAX	64

struct trail_arg {
	enum kind_id	kind;
	char		id[IDENT_LEN + 1];
};

struct trail_screen {
	struct trail_arg	 of;
	struct record_trail	 trail;
	struct list		 fields;
	struct list		 events;
	int			 on_events;	/* Tab: which list the arrows move */
	struct ui		*ui;
};

/* What an audit action is called on screen. */
static const char *
trail_action_name(const char *action)
{
	static const struct {
		const char	*action;
		const char	*name;
	} names[] = {
		{ "create", N_("registered") },
		{ "update", N_("changed") },
		{ "view", N_("opened") },
		{ "history", N_("history seen") },
		{ "renew", N_("renewed") },
		{ "reregister", N_("registered again") },
		{ "withdraw", N_("withdrawn") },
		{ "close", N_("closed") },
		{ "merge", N_("merged") },
		{ "transfer", N_("moved to another office") },
		{ "export", N_("exported") },
		{ "services", N_("services seen") },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].action, action) == 0)
			return _(names[i].name);
	return action;
}

/* A terminal as its column shows it: "this terminal", or the end of its id. */
static void
trail_terminal(struct ui *ui, const char *terminal, char *out, size_t outlen)
{
	size_t n = strlen(terminal);

	if (n > 0 && strcmp(terminal, store_terminal(ui_store(ui))) == 0)
		snprintf(out, outlen, "%s", _("this terminal"));
	else
		snprintf(out, outlen, "%s", n > 12 ? terminal + n - 12 : terminal);
}

/* Draws one field: its label, who wrote it last, when, from where. */
static void
trail_field_row(void *ctx, size_t i, int y, int width)
{
	struct trail_screen *t = ctx;
	const struct trail_field *f = &t->trail.fields[i];
	const struct formdef *fd = ui_form(t->ui, t->of.kind);
	const struct formfield *ff = fd != NULL ? formdef_field(fd, f->field) : NULL;
	char where[40], when[32];

	(void)width;
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 20, ff != NULL ? formfield_label(ff) : f->field);
	if (*f->at == '\0') {
		ui_put(y, 22, 56, _("not yet at the district"));
		return;
	}
	trail_terminal(t->ui, f->terminal, where, sizeof where);
	ui_stamp_local(f->at, 1, when, sizeof when);
	ui_put(y, 22, 20, *f->author != '\0' ? f->author : "-");
	ui_put(y, 43, 17, when);
	ui_put(y, 61, 18, where);
}

/* Draws one thing done here: when, by whom, what. */
static void
trail_event_row(void *ctx, size_t i, int y, int width)
{
	struct trail_screen *t = ctx;
	const struct trail_event *e = &t->trail.events[i];
	char when[32];

	(void)width;
	ui_stamp_local(e->at, 1, when, sizeof when);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 20, when);
	ui_put(y, 22, 20, e->clerk);
	ui_put(y, 43, 36, trail_action_name(e->action));
}

/* Creates the history screen for the record in arg (a struct trail_arg, taken over). */
static void *
trail_screen_init(struct ui *ui, void *arg)
{
	struct trail_screen *t = xcalloc(1, sizeof *t);

	t->ui = ui;
	t->of = *(struct trail_arg *)arg;
	free(arg);
	if (store_record_trail(ui_store(ui), t->of.kind, t->of.id, &t->trail) != 1)
		ui_error(ui, _("the record's history cannot be read: %s"),
		    store_errmsg(ui_store(ui)));
	list_init(&t->fields, t->trail.nfields);
	list_init(&t->events, t->trail.nevents);
	return t;
}

static void
trail_screen_free(void *p)
{
	struct trail_screen *t = p;

	store_record_trail_free(&t->trail);
	free(t);
}

static void
trail_screen_draw(void *p, struct ui *ui)
{
	struct trail_screen *t = p;
	char line[160];

	ui_set_title(ui, _("jobdesk - record history"));
	/* Registering again starts a new registration; the first one's day stays in view. */
	if (strcmp(t->trail.first_registered_on, t->trail.registered_on) != 0) {
		snprintf(line, sizeof line, _("First registered on %s; registered again on %s"),
		    t->trail.first_registered_on, t->trail.registered_on);
		ui_put(1, 1, 78, line);
	} else if (*t->trail.registered_on != '\0') {
		snprintf(line, sizeof line, _("Registered on %s"), t->trail.registered_on);
		ui_put(1, 1, 78, line);
	}
	ui_put(2, 1, 78, _("Who wrote each field last, as the district says:"));
	attrset(A_BOLD);
	ui_put(3, 1, 20, _("Field"));
	ui_put(3, 22, 20, _("Written by"));
	ui_put(3, 43, 17, _("When"));
	ui_put(3, 61, 18, _("Terminal"));
	ui_put(14, 1, 20, _("At this terminal"));
	ui_put(14, 22, 20, _("Clerk"));
	ui_put(14, 43, 36, _("What"));
	attrset(A_NORMAL);
	list_draw(&t->fields, TRAIL_FIELDS_TOP, TRAIL_FIELDS_ROWS, COLS, trail_field_row, t);
	if (t->trail.nevents == 0)
		ui_put(TRAIL_EVENTS_TOP, 1, 78, _("nothing done to this record at this terminal"));
	else
		list_draw(&t->events, TRAIL_EVENTS_TOP, TRAIL_EVENTS_ROWS, COLS, trail_event_row,
		    t);
	/* TRANSLATORS: legend of the record history; under 80 cells. */
	ui_set_legend(ui, _("Up/Down move  Tab other list  PgUp/PgDn page  Esc Back"));
}

/* Only moving: the history cannot be changed. */
static enum ui_key_result
trail_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct trail_screen *t = p;

	(void)ui;
	if (ui_key_char(k, '\t')) {
		t->on_events = !t->on_events;
		return UI_KEY_USED;
	}
	return t->on_events ? list_key(&t->events, TRAIL_EVENTS_ROWS, k) :
	    list_key(&t->fields, TRAIL_FIELDS_ROWS, k);
}

const struct screen screen_trail = {
	.name = "trail",
	.init = trail_screen_init,
	.free = trail_screen_free,
	.draw = trail_screen_draw,
	.key = trail_screen_key,
};

/* Opens the history of a record (supervisors only). */
static void
ui_open_trail(struct ui *ui, enum kind_id kind, const char *id)
{
	struct trail_arg *a;

	if (!ui_clerk_is_supervisor(ui)) {
		ui_error(ui, _("only a supervisor sees a record's history"));
		return;
	}
	a = xcalloc(1, sizeof *a);
	a->kind = kind;
	snprintf(a->id, sizeof a->id, "%s", id);
	ui_push(ui, &screen_trail, a);
}

/*
 * Moves a record to another office: asks the office and the reason, then
 * yes or no. 0 when moved, -1 cancelled or refused (said on the message line).
 */
static int
ui_transfer(struct ui *ui, enum kind_id kind, const char *id, const char *office)
{
	struct code_hit offices[TRANSFER_OFFICES_MAX];
	char to[32], reason[32], name[128], q[300], err[400];
	size_t n = 0;

	if (!ui_clerk_is_supervisor(ui)) {
		ui_error(ui, _("only a supervisor moves a record to another office"));
		return -1;
	}
	if (store_transfer_offices(ui_store(ui), office, offices, TRANSFER_OFFICES_MAX, &n) != 0 ||
	    n == 0) {
		ui_error(ui, _("no other office of the district is known here; sync first"));
		return -1;
	}
	if (ui_pick_list(ui, _("Move the record to which office?"), offices, n, to,
	    sizeof to) != 0)
		return -1;
	if (ui_pick_code(ui, "transfer_reason", _("Reason for the move"), reason,
	    sizeof reason) != 0)
		return -1;
	if (office_name(ui_store(ui), to, name, sizeof name) != 0)
		snprintf(name, sizeof name, "%s", to);
	/* TRANSLATORS: the question before a transfer: the office's code and name. */
	snprintf(q, sizeof q, _("move this record to %s %s?"), to, name);
	if (!ui_confirm(ui, q))
		return -1;
	if (store_transfer(ui_store(ui), kind, id, to, reason, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return -1;
	}
	ui_info(ui, _("the record now belongs to %s %s"), to, name);
	return 0;
}

enum ui_key_result
ui_record_keys(struct ui *ui, const struct ui_key *k, enum kind_id kind, const char *id,
    const char *office, int modified, int *moved)
{
	*moved = 0;
	if (*id == '\0')
		return UI_KEY_UNUSED;
	if (ui_key_is(k, UI_KEY_MOVE_F, UI_KEY_MOVE_CTRL)) {
		if (modified)
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
		else
			*moved = ui_transfer(ui, kind, id, office) == 0;
		return UI_KEY_USED;
	}
	if (ui_key_is(k, UI_KEY_HISTORY_F, UI_KEY_HISTORY_CTRL)) {
		ui_open_trail(ui, kind, id);
		return UI_KEY_USED;
	}
	return UI_KEY_UNUSED;
}
