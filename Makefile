# ZoomDash: `make demo` and `make test` set up everything on a fresh Debian 12 machine.
SWIFT        ?= swift
PREFIX       ?= /usr/local
DESTDIR      ?=
APT_PACKAGES := libcurl4-openssl-dev libsystemd-dev libsqlite3-dev zlib1g-dev sqlite3 prometheus chromium python3
# The package's build and checks (make deb, make check-deb in make test): dpkg-shlibdeps, strip, lintian, man.
APT_PACKAGES += dpkg-dev binutils lintian man-db
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Overridable, for `sudo make …` where swift may not be on root's PATH.
RELEASE_BIN  ?= $(shell $(SWIFT) build -c release --show-bin-path 2>/dev/null || echo .build/release)
DEBUG_BIN     = $(shell $(SWIFT) build --show-bin-path)
UNIT         := systemd/zoomdashd.service
# The unit goes to /etc/systemd/system: systemd reads it whatever PREFIX is (it never reads
# $(PREFIX)/lib/systemd/system for a PREFIX such as /opt/zoomdash). Packagers set UNITDIR=/usr/lib/systemd/system.
UNITDIR      ?= /etc/systemd/system

.PHONY: all deps build release test check-unit check-deb deb deb-smoke install install-files demo screenshots bench clean systemd-smoke

all: build

## Install the Debian packages the build and the tests need, only when some are missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing </dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) --no-print-directory check-unit
	$(MAKE) --no-print-directory check-deb

## Offline checks of the systemd unit against a copy of a built binary (verify needs ExecStart to exist):
## `systemd-analyze verify` must print nothing (it exits 0 even on unknown keys and bad values), and the
## exposure score must stay at or below 2.0 (the unit scores 1.5). Uses zoomdashd when built, else another executable.
check-unit:
	@command -v systemd-analyze >/dev/null || $(MAKE) --no-print-directory deps APT_PACKAGES=systemd
	@bindir="$(DEBUG_BIN)"; bin=""; \
	for candidate in "$$bindir/zoomdashd" "$$bindir/zoomdashctl" "$$bindir/zoomsim"; do \
		if [ -f "$$candidate" ] && [ -x "$$candidate" ]; then bin="$$candidate"; break; fi; \
	done; \
	[ -n "$$bin" ] || { echo "check-unit: no built executable in $$bindir (run make build)" >&2; exit 1; }; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	cp "$$bin" "$$tmp/zoomdashd"; \
	sed -e "s#^\(Exec\(Start\|StartPre\|Reload\)=\)zoomdashd #\1$$tmp/zoomdashd #" $(UNIT) > "$$tmp/zoomdashd.service"; \
	[ "$$(grep -c "^Exec\(Start\|StartPre\|Reload\)=$$tmp/zoomdashd " "$$tmp/zoomdashd.service")" = 3 ] || \
		{ echo "check-unit: ExecStart/ExecStartPre/ExecReload of $(UNIT) were not rewritten" >&2; exit 1; }; \
	out=$$(systemd-analyze verify "$$tmp/zoomdashd.service" 2>&1); [ -z "$$out" ] || { echo "$$out"; exit 1; }; \
	sec=$$(systemd-analyze security --no-pager --offline=true --threshold=20 "$$tmp/zoomdashd.service" 2>&1) || \
		{ echo "$$sec"; exit 1; }; \
	echo "check-unit: OK ($(UNIT): verify clean, exposure $$(echo "$$sec" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'), using $$(basename "$$bin"))"

