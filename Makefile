# runcheck - a running-injury self-check
#
#   make run      build, then start the quiz on the built-in tree
#   make check    every test: the core archive's symbols (check-core), unit
#                 (cmocka), end-to-end, ASan+UBSan, valgrind
#   make install  PREFIX=/usr/local DESTDIR=  (and make uninstall)
#   make deb      a Debian package of the program, manuals and kiosk files
#   make bench    loading, hash flooding, start-up and walk counting, timed
#
# Variables a packager may set: CC, CPPFLAGS, CFLAGS, LDFLAGS (added after
# the project's own flags, so theirs win), PREFIX, DESTDIR, STATIC=1 (link
# readline, jansson and SQLite into the binary, for kiosks), WERROR=1
# (warnings are errors: make check and CI set it; a user's make does not).
#
# run, check, lint, bench and deb install the Debian packages they need,
# and only those pkg-config (or the PATH) says are missing, when apt-get
# exists; otherwise they name what to install (build-aux/deps.sh).

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
# The program finds its catalogs in ../share/locale beside its bin/: a
# LOCALEDIR elsewhere is for a packager who links it there.
LOCALEDIR  ?= $(PREFIX)/share/locale
# systemd finds units in /usr/local/lib/systemd/system as well as in
# /lib/systemd/system (where a Debian 12 package puts them).
UNITDIR    ?= $(PREFIX)/lib/systemd/system
DESTDIR    ?=
# STATIC=1 links readline, jansson and SQLite in (see BIN_LIBS below).
STATIC     ?= 0
CC         ?= cc
PKG_CONFIG ?= pkg-config

# BUILD is where objects go; the sanitizer build uses its own folder.
BUILD      ?= build
SANITIZE   ?=

PKGS       = yaml-0.1 readline jansson sqlite3 libqrencode libunibreak
# libpq's flags hold -D_XOPEN_SOURCE=600, which would hide what the C17
# and POSIX 2008 of the rest need: only its include folder is taken. The
# program loads libpq with dlopen when a PostgreSQL store is opened
# (store_pg.c says why) and does not link it; the tests link it for their
# own set-up of a test database.
PQ_LIBS     := $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null)
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) \
	       $(shell $(PKG_CONFIG) --cflags-only-I libpq 2>/dev/null)
DEPS_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# Speech for `runcheck kiosk --speak` (src/app/speak.c) is built in when
# pkg-config finds libespeak-ng (`make deps` and `make check` install it);
# SPEAK=0 builds without it, and --speak then says it is unavailable. It is
# linked as a shared library, whose voice data lives beside it.
SPEAK      ?= $(shell $(PKG_CONFIG) --exists espeak-ng 2>/dev/null && echo 1)
ifeq ($(SPEAK),1)
SPEAK_DEFS  := -DHAVE_ESPEAK_NG
SPEAK_LIBS  := $(shell $(PKG_CONFIG) --libs espeak-ng)
DEPS_CFLAGS += $(SPEAK_DEFS) $(shell $(PKG_CONFIG) --cflags espeak-ng)
DEPS_LIBS   += $(SPEAK_LIBS)
endif

# -Werror only when asked: a user's compiler, newer than ours, may warn
# about more, and should still build runcheck. The test targets (make
# check and what it runs, so CI too) ask, and pass it on to their makes.
TEST_GOALS = check unit e2e asan valgrind
ifneq ($(filter $(TEST_GOALS),$(MAKECMDGOALS)),)
WERROR ?= 1
endif
WERROR ?= 0
export WERROR
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes \
       -Wmissing-prototypes -Wformat=2 -Wvla -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN += -Werror
endif
# The project's flags, then the user's CPPFLAGS; each rule then adds the
# user's CFLAGS (or LDFLAGS) after the project's, so that the user's win
# (make CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS=-O2, or dpkg-buildflags').
# Include folders are not here: each layer's objects and tests say theirs.
RC_CFLAGS = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	    -O2 -g $(WARN) $(DEPS_CFLAGS) $(CPPFLAGS)
ifneq ($(SANITIZE),)
RC_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all
RC_LDFLAGS += -fsanitize=address,undefined
endif

