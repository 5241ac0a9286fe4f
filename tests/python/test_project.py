"""The project as a user meets it: the CLI, `dbt build` into a real DuckDB file, and sqlfluff."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from nara_vard.cli import build_parser
from nara_vard.paths import REPO_ROOT

BIN = Path(sys.executable).parent


def test_cli_help_explains_every_subcommand() -> None:
    text = build_parser().format_help()
    for command in ("generate", "build", "dbt", "paths"):
        assert command in text
    out = subprocess.run([BIN / "nara-vard", "generate", "--help"], capture_output=True, text=True, check=True)
    for option in ("--scale", "--seed", "--start", "--end", "--out"):
        assert option in out.stdout


def test_build_creates_plainly_named_schemas(built_warehouse: Path) -> None:
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        schemas = {r[0] for r in con.sql("select schema_name from information_schema.schemata").fetchall()}
        assert "reference" in schemas
        assert not any(s.startswith("main_") for s in schemas)
        n = con.sql("select count(*) from reference.reference__municipalities").fetchone()[0]
        assert n == 49
        names = {r[0] for r in con.sql("select municipality_name from reference.reference__municipalities").fetchall()}
        assert {"Göteborg", "Borås", "Åmål", "Öckerö", "Mölndal"} <= names


def _lint_targets() -> list[str]:
    """What the suite lints: every SQL file of models/, analyses/ and tests/, but of the 22 base models only the
    longest call of each landing macro (`landing_rows`, `landing_file_inventory`). A base model is one call of its
    macro with its own column list: all its SQL comes from the macro, where sqlfluff reports nothing (it skips
    findings in templated code), yet rendering and parsing them took 56 % of sqlfluff's time (348 of 620 CPU
    seconds). The two kept show that every form still renders and parses; `make lint` lints every file."""
    targets = [p for p in ("models", "analyses", "tests") if any((REPO_ROOT / p).rglob("*.sql"))]
    base = sorted(REPO_ROOT.glob("models/staging/*/base/*.sql"))
    by_macro: dict[str, list[Path]] = {}
    for path in base:
        called = re.search(r"\b(landing_\w+)\s*\(", path.read_text(encoding="utf-8"))
        assert called, f"{path}: a base model is one call of a landing macro"
        by_macro.setdefault(called.group(1), []).append(path)
    kept = {max(paths, key=lambda p: len(p.read_text(encoding="utf-8"))) for paths in by_macro.values()}
    if not base:
        return targets
    others = sorted({p for t in targets for p in (REPO_ROOT / t).rglob("*.sql")} - set(base))
    return [str(p.relative_to(REPO_ROOT)) for p in [*others, *sorted(kept)]]


def test_lint_targets_keep_one_base_model_per_landing_macro() -> None:
    targets = _lint_targets()
    base = [t for t in targets if "/base/" in t]
    assert {re.search(r"(__files|_lines)\.sql$", t).group(1) for t in base} == {"__files", "_lines"}, base
    assert len(base) == 2
    every = [p for t in ("models", "analyses", "tests") for p in (REPO_ROOT / t).rglob("*.sql")]
    assert len(targets) == len(every) - len(list(REPO_ROOT.glob("models/staging/*/base/*.sql"))) + 2
    assert all((REPO_ROOT / t).is_file() for t in targets)


def test_sqlfluff_lint_is_clean() -> None:
    targets = _lint_targets()
    if not targets:
        pytest.skip("no SQL files to lint yet")
    # --processes 0: every core. The dbt templater renders in this process, the workers parse and lint what it
    # rendered, so two cores take ~45 % off the suite's longest single check (measured: 89 s -> 49 s on models/marts)
    result = subprocess.run([BIN / "sqlfluff", "lint", "--processes", "0", *targets], cwd=REPO_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_a_fresh_target_folder_starts_from_the_given_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nara_vard import cli

    seed = tmp_path / "seed.msgpack"
    seed.write_bytes(b"parsed")
    monkeypatch.setenv("NARA_VARD_PARTIAL_PARSE_FROM", str(seed))
    cli._seed_partial_parse(["build", "--target-path", str(tmp_path / "a"), "--select", "x"])
    cli._seed_partial_parse(["run", f"--target-path={tmp_path / 'b'}"])
    assert (tmp_path / "a" / "partial_parse.msgpack").read_bytes() == b"parsed"
    assert (tmp_path / "b" / "partial_parse.msgpack").read_bytes() == b"parsed"
    # a folder with a parse of its own keeps it
    (tmp_path / "a" / "partial_parse.msgpack").write_bytes(b"own")
    cli._seed_partial_parse(["build", "--target-path", str(tmp_path / "a")])
    assert (tmp_path / "a" / "partial_parse.msgpack").read_bytes() == b"own"


def test_the_duckdb_path_is_left_out_of_the_parse_check_but_not_the_catalog() -> None:
    from dbt.adapters.duckdb.credentials import DuckDBCredentials

    from nara_vard import cli

    cli._parse_check_without_duckdb_path()
    cli._parse_check_without_duckdb_path()  # idempotent
    keys = dict(DuckDBCredentials(path="/x/nara_vard.duckdb", database="nara_vard", schema="main").connection_info())
    assert "path" not in keys and keys["database"] == "nara_vard"
