/* Unit tests for the session's message log (src/common/msglog.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/msglog.h"

#include "testlib.h"

/* Newest first, each with its time, kind and text. */
static void
test_order(void **state)
{
	struct msglog *l = msglog_new(5);
	const struct msglog_entry *e;

	(void)state;
	assert_int_equal(msglog_count(l), 0);
	assert_null(msglog_get(l, 0));
	msglog_add(l, 100, 1, "saved: 王小明");
	msglog_add(l, 101, 3, "ID number: wrong check digit");
	msglog_add(l, 102, 2, "nothing changed");
	assert_int_equal(msglog_count(l), 3);
	e = msglog_get(l, 0);
	assert_string_equal(e->text, "nothing changed");
	assert_int_equal(e->kind, 2);
	assert_int_equal(e->when, 102);
	assert_int_equal(e->count, 1);
	assert_string_equal(msglog_get(l, 1)->text, "ID number: wrong check digit");
	assert_int_equal(msglog_get(l, 1)->kind, 3);
	assert_string_equal(msglog_get(l, 2)->text, "saved: 王小明");
	assert_int_equal(msglog_get(l, 2)->when, 100);
	assert_null(msglog_get(l, 3));
	msglog_free(l);
}

/* A full log lets the oldest go, however often it goes round. */
static void
test_bounded(void **state)
{
	struct msglog *l = msglog_new(3);
	char text[32];
	int i;

	(void)state;
	for (i = 1; i <= 10; i++) {
		snprintf(text, sizeof text, "message %d", i);
		msglog_add(l, i, 1, text);
		assert_int_equal(msglog_count(l), i < 3 ? i : 3);
	}
	assert_string_equal(msglog_get(l, 0)->text, "message 10");
	assert_string_equal(msglog_get(l, 1)->text, "message 9");
	assert_string_equal(msglog_get(l, 2)->text, "message 8");
	assert_null(msglog_get(l, 3));
	msglog_free(l);

	/* A log of one keeps the last message only. */
	l = msglog_new(1);
	msglog_add(l, 1, 1, "a");
	msglog_add(l, 2, 1, "b");
	assert_int_equal(msglog_count(l), 1);
	assert_string_equal(msglog_get(l, 0)->text, "b");
	msglog_free(l);
}

/* The same message straight after counts again; another between keeps both. */
static void
test_fold(void **state)
{
	struct msglog *l = msglog_new(10);

	(void)state;
	msglog_add(l, 10, 3, "wrong login or password");
	msglog_add(l, 11, 3, "wrong login or password");
	msglog_add(l, 12, 3, "wrong login or password");
	assert_int_equal(msglog_count(l), 1);
	assert_int_equal(msglog_get(l, 0)->count, 3);
	assert_int_equal(msglog_get(l, 0)->when, 12);
	/* The same text as another kind is another message. */
	msglog_add(l, 13, 1, "wrong login or password");
	assert_int_equal(msglog_count(l), 2);
	assert_int_equal(msglog_get(l, 0)->count, 1);
	msglog_add(l, 14, 3, "wrong login or password");
	assert_int_equal(msglog_count(l), 3);
	assert_int_equal(msglog_get(l, 0)->count, 1);
	assert_int_equal(msglog_get(l, 2)->count, 3);
	msglog_free(l);
}

/* Clearing forgets every message; the log is usable after. */
static void
test_clear(void **state)
{
	struct msglog *l = msglog_new(4);

	(void)state;
	msglog_add(l, 1, 1, "saved: 王小明");
	msglog_add(l, 2, 1, "saved: 李小龙");
	msglog_clear(l);
	assert_int_equal(msglog_count(l), 0);
	assert_null(msglog_get(l, 0));
	/* Not folded into a message that was cleared. */
	msglog_add(l, 3, 1, "saved: 李小龙");
	assert_int_equal(msglog_count(l), 1);
	assert_int_equal(msglog_get(l, 0)->count, 1);
	msglog_free(l);
	msglog_free(NULL);
}

/* A text longer than a message keeps is cut before a character, never inside one. */
static void
test_long_text(void **state)
{
	struct msglog *l = msglog_new(2);
	char text[MSGLOG_TEXT_MAX + 8];
	size_t i, len;

	(void)state;
	/* "ab" then 张 (three bytes) over and over: 511 bytes would end inside a 张. */
	memcpy(text, "ab", 2);
	for (i = 2; i + 3 < sizeof text; i += 3)
		memcpy(text + i, "张", 3);
	text[i] = '\0';
	msglog_add(l, 1, 1, text);
	len = strlen(msglog_get(l, 0)->text);
	assert_true(len < MSGLOG_TEXT_MAX);
	assert_int_equal((len - 2) % 3, 0);
	assert_true(len >= MSGLOG_TEXT_MAX - 3);
	assert_memory_equal(msglog_get(l, 0)->text, text, len);
	msglog_free(l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_clear),
		cmocka_unit_test(test_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
