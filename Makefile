# Kith — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share
DOCDIR = $(DATADIR)/doc/kith
MANDIR = $(DATADIR)/man
UNITDIR = $(PREFIX)/lib/systemd/system
USERUNITDIR = $(PREFIX)/lib/systemd/user
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
# Debian's zsh reads vendor-completions under /usr; everywhere else zsh reads site-functions.
ZSHCOMPDIR = $(DATADIR)/zsh/$(if $(filter /usr,$(PREFIX)),vendor-completions,site-functions)
FISHCOMPDIR = $(DATADIR)/fish/vendor_completions.d

# What building needs, and what only the tests need (servers, linters, systemd-analyze, setpriv).
BUILD_PACKAGES = libsqlite3-dev libcurl4-openssl-dev
TEST_PACKAGES = python3 python3-aiosmtpd radicale dovecot-imapd vdirsyncer openssl lintian mandoc groff-base systemd util-linux binutils chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# The release binary: the Swift runtime and Foundation linked in, so it runs where no toolchain is.
RELEASE = .build/release/kith
COMMIT_HEADER = .build/commit/kith_commit.h
RELEASE_FLAGS = -c release --static-swift-stdlib --disable-local-rpath -Xcc -I$(CURDIR)/.build/commit
STAGE = .build/stage
# The date kith(1) carries: the release's, so that regenerating the page changes it only when the commands do.
MAN_DATE = 2026-12-03

.PHONY: run test bench fuzz build install uninstall deb stage units man man-check completions deps deps-build lint clean FORCE

define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
endef

# Installs the system packages the build needs, when missing (run and test use it; install does not).
deps-build:
	$(call apt_install,$(BUILD_PACKAGES))

# Also what the tests need.
deps: deps-build
	$(call apt_install,$(TEST_PACKAGES))

# Rewritten only when the commit changes, so that only the build-info file recompiles.
$(COMMIT_HEADER): FORCE
	@mkdir -p $(dir $@)
	@line="#define KITH_COMMIT \"$$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$$(git diff --quiet HEAD 2>/dev/null || echo -modified)\""; \
	[ -f $@ ] && [ "$$(cat $@)" = "$$line" ] || echo "$$line" > $@

