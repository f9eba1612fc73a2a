/*
 * Sync, for everyone: how this terminal stands with the district server
 * (enrolled or not, online, the last complete sync, changes waiting, the
 * last problem, the bytes the last round carried, what it holds: the whole
 * district, or an office and those under it) and the changes the
 * server refused, each with the record
 * as a clerk knows it and the server's reason. Enter opens the record to
 * put it right; Ctrl-D or Delete dismisses a refusal once it is dealt
 * with. The list reloads whenever the sync status changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/fields.h"
#include "common/i18n.h"
#include "common/units.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "store/employer.h"
#include "store/scope.h"
#include "store/vacancy.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/sync.h"
#include "ui/screen-employer.h"
#include "ui/screen-seeker.h"
#include "ui/ui.h"
#include "ui/widget-list.h"

#define SYNC_REJ_MAX	200
#define SYNC_LIST_TOP	11
#define SYNC_LIST_ROWS	9	/* rows 11-19; row 20 shows the chosen reason whole */

struct sync_screen {
	struct store_rejection	 rows[SYNC_REJ_MAX];
	struct list		 list;
	struct store_sync_info	 info;
	struct scope_view	 scope;
	unsigned long		 seen;	/* ui_sync_changes() when last loaded */
	struct ui		*ui;
};

/* The kind of record a table holds, in the clerk's language. */
static const char *
sync_screen_kind(const char *tbl)
{
	const struct kind *k = kind_find(tbl);

	return k != NULL && k->label != NULL ? _(k->label) : tbl;
}

/* Reads the enrollment and the refusals again, keeping the chosen one chosen. */
static void
sync_screen_load(struct sync_screen *s)
{
	struct store *st = ui_store(s->ui);
	int64_t keep = s->list.n > 0 ? s->rows[s->list.sel].seq : -1;
	size_t n = 0, i, top = s->list.top;

	memset(&s->info, 0, sizeof s->info);
	store_sync_info(st, &s->info);
	/* The screen never shows the token: do not keep it. */
	memset(s->info.token, 0, sizeof s->info.token);
	if (store_scope_view(st, &s->scope) != 0)
		memset(&s->scope, 0, sizeof s->scope);
	if (store_rejections(st, s->rows, SYNC_REJ_MAX, &n) != 0)
		n = 0;
	list_init(&s->list, n);
	for (i = 0; i < n && keep >= 0; i++)
		if (s->rows[i].seq == keep) {
			s->list.sel = i;
			s->list.top = top;	/* list_draw brings the row into view */
			break;
		}
	s->seen = ui_sync_changes(s->ui);
}

/* Creates the sync screen and reads what it shows. */
static void *
sync_screen_init(struct ui *ui, void *arg)
{
	struct sync_screen *s = xcalloc(1, sizeof *s);

	(void)arg;
	s->ui = ui;
	sync_screen_load(s);
	return s;
}

/* Frees the sync screen. */
static void
sync_screen_free(void *p)
{
	free(p);
}

/* Draws one refusal: kind, record, reason, when. */
static void
sync_screen_row(void *ctx, size_t i, int y, int width)
{
	struct sync_screen *s = ctx;
	const struct store_rejection *r = &s->rows[i];
	char when[32];

	(void)width;
	ui_stamp_local(r->at, 0, when, sizeof when);
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 1, 10, sync_screen_kind(r->tbl));
	ui_put(y, 12, 18, *r->label != '\0' ? r->label : r->id);
	ui_put(y, 31, 36, r->reason);
	ui_put(y, 68, 11, when);
}

/* Writes "Label: value" on row y, the label in a column of 20 cells. */
static void
sync_screen_line(int y, const char *label, const char *value)
{
	ui_put(y, 1, 20, label);
	ui_put(y, 22, 57, value);
}

/* Describes what the engine is doing in a few words. */
static void
sync_screen_state_text(struct ui *ui, char *out, size_t outlen)
{
	struct sync_status st;
	const char *problem;

	switch (ui_sync_status(ui, &st, &problem)) {
	case UI_SYNC_OFF:
		snprintf(out, outlen, "%s", _("not enrolled with a district server"));
		return;
	case UI_SYNC_BROKEN:
		snprintf(out, outlen, _("sync cannot start: %s"), problem);
		return;
	case UI_SYNC_ON:
		break;
	}
	switch (st.state) {
	case SYNC_PUSHING:
		snprintf(out, outlen, "%s", _("online, sending changes"));
		break;
	case SYNC_PULLING:
		if (st.remaining >= 0)
			snprintf(out, outlen, _("online, receiving changes (%ld of about %ld)"),
			    st.pulled, st.pulled + st.remaining);
		else
			snprintf(out, outlen, _("online, receiving changes (%ld)"), st.pulled);
		break;
	case SYNC_BACKOFF:
		snprintf(out, outlen, "%s", st.online ? _("online, trying again soon") :
		    _("offline, trying again soon"));
		break;
	case SYNC_IDLE:
	case SYNC_NOT_ENROLLED:
	default:
		snprintf(out, outlen, "%s", st.online ? _("online") : _("offline"));
		break;
	}
}

