# Two commands for a fresh machine: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
NPM := npm --prefix frontend
PYTEST_ARGS ?=

.PHONY: run test lint format install frontend clean messages system-packages-run system-packages-test

## Debian packages (Chromium for the browser tests, WeasyPrint's libraries): installed as root,
## else one line says what to run (scripts/system-packages).
system-packages-run:
	@scripts/system-packages run

system-packages-test:
	@scripts/system-packages test

## Python environment: rebuilt when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

## Front-end packages: reinstalled when the lock file changes. `npm install` honours the
## lock file; `npm ci` cannot be used because the registry here serves only this platform's
## optional packages, which npm then leaves out of the lock file (docs/decisions.md).
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm install --no-audit --no-fund --loglevel=error
	@touch $@

## The built PWA, served by Django at `/`.
frontend/dist/index.html: frontend/node_modules/.installed $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.ts
	$(NPM) run build --silent

install: $(VENV)/.installed frontend/node_modules/.installed

frontend: frontend/dist/index.html

run: install frontend system-packages-run
	$(PY) manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} scripts/run-dev

test: install frontend system-packages-test
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports  # the layers and the HTTP-free domain ([tool.importlinter] in pyproject.toml)
	DJANGO_SETTINGS_MODULE=config.test_settings $(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

## The message catalogues, rewritten from the source: every app's <app>/locale (Django's
## makemessages, then compilemessages) and the PWA's (Lingui). docs/translating.md.
messages: install
	scripts/messages

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var staticfiles
