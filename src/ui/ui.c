/*
 * The event loop and the frame around every screen. One loop draws the
 * whole frame, waits for a key or the network (or a timeout for the idle
 * lock and the status line), moves sync on, offers the key to the top
 * screen and then to the global keys. Layout is computed from LINES and
 * COLS on every draw, so a resize is just a redraw.
 *
 * Sync lives in the same loop: when the terminal is enrolled, the wait
 * for a key is sync_wait (stdin and the sockets in one poll) and every
 * wake calls sync_work, which never blocks on the network. A key is read
 * as soon as it arrives, whatever the transfers are doing.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/fields.h"
#include "common/i18n.h"
#include "common/log.h"
#include "common/msglog.h"
#include "common/wtext.h"
#include "common/xalloc.h"
#include "core/kind.h"
#include "print/print.h"
#include "store/account.h"
#include "store/codes.h"
#include "store/store.h"
#include "store/sync.h"
#include "sync/sync.h"
#include "ui/ui.h"

#define UI_STACK_MAX	16

struct ui_frame {
	const struct screen	*scr;
	void			*data;
};

struct ui {
	struct ui_options opt;		/* what the caller handed ui_main */
	struct ui_frame	 stack[UI_STACK_MAX];
	int		 depth;
	int		 quit;
	char		 title[160];
	char		 legend[320];
	char		 msg[512];
	enum ui_msg_level msg_level;
	struct msglog	*msglog;		/* every message shown, for Ctrl-Z */
	char		 clerk_login[64], clerk_name[96], clerk_role[16], office[32];
	char		 office_name[96];
	time_t		 last_key;
	long		 idle_lock_seconds;
	long		 outbox_pending;
	time_t		 status_at, info_at;
	long long	 sst_at;		/* ms when the engine's status was read */
	/* Sync: the engine (NULL when not enrolled) and what the status line shows. */
	struct sync	*sync;
	int		 enrolled;		/* the store holds a token */
	char		 sync_problem[256];	/* why the engine could not start */
	struct sync_status sst;			/* the engine's status as last seen */
	long		 rejected;		/* refusals not yet dismissed */
	char		 last_ok[32];
	int		 first_sync_done;
	unsigned long	 sync_changes;		/* bumped whenever any of that changes */
	char		 status[400];		/* the status line's text, not yet fitted */
	int		 color;
	int		 cursor_y, cursor_x;
	struct fields	 dup[KIND_COUNT];
};

static int ui_curses_on;

/* Leaves curses mode, if on, giving the terminal back. */
static void
ui_restore_terminal(void)
{
	if (ui_curses_on) {
		/*
		 * A terminal without an alternate screen (a vt100) would keep
		 * the last screen, personal data and all, on a public counter.
		 */
		clear();
		refresh();
		endwin();
		ui_curses_on = 0;
	}
}

/* The open database. */
struct store *
ui_store(struct ui *ui)
{
	return ui->opt.store;
}

/* Matching's configuration. */
const struct match_config *
ui_match_config(struct ui *ui)
{
	return ui->opt.match;
}

/* The retirement rule of a job seeker's ID number. */
const struct retire_rule *
ui_retire_rule(struct ui *ui)
{
	return ui->opt.retire;
}

/* Where letters print. */
const struct print_target *
ui_print_target(struct ui *ui)
{
	return ui->opt.print;
}

int
ui_print(struct ui *ui, const char *text, size_t len, char *err, size_t errlen)
{
	struct print_target t = *ui->opt.print;

	if (t.kind == PRINT_TERMINAL) {
		/* The screen first, whole, so that the media copy does not cut into it. */
		refresh();
		t.tty_fd = STDOUT_FILENO;
	}
	if (print_text(&t, text, len, err, errlen) != 0)
		return -1;
	if (t.kind == PRINT_TERMINAL)
		clearok(curscr, TRUE);	/* the terminal's printer echoed nothing we know of */
	return 0;
}

/* The letter template's path. */
const char *
ui_letter_path(struct ui *ui)
{
	return ui->opt.letter_path;
}

const char *
ui_inventory_path(struct ui *ui)
{
	return ui->opt.inventory_path;
}

/* The form of a kind, or NULL. */
const struct formdef *
ui_form(struct ui *ui, enum kind_id kind)
{
	return (size_t)kind < KIND_COUNT ? ui->opt.forms[kind] : NULL;
}

/* Whether the clerk reads Chinese. */
int
ui_chinese(const struct ui *ui)
{
	return ui->opt.chinese;
}

/* Does the key match the F-key or its Ctrl fallback? */
int
ui_key_is(const struct ui_key *k, int fkey, int ctrl)
{
	if (k->is_key)
		return fkey != 0 && k->ch == (wint_t)KEY_F(fkey);
	return ctrl != 0 && k->ch == (wint_t)KEY_CTRL(ctrl);
}

/* Is the key this plain character? */
int
ui_key_char(const struct ui_key *k, wint_t c)
{
	return !k->is_key && k->ch == c;
}

/* Push a screen. */
void
ui_push(struct ui *ui, const struct screen *scr, void *arg)
{
	if (ui->depth == UI_STACK_MAX)
		fatalx("screen stack full pushing %s", scr->name);
	ui->stack[ui->depth].scr = scr;
	ui->stack[ui->depth].data = NULL;
	ui->depth++;
	ui->stack[ui->depth - 1].data = scr->init(ui, arg);
	if (scr->start != NULL && ui->stack[ui->depth - 1].data != NULL)
		scr->start(ui->stack[ui->depth - 1].data, ui);
}

