# Two commands matter on a fresh machine: `make run` and `make test`. The rest are tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format migrations-check floors e2e bench bench-nginx bench-import bench-downloads audit stack clean messages

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed (PYTHON=$(PYTHON))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py setup_site
	@echo "Admin: http://127.0.0.1:8000/admin/  (the administrator's and the 钱小二 desk's credentials are printed above)"
	@echo "Worker: background jobs (mail, schedules) run beside the web server and stop with it"
	@DJANGO_DEBUG=1 $(BIN)/python manage.py qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# The floors' pictures in docs/ (floors.mmd, floors.svg with Graphviz) from the import contract.
floors: $(STAMP)
	$(BIN)/python tools/floors.py

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

# Real-browser tests (Playwright + the system Chromium); screenshots in artifacts/e2e/.
e2e: $(STAMP)
	$(BIN)/python -m pytest -m e2e tests/e2e

# The production stack on loopback, tested through nginx (see docs/deployment.md).
stack: $(STAMP)
	deploy/stack_test.sh

# Known vulnerabilities in the pinned requirements. Needs the PyPI advisory service (not
# reachable from the CI machine, so CI does not run it).
audit: $(STAMP)
	$(BIN)/pip-audit --strict -r requirements-dev.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The public form's peak memory with hostile and real attachments (bench/attachment_memory.py), the
# boundary check at up to 10,000 positions (bench/boundary_time.py), the load test of the public
# pages on PostgreSQL with 100,000 + 100,000 sample rows (bench/run.py), then the project list
# through nginx with and without the micro-cache against nginx's own static file (bench/nginx.py, on
# the database bench/run.py has just prepared).
bench: $(STAMP)
	$(BIN)/python bench/attachment_memory.py
	$(BIN)/python bench/boundary_time.py
	$(BIN)/python bench/run.py
	BENCH_REUSE_DATABASE=1 $(BIN)/python bench/nginx.py

# The project list through nginx alone (bench/nginx.py; prepares the database as bench/run.py does).
bench-nginx: $(STAMP)
	$(BIN)/python bench/nginx.py

# A 10,000-row project import on PostgreSQL, checked then written as the admin's background job
# does it (bench/import_time.py); prints seconds, the target is 60.
bench-import: $(STAMP)
	$(BIN)/python bench/import_time.py

# Peak memory while /data/projects.csv and .json stream 1,000, 10,000 and 100,000 rows on PostgreSQL
# (bench/downloads.py); flat memory: ratios near 1.
bench-downloads: $(STAMP)
	$(BIN)/python bench/downloads.py
