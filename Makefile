# Anju: `make site` builds every community into public/, `make test` runs every test.
# Both install what is missing on a new Debian machine first (apt-get when root).

SWIFT     ?= swift
NOW       ?=
NOW_FLAG  := $(if $(NOW),--now "$(NOW)",)
DEB_PKGS  := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev

.PHONY: all site test deps release check clean

all: site

## deps: install the C libraries Anju links (cmark-gfm) when they are missing.
deps:
	@if ! pkg-config --exists libcmark-gfm 2>/dev/null || ! [ -e /usr/include/cmark-gfm-core-extensions.h ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing $(DEB_PKGS)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS); \
	  else \
	    echo "missing: $(DEB_PKGS). Run: sudo apt-get install $(DEB_PKGS)" >&2; exit 1; \
	  fi; \
	fi

release: deps
	$(SWIFT) build -c release --product anju

## site: build every site into public/<site>/.
site: release
	.build/release/anju build $(NOW_FLAG)

## check: report every problem in content/ without writing.
check: release
	.build/release/anju check $(NOW_FLAG)

## test: unit and integration tests.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build public/*/ public/.*.staging-*
