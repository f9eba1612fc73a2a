/*
 * One job seeker: the registration form (个人求职登记表). A new record
 * fills sex and birth date from the ID number; an ID number that is
 * already registered opens that record instead; a person with the same
 * name and birth date is pointed out while typing. An open record can be
 * renewed or withdrawn, and shows when its registration expires.
 *
 * F8 or Ctrl-X lists what else can be done on the record. A supervisor
 * can merge it into another one there (the same person registered twice,
 * e.g. once without an ID number): a search over the form picks the
 * record that stays, a question shows both, and the store leaves a
 * redirect behind. Opening a record that was
 * merged away shows the one it went into, and says so.
 *
 * On a scoped terminal an ID number registered at an office outside the
 * scope (the district's identity index) is one person: the clerk is told
 * where and in what state, and online may fetch the record to go on with
 * it; nothing is registered a second time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/xalloc.h"
#include "core/check.h"
#include "core/idnum.h"
#include "core/kind.h"
#include "store/codes.h"
#include "store/scope.h"
#include "store/seeker.h"
#include "store/service.h"
#include "store/store.h"
#include "sync/sync.h"
#include "ui/screen-seeker.h"
#include "ui/ui.h"
#include "ui/widget-form.h"
#include "ui/widget-seekerpick.h"

struct seeker_screen {
	struct form	*form;
	char		 id[IDENT_LEN + 1];	/* empty until saved */
	struct fields	 record;		/* the whole record as last loaded */
	char		 similar_shown[IDENT_LEN + 1];
	struct seekerpick *merge;	/* open while a supervisor picks */
	char		 referrals[300];	/* the line on its referrals */
	char		 guidance[160];		/* the line on its guidance sessions */
	char		*saved;			/* the opener's: see struct seeker_arg */
	int		 idnum_carried;		/* a whole ID number from the search */
	/* What had been written here and pulled when the record was read. */
	long		 seq_seen;
	unsigned long	 sync_seen;
};

/* Whether the registration is closed: placed or withdrawn (core/kind.c). */
static int
seeker_screen_closed(const struct seeker_screen *s)
{
	const struct kind_status *st = kind_status(kind_get(KIND_SEEKER),
	    fields_str(&s->record, "status"));

	return st != NULL && st->closed;
}

static enum ui_key_result seeker_screen_key(void *, struct ui *, const struct ui_key *);

/* Shows s->record (as the store gave it, "id" naming it) in a fresh form, locked if closed. */
static void
seeker_screen_show(struct seeker_screen *s, struct ui *ui)
{
	snprintf(s->id, sizeof s->id, "%s", fields_str(&s->record, "id"));
	form_free(s->form);
	s->form = form_new(ui, ui_form(ui, KIND_SEEKER), &s->record);
	form_set_dup(s->form, ui_dup(ui, KIND_SEEKER));
	form_set_fixed(s->form, "id_number", 1);
	form_set_locked(s->form, seeker_screen_closed(s));
	ui_referral_summary(ui, KIND_SEEKER, s->id, s->referrals, sizeof s->referrals);
	ui_guidance_summary(ui, s->id, s->guidance, sizeof s->guidance);
	s->seq_seen = store_outbox_last_seq(ui_store(ui));
	s->sync_seen = ui_sync_changes(ui);
}

/* Opens the seeker with this id (an audited view) and shows it; an error if unreadable. */
static void
seeker_screen_load(struct seeker_screen *s, struct ui *ui, const char *id_in)
{
	char id[IDENT_LEN + 1];

	/* id_in may be the screen's own id field: copy it before anything is written. */
	snprintf(id, sizeof id, "%s", id_in);
	fields_free(&s->record);
	if (seeker_open(ui_store(ui), id, &s->record) != 1) {
		ui_error(ui, _("the record cannot be read"));
		return;
	}
	/* The store follows a merge's redirect and says where it led in "id". */
	if (strcmp(fields_str(&s->record, "id"), id) != 0)
		ui_warn(ui, _("that record was merged into this one (%s)"),
		    fields_str(&s->record, "name"));
	seeker_screen_show(s, ui);
}