# The source is in layers, each an archive of its own, compiled with the
# headers of its own layer and of those below it only, so that an include
# the wrong way fails the build:
#   src/core    loading, checking and walking a tree: C on libyaml and
#               libc alone (check-core says so from the archive)
#   src/store   the clinic's database               sees core
#   src/render  output formats, and wrapping text   sees core, store
#   src/app     the commands and the terminal       sees everything
# The program is main.c on the four archives; the app archive holds the
# built-in tree and clinic (embedded.o), which the commands load.
LAYERS     = core store render app
SRC_INC    = $(LAYERS:%=-Isrc/%)
SRC_H      = $(wildcard $(LAYERS:%=src/%/*.h))
CORE_INC   = -Isrc/core
STORE_INC  = $(CORE_INC) -Isrc/store
RENDER_INC = $(STORE_INC) -Isrc/render
APP_INC    = $(RENDER_INC) -Isrc/app
$(BUILD)/obj/core/%.o:   LAYER_INC = $(CORE_INC)
$(BUILD)/obj/store/%.o:  LAYER_INC = $(STORE_INC)
$(BUILD)/obj/render/%.o: LAYER_INC = $(RENDER_INC)
$(BUILD)/obj/app/%.o:    LAYER_INC = $(APP_INC)

layer_obj   = $(patsubst src/%.c,$(BUILD)/obj/%.o,$(wildcard src/$(1)/*.c))
CORE_SRC    = $(wildcard src/core/*.c)
CORE_LIB    = $(BUILD)/librunchk-core.a
STORE_LIB   = $(BUILD)/librunchk-store.a
RENDER_LIB  = $(BUILD)/librunchk-render.a
LIB         = $(BUILD)/librunchk.a
LIB_SRC     = $(filter-out src/app/main.c,$(wildcard $(LAYERS:%=src/%/*.c)))
APP_OBJ     = $(filter-out $(BUILD)/obj/app/main.o,$(call layer_obj,app)) \
	      $(BUILD)/obj/embedded.o
# What each layer links, its archive first and the libraries last.
CORE_LINK   = $(CORE_LIB) $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null)
STORE_LINK  = $(STORE_LIB) $(CORE_LINK) \
	      $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null)
RENDER_LINK = $(RENDER_LIB) $(STORE_LINK) \
	      $(shell $(PKG_CONFIG) --libs jansson libqrencode libunibreak \
	      2>/dev/null)
APP_LINK    = $(LIB) $(RENDER_LIB) $(STORE_LIB) $(CORE_LIB) $(DEPS_LIBS)
BIN         = $(BUILD)/runcheck

# A unit test links the layer of the module it tests and those below it,
# and is compiled with that layer's include path, as the module is.
TEST_SRC    = $(wildcard tests/unit/test_*.c)
TEST_BIN    = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
CORE_TESTS  = corpus diag engine hostile paths paths2 sha256 source strtab \
	      suggest text texts tree tree2 walks
STORE_TESTS = store
RENDER_TESTS = chart csv fhir pot qr result render_graph render_report \
	       render_walklist wrap
CORE_TEST_BIN   = $(CORE_TESTS:%=$(BUILD)/tests/test_%)
STORE_TEST_BIN  = $(STORE_TESTS:%=$(BUILD)/tests/test_%)
RENDER_TEST_BIN = $(RENDER_TESTS:%=$(BUILD)/tests/test_%)
APP_TEST_BIN    = $(filter-out $(CORE_TEST_BIN) $(STORE_TEST_BIN) \
		  $(RENDER_TEST_BIN),$(TEST_BIN))
EMBED    = questions/runner-injuries.yaml questions/clinic.yaml

.PHONY: all run check unit e2e asan valgrind deps check-deps install fuzz \
	uninstall clean format format-check lint bench deb check-core catalogs \
	pot locale

all: runcheck locale

# `make` leaves the program in the repository's root, as ./runcheck.
runcheck: $(BIN)
	cp $(BIN) $@

# The catalogs (GNU gettext): each po/DOMAIN/LANG.po (the interface's
# domain runcheck, a tree's runcheck-tree-ID, the clinic's
# runcheck-clinic) becomes $(BUILD)/locale/LANG/LC_MESSAGES/DOMAIN.mo,
# where the program finds them beside itself (build/runcheck and the
# root's ./runcheck alike; l10n.h). po/draft holds dictionaries, not
# catalogs.
PO_SRC = $(filter-out po/draft/%,$(wildcard po/*/*.po))
po_domain = $(patsubst po/%/,%,$(dir $(1)))
po_lang = $(basename $(notdir $(1)))
MO = $(foreach f,$(PO_SRC),$(BUILD)/locale/$(call po_lang,$(f))/LC_MESSAGES/$(call po_domain,$(f)).mo)
define MO_RULE
$(BUILD)/locale/$(call po_lang,$(1))/LC_MESSAGES/$(call po_domain,$(1)).mo: $(1)
	@mkdir -p $$(@D)
	msgfmt --check -o $$@.tmp $$< && mv $$@.tmp $$@
