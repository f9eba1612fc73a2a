/*
 * The interest inventory: its file (common/inventorydef.c), the shipped
 * one included, and its scoring (core/inventory.c) against answers
 * worked out by hand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#include "common/inventorydef.h"
#include "core/inventory.h"

static char fixture[128];

static const char small_head[] =
    "[inventory]\nname_zh = 测评\nname_en = Test\nversion = 1\n"
    "scale_min = 1\nscale_max = 3\nscale_zh = 1 不 2 一般 3 是\nscale_en = 1 no 2 so-so 3 yes\n";

static struct invdef *
load_text(const char *text, char *err, size_t errlen)
{
	put("test.inventory", text);
	return invdef_load(fixture, NULL, NULL, err, errlen);
}

/* The shipped file: six themes, six items each, every occupation a code of the list. */
static void
test_shipped_file(void **state)
{
	char path[512], err[512] = "", inst[128];
	struct invdef *def;
	size_t i, count[INVDEF_MAX_THEMES] = { 0 };

	(void)state;
	snprintf(path, sizeof path, "%s/forms/interest.inventory", top());
	def = invdef_load(path, NULL, NULL, err, sizeof err);
	if (def == NULL)
		fail_msg("%s refused: %s", path, err);
	assert_int_equal(def->nthemes, 6);
	assert_int_equal(def->themes[0].letter, 'R');
	assert_string_equal(def->themes[3].label_zh, "社会型");
	assert_int_equal(def->themes[5].letter, 'C');
	assert_int_equal(def->scale_min, 1);
	assert_int_equal(def->scale_max, 5);
	for (i = 0; i < def->nitems; i++)
		count[def->items[i].theme]++;
	for (i = 0; i < 6; i++)
		assert_true(count[i] >= 6);
	assert_string_equal(def->items[0].text_zh, "修理机器或家用电器");
	assert_true(def->themes[0].noccupations > 0);
	invdef_instrument(def, inst, sizeof inst);
	assert_string_equal(inst, "Career interest inventory 2026.1");
	invdef_free(def);
}

/*
 * The shipped file's items go R I A S E C in turn, six rounds. R answered
 * 1 (0), I 2 (25), A 3 (50), S 5 (100), E 4 (75), C 4,4,4,4,4,5:
 * 19 of 24 points, 79.2, 79. Code SCE.
 */
static void
test_score_by_hand(void **state)
{
	static const char per_theme[6] = { '1', '2', '3', '5', '4', '4' };
	char path[512], err[512] = "", answers[64], text[128];
	struct invdef *def;
	struct inventory_result r, back;
	size_t i;

	(void)state;
	snprintf(path, sizeof path, "%s/forms/interest.inventory", top());
	assert_non_null(def = invdef_load(path, NULL, NULL, err, sizeof err));
	assert_int_equal(def->nitems, 36);
	for (i = 0; i < 36; i++)
		answers[i] = per_theme[i % 6];
	answers[35] = '5';		/* the last C item */
	answers[36] = '\0';
	assert_int_equal(inventory_score(def, answers, &r), 0);
	assert_int_equal(r.score[0], 0);
	assert_int_equal(r.score[1], 25);
	assert_int_equal(r.score[2], 50);
	assert_int_equal(r.score[3], 100);
	assert_int_equal(r.score[4], 75);
	assert_int_equal(r.score[5], 79);
	assert_string_equal(r.code, "SCE");
	inventory_scores_text(def, &r, text, sizeof text);
	assert_string_equal(text, "R=0 I=25 A=50 S=100 E=75 C=79");
	assert_int_equal(inventory_scores_parse(def, text, &back), 0);
	assert_string_equal(back.code, "SCE");
	assert_int_equal(back.score[5], 79);
	assert_int_equal(inventory_scores_parse(def, "R=0 I=25", &back), -1);
	assert_int_equal(inventory_scores_parse(def, "R=0 I=25 A=50 S=101 E=75 C=79", &back), -1);
	/* E and C equal at 75: the file's order, E before C. */
	answers[35] = '4';
	assert_int_equal(inventory_score(def, answers, &r), 0);
	assert_string_equal(r.code, "SEC");
	/* All equal: R I A. */
	memset(answers, '3', 36);
	assert_int_equal(inventory_score(def, answers, &r), 0);
	assert_string_equal(r.code, "RIA");
	assert_int_equal(r.score[2], 50);
	/* One item unanswered: no score. */
	answers[17] = INVENTORY_UNANSWERED;
	assert_int_equal(inventory_score(def, answers, &r), -1);
	assert_int_equal(inventory_first_open(def, answers), 17);
	assert_int_equal(inventory_answered(def, answers), 35);
	invdef_free(def);
}

/*
 * Themes with different numbers of items compare on 0-100: X has three
 * items answered 1, 2, 3 on a 1-3 scale (3 of 6 points: 50), Y one
 * answered 3 (100), Z two answered 1 and 2 (1 of 4: 25). Half rounds up:
 * W two answered 2 and 1 on 1-3 is 25 too; code YXZ.
 */
