# The two README commands. Both work on a fresh machine with only python3.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test setup landing lint docs benchmark clean

## make build: set up .venv, generate the default extracts if absent, dbt build into warehouse/nara_vard.duckdb
build: setup landing
	$(BIN)/nara-vard build

## make test: the whole suite (pytest drives dbt, sqlfluff and the independent checks)
test: setup landing
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

landing: setup
	$(BIN)/nara-vard generate --if-absent

lint: setup
	$(BIN)/sqlfluff lint models macros analyses tests

docs: setup landing
	$(BIN)/nara-vard dbt docs generate

benchmark: setup
	$(BIN)/python tools/benchmark_generator.py

clean:
	rm -rf target logs warehouse
