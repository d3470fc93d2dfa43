# medwork: two commands do all set-up on a fresh machine.
#   make apps   create .venv if missing, install medwork, build the code search index once (progress bar),
#               serve the Voila gallery on 127.0.0.1:8866
#               (make apps PORT=9000: another port; MEDWORK_CULL_IDLE=600 make apps: keep a closed tab's
#               kernel 600 s instead of 120 s; Ctrl-C stops the server and every kernel)
#   make test   install the dev tools, Debian Chromium, PostgreSQL and Java (for Spark) if missing, check
#               notebooks and library are in sync, run nbdev_test and pytest (browser tests, the store tests
#               on SQLite and on a throwaway PostgreSQL cluster, and the sampling tests on Spark, included)
SHELL := /bin/bash
VENV  ?= .venv
PY    := $(VENV)/bin/python
PORT  ?= 8866
SUDO  := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: apps test sync nbtest pytest readme bench chromium postgresql java export clean-nbs

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

NODEPS = $(shell sed -n 's/^nodeps_requirements *= *//p' settings.ini)

$(VENV)/.installed: settings.ini setup.py | $(PY)
	$(PY) -m pip install -q -e .
	$(PY) -m pip install -q --no-deps $(NODEPS)
	touch $@

$(VENV)/.installed-dev: settings.ini setup.py | $(PY)
	$(PY) -m pip install -q -e ".[dev]"
	$(PY) -m pip install -q --no-deps $(NODEPS)
	touch $@ $(VENV)/.installed

apps: $(VENV)/.installed
	$(VENV)/bin/medwork lookup --build-index
	$(VENV)/bin/medwork apps --port $(PORT)

chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL's server binaries (/usr/lib/postgresql/N/bin); the tests start their own cluster, never the system one
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

java:
	@command -v java >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

test: $(VENV)/.installed-dev chromium postgresql java sync nbtest pytest

sync: $(VENV)/.installed-dev
	PATH="$(abspath $(VENV))/bin:$$PATH" bash tools/check_sync.sh

nbtest: $(VENV)/.installed-dev java
	MEDWORK_HOME="$$(mktemp -d)" $(VENV)/bin/nbdev_test --skip_file_re '^(_|\.)' --do_print

pytest: $(VENV)/.installed-dev chromium postgresql java
	$(PY) -m pytest -q tests

export: $(VENV)/.installed-dev
	$(PY) tools/strip_widget_state.py && $(VENV)/bin/nbdev_clean && $(VENV)/bin/nbdev_export && $(PY) tools/make_readme.py

readme: $(VENV)/.installed-dev
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace nbs/index.ipynb
	$(VENV)/bin/nbdev_clean --fname nbs/index.ipynb
	$(PY) tools/make_readme.py

bench: $(VENV)/.installed-dev
	for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done
