# jobdesk — counter client for public employment service offices.
# Plain make; dependencies from pkg-config (iniparser has no .pc file).

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
LOCALEDIR  ?= $(DATADIR)/locale
# /etc for the system prefixes, else beside the rest (PREFIX=$HOME/.local never writes /etc).
SYSCONFDIR ?= $(if $(filter /usr /usr/local,$(PREFIX)),/etc,$(PREFIX)/etc)
PKG_CONFIG ?= pkg-config
CC         ?= cc
B          ?= build
BIN        ?= bin

CLIENT_PKGS = ncursesw sqlite3 libcurl jansson libsodium zlib
SERVER_PKGS = libmicrohttpd libpq jansson libsodium zlib
# Debian packages: RUN_PKGS to build and run (make run), FUZZ_PKGS also for
# make fuzz (clang's libFuzzer), CHECK_PKGS also for the tests and make bench
# (make check; script(1) is in bsdutils).
RUN_PKGS    = build-essential pkg-config libncurses-dev libsqlite3-dev libjansson-dev \
              libsodium-dev libiniparser-dev libcurl4-openssl-dev libmicrohttpd-dev libpq-dev \
              zlib1g-dev gettext
FUZZ_PKGS   = $(RUN_PKGS) clang libclang-rt-14-dev
CHECK_PKGS  = $(FUZZ_PKGS) libcmocka-dev tmux sqlite3 mandoc postgresql openssl faketime curl \
              bsdutils man-db

WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wconversion -Wsign-conversion \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla -Wpointer-arith
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c17 $(WARN) $(WERROR) $(CFLAGS) -Isrc -I/usr/include/iniparser \
           $(shell $(PKG_CONFIG) --cflags $(CLIENT_PKGS) $(SERVER_PKGS) 2>/dev/null) $(CPPFLAGS)
BASE_LIBS   = -liniparser -lm
CLIENT_LIBS = $(shell $(PKG_CONFIG) --libs $(CLIENT_PKGS) 2>/dev/null) $(BASE_LIBS)
SERVER_LIBS = $(shell $(PKG_CONFIG) --libs $(SERVER_PKGS) 2>/dev/null) $(BASE_LIBS) -lpthread
LIBS        = $(shell $(PKG_CONFIG) --libs $(CLIENT_PKGS) $(SERVER_PKGS) 2>/dev/null) \
              $(BASE_LIBS) -lpthread