endef
$(foreach f,$(PO_SRC),$(eval $(call MO_RULE,$(f))))

locale: $(MO)

# The interface's template, po/runcheck.pot: every text marked _(), N_()
# or P_() in the render and app layers (i18n.h), the words a person types
# (NC_ in l10n.c), and the engine's refusals (set_reason and tr in
# engine.c, engine_set_translate).
# Committed, for translators; make pot after changing a marked text, then
# msgmerge each po/runcheck/LANG.po with it.
POT_SRC = $(sort $(wildcard src/render/*.c src/app/*.c)) src/core/engine.c
po/runcheck.pot: $(POT_SRC) src/render/i18n.h
	xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS: \
		--keyword=_ --keyword=N_ --keyword=P_:1,2 \
		--keyword=set_reason:3 --keyword=tr --keyword=NC_:1c,2 \
		--flag=set_reason:3:c-format --flag=P_:1:c-format \
		--flag=P_:2:c-format \
		--package-name=runcheck --package-version=$(VERSION) \
		--msgid-bugs-address=runcheck@example.org \
		--sort-by-file -o $@.tmp $(POT_SRC) && mv $@.tmp $@

# What building needs, and what the tests need too, each as
# KIND:NAME=DEBIAN-PACKAGE: build-aux/deps.sh installs a package only when
# pkg-config (lib:), the PATH (cmd:), python3 (py:) or a file (path:) says
# that it is missing, and names it when apt-get is not there to.
BUILD_NEEDS = cmd:$(firstword $(CC))=gcc cmd:$(PKG_CONFIG)=pkg-config \
	lib:yaml-0.1=libyaml-dev lib:readline=libreadline-dev \
	lib:jansson=libjansson-dev lib:sqlite3=libsqlite3-dev \
	lib:libqrencode=libqrencode-dev lib:libunibreak=libunibreak-dev \
	lib:libpq=libpq-dev \
	path:/usr/include/gettext-po.h=libgettextpo-dev cmd:msgfmt=gettext \
	lib:espeak-ng=libespeak-ng-dev
ifeq ($(STATIC),1)
BUILD_NEEDS += lib:tinfo=libncurses-dev
endif
CHECK_NEEDS = $(BUILD_NEEDS) lib:cmocka=libcmocka-dev cmd:valgrind=valgrind \
	cmd:tmux=tmux cmd:python3=python3 cmd:dot=graphviz cmd:sqlite3=sqlite3 \
	cmd:msginit=gettext cmd:cage=cage cmd:foot=foot \
	'path:/usr/lib/postgresql/*/bin/initdb=postgresql' \
	path:/usr/share/consolefonts/Lat15-TerminusBold32x16.psf.gz=console-setup-linux \
	cmd:psfgettable=kbd
DEPS = PKG_CONFIG=$(PKG_CONFIG) build-aux/deps.sh
deps:
	@$(DEPS) $(BUILD_NEEDS)
check-deps:
	@$(DEPS) $(CHECK_NEEDS)
	@# The FHIR tests' validator (tests/fhir, its version pinned in the
	@# lock file): Node.js from Debian and the package from npm, when they
	@# can be had; the tests say SKIP otherwise.
	@$(DEPS) cmd:node=nodejs cmd:npm=npm 2>/dev/null || \
		echo "SKIP: Node.js and npm cannot be installed: FHIR output not validated"
	@if command -v npm >/dev/null && [ ! -d tests/fhir/node_modules ]; then \
		(cd tests/fhir && npm ci --no-audit --no-fund --silent) || \
		echo "SKIP: the FHIR validator cannot be installed from npm"; \
	fi

run: deps
	@$(MAKE) --no-print-directory all
	@# Status 1 is the person quitting before a result (quit, Ctrl-D, or
	@# Ctrl-C, which the quiz reads as a key and not as a signal to the
	@# whole process group, so that make is not interrupted): not a failure.
	./runcheck || [ $$? -eq 1 ]

$(BUILD)/obj/%.o: src/%.c $(SRC_H) | $(BUILD)/obj
	@mkdir -p $(@D)
	$(CC) $(RC_CFLAGS) $(LAYER_INC) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

$(CORE_LIB): $(call layer_obj,core)
$(STORE_LIB): $(call layer_obj,store)
$(RENDER_LIB): $(call layer_obj,render)
$(LIB): $(APP_OBJ)
$(CORE_LIB) $(STORE_LIB) $(RENDER_LIB) $(LIB):
	rm -f $@
	ar rcs $@ $^

# The core's archive may call into libc and libyaml and nothing else.
check-core: $(CORE_LIB)
	@tests/core_symbols.sh $(CORE_LIB) \
		"$$($(CC) -print-file-name=libc.so.6)" \
		"$$($(CC) -print-file-name=libc_nonshared.a)" \
		"$$($(CC) -print-file-name=libyaml.so)"

# The shipped tree and clinic are compiled in, so the binary runs anywhere.
$(BUILD)/embedded.c: $(EMBED) build-aux/embed.sh | $(BUILD)/obj
	build-aux/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/embedded.o: $(BUILD)/embedded.c
	$(CC) $(RC_CFLAGS) $(APP_INC) $(CFLAGS) -c -o $@ $<

# Every library is linked shared by default, as a distribution wants it:
# a security update to one of them reaches runcheck without a rebuild.
# libpq (PostgreSQL's client) is not linked at all: store_pg.c loads the
# shared library (Debian ships no static one) only when a PostgreSQL store
# is opened, so its security updates apply at once and its 25 libraries
# cost a quiz nothing. So is libgettextpo, GNU gettext's PO reader
# (libgettextpo-dev for its header, libgettextpo0 at run time): catalog.c
# loads it when lint or report --lang reads a catalog, and nothing else
# maps it or the libunistring it needs.
#
# STATIC=1 (for kiosks, and what make bench measures): the libraries that
# Debian ships as archives (readline with tinfo, jansson, SQLite) are
# linked into the binary: mapping them at every start cost more than
# loading the shipped tree (profile in tests/bench/RESULTS.md), and a kiosk
# binary then carries what it needs. After a security update to one of
# them, rebuild and reinstall. libyaml stays a shared library: it parses
# the files a user gives, so its security updates should reach runcheck
# without a rebuild, and it is then the very code that the benchmark's
# bare parse runs (linked in, its speed moved by a few per cent with where
# our own code put it). libqrencode and libunibreak (of which Debian
# ships no archive) stay shared too. STATIC=1 needs the .a files of
# libreadline-dev, libncurses-dev, libjansson-dev and libsqlite3-dev.
STATIC_PKGS = readline tinfo jansson sqlite3
ifeq ($(STATIC),1)
BIN_LIBS := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null) \
	    -Wl,-Bstatic $(shell $(PKG_CONFIG) --libs $(STATIC_PKGS) 2>/dev/null) \
	    -Wl,-Bdynamic $(shell $(PKG_CONFIG) --libs libqrencode libunibreak \
	    2>/dev/null) \
	    $(SPEAK_LIBS) -lm
else
BIN_LIBS := $(DEPS_LIBS)
endif

# What objects and the program were last built with, in $(BUILD): when
# the flags change (make CFLAGS=-O0 after make, make STATIC=1), what was
# built with the old ones is removed, and so rebuilt. -Werror is left out,
# as it changes no object: make after make check rebuilds nothing.
COMPILE_FLAGS = $(CC) $(filter-out -Werror,$(RC_CFLAGS) $(CFLAGS))
LINK_FLAGS    = $(CC) $(RC_LDFLAGS) $(LDFLAGS) $(BIN_LIBS)
# Not for goals that build nothing, nor under make -n (which must change
# nothing).
NO_BUILD_GOALS = clean uninstall format format-check deps check-deps
ifeq ($(findstring n,$(firstword -$(MAKEFLAGS))),)
ifneq ($(if $(MAKECMDGOALS),$(filter-out $(NO_BUILD_GOALS),$(MAKECMDGOALS)),all),)
ifneq ($(file <$(BUILD)/compile.flags),$(strip $(COMPILE_FLAGS)))
$(shell rm -rf $(BUILD)/obj; mkdir -p $(BUILD))
$(file >$(BUILD)/compile.flags,$(strip $(COMPILE_FLAGS)))
endif
ifneq ($(file <$(BUILD)/link.flags),$(strip $(LINK_FLAGS)))
$(shell rm -f $(BIN); mkdir -p $(BUILD))
$(file >$(BUILD)/link.flags,$(strip $(LINK_FLAGS)))
endif
endif
endif

$(BIN): $(BUILD)/obj/app/main.o $(LIB) $(RENDER_LIB) $(STORE_LIB) $(CORE_LIB)
	$(CC) $(RC_LDFLAGS) $(LDFLAGS) -o $@ $^ $(BIN_LIBS)

$(CORE_TEST_BIN): TEST_INC = $(CORE_INC)
$(CORE_TEST_BIN): TEST_LINK = $(CORE_LINK)
$(CORE_TEST_BIN): $(CORE_LIB)
# The store's tests set up a PostgreSQL database of their own with libpq.
$(STORE_TEST_BIN): TEST_INC = $(STORE_INC)
$(STORE_TEST_BIN): TEST_LINK = $(STORE_LINK) $(PQ_LIBS)
$(STORE_TEST_BIN): $(STORE_LIB) $(CORE_LIB)
$(RENDER_TEST_BIN): TEST_INC = $(RENDER_INC)
$(RENDER_TEST_BIN): TEST_LINK = $(RENDER_LINK)
$(RENDER_TEST_BIN): $(RENDER_LIB) $(STORE_LIB) $(CORE_LIB)
$(APP_TEST_BIN): TEST_INC = $(APP_INC)
$(APP_TEST_BIN): TEST_LINK = $(APP_LINK) $(PQ_LIBS)
$(APP_TEST_BIN): $(LIB) $(RENDER_LIB) $(STORE_LIB) $(CORE_LIB)

# The program as the tests' hooks need it (build/tests/runcheck-hooks):
# the visit compiled with RUNCHECK_TEST_HOOKS, which the shipped program
# never is, so that RUNCHECK_KIOSK_TEST_CRASH=1 can crash a kiosk session
# on demand (tests/e2e/kiosk.py). Everything else is the shipped code.
HOOKS_BIN = $(BUILD)/tests/runcheck-hooks
HOOKS_OBJ = $(BUILD)/obj/app/visit-hooks.o

$(HOOKS_OBJ): src/app/visit.c $(SRC_H) | $(BUILD)/obj
	@mkdir -p $(@D)
	$(CC) $(RC_CFLAGS) $(APP_INC) -DRUNCHECK_TEST_HOOKS $(CFLAGS) -c -o $@ $<

$(HOOKS_BIN): $(BUILD)/obj/app/main.o $(HOOKS_OBJ) \
		$(filter-out $(BUILD)/obj/app/visit.o,$(APP_OBJ)) \
		$(RENDER_LIB) $(STORE_LIB) $(CORE_LIB) | $(BUILD)/tests
	$(CC) $(RC_LDFLAGS) $(LDFLAGS) -o $@ $^ $(BIN_LIBS)


$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) | $(BUILD)/tests
	$(CC) $(RC_CFLAGS) $(TEST_INC) -Itests/unit $(CFLAGS) -o $@ $< \
		$(RC_LDFLAGS) $(LDFLAGS) $(TEST_LINK) $(CMOCKA_LIBS)