/* Creates the seeker screen: a record by id, or a new one with the ID number or name given. */
static void *
seeker_screen_init(struct ui *ui, void *arg)
{
	struct seeker_screen *s = xcalloc(1, sizeof *s);
	const struct seeker_arg *a = arg;

	fields_init(&s->record);
	s->saved = a != NULL ? a->saved : NULL;
	if (a != NULL && a->id[0] != '\0') {
		seeker_screen_load(s, ui, a->id);
		if (s->form != NULL)
			return s;
	}
	s->form = form_new(ui, ui_form(ui, KIND_SEEKER), NULL);
	form_set_dup(s->form, ui_dup(ui, KIND_SEEKER));
	if (a != NULL) {
		form_set(s->form, "id_number", a->idnum);
		form_set(s->form, "name", a->name);
		s->idnum_carried = strlen(a->idnum) == IDNUM_LEN;
	}
	return s;
}

/*
 * A whole ID number carried from the search is left as if typed here,
 * through the form's own way out of a field: checked (a wrong one keeps
 * the cursor, saying why), sex and birth date derived, a registered one
 * opened, one registered elsewhere in the district offered for fetching
 * (a question, drawn over this screen), and the cursor on to the next
 * field to fill.
 */
static void
seeker_screen_start(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;
	const struct ui_key tab = { .ch = '\t', .is_key = 0 };

	if (s->idnum_carried)
		seeker_screen_key(s, ui, &tab);
}

/* Frees the seeker screen. */
static void
seeker_screen_free(void *p)
{
	struct seeker_screen *s = p;

	seekerpick_free(s->merge);
	form_free(s->form);
	fields_free(&s->record);
	free(s);
}

/* Draws the seeker form and, once registered, its registration line and legend. */
static void
seeker_screen_draw(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;
	char line[400];

	ui_set_title(ui, s->id[0] != '\0' ? _("jobdesk - job seeker") :
	    _("jobdesk - register a job seeker"));
	attrset(A_BOLD);
	ui_put(1, 1, 60, formdef_name(ui_form(ui, KIND_SEEKER)));
	attrset(A_NORMAL);
	form_draw(s->form, ui);
	if (s->id[0] != '\0') {
		const char *status = kind_effective_status(kind_get(KIND_SEEKER),
		    fields_str(&s->record, "status"), fields_str(&s->record, "valid_until"),
		    store_today());
		char reason[120] = "";

		if (*fields_str(&s->record, "withdraw_reason") != '\0')
			codes_name(ui_store(ui), "withdraw_reason",
			    fields_str(&s->record, "withdraw_reason"), ui_chinese(ui), reason,
			    sizeof reason);
		snprintf(line, sizeof line, _("Registration: %s%s%s | registered %s | valid until %s"),
		    ui_status_name(status), *reason != '\0' ? " - " : "", reason,
		    fields_str(&s->record, "registered_on"), fields_str(&s->record, "valid_until"));
		if (strcmp(status, "expired") == 0)
			attrset(A_BOLD);
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 1, 1, 78, line);
		attrset(A_NORMAL);
		/* The referrals' line, and the sessions' at the right when there are any. */
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 2, 1, s->guidance[0] != '\0' ? 46 : 78,
		    s->referrals);
		ui_put(UI_BODY_TOP + FORM_LAST_ROW + 2, 48, 30, s->guidance);
		/* TRANSLATORS: legend of a placed or withdrawn seeker; under 80 cells. */
		const char *closed = _("F1 Help  F5/^T Register again  F8/^X More  Esc Back");
		/* TRANSLATORS: legend of an open seeker record; under 80 cells (F1 lists F1 Help). */
		const char *open = _("F2/^S Save F3/^R Dup F5/^T Renew F6/^W Withdraw F7/^V Match F8/^X More");
		/* TRANSLATORS: legend of a placed or withdrawn seeker for a supervisor; under 80 cells. */
		const char *closed_sup = _("F5/^T Register again  F8/^X More  F11/^G Move  F12/^O History  Esc Back");
		/*
		 * TRANSLATORS: legend of an open seeker record for a supervisor;
		 * at most 80 cells (F1 Help, the form's keys, F5 Renew and Esc
		 * still work, F1 lists them; they are left out for room).
		 */
		const char *open_sup = _("F2/^S Save F6/^W Withdraw F7/^V Match F8/^X More F11/^G Move F12/^O History");
		int sup = ui_clerk_is_supervisor(ui);

		if (!form_modal(s->form))
			ui_set_legend(ui, seeker_screen_closed(s) ? (sup ? closed_sup : closed) :
			    (sup ? open_sup : open));
	}
	if (s->merge != NULL)
		seekerpick_draw(s->merge, ui);
}