# Everything but the programs' main files goes into archives the tests link
# too: the rooms both programs share, the client's rooms, the server's room.
BASE_SRC = $(wildcard src/common/*.c src/core/*.c src/wire/*.c)
BASE_LIB = $(B)/libjobdesk-base.a
LIB_SRC  = $(wildcard src/store/*.c src/sync/*.c src/print/*.c src/app/*.c src/ui/*.c src/cli/*.c)
LIB_OBJ  = $(LIB_SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/migrations.o
LIB      = $(B)/libjobdesk.a
SERVER_SRC = $(wildcard src/server/*.c)
SERVER_LIB = $(B)/libjobdeskd.a
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
MIGRATIONS = $(sort $(wildcard db/migrations/*.sql))
SERVER_MIGRATIONS = $(sort $(wildcard db/server/*.sql))
TEST_TOOLS = $(patsubst tests/sync/%.c,$(B)/tests/%,$(filter-out tests/sync/signpush.c \
             tests/sync/counsel.c tests/sync/casework.c,$(wildcard tests/sync/*.c)))
# The one tool that signs as the client does: it links the shared rooms.
SIGN_TOOL  = $(B)/tests/signpush
# The tool that writes a counsellor's records through the client's store.
COUNSEL_TOOL = $(B)/tests/counsel
# The tool that writes a hardship case file's records through the client's store.
CASEWORK_TOOL = $(B)/tests/casework
PO       = $(wildcard po/*.po)
MO       = $(PO:po/%.po=build/locale/%/LC_MESSAGES/jobdesk.mo)

.PHONY: all tests run check bench install install-man uninstall clean deps check-deps pot fuzz fuzz-check \
    fuzz-progs FORCE
all: $(BIN)/jobdesk $(BIN)/jobdeskd $(MO)

# The install directories reach the code through $(B)/dirs.h, rewritten only
# when one of them changes: then exactly the objects that use them rebuild,
# so make install PREFIX=... installs a binary that looks in PREFIX.
DIRS_OBJ = $(B)/obj/common/paths.o $(B)/obj/app/app.o $(B)/obj/server/server-config.o
$(DIRS_OBJ): $(B)/dirs.h
$(DIRS_OBJ): ALL_CFLAGS += -include $(B)/dirs.h

$(B)/dirs.h: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '/* Made by make from the install directories. */' \
	    '#define DATADIR "$(DATADIR)/jobdesk"' '#define LOCALEDIR "$(LOCALEDIR)"' \
	    '#define SYSCONFDIR "$(SYSCONFDIR)"' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; echo "new $@"; fi
FORCE:

$(BIN)/jobdesk: $(B)/obj/jobdesk.o $(LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

$(BIN)/jobdeskd: $(B)/obj/jobdeskd.o $(SERVER_LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(SERVER_LIBS)

$(B)/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/obj/migrations.o $(B)/obj/server-migrations.o: $(B)/obj/%.o: $(B)/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/migrations.c: $(MIGRATIONS) db/embed.sh
	@mkdir -p $(@D)
	sh db/embed.sh migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(B)/server-migrations.c: $(SERVER_MIGRATIONS) db/embed.sh
	@mkdir -p $(@D)
	sh db/embed.sh server_migrations $(SERVER_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BASE_LIB): $(BASE_SRC:src/%.c=$(B)/obj/%.o)
	@rm -f $@
	ar rcs $@ $^

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SERVER_LIB): $(SERVER_SRC:src/%.c=$(B)/obj/%.o) $(B)/obj/server-migrations.o
	@rm -f $@
	ar rcs $@ $^

# Every unit test links tests/unit/testlib.c, the helpers they share.
$(B)/tests/test_%: tests/unit/test_%.c tests/unit/testlib.h $(B)/tests/testlib.o $(LIB) \
    $(SERVER_LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -o $@ $< $(B)/tests/testlib.o \
	    $(LIB) $(SERVER_LIB) $(BASE_LIB) $(LDFLAGS) $(shell $(PKG_CONFIG) --libs cmocka) $(LIBS)

# Small programs the sync tests drive (a proxy that cuts connections...).
$(TEST_TOOLS): $(B)/tests/%: tests/sync/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $<

$(SIGN_TOOL): tests/sync/signpush.c $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BASE_LIB) $(LIBS)

$(COUNSEL_TOOL): tests/sync/counsel.c $(LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(BASE_LIB) $(CLIENT_LIBS)

$(CASEWORK_TOOL): tests/sync/casework.c $(LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(BASE_LIB) $(CLIENT_LIBS)

$(B)/tests/testlib.o: tests/unit/testlib.c tests/unit/testlib.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -c -o $@ $<

build/locale/%/LC_MESSAGES/jobdesk.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ --add-comments=TRANSLATORS: \
	    --package-name=jobdesk -o po/jobdesk.pot $(sort $(wildcard src/*/*.c src/*.c))
	msgmerge --quiet --update --backup=none po/zh_CN.po po/jobdesk.pot

# Install the Debian packages make run needs (deps) or make check needs
# (check-deps): as root it installs them, otherwise it prints the command to run.
deps:
	@sh tests/deps.sh $(RUN_PKGS)

check-deps:
	@sh tests/deps.sh $(CHECK_PKGS)

run: deps
	@$(MAKE) --no-print-directory all
	./$(BIN)/jobdesk $(ARGS)

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# All tests with the normal build, then all of them again built with
# AddressSanitizer and UBSan in a separate tree (build-san/).
check: check-deps
	@$(MAKE) --no-print-directory WERROR=-Werror all tests
	@sh tests/run.sh $(BIN)/jobdesk $(B)/tests
	@$(MAKE) --no-print-directory WERROR=-Werror B=build-san BIN=build-san/bin \
	    CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" all tests
	@JOBDESK_SANITIZED=1 sh tests/run.sh build-san/bin/jobdesk build-san/tests
	@$(MAKE) --no-print-directory fuzz-check

tests: $(UNIT_BIN) $(TEST_TOOLS) $(SIGN_TOOL) $(COUNSEL_TOOL) $(CASEWORK_TOOL)

# The tools the sync suites and the sync benchmark run (no cmocka needed).
.PHONY: sync-tools
sync-tools: $(TEST_TOOLS) $(SIGN_TOOL)

bench: all
	@sh tests/bench/run.sh

install: all install-man
	install -d $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(DATADIR)/jobdesk/forms $(DESTDIR)$(DATADIR)/jobdesk/codes \
	    $(DESTDIR)$(SYSCONFDIR)/jobdesk
	install -d $(DESTDIR)$(PREFIX)/sbin \
	    $(DESTDIR)$(PREFIX)/lib/systemd/system
	install -m 0755 $(BIN)/jobdesk $(DESTDIR)$(BINDIR)/jobdesk
	install -m 0755 $(BIN)/jobdeskd $(DESTDIR)$(PREFIX)/sbin/jobdeskd
	install -m 0644 etc/jobdeskd.ini $(DESTDIR)$(SYSCONFDIR)/jobdesk/jobdeskd.ini.sample
	sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    etc/jobdeskd.service > $(DESTDIR)$(PREFIX)/lib/systemd/system/jobdeskd.service
	chmod 0644 $(DESTDIR)$(PREFIX)/lib/systemd/system/jobdeskd.service
	install -m 0644 forms/*.form forms/*.letter forms/*.inventory $(DESTDIR)$(DATADIR)/jobdesk/forms/
	install -m 0644 db/codes/*.tsv $(DESTDIR)$(DATADIR)/jobdesk/codes/
	install -m 0644 etc/jobdesk.ini $(DESTDIR)$(SYSCONFDIR)/jobdesk/jobdesk.ini.sample
	for mo in $(MO); do lang=$${mo#build/locale/}; lang=$${lang%%/*}; \
	    install -D -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/jobdesk.mo; done

# The manuals alone, needing no build (tests/e2e/manual.sh installs them so).
# The Chinese page goes where man-db looks for a zh_CN locale's pages.
install-man:
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man1
	install -m 0644 man/jobdesk.1 $(DESTDIR)$(MANDIR)/man1/jobdesk.1
	install -m 0644 man/zh_CN/jobdesk.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/jobdesk.1
	install -m 0644 man/jobdesk.ini.5 $(DESTDIR)$(MANDIR)/man5/jobdesk.ini.5
	install -m 0644 man/jobdeskd.8 $(DESTDIR)$(MANDIR)/man8/jobdeskd.8
	install -m 0644 man/jobdeskd.ini.5 $(DESTDIR)$(MANDIR)/man5/jobdeskd.ini.5

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/jobdesk $(DESTDIR)$(MANDIR)/man1/jobdesk.1 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man1/jobdesk.1 $(DESTDIR)$(MANDIR)/man5/jobdesk.ini.5
	rm -f $(DESTDIR)$(PREFIX)/sbin/jobdeskd $(DESTDIR)$(MANDIR)/man8/jobdeskd.8 \
	    $(DESTDIR)$(MANDIR)/man5/jobdeskd.ini.5 \
	    $(DESTDIR)$(SYSCONFDIR)/jobdesk/jobdeskd.ini.sample \
	    $(DESTDIR)$(PREFIX)/lib/systemd/system/jobdeskd.service
	rm -rf $(DESTDIR)$(DATADIR)/jobdesk
	rm -f $(DESTDIR)$(LOCALEDIR)/*/LC_MESSAGES/jobdesk.mo

clean:
	rm -rf build build-san build-fuzz bin

-include $(LIB_OBJ:.o=.d) $(BASE_SRC:src/%.c=$(B)/obj/%.d) $(SERVER_SRC:src/%.c=$(B)/obj/%.d) \
    $(B)/obj/jobdesk.d $(B)/obj/jobdeskd.d

# --- Fuzzing (tests/fuzz/README) ---
# libFuzzer targets built with clang, AddressSanitizer and UBSan in their own
# tree (build-fuzz/): make fuzz runs each for FUZZ_SECONDS on a corpus kept in
# build-fuzz/fuzz-out/, make check a short run of each (FUZZ_CHECK_SECONDS)
# from the seed corpus alone. FUZZ_TARGETS=jscan,wire picks some.
FUZZ_CC            ?= clang
FUZZ_SECONDS       ?= 60
FUZZ_CHECK_SECONDS ?= 4
FUZZ_B      = build-fuzz
FUZZ_SAN    = -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)
FUZZ_BIN    = $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz:
	@sh tests/deps.sh $(FUZZ_PKGS)
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS)" fuzz-progs
	@sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_SECONDS) keep

fuzz-check:
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CFLAGS)" fuzz-progs
	@sh tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_CHECK_SECONDS)

fuzz-progs: $(FUZZ_BIN)

# Each target links the server's archive too: only fuzz_http needs it, and
# the linker takes nothing more than what a target uses.
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(B)/fuzz/fuzzlib.o $(SERVER_LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Werror -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< $(B)/fuzz/fuzzlib.o \
	    $(SERVER_LIB) $(BASE_LIB) $(LDFLAGS) $(SERVER_LIBS)

$(B)/fuzz/fuzzlib.o: tests/fuzz/fuzzlib.c tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Werror -c -o $@ $<

# --- Benchmarks (make bench runs tests/bench/run.sh, which builds these) ---
# benchlib.c and pty.c are not programs: every program links benchlib.c, the
# harnesses that drive the client on a pty link pty.c too.
BENCH_BIN = $(patsubst tests/bench/%.c,$(B)/bench/%,$(filter-out %/pty.c %/benchlib.c,\
            $(wildcard tests/bench/*.c)))
.PHONY: bench-progs
bench-progs: $(BENCH_BIN)

$(BENCH_BIN): $(B)/bench/benchlib.o tests/bench/benchlib.h
$(B)/bench/startup $(B)/bench/keys $(B)/bench/lowspec: $(B)/bench/pty.o tests/bench/pty.h

$(B)/bench/pty.o $(B)/bench/benchlib.o: $(B)/bench/%.o: tests/bench/%.c tests/bench/%.h \
    tests/bench/benchlib.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/bench/%: tests/bench/%.c $(LIB) $(BASE_LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(filter %.o,$^) $(LIB) $(BASE_LIB) $(LDFLAGS) $(CLIENT_LIBS) -lutil
