/*
 * Unit tests for src/print/print.c: a file gets the text appended whole
 * with a form feed, GB18030 and CR LF as configured; a command gets the
 * exact bytes on its stdin and a failing one is an error naming it; the
 * terminal gets the text between the media copy sequences.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "print/print.h"

#include "testlib.h"

/* A file's bytes into b (reset first); -1 if it cannot be read. */
static int
slurp(const char *path, struct buf *b)
{
	char chunk[4096];
	size_t n;
	FILE *fp = fopen(path, "rb");

	buf_reset(b);
	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(b, chunk, n);
	fclose(fp);
	return 0;
}

/* A target of kind with everything else at the defaults. */
static struct print_target
target(enum print_kind kind)
{
	struct print_target t = {
		.kind = kind,
		.command = "lp",
		.printer = "",
		.path = "",
		.tty_fd = -1,
		.encoding = PRINT_UTF8,
	};

	return t;
}

/* Two letters printed to a file follow one another, each with its form feed; mode 0600. */
static void
test_file_appends(void **state)
{
	static const char letter[] = "推荐介绍信\n编号：1\n";
	struct print_target t = target(PRINT_FILE);
	struct buf b = BUF_INIT;
	char err[512] = "";
	struct stat sb;

	(void)state;
	t.path = tmp("letters.txt");
	assert_int_equal(print_text(&t, letter, strlen(letter), err, sizeof err), 0);
	assert_int_equal(slurp(t.path, &b), 0);
	assert_int_equal(b.len, strlen(letter) + 1);
	assert_memory_equal(b.data, "推荐介绍信\n编号：1\n\f", b.len);
	assert_int_equal(print_text(&t, "x\n", 2, err, sizeof err), 0);
	assert_int_equal(slurp(t.path, &b), 0);
	assert_int_equal(b.len, strlen(letter) + 4);
	assert_memory_equal(b.data + strlen(letter) + 1, "x\n\f", 3);
	assert_int_equal(stat(t.path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	buf_free(&b);
	unlink(t.path);
}

/* GB18030 output: 中 is D6 D0; with CR LF every LF gets its CR, an existing one no second. */
static void
test_file_gb18030_crlf(void **state)
{
	struct print_target t = target(PRINT_FILE);
	struct buf b = BUF_INIT;
	char err[512] = "";

	(void)state;
	t.path = tmp("gb.txt");
	t.encoding = PRINT_GB18030;
	t.crlf = 1;
	assert_int_equal(print_text(&t, "中\na\r\n", 7, err, sizeof err), 0);
	assert_int_equal(slurp(t.path, &b), 0);
	assert_int_equal(b.len, 8);
	assert_memory_equal(b.data, "\xd6\xd0\r\na\r\n\f", 8);
	/* A character outside GBK takes GB18030's four bytes: U+20000 is 95 32 82 36. */
	buf_reset(&b);
	t.crlf = 0;
	assert_int_equal(print_encode(&t, "\xf0\xa0\x80\x80", 4, &b, err, sizeof err), 0);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "\x95\x32\x82\x36", 4);
	buf_free(&b);
	unlink(t.path);
}

/* Text that is not UTF-8 is refused for GB18030, and the file is left as it was. */
static void
test_gb18030_bad_utf8(void **state)
{
	struct print_target t = target(PRINT_FILE);
	struct buf b = BUF_INIT;
	char err[512] = "";

	(void)state;
	t.path = tmp("bad.txt");
	t.encoding = PRINT_GB18030;
	assert_int_equal(print_text(&t, "ab\xff", 3, err, sizeof err), -1);
	assert_mentions(err, "not valid UTF-8 at byte 2");
	assert_int_equal(slurp(t.path, &b), -1);
	buf_free(&b);
}

/* A file that cannot be opened is an error naming it. */
static void
test_file_cannot_open(void **state)
{
	struct print_target t = target(PRINT_FILE);
	char err[512] = "";

	(void)state;
	t.path = tmp("no-such-folder/letters.txt");
	assert_int_equal(print_text(&t, "x\n", 2, err, sizeof err), -1);
	assert_mentions(err, "no-such-folder/letters.txt");
	t.path = "";
	assert_int_equal(print_text(&t, "x\n", 2, err, sizeof err), -1);
}

/* Writes an executable script to name in the temporary folder; its path. */
static const char *
script(const char *name, const char *body)
{
	const char *path = put(name, body);

	assert_int_equal(chmod(path, 0700), 0);
	return path;
}

/* A command that succeeds gets the exact bytes on its stdin, and -d PRINTER when set. */
static void
test_command_delivers(void **state)
{
	struct print_target t = target(PRINT_COMMAND);
	struct buf b = BUF_INIT;
	char err[512] = "", cmd[512], body[512];
	static const char text[] = "推荐介绍信\n\n- - 沿此线剪开 - -\n";

	(void)state;
	snprintf(body, sizeof body, "#!/bin/sh\ncat > '%s'\nprintf '%%s|' \"$@\" > '%s'\n",
	    tmp("got.txt"), tmp("args.txt"));
	snprintf(cmd, sizeof cmd, "%s  -o  raw", script("lp.sh", body));
	t.command = cmd;
	t.printer = "counter-2";
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), 0);
	assert_int_equal(slurp(tmp("got.txt"), &b), 0);
	assert_int_equal(b.len, strlen(text));
	assert_memory_equal(b.data, text, b.len);
	assert_int_equal(slurp(tmp("args.txt"), &b), 0);
	assert_string_equal(buf_str(&b), "-o|raw|-d|counter-2|");
	/* No printer: no -d. */
	t.printer = "";
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), 0);
	assert_int_equal(slurp(tmp("args.txt"), &b), 0);
	assert_string_equal(buf_str(&b), "-o|raw|");
	buf_free(&b);
	unlink(tmp("got.txt"));
	unlink(tmp("args.txt"));
	unlink(tmp("lp.sh"));
}

