# Every developer command of yingcai. `make run` sets everything up and serves the demo;
# `make test` runs the whole suite (on SQLite, or on PostgreSQL when DATABASE_URL says so).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
MANAGE := $(BIN)/python manage.py

.PHONY: setup keys run test lint format migrations bench-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The per-install secrets (SECRET_KEY, the keys of the personal data at rest), made once into var/
# (mode 0600) unless the environment sets them; never overwritten. See README "Secrets and keys".
keys: $(VENV)/.installed
	$(BIN)/python -m yingcai.core.keys

setup: $(VENV)/.installed node_modules/.installed keys
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_reference
	$(MANAGE) load_policies

# The embedded demo lets the business demo logins in without a second factor (the login page says
# so); the demo administrators keep 2FA, with their keys printed by seed_demo.
DEMO_EXEMPT_LOGINS ?= office,county,dept,edu,hrss,health,housing,unit,talent,flexible,expert

run: export DEMO_EXEMPT_LOGINS := $(DEMO_EXEMPT_LOGINS)
run: setup
	$(MANAGE) seed_demo --if-empty
	@echo "  (三员分立: sysadmin 系统管理员, secadmin 安全管理员, auditadmin 审计管理员 hold no business role.)"
	@echo ""
	@echo "  yingcai is running at http://$(HOST):$(PORT)/   (API: http://$(HOST):$(PORT)/api/v1/docs)"
	@echo ""
	@# The background worker (imports, reminders, year-end closing) runs beside the web server
	@# and stops with it.
	$(MANAGE) run_huey --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py yingcai.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - --log-level warning

test: $(VENV)/.installed node_modules/.installed keys
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(BIN)/pytest

# ruff, then the layers of the apps (pyproject.toml [tool.importlinter]): no app imports one above it.
lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations:
	$(MANAGE) makemigrations

bench-data: setup
	$(BIN)/python bench/registry_bench.py

clean:
	rm -rf $(VENV) node_modules var staticfiles
