# lifelong — two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo serve worker test test-sqlite test-postgres bench lint messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate, load ESCO and demo data, serve on http://127.0.0.1:$${PORT:-8000}
demo: install
	DEBUG=1 $(BIN)/lifelong demo up

serve: install
	DEBUG=1 $(BIN)/lifelong serve

worker: install
	DEBUG=1 $(BIN)/lifelong worker

## make test: the whole suite on SQLite, then again on PostgreSQL
test: install
	bash scripts/test.sh

test-sqlite: install
	bash scripts/test.sh sqlite

test-postgres: install
	bash scripts/test.sh postgres

bench: install
	$(BIN)/python benchmarks/run_all.py

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

messages: install
	cd src/lifelong && DEBUG=1 ../../$(BIN)/django-admin makemessages -l en -l fr --settings=lifelong.config.settings && DEBUG=1 ../../$(BIN)/django-admin compilemessages --settings=lifelong.config.settings

clean:
	rm -rf $(VENV) var .pytest_cache
