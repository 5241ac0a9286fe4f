"""Every implemented data-quality check of the catalogue fires on a crafted bad input, and the
clean rows give no findings beyond the defects the generator injected on purpose.

One small landing is generated (seed 7, scale 0.02, 2022-12..2023-03, every source delivered), then
for each check of `seeds/reference/reference__dq_checks.csv` one extra file violating exactly that
check is written next to the delivered ones (`crafted_landing.py`), and ONE `nara-vard build` runs
over it. Per check: the finding names the crafted file, and nothing else fires on the crafted
files. Delivery checks (`dq_delivery_coverage`) are skipped here: they are tested with that model.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from crafted_landing import (
    DELIVERY_MODEL,
    HSL_COLUMNS,
    HSL_DIALECT_C_TOTAL,
    HSL_HEADERS,
    Context,
    Craft,
    craft_all,
    hsl_layout,
    regional_layouts,
)
from nara_vard.generator import GeneratorConfig, Scenario, generate
from nara_vard.paths import REPO_ROOT, SEEDS_DIR

CATALOGUE = SEEDS_DIR / "reference__dq_checks.csv"
# Small, but every source delivered (egenmonitorering too; short lags for bed census and SIP) and a
# 2022 NPE year, so that the consistency checks also run over real rows of every source.
GENERATION = {"seed": 7, "scale": 0.02, "start": "2022-12", "end": "2023-03"}
# the patient-level extracts as a 1-in-64 sample, as the crafted urval file and reconciliation assume (at this
# scale the default would hold every patient)
SCENARIO = Scenario(deliver_egenmonitorering=True, vega_vardplatser_lag=1, samsa_sip_lag=1, patient_level_sample=64)


def _catalogue() -> list[dict[str, str]]:
    with open(CATALOGUE, encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["is_implemented"] == "true"]


CHECKS = _catalogue()
CRAFTED_CHECKS = [c for c in CHECKS if c["implemented_in"] != DELIVERY_MODEL]


def _param(check: dict[str, str]):
    if check["implemented_in"] == DELIVERY_MODEL:
        return pytest.param(check["check_id"], id=check["check_id"], marks=pytest.mark.skip(
            reason="delivery check from dq_delivery_coverage: tested with that model, not by a crafted file"))
    return pytest.param(check["check_id"], id=check["check_id"])


@dataclass
class Finding:
    check_id: str
    file_name: str
    line_number: int
    column_name: str | None
    message: str
    is_catalogued: bool


@dataclass
class Run:
    landing: Path
    manifest: dict
    crafts: dict[str, Craft]
    findings: list[Finding]
    build_seconds: float

    def crafted_files(self) -> dict[str, str]:
        """Crafted file name -> the check it was crafted for."""
        return {rel.split("/", 1)[1]: c.check_id for c in self.crafts.values() for rel in c.files}

    def on(self, file_name: str) -> list[Finding]:
        return [f for f in self.findings if f.file_name == file_name]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    work = tmp_path_factory.mktemp("checks_fire")
    landing = work / "landing"
    generate(GeneratorConfig(out=landing, progress=False, scenario=SCENARIO, **GENERATION))
    crafts = craft_all(landing, SEEDS_DIR, CRAFTED_CHECKS)
    db = work / "dq.duckdb"
    env = {**os.environ, "NARA_VARD_DB": str(db), "NARA_VARD_LANDING": str(landing)}
    cli = Path(sys.executable).parent / "nara-vard"
    started = time.perf_counter()
    # the data tests run (on crafted input they must warn, never fail the build); the unit tests, which do not
    # read the landing, run in the suite's own build
    result = subprocess.run([cli, "build", "--target-path", str(work / "target"), "--log-path", str(work / "logs"),
                             "--exclude-resource-type", "unit_test"],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, "build failed on the crafted landing (data problems must be warnings):\n" \
        + result.stdout[-8000:] + result.stderr[-4000:]
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.sql("""
            select check_id, file_name, line_number, column_name, message, is_catalogued
            from data_quality.dq_findings""").fetchall()
    manifest = json.loads((landing / "_manifest.json").read_text(encoding="utf-8"))
    return Run(landing, manifest, crafts, [Finding(*r) for r in rows], seconds)


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.check_id} line {f.line_number}: {f.message}" for f in findings) or "  (nothing)"


@pytest.mark.parametrize("check_id", [_param(c) for c in CHECKS])
def test_check_fires_on_its_crafted_file(run: Run, check_id: str) -> None:
    craft = run.crafts[check_id]
    assert craft.error is None, f"could not craft a bad input for {check_id}: {craft.error}"
    fired_on = {f.file_name for f in run.findings if f.check_id == check_id}
    assert craft.target_file in fired_on, (
        f"{check_id} did not fire on {craft.target_file}; what fired there instead:\n"
        + _describe(run.on(craft.target_file)))
    for rel in craft.files:
        name = rel.split("/", 1)[1]
        others = [f for f in run.on(name) if f.check_id not in craft.allowed.get(name, set())]
        assert not others, f"{name} was crafted to violate only {check_id}, but also gave:\n" + _describe(others)


def test_every_check_has_a_crafted_file(run: Run) -> None:
    """The parametrisation above covers the catalogue; this guards the crafting itself."""
    assert set(run.crafts) == {c["check_id"] for c in CRAFTED_CHECKS}
    assert len(run.crafted_files()) == sum(len(c.files) for c in run.crafts.values()), "two checks share a file"


def test_every_finding_is_catalogued(run: Run) -> None:
    uncatalogued = sorted({f.check_id for f in run.findings if not f.is_catalogued})
    assert not uncatalogued, f"findings whose check is not in the catalogue: {uncatalogued}"
    known = {c["check_id"] for c in CHECKS}
    assert {f.check_id for f in run.findings} <= known


# ------------------------------------------------------------------------------- the clean rows
@dataclass(frozen=True)
class Expected:
    """A finding the generated (clean) landing must give: a defect of the manifest or a Summa row."""

    check_id: str
    file_name: str | None  # None: any file of the source
    line_number: int | None = None
    needle: str | None = None  # text the message must contain (an episode or plan id)

    def matches(self, f: Finding) -> bool:
        return (f.check_id == self.check_id
                and (self.file_name is None or f.file_name == self.file_name)
                and (self.line_number is None or f.line_number == self.line_number)
                and (self.needle is None or self.needle in f.message))


def _hsl_column(header: str) -> str:
    return next(HSL_COLUMNS[h.index(header)] for h in HSL_HEADERS.values() if header in h)


def expected_clean_findings(landing: Path, manifest: dict) -> list[Expected]:
    """Row-level defects of the manifest (delivery defects belong to dq_delivery_coverage), the
    trailing Summa row every dialect-C municipal file carries by design, and a header-only finding
    for a delivered file without rows (a month with nothing to report at a small scale)."""
    base = lambda path: path.rsplit("/", 1)[-1]  # noqa: E731
    expected: list[Expected] = []
    for d in manifest["defects"]:
        kind = d["defect"]
        if kind == "negative_count":
            expected.append(Expected(f"kommun_hsl.negative_count.{_hsl_column(d['column'])}", base(d["file"]),
                                     d["line"]))
        elif kind == "municipality_code_contradicts_file_name":
            expected.append(Expected("kommun_hsl.file_name_mismatch.kommun_kod", base(d["file"]), d["line"]))
        elif kind == "correction_v2":
            expected.append(Expected("kommun_hsl.uniqueness.superseded_version", base(d["supersedes"])))
        elif kind == "corrected_episode_resent":
            expected.append(Expected("vega_slutenvard.uniqueness.corrected_episode", base(d["original_file"]),
                                     needle=d["episode_id"]))
        elif kind == "unknown_municipality":
            expected.append(Expected("vega_slutenvard.plausibility.municipality_unknown", None,
                                     needle=d["episode_id"]))
        elif kind == "unknown_diagnosis_code":
            expected.append(Expected(f"{d['source']}.consistency.diagnosis_code_known", base(d["file"]),
                                     needle=d.get("episode_id", d.get("kontakt_id"))))
        elif kind == "corrected_contact_resent":
            expected.append(Expected(f"{d['source']}.uniqueness.corrected_contact", base(d["original_file"]),
                                     needle=d["kontakt_id"]))
        elif kind == "provider_missing":
            if d["rows"]:
                expected.append(Expected("vega_primarvard.completeness.provider_missing", base(d["file"]),
                                         needle=f"{d['rows']} of "))
        elif kind == "care_centre_contacts_missing":
            expected.append(Expected("vega_primarvard.consistency.matches_aggregate_contacts", None,
                                     needle=f"care centre {d['care_centre_code']}, {d['period']}"))
        elif kind == "diagnosis_codes_written_loosely":
            continue  # lower case or without the dot: staging reads them (test_data_quality counts them)
        elif kind == "duplicate_row" and d["source"] == "samsa_sip":
            expected.append(Expected("samsa_sip.uniqueness.duplicate_plan", base(d["file"]), needle=d["sip_id"]))
        elif kind == "unknown_activity_code":
            expected.append(Expected("ekonomi_region.unknown_code.Verksamhet", base(d["file"]), d["line"]))
        elif kind == "accrual_correction":
            expected.append(Expected("ekonomi_region.correction.accrual_correction", base(d["file"])))
        elif kind in {"late_delivery", "month_not_delivered", "never_delivered", "enrolled_patients_missing",
                      "late_year", "missing_year"}:
            continue  # not a row finding: delivery coverage (another model) or an empty optional value
        else:
            raise AssertionError(f"the manifest lists a defect this test does not know: {d}")
    for source, listing in manifest["sources"].items():
        for entry in listing.get("files", []):
            text = (landing / entry["file"]).read_bytes().decode("utf-8-sig", errors="replace")
            if not any(line.strip(" \r;,") for line in text.split("\n")[1:]):
                expected.append(Expected(f"{source}.header_only_file.file", base(entry["file"])))
    for entry in manifest["sources"].get("kommun_hsl", {}).get("files", []):
        path = landing / entry["file"]
        if path.read_bytes().startswith(b"\xef\xbb\xbf"):  # dialect C
            lines = [x for x in path.read_bytes().decode("utf-8-sig").split("\n") if x.strip()]
            expected.append(Expected(HSL_DIALECT_C_TOTAL, path.name, len(lines)))
    return expected


def test_clean_rows_give_no_unexpected_findings(run: Run) -> None:
    crafted = run.crafted_files()
    expected = expected_clean_findings(run.landing, run.manifest)
    # Delivery findings compare the landing with the calendar of the whole follow-up period, which this
    # short crafted landing does not cover; they are asserted on the default landing in
    # test_delivery_coverage.py.
    unexpected = [f for f in run.findings if f.file_name not in crafted and ".delivery." not in f.check_id
                  and not any(e.matches(f) for e in expected)]
    assert not unexpected, "findings on generated (clean) rows that no injected defect explains:\n" \
        + "\n".join(f"  {f.file_name}: {f.check_id} line {f.line_number}: {f.message}" for f in unexpected[:40])


def test_injected_defects_are_found(run: Run) -> None:
    expected = expected_clean_findings(run.landing, run.manifest)
    missed = [e for e in expected if not any(e.matches(f) for f in run.findings)]
    assert not missed, "defects the generator injected that dq_findings does not report:\n" \
        + "\n".join(f"  {e}" for e in missed)


def test_crafted_layouts_match_the_delivered_files(run: Run) -> None:
    """The layouts the crafted files are written in are the ones the generator delivers (header,
    encoding, separator, line ends), so the crafted files test the real dialects."""
    ctx = Context.load(run.landing, SEEDS_DIR)
    layouts = list(regional_layouts(ctx).values())
    dialects = run.manifest["kommun_hsl_dialects"]
    for d in "ABC":
        code = min(c for c, x in dialects.items() if x == d)
        layouts.append(hsl_layout(d, code, ctx.month, ctx.county_codes))
    crafted = run.crafted_files()
    for lay in layouts:
        folder = run.landing / lay.source
        delivered = sorted(p for p in folder.glob("*.*") if p.name not in crafted  # .csv, the ledger's .txt
                           and (lay.source != "kommun_hsl" or p.name.startswith(lay.stem.rsplit("_", 1)[0] + "_")))
        assert delivered, f"no delivered {lay.source} file to compare with"
        ours = lay.render([lay.good]).split(b"\n", 1)[0]
        theirs = delivered[0].read_bytes().split(b"\n", 1)[0]
        assert ours == theirs, (lay.source, lay.stem, ours, theirs)