/* Pop the top screen and tell the one below. */
void
ui_pop(struct ui *ui)
{
	struct ui_frame *f;

	if (ui->depth == 0)
		return;
	f = &ui->stack[--ui->depth];
	f->scr->free(f->data);
	f->data = NULL;
	if (ui->depth == 0)
		ui->quit = 1;
	else if (!f->scr->overlay && ui->stack[ui->depth - 1].scr->resume != NULL)
		ui->stack[ui->depth - 1].scr->resume(ui->stack[ui->depth - 1].data, ui);
}

/* Replace the top screen. */
void
ui_replace(struct ui *ui, const struct screen *scr, void *arg)
{
	struct ui_frame *f = &ui->stack[ui->depth - 1];

	f->scr->free(f->data);
	f->scr = scr;
	f->data = NULL;
	f->data = scr->init(ui, arg);
}

/* Close every screen and open scr. */
void
ui_reset(struct ui *ui, const struct screen *scr)
{
	while (ui->depth > 0) {
		struct ui_frame *f = &ui->stack[--ui->depth];

		f->scr->free(f->data);
	}
	ui_push(ui, scr, NULL);
}

/* Leave after this key. */
void
ui_quit(struct ui *ui)
{
	ui->quit = 1;
}

/* Set the title. */
void
ui_set_title(struct ui *ui, const char *title)
{
	snprintf(ui->title, sizeof ui->title, "%s", title);
}

/* Set the key legend. */
void
ui_set_legend(struct ui *ui, const char *legend)
{
	snprintf(ui->legend, sizeof ui->legend, "%s", legend);
}

/*
 * Sets the message line's text and level and keeps the message in the
 * log, beeping for an error.
 */
static void
ui_vmsg(struct ui *ui, enum ui_msg_level level, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	ui->msg_level = level;
	msglog_add(ui->msglog, time(NULL), (int)level, ui->msg);
	if (level == UI_MSG_ERROR)
		beep();
}

/* The word before a message of a kind on the message line and in the log. */
const char *
ui_msg_mark(enum ui_msg_level level)
{
	switch (level) {
	case UI_MSG_ERROR:
		return _("Error: ");
	case UI_MSG_WARN:
		return _("Note: ");
	default:
		return "";
	}
}

/* The session's messages. */
const struct msglog *
ui_msglog(struct ui *ui)
{
	return ui->msglog;
}

/* Show an informative message. */
void
ui_info(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmsg(ui, UI_MSG_INFO, fmt, ap);
	va_end(ap);
}

/* Show a warning. */
void
ui_warn(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmsg(ui, UI_MSG_WARN, fmt, ap);
	va_end(ap);
}

/* Show an error and beep. */
void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ui_vmsg(ui, UI_MSG_ERROR, fmt, ap);
	va_end(ap);
}

/* Set the logged-in clerk. */
void
ui_set_clerk(struct ui *ui, const char *login, const char *name, const char *role,
    const char *office)
{
	size_t i;

	/*
	 * Nothing one clerk typed is offered to the next, nor shown in the
	 * message log (messages name people).
	 */
	if (strcmp(ui->clerk_login, login) != 0) {
		for (i = 0; i < KIND_COUNT; i++)
			fields_free(&ui->dup[i]);
		msglog_clear(ui->msglog);
	}
	snprintf(ui->clerk_login, sizeof ui->clerk_login, "%s", login);
	snprintf(ui->clerk_name, sizeof ui->clerk_name, "%s", name);
	snprintf(ui->clerk_role, sizeof ui->clerk_role, "%s", role);
	snprintf(ui->office, sizeof ui->office, "%s", office);
	if (office_name(ui->opt.store, office, ui->office_name, sizeof ui->office_name) != 0)
		snprintf(ui->office_name, sizeof ui->office_name, "%s", office);
	store_set_actor(ui->opt.store, login, office);
}

/* The Dup source of a form. */
struct fields *
ui_dup(struct ui *ui, enum kind_id kind)
{
	if ((size_t)kind >= KIND_COUNT)
		fatalx("no kind %d", (int)kind);
	return &ui->dup[kind];
}

/* The clerk's login. */
const char *
ui_clerk_login(const struct ui *ui)
{
	return ui->clerk_login;
}

/* The clerk's role. */
const char *
ui_clerk_role(const struct ui *ui)
{
	return ui->clerk_role;
}

/* Supervisors and administrators manage accounts. */
int
ui_clerk_is_supervisor(const struct ui *ui)
{
	return strcmp(ui->clerk_role, "supervisor") == 0 ||
	    strcmp(ui->clerk_role, "administrator") == 0;
}

enum { UI_PAIR_BAR = 1, UI_PAIR_ERROR, UI_PAIR_INPUT };
static int ui_have_color;

/* Title, status and legend bars: reverse video, coloured when allowed. */
int
ui_attr_bar(void)
{
	return (int)(A_REVERSE | (ui_have_color ? COLOR_PAIR(UI_PAIR_BAR) : 0));
}

/* An input field: underlined, which even a vt100 shows. */
int
ui_attr_input(void)
{
	return (int)A_UNDERLINE;
}

/* The field being edited: reverse video. */
int
ui_attr_focus(void)
{
	return (int)A_REVERSE;
}

