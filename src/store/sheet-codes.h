/*
 * Code lists as spreadsheets carry them. A code field of a file to import
 * may hold the code's Chinese name instead of the code (本市城镇 for
 * urban); an export for spreadsheets writes each code's name beside it;
 * and a file of many rows asks about the same few codes again and again.
 * The one name-to-code lookup of imports is sheet_code_lookup, so that it
 * can take the code lists' aliases when those come, in step with the
 * pickers' search.
 */
#ifndef JOBDESK_SHEET_CODES_H
#define JOBDESK_SHEET_CODES_H

#include <stddef.h>

struct store;
struct sheet_codes;

/*
 * The current (not deprecated) codes of list whose Chinese name is
 * exactly name: their count (0, 1, or more: the name is ambiguous), the
 * first by code into code, and up to four of them joined by ", " into
 * all (for a message; may be NULL). -1 on a database error.
 */
int	sheet_code_lookup(struct store *, const char *list, const char *name, char *code,
	    size_t codelen, char *all, size_t alllen);

/*
 * A memo of what one import or export asks of the code lists, which do
 * not change while it runs. Free with sheet_codes_free.
 */
struct sheet_codes	*sheet_codes_new(struct store *);
void			 sheet_codes_free(struct sheet_codes *);
/* codes_check, remembered: a fieldcheck_code_cb whose ctx is a struct sheet_codes. */
int			 sheet_codes_check(void *ctx, const char *list, const char *code);
/*
 * The name of a code of list in Chinese (or English), remembered; NULL
 * for a code the list does not have. Valid until sheet_codes_free.
 */
const char		*sheet_codes_name(struct sheet_codes *, const char *list, const char *code,
			    int chinese);

#endif