/* Sex and birth date follow from a valid ID number. */
static void
seeker_screen_fill_from_idnum(struct seeker_screen *s, const char *number)
{
	struct idnum idn;
	char birth[11];

	if (idnum_parse(number, store_today(), &idn, NULL, 0) != 0)
		return;
	form_set(s->form, "sex", idn.sex == 1 ? "1" : "2");
	date_format(idn.year * 10000 + idn.month * 100 + idn.day, birth);
	form_set(s->form, "birth_date", birth);
}

/* Warns once about another registered seeker with the same name and birth date. */
static void
seeker_screen_check_similar(struct seeker_screen *s, struct ui *ui)
{
	struct seeker_hit hits[3];
	char name[128], birth[16], masked[24];
	size_t n = 0;

	snprintf(name, sizeof name, "%s", form_value(s->form, "name"));
	snprintf(birth, sizeof birth, "%s", form_value(s->form, "birth_date"));
	if (*name == '\0' || *birth == '\0')
		return;
	seeker_similar(ui_store(ui), name, birth, s->id, hits, 3, &n);
	if (n == 0 || strcmp(s->similar_shown, hits[0].id) == 0)
		return;
	snprintf(s->similar_shown, sizeof s->similar_shown, "%s", hits[0].id);
	idnum_mask(hits[0].id_number, masked, sizeof masked);
	ui_warn(ui, _("a person with the same name and birth date is registered: %s %s (%s); "
	    "check it is not the same person"), hits[0].name, masked, hits[0].birth_date);
}

/*
 * A person registered outside this terminal's scope (the district's
 * identity index): one person, never registered a second time here.
 * Online, the clerk may fetch the person's record from the district
 * (which audits it) and goes on with it; offline, the clerk is told where
 * the person is registered. The ID number is masked: the message stays in
 * the message log after the form has gone.
 */
static void
seeker_screen_elsewhere(struct seeker_screen *s, struct ui *ui, const char *number,
    const struct scope_elsewhere *w)
{
	char masked[24], where[200], question[400], err[400], id[IDENT_LEN + 1];
	struct sync_status st;
	const char *problem;
	int rc;

	idnum_mask(number, masked, sizeof masked);
	snprintf(where, sizeof where, "%s%s%s", w->office, *w->office_name != '\0' ? " " : "",
	    w->office_name);
	if (ui_sync_status(ui, &st, &problem) != UI_SYNC_ON || !st.online) {
		/* TRANSLATORS: the masked ID number, the office (code and name), the status. */
		ui_warn(ui, _("ID number %s is registered at %s, status %s: not registered "
		    "again; online, fetch the record"), masked, where,
		    ui_status_name(w->status));
		return;
	}
	/* TRANSLATORS: the masked ID number, the office (code and name), the status. */
	snprintf(question, sizeof question, _("ID number %s is registered at %s, status %s. "
	    "Fetch the record from the district?"), masked, where, ui_status_name(w->status));
	if (!ui_confirm(ui, question)) {
		ui_warn(ui, _("ID number %s is registered at %s: not registered again here"),
		    masked, where);
		return;
	}
	if ((rc = ui_fetch_seeker(ui, w->id, id, err, sizeof err)) < 0) {
		ui_error(ui, _("cannot fetch the record: %s"), err);
		return;
	}
	if (rc == 0) {
		ui_error(ui, _("the district no longer has a record of ID number %s"), masked);
		return;
	}
	seeker_screen_load(s, ui, id);
	if (s->id[0] != '\0')
		/* TRANSLATORS: the person's name, the office (code and name). */
		ui_info(ui, _("the record of %s, registered at %s, fetched from the district: "
		    "it stays on this terminal today"), fields_str(&s->record, "name"), where);
}

