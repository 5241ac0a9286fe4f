# The two README commands. Both work on a fresh machine with only python3.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test setup landing chromium lint docs benchmark clean

## make build: set up .venv, generate the default extracts if absent, dbt build into warehouse/nara_vard.duckdb,
## then the Great Expectations checks and Data Docs, then publish the public tables (after the checks) to
## warehouse/published/ (nara_vard.duckdb + parquet/, swapped in atomically: what BI tools read, never the
## build database), then the reviewer's page reports/quality/index.html
build: setup landing
	$(BIN)/nara-vard build
	$(BIN)/nara-vard quality
	$(BIN)/nara-vard publish
	$(BIN)/nara-vard review-page

## make test: the whole suite (pytest drives dbt, sqlfluff and the independent checks)
test: setup landing chromium
	$(BIN)/python -m pytest

## make chromium: Debian's headless browser, which the review-page test renders the page with
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)

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
