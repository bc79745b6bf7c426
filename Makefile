# Two commands on a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
RUN_PACKAGES := redis-server libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core tesseract-ocr ocrmypdf
TEST_PACKAGES := $(RUN_PACKAGES) chromium
PYTEST_ARGS ?=
# Ports, for when 8000 or 6379 is taken: `make run PORT=8080 REDIS_PORT=6380`.
PORT ?= 8000
REDIS_PORT ?= 6379
export PORT REDIS_PORT
export REDIS_URL ?= redis://127.0.0.1:$(REDIS_PORT)/0

.PHONY: run dev install system-deps test-system-deps test test-only test-slow lint format bench setup-db clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[test]"
	touch $@

install: system-deps $(VENV)/.installed

# Install only the Debian packages that are missing; tolerate a machine that has them.
system-deps:
	@missing=$$(for p in $(RUN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

test-system-deps:
	@missing=$$(for p in $(TEST_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

setup-db: install
	mkdir -p var/mail var/media
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_case
	$(PY) manage.py seed_demo_users
	$(PY) manage.py collectstatic --noinput -v0

# Redis is the cache and session store of every process (web workers, Celery), as in production.
RUN_ENV := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" CACHE_URL="$${CACHE_URL:-redis://127.0.0.1:$(REDIS_PORT)/1}"

# As production serves it: gunicorn (WEB_CONCURRENCY workers, default 3) with whitenoise for static
# files, Redis as cache and session store, a Celery worker and beat.
run: setup-db
	@$(PY) manage.py run_banner --port $(PORT)
	$(RUN_ENV) $(VENV)/bin/honcho start -f Procfile -p $(PORT)

# The same with Django's runserver (auto-reload) instead of gunicorn.
dev: setup-db
	@$(PY) manage.py run_banner --port $(PORT)
	$(RUN_ENV) $(VENV)/bin/honcho start -f Procfile.dev -p $(PORT)

test: test-system-deps $(VENV)/.installed test-only

# pytest exits 5 when it collects no tests: that must fail, never pass silently.
test-only:
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

# Tests marked `slow` (minutes of CPU, e.g. the 5,000-row privilege log) are left out of `test`.
test-slow: test-system-deps $(VENV)/.installed
	$(PY) -m pytest -m slow

# ruff, then mypy with the django-stubs plugin (settings and the strict set in pyproject.toml).
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: test-system-deps $(VENV)/.installed
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) var staticfiles db.sqlite3
