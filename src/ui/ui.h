/*
 * The full-screen client's frame: one event loop, a stack of screens, the
 * title bar, the message line, the status line and the key legend. Every
 * screen is a file of its own exposing a const table of functions; its
 * state is private to that file.
 *
 * Layout at 80x24: row 0 title, rows 1-20 the screen's body, row 21 the
 * message line, row 22 the status line, row 23 the key legend.
 */
#ifndef JOBDESK_UI_H
#define JOBDESK_UI_H

#include <stddef.h>
#include <wchar.h>

#include <curses.h>

#include "core/ident.h"
#include "core/kind.h"

struct formdef;
struct match_config;
struct print_target;
struct retire_rule;
struct store;
struct sync_options;
struct sync_status;
struct ui;

#define UI_MIN_COLS	80
#define UI_MIN_LINES	24
#define UI_BODY_TOP	1
#define UI_BODY_ROWS	20
#define UI_MSG_ROW	(LINES - 3)
#define UI_STATUS_ROW	(LINES - 2)
#define UI_LEGEND_ROW	(LINES - 1)

/* Keys that exist on every terminal, vt100 included. */
#define KEY_CTRL(c)	((c) & 0x1f)
#define UI_KEY_ESC	27

struct ui_key {
	wint_t	ch;
	int	is_key;		/* ch is a KEY_* code, not a character */
};

/*
 * "Sync now", on every screen: F9, and Ctrl-Y on terminals without F9
 * (a vt100 has only F1-F4).
 */
#define UI_KEY_SYNC_F		9
#define UI_KEY_SYNC_CTRL	'Y'
/*
 * A supervisor's keys on a record with an office: move it to another
 * office (F11, Ctrl-G), its history (F12, Ctrl-O). The line editor has
 * the other Ctrl letters a form would need.
 */
#define UI_KEY_MOVE_F		11
#define UI_KEY_MOVE_CTRL	'G'
#define UI_KEY_HISTORY_F	12
#define UI_KEY_HISTORY_CTRL	'O'
/*
 * The session's message log, on every screen: Ctrl-Z. No function key is
 * free (F1 help, F2-F12 taken, a vt100 has F1-F4 only) and no screen or
 * field uses Ctrl-Z; the client runs in raw mode, so it arrives as a
 * character and never suspends the program.
 */
#define UI_KEY_MSGLOG_CTRL	'Z'

/* Key tests used across screens: each accepts the F-key and its Ctrl fallback. */
int	ui_key_is(const struct ui_key *, int fkey, int ctrl);
int	ui_key_char(const struct ui_key *, wint_t);

enum ui_key_result {
	UI_KEY_UNUSED,
	UI_KEY_USED,
};

struct screen {
	const char	*name;
	/* Create the screen's state from arg (may be NULL). */
	void		*(*init)(struct ui *, void *arg);
	void		 (*free)(void *);
	/* Draw the body (rows UI_BODY_TOP..) and set the legend. */
	void		 (*draw)(void *, struct ui *);
	enum ui_key_result (*key)(void *, struct ui *, const struct ui_key *);
	/* The screen under this one was popped back to: refresh data. */
	void		 (*resume)(void *, struct ui *);
	/*
	 * Optional: run once the screen is on the stack, for what may ask
	 * the clerk a question (which draws the screen, so not from init).
	 */
	void		 (*start)(void *, struct ui *);
	/*
	 * What the screen is for and what its keys do (N_()), which F1 opens
	 * where the screen does not take F1 itself; NULL for none.
	 */
	const char	*help;
	/*
	 * Shown over the screen below without changing it: closing it does
	 * not call that screen's resume, which would read a list again and
	 * move its selection.
	 */
	int		 overlay;
};

extern const struct screen screen_setup;
extern const struct screen screen_login;
extern const struct screen screen_menu;
extern const struct screen screen_seekers;
extern const struct screen screen_seeker;
extern const struct screen screen_employers;
extern const struct screen screen_employer;
extern const struct screen screen_vacancies;
extern const struct screen screen_vacancy;
extern const struct screen screen_vacancy_search;
extern const struct screen screen_accounts;
extern const struct screen screen_account;
extern const struct screen screen_sync;
extern const struct screen screen_conflicts;
extern const struct screen screen_trail;
extern const struct screen screen_match;
extern const struct screen screen_explain;
extern const struct screen screen_referrals;
extern const struct screen screen_referral;
extern const struct screen screen_guidances;
extern const struct screen screen_guidance;
extern const struct screen screen_help;
/*
 * The interest inventory of a job seeker (兴趣测评), opened by
 * ui_open_inventory from the seeker's "More" list: it checks the
 * counsellor's grade and the inventory file, then goes on with the
 * inventory in progress, shows the last one done, or begins one.
 */
