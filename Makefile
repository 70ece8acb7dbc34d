# termc — a compiler for legal texts.
#
#   make            build ./termc
#   make test       every test: unit (Check), end-to-end, under ASan+UBSan, under valgrind
#   make docs       out/ from sources/*.md (check, XML, HTML site, PDFs)
#   make install    PREFIX=/usr/local DESTDIR= (binary, back-ends, man page, templates)
#   make bench      bench/RESULTS.md
#   make fuzz       FUZZ_SECONDS=60
#   make clean
#
# Missing Debian packages are installed with apt-get when run as root, or the
# exact command is printed (scripts/deps.sh).

PREFIX ?= /usr/local
DESTDIR ?=
CC ?= cc
PKGS = libcmark libxslt libexslt libxml-2.0
SANITIZE = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

BASE_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -g
CFLAGS ?= -O2
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lhpdf -lhyphen -lm
FRONT_LIBS = $(shell pkg-config --libs libcmark 2>/dev/null) -lm
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null)
DATADIR = $(PREFIX)/share/termc
LIBDIR = $(PREFIX)/lib/termc

# The first rule is what a bare `make` builds.
.PHONY: all test unit e2e asan valgrind docs install uninstall clean deps bench fuzz fuzz-check regen

all: termc

SRCS = $(sort $(wildcard compiler/*.c))
LIB_SRCS = $(filter-out compiler/main.c,$(SRCS))
UNIT_SRCS = $(sort $(wildcard tests/unit/test_*.c))

OBJS = $(LIB_SRCS:compiler/%.c=build/obj/%.o)
ASAN_OBJS = $(LIB_SRCS:compiler/%.c=build/asan/%.o)
# The HTML and PDF back-ends, which need libxml2, libxslt, libharu and
# libhyphen, are a shared object that termc loads for `build` only: the other
# commands start without those libraries, whose loading alone costs more
# than checking the five texts (bench/RESULTS.md).
BACK_SRCS = $(addprefix compiler/,build.c site.c xml.c hyphenate.c layout.c linebreak.c typeset.c) \
  $(wildcard compiler/pdf*.c)
BACK_OBJS = $(BACK_SRCS:compiler/%.c=build/obj/%.o)
ASAN_BACK_OBJS = $(BACK_SRCS:compiler/%.c=build/asan/%.o)
$(BACK_OBJS) $(ASAN_BACK_OBJS): PIC = -fPIC
$(BACK_OBJS) $(ASAN_BACK_OBJS): build/pic.stamp
build/pic.stamp:
	@mkdir -p build && touch $@
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/tests/%)
ASAN_UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=build/asan-tests/%)

build/deps.stamp: scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p build && touch $@

build/obj/%.o: compiler/%.c compiler/termc.h compiler/pdf.h build/deps.stamp
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(PIC) $(PKG_CFLAGS) -DTERMC_DATADIR='"$(DATADIR)"' -DTERMC_LIBDIR='"$(LIBDIR)"' -c $< -o $@

build/asan/%.o: compiler/%.c compiler/termc.h compiler/pdf.h build/deps.stamp
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O1 $(SANITIZE) $(PIC) $(PKG_CFLAGS) -DTERMC_DATADIR='"$(DATADIR)"' -DTERMC_LIBDIR='"$(LIBDIR)"' -c $< -o $@

# The installed templates' directory is compiled into main.c: rebuild it
# when PREFIX changes, so that `make install PREFIX=/usr` finds them.
build/datadir.stamp: FORCE
	@mkdir -p build && echo '$(DATADIR) $(LIBDIR)' | cmp -s - $@ || echo '$(DATADIR) $(LIBDIR)' > $@
build/obj/main.o build/asan/main.o: build/datadir.stamp
FORCE:

build/libtermc.a: $(OBJS)
	rm -f $@ && ar rcs $@ $^

build/libtermc-asan.a: $(ASAN_OBJS)
	rm -f $@ && ar rcs $@ $^

termc: build/obj/main.o $(filter-out $(BACK_OBJS),$(OBJS)) build/termc-build.so
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -rdynamic -o $@ $(filter %.o,$^) $(FRONT_LIBS)

build/termc-build.so: $(BACK_OBJS)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -shared -o $@ $^ $(PKG_LIBS)

build/termc-asan: build/asan/main.o $(filter-out $(ASAN_BACK_OBJS),$(ASAN_OBJS)) build/termc-asan-build.so
	$(CC) $(BASE_CFLAGS) -O1 $(SANITIZE) -rdynamic -o $@ $(filter %.o,$^) $(FRONT_LIBS)

build/termc-asan-build.so: $(ASAN_BACK_OBJS)
	$(CC) $(BASE_CFLAGS) -O1 $(SANITIZE) -shared -o $@ $^ $(PKG_LIBS)

# tests/support/: helpers shared by the unit tests and the fuzz harnesses.
TEST_SUPPORT = tests/support/marked.c
TEST_SUPPORT_DEPS = $(TEST_SUPPORT) tests/support/marked.h

build/tests/%: tests/unit/%.c tests/unit/check_main.c tests/unit/unit.h $(TEST_SUPPORT_DEPS) build/libtermc.a
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(PKG_CFLAGS) -Icompiler -Itests/support -o $@ $< tests/unit/check_main.c \
	  $(TEST_SUPPORT) build/libtermc.a $(PKG_LIBS) $(CHECK_LIBS)

build/asan-tests/%: tests/unit/%.c tests/unit/check_main.c tests/unit/unit.h $(TEST_SUPPORT_DEPS) build/libtermc-asan.a
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) -O1 $(SANITIZE) $(PKG_CFLAGS) -Icompiler -Itests/support -o $@ $< tests/unit/check_main.c \
	  $(TEST_SUPPORT) build/libtermc-asan.a $(PKG_LIBS) $(CHECK_LIBS)

# Each unit binary fails when it ran no check at all (see check_main.c).
unit: $(UNIT_BINS)
	@for t in $(UNIT_BINS); do $$t || exit 1; done

e2e: termc
	@sh tests/e2e/run.sh ./termc

asan: build/termc-asan $(ASAN_UNIT_BINS)
	@for t in $(ASAN_UNIT_BINS); do $$t || exit 1; done
	@sh tests/e2e/run.sh ./build/termc-asan

valgrind: termc $(UNIT_BINS)
	@sh tests/valgrind.sh

# libFuzzer harnesses (tests/fuzz/README.md), built with clang, ASan and UBSan.
# make test fuzzes a few seconds each; make fuzz FUZZ_SECONDS=… for longer.
FUZZ_CC = clang
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 5
FUZZ_CFLAGS = $(filter-out -Werror,$(BASE_CFLAGS)) -O1 $(SANITIZE) $(PKG_CFLAGS)
FUZZ_OBJS = $(LIB_SRCS:compiler/%.c=build/fuzz/obj/%.o)
FUZZERS = build/fuzz/fuzz_pipeline build/fuzz/fuzz_refs build/fuzz/fuzz_pdf

build/fuzz/obj/%.o: compiler/%.c compiler/termc.h compiler/pdf.h build/deps.stamp
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -DTERMC_DATADIR='"$(DATADIR)"' -c $< -o $@

build/libtermc-fuzz.a: $(FUZZ_OBJS)
	rm -f $@ && ar rcs $@ $^

$(FUZZERS): build/fuzz/%: tests/fuzz/%.c $(TEST_SUPPORT_DEPS) build/libtermc-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Icompiler -Itests/support -DTEMPLATES_DIR='"$(CURDIR)/templates"' \
	  -o $@ $< $(TEST_SUPPORT) build/libtermc-fuzz.a $(PKG_LIBS)

fuzz-check: $(FUZZERS)
	@sh tests/fuzz/run.sh $(FUZZ_CHECK_SECONDS)

fuzz: $(FUZZERS)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

test: unit e2e asan valgrind fuzz-check
	@echo "make test: all tests passed"

# bench/RESULTS.md: termc against cmark and pandoc, and on corpora scaled
# from the five texts (bench/run.sh).  Never part of make test.
bench: termc
	@sh bench/run.sh

docs: termc
	./termc build -o out sources/*.md

install: termc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(DATADIR)/templates
	install -d $(DESTDIR)$(LIBDIR)
	install -m 755 termc $(DESTDIR)$(PREFIX)/bin/termc
	install -m 644 build/termc-build.so $(DESTDIR)$(LIBDIR)/termc-build.so
	install -m 644 docs/termc.1 $(DESTDIR)$(PREFIX)/share/man/man1/termc.1
	install -m 644 templates/* $(DESTDIR)$(DATADIR)/templates/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/termc $(DESTDIR)$(PREFIX)/share/man/man1/termc.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBDIR)

deps:
	@sh scripts/deps.sh

# Rewrites the golden files of tests/e2e/t_markup.sh; review with git diff.
regen: termc
	@sh tests/e2e/regen.sh

clean:
	rm -rf build termc out

-include Makefile.local
