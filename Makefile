# Probity: the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run reset-demo test test-fast e2e bench install install-base system-libs browser lint typecheck checks pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Running needs only requirements/base.txt; the checks and tests need requirements/dev.txt.
$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.txt
	touch $@

$(VENV)/.installed-dev: requirements/dev.txt requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@ $(VENV)/.installed-base

install-base: $(VENV)/.installed-base
install: $(VENV)/.installed-dev

# Email links point where the demo is served, unless PROBITY_BASE_URL says otherwise.
PROBITY_BASE_URL ?= http://$(HOST):$(PORT)

## make run: set up and serve the demo council at http://127.0.0.1:8000 (make run PORT=8100)
run: export PROBITY_ENV = development
run: export PROBITY_DEMO = 1
run: export PROBITY_BASE_URL := $(PROBITY_BASE_URL)
run: install-base system-libs
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) db_worker --no-startup-delay & \
	  trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver $(HOST):$(PORT)

## make reset-demo: empty the demo database and load the demo council again
reset-demo: export PROBITY_ENV = development
reset-demo: export PROBITY_DEMO = 1
reset-demo: install-base
	$(MANAGE) migrate --noinput
	$(MANAGE) flush --noinput
	$(MANAGE) load_demo

## make test: set up and run every check and test
test: export PROBITY_ENV = test
test: install system-libs browser lint typecheck checks pytest

lint typecheck checks pytest test-fast e2e: export PROBITY_ENV ?= test

## make test-fast: the rule tables and the services against the database (under a minute)
FAST_TESTS = $(wildcard probity/*/tests/test_rules*.py probity/*/tests/test_routing.py \
  probity/*/tests/test_*services.py probity/*/tests/test_routes.py probity/*/tests/test_sealing.py \
  probity/*/tests/test_kinds.py probity/*/tests/test_office_guards.py)
test-fast: install
	$(BIN)/pytest -n 2 -q $(FAST_TESTS)

## make bench: measure pages, queries, throughput and downloads on a large council on PostgreSQL
## (make bench PEOPLE=50000 DECLARATIONS=1000000; writes docs/benchmarks.md and .json)
bench: export PEOPLE ?= 50000
bench: export DECLARATIONS ?= 1000000
bench: install-base system-libs
	$(BIN)/python scripts/bench.py

## make e2e: the browser journeys in Debian's Chromium, with axe on every page
e2e: install browser
	$(BIN)/pytest -n 2 -q tests/e2e

# WeasyPrint (the code of conduct as a tagged PDF) needs Pango, HarfBuzz and a font.
system-libs:
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation >/dev/null 2>&1 || { \
	  echo "Installing Debian's Pango, HarfBuzz and Liberation fonts for PDF output"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation; }

browser:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint probity --lint

typecheck: install
	$(BIN)/mypy
	$(BIN)/lint-imports

checks: install
	$(MANAGE) makemigrations --check --dry-run
	PROBITY_ENV=production SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-key-0123456789abcdefghijklmnop \
	  ALLOWED_HOSTS=probity.example.org PROBITY_ENCRYPTION_KEY=$$($(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
	  PROBITY_AUDIT_KEY=check-deploy-audit-key PROBITY_BASE_URL=https://probity.example.org \
	  DATABASE_URL=$${DATABASE_URL:-postgres://probity@127.0.0.1:5432/probity} \
	  $(MANAGE) check --deploy --fail-level WARNING

pytest: install
	$(BIN)/pytest -n 2

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
