"""The Python is held to the same standard as the SQL (issue 22): the pinned ruff and mypy of the test extra,
configured in pyproject.toml, report nothing.

- ruff checks every Python file of the repository (src/, tests/, tools/, bench/, the dbt Python model) with
  the rules of [tool.ruff.lint];
- mypy checks src/nara_vard, tools and bench ([tool.mypy] `files`), every function annotated.

`make lint-py` runs the same two commands.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from nara_vard.paths import REPO_ROOT

BIN = Path(sys.executable).parent


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_the_installed_linter_is_the_pinned_one(tool: str) -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [p for p in project["optional-dependencies"]["test"] if re.match(rf"{tool}==", p)]
    assert len(pins) == 1, f"{tool} is not pinned (==) in the test extra: {pins}"
    assert version(tool) == pins[0].split("==")[1], f"installed {tool} {version(tool)}, pinned {pins[0]}: make setup"


def test_ruff_reports_nothing() -> None:
    result = _run([str(BIN / "ruff"), "check", "--no-fix", "--output-format=concise", "."])
    assert result.returncode == 0, f"ruff check:\n{result.stdout}{result.stderr}"


def test_mypy_reports_nothing() -> None:
    result = _run([str(BIN / "mypy")])  # the files and settings of [tool.mypy]
    assert result.returncode == 0, f"mypy:\n{result.stdout}{result.stderr}"
    assert "no issues found" in result.stdout, result.stdout + result.stderr
