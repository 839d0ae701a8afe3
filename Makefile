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

# The main job on the example data: the daemon on examples/inbox with the Maildir transport. It catches up
# the latest week's digest within seconds, prints where it landed and its text, then keeps watching.
run: build
	.build/release/kith run --config examples/kith.toml --print-digest

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release --product kith-bench --product kith
	.build/release/kith-bench
	scripts/idle-cost.sh .build/release/kith 60

UNITDIR = $(DESTDIR)$(PREFIX)/lib/systemd/system
USERUNITDIR = $(DESTDIR)$(PREFIX)/lib/systemd/user

# The binary, the systemd units and the documented example config. The units expect /usr/local/bin/kith.
install: build
	install -d $(BINDIR) $(SHAREDIR) $(UNITDIR) $(USERUNITDIR) $(DESTDIR)$(PREFIX)/share/doc/kith
	install -m 0755 .build/release/kith $(BINDIR)/kith
	install -m 0644 systemd/kith.service systemd/kith@.service $(UNITDIR)/
	install -m 0644 systemd/kith-user.service $(USERUNITDIR)/kith.service
	install -m 0644 config/kith.toml.example $(SHAREDIR)/kith.toml.example
	install -m 0644 README.md $(DESTDIR)$(PREFIX)/share/doc/kith/README.md

clean:
	rm -rf .build