build: $(COMMIT_HEADER)
	@for p in $(BUILD_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || { echo "missing $$p: run 'make deps-build' (apt-get install $(BUILD_PACKAGES))"; exit 1; }; done
	$(SWIFT) build $(RELEASE_FLAGS) --product kith
	strip $(RELEASE)

# The main job on the example data: the daemon on examples/inbox with the Maildir transport. It catches up
# the latest week's digest within seconds, prints where it landed and its text, then keeps watching.
run: deps-build build
	$(RELEASE) run --config examples/kith.toml --print-digest

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

# The packaging tests (Tests/PackagingTests) read the staged install and the Debian package built here.
# The fuzz targets run first (5 s each), so that the test runner's summary is the last thing printed.
test: deps lint man-check stage deb
	KITH_FUZZ_WORK=$(CURDIR)/.build/fuzz scripts/fuzz.sh --seconds 5
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# libFuzzer over the content-line, iCalendar, vCard and TOML readers, FUZZ_SECONDS each (default 25 minutes);
# a crash is kept in fuzz/crashes/ and fails the run.
fuzz:
	scripts/fuzz.sh --seconds $(or $(FUZZ_SECONDS),1500)

# Parsing and planning speed, the daemon's idle cost, then the simulated half-year's digest figures ([nudges] issue).
bench: deps
	$(SWIFT) build -c release --product kith-bench --product kith
	.build/release/kith-bench
	scripts/idle-cost.sh .build/release/kith 60
	scripts/idle-cost.sh .build/release/kith 660 --source
	.build/release/kith-bench simulate

# The units with the real paths of this install; the config stays in /etc, whatever PREFIX is.
units: .build/units/kith.service
.build/units/kith.service: systemd/kith.service.in systemd/kith@.service.in systemd/kith-user.service.in FORCE
	@mkdir -p .build/units
	for unit in kith.service kith@.service kith-user.service; do \
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' systemd/$$unit.in > .build/units/$$unit; done

# kith(1) is generated from the command definitions (swift-argument-parser's generator) and committed, so that
# installing needs no second build; man-check (part of `make test`) fails when it no longer matches them.
# kith.toml(5) is written by hand.
man:
	scripts/generate-manual.sh man/kith.1 $(MAN_DATE)

man-check:
	scripts/generate-manual.sh .build/man/kith.1 $(MAN_DATE)
	@diff -u man/kith.1 .build/man/kith.1 || { echo "man/kith.1 is out of date: run 'make man' and commit it"; exit 1; }

completions: build
	@mkdir -p .build/completions
	$(RELEASE) --generate-completion-script bash > .build/completions/kith.bash
	$(RELEASE) --generate-completion-script zsh > .build/completions/_kith
	$(RELEASE) --generate-completion-script fish > .build/completions/kith.fish

install: build units completions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(USERUNITDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DOCDIR)/examples $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(FISHCOMPDIR)
	install -m 0755 $(RELEASE) $(DESTDIR)$(BINDIR)/kith
	install -m 0644 .build/units/kith.service .build/units/kith@.service $(DESTDIR)$(UNITDIR)/
	install -m 0644 .build/units/kith-user.service $(DESTDIR)$(USERUNITDIR)/kith.service
	install -m 0644 man/kith.1 $(DESTDIR)$(MANDIR)/man1/kith.1
	install -m 0644 man/kith.toml.5 $(DESTDIR)$(MANDIR)/man5/kith.toml.5
	install -m 0644 .build/completions/kith.bash $(DESTDIR)$(BASHCOMPDIR)/kith
	install -m 0644 .build/completions/_kith $(DESTDIR)$(ZSHCOMPDIR)/_kith
	install -m 0644 .build/completions/kith.fish $(DESTDIR)$(FISHCOMPDIR)/kith.fish
	install -m 0644 config/kith.toml.example $(DESTDIR)$(DOCDIR)/examples/kith.toml
	install -m 0644 config/kith-system.toml.example $(DESTDIR)$(DOCDIR)/examples/kith-system.toml
	install -m 0644 README.md CHANGELOG.md LICENSE $(DESTDIR)$(DOCDIR)/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kith $(DESTDIR)$(UNITDIR)/kith.service $(DESTDIR)$(UNITDIR)/kith@.service \
		$(DESTDIR)$(USERUNITDIR)/kith.service $(DESTDIR)$(MANDIR)/man1/kith.1 $(DESTDIR)$(MANDIR)/man5/kith.toml.5 \
		$(DESTDIR)$(BASHCOMPDIR)/kith $(DESTDIR)$(ZSHCOMPDIR)/_kith $(DESTDIR)$(FISHCOMPDIR)/kith.fish
	rm -rf $(DESTDIR)$(DOCDIR)

# The tree the packaging tests check: `make install` into a folder, with the default prefix. A second install
# under another prefix is uninstalled again, and must leave nothing but empty folders behind.
stage:
	rm -rf $(STAGE) .build/stage-uninstall
	$(MAKE) install DESTDIR=$(CURDIR)/$(STAGE) PREFIX=/usr/local
	$(MAKE) install DESTDIR=$(CURDIR)/.build/stage-uninstall PREFIX=/opt/kith
	$(MAKE) uninstall DESTDIR=$(CURDIR)/.build/stage-uninstall PREFIX=/opt/kith
	@left=$$(find .build/stage-uninstall -not -type d); if [ -n "$$left" ]; then \
		echo "make uninstall left: $$left"; exit 1; fi; echo "make uninstall removed everything make install wrote"

# A Debian package of the same install under /usr (scripts/build-deb.sh says what goes in it).
deb:
	rm -rf .build/deb/root
	$(MAKE) install DESTDIR=$(CURDIR)/.build/deb/root PREFIX=/usr
	scripts/build-deb.sh .build/deb/root .build/deb

clean:
	rm -rf .build

FORCE:
