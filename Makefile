# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make run    the portal with the report's data on SQLite, at http://127.0.0.1:8000
#   make test   the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.requirements-installed

.PHONY: run test test-browser lint migrations-check vendor messages ci clean bench bench-scale bench-import

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when requirements.txt changes, so a second `make run` starts at once.
# Not quiet: the first install takes a while, and a silent terminal looks like a hang.
$(STAMP): requirements.txt | $(BIN)/python
	@echo "Installing the portal's Python packages into $(VENV) (the first time takes a minute)..."
	$(BIN)/python -m pip install --progress-bar on --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_report
	@# Every municipality of the country and its figures, when the reference data folder is there.
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_reference_data --if-present
	@# The import worker runs alongside the server and stops with it (Ctrl-C). Should it exit with an
	@# error, the loop starts it again after two seconds; its queued jobs wait in the database.
	@echo ""
	@echo "  Portal:   http://127.0.0.1:$(PORT)/"
	@echo "  Admin:    http://127.0.0.1:$(PORT)/beheer/"
	@echo "  Account:  DJANGO_DEBUG=1 $(BIN)/python manage.py createsuperuser   (in another terminal)"
	@echo ""
	( trap 'kill $$child 2>/dev/null; exit 0' TERM; \
	  while :; do \
	    DJANGO_DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & child=$$!; \
	    wait $$child && break; \
	    echo "The import worker stopped with an error; starting it again in 2 s."; sleep 2; \
	  done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The browser tests run in their own session: their live server empties the database after each
# test, which would take the report away from the tests that share the loaded database. Both sessions
# run on every core (pytest-xdist): each worker has its own test database (and its own live server).
test: $(STAMP)
	$(BIN)/pytest -m "not browser" -n auto
	@if [ -x /usr/bin/chromium ]; then \
		$(BIN)/pytest -m browser -n auto; \
	else \
		echo "SKIPPED: browser and accessibility tests (no /usr/bin/chromium; install it with: apt-get install chromium)"; \
	fi

test-browser: $(STAMP)
	$(BIN)/pytest -m browser -n auto

# ruff for style, import-linter for the layers (pyproject.toml: each layer imports only from below).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

migrations-check: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Refresh the vendored NL Design System CSS (needs npm; the result is committed).
vendor:
	npm install --no-audit --no-fund
	cp node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/component-library.css
	cp node_modules/@utrecht/component-library-css/dist/html.css static/vendor/utrecht/html.css
	cp node_modules/@utrecht/component-library-css/LICENSE.md static/vendor/utrecht/LICENSE.md

messages: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Throughput of every public page type under gunicorn with wrk (loopback only, bounded in time), beside a
# bare Django view of the same size; PostgreSQL too when BENCH_POSTGRES_URL is set. Writes
# tests/benchmarks/results.md (bench) or results-scale.md (bench-scale: 342 municipalities, 10,000 investments).
bench: $(STAMP)
	$(BIN)/python tests/benchmarks/bench.py

bench-scale: $(STAMP)
	$(BIN)/python tests/benchmarks/bench.py --scale --output tests/benchmarks/results-scale.md
# Time of the admin's import for 10,000 new investments, on a throw-away SQLite database.
bench-import: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-sqlite:///$$(mktemp -d)/bench.sqlite3} DJANGO_DEBUG=1 $(BIN)/python tests/benchmarks/import_bench.py 10000
