# Supportdesk: `make run` serves the desk on http://127.0.0.1:8000/, `make test` runs every test.
# Needs only Python 3.11 and make: the first run creates .venv, installs the project and writes .env.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help run test test-unit test-e2e lint messages bench migrate env

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

env: ## Write .env from .env.example with a fresh secret key (only when .env is missing)
	@if [ ! -f .env ]; then \
		secret=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))'); \
		sed -e "s|^DJANGO_SECRET_KEY=.*|DJANGO_SECRET_KEY=$$secret|" \
		    -e "s|^DJANGO_DEBUG=.*|DJANGO_DEBUG=true|" .env.example > .env; \
		echo "wrote .env with a new DJANGO_SECRET_KEY"; \
	fi

run: $(STAMP) env ## Migrate, load the demo data, serve the desk with a Celery worker and beat (Ctrl-C stops)
	$(PY) -m supportdesk.launcher

test: test-unit test-e2e ## Run every test: unit and integration, then the browser tests

test-unit: $(STAMP) env ## Unit and integration tests (pytest; tests/e2e excluded)
	$(PY) -m pytest

# A separate pytest process: sync Playwright and pytest-asyncio clash in one.
test-e2e: $(STAMP) env ## Browser tests (Playwright with Debian's Chromium)
	@if [ -x $(CHROMIUM) ]; then \
		$(PY) -m pytest tests/e2e; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "e2e: no Chromium at $(CHROMIUM) but CI=true: .ci/run must install it"; exit 1; \
	else \
		echo "skipped e2e: no Chromium (apt-get install chromium)"; \
	fi

lint: $(STAMP) ## ruff check
	$(VENV)/bin/ruff check .

messages: $(STAMP) env ## Update and compile the translation catalogues (needs gettext)
	$(PY) manage.py makemessages --all --ignore=.venv --ignore=var --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --ignore=node_modules

# The benchmark database: BENCH_DATABASE_URL, else supportdesk_bench on the machine's PostgreSQL, else inside
# the embedded server (benchmarks/_database.py creates it). The million requests are generated once and kept.
BENCH_TICKETS ?= 1000000
bench: $(STAMP) env ## Run benchmarks/*.py, one JSON line each (generates BENCH_TICKETS requests first if missing)
	@url=$$($(PY) benchmarks/_database.py) || exit 1; \
	export BENCH_DATABASE_URL="$$url" DATABASE_URL="$$url"; \
	$(PY) manage.py migrate --no-input -v0 >&2 || exit 1; \
	$(PY) manage.py generate_load --tickets $(BENCH_TICKETS) --if-missing || exit 1; \
	for script in $$(ls benchmarks/*.py | grep -v '/_'); do PYTHONPATH=. $(PY) $$script || exit 1; done

migrate: $(STAMP) env ## Apply database migrations
	$(PY) manage.py migrate