static void
test_score_scaled(void **state)
{
	char text[2048], err[512] = "", norm[INVDEF_MAX_ITEMS + 1];
	struct invdef *def;
	struct inventory_result r;

	(void)state;
	snprintf(text, sizeof text, "%s"
	    "[theme.x]\nlabel_zh = 甲\nlabel_en = X\n"
	    "[theme.y]\nlabel_zh = 乙\nlabel_en = Y\n"
	    "[theme.z]\nlabel_zh = 丙\nlabel_en = Z\n"
	    "[item.1]\ntheme = X\nzh = 一\nen = one\n"
	    "[item.2]\ntheme = x\nzh = 二\nen = two\n"
	    "[item.3]\ntheme = Y\nzh = 三\nen = three\n"
	    "[item.4]\ntheme = X\nzh = 四\nen = four\n"
	    "[item.5]\ntheme = Z\nzh = 五\nen = five\n"
	    "[item.6]\ntheme = Z\nzh = 六\nen = six\n", small_head);
	if ((def = load_text(text, err, sizeof err)) == NULL)
		fail_msg("refused: %s", err);
	assert_int_equal(def->nitems, 6);
	assert_int_equal(inventory_score(def, "123312", &r), 0);
	assert_int_equal(r.score[0], 50);
	assert_int_equal(r.score[1], 100);
	assert_int_equal(r.score[2], 25);
	assert_string_equal(r.code, "YXZ");
	/* 4 is off a 1-3 scale: not an answer. */
	assert_int_equal(inventory_score(def, "123412", &r), -1);
	inventory_answers_norm(def, "14", norm);
	assert_string_equal(norm, "1-----");
	assert_int_equal(inventory_first_open(def, "1"), 1);
	invdef_free(def);
	/* Half up: 1 of 8 points is 12.5, 13. */
	snprintf(text, sizeof text, "[inventory]\nname_zh = 测评\nname_en = Test\nversion = 1\n"
	    "scale_min = 1\nscale_max = 5\nscale_zh = 1-5\nscale_en = 1-5\n"
	    "[theme.a]\nlabel_zh = 甲\nlabel_en = A\n"
	    "[item.1]\ntheme = A\nzh = 一\nen = one\n"
	    "[item.2]\ntheme = A\nzh = 二\nen = two\n");
	assert_non_null(def = load_text(text, err, sizeof err));
	assert_int_equal(inventory_score(def, "12", &r), 0);
	assert_int_equal(r.score[0], 13);
	assert_string_equal(r.code, "A");
	invdef_free(def);
}

/* A malformed file is refused, naming the file, the line and what is wrong. */
static void
test_malformed(void **state)
{
	static const struct {
		const char	*body;
		const char	*line;		/* "FILE:LINE" tail expected */
		const char	*says;
	} cases[] = {
		{ "[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n", ":1:",
		  "starts with an [inventory] section" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\ncolour = red\n", ":12:",
		  "unknown key \"colour\"" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n"
		  "[item.1]\ntheme = Q\nzh = 一\nen = one\n", ":13:",
		  "theme \"Q\" is not one of the file's" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n"
		  "[item.1]\ntheme = R\nzh = 一\n", ":12:", "en is missing" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\noccupations = 4-12-01 4-1\n",
		  ":12:", "\"4-1\" is not an occupation code" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n[theme.i]\nlabel_zh = 研究型\n"
		  "label_en = I\n[item.1]\ntheme = R\nzh = 一\nen = one\n", "", "theme I has no item" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n[item.1]\ntheme = R\n"
		  "zh = 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\nen = one\n",
		  ":14:", "zh is 62 columns wide; at most 60 fit" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n[theme.r2]\n", ":12:",
		  "[theme.X], X one letter" },
		{ "@HEAD[part.1]\n", ":9:", "unknown section" },
		{ "@HEAD[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n", ":1:",
		  "no [item.KEY] section" },
	};
	char text[2048], err[512], want[256];
	const char *body;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		body = cases[i].body;
		if (strncmp(body, "@HEAD", 5) == 0)
			snprintf(text, sizeof text, "%s%s", small_head, body + 5);
		else
			snprintf(text, sizeof text, "%s", body);
		err[0] = '\0';
		if (load_text(text, err, sizeof err) != NULL)
			fail_msg("case %zu was not refused", i);
		snprintf(want, sizeof want, "%s%s", fixture, cases[i].line);
		assert_mentions(err, want);
		assert_mentions(err, cases[i].says);
	}
	/* The scale: one digit, max above min. */
	snprintf(text, sizeof text, "[inventory]\nname_zh = 测评\nname_en = Test\nversion = 1\n"
	    "scale_min = 3\nscale_max = 3\nscale_zh = x\nscale_en = x\n");
	assert_null(load_text(text, err, sizeof err));
	snprintf(want, sizeof want, "%s:6:", fixture);
	assert_mentions(err, want);
	assert_mentions(err, "scale_max must be one digit, above scale_min");
	snprintf(text, sizeof text, "[inventory]\nname_zh = 测评\nname_en = Test\nversion = 1\n"
	    "scale_min = 1\nscale_max = 10\nscale_zh = x\nscale_en = x\n");
	assert_null(load_text(text, err, sizeof err));
	assert_mentions(err, "scale_max must be one digit");
}

/* Occupation codes the list does not hold are refused by the caller's check. */
static int
only_4(void *ctx, const char *code)
{
	(void)ctx;
	return code[0] == '4';
}

static void
test_occupation_check(void **state)
{
	char text[2048], err[512] = "";

	(void)state;
	snprintf(text, sizeof text, "%s[theme.r]\nlabel_zh = 现实型\nlabel_en = R\n"
	    "occupations = 4-12-01, 6-18-01\n[item.1]\ntheme = R\nzh = 一\nen = one\n", small_head);
	put("test.inventory", text);
	assert_null(invdef_load(fixture, only_4, NULL, err, sizeof err));
	assert_mentions(err, "\"6-18-01\" is not a code of the occupation list");
}

static int
setup(void **state)
{
	(void)state;
	if (tmpdir_make("inventory") != 0)
		return -1;
	snprintf(fixture, sizeof fixture, "%s/test.inventory", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = { "test.inventory", NULL };

	(void)state;
	return tmpdir_remove(names);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_file),
		cmocka_unit_test(test_score_by_hand),
		cmocka_unit_test(test_score_scaled),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_occupation_check),
	};

	if (utf8_locale("test_inventory") != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
