/*
 * Code lists as spreadsheets carry them. A code field of a file to import
 * may hold the code's Chinese name instead of the code (本市城镇 for
 * urban); an export for spreadsheets writes each code's name beside it;
 * and a file of many rows asks about the same few codes again and again.
 * A code field's cell is read by the rule of the form's pickers
 * (fieldcheck_codes_resolve with sheet_codes_resolve): a code, or a word
 * that names exactly one code, an alias (大专) as well as a whole name.
 */
#ifndef JOBDESK_SHEET_CODES_H
#define JOBDESK_SHEET_CODES_H

#include <stddef.h>

struct store;
struct sheet_codes;

/*
 * A memo of what one import or export asks of the code lists, which do
 * not change while it runs. Free with sheet_codes_free.
 */
struct sheet_codes	*sheet_codes_new(struct store *);
void			 sheet_codes_free(struct sheet_codes *);
/* codes_check, remembered: a fieldcheck_code_cb whose ctx is a struct sheet_codes. */
int			 sheet_codes_check(void *ctx, const char *list, const char *code);
/*
 * codes_resolve, remembered: a fieldcheck_resolve_cb whose ctx is a
 * struct sheet_codes.
 */
int			 sheet_codes_resolve(void *ctx, const char *list, const char *text,
			    char *out, size_t outlen);
/*
 * For a message on a text that codes_resolve finds several codes for:
 * up to four of those codes (the closest matches), each with its Chinese
 * name, joined by ", " into out.
 */
void			 sheet_codes_choices(struct sheet_codes *, const char *list,
			    const char *text, char *out, size_t outlen);
/*
 * The name of a code of list in Chinese (or English), remembered; NULL
 * for a code the list does not have. Valid until sheet_codes_free.
 */
const char		*sheet_codes_name(struct sheet_codes *, const char *list, const char *code,
			    int chinese);

#endif
