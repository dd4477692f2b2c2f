# ZoomDash: `make demo` and `make test` set up everything on a fresh Debian 12 machine.
SWIFT        ?= swift
PREFIX       ?= /usr/local
DESTDIR      ?=
APT_PACKAGES := libcurl4-openssl-dev libsystemd-dev libsqlite3-dev prometheus
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
RELEASE_BIN   = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: all deps build release test demo bench clean

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

## Simulated Zoom account + a month's backfill into a temporary store, then status and incidents.
demo: release
	ZOOMDASH_BIN="$(RELEASE_BIN)" ./scripts/demo.sh

## Benchmarks (release build); results go to docs/benchmarks.md by hand.
bench: release
	"$(RELEASE_BIN)/zoomdash-bench"

clean:
	rm -rf .build
