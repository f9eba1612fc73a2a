/*
 * Scoring an interest inventory (兴趣测评): pure arithmetic on the answers
 * against the instrument (common/inventorydef.h), no I/O.
 *
 * Answers are one character per item in the file's order: the digit of
 * the answer, or INVENTORY_UNANSWERED. A theme's score is scaled to 0-100
 * so that themes with different numbers of items compare:
 * 100 * (sum of (answer - scale_min)) / (items * (scale_max - scale_min)),
 * rounded half up. The code is the letters of the best three themes,
 * highest score first; themes with equal scores keep the order of the
 * file (R, I, A, S, E, C in the shipped one).
 */
#ifndef JOBDESK_INVENTORY_H
#define JOBDESK_INVENTORY_H

#include <stddef.h>

#include "common/inventorydef.h"

#define INVENTORY_UNANSWERED	'-'
/* Letters in a code. */
#define INVENTORY_CODE_LEN	3

struct inventory_result {
	int	score[INVDEF_MAX_THEMES];	/* 0-100, by theme index */
	size_t	order[INVDEF_MAX_THEMES];	/* theme indexes, best first */
	char	code[INVENTORY_CODE_LEN + 1];	/* "SEC"; fewer letters with fewer themes */
};

/*
 * The answers of def's items made whole: answers (possibly shorter,
 * possibly from "") padded with INVENTORY_UNANSWERED to def->nitems, a
 * character that is no answer of the scale made unanswered. out holds
 * INVDEF_MAX_ITEMS + 1 bytes.
 */
void	inventory_answers_norm(const struct invdef *, const char *answers, char *out);
/* The index of the first item not answered, or def->nitems when all are. */
size_t	inventory_first_open(const struct invdef *, const char *answers);
/* How many items are answered. */
size_t	inventory_answered(const struct invdef *, const char *answers);
/* Score complete answers: 0 with r, -1 when an item is not answered or out of the scale. */
int	inventory_score(const struct invdef *, const char *answers, struct inventory_result *r);
/*
 * The scores as the record keeps them, "R=75 I=50 A=0 S=100 E=25 C=50"
 * in the file's order, into out; and read back into r (score and order
 * and code recomputed from them): 0, or -1 when text does not fit def.
 */
void	inventory_scores_text(const struct invdef *, const struct inventory_result *, char *out,
	    size_t outlen);
int	inventory_scores_parse(const struct invdef *, const char *text,
	    struct inventory_result *r);

#endif
