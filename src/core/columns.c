/*
 * The columns a form may name: see columns.h.
 */
#include <string.h>

#include "core/columns.h"

const char *const seeker_columns[] = {
	"id_number", "name", "sex", "birth_date", "phone", "household", "district", "street",
	"address", "education", "major", "skills", "experience", "desired_occupation",
	"desired_wage", "desired_district", "category", "hardship", "hardship_basis", NULL
};
const char *const employer_columns[] = {
	"uscc", "name", "type", "industry", "district", "address", "contact", "phone",
	"hard_to_recruit", NULL
};
const char *const vacancy_columns[] = {
	"occupation", "title", "headcount", "wage_min", "wage_max", "education", "age_min",
	"age_max", "district", "hours", "description", "valid_until", NULL
};

/* The columns a form of table may name, or NULL: a static list. */
const char *const *
columns_of_form(const char *table)
{
	if (strcmp(table, "seeker") == 0)
		return seeker_columns;
	if (strcmp(table, "employer") == 0)
		return employer_columns;
	if (strcmp(table, "vacancy") == 0)
		return vacancy_columns;
	return NULL;
}