# The store's tests run on SQLite and on a PostgreSQL server of their own
# (tests/pg.sh: one server for a whole make check).
PG = tests/pg.sh

unit: $(TEST_BIN)
	@$(PG) sh -c 'set -e; for t in $(TEST_BIN); do echo "== $$t"; $$t; done'

# A writer of the database for the booking tests and the crash test.
STORE_TOOL = $(BUILD)/tests/store_tool
$(STORE_TOOL): tests/e2e/store_tool.c tests/unit/store_request.h $(STORE_LIB) $(CORE_LIB) | $(BUILD)/tests
	$(CC) $(RC_CFLAGS) $(STORE_INC) $(CFLAGS) -o $@ $< $(RC_LDFLAGS) \
		$(LDFLAGS) $(STORE_LINK) $(PQ_LIBS)

e2e: $(BIN) $(STORE_TOOL) $(HOOKS_BIN) locale
	@RUNCHECK=$(BIN) RUNCHECK_HOOKS=$(HOOKS_BIN) tests/e2e/run.sh
	@RUNCHECK=$(BIN) tests/e2e/golden.sh
	@RUNCHECK=$(BIN) STORE_TOOL=$(STORE_TOOL) $(PG) tests/e2e/bookings.sh
	@RUNCHECK=$(BIN) tests/e2e/tools.sh
	@python3 tests/e2e/routes_tty.py $(BIN)
	@python3 tests/e2e/glyphs.py $(BIN)
	@python3 tests/e2e/screens.py $(BIN)
	@# Chinese at 40 and 80 columns in tmux: no line over the width.
	@python3 tests/e2e/width_tty.py $(BIN)
	@RUNCHECK=$(BIN) tests/e2e/walks.sh
	@RUNCHECK=$(BIN) tests/e2e/signoff.sh
	@RUNCHECK=$(BIN) tests/e2e/catalogs.sh
	@# The walks in every language, the language chosen and the words
	@# typed in it (the catalogs of $(BUILD)/locale).
	@python3 tests/e2e/languages.py $(BIN)
	@python3 tests/e2e/kiosk_lang.py $(BIN)
	@MAKE="$(MAKE)" tests/e2e/install.sh
	@# Every ```console example of the README, run and compared.
	@RUNCHECK=$(BIN) tests/e2e/readme.sh
	@# Runners' stories and the shipped tree's kept walks: each must reach
	@# its outcome with its triage.
	$(BIN) test --tree questions/runner-injuries.yaml \
		tests/vignettes/stories.yaml tests/vignettes/independent/stories.yaml \
		tests/walks/runner-injuries.yaml

