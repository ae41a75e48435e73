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
APT_SITE   := libcmark-dev pkg-config
APT_TEST   := libcmark-dev pkg-config pandoc poppler-utils tidy

.PHONY: site build deps test test-deps check clean pagefind

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

build: deps
	$(SWIFT) build -c $(CONFIG) --product groundwork

site: build pagefind
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(BIN) build --content content --templates templates --out _site

check: build
	$(BIN) check --strict

test: test-deps pagefind
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(SWIFT) test

clean:
	rm -rf .build _site $(VENV)
