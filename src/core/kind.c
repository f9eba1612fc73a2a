/*
 * The record kinds: see kind.h. Columns are listed in the order files and
 * forms show them (a column a later migration added stands where it
 * belongs, not last as in the table); the sync columns every table of a per-field kind has
 * besides them (rid, id, deleted, replaced_by, stamps, hlc) are not
 * listed: the store adds them.
 */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "core/check.h"
#include "core/kind.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A form field of a kind, with more flags; its type and checks come from the form file. */
#define FORM_COL(n, f)	{ .name = (n), .type = KT_TEXT, .flags = KC_FORM | (f), .dflt = "" }
/* The natural key: on the form, NULL on a tombstone (and in a pulled record without it). */
#define NATURAL_COL(n)	{ .name = (n), .type = KT_TEXT, \
			  .flags = KC_FORM | KC_NATURAL | KC_IMPORT_REQUIRED, .dflt = NULL }

static const struct kind_status seeker_statuses[] = {
	{ .value = "registered", .label = N_("registered"), .lapses = 1 },
	{ .value = "renewed", .label = N_("renewed"), .lapses = 1 },
	{ .value = "placed", .label = N_("placed"), .closed = 1 },
	{ .value = "withdrawn", .label = N_("withdrawn"), .closed = 1 },
	{ .value = "expired", .label = N_("expired") },
};

static const struct kind_status employer_statuses[] = {
	{ .value = "active", .label = N_("active") },
	{ .value = "withdrawn", .label = N_("withdrawn"), .closed = 1 },
};

static const struct kind_status vacancy_statuses[] = {
	{ .value = "open", .label = N_("open"), .lapses = 1 },
	{ .value = "filled", .label = N_("filled"), .closed = 1 },
	{ .value = "withdrawn", .label = N_("withdrawn"), .closed = 1 },
	{ .value = "expired", .label = N_("expired") },
	{ .value = "closed", .label = N_("closed"), .closed = 1 },
};

/* A referral's outcome, from the receipt (回执) or a follow-up; issued until one is known. */
static const struct kind_status referral_statuses[] = {
	{ .value = "issued", .label = N_("issued") },
	{ .value = "hired", .label = N_("hired"), .closed = 1 },
	{ .value = "not_hired", .label = N_("not hired"), .closed = 1 },
	{ .value = "no_show", .label = N_("did not attend"), .closed = 1 },
	{ .value = "declined", .label = N_("seeker declined"), .closed = 1 },
	{ .value = "unreachable", .label = N_("employer unreachable"), .closed = 1 },
};

