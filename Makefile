# The two README commands. Both work on a fresh machine with only python3.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build published-readers build-db-readers test test-postgres test-spark java setup landing chromium libreoffice eslint lint lint-js lint-py docs benchmark benchmark-generator benchmark-engines benchmark-disclosure benchmark-api clean

## make build: set up .venv, generate the default extracts if absent, dbt build into warehouse/nara_vard.duckdb,
## the Great Expectations checks and Data Docs, then publish the public tables to warehouse/published/
## (nara_vard.duckdb + parquet/, swapped in atomically: what BI tools read, never the build database), the
## Excel/CSV exports in warehouse/published/export/, the indicator report reports/indikatorer/index.html (from
## the published artefact only), the dbt docs site reports/docs/ and the reviewer's page reports/quality/index.html
## When nothing changed since the last `make build` (landing, project, code, run date, ...: see
## src/nara_vard/build_state.py), every step says so and is skipped; `nara-vard build --force` rebuilds.
## DBT_ARGS goes to dbt build, e.g. `make build DBT_ARGS="--select marts"`. dbt's unit tests are for CI and changes
## to model logic, not for every monthly build: `nara-vard build` runs them only with NARA_VARD_UNIT_TESTS=1 (the
## suite sets it, so `make test` and CI run them).
DBT_ARGS ?=
build: setup landing
	$(BIN)/nara-vard build $(DBT_ARGS)
	$(BIN)/nara-vard quality --if-changed
	$(BIN)/nara-vard publish --if-changed
	$(MAKE) --no-print-directory -j2 --output-sync=target published-readers build-db-readers

## After publish, two independent pairs side by side: export and report read only the published copy;
## docs (dbt opens the file for writing) and review-page read the build database, one after the other.
published-readers:
	$(BIN)/nara-vard export --if-changed
	$(BIN)/nara-vard report --if-changed

build-db-readers:
	$(BIN)/nara-vard docs --if-changed
	$(BIN)/nara-vard review-page --if-changed

## make test: the whole suite (pytest drives dbt, sqlfluff and the independent checks) on two pytest-xdist
## workers, PostgreSQL included: tests/python/test_engine_postgres.py builds the default landing on a
## throw-away cluster (Debian's server, installed if absent) and compares every marts and data_quality table
## with the suite's DuckDB build. Spark is not in it (its build alone takes 5-6 min on 2 cores): make test-spark.
test: setup landing chromium libreoffice eslint
	NARA_VARD_TEST_POSTGRES=1 $(BIN)/python -m pytest

## make test-spark: the project on Apache Spark (dbt-spark, a local PySpark session, Java 17) next to a DuckDB
## build of the same default landing: every marts and data_quality table must be equal, and the landing
## parsing must match DuckDB's on the nasty corpus (tests/python/test_engine_spark.py; several minutes)
test-spark: setup landing java
	NARA_VARD_TEST_SPARK=1 $(BIN)/python -m pytest tests/python/test_engine_spark.py -v -s

## make java: a Java runtime for the local Spark session (Debian's OpenJDK 17 headless), if none is installed
java:
	@command -v java >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless)

## make chromium: Debian's headless browser, which the review-page test renders the page with
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)

## make libreoffice: Debian's LibreOffice Calc (headless), which the export test opens the CSV files and workbook with
libreoffice:
	@command -v soffice >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc)

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

landing: setup
	$(BIN)/nara-vard generate --if-absent

lint: setup lint-js lint-py
	$(BIN)/sqlfluff lint --processes 0 models macros analyses tests

## make lint-py: the pinned ruff (every Python file) and mypy (src/nara_vard, tools, bench), configured in
## pyproject.toml; `make test` runs the same through tests/python/test_python_lint.py
lint-py: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

## make eslint: the pinned JavaScript linter (tools/eslint/package.json and its lock file) from the npm
## registry, with the machine's Node.js; tests/python/test_templates.py runs it on the pages' scripts
ESLINT := tools/eslint/node_modules/.bin/eslint
eslint: $(ESLINT)

$(ESLINT): tools/eslint/package.json tools/eslint/package-lock.json
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm)
	cd tools/eslint && npm ci --no-audit --no-fund --loglevel=error
	touch $(ESLINT)

## make lint-js: ESLint on src/nara_vard/templates/*.js (through the tools/eslint/templates link, inside
## the config's folder)
lint-js: eslint
	cd tools/eslint && ./node_modules/.bin/eslint templates/*.js

docs: setup landing
	$(BIN)/nara-vard docs

## make benchmark [SCALES="1 10 30"]: bench/run.py, the build against its lower bound and a pandas baseline
## (table printed, JSON in bench/results/); the default scale 1 takes a few minutes
SCALES ?= 1
benchmark: setup
	$(BIN)/python bench/run.py --scales $(SCALES)

## make benchmark-disclosure [DISCLOSURE_SCALES="1 10"]: bench/disclosure.py, the suppression solver and the LP
## audit at each scale (times, hidden cells, audit findings: must be 0)
DISCLOSURE_SCALES ?= 1 10
benchmark-disclosure: setup
	$(BIN)/python bench/disclosure.py --scales $(DISCLOSURE_SCALES)

## make benchmark-engines: bench/engines.py, the default landing built on DuckDB, PostgreSQL and Spark one
## after the other in one run (seed and run times side by side, every table compared with DuckDB's)
benchmark-engines: setup landing java
	$(BIN)/python bench/engines.py

## make benchmark-api [API_CLIENTS=50 API_SECONDS=60 API_THINK=0]: bench/api_load.py, `nara-vard serve` on loopback
## under API_CLIENTS clients for API_SECONDS s while `make build` publishes a correction (in a temporary folder):
## p50/p99 per kind, requests/s, errors and answers mixing versions (must be 0), JSON in bench/results/
API_CLIENTS ?= 50
API_SECONDS ?= 60
API_THINK ?= 0
benchmark-api: setup landing
	$(BIN)/python bench/api_load.py --clients $(API_CLIENTS) --seconds $(API_SECONDS) --think $(API_THINK)

## make benchmark-generator: tools/benchmark_generator.py, the generator's own time and memory targets
benchmark-generator: setup
	$(BIN)/python tools/benchmark_generator.py

clean:
	rm -rf target logs warehouse

## make test-postgres: a throw-away PostgreSQL cluster (tools/postgres_cluster.sh, Debian's server, installed if
## absent), the default landing loaded, dbt build (seeds, models, data tests) for target postgres, and every marts and data_quality table
## compared with a DuckDB build of the same landing; engine-difference files compared at the base tables; as the
## reader role (dbt var reader_role), every public model readable and every other relation denied. The
## cluster is stopped at the end, also on failure.
test-postgres: setup landing
	NARA_VARD_TEST_POSTGRES=1 $(BIN)/python -m pytest tests/python/test_engine_postgres.py -v -s
