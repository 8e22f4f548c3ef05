# Veilleuse: the targets below are the only entry points people need.
#   make demo · make test · make test-fast · make check · make format · make messages
#   make test-production · make bench · make fuzz · make fixtures · make guide · make clean
# PY chooses the interpreter that builds .venv (make PY=python3.12 ...).

PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The PostgreSQL leg of `make test`. Absent server: skipped on a laptop, an error under CI.
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_URL ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/test
CI_REQUIRES_PG := $(filter-out 0 false no,$(strip $(CI)))

DEMO_FILE := demo/questionnaire-tds-paris-2026-gregoire.txt
# The port `make demo` serves on: make demo PORT=8080.
PORT ?= 8000

.PHONY: setup browser servers node demo compliance-example test test-sqlite test-postgres test-production load test-fast check format messages audit bench fuzz fixtures guide clean distclean

# Rebuilt when the declared or locked dependencies change; a no-op otherwise.
$(STAMP): pyproject.toml requirements/lock.txt
	@test -x $(BIN)/python || { echo "Creating the virtual environment $(VENV)/..."; $(PY) -m venv $(VENV); }
	@echo "Installing the locked dependencies into $(VENV)/ (a few minutes the first time; pip lists each package as it goes)..."
	@$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on \
		-c requirements/lock.txt -e '.[dev,production]'
	@echo "Dependencies installed in $(VENV)/."
	@touch $@

setup: $(STAMP)
	@:

# axe-core, for the accessibility tests of the published site (npm registry, locked).
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "note: npm is not installed; the accessibility tests will be skipped."; \
	fi

node: $(NODE_STAMP)
	@:

# Browser tests drive Debian's Chromium (never a downloaded browser); the PDF tests read
# reports with poppler's pdftotext. Installed once, as root through apt; elsewhere those tests
# are skipped with a note (CI makes a missing browser an error).
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's chromium and poppler-utils for the tests..."; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends chromium fonts-noto-core poppler-utils >/dev/null; \
	else \
		echo "note: chromium or pdftotext is missing and cannot be installed here; those tests will be skipped."; \
	fi

# The production test leg and tests/test_deploy_units.py run Debian's Caddy and check the
# systemd units with systemd-analyze. Installed once, as root through apt, like the browser.
servers:
	@if command -v caddy >/dev/null 2>&1 && command -v systemd-analyze >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "Installing Debian's caddy and systemd for the production tests..."; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends caddy systemd >/dev/null; \
	else \
		echo "note: caddy or systemd-analyze is missing and cannot be installed here; the production tests will be skipped."; \
	fi

# The engine on the seed, then the platform with the demo loaded (Ctrl-C stops it).
demo: setup
	@echo "== 1/3 The answer-analysis engine on the seed questionnaire"
	$(BIN)/veilleuse analyse $(DEMO_FILE)
	@echo "== 2/3 Loading the demo (campaign, alert network) into the data folder"
	$(BIN)/veilleuse demo
	@echo "== 3/3 Starting the platform on port $(PORT) (Ctrl-C stops it)"
	$(BIN)/veilleuse serve --port $(PORT)

test: test-sqlite test-postgres test-production

test-sqlite: setup browser servers node
	@echo "== Tests on SQLite"
	env -u DATABASE_URL $(BIN)/pytest --ignore=tests/production

# Only the tests that touch the database run again (--db-only, see conftest.py), except the
# page-layout sweep (every page at 360 px under axe-core), which measures CSS, not queries.
test-postgres: setup
	@if $(BIN)/python -c "import socket; socket.create_connection(('$(PG_HOST)', $(PG_PORT)), timeout=3).close()" 2>/dev/null; then \
		echo "== Database tests on PostgreSQL ($(PG_URL))"; \
		DATABASE_URL='$(PG_URL)' $(BIN)/pytest --db-only --ignore=tests/browser/test_every_page_fits.py; \
	elif [ -n "$(CI_REQUIRES_PG)" ]; then \
		echo "error: PostgreSQL does not answer at $(PG_HOST):$(PG_PORT), and CI must test on it." >&2; \
		exit 1; \
	else \
		echo "note: PostgreSQL does not answer at $(PG_HOST):$(PG_PORT); skipping the PostgreSQL leg (CI runs it)."; \
	fi

# The stack of deploy/ on this machine (PostgreSQL, Redis, gunicorn, the worker, Caddy with
# TLS on 127.0.0.1) and the main journeys through it; the tests skip with a note where a
# server is missing, and fail under CI (tests/production/conftest.py).
test-production: setup browser servers
	@echo "== The production stack (deploy/) through Caddy over HTTPS"
	env -u DATABASE_URL $(BIN)/pytest tests/production

# The engine and unit tests, while working: the apps' tests that need no database (conftest.py's
# --without-db) and the architecture and docs rules; no browser, no end-to-end command in a
# subprocess (tests/), nothing marked slow or needing PostgreSQL. `make test` runs everything.
test-fast: setup
	env -u DATABASE_URL $(BIN)/pytest -q --without-db -m "not slow and not postgres" \
		veilleuse tests/test_architecture.py tests/test_docs.py

# ruff (with C901: cyclomatic complexity at most 12) and the architecture rules, among which
# "no function over 40 lines" (tests/test_architecture.py).
check: setup audit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	VEILLEUSE_PROFILE=test $(BIN)/python manage.py makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider tests/test_architecture.py

