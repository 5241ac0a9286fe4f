"""Where the published figures come from: is the landing synthetic (written by `nara-vard generate`)?

Every surface a figure can travel on (the published artefact's `_published.json` and table comments,
the exports, the report, the reviewer's page) says "Syntetiska data" when the landing is synthetic and
nothing when it is a real delivery. The generator marks its landing in `_manifest.json`
(`"synthetic": true`); a landing without that manifest, or with a manifest that does not say so, is
treated as real. The words themselves are data (`reference__labels_sv`, domain `notice`).
"""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "_manifest.json"
GENERATOR_NAME = "nara-vard generate"


def landing_is_synthetic(landing: Path) -> bool:
    """True when the landing's `_manifest.json` says the generator wrote it."""
    try:
        manifest = json.loads((Path(landing) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict):
        return False
    if "synthetic" in manifest:
        return manifest["synthetic"] is True
    # manifests written before the flag existed: the generator's name says it
    return (manifest.get("generator") or {}).get("name") == GENERATOR_NAME