/*
 * Describes what the round under way (or the last one) carried over the
 * network, compressed as it went and as it would have been without.
 */
static void
sync_screen_bytes_text(const struct sync_status *st, char *out, size_t outlen)
{
	char wire[32], plain[32];
	int active = st->state == SYNC_PUSHING || st->state == SYNC_PULLING ||
	    st->state == SYNC_BACKOFF;

	if (st->sent + st->received == 0) {
		snprintf(out, outlen, "%s", _("nothing sent or received yet"));
		return;
	}
	units_bytes(st->sent + st->received, wire, sizeof wire);
	units_bytes(st->sent_plain + st->received_plain, plain, sizeof plain);
	if (active)
		/* TRANSLATORS: sync screen: bytes so far, then the same uncompressed ("1.20 MiB"). */
		snprintf(out, outlen, _("%s in this round so far (%s uncompressed)"), wire, plain);
	else
		/* TRANSLATORS: sync screen: bytes of the last round, then the same uncompressed. */
		snprintf(out, outlen, _("%s in the last round (%s uncompressed)"), wire, plain);
}

/*
 * Says what this terminal holds: the whole district, or an office and the
 * offices under it, by name (its code when this terminal lacks the name).
 */
static void
sync_screen_scope_text(const struct scope_view *v, char *out, size_t outlen)
{
	const char *name = v->office_name[0] != '\0' ? v->office_name : v->office;

	if (v->whole && v->office[0] == '\0')
		snprintf(out, outlen, "%s", _("the whole district"));
	else if (v->whole)
		/* TRANSLATORS: sync screen: the district office's name. */
		snprintf(out, outlen, _("the whole district: %s"), name);
	else if (v->under == 0)
		/* TRANSLATORS: sync screen: a scoped terminal's office, without offices under it. */
		snprintf(out, outlen, _("%s only"), name);
	else
		/* TRANSLATORS: sync screen: a scoped terminal's office and how many are under it. */
		snprintf(out, outlen, ngettext("%s and the %ld office under it", "%s and the %ld "
		    "offices under it", (unsigned long)v->under), name, v->under);
}

/* Draws the sync state, the refusals and the chosen one's reason in full. */
static void
sync_screen_draw(void *p, struct ui *ui)
{
	struct sync_screen *s = p;
	struct sync_status st;
	const char *problem;
	char line[400], when[64];

	if (s->seen != ui_sync_changes(ui))
		sync_screen_load(s);
	ui_set_title(ui, _("jobdesk - sync"));
	sync_screen_line(2, _("District server:"),
	    *s->info.url != '\0' ? s->info.url : _("none (not enrolled)"));
	sync_screen_state_text(ui, line, sizeof line);
	sync_screen_line(3, _("State:"), line);
	if (*s->info.last_ok != '\0')
		ui_stamp_local(s->info.last_ok, 1, when, sizeof when);
	else
		snprintf(when, sizeof when, "%s", _("never"));
	sync_screen_line(4, _("Last complete sync:"), when);
	/* TRANSLATORS: sync screen: changes not yet sent, changes the server refused. */
	snprintf(line, sizeof line, _("%ld waiting to be sent, %zu refused"), s->info.waiting,
	    s->list.n);
	sync_screen_line(5, _("Changes:"), line);
	ui_sync_status(ui, &st, &problem);
	sync_screen_line(6, _("Last problem:"), *st.error != '\0' ? st.error :
	    *s->info.last_error != '\0' ? s->info.last_error : _("none"));
	sync_screen_bytes_text(&st, line, sizeof line);
	sync_screen_line(7, _("Network use:"), line);
	sync_screen_scope_text(&s->scope, line, sizeof line);
	sync_screen_line(8, _("Records held:"), line);
	attrset(A_BOLD);
	ui_put(SYNC_LIST_TOP - 2, 1, 78, _("Changes the server refused"));
	ui_put(SYNC_LIST_TOP - 1, 1, 10, _("Kind"));
	ui_put(SYNC_LIST_TOP - 1, 12, 18, _("Record"));
	ui_put(SYNC_LIST_TOP - 1, 31, 36, _("Reason"));
	ui_put(SYNC_LIST_TOP - 1, 68, 11, _("When"));
	attrset(A_NORMAL);
	if (s->list.n == 0)
		ui_put(SYNC_LIST_TOP, 1, 78, _("none: the server took every change it was sent"));
	list_draw(&s->list, SYNC_LIST_TOP, SYNC_LIST_ROWS, COLS, sync_screen_row, s);
	if (s->list.n > 0) {
		snprintf(line, sizeof line, _("Reason: %s"), s->rows[s->list.sel].reason);
		ui_put(SYNC_LIST_TOP + SYNC_LIST_ROWS, 1, 78, line);
		/* TRANSLATORS: legend of the sync screen; under 80 cells. */
		ui_set_legend(ui, _("Up/Down choose  Enter Open  ^D Dismiss  F9/^Y Sync now  Esc Back"));
	} else
		/* TRANSLATORS: legend of the sync screen with nothing refused; under 80 cells. */
		ui_set_legend(ui, _("F9/^Y Sync now  Esc Back"));
}