/* A command that fails or does not exist is an error naming it; the text is the caller's still. */
static void
test_command_fails(void **state)
{
	struct print_target t = target(PRINT_COMMAND);
	char err[512] = "", text[] = "推荐介绍信\n";

	(void)state;
	t.command = "false";
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), -1);
	assert_mentions(err, "\"false\" failed with exit status 1");
	assert_string_equal(text, "推荐介绍信\n");
	t.command = "jobdesk-no-such-print-command -d x";
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), -1);
	assert_mentions(err, "cannot run \"jobdesk-no-such-print-command\"");
	t.command = script("complain.sh", "#!/bin/sh\ncat >/dev/null\n"
	    "echo 'lp: The printer or class does not exist.' >&2\necho second >&2\nexit 3\n");
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), -1);
	assert_mentions(err, "exit status 3: lp: The printer or class does not exist.");
	assert_null(strstr(err, "second"));
	t.command = "   ";
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), -1);
	assert_mentions(err, "no print command");
	unlink(tmp("complain.sh"));
}

/* A command that exits without reading a long text neither kills us (SIGPIPE) nor succeeds. */
static void
test_command_stops_reading(void **state)
{
	struct print_target t = target(PRINT_COMMAND);
	char err[512] = "", *big;
	size_t len = 1 << 20;

	(void)state;
	big = malloc(len);
	assert_non_null(big);
	memset(big, 'x', len);
	t.command = "true";
	assert_int_equal(print_text(&t, big, len, err, sizeof err), -1);
	assert_mentions(err, "\"true\" ended before it read the whole text");
	free(big);
}

/*
 * A command that hangs (a printer that does not answer) is stopped after
 * its time: the window gets an error, not a freeze. Both a command that
 * reads nothing and one that reads and then waits.
 */
static void
test_command_hangs(void **state)
{
	struct print_target t = target(PRINT_COMMAND);
	char err[512] = "", text[] = "推荐介绍信\n";

	(void)state;
	t.timeout = 1;
	t.command = "sleep 30";
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), -1);
	assert_mentions(err, "\"sleep\" did not finish in 1 seconds and was stopped");
	t.command = script("hang.sh", "#!/bin/sh\ncat >/dev/null\nexec sleep 30\n");
	assert_int_equal(print_text(&t, text, strlen(text), err, sizeof err), -1);
	assert_mentions(err, "did not finish in 1 seconds");
	unlink(tmp("hang.sh"));
}

/* Media copy: the terminal gets ESC [ 5 i, the text (CR LF as set), ESC [ 4 i. */
static void
test_media_copy(void **state)
{
	struct print_target t = target(PRINT_TERMINAL);
	char err[512] = "", got[256];
	ssize_t n;
	int fds[2];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	t.tty_fd = fds[1];
	assert_int_equal(print_text(&t, "编号：1\n", 11, err, sizeof err), 0);
	n = read(fds[0], got, sizeof got);
	assert_int_equal(n, 4 + 11 + 4);
	assert_memory_equal(got, "\033[5i编号：1\n\033[4i", (size_t)n);
	t.crlf = 1;
	t.encoding = PRINT_GB18030;
	assert_int_equal(print_text(&t, "中\n", 4, err, sizeof err), 0);
	n = read(fds[0], got, sizeof got);
	assert_int_equal(n, 4 + 4 + 4);
	assert_memory_equal(got, "\033[5i\xd6\xd0\r\n\033[4i", (size_t)n);
	close(fds[0]);
	close(fds[1]);
	t.tty_fd = -1;
	assert_int_equal(print_text(&t, "x\n", 2, err, sizeof err), -1);
	assert_mentions(err, "no terminal");
}

static int
setup(void **state)
{
	(void)state;
	return tmpdir_make("print");
}

static int
teardown(void **state)
{
	static const char *const names[] = { NULL };

	(void)state;
	return tmpdir_remove(names);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_appends),
		cmocka_unit_test(test_file_gb18030_crlf),
		cmocka_unit_test(test_gb18030_bad_utf8),
		cmocka_unit_test(test_file_cannot_open),
		cmocka_unit_test(test_command_delivers),
		cmocka_unit_test(test_command_fails),
		cmocka_unit_test(test_command_stops_reading),
		cmocka_unit_test(test_command_hangs),
		cmocka_unit_test(test_media_copy),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
