"""Write `seeds/reference/reference__dq_checks.csv`, the data-quality check catalogue.

Row checks are read from the staging models themselves (every `check_required`, `check_format`,
`check_accepted`, `check_non_negative`, literal `[condition, rule, column, message]` check, the structural
checks, and `contract_code_checks('<source>')`: one `not_accepted` per coded column of the source's contract,
read from the same YAML dbt reads), so the catalogue lists what is implemented rather than what someone
remembered to write down. Cross-source and uniqueness checks implemented in `models/data_quality` are listed
below by hand; file and delivery checks are repeated for every source of the delivery schedule seed.
`tests/python/test_check_catalog.py` fails when the committed seed differs from a fresh run, so code and
catalogue cannot drift apart.

Usage: python tools/make_check_catalog.py [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "reference" / "reference__dq_checks.csv"
STAGING = REPO / "models" / "staging"

# rule -> (Kahn dimension, usual dimension, severity)
RULES = {
    "personnummer": ("conformance", "validity", "error"),
    "missing_column": ("conformance", "validity", "error"),
    "field_count": ("conformance", "validity", "warn"),
    "required_value": ("completeness", "completeness", "warn"),
    "invalid_format": ("conformance", "validity", "warn"),
    "not_accepted": ("conformance", "validity", "warn"),
    "negative_count": ("plausibility", "validity", "warn"),
    "implausible_value": ("plausibility", "validity", "warn"),
    "total_row": ("conformance", "validity", "info"),
    "file_name_pattern": ("conformance", "consistency", "warn"),
    "file_name_mismatch": ("plausibility", "consistency", "warn"),
    "unknown_code": ("conformance", "validity", "warn"),
}
DESCRIPTIONS = {
    "personnummer": "a value in the line is a personnummer or samordningsnummer (valid check digit): the line is "
                    "masked and quarantined",
    "missing_column": "the file lacks a required column (the whole file is unusable)",
    "field_count": "a line has a different number of fields than the header",
    "required_value": "a required value is empty",
    "invalid_format": "a value cannot be read in the expected format",
    "not_accepted": "a value is outside the allowed set",
    "negative_count": "a count is negative",
    "implausible_value": "a value contradicts another value of the row",
    "total_row": "a total (Summa) row, which is not data",
    "file_name_pattern": "the file name does not follow the delivery's naming pattern",
    "file_name_mismatch": "the row's municipality or period contradicts the file name",
    "unknown_code": "a code is not in the classification of the reference seeds: the row cannot be placed and is "
                    "quarantined",
}
# Checks implemented in models/data_quality (check_id, source, column, kahn, dimension, severity, description, model)
MODEL_CHECKS = [
    ("ekonomi_region.correction.accrual_correction", "ekonomi_region", "", "plausibility", "consistency", "info",
     "an accrual correction file (`_korr`) adds to an earlier month: the month's costs changed after its first "
     "delivery", "dq_file_findings"),
    ("samsa_utskrivningsklara.consistency.episode_in_vega", "samsa_utskrivningsklara", "vardtillfalle_id",
     "plausibility", "consistency", "warn",
     "a ready-for-discharge row points at no Vega episode (where Vega is delivered for that month)",
     "dq_cross_source_findings"),
    ("samsa_utskrivningsklara.consistency.matches_vega_episode", "samsa_utskrivningsklara", "utskrivningsdatum",
     "plausibility", "consistency", "warn",
     "a ready-for-discharge row's patient or discharge date differs from its Vega episode", "dq_cross_source_findings"),
    ("narsjukvardsteam.consistency.municipality_name_known", "narsjukvardsteam", "Kommun",
     "conformance", "consistency", "warn", "a team's municipality name does not map to a municipality code",
     "dq_reference_code_findings"),
    ("vega_slutenvard.consistency.hospital_code_known", "vega_slutenvard", "sjukhus_kod",
     "conformance", "consistency", "warn", "an episode's hospital code is not in the hospital reference",
     "dq_reference_code_findings"),
    ("vega_vardplatser.consistency.hospital_code_known", "vega_vardplatser", "sjukhus_kod",
     "conformance", "consistency", "warn", "a bed-census hospital code is not in the hospital reference",
     "dq_reference_code_findings"),
    ("vantetider_telefon.consistency.care_centre_code_known", "vantetider_telefon", "vardcentral_kod",
     "conformance", "consistency", "warn", "a care-centre code is not in the care-centre reference",
     "dq_reference_code_findings"),
    ("vantetider_bedomning.consistency.care_centre_code_known", "vantetider_bedomning", "vardcentral_kod",
     "conformance", "consistency", "warn", "a care-centre code is not in the care-centre reference",
     "dq_reference_code_findings"),
    ("primarvard_kontakter.consistency.care_centre_code_known", "primarvard_kontakter", "vardcentral_kod",
     "conformance", "consistency", "warn", "a care-centre code is not in the care-centre reference",
     "dq_reference_code_findings"),
    ("npe_primarvard.consistency.care_centre_code_known", "npe_primarvard", "vardcentral_kod",
     "conformance", "consistency", "warn", "a care-centre code is not in the care-centre reference",
     "dq_reference_code_findings"),
    ("vega_primarvard.consistency.care_centre_code_known", "vega_primarvard", "vardcentral_kod",
     "conformance", "consistency", "warn", "a care-centre code is not in the care-centre reference",
     "dq_reference_code_findings"),
    ("vega_oppenvard.consistency.hospital_code_known", "vega_oppenvard", "sjukhus_kod",
     "conformance", "consistency", "warn", "a hospital code is not in the hospital reference",
     "dq_reference_code_findings"),
    ("listning.consistency.care_centre_code_known", "listning", "vardcentral_kod",
     "conformance", "consistency", "warn", "a care-centre code is not in the care-centre reference",
     "dq_reference_code_findings"),
    ("vega_primarvard.consistency.diagnosis_code_known", "vega_primarvard", "huvuddiagnos",
     "conformance", "consistency", "warn",
     "a primary-care contact's main diagnosis is no ICD-10-SE (or KSH97-P) code; the contact stays valid",
     "dq_reference_code_findings"),
    ("vega_oppenvard.consistency.diagnosis_code_known", "vega_oppenvard", "huvuddiagnos",
     "conformance", "consistency", "warn",
     "an outpatient contact's main diagnosis is no ICD-10-SE code; the contact stays valid",
     "dq_reference_code_findings"),
    ("vega_primarvard.consistency.matches_aggregate_contacts", "vega_primarvard", "vardcentral_kod",
     "plausibility", "consistency", "warn",
     "a care centre's patient-level contacts of a month, given the extract's sample, do not match "
     "primarvard_kontakter (beyond five binomial standard deviations)", "dq_cross_source_findings"),
    ("vega_primarvard.completeness.provider_missing", "vega_primarvard", "vardgivare_lopnr",
     "plausibility", "completeness", "info",
     "a file's contacts without the professional's id (they cannot count for doctor continuity)",
     "dq_cross_source_findings"),
    ("vega_primarvard.uniqueness.corrected_contact", "vega_primarvard", "kontakt_id",
     "plausibility", "uniqueness", "info", "a contact re-sent by a later delivery; the earlier one is superseded",
     "dq_uniqueness_findings"),
    ("vega_oppenvard.uniqueness.corrected_contact", "vega_oppenvard", "kontakt_id",
     "plausibility", "uniqueness", "info", "a contact re-sent by a later delivery; the earlier one is superseded",
     "dq_uniqueness_findings"),
    ("vega_slutenvard.plausibility.municipality_unknown", "vega_slutenvard", "kommun_kod",
     "plausibility", "completeness", "info",
     "an episode's home municipality is unknown (9999); it counts for the region only", "dq_reference_code_findings"),
    ("vega_slutenvard.consistency.diagnosis_code_known", "vega_slutenvard", "huvuddiagnos",
     "conformance", "consistency", "warn",
     "an episode's main diagnosis is no ICD-10-SE code (its category is in no chapter, or it is not code-shaped)",
     "dq_reference_code_findings"),
    ("samsa_sip.consistency.municipality_code_known", "samsa_sip", "kommun_kod",
     "conformance", "consistency", "warn", "a plan's municipality code is not a county municipality",
     "dq_reference_code_findings"),
    ("samsa_utskrivningsklara.consistency.municipality_code_known", "samsa_utskrivningsklara", "kommun_kod",
     "conformance", "consistency", "warn", "a row's municipality code is not a county municipality",
     "dq_reference_code_findings"),
    ("kommun_hsl.consistency.population_denominator", "kommun_hsl", "kommun_kod",
     "completeness", "consistency", "warn",
     "no population 65+ exists for the municipality and year (no per-1 000 denominator)", "dq_reference_code_findings"),
    ("vega_slutenvard.uniqueness.corrected_episode", "vega_slutenvard", "vardtillfalle_id",
     "plausibility", "uniqueness", "info",
     "an episode was re-sent; the older delivery is superseded (latest leveransdatum wins)", "dq_uniqueness_findings"),
    ("samsa_sip.uniqueness.duplicate_plan", "samsa_sip", "sip_id",
     "plausibility", "uniqueness", "warn", "a plan id is delivered more than once", "dq_uniqueness_findings"),
    ("kommun_hsl.uniqueness.superseded_version", "kommun_hsl", "",
     "plausibility", "uniqueness", "info", "a municipality-month was re-sent as a higher _vN version",
     "dq_uniqueness_findings"),
]
# File checks, one of each per source (from int_landing_files, before any row is read).
FILE_CHECKS = [
    ("unreadable_file", "conformance", "validity", "error",
     "a landing file is not CSV text (UTF-16, a workbook, binary data): it is skipped"),
    ("empty_file", "completeness", "completeness", "warn", "a landing file is empty (no header, no rows)"),
    ("header_only_file", "completeness", "completeness", "warn", "a landing file has a header but no data rows"),
]
# Delivery checks, one of each per source (from dq_delivery_coverage).
DELIVERY_CHECKS = [
    ("missing", "completeness", "completeness", "warn", "an expected delivery has not arrived"),
    ("late", "plausibility", "timeliness", "warn", "a delivery arrived after its deadline"),
]
# The landing sources and which of them carry a delivery date come from the delivery schedule seed
# (one row per source; a dbt test keeps it in step with landing_sources()), so a new source needs no edit here.
SCHEDULE = REPO / "seeds" / "reference" / "reference__delivery_schedule.csv"

CONTRACT_CODES = re.compile(r"contract_code_checks\('([a-z_]+)'\)")
CALL = re.compile(r"check_(required|format|accepted|non_negative|file_period|municipality_code|plausible_age)"
                  r"\(((?:[^()]|\([^)]*\))*)\)")
# [<condition>, "<rule>", "<column>", <message>]: the condition a string or an expression built in Jinja
# (a dispatched macro such as regexp_full(..) ~ "...": not a check_* call, which CALL reads)
LITERAL = re.compile(r'\[\s*(?:"|(?!check_)[a-z_]+\().*?,\s*"([a-z_]+)",\s*"([A-Za-z0-9_]*)"\s*,', re.S)


def contract_coded_columns(source: str) -> list[str]:
    """The columns with `codes` in the contract of landing source `source`, in contract order (read by
    nara_vard.project_vars from the same YAML dbt reads)."""
    from nara_vard.project_vars import source_codes

    return list(source_codes()[source])


def _args(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def row_checks(sql: str) -> list[tuple[str, str]]:
    """(rule, column) of every row check in one staging model, in order, without repeats."""
    structural = [("personnummer", "any_column"), ("missing_column", ""), ("field_count", "")]
    found: list[tuple[str, str]] = structural if "structural_checks()" in sql else []
    for match in re.finditer(f"{CALL.pattern}|{LITERAL.pattern}|{CONTRACT_CODES.pattern}", sql, re.S):
        if match.group(5):
            found.extend(("not_accepted", column) for column in contract_coded_columns(match.group(5)))
        elif match.group(1):
            kind, args = match.group(1), _args(match.group(2))
            rule = {"required": "required_value", "format": "invalid_format", "accepted": "not_accepted",
                    "non_negative": "negative_count", "file_period": "file_name_mismatch",
                    "municipality_code": "invalid_format", "plausible_age": "implausible_value"}[kind]
            found.append((rule, args[-1] if kind != "format" else args[2]))
        else:
            found.append((match.group(3), match.group(4)))
    return list(dict.fromkeys(found))


def source_of(sql: str, path: Path) -> str:
    base = re.search(r"ref\('(base_[a-z_]+)'\)", sql)
    text = (STAGING / path.parent.name / "base" / f"{base.group(1)}.sql").read_text(encoding="utf-8") if base else ""
    found = re.search(r"source\('[a-z_]+', '([a-z_]+)'\)", text)
    if not found:
        raise SystemExit(f"{path}: cannot find its landing source")
    return found.group(1)


def schedule() -> list[dict[str, str]]:
    """The rows of the delivery schedule seed, in file order: one per landing source."""
    with open(SCHEDULE, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def protected_indicators() -> dict[str, str]:
    with open(REPO / "seeds" / "reference" / "reference__indicators.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_source: dict[str, list[str]] = {}
    for r in rows:
        by_source.setdefault(r["source"], []).append(r["indicator_id"])
    by_source["vega_slutenvard"] = by_source.get("vega_slutenvard", [])
    return {s: " ".join(sorted(ids)) for s, ids in by_source.items()}


def catalogue() -> list[dict[str, str]]:
    protects = protected_indicators()
    rows: list[dict[str, str]] = []
    for path in sorted(STAGING.glob("*/stg_*.sql")):
        sql = path.read_text(encoding="utf-8")
        source = source_of(sql, path)
        for rule, column in row_checks(sql):
            kahn, dimension, severity = RULES[rule]
            rows.append({
                "check_id": f"{source}.{rule}.{column or 'file'}", "source": source, "rule": rule,
                "column_name": "" if column == "any_column" else column, "kahn_dimension": kahn,
                "dimension": dimension, "severity": severity,
                "description": DESCRIPTIONS[rule], "protects_indicators": protects.get(source, ""),
                "implemented_in": path.stem, "is_implemented": "true"})
    for check_id, source, column, kahn, dimension, severity, description, model in MODEL_CHECKS:
        rows.append({"check_id": check_id, "source": source, "rule": check_id.split(".")[1],
                     "column_name": "" if column == "any_column" else column, "kahn_dimension": kahn,
                     "dimension": dimension, "severity": severity,
                     "description": description, "protects_indicators": protects.get(source, ""),
                     "implemented_in": model, "is_implemented": "true"})
    for entry in schedule():
        source = entry["source"]
        timely = entry["has_delivery_date_column"] == "true"  # timeliness needs the export's own date
        for rule, kahn, dimension, severity, description in FILE_CHECKS:
            rows.append({"check_id": f"{source}.{rule}.file", "source": source, "rule": rule, "column_name": "",
                         "kahn_dimension": kahn, "dimension": dimension, "severity": severity,
                         "description": description, "protects_indicators": protects.get(source, ""),
                         "implemented_in": "dq_file_findings", "is_implemented": "true"})
        for kind, kahn, dimension, severity, description in DELIVERY_CHECKS:
            implemented = kind == "missing" or timely
            rows.append({"check_id": f"{source}.delivery.{kind}", "source": source, "rule": f"delivery_{kind}",
                         "column_name": "", "kahn_dimension": kahn, "dimension": dimension, "severity": severity,
                         "description": description + ("" if implemented else
                                                        " (not measurable: the export has no delivery date)"),
                         "protects_indicators": protects.get(source, ""), "implemented_in": "dq_delivery_coverage",
                         "is_implemented": "true" if implemented else "false"})
    return rows


def render(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed seed is out of date")
    args = parser.parse_args()
    text = render(catalogue())
    if args.check:
        current = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
        if current != text:
            print(f"{SEED} is out of date: run python tools/make_check_catalog.py", file=sys.stderr)
            return 1
        return 0
    SEED.write_text(text, encoding="utf-8")
    print(f"wrote {SEED}: {text.count(chr(10)) - 1} checks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