/* After the ID number field: open an existing record, or derive sex and birth. */
static void
seeker_screen_after_idnum(struct seeker_screen *s, struct ui *ui)
{
	char number[32], other[IDENT_LEN + 1], masked[24];
	struct scope_elsewhere w;

	snprintf(number, sizeof number, "%s", form_value(s->form, "id_number"));
	if (*number == '\0')
		return;
	if (seeker_find_idnum(ui_store(ui), number, other) == 1 &&
	    strcmp(other, s->id) != 0) {
		/* Masked: the message stays in the message log after the form has gone. */
		idnum_mask(number, masked, sizeof masked);
		if (s->id[0] != '\0') {
			ui_error(ui, _("ID number %s belongs to another registered seeker"), masked);
			return;
		}
		seeker_screen_load(s, ui, other);
		ui_warn(ui, _("ID number %s is already registered: this is the existing record"),
		    masked);
		return;
	}
	if (s->id[0] == '\0' && store_scope_elsewhere(ui_store(ui), number, &w) == 1) {
		seeker_screen_elsewhere(s, ui, number, &w);
		if (s->id[0] != '\0')
			return;
	}
	seeker_screen_fill_from_idnum(s, number);
	seeker_screen_check_similar(s, ui);
}

/* Checks the form and registers or saves the seeker, then shows the record as stored. */
static void
seeker_screen_save(struct seeker_screen *s, struct ui *ui)
{
	struct fields v = FIELDS_INIT, saved = FIELDS_INIT;
	char id[IDENT_LEN + 1], err[400];
	int rc;

	if (form_check(s->form, ui, &v) != 0)
		goto out;
	rc = s->id[0] != '\0' ?
	    seeker_save(ui_store(ui), s->id, &v, &saved, id, err, sizeof err) :
	    seeker_register(ui_store(ui), &v, &saved, id, err, sizeof err);
	if (rc < 0) {
		ui_error(ui, "%s", err);
		goto out;
	}
	if (rc == 2) {
		/* Registered meanwhile (another window): show that record, typed values not saved. */
		seeker_screen_load(s, ui, id);
		ui_warn(ui, _("%s: this is the registered record; nothing was saved"), err);
		goto out;
	}
	if (rc == 3) {
		/* Registered at an office outside this terminal's scope: one person. */
		struct scope_elsewhere w;

		if (store_scope_elsewhere(ui_store(ui), fields_str(&v, "id_number"), &w) == 1)
			seeker_screen_elsewhere(s, ui, fields_str(&v, "id_number"), &w);
		else
			ui_error(ui, _("the person is registered elsewhere in the district: nothing "
			    "was saved"));
		goto out;
	}
	fields_copy(ui_dup(ui, KIND_SEEKER), &v);
	ui_info(ui, rc == 1 ? _("nothing changed") : _("saved: %s"), fields_str(&v, "name"));
	if (s->saved != NULL) {
		/* Done with this person: back to the search, ready for the next. */
		snprintf(s->saved, IDENT_LEN + 1, "%s", id);
		ui_pop(ui);	/* frees s: only locals below */
		goto out;
	}
	/* The store handed back what it stored: shown without a second (audited) read. */
	fields_free(&s->record);
	s->record = saved;
	fields_init(&saved);
	seeker_screen_show(s, ui);
out:
	fields_free(&v);
	fields_free(&saved);
}

