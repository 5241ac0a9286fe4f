"""Demo data says it is demo data, and real data does not (issue 21).

The suite's landing is written by the generator, whose `_manifest.json` says `"synthetic": true`: the
published artefact (`_published.json`, every table's comment), the exports and the indicator report
must carry the notice. The same build published from a landing without that manifest (a real delivery
has none) must carry it nowhere. The notice's words are read from the published dim_label, not from
the code under test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

CLI = Path(sys.executable).parent / "nara-vard"


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run([str(CLI), *args], cwd=REPO_ROOT, env={**os.environ, **env}, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _readers(published: Path, work: Path, built_warehouse: Path) -> Path:
    """Export and report from a published folder; returns the report."""
    env = {"NARA_VARD_DB": str(work / "no-build-database.duckdb")}
    _run(["export", "--published", str(published), "--target-path", str(built_warehouse.parent / "target")], env)
    out = work / "report" / "index.html"
    _run(["report", "--published", str(published), "--out", str(out)], env)
    return out


@pytest.fixture(scope="module")
def notice(published_folder: Path) -> str:
    con = duckdb.connect(str(published_folder / "nara_vard.duckdb"), read_only=True)
    try:
        (text,) = con.execute("select label_sv from marts.dim_label where domain = 'notice' "
                              "and code = 'synthetic_data'").fetchone()
    finally:
        con.close()
    assert "Syntetiska data" in text
    return text


@pytest.fixture(scope="module")
def synthetic(published_folder: Path, built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("synthetic")
    copy = work / "published"
    copy.mkdir()
    for name in ("nara_vard.duckdb", "_published.json"):
        (copy / name).write_bytes((published_folder / name).read_bytes())
    _readers(copy, work, built_warehouse)
    return copy


@pytest.fixture(scope="module")
def real(built_warehouse: Path, default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The suite's build published from a landing with the same files but no generator manifest."""
    work = tmp_path_factory.mktemp("real")
    landing = work / "landing"
    landing.mkdir()
    for source in default_landing.iterdir():
        if source.is_dir():
            (landing / source.name).symlink_to(source.resolve(), target_is_directory=True)
    assert not (landing / "_manifest.json").exists()
    out = work / "published"
    _run(["publish", "--target-path", str(built_warehouse.parent / "target"), "--out", str(out)],
         {"NARA_VARD_DB": str(built_warehouse), "NARA_VARD_LANDING": str(landing)})
    _readers(out, work, built_warehouse)
    return out


def _texts(published: Path) -> dict[str, str]:
    """Every text a reader can get: the metadata, the exports (the workbook's XML too) and the report."""
    texts = {"_published.json": (published / "_published.json").read_text(encoding="utf-8")}
    for path in sorted((published / "export").iterdir()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                texts[path.name] = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                                            if n.endswith(".xml"))
        elif path.is_file():
            texts[path.name] = path.read_bytes().decode("utf-8", "replace")
    texts["report"] = (published.parent / "report" / "index.html").read_text(encoding="utf-8")
    return texts


def _comments(published: Path) -> dict[str, str]:
    con = duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True)
    try:
        return {f"{s}.{t}": c or "" for s, t, c in con.execute(
            "select schema_name, table_name, comment from duckdb_tables()").fetchall()}
    finally:
        con.close()


def test_synthetic_landing_is_labelled_everywhere(synthetic: Path, notice: str) -> None:
    meta = json.loads((synthetic / "_published.json").read_text(encoding="utf-8"))
    assert meta["synthetic_data"] is True and meta["synthetic_data_notice"] == notice
    texts = _texts(synthetic)
    unlabelled = [name for name, text in texts.items() if notice not in text]
    assert not unlabelled, f"no synthetic-data notice in {unlabelled}"
    comments = _comments(synthetic)
    assert comments and all(c.startswith(notice) for c in comments.values()), comments


def test_real_landing_has_no_label(real: Path, notice: str) -> None:
    meta = json.loads((real / "_published.json").read_text(encoding="utf-8"))
    assert meta["synthetic_data"] is False and meta["synthetic_data_notice"] is None
    labelled = [name for name, text in _texts(real).items() if "Syntetiska data" in text or notice in text]
    assert not labelled, f"a real delivery labelled synthetic in {labelled}"
    assert not any("Syntetiska data" in c for c in _comments(real).values())