/* Errors: bold (and red when colour is on), always also marked with text. */
int
ui_attr_error(void)
{
	return (int)(A_BOLD | (ui_have_color ? COLOR_PAIR(UI_PAIR_ERROR) : 0));
}

/* A status word of a registration, a vacancy or an employer in the clerk's language. */
const char *
ui_status_name(const char *status)
{
	const char *label = kind_status_label(status);

	return label != NULL ? _(label) : status;
}

/* Write text fitted into exactly `cells` cells. */
void
ui_put(int y, int x, int cells, const char *s)
{
	char buf[1024];

	if (cells <= 0)
		return;
	wtext_fit(s, cells, 1, '>', buf, sizeof buf);
	mvaddstr(y, x, buf);
}

/* Draws a full-width bar on row y with text at the left and at the right. */
static void
ui_draw_bar(int y, const char *left, const char *right)
{
	int rw = wtext_width(right);

	attrset(ui_attr_bar());
	mvhline(y, 0, ' ', COLS);
	ui_put(y, 0, COLS - rw - 1 > 0 ? COLS - rw - 1 : 0, left);
	if (rw < COLS)
		ui_put(y, COLS - rw, rw, right);
	attrset(A_NORMAL);
}

/* Writes n with a comma every three digits ("650,000"). */
static void
ui_thousands(long n, char *out, size_t outlen)
{
	char digits[32];
	size_t len, i, o = 0;

	snprintf(digits, sizeof digits, "%ld", n < 0 ? -n : n);
	len = strlen(digits);
	if (n < 0 && o + 1 < outlen)
		out[o++] = '-';
	for (i = 0; i < len && o + 2 < outlen; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	if (outlen > 0)
		out[o < outlen ? o : outlen - 1] = '\0';
}

/* A UTC stamp "YYYY-MM-DDTHH:MM:SSZ" in local time; 0, or -1 when it cannot be read. */
static int
ui_stamp_tm(const char *stamp, struct tm *out)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t == (time_t)-1 || localtime_r(&t, out) == NULL)
		return -1;
	return 0;
}

/* A stored UTC stamp in local time, with or without the year; the stamp as it is if unreadable. */
void
ui_stamp_local(const char *stamp, int with_year, char *out, size_t outlen)
{
	struct tm tm;
	size_t n;

	if (ui_stamp_tm(stamp, &tm) != 0)
		n = 0;
	else if (with_year)
		n = strftime(out, outlen, "%Y-%m-%d %H:%M", &tm);
	else
		n = strftime(out, outlen, "%m-%d %H:%M", &tm);
	if (n == 0)
		snprintf(out, outlen, "%s", stamp);
}

/*
 * The local time of a stamp as "HH:MM" when it is today, else as "MM-DD"
 * (a field laptop may not have synced for days, and a bare time would say
 * it had); "" when the stamp cannot be read.
 */
static void
ui_stamp_short(const char *stamp, char *out, size_t outlen)
{
	struct tm tm, now_tm;
	time_t now = time(NULL);

	*out = '\0';
	if (ui_stamp_tm(stamp, &tm) != 0 || localtime_r(&now, &now_tm) == NULL)
		return;
	if (tm.tm_year == now_tm.tm_year && tm.tm_yday == now_tm.tm_yday)
		strftime(out, outlen, "%H:%M", &tm);
	else
		strftime(out, outlen, "%m-%d", &tm);
}

/* Whether two engine statuses would show the same. */
static int
ui_sync_same(const struct sync_status *a, const struct sync_status *b)
{
	return a->state == b->state && a->online == b->online && a->waiting == b->waiting &&
	    a->rejected == b->rejected && a->pushed == b->pushed &&
	    a->pulled == b->pulled && a->remaining == b->remaining &&
	    a->sent == b->sent && a->received == b->received &&
	    strcmp(a->last_ok, b->last_ok) == 0 && strcmp(a->error, b->error) == 0;
}

/*
 * Starts the sync engine if the store holds an enrollment and none runs
 * yet, with the sync options ui_main was given. A refusal
 * (a bad option) is kept for the status line and tried only once.
 */
static void
ui_sync_setup(struct ui *ui, const struct store_sync_info *info)
{
	ui->enrolled = info->token[0] != '\0';
	if (!ui->enrolled || ui->sync != NULL || ui->sync_problem[0] != '\0')
		return;
	ui->sync = sync_new(ui->opt.store, ui->opt.sync, ui->sync_problem,
	    sizeof ui->sync_problem);
	if (ui->sync == NULL) {
		if (ui->sync_problem[0] == '\0')
			snprintf(ui->sync_problem, sizeof ui->sync_problem, "%s",
			    _("the sync engine refused its options"));
		log_msg(LOG_WARN, "sync cannot start: %s", ui->sync_problem);
	}
}