extern const struct screen screen_inventory;
void	 ui_open_inventory(struct ui *, const char *seeker_id, const char *seeker_name);
/* The messages of the session, newest first (UI_KEY_MSGLOG_CTRL opens it; no arg). */
extern const struct screen screen_msglog;
/* The services given to a seeker or an employer (a struct record_arg, allocated). */
extern const struct screen screen_services;
/*
 * The services clerks gave: the clerk's own today and, for supervisors,
 * the office's totals over a period (no arg).
 */
extern const struct screen screen_ledger;
/* A service type's name, and a free service's basis, in the clerk's language. */
void	 ui_service_type_name(struct ui *, const char *type, char *out, size_t outlen);
void	 ui_service_basis_name(struct ui *, const char *basis, char *out, size_t outlen);

/*
 * The hardship case file (一人一档) of a job seeker (a struct record_arg,
 * taken over), opened by ui_open_casefile from the seeker's "More" list:
 * refused with the reason for a person not in hardship status, and asking
 * before the first file of one is opened. Its plan (一人一策), a contact
 * to record and leaving hardship status are screens of their own, each
 * taking the seeker's id (an allocated string). The due list (no arg)
 * lists the persons whose next contact or plan step is due.
 */
extern const struct screen screen_casefile;
extern const struct screen screen_casefile_plan;
extern const struct screen screen_casefile_contact;
extern const struct screen screen_casefile_leave;
extern const struct screen screen_casefile_due;
void	 ui_open_casefile(struct ui *, const char *seeker_id, const char *name);

/*
 * The supervisors' end of day: a numbered list of the reports
 * (store/report.h) and the conflict journal, refused to a clerk with the
 * reason; a report asks its period (screen_report_ask, a const struct
 * report_kind), then shows (screen_report, an allocated struct report,
 * taken over), scrolls and prints.
 */
void	 ui_open_end_of_day(struct ui *);
extern const struct screen screen_report_ask;
extern const struct screen screen_report;

/* A record a screen is opened on (allocated by the opener, freed by the screen). */
struct record_arg {
	enum kind_id	kind;
	char		id[40];
};

/*
 * The match list of a seeker record (KIND_SEEKER: the vacancies that fit)
 * or a vacancy (KIND_VACANCY: the seekers), opened from the record's
 * screen with UI_KEY_MATCH_F; screen_match takes a struct record_arg.
 */
#define UI_KEY_MATCH_F		7
#define UI_KEY_MATCH_CTRL	'V'
/*
 * screen_refer, from a match list: asks the interview's date and place,
 * then refers each job seeker to the vacancy with a letter of their own
 * and goes back, the last referral's id left in last (the list's own,
 * IDENT_LEN + 1 bytes: its reprint key). Takes a struct refer_arg.
 */
struct refer_seeker {
	char	id[IDENT_LEN + 1];
	char	label[192];		/* name and masked ID number */
};
struct refer_arg {
	char			 vacancy_id[IDENT_LEN + 1];
	char			 vacancy_label[192];
	struct refer_seeker	*seekers;	/* n of them, allocated */
	size_t			 n;
	char			 misses[160];	/* what the one near miss misses, or "" */
	char			*last;
};
extern const struct screen screen_refer;
/* Open the match list of the saved record id of kind (refused while modified). */
void	 ui_open_match(struct ui *, enum kind_id, const char *id, int modified);
/*
 * screen_referrals lists the referrals of a seeker or a vacancy (a struct
 * record_arg), or with NULL those awaiting an outcome; screen_referral
 * shows one (its id, an allocated string) or, with NULL, finds one by the
 * number on a receipt.
 */
/*
 * Print the letter of referral id as [print] of the configuration says;
 * a reprint is marked 补打 on the paper. Both are audited; a printer that
 * fails says so on the message line, naming the referral, and loses
 * nothing (F3 in a list of referrals prints again). 0 printed, -1 not.
 */
int	 ui_print_referral(struct ui *, const char *id, int reprint);
/* One line on a seeker's or a vacancy's referrals (and a vacancy's hires) for its screen. */
void	 ui_referral_summary(struct ui *, enum kind_id, const char *id, char *out, size_t outlen);
/*
 * screen_guidances lists a seeker's guidance sessions (a struct
 * record_arg of KIND_SEEKER, taken over); screen_guidance shows one (a
 * struct guidance_arg, taken over): a session by its id, or a new one
 * with the seeker seeker_id.
 */
struct guidance_arg {
	char	id[40];
	char	seeker_id[40];
};
/* One short line on a seeker's guidance sessions for its screen: count and next appointment. */
void	 ui_guidance_summary(struct ui *, const char *seeker_id, char *out, size_t outlen);

