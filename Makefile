# Kith — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
SHAREDIR = $(DESTDIR)$(PREFIX)/share/kith
APT_PACKAGES = python3 libsqlite3-dev libcurl4-openssl-dev python3-aiosmtpd openssl
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run test bench install deps lint build clean

# Installs the system packages the build and the tests need, when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y $$missing; fi

build: deps
	$(SWIFT) build -c release --product kith

# The main job on the example data. Until the daemon exists: what Kith reads in examples/inbox, and the
# digest it would send on Monday 30 November 2026 (the sample network is set around that week).
run: build
	.build/release/kith inspect --summary examples/inbox
	.build/release/kith preview --config examples/kith.toml --at 2026-11-30T08:00

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release --product kith-bench
	.build/release/kith-bench

install: build
	install -d $(BINDIR) $(SHAREDIR)
	install -m 0755 .build/release/kith $(BINDIR)/kith

clean:
	rm -rf .build
