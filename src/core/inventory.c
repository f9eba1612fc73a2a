/* Scoring an interest inventory: see inventory.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/inventory.h"

/* Whether c answers an item on def's scale. */
static int
inventory_valid(const struct invdef *def, char c)
{
	return c >= '0' + def->scale_min && c <= '0' + def->scale_max;
}

void
inventory_answers_norm(const struct invdef *def, const char *answers, char *out)
{
	size_t i, have = strlen(answers);

	for (i = 0; i < def->nitems && i < INVDEF_MAX_ITEMS; i++)
		out[i] = i < have && inventory_valid(def, answers[i]) ? answers[i] :
		    INVENTORY_UNANSWERED;
	out[i] = '\0';
}

size_t
inventory_first_open(const struct invdef *def, const char *answers)
{
	size_t i, have = strlen(answers);

	for (i = 0; i < def->nitems; i++)
		if (i >= have || !inventory_valid(def, answers[i]))
			return i;
	return def->nitems;
}

size_t
inventory_answered(const struct invdef *def, const char *answers)
{
	size_t i, n = 0, have = strlen(answers);

	for (i = 0; i < def->nitems && i < have; i++)
		if (inventory_valid(def, answers[i]))
			n++;
	return n;
}

/* Order the themes by score, best first; equal scores keep the file's order (stable). */
static void
inventory_rank(const struct invdef *def, struct inventory_result *r)
{
	size_t i, j, n = def->nthemes;

	for (i = 0; i < n; i++)
		r->order[i] = i;
	/* Insertion sort: stable, and there are at most INVDEF_MAX_THEMES. */
	for (i = 1; i < n; i++) {
		size_t t = r->order[i];

		for (j = i; j > 0 && r->score[r->order[j - 1]] < r->score[t]; j--)
			r->order[j] = r->order[j - 1];
		r->order[j] = t;
	}
	for (i = 0; i < n && i < INVENTORY_CODE_LEN; i++)
		r->code[i] = def->themes[r->order[i]].letter;
	r->code[i] = '\0';
}

int
inventory_score(const struct invdef *def, const char *answers, struct inventory_result *r)
{
	long sum[INVDEF_MAX_THEMES] = { 0 }, count[INVDEF_MAX_THEMES] = { 0 }, span, den;
	size_t i;

	memset(r, 0, sizeof *r);
	if (strlen(answers) < def->nitems)
		return -1;
	for (i = 0; i < def->nitems; i++) {
		if (!inventory_valid(def, answers[i]))
			return -1;
		sum[def->items[i].theme] += answers[i] - '0' - def->scale_min;
		count[def->items[i].theme]++;
	}
	span = def->scale_max - def->scale_min;
	for (i = 0; i < def->nthemes; i++) {
		den = count[i] * span;
		/* Half up in integers: (200 * sum + den) / (2 * den). */
		r->score[i] = den > 0 ? (int)((200 * sum[i] + den) / (2 * den)) : 0;
	}
	inventory_rank(def, r);
	return 0;
}

void
inventory_scores_text(const struct invdef *def, const struct inventory_result *r, char *out,
    size_t outlen)
{
	size_t i, at = 0;

	out[0] = '\0';
	for (i = 0; i < def->nthemes && at < outlen; i++)
		at += (size_t)snprintf(out + at, outlen - at, "%s%c=%d", i > 0 ? " " : "",
		    def->themes[i].letter, r->score[i]);
}

int
inventory_scores_parse(const struct invdef *def, const char *text, struct inventory_result *r)
{
	int seen[INVDEF_MAX_THEMES] = { 0 }, t;
	const char *p = text;
	char *end;
	long v;
	size_t i;

	memset(r, 0, sizeof *r);
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if ((t = invdef_theme(def, p[0])) < 0 || p[1] != '=' || seen[t])
			return -1;
		v = strtol(p + 2, &end, 10);
		if (end == p + 2 || v < 0 || v > 100 || (*end != ' ' && *end != '\0'))
			return -1;
		r->score[t] = (int)v;
		seen[t] = 1;
		p = end;
	}
	for (i = 0; i < def->nthemes; i++)
		if (!seen[i])
			return -1;
	inventory_rank(def, r);
	return 0;
}
