/*
 * Form definitions: the unified business forms (the .form files in forms/) as data.
 * A form file has a [form] section (names, the table it fills, the label
 * column width) and one section per field, in tab order. A bad file is
 * reported with the file, the line and the field.
 */
#ifndef JOBDESK_FORMDEF_H
#define JOBDESK_FORMDEF_H

#include <stddef.h>

#include "common/fields.h"

enum field_type {
	FIELD_TEXT,
	FIELD_IDNUM,	/* GB 11643 citizen ID number */
	FIELD_USCC,	/* GB 32100 unified social credit code */
	FIELD_PHONE,
	FIELD_DATE,
	FIELD_INT,
	FIELD_CODE,	/* a code from a code list, picked or typed */
	FIELD_CODES,	/* several codes of one list, joined by "," */
	FIELD_BOOL,	/* yes or no */
	FIELD_PASSWORD,	/* shown as stars, never trimmed */
};

/*
 * Rows a form may use. Row r is screen row r + 1: screen row 0 is the
 * title, 19 the record's status line, 20 its referrals (or another line
 * of the record's screen), 21 to 23 message, status and legend.
 */
#define FORM_FIRST_ROW	1
#define FORM_LAST_ROW	17
#define FORM_COLS	80
/*
 * The longest value a field may hold, in characters: 255 characters of up
 * to 4 bytes each fit the 1024-byte buffers that checks and forms use.
 */
#define FORM_MAXLEN	255
/* Default maxlen of a codes field: room for a whole short list, joined. */
#define FORMDEF_CODES_MAXLEN	200
/*
 * A phone field holds every way of writing a number that the phone rule
 * accepts ("+86 138 0013 8000", "(010) 6500 1234"), scrolling sideways:
 * its default is not its width either.
 */
#define FORMDEF_PHONE_MAXLEN	24

/*
 * What a code field of the region list takes: a district of an address
 * (a street or township typed there is refused), a street or township of
 * an address (one outside the district of its form's district field is
 * warned about), or an area (a district, or a street for a closer place:
 * where a vacancy is, where a seeker wants to work). Its picker lists
 * codes of that level first.
 */
enum field_region {
	FIELD_REGION_NONE,
	FIELD_REGION_DISTRICT,
	FIELD_REGION_STREET,
	FIELD_REGION_AREA,
};

struct formfield {
	char		*key;
	char		*label_zh, *label_en;
	char		*help_zh, *help_en;
	int		 row, col;	/* of the label; the input follows it */
	int		 width;		/* input width in cells, plus one for the cursor */
	enum field_type	 type;
	int		 required;
	int		 readonly;	/* shown, filled by the program (e.g. sex from the ID number) */
	long		 maxlen;	/* characters */
	long		 min, max;	/* FIELD_INT bounds */
	char		*codes;		/* FIELD_CODE, FIELD_CODES: the code list */
	enum field_region region;	/* FIELD_CODE of the region list: district, street, area */
	char		*within;	/* a street field: the key of its district field, or NULL */
};

struct formdef {
	char			*path;
	char			*name_zh, *name_en;
	char			*table;
	int			 label_width;
	size_t			 n;
	struct formfield	*fields;
};

/*
 * Whether a form of table may name column: 1 yes, 0 no, -1 the table has
 * no form (column NULL asks about the table alone).
 */
typedef int (*formdef_columns_cb)(const char *table, const char *column);

/* Load a form file; NULL with "FILE:LINE: field \"KEY\": problem" in err. Free with formdef_free(). */
struct formdef		*formdef_load(const char *path, formdef_columns_cb columns,
			    char *err, size_t errlen);
/*
 * Load a form from its text (a form file the server holds): as
 * formdef_load(), with name (e.g. "seeker.form") standing for the file in
 * messages and in path. The text goes through a private temporary file,
 * since iniparser reads only files.
 */
struct formdef		*formdef_load_text(const char *text, const char *name,
			    formdef_columns_cb columns, char *err, size_t errlen);
void			 formdef_free(struct formdef *);
/*
 * A form file's text as the fields of a "form" record in sync: "parts"
 * (the count, decimal) and "text_1" to "text_N", each at most maxpart
 * bytes and cut only after a line's LF, so that every value fits a field
 * of the sync protocol. formdef_text_join() puts the text together again:
 * a new string (caller frees), or NULL if a part is missing.
 */
void			 formdef_text_split(const char *text, size_t maxpart, struct fields *out);
char			*formdef_text_join(const struct fields *);
/* A folder of forms and the check of their columns, for formdef_install. */
struct formdef_dir {
	const char		*path;
	formdef_columns_cb	 columns;
};
/*
 * Install the text of the form of table name as ctx's (a struct
 * formdef_dir) path/name.form, whole or not at all: 0 installed, 1
 * refused because it is no form of that table (logged; the form there
 * stays), -1 a failure to write with err.
 */
int			 formdef_install(void *ctx, const char *name, const char *text, char *err,
			    size_t errlen);
const struct formfield	*formdef_field(const struct formdef *, const char *key);
/* Label, help and form name in the clerk's language (see formdef_set_chinese). */
const char		*formfield_label(const struct formfield *);
const char		*formfield_help(const struct formfield *);
const char		*formdef_name(const struct formdef *);
/* Choose which of the two labels to show: non-zero for Chinese. */
void			 formdef_set_chinese(int);
int			 formdef_chinese(void);
/* Name of a field type as written in form files. */
const char		*formdef_type_name(enum field_type);

#endif
