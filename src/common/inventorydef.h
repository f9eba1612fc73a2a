/*
 * Interest inventory files (兴趣测评, forms/interest.inventory) as data,
 * so that an office replaces the instrument (other items, another scale,
 * other themes) without a rebuild. INI like the form files: an
 * [inventory] section (names, version, scale), one [theme.X] section per
 * theme (X its letter; its labels and the occupation groups it suggests,
 * GB/T 6565 codes), one [item.KEY] section per item in the order they are
 * asked (its theme and its statement in both languages). A bad file is
 * refused with the file, the line and the section.
 */
#ifndef JOBDESK_INVENTORYDEF_H
#define JOBDESK_INVENTORYDEF_H

#include <stddef.h>

/* Themes an inventory may have: a code names the best three by their letters. */
#define INVDEF_MAX_THEMES	8
/* Items at most: the answers are one character each in a field of 255 (FORM_MAXLEN). */
#define INVDEF_MAX_ITEMS	255
/* Occupation groups a theme may suggest. */
#define INVDEF_MAX_OCCUPATIONS	16
/*
 * The most cells an item's statement may take: one item per screen line
 * at 80 columns, after its mark, its number and before its answer.
 */
#define INVDEF_ITEM_CELLS	60
/* The most cells a theme's label may take (the chart's label column). */
#define INVDEF_LABEL_CELLS	14

struct invtheme {
	char	 letter;		/* "R", upper case */
	char	*label_zh, *label_en;
	char	*occupations[INVDEF_MAX_OCCUPATIONS];	/* occupation codes */
	size_t	 noccupations;
};

struct invitem {
	char	*key;
	size_t	 theme;			/* index into themes */
	char	*text_zh, *text_en;
};

struct invdef {
	char		*path;
	char		*name_zh, *name_en;
	char		*version;
	/* Answers are the digits scale_min..scale_max (0-9), each one key. */
	int		 scale_min, scale_max;
	char		*scale_zh, *scale_en;	/* what the digits mean, one line */
	struct invtheme	 themes[INVDEF_MAX_THEMES];
	size_t		 nthemes;
	struct invitem	*items;
	size_t		 nitems;
};

/*
 * Whether code is a code of the occupation list: 1 yes, 0 no (the file is
 * refused naming it). May be NULL: any code of the occupation code's form.
 */
typedef int (*invdef_code_cb)(void *ctx, const char *code);

/*
 * Load an inventory file; NULL with "FILE:LINE: [SECTION]: problem" in
 * err. Free with invdef_free().
 */
struct invdef	*invdef_load(const char *path, invdef_code_cb, void *ctx, char *err,
		    size_t errlen);
void		 invdef_free(struct invdef *);
/*
 * The instrument as the inventory record names it, "NAME_EN VERSION"
 * in out (a resumed inventory must be answered on the same one).
 */
void		 invdef_instrument(const struct invdef *, char *out, size_t outlen);
/* The index of the theme of this letter, or -1. */
int		 invdef_theme(const struct invdef *, char letter);

#endif
