/*
 * The conflict journal, for supervisors, read-only: every value that lost
 * when two windows changed the same field of a record (newest first), with
 * the record, the field, the value that lost, the value kept, the terminal
 * whose value lost and when. The chosen entry is shown whole under the
 * list, since values are cut to their columns there. The values of a
 * personal field (a counsellor's notes) are in no list: the chosen entry
 * shows them when Enter asks for them, and that view is audited. The
 * server decides; a supervisor who finds the wrong value kept types it
 * again on the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/formdef.h"
#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/store.h"
#include "store/sync.h"
#include "ui/ui.h"
#include "ui/widget-form.h"
#include "ui/widget-list.h"

#define CONFLICTS_MAX	500
#define CONFLICTS_TOP	4
#define CONFLICTS_ROWS	12	/* rows 4-15; 17-20 show the chosen entry whole */

struct conflicts_screen {
	struct store_conflict	*rows;
	struct list		 list;
	size_t			 shown;	/* 1 + the entry whose personal values Enter showed, or 0 */
	unsigned long		 seen;	/* ui_sync_changes() when last loaded */
	struct ui		*ui;
};

/* The form a table's records are kept with, NULL for tables without one. */
static const struct formdef *
conflicts_screen_form(struct ui *ui, const char *tbl)
{
	const struct kind *k = kind_find(tbl);

	return k != NULL ? ui_form(ui, k->id) : NULL;
}

/* The field's label on its form, or its key when no form names it. */
static const char *
conflicts_screen_field(struct ui *ui, const struct store_conflict *c)
{
	const struct formdef *fd = conflicts_screen_form(ui, c->tbl);
	const struct formfield *f = fd != NULL ? formdef_field(fd, c->field) : NULL;

	return f != NULL ? formfield_label(f) : c->field;
}

/*
 * A value as the clerk knows it: as its form field shows it (a code with
 * its name, a yes or no in the clerk's words), "-" for an empty one, and
 * a personal one as such unless shown is set.
 */
static void
conflicts_screen_value(struct ui *ui, const struct store_conflict *c, const char *value,
    int shown, char *out, size_t outlen)
{
	const struct formdef *fd = conflicts_screen_form(ui, c->tbl);
	const struct formfield *f = fd != NULL ? formdef_field(fd, c->field) : NULL;

	if (*value == '\0')
		snprintf(out, outlen, "-");
	else if (c->personal && !shown)
		/* TRANSLATORS: a personal value (a note) in the conflict journal; at most 14 cells. */
		snprintf(out, outlen, "%s", _("(personal)"));
	else if (f != NULL)
		form_value_shown(ui, f, value, out, outlen);
	else
		snprintf(out, outlen, "%s", value);
}

/*
 * Whose value lost, short enough for its column: "this terminal", or the
 * end of the terminal's id (ids begin with a time, so their ends differ).
 */
static void
conflicts_screen_who(struct ui *ui, const char *lost_by, char *out, size_t outlen)
{
	size_t n = strlen(lost_by);

	if (*lost_by != '\0' && strcmp(lost_by, store_terminal(ui_store(ui))) == 0)
		snprintf(out, outlen, "%s", _("this terminal"));
	else
		snprintf(out, outlen, "%s", n > 8 ? lost_by + n - 8 : lost_by);
}

/* Reads the journal again, keeping the selection where it still fits. */
static void
conflicts_screen_load(struct conflicts_screen *c)
{
	size_t n = 0, sel = c->list.sel, top = c->list.top;

	if (store_conflicts(ui_store(c->ui), c->rows, CONFLICTS_MAX, &n) != 0)
		n = 0;
	list_init(&c->list, n);
	if (sel < n) {
		c->list.sel = sel;
		c->list.top = top;
	}
	c->shown = 0;
	c->seen = ui_sync_changes(c->ui);
}

/* Creates the journal screen; only supervisors reach it (the menu checks). */
static void *
conflicts_screen_init(struct ui *ui, void *arg)
{
	struct conflicts_screen *c = xcalloc(1, sizeof *c);

	(void)arg;
	c->ui = ui;
	c->rows = xcalloc(CONFLICTS_MAX, sizeof *c->rows);
	conflicts_screen_load(c);
	return c;
}

/* Frees the journal screen. */
static void
conflicts_screen_free(void *p)
{
	struct conflicts_screen *c = p;

	free(c->rows);
	free(c);
}

/* Draws one lost value: record, field, lost, kept, whose, when. */
static void
conflicts_screen_row(void *ctx, size_t i, int y, int width)
{
	struct conflicts_screen *c = ctx;
	const struct store_conflict *r = &c->rows[i];
	char lost[300], won[300], when[32], who[64];

	(void)width;
	conflicts_screen_who(c->ui, r->lost_by, who, sizeof who);
	conflicts_screen_value(c->ui, r, r->lost_value, 0, lost, sizeof lost);
	conflicts_screen_value(c->ui, r, r->won_value, 0, won, sizeof won);
	ui_stamp_local(r->at, 0, when, sizeof when);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 14, *r->label != '\0' ? r->label : r->id);
	ui_put(y, 16, 10, conflicts_screen_field(c->ui, r));
	ui_put(y, 27, 14, lost);
	ui_put(y, 42, 14, won);
	ui_put(y, 57, 10, who);
	ui_put(y, 68, 11, when);
}

