# Two commands for a fresh machine with Python 3.11 and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements/lock.txt | cut -d' ' -f1)

.PHONY: run test install lint typecheck unit bench bench-pg translations messages clean

$(STAMP): requirements/lock.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip 2>/dev/null || true
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements/lock.txt
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)
	@mkdir -p var
	@$(BIN)/python manage.py compile_translations -v0 >/dev/null

## make run: install, migrate the SQLite database, load the demo district if empty, serve.
run: install
	$(BIN)/python manage.py migrate --noinput -v1
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/python manage.py seed_supervision_demo
	$(BIN)/python manage.py demo_logins
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: lint, layering, types, migrations, then every test (SQLite unless DB_ENGINE is set).
test: install lint typecheck unit

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run -v1

typecheck:
	$(BIN)/mypy

unit:
	$(BIN)/pytest -n 2 --dist loadfile

## make bench: the speed figures of bench/RESULTS.md (SQLite; bench-pg for PostgreSQL).
bench: install
	$(BIN)/python bench/run.py --db sqlite $(BENCH_ARGS)

bench-pg: install
	$(BIN)/python bench/run.py --db postgresql $(BENCH_ARGS)

## make messages: re-extract strings after changing them (needs gettext's xgettext).
messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var -v0

clean:
	rm -rf $(VENV) var