## The one version (ZoomDashVersion.current, which --version and zoomdash_build_info print) names the package.
VERSION      := $(shell sed -n 's/.*static let current = "\(.*\)".*/\1/p' Sources/Core/Support/ZoomDashVersion.swift)
# A scratch path of its own: the benchmarks' .build/release is not relinked under them, and objects built for
# a static Swift runtime do not link with a dynamic one's (nor the other way round). The Swift
# runtime is linked in (--static-swift-stdlib; ZOOMDASH_STATIC_STDLIB names FoundationNetworking's curl shim
# for zoomsim, see Package.swift); -z now for full RELRO.
DEB_SCRATCH  ?= .build-deb
# The manifest is read afresh (--manifest-cache none): a cached one would be without the variable's flags, and
# the flags must not stay in the cache for the plain builds.
DEB_STATIC    = ZOOMDASH_STATIC_STDLIB=1 $(SWIFT) build --manifest-cache none --static-swift-stdlib
DEB_BUILD     = $(DEB_STATIC) -c release --scratch-path $(DEB_SCRATCH) -Xlinker -z -Xlinker now
DEB_PRODUCTS := zoomdashd zoomdashctl zoomsim
# argument-parser's man page generator: a build tool, linked as usual (statically its Foundation does not link).
DEB_MANUAL    = $(SWIFT) build --product generate-manual

## zoomdash_$(VERSION)_amd64.deb from a static release build: layout, man pages, completions, computed
## Depends, maintainer scripts (docs/packaging.md). Then checked as `make check-deb` checks the test build's.
deb: deps
	@for product in $(DEB_PRODUCTS); do $(DEB_BUILD) --product $$product || exit 1; done
	$(DEB_MANUAL)
	@bin="$$($(DEB_BUILD) --show-bin-path)"; manual="$(DEBUG_BIN)/generate-manual"; \
	deb="$$(ZOOMDASH_BIN="$$bin" GENERATE_MANUAL="$$manual" DEB_OUT=. ./scripts/build-deb.sh)" && \
	./scripts/check-deb.sh "$$deb" && echo "built $$deb"

## The package's checks without root, in `make test`: a debug build of the three products with the Swift
## runtime inside (in DEB_SCRATCH: objects compiled for a static runtime must never meet .build's, their
## autolink entries differ), packed with gzip -1, then scripts/check-deb.sh: files, conffile, a man page
## per subcommand, lintian. Cheaper than the release build by far; the same layout and Depends.
check-deb:
	@for product in $(DEB_PRODUCTS); do $(DEB_STATIC) --scratch-path $(DEB_SCRATCH) --product $$product || exit 1; done
	$(DEB_MANUAL)
	@bin="$$($(DEB_STATIC) --scratch-path $(DEB_SCRATCH) --show-bin-path)"; out=$$(mktemp -d /tmp/zoomdash-check-deb-out.XXXXXX); trap 'rm -rf "$$out"' EXIT; \
	deb="$$(ZOOMDASH_BIN="$$bin" GENERATE_MANUAL="$(DEBUG_BIN)/generate-manual" DEB_OUT="$$out" DEB_COMPRESSION="-Zgzip -z1" ./scripts/build-deb.sh)" && \
	./scripts/check-deb.sh "$$deb"

## The package on a fresh Debian 12 under systemd (the container systemd-smoke builds): install, man, start,
## webhooks, /metrics, an upgrade keeping an edited config and the store, remove, purge. Root; not in make test.
## `make deb` first as yourself; DEB=path picks another package.
deb-smoke:
	@deb="$${DEB:-zoomdash_$(VERSION)_amd64.deb}"; [ -f "$$deb" ] || { echo "deb-smoke: no $$deb: run 'make deb' first" >&2; exit 1; }; \
	./scripts/deb-smoke.sh "$$deb"

## Install binaries into $(PREFIX)/bin, the unit (ExecStart rewritten to $(PREFIX)/bin/zoomdashd) into
## $(UNITDIR), and the example config into /etc/zoomdash unless a config is already there. DESTDIR stages it.
install: release
	$(MAKE) --no-print-directory install-files