# The same unit and end-to-end tests under ASan and UBSan.
# tests/lsan.supp: leaks inside libgettextpo, not runcheck's.
asan:
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		$(MAKE) --no-print-directory BUILD=build/asan SANITIZE=1 unit e2e

# End-to-end walks of the real binary under valgrind's memcheck.
valgrind: $(BIN)
	@RUNCHECK=$(BIN) tests/e2e/valgrind.sh

# Every catalog in po/ passes GNU gettext's own check (msgfmt --check),
# and the shipped catalogs of the tree and the clinic pass lint against
# the shipped tree and clinic file.
INTERFACE_PO = $(wildcard po/runcheck/*.po)
SHIPPED_PO = $(wildcard po/runcheck-tree-runner-injuries/*.po \
		po/runcheck-clinic/*.po)
# The templates in po/ must be what runcheck po writes now (make pot
# writes them again after an edit of the English).
POT_TREE   = po/runcheck-tree-runner-injuries.pot
POT_CLINIC = po/runcheck-clinic.pot
catalogs: $(BIN)
	@for f in $(wildcard po/*/*.po); do \
		msgfmt --check -o /dev/null "$$f" || exit 1; \
	done
	@$(BIN) po --tree questions/runner-injuries.yaml | cmp -s - $(POT_TREE) \
		|| { echo "$(POT_TREE) is out of date: make pot"; exit 1; }
	@$(BIN) po --clinic questions/clinic.yaml | cmp -s - $(POT_CLINIC) \
		|| { echo "$(POT_CLINIC) is out of date: make pot"; exit 1; }
	$(BIN) lint --tree questions/runner-injuries.yaml \
		--clinic questions/clinic.yaml $(SHIPPED_PO)
	@# The interface's catalogs against its template (none: nothing).
	$(if $(INTERFACE_PO),$(BIN) lint --pot po/runcheck.pot $(INTERFACE_PO))