/* Draws the journal and the chosen entry in full below it. */
static void
conflicts_screen_draw(void *p, struct ui *ui)
{
	struct conflicts_screen *c = p;
	char line[600], v[300], when[64];
	const struct store_conflict *r;
	int shown;

	if (c->seen != ui_sync_changes(ui))
		conflicts_screen_load(c);
	ui_set_title(ui, _("jobdesk - conflicts"));
	ui_put(2, 1, 78, _("Values that lost when two windows changed the same field; newest first."));
	attrset(A_BOLD);
	ui_put(3, 1, 14, _("Record"));
	ui_put(3, 16, 10, _("Field"));
	ui_put(3, 27, 14, _("Value lost"));
	ui_put(3, 42, 14, _("Value kept"));
	ui_put(3, 57, 10, _("Lost by"));
	ui_put(3, 68, 11, _("When"));
	attrset(A_NORMAL);
	/* TRANSLATORS: legend of the conflict journal; under 80 cells. */
	ui_set_legend(ui, _("Up/Down choose  PgUp/PgDn page  Enter Show a note  Esc Back"));
	if (c->list.n == 0) {
		ui_put(CONFLICTS_TOP, 1, 78, _("no conflicts: no value has lost"));
		return;
	}
	list_draw(&c->list, CONFLICTS_TOP, CONFLICTS_ROWS, COLS, conflicts_screen_row, c);
	r = &c->rows[c->list.sel];
	ui_stamp_local(r->at, 1, when, sizeof when);
	snprintf(line, sizeof line, _("%s, %s, changed at %s"), *r->label != '\0' ? r->label : r->id,
	    conflicts_screen_field(ui, r), when);
	ui_put(17, 1, 78, line);
	shown = c->shown == c->list.sel + 1;
	conflicts_screen_value(ui, r, r->lost_value, shown, v, sizeof v);
	if (*r->lost_by != '\0' && strcmp(r->lost_by, store_terminal(ui_store(ui))) == 0)
		snprintf(line, sizeof line, _("Lost: %s (this terminal)"), v);
	else
		snprintf(line, sizeof line, _("Lost: %s (terminal %s)"), v, r->lost_by);
	ui_put(18, 1, 78, line);
	conflicts_screen_value(ui, r, r->won_value, shown, v, sizeof v);
	snprintf(line, sizeof line, _("Kept: %s"), v);
	ui_put(19, 1, 78, line);
	snprintf(line, sizeof line, _("%zu of %zu"), c->list.sel + 1, c->list.n);
	ui_put(20, 1, 78, line);
}

/*
 * Handles a key on the journal: moving, and Enter showing the personal
 * values of the chosen entry (audited); it cannot be changed.
 */
static enum ui_key_result
conflicts_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct conflicts_screen *c = p;
	const struct store_conflict *r;
	size_t sel = c->list.sel;
	enum ui_key_result used;

	if (c->list.n > 0 && (ui_key_char(k, '\r') || ui_key_char(k, '\n') ||
	    (k->is_key && k->ch == KEY_ENTER))) {
		r = &c->rows[c->list.sel];
		if (!r->personal)
			ui_info(ui, "%s", _("this entry is shown whole under the list"));
		else if (store_conflict_view(ui_store(ui), r) != 0)
			ui_error(ui, _("cannot read the database: %s"), store_errmsg(ui_store(ui)));
		else
			c->shown = c->list.sel + 1;
		return UI_KEY_USED;
	}
	used = list_key(&c->list, CONFLICTS_ROWS, k);
	/* Another entry chosen: the personal values are hidden again. */
	if (c->list.sel != sel)
		c->shown = 0;
	return used;
}

/* Reads the journal again when the screen is back on top. */
static void
conflicts_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	conflicts_screen_load(p);
}

const struct screen screen_conflicts = {
	.name = "conflicts",
	.init = conflicts_screen_init,
	.free = conflicts_screen_free,
	.draw = conflicts_screen_draw,
	.key = conflicts_screen_key,
	.resume = conflicts_screen_resume,
	.help = N_(
	    "The conflict journal, for supervisors: values that lost in a sync "
	    "because another window changed the same field later, with both "
	    "values, who wrote them and when. Check with the person and correct "
	    "the record if the lost value was right. The values of a personal "
	    "field (a counsellor's notes) are not listed: Enter shows the chosen "
	    "entry's under the list, and that view is recorded in the audit, as "
	    "opening the record is.\nUp, Down and the page keys move. Esc goes "
	    "back."),
};
