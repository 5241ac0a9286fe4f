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

from conftest import exported
from nara_vard.paths import REPO_ROOT

CLI = Path(sys.executable).parent / "nara-vard"


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
    """The suite's publication (the generator's landing), exported, with its report beside a copy of the
    metadata (the report is written next to the folder it reads)."""
    exported(published_folder, built_warehouse.parent / "target")
    work = tmp_path_factory.mktemp("synthetic")
    copy = work / "published"
    copy.symlink_to(published_folder.resolve(), target_is_directory=True)
    result = subprocess.run([str(CLI), "report", "--published", str(copy), "--out", str(work / "report" / "index.html")],
                            cwd=REPO_ROOT, env={**os.environ, "NARA_VARD_DB": str(work / "none.duckdb")},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


@pytest.fixture(scope="module")
def real(real_published_folder: Path) -> Path:
    """The suite's build published from a landing without the generator's manifest (conftest)."""
    return real_published_folder


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
