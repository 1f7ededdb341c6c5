# Every developer command of yingcai. `make run` sets everything up and serves the demo;
# `make test` runs the whole suite (on SQLite, or on PostgreSQL when DATABASE_URL says so).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
MANAGE := $(BIN)/python manage.py

.PHONY: setup run test lint format migrations bench-data clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt constraints.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) load_reference
	$(MANAGE) load_policies

run: setup
	$(MANAGE) seed_demo --if-empty
	@echo ""
	@echo "  yingcai is running at http://$(HOST):$(PORT)/   (API: http://$(HOST):$(PORT)/api/v1/docs)"
	@echo ""
	@# The background worker (imports, reminders, year-end closing) runs beside the web server
	@# and stops with it.
	$(MANAGE) run_huey --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py yingcai.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - --log-level warning

test: $(VENV)/.installed node_modules/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0
	$(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations:
	$(MANAGE) makemigrations

bench-data: setup
	$(BIN)/python bench/registry_bench.py

clean:
	rm -rf $(VENV) node_modules var staticfiles