static const struct kind_column seeker_cols[] = {
	NATURAL_COL("id_number"),
	FORM_COL("name", KC_IMPORT_REQUIRED),
	FORM_COL("sex", KC_DERIVED),
	FORM_COL("birth_date", KC_DERIVED),
	FORM_COL("phone", KC_IMPORT_REQUIRED),
	FORM_COL("household", 0),
	FORM_COL("district", 0),
	FORM_COL("street", 0),
	FORM_COL("address", 0),
	FORM_COL("education", KC_IMPORT_REQUIRED),
	FORM_COL("major", 0),
	FORM_COL("skills", 0),
	FORM_COL("experience", 0),
	FORM_COL("desired_occupation", 0),
	FORM_COL("desired_occupation_2", 0),
	FORM_COL("desired_occupation_3", 0),
	FORM_COL("desired_wage", 0),
	FORM_COL("desired_district", 0),
	FORM_COL("category", KC_IMPORT_REQUIRED),
	FORM_COL("hardship", 0),
	FORM_COL("hardship_basis", 0),
	{ .name = "status", .type = KT_STATUS, .flags = KC_LIFE | KC_EXPORT, .dflt = "registered" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE | KC_EXPORT, .dflt = "" },
	{ .name = "valid_until", .type = KT_DATE, .flags = KC_LIFE | KC_EXPORT, .dflt = "" },
	{ .name = "withdraw_reason", .type = KT_CODE, .flags = KC_LIFE, .dflt = "",
	  .codes = "withdraw_reason" },
	/* The day of the first registration, which registering again keeps ("" unknown). */
	{ .name = "first_registered_on", .type = KT_DATEOPT, .flags = KC_LIFE, .dflt = "" },
	/* The day a clerk closed the registration (withdrawn, placed by hand); "" while open. */
	{ .name = "closed_on", .type = KT_DATEOPT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
};

static const struct kind_column employer_cols[] = {
	NATURAL_COL("uscc"),
	FORM_COL("name", KC_IMPORT_REQUIRED),
	FORM_COL("type", 0),
	FORM_COL("industry", KC_IMPORT_REQUIRED),
	FORM_COL("district", KC_IMPORT_REQUIRED),
	FORM_COL("address", 0),
	FORM_COL("contact", KC_IMPORT_REQUIRED),
	FORM_COL("phone", KC_IMPORT_REQUIRED),
	{ .name = "hard_to_recruit", .type = KT_TEXT, .flags = KC_FORM, .dflt = "no" },
	{ .name = "status", .type = KT_STATUS, .flags = KC_LIFE | KC_EXPORT, .dflt = "active" },
	{ .name = "withdraw_reason", .type = KT_CODE, .flags = KC_LIFE, .dflt = "",
	  .codes = "employer_withdraw_reason" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE, .dflt = "" },
};

static const struct kind_column vacancy_cols[] = {
	{ .name = "employer_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED | KC_IMPORT_REQUIRED,
	  .dflt = "", .refers = "employer", .file_key = "employer_uscc" },
	FORM_COL("occupation", KC_IMPORT_REQUIRED),
	FORM_COL("title", KC_IMPORT_REQUIRED),
	FORM_COL("headcount", KC_IMPORT_REQUIRED),
	FORM_COL("wage_min", KC_IMPORT_REQUIRED),
	FORM_COL("wage_max", KC_IMPORT_REQUIRED),
	FORM_COL("education", 0),
	FORM_COL("age_min", 0),
	FORM_COL("age_max", 0),
	FORM_COL("district", 0),
	FORM_COL("hours", 0),
	FORM_COL("description", 0),
	FORM_COL("valid_until", KC_IMPORT_REQUIRED),
	{ .name = "public_welfare", .type = KT_TEXT, .flags = KC_FORM, .dflt = "no" },
	{ .name = "status", .type = KT_STATUS, .flags = KC_LIFE | KC_EXPORT, .dflt = "open" },
	{ .name = "withdraw_reason", .type = KT_CODE, .flags = KC_LIFE, .dflt = "",
	  .codes = "vacancy_withdraw_reason" },
	/* The day a clerk closed it (filled, withdrawn, closed); "" while open. */
	{ .name = "closed_on", .type = KT_DATEOPT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE, .dflt = "" },
};

/*
 * A referral (推荐): a seeker sent to a vacancy with a letter whose number
 * is unique in the district, and its outcome. Who referred is created_by.
 */
static const struct kind_column referral_cols[] = {
	{ .name = "number", .type = KT_TEXT, .flags = KC_LIFE | KC_FIXED | KC_EXPORT, .dflt = "" },
	{ .name = "seeker_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED, .dflt = "",
	  .refers = "seeker", .file_key = "id_number" },
	{ .name = "vacancy_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED | KC_EXPORT, .dflt = "",
	  .refers = "vacancy" },
	{ .name = "employer_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED, .dflt = "",
	  .refers = "employer", .file_key = "employer_uscc" },
	{ .name = "interview_date", .type = KT_DATEOPT, .flags = KC_LIFE | KC_EXPORT, .dflt = "" },
	{ .name = "interview_place", .type = KT_TEXT, .flags = KC_LIFE | KC_EXPORT, .dflt = "" },
	{ .name = "status", .type = KT_STATUS, .flags = KC_LIFE | KC_EXPORT, .dflt = "issued" },
	{ .name = "outcome_on", .type = KT_DATEOPT, .flags = KC_LIFE | KC_EXPORT, .dflt = "" },
	{ .name = "hired_wage", .type = KT_TEXT, .flags = KC_LIFE | KC_EXPORT, .dflt = "" },
	{ .name = "outcome_reason", .type = KT_CODE, .flags = KC_LIFE | KC_EXPORT, .dflt = "",
	  .codes = "referral_reason" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE | KC_FIXED | KC_EXPORT,
	  .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE | KC_FIXED | KC_EXPORT,
	  .dflt = "" },
};

/*
 * A check on a placement (跟踪回访) 1, 3 or 6 months after a hire: whether
 * the person is still employed and their social insurance paid, the
 * evidence a placement subsidy (职业介绍补贴) claim needs. Inserted once;
 * a later check of the same month stands over an earlier one.
 */
static const struct kind_column placement_check_cols[] = {
	{ .name = "referral_id", .type = KT_ID, .flags = KC_LIFE, .refers = "referral" },
	{ .name = "seeker_id", .type = KT_ID, .flags = KC_LIFE, .refers = "seeker" },
	{ .name = "month", .type = KT_CODE, .flags = KC_LIFE, .dflt = "",
	  .codes = "placement_month" },
	{ .name = "checked_on", .type = KT_DATE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "employed", .type = KT_FLAG, .flags = KC_LIFE, .dflt = "0" },
	{ .name = "insured", .type = KT_FLAG, .flags = KC_LIFE, .dflt = "0" },
	{ .name = "clerk", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "at", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
};

/*
 * A service given (免费服务台账): to whom (a seeker, or an employer and
 * perhaps its vacancy), by whom, where, when, whether free and on what
 * basis, and what the person or employer was at that moment (their
 * categories and hardship, the employer's hard-to-recruit flag): a
 * snapshot, never today's values.
 */
static const struct kind_column service_event_cols[] = {
	{ .name = "type", .type = KT_CODE, .flags = KC_LIFE, .dflt = "", .codes = "service_type" },
	{ .name = "seeker_id", .type = KT_IDOPT, .flags = KC_LIFE, .refers = "seeker" },
	{ .name = "employer_id", .type = KT_IDOPT, .flags = KC_LIFE, .refers = "employer" },
	{ .name = "vacancy_id", .type = KT_IDOPT, .flags = KC_LIFE, .refers = "vacancy" },
	{ .name = "clerk", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "at", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "free", .type = KT_FLAG, .flags = KC_LIFE, .dflt = "0" },
	{ .name = "basis", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "category", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "hardship", .type = KT_CODE, .flags = KC_LIFE, .dflt = "", .codes = "hardship" },
	{ .name = "hard_to_recruit", .type = KT_FLAG, .flags = KC_LIFE, .dflt = "0" },
};

/*
 * A career guidance session (职业指导) with one job seeker: what was
 * talked about, the counsellor's notes, the action plan and the next
 * appointment. A group workshop is one session record per participant,
 * tied by the same workshop id: each person keeps their own notes and
 * plan (personal data of that person alone), and each participant's
 * session gives them their own service event.
 *
 * The plan is up to four steps, each step three columns of the session
 * (what, by when, its status) rather than records of their own: per-field
 * merge then keeps a step changed at one window and another step changed
 * at another, and only the same column of the same step edited at two
 * windows meets in the conflict journal. The notes are four lines for the
 * same reason and because a line fits the screen (see forms/guidance.form).
 */
static const struct kind_column guidance_cols[] = {
	{ .name = "seeker_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED, .dflt = "",
	  .refers = "seeker" },
	/* The group workshop the session is part of ("" for one with one person). */
	{ .name = "workshop", .type = KT_IDOPT, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
	FORM_COL("held_on", 0),
	FORM_COL("kind", 0),
	FORM_COL("topics", 0),
	FORM_COL("notes", KC_PERSONAL),
	FORM_COL("notes_2", KC_PERSONAL),
	FORM_COL("notes_3", KC_PERSONAL),
	FORM_COL("notes_4", KC_PERSONAL),
	FORM_COL("next_appointment", 0),
	FORM_COL("step_1", 0),
	FORM_COL("step_1_due", 0),
	FORM_COL("step_1_status", 0),
	FORM_COL("step_2", 0),
	FORM_COL("step_2_due", 0),
	FORM_COL("step_2_status", 0),
	FORM_COL("step_3", 0),
	FORM_COL("step_3_due", 0),
	FORM_COL("step_3_status", 0),
	FORM_COL("step_4", 0),
	FORM_COL("step_4_due", 0),
	FORM_COL("step_4_status", 0),
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	/* The counsellor: the account that recorded the session. */
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
};

/*
 * An interest inventory (兴趣测评) given to a seeker by a counsellor
 * (created_by): the instrument's name and version, the answers so far,
 * then the scores and the code once every item is answered. Answered over
 * one or more sittings, so edited: merged field by field. Personal:
 * never in lists or logs, and never read by matching.
 */
static const struct kind_status inventory_statuses[] = {
	{ .value = "in_progress", .label = N_("in progress") },
	{ .value = "done", .label = N_("done"), .closed = 1 },
};

static const struct kind_column inventory_cols[] = {
	{ .name = "seeker_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED, .dflt = "",
	  .refers = "seeker" },
	{ .name = "instrument", .type = KT_TEXT, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
	/* One character per item in the file's order: the answer's digit, "-" not yet. */
	{ .name = "answers", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "status", .type = KT_STATUS, .flags = KC_LIFE, .dflt = "in_progress" },
	/* "R=75 I=50 ...": each theme's score from 0 to 100, in the file's order. */
	{ .name = "scores", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "code", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "done_on", .type = KT_DATEOPT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
};

/*
 * The assistance plan (一人一策) of a hardship person's case file (一人一档):
 * one per person, its id derived from the person's, so that two windows
 * that open it offline open one record. Edited at many windows, so merged
 * field by field: a step is four columns (what, who, by when, its status)
 * as a guidance session's are, so that two windows that change different
 * steps both keep theirs and only one column changed at both meets in the
 * conflict journal. Leaving hardship status closes it, with its reason and
 * day, and keeps the person's hardship kind and basis as they were (the
 * seeker's are cleared). When the next contact or step is due is not a
 * column here: each terminal derives it (store/casefile.c), since contacts
 * made at other windows move it.
 */
static const struct kind_status assistance_plan_statuses[] = {
	{ .value = "open", .label = N_("in hardship status") },
	{ .value = "closed", .label = N_("left hardship status"), .closed = 1 },
};

static const struct kind_column assistance_plan_cols[] = {
	{ .name = "seeker_id", .type = KT_ID, .flags = KC_LIFE | KC_FIXED, .dflt = "",
	  .refers = "seeker" },
	FORM_COL("caseworker", 0),
	FORM_COL("goal", 0),
	FORM_COL("step_1", 0),
	FORM_COL("step_1_who", 0),
	FORM_COL("step_1_due", 0),
	FORM_COL("step_1_status", 0),
	FORM_COL("step_2", 0),
	FORM_COL("step_2_who", 0),
	FORM_COL("step_2_due", 0),
	FORM_COL("step_2_status", 0),
	FORM_COL("step_3", 0),
	FORM_COL("step_3_who", 0),
	FORM_COL("step_3_due", 0),
	FORM_COL("step_3_status", 0),
	FORM_COL("step_4", 0),
	FORM_COL("step_4_who", 0),
	FORM_COL("step_4_due", 0),
	FORM_COL("step_4_status", 0),
	{ .name = "status", .type = KT_STATUS, .flags = KC_LIFE, .dflt = "open" },
	{ .name = "left_on", .type = KT_DATEOPT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "leave_reason", .type = KT_CODE, .flags = KC_LIFE, .dflt = "",
	  .codes = "hardship_exit_reason" },
	/* The person's hardship kind and basis when they left the status. */
	{ .name = "left_hardship", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "left_basis", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE | KC_FIXED, .dflt = "" },
};

/*
 * A contact with a hardship person (phone, visit, at the window) and what
 * it found, written once: two contacts are two records, never a conflict.
 * Who made it is created_by. The note is personal: shown only in the
 * person's case file, whose every view is audited.
 */
static const struct kind_column case_contact_cols[] = {
	{ .name = "seeker_id", .type = KT_ID, .flags = KC_LIFE, .dflt = "", .refers = "seeker" },
	{ .name = "contacted_on", .type = KT_DATE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "way", .type = KT_CODE, .flags = KC_LIFE, .dflt = "", .codes = "contact_way" },
	{ .name = "result", .type = KT_CODE, .flags = KC_LIFE, .dflt = "",
	  .codes = "contact_result" },
	{ .name = "note", .type = KT_TEXT, .flags = KC_LIFE | KC_PERSONAL, .dflt = "" },
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
	{ .name = "registered_on", .type = KT_DATE, .flags = KC_LIFE, .dflt = "" },
};

/*
 * An office's day closed by its supervisor (日结): the day's figures as the
 * daily report counted them (core/daily.h: the office's and each clerk's),
 * how many events they counted and the digest of those events, who closed
 * it and when. Its id derives from the office and the day, so that two
 * windows that close the same day make one record: written once, the
 * district keeps the first. A change that touches the day later shows in
 * the daily report as a correction, never in this record.
 */
static const struct kind_column closing_cols[] = {
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "day", .type = KT_DATE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "figures", .type = KT_FIGURES, .flags = KC_LIFE, .dflt = "{}" },
	{ .name = "clerks", .type = KT_FIGURES, .flags = KC_LIFE, .dflt = "{}" },
	{ .name = "counted", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "0" },
	{ .name = "digest", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "created_by", .type = KT_ACTOR, .flags = KC_LIFE, .dflt = "" },
	/* When it was closed: "YYYY-MM-DDTHH:MM:SSZ". */
	{ .name = "closed_at", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
};

/*
 * An entry of the district identity index (jobdesk(1), SCOPED TERMINALS):
 * what a scoped terminal knows of a job seeker outside its scope, keyed
 * by the seeker's record id (derived from the ID number), so that a
 * person registered elsewhere in the district is recognised at the window
 * offline. The server sends these columns of the seeker's record and no
 * other (no name, no ID number, no phone); a tombstone's entry carries
 * its redirect.
 */
static const struct kind_column identity_cols[] = {
	{ .name = "office", .type = KT_OFFICE, .flags = KC_LIFE, .dflt = "" },
	{ .name = "status", .type = KT_TEXT, .flags = KC_LIFE, .dflt = "" },
	{ .name = "valid_until", .type = KT_DATEOPT, .flags = KC_LIFE, .dflt = "" },
};

/* Indexed by enum kind_id. */
const struct kind kind_table[KIND_COUNT] = {
	[KIND_OFFICE] = { .id = KIND_OFFICE, .name = "office", .merge = KIND_MERGE_DISTRICT,
	    .key_column = "code" },
	[KIND_CODE_LIST] = { .id = KIND_CODE_LIST, .name = "code_list",
	    .merge = KIND_MERGE_DISTRICT, .flags = KF_DOCUMENT, .key_column = "list" },
	[KIND_CODE] = { .id = KIND_CODE, .name = "code", .merge = KIND_MERGE_DISTRICT },
	[KIND_FORM] = { .id = KIND_FORM, .name = "form", .merge = KIND_MERGE_DISTRICT,
	    .flags = KF_DOCUMENT },
	[KIND_EMPLOYER] = {
		.id = KIND_EMPLOYER, .name = "employer", .plural = "employers",
		.label = N_("employer"), .merge = KIND_MERGE_FIELDS,
		.flags = KF_PUSH | KF_UUID_KEY | KF_FORM, .natural = "uscc",
		.label_column = "name", .service = "employer_registration",
		.statuses = employer_statuses, .nstatuses = NELEM(employer_statuses),
		.cols = employer_cols, .ncols = NELEM(employer_cols),
	},
	[KIND_SEEKER] = {
		.id = KIND_SEEKER, .name = "seeker", .plural = "seekers",
		.label = N_("job seeker"), .merge = KIND_MERGE_FIELDS,
		.flags = KF_PUSH | KF_UUID_KEY | KF_FORM, .natural = "id_number",
		.label_column = "name", .service = "registration",
		.statuses = seeker_statuses, .nstatuses = NELEM(seeker_statuses),
		.cols = seeker_cols, .ncols = NELEM(seeker_cols),
	},
	[KIND_ACCOUNT] = { .id = KIND_ACCOUNT, .name = "account", .merge = KIND_MERGE_DISTRICT,
	    .key_column = "login" },
	/*
	 * An enrolled terminal as the district last saw it (its office, its
	 * number, the day of its last sync), for the end-of-day list of
	 * terminals that have not synced: written by the server alone.
	 */
	[KIND_TERMINAL] = { .id = KIND_TERMINAL, .name = "terminal", .merge = KIND_MERGE_DISTRICT,
	    .flags = KF_UUID_KEY },
	[KIND_VACANCY] = {
		.id = KIND_VACANCY, .name = "vacancy", .plural = "vacancies",
		.label = N_("vacancy"), .merge = KIND_MERGE_FIELDS,
		.flags = KF_PUSH | KF_UUID_KEY | KF_FORM,
		.label_column = "title", .label_parent = "employer_id", .label_sep = " - ",
		.service = "vacancy_registration",
		.statuses = vacancy_statuses, .nstatuses = NELEM(vacancy_statuses),
		.cols = vacancy_cols, .ncols = NELEM(vacancy_cols),
	},
	[KIND_REFERRAL] = {
		.id = KIND_REFERRAL, .name = "referral", .plural = "referrals",
		.label = N_("referral"), .merge = KIND_MERGE_FIELDS,
		.flags = KF_PUSH | KF_UUID_KEY | KF_CERTIFIED,
		.label_column = "number", .label_parent = "seeker_id", .label_sep = ": ",
		.service = "referral", .service_employer = "candidates",
		.statuses = referral_statuses, .nstatuses = NELEM(referral_statuses),
		.cols = referral_cols, .ncols = NELEM(referral_cols),
	},
	[KIND_PLACEMENT_CHECK] = {
		.id = KIND_PLACEMENT_CHECK, .name = "placement_check",
		.label = N_("placement check"), .merge = KIND_MERGE_APPEND,
		.flags = KF_PUSH | KF_UUID_KEY,
		.label_column = "month", .label_parent = "seeker_id", .label_sep = ": ",
		.cols = placement_check_cols, .ncols = NELEM(placement_check_cols),
	},
	[KIND_SERVICE_EVENT] = {
		.id = KIND_SERVICE_EVENT, .name = "service_event", .label = N_("service"),
		.merge = KIND_MERGE_APPEND, .flags = KF_PUSH | KF_UUID_KEY,
		.label_column = "type", .label_parent = "seeker_id", .label_sep = ": ",
		.cols = service_event_cols, .ncols = NELEM(service_event_cols),
	},
	/*
	 * No plural: sessions are in no import or export file, since their
	 * notes are personal; the person's own record shows them.
	 */
	[KIND_GUIDANCE] = {
		.id = KIND_GUIDANCE, .name = "guidance", .label = N_("guidance session"),
		.merge = KIND_MERGE_FIELDS, .flags = KF_PUSH | KF_UUID_KEY | KF_FORM | KF_GRADED,
		.label_column = "held_on", .label_parent = "seeker_id", .label_sep = ": ",
		.service = "guidance",
		.cols = guidance_cols, .ncols = NELEM(guidance_cols),
	},
	[KIND_INVENTORY] = {
		.id = KIND_INVENTORY, .name = "inventory", .label = N_("interest inventory"),
		.merge = KIND_MERGE_FIELDS, .flags = KF_PUSH | KF_UUID_KEY | KF_GRADED,
		.label_column = "code", .label_parent = "seeker_id", .label_sep = ": ",
		.statuses = inventory_statuses, .nstatuses = NELEM(inventory_statuses),
		.cols = inventory_cols, .ncols = NELEM(inventory_cols),
	},
	[KIND_ASSISTANCE_PLAN] = {
		.id = KIND_ASSISTANCE_PLAN, .name = "assistance_plan",
		.label = N_("assistance plan"), .merge = KIND_MERGE_FIELDS,
		.flags = KF_PUSH | KF_UUID_KEY | KF_FORM,
		.label_column = "registered_on", .label_parent = "seeker_id", .label_sep = ": ",
		.statuses = assistance_plan_statuses, .nstatuses = NELEM(assistance_plan_statuses),
		.cols = assistance_plan_cols, .ncols = NELEM(assistance_plan_cols),
	},
	/* No plural either: contacts hold personal notes, in no export file. */
	[KIND_CASE_CONTACT] = {
		.id = KIND_CASE_CONTACT, .name = "case_contact", .label = N_("case file contact"),
		.merge = KIND_MERGE_APPEND, .flags = KF_PUSH | KF_UUID_KEY,
		.label_column = "contacted_on", .label_parent = "seeker_id", .label_sep = ": ",
		.service = "follow_up",
		.cols = case_contact_cols, .ncols = NELEM(case_contact_cols),
	},
	[KIND_CLOSING] = {
		.id = KIND_CLOSING, .name = "closing", .label = N_("close of day"),
		.merge = KIND_MERGE_APPEND, .flags = KF_PUSH | KF_UUID_KEY,
		.label_column = "day",
		.cols = closing_cols, .ncols = NELEM(closing_cols),
	},
	[KIND_CONFLICT] = { .id = KIND_CONFLICT, .name = "conflict",
	    .merge = KIND_MERGE_DISTRICT, .flags = KF_UUID_KEY },
	/* Pulled by scoped terminals only; its key is the seeker's. */
	[KIND_IDENTITY] = { .id = KIND_IDENTITY, .name = "identity_index",
	    .merge = KIND_MERGE_DISTRICT, .flags = KF_UUID_KEY,
	    .cols = identity_cols, .ncols = NELEM(identity_cols) },
};

const struct kind *
kind_get(enum kind_id id)
{
	return &kind_table[id];
}

const struct kind *
kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < KIND_COUNT; i++)
		if (strcmp(kind_table[i].name, name) == 0)
			return &kind_table[i];
	return NULL;
}

const struct kind *
kind_by_plural(const char *plural)
{
	size_t i;

	for (i = 0; i < KIND_COUNT; i++)
		if (kind_table[i].plural != NULL && strcmp(kind_table[i].plural, plural) == 0)
			return &kind_table[i];
	return NULL;
}

const struct kind *
kind_by_service(const char *service)
{
	size_t i;

	for (i = 0; i < KIND_COUNT; i++)
		if ((kind_table[i].service != NULL && strcmp(kind_table[i].service, service) == 0) ||
		    (kind_table[i].service_employer != NULL &&
		    strcmp(kind_table[i].service_employer, service) == 0))
			return &kind_table[i];
	return NULL;
}

int
kind_column_index(const struct kind *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct kind_column *
kind_column(const struct kind *k, const char *name)
{
	int i = kind_column_index(k, name);

	return i >= 0 ? &k->cols[i] : NULL;
}

const struct kind_column *
kind_office(const struct kind *k)
{
	size_t i;

	for (i = 0; i < k->ncols; i++)
		if (k->cols[i].type == KT_OFFICE)
			return &k->cols[i];
	return NULL;
}

const struct kind_status *
kind_status(const struct kind *k, const char *value)
{
	size_t i;

	for (i = 0; i < k->nstatuses; i++)
		if (strcmp(k->statuses[i].value, value) == 0)
			return &k->statuses[i];
	return NULL;
}

const char *
kind_initial_status(const struct kind *k)
{
	return k->nstatuses > 0 ? k->statuses[0].value : "";
}

int
kind_form_column(const char *table, const char *column)
{
	const struct kind *k = kind_find(table);
	const struct kind_column *c;

	if (k == NULL || !(k->flags & KF_FORM))
		return -1;
	if (column == NULL)
		return 0;
	c = kind_column(k, column);
	return c != NULL && (c->flags & KC_FORM) ? 1 : 0;
}

const char *
kind_effective_status(const struct kind *k, const char *status, const char *valid_until,
    int today)
{
	const struct kind_status *s = kind_status(k, status);
	char t[11];

	date_format(today, t);
	if (s != NULL && s->lapses && *valid_until != '\0' && strcmp(valid_until, t) < 0)
		return "expired";
	return status;
}

/* The name a column stands under in files, or NULL when it is not in them. */
static const char *
kind_file_name(const struct kind_column *c)
{
	if (c->file_key != NULL)
		return c->file_key;
	return c->flags & (KC_FORM | KC_EXPORT) ? c->name : NULL;
}

size_t
kind_file_columns(const struct kind *k, const char **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < k->ncols && n < max; i++)
		if (kind_file_name(&k->cols[i]) != NULL)
			out[n++] = kind_file_name(&k->cols[i]);
	return n;
}

const struct kind_column *
kind_file_column(const struct kind *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->ncols; i++)
		if (kind_file_name(&k->cols[i]) != NULL &&
		    strcmp(kind_file_name(&k->cols[i]), name) == 0)
			return &k->cols[i];
	return NULL;
}

const char *
kind_status_label(const char *value)
{
	size_t i;
	const struct kind_status *s;

	for (i = 0; i < KIND_COUNT; i++)
		if ((s = kind_status(&kind_table[i], value)) != NULL)
			return s->label;
	return NULL;
}
