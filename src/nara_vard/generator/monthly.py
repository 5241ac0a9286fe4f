"""The next month's delivery into an existing landing (`nara-vard generate --month YYYY-MM`).

The landing's `_manifest.json` holds the generator parameters. The world is generated again in
memory with `end` = the new month (same seed, scale, start and scenario); since every source draws
each month from its own random stream, every file the landing already has comes out byte-identical
(checked against the manifest's SHA-256), and only what the new delivery brings is written:

* the new month's files of every source that delivers it, and the older months that come due with it
  (Vega episodes of the month before, bed census and SIP four months back, a quarter's close-care
  team report once the quarter is complete, the patient survey in February, the municipalities'
  accounts of a year with the January after it, ...);
* late corrections of earlier months: Vega episodes re-sent with a later `leveransdatum`, a
  municipality's `_v2` file for the month before, the ledger's accrual correction (`_korr`) of an
  earlier month;
* the self-monitoring register (only with `--with-egenmonitorering`) is re-exported whole, so its
  earlier files whose end dates became known are re-sent (replaced).

Files whose delivery date is their modification time (`kommun_ekonomi`) get the time a full generation
gives them (`Context.modified`, the manifest's `modified`) once they are moved into place.

Afterwards the manifest is exactly the one a full generation up to the new month writes, plus a
`deliveries` log (month, new files, re-sent files); it is replaced atomically, after the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from nara_vard.generator.context import GENERATOR_VERSION, Context, GeneratorConfig, Scenario, set_modified

GENERATOR_NAME = "nara-vard generate"
#: sources exported whole each time: a changed earlier file is re-sent, not an inconsistency
RESENT_SOURCES = {"egenmonitorering"}


class MonthlyDeliveryError(Exception):
    """The delivery cannot be made (wrong month, not a generated landing, inconsistent landing)."""


@dataclass
class DeliveryResult:
    month: str
    new_files: list[str] = field(default_factory=list)
    resent_files: list[str] = field(default_factory=list)
    manifest: Path | None = None


def read_generated_manifest(landing: Path) -> dict:
    path = landing / "_manifest.json"
    if not path.exists():
        raise MonthlyDeliveryError(f"{landing} has no _manifest.json, so it was not made by `{GENERATOR_NAME}`; "
                                   f"generate a landing first (`nara-vard generate --out {landing}`)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise MonthlyDeliveryError(f"{path} cannot be read as JSON ({exc})") from exc
    gen = manifest.get("generator") if isinstance(manifest, dict) else None
    if not isinstance(gen, dict) or gen.get("name") != GENERATOR_NAME:
        raise MonthlyDeliveryError(f"{path} was not written by `{GENERATOR_NAME}`: cannot add a month to it")
    if str(gen.get("version")) != GENERATOR_VERSION:
        raise MonthlyDeliveryError(
            f"{landing} was made by generator version {gen.get('version')}, this is version {GENERATOR_VERSION} "
            f"(its months come out differently): regenerate the landing before adding months")
    return manifest


def _parse_month(month: str) -> pd.Period:
    if not re.fullmatch(r"\d{4}-\d{2}", month or "") or not 1 <= int(month[5:]) <= 12:
        raise MonthlyDeliveryError(f"--month must be YYYY-MM, got {month!r}")
    return pd.Period(month, "M")


def _scenario(manifest: dict) -> Scenario:
    try:
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in manifest["scenario"].items()}
        return Scenario(**fields)
    except (KeyError, TypeError) as exc:
        raise MonthlyDeliveryError(f"the manifest's scenario cannot be read ({exc})") from exc


def deliver_month(landing: Path, month: str, *, progress: bool = True) -> DeliveryResult:
    """Append `month` (the month after the landing's last) to the generated landing `landing`."""
    from nara_vard.generator import write_sources  # the package imports this module

    landing = Path(landing)
    manifest = read_generated_manifest(landing)
    gen = manifest["generator"]
    new_month = _parse_month(month)
    last = pd.Period(str(gen["end"]), "M")
    if new_month != last + 1:
        state = "is already in it" if new_month <= last else "would leave a gap"
        raise MonthlyDeliveryError(f"the landing {landing} ends at {last}: the next delivery is {last + 1}; "
                                   f"{new_month} {state}")
    config = GeneratorConfig(out=landing, seed=int(gen["seed"]), scale=float(gen["scale"]), start=str(gen["start"]),
                             end=str(new_month), scenario=_scenario(manifest), progress=progress)
    previous = {str(f["file"]): str(f["sha256"]) for src in manifest.get("sources", {}).values() for f in src["files"]}
    result = DeliveryResult(month=str(new_month))
    mismatched: list[str] = []
    produced: set[str] = set()
    staging = Path(tempfile.mkdtemp(prefix=f".{landing.name}.delivery-{new_month}-", dir=landing.parent))

    def sink(rel: str, data: bytes) -> None:
        produced.add(rel)
        old = previous.get(rel)
        if old == hashlib.sha256(data).hexdigest():
            return
        if old is not None and rel.split("/")[0] not in RESENT_SOURCES:
            mismatched.append(rel)
            return
        (result.resent_files if old is not None else result.new_files).append(rel)
        target = staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    try:
        ctx = Context(config)
        ctx.sink = sink
        ctx.progress(f"delivering {new_month} into {landing} (seed {config.seed}, scale {config.scale}, "
                     f"from {config.start})")
        write_sources(ctx)
        vanished = sorted(set(previous) - produced)
        if mismatched or vanished:
            raise MonthlyDeliveryError(
                "the landing's manifest does not match what the generator makes for its parameters "
                f"(changed: {sorted(mismatched)[:5]}, no longer made: {vanished[:5]}); nothing was written")
        for rel in result.new_files + result.resent_files:
            (landing / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, landing / rel)
            if rel in ctx.modified:
                set_modified(landing / rel, ctx.modified[rel])
        deliveries = list(manifest.get("deliveries", []))
        deliveries.append({"month": str(new_month), "new_files": sorted(result.new_files),
                           "resent_files": sorted(result.resent_files)})
        result.manifest = ctx.write_manifest(extra={"deliveries": deliveries})
        ctx.progress(f"done: {len(result.new_files)} new files, {len(result.resent_files)} re-sent")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.new_files.sort()
    result.resent_files.sort()
    return result