/* Builds the status line's text (before fitting) from what the frame last read. */
static void
ui_status_text(struct ui *ui, char *out, size_t outlen)
{
	const struct sync_status *st = &ui->sst;
	char piece[300], n1[32], n2[32], when[16];
	struct buf b;

	buf_init(&b);
	if (!ui->enrolled)
		buf_adds(&b, _("not connected to a district server"));
	else if (ui->sync == NULL) {
		snprintf(piece, sizeof piece, _("sync cannot start: %s"), ui->sync_problem);
		buf_adds(&b, piece);
	} else {
		buf_adds(&b, st->online ? _("online") : _("offline"));
		/* A first full sync (or a long catch-up) shows how far it is. */
		if (st->state == SYNC_PULLING && (!ui->first_sync_done || st->remaining >= 1000)) {
			ui_thousands(st->pulled, n1, sizeof n1);
			if (st->remaining >= 0) {
				ui_thousands(st->pulled + st->remaining, n2, sizeof n2);
				/* TRANSLATORS: status line while the first full sync runs: records pulled / about how many. */
				snprintf(piece, sizeof piece, _("pulling %s / ~%s"), n1, n2);
			} else
				snprintf(piece, sizeof piece, _("pulling %s"), n1);
			buf_adds(&b, " | ");
			buf_adds(&b, piece);
		} else {
			ui_stamp_short(ui->last_ok, when, sizeof when);
			if (*when != '\0')
				/* TRANSLATORS: status line: time (HH:MM) or day (MM-DD) of the last good sync. */
				snprintf(piece, sizeof piece, _("synced %s"), when);
			else
				snprintf(piece, sizeof piece, "%s", _("never synced"));
			buf_adds(&b, " | ");
			buf_adds(&b, piece);
		}
	}
	buf_adds(&b, " | ");
	/* TRANSLATORS: status line: local changes not yet sent to the server. */
	snprintf(piece, sizeof piece, _("%ld waiting"), ui->outbox_pending);
	buf_adds(&b, piece);
	if (ui->rejected > 0) {
		buf_adds(&b, " | ");
		/* TRANSLATORS: status line: changes the server refused, shown on the Sync screen. */
		snprintf(piece, sizeof piece, _("%ld refused"), ui->rejected);
		buf_adds(&b, piece);
	}
	/* The problem comes last: the line cuts it, never the counts. */
	if (ui->sync != NULL && st->error[0] != '\0') {
		buf_adds(&b, " | ");
		buf_adds(&b, st->error);
	}
	snprintf(out, outlen, "%s", buf_str(&b));
	buf_free(&b);
}

