# The front door: `make run` starts everything on the embedded default, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell bin/find-python)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run production test lint format bench ci migrate demo worker clean

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# Web, a Celery worker and its embedded beat on the filesystem broker; Ctrl-C stops all of them.
run: demo
	@$(PY) -m celery -A cse_casework worker -B --pool=solo --loglevel=INFO & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Open http://$(HOST):$(PORT)/ and sign in with a demo login above."; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production processes without containers (gunicorn, a Celery worker pool, one beat; DEBUG off): set
# SECRET_KEY, DATABASE_URL, CELERY_BROKER_URL and ALLOWED_HOSTS first (README, "Production").
production: $(VENV)/.installed
	PY=$(PY) bin/production

worker: $(VENV)/.installed
	$(PY) -m celery -A cse_casework worker -B --pool=solo --loglevel=INFO

test: $(VENV)/.installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy .
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# `make bench SCALE=la`: the figures at the scale of Los Angeles, on a database `manage.py seed_scale` filled.
bench: $(VENV)/.installed
	$(PY) -m bench $(if $(SCALE),--scale $(SCALE))

ci: lint test

clean:
	rm -rf $(VENV) var/*.sqlite3 var/broker var/celerybeat-schedule*