/* Asks for a reason and a confirmation, and withdraws the seeker's registration. */
static void
seeker_screen_withdraw(struct seeker_screen *s, struct ui *ui)
{
	char reason[32], err[400], what[200];

	snprintf(what, sizeof what, _("the registration of %s"), fields_str(&s->record, "name"));
	/* The reason a hire gives (推荐就业) is not one to pick by hand. */
	if (ui_withdraw_ask(ui, "withdraw_reason", KIND_SEEKER_PLACED_REFERRAL,
	    _("Reason for withdrawing the registration"), what, reason, sizeof reason) != 0)
		return;
	if (seeker_withdraw(ui_store(ui), s->id, reason, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return;
	}
	seeker_screen_load(s, ui, s->id);
	ui_info(ui, _("the registration is withdrawn"));
}

static enum seekerpick_next seeker_screen_merge_confirm(void *, struct ui *,
    const struct seeker_hit *);

/* Opens the merge search: supervisors only, on a saved record without unsaved changes. */
static void
seeker_screen_merge_open(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;
	char title[400];
	const struct seekerpick_def def = {
		.title = title,
		.none = _("no other record found"),
		.first = _("find the record that stays first: type its ID number, "
		    "name or phone"),
		/* TRANSLATORS: legend of the merge search on the seeker screen; under 80 cells. */
		.legend = _("type to search  Up/Down choose  Enter merge into it  Esc cancel"),
		.phone = 1,
		.leave_out = s->id,	/* not into itself */
		.enter = seeker_screen_merge_confirm,
		.ctx = s,
	};

	if (!ui_clerk_is_supervisor(ui)) {
		ui_error(ui, _("only a supervisor or administrator can merge records"));
		return;
	}
	if (form_modified(s->form)) {
		ui_error(ui, _("save or undo the changes first (F2 saves)"));
		return;
	}
	snprintf(title, sizeof title, _("Merge %s into the record that stays: find it"),
	    fields_str(&s->record, "name"));
	s->merge = seekerpick_new(&def);
}

/* Opens a screen on this person's record (a struct record_arg). */
static void
seeker_screen_open(struct seeker_screen *s, struct ui *ui, const struct screen *scr)
{
	struct record_arg *a = xcalloc(1, sizeof *a);

	a->kind = KIND_SEEKER;
	snprintf(a->id, sizeof a->id, "%s", s->id);
	ui_push(ui, scr, a);
}

/* Opens the timeline of the services given to the person. */
static void
seeker_screen_services(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;

	seeker_screen_open(s, ui, &screen_services);
}

/* Records a policy consultation (政策咨询) given now; once a day, a second press says so. */
static void
seeker_screen_policy(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;
	char err[400];

	switch (service_give(ui_store(ui), "policy", s->id, err, sizeof err)) {
	case 0:
		ui_info(ui, _("policy consultation recorded for %s"), fields_str(&s->record, "name"));
		break;
	case 1:
		ui_warn(ui, _("a policy consultation of %s is recorded today already"),
		    fields_str(&s->record, "name"));
		break;
	default:
		ui_error(ui, "%s", err);
	}
}

/* Lists the person's career guidance sessions (职业指导), where a new one is started. */
static void
seeker_screen_guidance(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;

	seeker_screen_open(s, ui, &screen_guidances);
}

/* Opens the person's interest inventory (a counsellor's, screen-inventory.c). */
static void
seeker_screen_inventory(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;

	ui_open_inventory(ui, s->id, fields_str(&s->record, "name"));
}

/*
 * Opens the person's hardship case file (一人一档); refused with the
 * reason for a person who is not in hardship status.
 */
static void
seeker_screen_casefile(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;

	ui_open_casefile(ui, s->id, fields_str(&s->record, "name"));
}

/*
 * What else can be done on a saved record, which F8 (Ctrl-X) lists: the
 * person's services, guidance, inventory and case file and, for a
 * supervisor, the merge (last). One table, so the legend keeps one key
 * however many there are.
 */
static const struct ui_action seeker_actions[] = {
	{ N_("Services given to this person"), 0, seeker_screen_services },
	{ N_("Record a policy consultation (given now)"), 0, seeker_screen_policy },
	{ N_("Career guidance sessions"), 0, seeker_screen_guidance },
	/* TRANSLATORS: the interest inventory (RIASEC) in the seeker's "More" list. */
	{ N_("Interest inventory"), 0, seeker_screen_inventory },
	/* TRANSLATORS: the hardship case file (一人一档) in the seeker's "More" list. */
	{ N_("Hardship case file and plan"), 0, seeker_screen_casefile },
	{ N_("Merge into the record that stays"), 1,
	    seeker_screen_merge_open },
};

/*
 * Asks, showing both records, and merges this record into the chosen one;
 * the screen then shows the record that stays.
 */
static enum seekerpick_next
seeker_screen_merge_confirm(void *ctx, struct ui *ui, const struct seeker_hit *h)
{
	struct seeker_screen *s = ctx;
	char q[400], mine[24], theirs[24], survivor[IDENT_LEN + 1], loser[128], err[400];
	const char *idnum = fields_str(&s->record, "id_number");

	idnum_mask(idnum, mine, sizeof mine);
	idnum_mask(h->id_number, theirs, sizeof theirs);
	/* TRANSLATORS: the question before a merge: this record's name and ID number, then the one that stays. */
	snprintf(q, sizeof q, _("merge %s %s into %s %s?"), fields_str(&s->record, "name"),
	    *idnum != '\0' ? mine : fields_str(&s->record, "birth_date"), h->name,
	    *h->id_number != '\0' ? theirs : h->birth_date);
	if (!ui_confirm(ui, q))
		return SEEKERPICK_STAY;
	snprintf(survivor, sizeof survivor, "%s", h->id);
	snprintf(loser, sizeof loser, "%s", fields_str(&s->record, "name"));
	if (seeker_merge(ui_store(ui), s->id, survivor, err, sizeof err) != 0) {
		ui_error(ui, "%s", err);
		return SEEKERPICK_STAY;
	}
	seeker_screen_load(s, ui, survivor);
	ui_info(ui, _("%s is merged into this record; the old record points here"), loser);
	return SEEKERPICK_CLOSE;
}

/* Handles a key on the seeker screen: save, renew, withdraw, leave, or the form. */
static enum ui_key_result
seeker_screen_key(void *p, struct ui *ui, const struct ui_key *k)
{
	struct seeker_screen *s = p;
	const char *left = NULL;
	enum ui_key_result r;
	int was_closed, moved, rc;
	char err[400];

	if (s->merge != NULL)
		return seekerpick_key(&s->merge, ui, k);
	/* The picker or the help over the form takes every key. */
	if (form_modal(s->form))
		return form_key(s->form, ui, k, &left);
	if (s->id[0] != '\0' && ui_key_is(k, 8, 'X')) {
		/* TRANSLATORS: the title of the list of what else can be done on a job seeker. */
		ui_choose_action(ui, _("More on this job seeker"), seeker_actions,
		    sizeof seeker_actions / sizeof seeker_actions[0], s);
		return UI_KEY_USED;
	}
	if (ui_key_is(k, 2, 'S')) {
		seeker_screen_save(s, ui);
		return UI_KEY_USED;
	}
	if (ui_record_keys(ui, k, KIND_SEEKER, s->id, fields_str(&s->record, "office"),
	    form_modified(s->form), &moved) == UI_KEY_USED) {
		if (moved)
			seeker_screen_load(s, ui, s->id);
		return UI_KEY_USED;
	}
	if (s->id[0] != '\0' && ui_key_is(k, 5, 'T')) {
		if (form_modified(s->form)) {
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
			return UI_KEY_USED;
		}
		was_closed = seeker_screen_closed(s);
		if ((rc = seeker_renew(ui_store(ui), s->id, err, sizeof err)) < 0)
			ui_error(ui, "%s", err);
		else if (rc > 0)
			ui_info(ui, _("nothing to renew: the registration is valid until %s already"),
			    fields_str(&s->record, "valid_until"));
		else {
			seeker_screen_load(s, ui, s->id);
			ui_info(ui, was_closed ? _("registered again, valid until %s") :
			    _("the registration is renewed until %s"),
			    fields_str(&s->record, "valid_until"));
		}
		return UI_KEY_USED;
	}
	if (s->id[0] != '\0' && ui_key_is(k, UI_KEY_MATCH_F, UI_KEY_MATCH_CTRL)) {
		ui_open_match(ui, KIND_SEEKER, s->id, form_modified(s->form));
		return UI_KEY_USED;
	}
	if (s->id[0] != '\0' && ui_key_is(k, 6, 'W')) {
		if (form_modified(s->form)) {
			ui_error(ui, _("save or undo the changes first (F2 saves)"));
			return UI_KEY_USED;
		}
		seeker_screen_withdraw(s, ui);
		return UI_KEY_USED;
	}
	if (ui_key_char(k, UI_KEY_ESC) && !form_modal(s->form) && form_modified(s->form) &&
	    !ui_confirm(ui, _("Leave without saving the changes?")))
		return UI_KEY_USED;
	r = form_key(s->form, ui, k, &left);
	if (left != NULL && strcmp(left, "id_number") == 0)
		seeker_screen_after_idnum(s, ui);
	else if (left != NULL && strcmp(left, "name") == 0)
		seeker_screen_check_similar(s, ui);
	return r;
}

/*
 * Back from another screen (a match list, a referral): a hire or a sync
 * may have changed the registration; read it again when anything was
 * written here or pulled meanwhile, not otherwise (every read of the
 * record is an audited view).
 */
static void
seeker_screen_resume(void *p, struct ui *ui)
{
	struct seeker_screen *s = p;

	if (s->id[0] == '\0' || s->form == NULL || form_modified(s->form))
		return;
	if (store_outbox_last_seq(ui_store(ui)) != s->seq_seen ||
	    ui_sync_changes(ui) != s->sync_seen)
		seeker_screen_load(s, ui, s->id);
}

const struct screen screen_seeker = {
	.name = "seeker",
	.init = seeker_screen_init,
	.free = seeker_screen_free,
	.draw = seeker_screen_draw,
	.key = seeker_screen_key,
	.resume = seeker_screen_resume,
	.start = seeker_screen_start,
};