# Formats the code and applies ruff's safe fixes; `make check` then says what is left.
format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Collects every translatable string into the catalogues of every language, then compiles
# them. Afterwards fill the new empty msgstr (French always; the members' languages for what
# members see) and remove the "fuzzy" flags once checked: the docstring of
# veilleuse/core/tests/test_catalogues.py says how, and those tests say what is missing.
LANGUAGES := fr en es zh_Hans ro pt ar bg ru uk
messages: setup
	cd veilleuse && DJANGO_SETTINGS_MODULE=veilleuse.settings VEILLEUSE_PROFILE=test \
		../$(BIN)/django-admin makemessages $(addprefix -l ,$(LANGUAGES)) \
		--ignore 'analysis/*' --ignore '*/tests/*' --no-obsolete
	cd veilleuse && DJANGO_SETTINGS_MODULE=veilleuse.settings VEILLEUSE_PROFILE=test \
		../$(BIN)/django-admin compilemessages

# Known vulnerabilities in the locked dependencies, from PyPI's JSON API (the advisories of the
# Python Packaging Advisory Database). --strict: a package that could not be checked fails
# the audit instead of being skipped. scripts/audit_probe.py says first whether the service
# can be used here:
# - it answers: the audit runs, and any finding or failure fails `make audit` (and `make check`);
# - it answers, but not with what pip-audit reads: an error under CI (`CI` set), a loud
#   warning elsewhere;
# - it does not answer (no network, a mirror without the JSON API, as on this project's CI
#   machine): a loud warning on stderr that NOTHING was audited, not a failure, because a
#   check that can never pass would block every change while auditing nothing
#   (docs/deploy.md says to run `make audit` where pypi.org answers).
# No --ignore-vuln without a comment here saying why.
AUDIT_PROBE := https://pypi.org/pypi/django/$(shell sed -n 's/^Django==//p' requirements/lock.txt)/json
audit: setup
	@status=$$($(BIN)/python scripts/audit_probe.py '$(AUDIT_PROBE)'); \
	if [ "$$status" = ok ]; then \
		echo "== Auditing requirements/lock.txt for known vulnerabilities"; \
		$(BIN)/pip-audit --requirement requirements/lock.txt --no-deps --disable-pip \
			--vulnerability-service pypi --strict --progress-spinner off; \
	elif [ "$$status" = broken ] && [ -n "$(CI_REQUIRES_PG)" ]; then \
		echo "error: the vulnerability service answers but not as pip-audit expects: the audit cannot run, and CI must audit." >&2; \
		exit 1; \
	else \
		echo "################################################################################" >&2; \
		echo "WARNING: the vulnerability service (PyPI's per-release JSON API) is $$status here:" >&2; \
		echo "WARNING: the dependencies were NOT audited. Run 'make audit' where pypi.org answers." >&2; \
		echo "################################################################################" >&2; \
	fi

# The impact assessment and records of processing of the demo, committed as an example
# (docs/compliance/; veilleuse/alerts/tests/test_compliance.py fails when they drift).
compliance-example: setup
	@data=$$(mktemp -d) && VEILLEUSE_DATA_DIR=$$data $(BIN)/veilleuse demo >/dev/null \
		&& VEILLEUSE_DATA_DIR=$$data $(BIN)/veilleuse compliance --association demo \
			--date 2026-12-07 --revision example --out docs/compliance; \
		status=$$?; rm -rf "$$data"; exit $$status

bench: setup
	@if [ -f benchmarks/__main__.py ]; then \
		$(BIN)/python -m benchmarks; \
	elif [ -f benchmarks/run.py ]; then \
		$(BIN)/python benchmarks/run.py; \
	else \
		echo "No benchmarks yet: add benchmarks/__main__.py (run as python -m benchmarks)."; \
	fi

# Locust against the production stack of deploy/ on this machine (docs/benchmarks.md): a
# bounded, loopback-only run; never part of `make test`. LOAD_USERS people at one request a
# second each, for LOAD_SECONDS.
LOAD_USERS ?= 30
LOAD_SECONDS ?= 60
load: setup servers
	$(BIN)/python -m benchmarks.production_load --users $(LOAD_USERS) --seconds $(LOAD_SECONDS)

# A longer run of the hostile-document fuzzing than `make test` does (docs/hostile-input.md):
# every reader, the segmenter, the aligner and the grader, under a 1.5 GB memory cap.
FUZZ_EXAMPLES ?= 5000
fuzz: setup
	$(BIN)/python -m tests.hostile.fuzz --examples $(FUZZ_EXAMPLES)

# Retake the staff guide's screenshots (docs/guide/screenshots/) from the browser journeys.
# The guide's screenshots show pages in Chinese too: they need Noto CJK (the tests do not).
guide: setup browser
	@if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing fonts-noto-cjk for the screenshots in Chinese..."; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-noto-cjk >/dev/null; \
		else \
			echo "note: fonts-noto-cjk is missing; Chinese screenshots will show empty boxes."; \
		fi; \
	fi
	VEILLEUSE_GUIDE_SCREENSHOTS=1 $(BIN)/pytest -q tests/browser

fixtures: setup
	$(BIN)/python scripts/make_fixtures.py

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build site var
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

# Also removes the virtual environment: the next target reinstalls it.
distclean: clean
	rm -rf $(VENV)
