# Laoke — two commands do all the set-up: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LAOKE := $(VENV)/bin/laoke
PG_URL ?= postgres://postgres@127.0.0.1:5432/laoke
export LAOKE_PORT ?= 8000
# Some machines list local package mirrors that do not exist; pip warns once per package about them.
PIP_INSTALL = $(PY) -m pip install -q --disable-pip-version-check 2> >(grep -v 'is ignored: it is neither' >&2)

.PHONY: run test install system-deps assets messages lint types contracts pytest pytest-sqlite pytest-postgres browser lock clean

run: install assets messages ## install, migrate, load the demo book, serve on http://127.0.0.1:$(LAOKE_PORT)
	$(LAOKE) migrate --noinput -v0
	$(LAOKE) demo --if-empty
	$(LAOKE) score
	@$(LAOKE) demo --print-logins
	@echo "Laoke serves http://127.0.0.1:$(LAOKE_PORT)  (Ctrl-C to stop)"
	$(LAOKE) serve

test: install system-deps assets messages lint types contracts pytest ## the whole suite

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements/lock.txt
	$(PIP_INSTALL) --no-deps -e .
	touch $@

# Debian packages the suite needs: a real Chromium for the browser tests, a CJK font so Chinese
# renders, gettext to compile the translations, Dovecot as the real IMAP server of the mail tests
# (started by the tests themselves, never as a system service). Installed only when missing.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	fc-list 2>/dev/null | grep -qi wqy || missing="$$missing fonts-wqy-microhei"; \
	[ -x /usr/sbin/dovecot ] || missing="$$missing dovecot-imapd"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: install
	@command -v msgfmt >/dev/null || $(MAKE) system-deps
	cd src/laoke && ../../$(LAOKE) compilemessages -v0

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

types: install
	$(VENV)/bin/mypy

contracts: install
	$(VENV)/bin/lint-imports

pytest: pytest-sqlite pytest-postgres

# pytest-xdist: one worker per core (each worker has its own test database and servers).
PYTEST_WORKERS ?= auto

pytest-sqlite: install
	$(VENV)/bin/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --durations=15

# PostgreSQL runs when LAOKE_TEST_POSTGRES is set or a server answers on 127.0.0.1:5432. It runs the
# tests that can reach a database (the rule is in tests/conftest.py; LAOKE_TEST_ALL_ON_POSTGRES=1 runs all).
pytest-postgres: install
	@if [ -n "$$LAOKE_TEST_POSTGRES" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
	  echo "== pytest on PostgreSQL"; \
	  LAOKE_DATABASE_URL=$${LAOKE_TEST_POSTGRES:-$(PG_URL)} $(VENV)/bin/pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --durations=15 -m "not browser" --ignore=tests/core; \
	else echo "== PostgreSQL not reachable: skipped the PostgreSQL pass (set LAOKE_TEST_POSTGRES to force)"; fi

lock: ## re-resolve requirements/lock.txt from pyproject.toml
	$(VENV)/bin/pip-compile -q --extra dev --strip-extras --no-emit-find-links --no-emit-index-url -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles var