/* The open database the screens read and write. */
struct store	*ui_store(struct ui *);
/* Matching's configuration. */
const struct match_config *ui_match_config(struct ui *);
/* The retirement age a job seeker's ID number is warned about at ([seeker]). */
const struct retire_rule *ui_retire_rule(struct ui *);
/* Where letters print, and the path of their template. */
const struct print_target *ui_print_target(struct ui *);
/*
 * Print len bytes of UTF-8 text where [print] says (the terminal's own
 * printer after the screen is drawn whole): 0, or -1 with err.
 */
int	 ui_print(struct ui *, const char *text, size_t len, char *err, size_t errlen);
const char	*ui_letter_path(struct ui *);
/* The interest inventory file (forms_dir's interest.inventory), read at each opening. */
const char	*ui_inventory_path(struct ui *);
/* The form clerks fill in for records of kind; NULL for a kind without one (no KF_FORM). */
const struct formdef *ui_form(struct ui *, enum kind_id);
/* Push a new screen on top; pop the top one (its free runs). */
void	 ui_push(struct ui *, const struct screen *, void *arg);
void	 ui_pop(struct ui *);
/* Replace the top screen. */
void	 ui_replace(struct ui *, const struct screen *, void *arg);
/* Close every screen and start again with scr (after a login). */
void	 ui_reset(struct ui *, const struct screen *);
/* Leave the program after this key. */
void	 ui_quit(struct ui *);
/* Title shown on row 0 for the top screen. */
void	 ui_set_title(struct ui *, const char *);
/* Key legend on the bottom row, e.g. "F2 保存  F4 选择  Esc 返回". */
void	 ui_set_legend(struct ui *, const char *);
/*
 * A message on the message line until the next key; errors beep. Each is
 * kept in the session's message log as well.
 */
void	 ui_info(struct ui *, const char *, ...) __attribute__((format(printf, 2, 3)));
void	 ui_warn(struct ui *, const char *, ...) __attribute__((format(printf, 2, 3)));
void	 ui_error(struct ui *, const char *, ...) __attribute__((format(printf, 2, 3)));
/* The kinds of message, the message log's kinds too. */
enum ui_msg_level { UI_MSG_NONE, UI_MSG_INFO, UI_MSG_WARN, UI_MSG_ERROR };
/* The word a message of a kind begins with ("Error: "), translated; "" for info. */
const char *ui_msg_mark(enum ui_msg_level);
/*
 * The messages of this session, newest first, kinds as enum
 * ui_msg_level: the last UI_MSGLOG_MAX, in memory only, emptied when
 * another clerk logs in. The ui's; read only.
 */
#define UI_MSGLOG_MAX	200
struct msglog;
const struct msglog *ui_msglog(struct ui *);
/* The logged-in clerk: login, name, role; set by the login screen. */
void	 ui_set_clerk(struct ui *, const char *login, const char *name, const char *role,
	     const char *office);
const char *ui_clerk_login(const struct ui *);
const char *ui_clerk_role(const struct ui *);
/* Whether the clerk is a supervisor or administrator. */
int	 ui_clerk_is_supervisor(const struct ui *);
/* Attributes: reverse bars, focused and plain input fields, errors. */
int	 ui_attr_bar(void);
int	 ui_attr_input(void);
int	 ui_attr_focus(void);
int	 ui_attr_error(void);
/* A status word (registered, open, withdrawn...) in the clerk's language. */
const char *ui_status_name(const char *status);
/* Write UTF-8 text at (y, x) fitted into exactly `cells` cells (padded, never a half character). */
void	 ui_put(int y, int x, int cells, const char *);
/*
 * A stored UTC stamp ("YYYY-MM-DDTHH:MM:SSZ") in local time into out:
 * "YYYY-MM-DD HH:MM" with_year, else "MM-DD HH:MM"; the stamp unchanged
 * if it cannot be read.
 */
void	 ui_stamp_local(const char *stamp, int with_year, char *out, size_t outlen);
/* Place the terminal's cursor at (y, x) once the screen is drawn; otherwise it is hidden. */
void	 ui_cursor(struct ui *, int y, int x);
/*
 * The last record of each form saved by this clerk, which the Dup key
 * copies from (index: enum kind_id); emptied when the clerk changes.
 */
struct fields	*ui_dup(struct ui *, enum kind_id);
/* Ask yes or no on the message line; blocks on keys only. Non-zero for yes. */
int	 ui_confirm(struct ui *, const char *question);
/*
 * Withdrawing a record: ask its reason (a code of list, without skip if
 * not NULL: one that only the program gives), then whether to withdraw
 * what (in the clerk's language), naming the reason. 0 with the reason's
 * code in out, -1 when the clerk cancelled either question.
 */