# make pot: the interface's template (po/runcheck.pot, above) and the
# tree's and clinic's.
pot: po/runcheck.pot $(BIN)
	$(BIN) po --tree questions/runner-injuries.yaml > $(POT_TREE).tmp
	mv $(POT_TREE).tmp $(POT_TREE)
	$(BIN) po --clinic questions/clinic.yaml > $(POT_CLINIC).tmp
	mv $(POT_CLINIC).tmp $(POT_CLINIC)

check: check-deps
	@$(MAKE) --no-print-directory check-core
	@$(MAKE) --no-print-directory catalogs
	@$(PG) sh -c '$(MAKE) --no-print-directory unit && \
		$(MAKE) --no-print-directory e2e && \
		$(MAKE) --no-print-directory asan && \
		$(MAKE) --no-print-directory valgrind'
	@echo "make check: all tests passed"

# The kiosk's files (src/systemd): the units where systemd finds them,
# the kiosk shell beside the program, and the drop-ins, which change what
# a unit does as soon as they are in /etc, where they do nothing until
# copied (README.md, "Running a kiosk"), with foot.ini, the terminal's
# settings for runcheck-kiosk-cage.service. @BINDIR@ in them becomes
# BINDIR, @SHAREDIR@ SHAREDIR.
UNITS    = runcheck-kiosk.service runcheck-kiosk-cage.service \
	   runcheck-purge.service runcheck-purge.timer
DROPINS  = getty-autologin.conf runcheck-kiosk-remote.conf \
	   runcheck-kiosk-speak.conf runcheck-purge-remote.conf foot.ini
SHAREDIR = $(DATADIR)/runcheck/systemd
SUBST    = sed -e '/^\#/!s|@BINDIR@|$(BINDIR)|g' \
	       -e '/^\#/!s|@SHAREDIR@|$(SHAREDIR)|g'