## The copying of `install`, from an existing release build (RELEASE_BIN).
install-files:
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)/etc/zoomdash" "$(DESTDIR)$(PREFIX)/share/doc/zoomdash"
	install -d -m 0700 "$(DESTDIR)/etc/zoomdash/credentials"
	install -m 0755 "$(RELEASE_BIN)/zoomdashd" "$(RELEASE_BIN)/zoomdashctl" "$(RELEASE_BIN)/zoomsim" "$(DESTDIR)$(PREFIX)/bin/"
	install -m 0644 README.md "$(DESTDIR)$(PREFIX)/share/doc/zoomdash/README.md"
	install -d "$(DESTDIR)$(PREFIX)/share/zoomdash/grafana" "$(DESTDIR)$(PREFIX)/share/doc/zoomdash/grafana-provisioning"
	install -m 0644 etc/grafana/dashboards/zoomdash.json "$(DESTDIR)$(PREFIX)/share/zoomdash/grafana/"
	sed 's|/usr/local/share/zoomdash/grafana|$(PREFIX)/share/zoomdash/grafana|' etc/grafana/provisioning/dashboards/zoomdash.yaml \
		> "$(DESTDIR)$(PREFIX)/share/doc/zoomdash/grafana-provisioning/zoomdash-dashboards.yaml"
	install -m 0644 etc/grafana/provisioning/datasources/prometheus.yaml \
		"$(DESTDIR)$(PREFIX)/share/doc/zoomdash/grafana-provisioning/zoomdash-datasource.yaml"
	sed -e 's#^\(Exec\(Start\|StartPre\|Reload\)=\)zoomdashd #\1$(PREFIX)/bin/zoomdashd #' \
		-e 's|^Documentation=file:/usr/local/|Documentation=file:$(PREFIX)/|' $(UNIT) > "$(DESTDIR)$(UNITDIR)/zoomdashd.service"
	chmod 0644 "$(DESTDIR)$(UNITDIR)/zoomdashd.service"
	@# World-readable: the service's dynamic user must read it. Secrets belong in /etc/zoomdash/credentials.
	@if [ -e "$(DESTDIR)/etc/zoomdash/zoomdash.toml" ]; then \
		echo "keeping the existing $(DESTDIR)/etc/zoomdash/zoomdash.toml"; \
	else \
		install -m 0644 etc/zoomdash/zoomdash.toml "$(DESTDIR)/etc/zoomdash/zoomdash.toml"; \
	fi
	@echo "next: put the secrets (zoom-client-secret, zoom-webhook-secret) in /etc/zoomdash/credentials/, then"
	@echo "      systemctl daemon-reload && systemctl enable --now zoomdashd"

## Simulated Zoom account + a month's backfill into a temporary store, then status and incidents.
demo: release
	ZOOMDASH_BIN="$(RELEASE_BIN)" ./scripts/demo.sh

## The README's screenshots of the dashboard, from the demo's daemon, in headless Chromium.
screenshots: release
	ZOOMDASH_BIN="$(RELEASE_BIN)" DEMO_SCREENSHOTS=docs/img ./scripts/demo.sh </dev/null

## Benchmarks (release build); results go to docs/benchmarks.md by hand.
bench: release
	"$(RELEASE_BIN)/zoomdash-bench"
	"$(RELEASE_BIN)/zoomdash-bench" dashboard
	"$(RELEASE_BIN)/zoomdash-bench" reanalyse-peer

## zoomdashd under a real systemd as PID 1 (Debian 12 in systemd-nspawn); needs root and network. Not in `make test`.
## Build first as yourself (`make release`), then `sudo make systemd-smoke`: nothing is built as root.
systemd-smoke:
	@[ -x "$(RELEASE_BIN)/zoomdashd" ] || { echo "systemd-smoke: no release build in $(RELEASE_BIN): run 'make release' as yourself first" >&2; exit 1; }
	ZOOMDASH_BIN="$(RELEASE_BIN)" ./scripts/systemd-smoke.sh

clean:
	rm -rf .build $(DEB_SCRATCH)