/* Opens the seeker of a refused change. */
static void
sync_screen_open_seeker(struct ui *ui, const char *id)
{
	struct seeker_arg arg;

	memset(&arg, 0, sizeof arg);
	snprintf(arg.id, sizeof arg.id, "%s", id);
	ui_push(ui, &screen_seeker, &arg);
}

/* Opens the employer of a refused change. */
static void
sync_screen_open_employer(struct ui *ui, const char *id)
{
	struct employer_arg arg;

	memset(&arg, 0, sizeof arg);
	snprintf(arg.id, sizeof arg.id, "%s", id);
	ui_push(ui, &screen_employer, &arg);
}

/* Opens the vacancy of a refused change, which its screen needs the employer of. */
static void
sync_screen_open_vacancy(struct ui *ui, const char *id)
{
	struct vacancy_arg arg;
	struct fields v = FIELDS_INIT;

	if (vacancy_open(ui_store(ui), id, &v) != 1) {
		ui_error(ui, _("the record cannot be read"));
		fields_free(&v);
		return;
	}
	memset(&arg, 0, sizeof arg);
	snprintf(arg.id, sizeof arg.id, "%s", id);
	snprintf(arg.employer_id, sizeof arg.employer_id, "%s", fields_str(&v, "employer_id"));
	fields_free(&v);
	ui_push(ui, &screen_vacancy, &arg);
}

/* Opens a record of one kind on the screen where it can be put right. */
typedef void (*sync_screen_opener)(struct ui *, const char *id);

/* By enum kind_id: the kinds a clerk can put right here; NULL for the others. */
static const sync_screen_opener sync_screen_openers[KIND_COUNT] = {
	[KIND_SEEKER] = sync_screen_open_seeker,
	[KIND_EMPLOYER] = sync_screen_open_employer,
	[KIND_VACANCY] = sync_screen_open_vacancy,
};

/* Opens the refused change's record on its own screen, where it can be put right. */
static void
sync_screen_open(struct sync_screen *s, struct ui *ui, const struct store_rejection *r)
{
	const struct kind *k = kind_find(r->tbl);

	(void)s;
	if (k != NULL && sync_screen_openers[k->id] != NULL)
		sync_screen_openers[k->id](ui, r->id);
	else
		/* TRANSLATORS: %s is the kind of record, e.g. "service". */
		ui_error(ui, _("%s: such a record cannot be opened here; dismiss the refusal once noted"),
		    sync_screen_kind(r->tbl));
}

/* Handles a key on the sync screen: open, dismiss, or move in the list. */
static enum ui_key_result
sync_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct sync_screen *s = p;
	const struct store_rejection *r = s->list.n > 0 ? &s->rows[s->list.sel] : NULL;
	char label[sizeof r->label];

	if (r == NULL)
		return UI_KEY_UNUSED;
	if (ui_key_char(k, '\r') || ui_key_char(k, '\n') || (k->is_key && k->ch == KEY_ENTER)) {
		sync_screen_open(s, ui, r);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 0, 'D') || (k->is_key && k->ch == KEY_DC)) {
		snprintf(label, sizeof label, "%s", *r->label != '\0' ? r->label : r->id);
		if (store_rejection_dismiss(ui_store(ui), r->seq) != 0) {
			ui_error(ui, _("the refusal cannot be dismissed: %s"),
			    store_errmsg(ui_store(ui)));
			return UI_KEY_USED;
		}
		ui_status_changed(ui);
		sync_screen_load(s);
		ui_info(ui, _("refusal dismissed: %s"), label);
		return UI_KEY_USED;
	}
	return list_key(&s->list, SYNC_LIST_ROWS, k);
}

/* Reads everything again when the screen is back on top (a record was put right). */
static void
sync_screen_resume(void *p, struct ui *ui)
{
	(void)ui;
	sync_screen_load(p);
}

const struct screen screen_sync = {
	.name = "sync",
	.init = sync_screen_init,
	.free = sync_screen_free,
	.draw = sync_screen_draw,
	.key = sync_screen_key,
	.resume = sync_screen_resume,
	.help = N_(
	    "Sync with the district server: what waits to be sent, when the "
	    "last round was, and the changes the district refused, with the "
	    "reason.\nF9 or Ctrl-Y starts a round now. Up and Down choose a "
	    "refusal, Enter opens its record to correct it, Ctrl-D dismisses it "
	    "once it is dealt with. Esc goes back."),
};