install: $(BIN) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SHAREDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/runcheck
	$(SUBST) src/systemd/runcheck-kiosk-shell > $(DESTDIR)$(BINDIR)/runcheck-kiosk-shell
	chmod 755 $(DESTDIR)$(BINDIR)/runcheck-kiosk-shell
	for f in $(UNITS); do \
		$(SUBST) src/systemd/$$f > $(DESTDIR)$(UNITDIR)/$$f && \
		chmod 644 $(DESTDIR)$(UNITDIR)/$$f || exit 1; \
	done
	for f in $(DROPINS); do \
		$(SUBST) src/systemd/$$f > $(DESTDIR)$(SHAREDIR)/$$f && \
		chmod 644 $(DESTDIR)$(SHAREDIR)/$$f || exit 1; \
	done
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 644 src/man/runcheck.1 $(DESTDIR)$(MANDIR)/man1/runcheck.1
	install -m 644 src/man/runcheck-tree.5 $(DESTDIR)$(MANDIR)/man5/runcheck-tree.5
	@# The catalogs, where the program looks beside its bin/ (l10n.h).
	for f in $(MO:$(BUILD)/locale/%=%); do \
		install -D -m 644 $(BUILD)/locale/$$f \
			$(DESTDIR)$(LOCALEDIR)/$$f || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/runcheck $(DESTDIR)$(BINDIR)/runcheck-kiosk-shell
	rm -f $(UNITS:%=$(DESTDIR)$(UNITDIR)/%) $(DROPINS:%=$(DESTDIR)$(SHAREDIR)/%)
	-rmdir $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(DATADIR)/runcheck 2>/dev/null
	rm -f $(DESTDIR)$(MANDIR)/man1/runcheck.1
	rm -f $(DESTDIR)$(MANDIR)/man5/runcheck-tree.5
	rm -f $(MO:$(BUILD)/locale/%=$(DESTDIR)$(LOCALEDIR)/%)
	@# A language's folders only when no other program's catalog is left.
	-rmdir $(sort $(dir $(MO:$(BUILD)/locale/%=$(DESTDIR)$(LOCALEDIR)/%))) 2>/dev/null
	-rmdir $(sort $(dir $(patsubst %/,%,$(dir $(MO:$(BUILD)/locale/%=$(DESTDIR)$(LOCALEDIR)/%))))) 2>/dev/null

# A Debian package of the program, its manual pages and the kiosk's files,
# built as a distribution builds: shared libraries, dpkg-buildflags'
# hardening flags, PREFIX=/usr and Debian 12's /lib/systemd/system;
# lintian then checks it (build/deb/lintian.txt).
VERSION       := $(shell sed -n 's/^\#define RUNCHECK_VERSION "\(.*\)"/\1/p' src/app/main.c)
DEB_MAINTAINER ?= runcheck maintainers <runcheck@example.org>
DEB_DIR        = build/deb
DEB_FLAGS      = $(shell DEB_BUILD_MAINT_OPTIONS=hardening=+all \
		   dpkg-buildflags --get $(1) 2>/dev/null)
DEB_NEEDS      = cmd:dpkg-deb=dpkg cmd:dpkg-shlibdeps=dpkg-dev \
		 cmd:dpkg-buildflags=dpkg-dev cmd:lintian=lintian

