/*
 * Letter templates: the referral letter (推荐介绍信) and its receipt stub
 * (回执) as data, forms/referral.letter. The file is INI like the form
 * files: a [letter] section (the letter's names) and one section per
 * language, [zh] and [en], whose keys are the letter's lines in order.
 * A key's name before its first "." says how its line is laid out (see
 * enum letter_align); the rest only keeps keys apart. A line's text holds
 * placeholders, "{name}", "{name:WIDTH}" or "{name:WIDTH|fill-in}", from
 * the fixed set of enum letter_slot; "{{" is a "{". A bad file is reported
 * with the file, the line and the key.
 */
#ifndef JOBDESK_LETTERDEF_H
#define JOBDESK_LETTERDEF_H

#include <stddef.h>

/* The width of a letter in display cells: a line never goes past it. */
#define LETTER_COLS	80

/* How a line is laid out: the part of its key before the first ".". */
enum letter_align {
	LETTER_TEXT,	/* "text": as written (quote it to keep leading blanks) */
	LETTER_CENTER,	/* "center": centred */
	LETTER_RIGHT,	/* "right": flush right */
	LETTER_PARA,	/* "para": a paragraph, wrapped at LETTER_COLS */
	LETTER_BLANK,	/* "blank": an empty line; its value must be empty */
	LETTER_CUT,	/* "cut": its text between runs of "- " across the page */
};

/* What a placeholder stands for; the names are those of letterdef_slot_name(). */
enum letter_slot {
	LETTER_NUMBER,		/* number: the referral (letter) number */
	LETTER_DATE,		/* date: the day of the referral */
	LETTER_OFFICE,		/* office: the office's name */
	LETTER_CLERK,		/* clerk: the clerk's name */
	LETTER_SEEKER_NAME,	/* seeker_name */
	LETTER_SEEKER_SEX,	/* seeker_sex */
	LETTER_SEEKER_IDNUM,	/* seeker_idnum: the full number; the layout masks it */
	LETTER_SEEKER_PHONE,	/* seeker_phone */
	LETTER_EMPLOYER_NAME,	/* employer_name */
	LETTER_EMPLOYER_ADDRESS, /* employer_address */
	LETTER_EMPLOYER_CONTACT, /* employer_contact: the person to see */
	LETTER_EMPLOYER_PHONE,	/* employer_phone: the contact's phone */
	LETTER_VACANCY_TITLE,	/* vacancy_title */
	LETTER_OCCUPATION,	/* occupation: the occupation's name */
	LETTER_WAGE,		/* wage: the wage range as text */
	LETTER_INTERVIEW_DATE,	/* interview_date: may be empty */
	LETTER_INTERVIEW_PLACE,	/* interview_place: may be empty */
	LETTER_REPRINT,		/* reprint: the body's reprint mark on a reprint, else empty */
	LETTER_SLOT_COUNT
};

/* One piece of a line: literal UTF-8 text, or a placeholder. */
struct letterpart {
	char		*text;		/* literal text; NULL for a placeholder */
	enum letter_slot slot;
	int		 width;		/* the most cells the value may take */
	char		*fill;		/* shown when the value is empty; "" for none */
};

struct letterline {
	char			*key;
	int			 line;		/* in the file */
	enum letter_align	 align;
	size_t			 n;
	struct letterpart	*parts;
};

/* One language's letter. */
struct letterbody {
	char			*reprint;	/* the mark, such as "补打" */
	size_t			 n;
	struct letterline	*lines;
};

struct letterdef {
	char			*path;
	char			*name_zh, *name_en;
	struct letterbody	 zh, en;
};

/*
 * Load a letter file; NULL with "FILE:LINE: key \"KEY\": problem" (or
 * "FILE:LINE: problem") in err. Besides what the file says, a line other
 * than a paragraph must fit LETTER_COLS with every value at its widest.
 * Free the result with letterdef_free().
 */
struct letterdef	*letterdef_load(const char *path, char *err, size_t errlen);
void			 letterdef_free(struct letterdef *);
/* The body of a language, "zh" or "en"; NULL for another. Points into def. */
const struct letterbody	*letterdef_body(const struct letterdef *, const char *lang);
/* A slot's name as placeholders and the values' keys spell it, such as "seeker_name". */
const char		*letterdef_slot_name(enum letter_slot);

#endif