/* Milliseconds of a monotonic clock. */
static long long
ui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * How much ui_refresh_status reads: on a wake of the loop only what is
 * due (the engine's status, which reads several settings and counts, ten
 * times a second at most, since a transfer wakes the loop often; the
 * store's counts every five seconds); after a key only the changes
 * waiting (the key may have saved something; a keystroke stays cheap);
 * when a screen says so, everything.
 */
enum ui_refresh { UI_REFRESH_WAKE, UI_REFRESH_KEY, UI_REFRESH_ALL };

/*
 * Reads what the status line shows and starts the sync engine once the
 * store holds an enrollment. Non-zero when the line's text changed.
 */
static int
ui_refresh_status(struct ui *ui, enum ui_refresh what)
{
	struct store_sync_info info;
	struct sync_status st;
	time_t now = time(NULL);
	long long ms = ui_now_ms();
	char text[sizeof ui->status];
	int changed = 0, state_changed = 0;

	if (ui->sync != NULL && (what == UI_REFRESH_ALL ||
	    (what == UI_REFRESH_WAKE && ms - ui->sst_at >= 100))) {
		memset(&st, 0, sizeof st);
		sync_status(ui->sync, &st);
		ui->sst_at = ms;
		if (!ui_sync_same(&st, &ui->sst)) {
			state_changed = st.state != ui->sst.state;
			ui->sst = st;
			changed = 1;
		}
		/* The engine reads the counts from the store itself. */
		ui->outbox_pending = st.waiting;
		ui->rejected = st.rejected;
		if (st.last_ok[0] != '\0')
			snprintf(ui->last_ok, sizeof ui->last_ok, "%s", st.last_ok);
		ui->status_at = now;
	} else if (what != UI_REFRESH_WAKE || now - ui->status_at >= 5) {
		ui->outbox_pending = store_outbox_pending(ui->opt.store);
		ui->status_at = now;
	}
	/* Enrollment (maybe made meanwhile by `jobdesk enroll`) and the first full sync. */
	if (what == UI_REFRESH_ALL || state_changed || now - ui->info_at >= 5) {
		memset(&info, 0, sizeof info);
		if (store_sync_info(ui->opt.store, &info) == 0) {
			if (info.first_sync_done != ui->first_sync_done)
				changed = 1;
			ui->first_sync_done = info.first_sync_done;
			if (ui->sync == NULL) {
				if (info.rejected != ui->rejected)
					changed = 1;
				ui->rejected = info.rejected;
				snprintf(ui->last_ok, sizeof ui->last_ok, "%s", info.last_ok);
			}
			ui_sync_setup(ui, &info);
		}
		explicit_bzero(info.token, sizeof info.token);
		ui->info_at = now;
	}
	if (changed)
		ui->sync_changes++;
	ui_status_text(ui, text, sizeof text);
	if (strcmp(text, ui->status) == 0)
		return 0;
	snprintf(ui->status, sizeof ui->status, "%s", text);
	return 1;
}

/* What the sync engine is doing; see ui.h. */
enum ui_sync
ui_sync_status(struct ui *ui, struct sync_status *st, const char **problem)
{
	*problem = ui->sync_problem;
	memset(st, 0, sizeof *st);
	if (!ui->enrolled)
		return UI_SYNC_OFF;
	if (ui->sync == NULL)
		return UI_SYNC_BROKEN;
	*st = ui->sst;
	return UI_SYNC_ON;
}

/* A number that changes whenever the sync status does. */
unsigned long
ui_sync_changes(const struct ui *ui)
{
	return ui->sync_changes;
}

/* A screen changed what the status line counts (e.g. dismissed a refusal): read it again. */
void
ui_status_changed(struct ui *ui)
{
	ui->sync_changes++;
	ui_refresh_status(ui, UI_REFRESH_ALL);
}

/*
 * One person's whole record from the district, on the clerk's word (a
 * person registered outside this terminal's scope): one exchange, the
 * screen saying so while it lasts. 1 with the record's id, 0 when the
 * district has no such person, -1 with err.
 */
int
ui_fetch_seeker(struct ui *ui, const char *seeker_id, char *out_id, char *err,
    size_t errlen)
{
	int rc;

	if (!ui->enrolled || ui->opt.sync == NULL) {
		snprintf(err, errlen, _("this terminal is not enrolled with a district server: "
		    "nothing to fetch from"));
		return -1;
	}
	ui_info(ui, "%s", _("fetching the record from the district server..."));
	ui_redraw(ui);
	rc = sync_fetch(ui->opt.store, ui->opt.sync, seeker_id, out_id, err, errlen);
	ui->sync_changes++;
	return rc;
}

/* The clerk's "sync now": start a round, or say why there is none. */
void
ui_sync_now(struct ui *ui)
{
	if (!ui->enrolled) {
		ui_error(ui, _("this terminal is not enrolled with a district server: nothing to sync"));
		return;
	}
	if (ui->sync == NULL) {
		ui_error(ui, _("sync cannot start: %s"), ui->sync_problem);
		return;
	}
	if (ui->sst.state == SYNC_PUSHING || ui->sst.state == SYNC_PULLING) {
		ui_info(ui, "%s", _("a sync round is already running"));
		return;
	}
	sync_start(ui->sync);
	sync_work(ui->sync);
	ui_refresh_status(ui, UI_REFRESH_ALL);
	ui_info(ui, "%s", _("syncing with the district server"));
}

/*
 * The message line. A message wider than the screen takes the row above
 * as well (the body's last row, until the next key) rather than being cut
 * off, broken at a space when there is one in the second half of the
 * first row, or else where the first row is full when only that lets the
 * rest fit (the end of a question, its "(y/n)", must show); what does not
 * fit in two rows is marked as cut.
 */
static void
ui_draw_message(const char *line)
{
	char first[600];
	size_t len;

	if (wtext_width(line) <= COLS) {
		ui_put(UI_MSG_ROW, 0, COLS, line);
		return;
	}
	len = wtext_wrap(line, COLS, first, sizeof first);
	if (wtext_width(line + len) > COLS) {
		char whole[600];
		size_t full;

		wtext_fit(line, COLS, 0, 0, whole, sizeof whole);
		full = strlen(whole);
		if (wtext_width(line + full) <= COLS) {
			memcpy(first, whole, full + 1);
			len = full;
		}
	}
	ui_put(UI_MSG_ROW - 1, 0, COLS, first);
	ui_put(UI_MSG_ROW, 0, COLS, line + len);
}

/* Draws the title bar, message line, status bar and legend around the screen. */
static void
ui_draw_frame(struct ui *ui)
{
	char right[320], office[200];
	int room;

	/*
	 * The screen's name stays whole: a long office name gives way (cut,
	 * marked), then, on a very narrow room, the clerk's name.
	 */
	room = COLS - wtext_width(ui->title) - 2 - wtext_width(ui->clerk_name) - 1;
	if (wtext_width(ui->office_name) > room && room > 0)
		wtext_fit(ui->office_name, room, 0, '>', office, sizeof office);
	else
		snprintf(office, sizeof office, "%s", room > 0 ? ui->office_name : "");
	snprintf(right, sizeof right, "%s%s%s", office, *office != '\0' ? " " : "",
	    ui->clerk_name);
	ui_draw_bar(0, ui->title, right);
	move(UI_MSG_ROW, 0);
	clrtoeol();
	if (ui->msg_level != UI_MSG_NONE) {
		char line[600];

		if (ui->msg_level == UI_MSG_ERROR)
			attrset(ui_attr_error());
		snprintf(line, sizeof line, "%s%s", ui_msg_mark(ui->msg_level), ui->msg);
		ui_draw_message(line);
		attrset(A_NORMAL);
	}
	ui_draw_bar(UI_STATUS_ROW, ui->status, ui->clerk_login);
	move(UI_LEGEND_ROW, 0);
	clrtoeol();
	ui_put(UI_LEGEND_ROW, 0, COLS - 1, ui->legend);
}

/* Place the terminal's cursor here after drawing (the focused field). */
void
ui_cursor(struct ui *ui, int y, int x)
{
	ui->cursor_y = y;
	ui->cursor_x = x;
}

/* Draws the top screen in its frame, or a notice when the terminal is too small. */
static void
ui_draw(struct ui *ui)
{
	struct ui_frame *top = &ui->stack[ui->depth - 1];

	erase();
	if (LINES < UI_MIN_LINES || COLS < UI_MIN_COLS) {
		char m[200];

		snprintf(m, sizeof m, _("terminal too small: jobdesk needs %dx%d, this one is %dx%d"),
		    UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
		attrset(A_BOLD);
		mvaddstr(0, 0, m);
		attrset(A_NORMAL);
		curs_set(0);
		refresh();
		return;
	}
	ui->cursor_y = -1;
	ui->legend[0] = '\0';
	top->scr->draw(top->data, ui);
	ui_draw_frame(ui);
	if (ui->cursor_y >= 0) {
		curs_set(1);
		move(ui->cursor_y, ui->cursor_x);
	} else
		curs_set(0);
	refresh();
}

/*
 * After an Esc: a key the terminal sent as an escape sequence that
 * terminfo does not name (F5 on a terminal set to vt100 sends "ESC [ 1 5
 * ~"), whose bytes are already here since ncurses waited ESCDELAY for
 * them, is read to its end and dropped, so that it is neither an Esc nor
 * text in a field. 1 when one was dropped, 0 for an Esc of its own (what
 * followed it, if anything, is read next).
 */
static int
ui_skip_sequence(void)
{
	wint_t ch;
	int rc, n;

	timeout(0);
	if ((rc = get_wch(&ch)) == ERR)
		return 0;
	/* Not a sequence (Esc pressed again, a key after it): the Esc is one, the key is next. */
	if (rc == KEY_CODE_YES) {
		ungetch((int)ch);
		return 0;
	}
	if (ch != '[' && ch != 'O') {
		unget_wch((wchar_t)ch);
		return 0;
	}
	if (ch == 'O') {
		(void)get_wch(&ch);	/* SS3 and its one byte */
		return 1;
	}
	/* CSI: parameter and intermediate bytes, then one final byte (@ to ~). */
	for (n = 0; n < 32 && get_wch(&ch) == OK; n++)
		if (ch >= 0x40 && ch <= 0x7e)
			break;
	return 1;
}

/*
 * Read one key, waiting at most timeout_ms for it while sync moves on;
 * 0 with *k, or -1 when the time ran out or the network woke the wait.
 */
static int
ui_read_key(struct ui *ui, struct ui_key *k, int timeout_ms)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	wint_t ch;
	int rc, ready;

	/* ncurses may already hold bytes of a key sequence: try it first. */
	timeout(0);
	rc = get_wch(&ch);
	if (rc == ERR) {
		if (ui->sync != NULL) {
			ready = sync_wait(ui->sync, STDIN_FILENO, timeout_ms);
			sync_work(ui->sync);
		} else
			ready = poll(&pfd, 1, timeout_ms) > 0;
		if (!ready)
			return -1;
		rc = get_wch(&ch);
		if (rc == ERR)
			return -1;
	}
	k->ch = ch;
	k->is_key = rc == KEY_CODE_YES;
	if (!k->is_key && ch == UI_KEY_ESC && ui_skip_sequence())
		return -1;
	return 0;
}

/* Whether the clerk has been away long enough for the screen to lock. */
static int
ui_idle_expired(const struct ui *ui)
{
	return ui->idle_lock_seconds > 0 && ui->clerk_login[0] != '\0' &&
	    time(NULL) - ui->last_key >= ui->idle_lock_seconds;
}

/*
 * Wait for a key, a quiet second or a change of the status line, or the
 * idle time running out: as ui_wait_key, Ctrl-Z included.
 */
static int
ui_wait_key_raw(struct ui *ui, struct ui_key *k)
{
	long long until = ui_now_ms() + 1000, left;

	while ((left = until - ui_now_ms()) > 0) {
		if (ui_read_key(ui, k, (int)left) == 0) {
			ui->last_key = time(NULL);
			return 0;
		}
		if (ui_refresh_status(ui, UI_REFRESH_WAKE))
			break;
	}
	return ui_idle_expired(ui) ? -2 : -1;
}

/* Whether the key is "sync now" (F9, or Ctrl-Y where there is no F9). */
static int
ui_key_sync_now(const struct ui_key *k)
{
	return ui_key_is(k, UI_KEY_SYNC_F, UI_KEY_SYNC_CTRL);
}

/* Whether the key opens or closes the message log (Ctrl-Z). */
static int
ui_key_msglog(const struct ui_key *k)
{
	return ui_key_is(k, 0, UI_KEY_MSGLOG_CTRL);
}

/* Whether a login screen is on the stack: the first login, or the lock screen. */
static int
ui_login_up(const struct ui *ui)
{
	int i;

	for (i = 0; i < ui->depth; i++)
		if (ui->stack[i].scr == &screen_login)
			return 1;
	return 0;
}

/* Whether no clerk is at work: not logged in yet, or the screen is locked. */
static int
ui_locked(const struct ui *ui)
{
	return ui->clerk_login[0] == '\0' || ui_login_up(ui);
}

/*
 * The message log key: close the log if it is on top, else open it. The
 * log belongs to the clerk logged in, so a locked screen does not open
 * it for whoever stands at the counter. 1 when it opened.
 */
static int
ui_msglog_toggle(struct ui *ui)
{
	if (ui->depth > 0 && ui->stack[ui->depth - 1].scr == &screen_msglog) {
		ui_pop(ui);
		return 0;
	}
	if (ui_locked(ui)) {
		ui_error(ui, "%s", _("the message log opens once a clerk has logged in"));
		return 0;
	}
	if (ui->depth == UI_STACK_MAX) {
		ui_error(ui, "%s", _("too many screens are open for the message log: close one "
		    "first"));
		return 0;
	}
	ui_push(ui, &screen_msglog, NULL);
	return 1;
}

/*
 * Ctrl-Z while a picker or a question waits in a loop of its own: the
 * log opens over it and runs here until Esc or Ctrl-Z closes it; -1
 * then (the caller redraws), -2 when the idle time ran out (closed, the
 * caller cancels and the screen locks). Only the keys of the log, sync
 * now and redraw work meanwhile.
 */
static int
ui_msglog_modal(struct ui *ui)
{
	int depth = ui->depth, rc;
	struct ui_key k;

	if (!ui_msglog_toggle(ui))
		return -1;
	while (ui->depth > depth) {
		struct ui_frame *top = &ui->stack[ui->depth - 1];

		ui_draw(ui);
		rc = ui_wait_key_raw(ui, &k);
		if (rc == -2) {
			ui_pop(ui);
			return -2;
		}
		if (rc != 0)
			continue;
		ui->msg_level = UI_MSG_NONE;
		if (ui_key_msglog(&k) || ui_key_char(&k, UI_KEY_ESC))
			ui_pop(ui);
		else if (ui_key_sync_now(&k))
			ui_sync_now(ui);
		else if (ui_key_is(&k, 0, 'L'))
			clearok(curscr, TRUE);
		else if (top->scr->key(top->data, ui, &k) == UI_KEY_UNUSED &&
		    !k.is_key && k.ch < 32)
			beep();
		ui_refresh_status(ui, UI_REFRESH_KEY);
	}
	return -1;
}

/*
 * Wait for a key for a modal widget: 0 with the key, -1 on a quiet second
 * or a change of the status line (the widget redraws), -2 when the idle
 * time is up (the widget cancels and the screen locks). Sync moves on
 * meanwhile; a wake of the network alone does not make the widget redraw.
 * The keys of every screen work over the widget too, and are not handed
 * on: Ctrl-Z opens the message log, sync now starts a round.
 */
int
ui_wait_key(struct ui *ui, struct ui_key *k)
{
	int rc = ui_wait_key_raw(ui, k);

	if (rc == 0 && ui_key_msglog(k))
		return ui_msglog_modal(ui);
	if (rc == 0 && ui_key_sync_now(k)) {
		ui_sync_now(ui);
		return -1;
	}
	return rc;
}

/* Redraw the whole screen (for modal widgets after a resize). */
void
ui_redraw(struct ui *ui)
{
	ui_draw(ui);
}

/* Ask a yes-or-no question on the message line. */
int
ui_confirm(struct ui *ui, const char *question)
{
	struct ui_key k;
	char line[400];
	int rc;

	/* In the log once; on the line again after every key that is no answer. */
	snprintf(line, sizeof line, _("%s (y/n)"), question);
	ui_info(ui, "%s", line);
	for (;;) {
		snprintf(ui->msg, sizeof ui->msg, "%s", line);
		ui->msg_level = UI_MSG_INFO;
		ui_draw(ui);
		rc = ui_wait_key(ui, &k);
		if (rc == -2) {
			/* Away too long: no answer is a no, and the screen locks. */
			ui->msg_level = UI_MSG_NONE;
			return 0;
		}
		if (rc != 0)
			continue;
		/* The question cannot be seen on a terminal too small: only Esc (no) counts. */
		if ((LINES < UI_MIN_LINES || COLS < UI_MIN_COLS) && !ui_key_char(&k, UI_KEY_ESC))
			continue;
		if (k.is_key && k.ch == KEY_RESIZE)
			continue;
		ui->msg_level = UI_MSG_NONE;
		if (ui_key_char(&k, 'y') || ui_key_char(&k, 'Y') || ui_key_char(&k, L'是'))
			return 1;
		if (ui_key_char(&k, 'n') || ui_key_char(&k, 'N') || ui_key_char(&k, UI_KEY_ESC) ||
		    ui_key_char(&k, L'否'))
			return 0;
	}
}

/* Puts up the lock screen unless a login screen is already on the stack. */
static void
ui_lock(struct ui *ui)
{
	if (ui_login_up(ui))
		return;
	ui->msg_level = UI_MSG_NONE;
	/* The log is the clerk's: it closes, and the clerk is back where the work was. */
	if (ui->stack[ui->depth - 1].scr == &screen_msglog)
		ui_pop(ui);
	ui_push(ui, &screen_login, "lock");
}

/*
 * Handles a key the screen left: sync now, redraw, quit, back, or a beep
 * for a stray control key.
 */
static void
ui_global_key(struct ui *ui, const struct ui_key *k)
{
	if (ui_key_sync_now(k)) {
		ui_sync_now(ui);
		return;
	}
	if (ui_key_msglog(k)) {
		ui_msglog_toggle(ui);
		return;
	}
	if (ui_key_is(k, 0, 'L')) {
		clearok(curscr, TRUE);
		return;
	}
	/* A screen that does not take F1 itself (a menu, a list) explains itself. */
	if (ui_key_is(k, 1, 0) && ui->depth > 0 && ui->stack[ui->depth - 1].scr->help != NULL) {
		/* The text is the table's, never freed: the help screen only reads it. */
		ui_push(ui, &screen_help, (void *)ui->stack[ui->depth - 1].scr->help);
		return;
	}
	if (ui_key_is(k, 10, 'Q')) {
		/* At the first login there is nothing to lose; at a lock screen there may be. */
		if (ui->depth == 1 && ui->stack[0].scr == &screen_login)
			ui_quit(ui);
		else if (ui_confirm(ui, _("Quit jobdesk?")))
			ui_quit(ui);
		return;
	}
	if (ui_key_char(k, UI_KEY_ESC)) {
		if (ui->depth > 1)
			ui_pop(ui);
		return;
	}
	if (k->is_key && k->ch == KEY_RESIZE)
		return;
	if (!k->is_key && k->ch < 32)
		beep();
}

/* Turns colours on unless the configuration, NO_COLOR or the terminal rules them out. */
static void
ui_setup_color(struct ui *ui)
{
	const char *no_color = getenv("NO_COLOR");

	if (ui->opt.color == UI_COLOR_NO || !has_colors())
		return;
	if (ui->opt.color == UI_COLOR_AUTO && no_color != NULL && *no_color != '\0')
		return;
	start_color();
	use_default_colors();
	init_pair(UI_PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_PAIR_ERROR, COLOR_RED, -1);
	ui_have_color = 1;
}

/* Run the full-screen client until the clerk quits. */
int
ui_main(const struct ui_options *opt)
{
	struct ui *ui;
	struct ui_key k;
	time_t drawn_at = 0;
	int dirty = 1;

	ui = xcalloc(1, sizeof *ui);
	ui->opt = *opt;
	ui->msglog = msglog_new(UI_MSGLOG_MAX);
	ui->idle_lock_seconds = opt->idle_lock_minutes * 60;
	if (initscr() == NULL) {
		fprintf(stderr, "jobdesk: cannot start the terminal (TERM=%s)\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		msglog_free(ui->msglog);
		free(ui);
		return 1;
	}
	ui_curses_on = 1;
	fatal_set_hook(ui_restore_terminal);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(opt->escdelay);
	ui_setup_color(ui);
	ui_refresh_status(ui, UI_REFRESH_ALL);
	ui_set_title(ui, "jobdesk");
	/*
	 * An enrolled terminal gets its office and accounts from the district
	 * with the first sync: no first-start screen, which would make up a
	 * local office and supervisor beside the district's.
	 */
	if (account_count(ui->opt.store) == 0 && !ui->enrolled)
		ui_push(ui, &screen_setup, NULL);
	else
		ui_push(ui, &screen_login, NULL);
	ui->last_key = time(NULL);
	while (!ui->quit && ui->depth > 0) {
		struct ui_frame *top;

		/* Draw after a key, when the status line changed, and once a second. */
		if (dirty || time(NULL) != drawn_at) {
			ui_draw(ui);
			drawn_at = time(NULL);
			dirty = 0;
		}
		if (ui_read_key(ui, &k, 1000) != 0) {
			if (ui_idle_expired(ui)) {
				ui_lock(ui);
				dirty = 1;
			}
			if (ui_refresh_status(ui, UI_REFRESH_WAKE))
				dirty = 1;
			continue;
		}
		dirty = 1;
		ui->last_key = time(NULL);
		if (LINES < UI_MIN_LINES || COLS < UI_MIN_COLS) {
			/* Nothing is visible to type into; only quitting works. */
			if (ui_key_is(&k, 10, 'Q'))
				ui_quit(ui);
			continue;
		}
		ui->msg_level = UI_MSG_NONE;
		top = &ui->stack[ui->depth - 1];
		/*
		 * Sync now and the message log are offered before the screen: no
		 * screen binds them, and a help box or a field that takes every
		 * key must not swallow them.
		 */
		if (ui_key_sync_now(&k) || ui_key_msglog(&k))
			ui_global_key(ui, &k);
		else if (top->scr->key(top->data, ui, &k) == UI_KEY_UNUSED)
			ui_global_key(ui, &k);
		ui_refresh_status(ui, UI_REFRESH_KEY);
	}
	while (ui->depth > 0) {
		struct ui_frame *f = &ui->stack[--ui->depth];

		f->scr->free(f->data);
	}
	for (int f = 0; f < KIND_COUNT; f++)
		fields_free(&ui->dup[f]);
	msglog_free(ui->msglog);
	ui_restore_terminal();
	fatal_set_hook(NULL);
	/* After the screen is back: a transfer cut short is simply sent again next time. */
	if (ui->sync != NULL)
		sync_free(ui->sync);
	free(ui);
	return 0;
}

/* Ask the reason for a withdrawal, then whether to withdraw, naming what and why. */
int
ui_withdraw_ask(struct ui *ui, const char *list, const char *skip, const char *title,
    const char *what, char *out, size_t outlen)
{
	struct code_hit hits[64];
	char name[128], q[512];
	size_t n = 0, i, kept = 0;

	codes_search(ui_store(ui), list, "", hits, sizeof hits / sizeof hits[0], &n);
	for (i = 0; i < n; i++)
		if (skip == NULL || strcmp(hits[i].code, skip) != 0)
			hits[kept++] = hits[i];
	if (kept == 0) {
		ui_error(ui, _("the code list \"%s\" is empty"), list);
		return -1;
	}
	if (ui_pick_list(ui, title, hits, kept, out, outlen) != 0)
		return -1;
	if (codes_name(ui_store(ui), list, out, ui_chinese(ui), name, sizeof name) != 0)
		snprintf(name, sizeof name, "%s", out);
	/* TRANSLATORS: what is withdrawn ("the registration of 王小明"), then the reason picked. */
	snprintf(q, sizeof q, _("withdraw %s (%s)?"), what, name);
	return ui_confirm(ui, q) ? 0 : -1;
}