int	 ui_withdraw_ask(struct ui *, const char *list, const char *skip, const char *title,
	     const char *what, char *out, size_t outlen);
/* Pick a code of a list in a small modal list; 0 with the code, -1 if cancelled. */
int	 ui_pick_code(struct ui *, const char *list, const char *title, char *out, size_t outlen);
/* The same over n choices of the caller's (their code and names); 0 with the code, -1. */
struct code_hit;
int	 ui_pick_list(struct ui *, const char *title, struct code_hit *, size_t n, char *out,
	     size_t outlen);
/*
 * Let the clerk choose one of n actions, numbered 1..n on the screen
 * (a digit chooses at once): its index, or -1 if cancelled.
 */
long	 ui_choose(struct ui *, const char *title, const char *const *labels, size_t n);
/* One entry of a record's list of actions (F8, "More"). */
struct ui_action {
	const char	*label;		/* N_() */
	int		 supervisor;	/* a supervisor's or administrator's only */
	void		(*run)(void *screen, struct ui *);
};
/*
 * Lists the n actions the clerk may take (a supervisor's left out for
 * others) under title, numbered as ui_choose does, and runs the one
 * chosen on screen; says so when none is left to list.
 */
void	 ui_choose_action(struct ui *, const char *title, const struct ui_action *, size_t n,
	     void *screen);
/*
 * A supervisor's keys on a saved record of kind with an office (seeker
 * and employer screens): move it to another office of the district,
 * asking the office and the reason (refused while the form has unsaved
 * changes, modified), or open its history (screen_trail). UI_KEY_USED
 * when k was one of them; *moved: the record moved, to be read again.
 */
enum ui_key_result ui_record_keys(struct ui *, const struct ui_key *, enum kind_id,
	     const char *id, const char *office, int modified, int *moved);
/*
 * For modal widgets: wait for one key (0), a quiet second or a change of
 * the status line (-1: redraw), or the idle time running out (-2: cancel,
 * the screen then locks); sync moves on meanwhile. And redraw.
 */
int	 ui_wait_key(struct ui *, struct ui_key *);
void	 ui_redraw(struct ui *);
/* Whether this terminal syncs: not enrolled, enrolled but the engine refused to start, or on. */
enum ui_sync { UI_SYNC_OFF, UI_SYNC_BROKEN, UI_SYNC_ON };
/*
 * The sync engine's status as the status line last read it (zeroed when
 * there is no engine); *problem is why the engine could not start, or "".
 * The strings stay the ui's.
 */
enum ui_sync ui_sync_status(struct ui *, struct sync_status *, const char **problem);
/* A number that changes whenever the sync status or its counts do: screens reload on it. */
unsigned long ui_sync_changes(const struct ui *);
/*
 * Fetch one job seeker's whole record from the district now (a person
 * registered outside this terminal's scope), blocking for the one
 * exchange: 1 with the record's id in out_id, 0 when the district has no
 * such person, -1 with err.
 */
int	 ui_fetch_seeker(struct ui *, const char *seeker_id, char *out_id, char *err,
	    size_t errlen);
/* Start a sync round now (the sync-now key), saying on the message line what happens. */
void	 ui_sync_now(struct ui *);
/* A screen changed what the status line counts (a dismissed refusal): read it again. */
void	 ui_status_changed(struct ui *);
/* The clerk's language is Chinese. */
int	 ui_chinese(const struct ui *);

/* Colour: where the terminal has it and NO_COLOR is unset, where it has it, never. */
enum ui_color { UI_COLOR_AUTO, UI_COLOR_YES, UI_COLOR_NO };

/*
 * What the full-screen client works with, and nothing more of the
 * program: the caller keeps everything pointed to valid until ui_main
 * returns.
 */
struct ui_options {
	struct store		 *store;
	/* Indexed by enum kind_id: the form of each kind clerks fill in, else NULL. */
	const struct formdef	 *forms[KIND_COUNT];
	int			  chinese;		/* the clerk's language is Chinese */
	long			  idle_lock_minutes;	/* without a key; 0 never locks */
	enum ui_color		  color;
	int			  escdelay;		/* ms to wait after Esc for a sequence */
	/* For the sync engine, started once the store holds an enrollment. */
	const struct sync_options *sync;
	/* Matching's weights and levels (jobdesk.ini [match]). */
	const struct match_config *match;
	/* The retirement age a seeker's ID number is warned about at ([seeker]). */
	const struct retire_rule *retire;
	/* Where letters print ([print]; its tty_fd is set to the screen's), and their template. */
	const struct print_target *print;
	const char		  *letter_path;
	const char		  *inventory_path;	/* the interest inventory file */
};

/* Run the full-screen client until the clerk quits; the process's exit status. */
int	 ui_main(const struct ui_options *);

#endif