deb:
	@$(DEPS) $(BUILD_NEEDS) $(DEB_NEEDS)
	rm -rf $(DEB_DIR)/root $(DEB_DIR)/*.deb
	$(MAKE) --no-print-directory BUILD=$(DEB_DIR)/build STATIC=0 \
		PREFIX=/usr UNITDIR=/lib/systemd/system \
		DESTDIR=$(abspath $(DEB_DIR)/root) \
		CPPFLAGS="$(call DEB_FLAGS,CPPFLAGS)" \
		CFLAGS="$(call DEB_FLAGS,CFLAGS)" \
		LDFLAGS="$(call DEB_FLAGS,LDFLAGS)" install
	build-aux/deb.sh $(DEB_DIR)/root $(VERSION) "$(DEB_MAINTAINER)" \
		$(DEB_DIR)/runcheck_$(VERSION)_$$(dpkg --print-architecture).deb
	lintian --info $(DEB_DIR)/*.deb > $(DEB_DIR)/lintian.txt; \
		status=$$?; cat $(DEB_DIR)/lintian.txt; exit $$status

# libFuzzer targets for everything that parses input (tests/fuzz): built
# with clang from the core archive's sources (and the terminal's line
# reader for fuzz_line), each run FUZZ_SECONDS.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD    = build/fuzz
FUZZ_TARGETS  = tree clinic answer line walks
FUZZ_SRC      = $(CORE_SRC)
FUZZ_CFLAGS   = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer $(CORE_INC) -Itests/fuzz $(DEPS_CFLAGS)
FUZZ_LIBS     = $(shell $(PKG_CONFIG) --libs yaml-0.1)
# The line reader is the terminal's (src/app), on GNU readline.
$(FUZZ_BUILD)/fuzz_line: FUZZ_SRC += src/app/term.c
$(FUZZ_BUILD)/fuzz_line: FUZZ_CFLAGS += -Isrc/app
$(FUZZ_BUILD)/fuzz_line: FUZZ_LIBS += $(shell $(PKG_CONFIG) --libs readline)
$(FUZZ_BUILD)/fuzz_line: src/app/term.c

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h \
		$(CORE_SRC) $(SRC_H)
	@mkdir -p $(FUZZ_BUILD)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_SRC) $(FUZZ_LIBS)

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Static analysis: clang-tidy (.clang-tidy) and cppcheck (with the
# justified suppressions in .cppcheck-suppressions). LINT_SRC narrows it.
LINT_SRC ?= $(wildcard $(LAYERS:%=src/%/*.c))
LINT_INC  = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(SRC_INC) \
	    -I$(BUILD) $(DEPS_CFLAGS)

lint:
	@$(DEPS) cmd:clang-tidy=clang-tidy \
		cmd:cppcheck=cppcheck $(BUILD_NEEDS)
	clang-tidy --quiet $(LINT_SRC) -- $(LINT_INC)
	cppcheck --quiet --std=c11 --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr \
		--suppressions-list=.cppcheck-suppressions \
		-D__GNUC__ $(SPEAK_DEFS) $(SRC_INC) $(LINT_SRC)

# The picture of the shipped tree that the README shows.
questions/runner-injuries.svg: $(BIN)
	./$(BIN) graph | dot -Tsvg > $@.tmp && mv $@.tmp $@

# Benchmarks (tests/bench): loading against libyaml's bare event parse and
# PyYAML's C loader, keys chosen to collide against random keys, start-up
# and walk counting, and stats over 2 million sessions on SQLite and on a
# PostgreSQL server of its own (tests/pg.sh); prints a table with PASS or
# MISS per target and writes it to tests/bench/RESULTS.md. A MISS does not
# fail the target: timings on a shared machine are noisy.
BENCH_NEEDS = cmd:python3=python3 py:yaml=python3-yaml path:/usr/bin/time=time \
	cmd:sqlite3=sqlite3 'path:/usr/lib/postgresql/*/bin/initdb=postgresql' \
	lib:tinfo=libncurses-dev
BENCH_DIR  = $(BUILD)/bench

$(BENCH_DIR)/bare_parse: tests/bench/bare_parse.c
	@mkdir -p $(BENCH_DIR)
	$(CC) $(RC_CFLAGS) $(CFLAGS) -o $@ $< $(LDFLAGS) \
		$(shell $(PKG_CONFIG) --libs yaml-0.1)

# Trees of keys chosen to collide in the id and key table (issue 19).
$(BENCH_DIR)/flood: tests/bench/flood.c tests/unit/flood.h $(CORE_LIB)
	@mkdir -p $(BENCH_DIR)
	$(CC) $(RC_CFLAGS) $(CORE_INC) -Itests/unit $(CFLAGS) -o $@ $< \
		$(LDFLAGS) $(CORE_LINK)

# make bench measures the program linked as STATIC=1 links it, as its
# figures have always been taken: linked shared, start-up on the shipped
# tree took 1.6x the bare parse (lint 3.97 ms, bare 2.44 ms), past the
# 1.5x target; STATIC=1, 1.37x (3.30 ms), as in RESULTS.md.
bench:
	@$(DEPS) $(BUILD_NEEDS) $(BENCH_NEEDS)
	@$(MAKE) --no-print-directory STATIC=1 $(BIN) $(BENCH_DIR)/bare_parse \
		$(BENCH_DIR)/flood
	$(PG) /usr/bin/python3 tests/bench/bench.py $(BIN) $(BENCH_DIR)/bare_parse \
		$(BENCH_DIR)/flood $(BENCH_DIR) tests/bench/RESULTS.md

# make format rewrites the sources as .clang-format says; format-check
# only says where they differ (and fails).
# Every C file of the project, the tests' too; .ci/run checks them.
FORMAT_SRC = $(wildcard $(LAYERS:%=src/%/*.c)) $(SRC_H) \
	     $(wildcard tests/unit/*.[ch] tests/e2e/*.c tests/fuzz/*.[ch] \
	     tests/bench/*.c)
format:
	@$(DEPS) cmd:clang-format=clang-format
	clang-format -i $(FORMAT_SRC)

format-check:
	@$(DEPS) cmd:clang-format=clang-format
	clang-format --dry-run -Werror $(FORMAT_SRC)

clean:
	rm -rf build runcheck
