"""Built so it stays right (issue 21): Swedish words are data, pages are templates, scripts are linted.

- No Python module holds a Swedish label of a code: every label and explanation of the seed
  reference__labels_sv is looked for among the string constants of src/nara_vard (docstrings and
  comments aside); a hit means a second copy of a word that will drift from the seed.
- No HTML, CSS or JavaScript in Python strings: the pages are templates under src/nara_vard/templates/.
- Both pages render from templates that extend the shared frame, and the pages' scripts pass the
  pinned ESLint (`make eslint`, tools/eslint).
"""

from __future__ import annotations

import ast
import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nara_vard.paths import REPO_ROOT

SRC = REPO_ROOT / "src" / "nara_vard"
TEMPLATES = SRC / "templates"
LABELS = REPO_ROOT / "seeds" / "reference" / "reference__labels_sv.csv"
ESLINT = REPO_ROOT / "tools" / "eslint"

#: modules whose Swedish strings are the sources' own file format (column names such as `kvartal`, values such
#: as `Ja`/`Nej`, a kommun_hsl `Totalt` row), not labels of our codes: the Great Expectations checks of raw rows
SOURCE_FORMAT_MODULES = {"quality.py"}
#: English words in code (keys, log text) spelled like a Swedish label (the header "Period"; Kolada's JSON key
#: "status", which its clients read)
ENGLISH_TOO = {"period", "status"}

TAGS = ("html|head|body|div|span|table|thead|tbody|tr|td|th|section|header|footer|nav|main|p|ul|ol|li|svg|"
        "style|script|details|summary|figure|figcaption|select|option|optgroup|label|input|fieldset|legend|b|i|"
        "sup|a|h1|h2|h3|h4|dl|dt|dd|code|pre|polyline|circle|rect|path|text|g|title|br|button")
HTML = re.compile(rf"</({TAGS})>|<({TAGS})\s+[\w-]+=|<({TAGS})>.*</", re.I | re.S)
CSS = re.compile(r"[\w\]\)*-]\s*\{[^{}]*?[\w-]+\s*:[^;{}:]+;")
JS = re.compile(r"\bfunction\s*\w*\s*\([\w\s,]*\)\s*\{|=>\s*\{|\bdocument\.\w+\(|\baddEventListener\(|\bvar\s+\w+\s*=")


def _strings(path: Path) -> list[tuple[int, str]]:
    """String constants of a module except docstrings (module, class, function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            out.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts joined
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            out.append((node.lineno, text))
    return out


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "generator" not in p.parts)


def test_no_swedish_label_of_a_code_in_python() -> None:
    with LABELS.open(encoding="utf-8", newline="") as f:
        labels = list(csv.DictReader(f))
    words = {}
    for row in labels:
        for column in ("label", "label_long"):
            text = row[column].strip()
            # symbols and one-letter words (.., +, ?) say nothing; a word that is its own code (region, kommun,
            # procent) is the code; every other Swedish word of three letters or more is a label
            if len(re.findall(r"[A-Za-zÅÄÖåäö]", text)) >= 3 and text.lower() != row["code"].lower():
                words[text.lower()] = f"{row['domain']}.{row['code']}"
    assert len(words) > 100
    found = []
    for path in _modules():
        for line, text in _strings(path):
            key = text.strip().lower()
            if key in words and path.name not in SOURCE_FORMAT_MODULES and key not in ENGLISH_TOO:
                found.append(f"{path.relative_to(REPO_ROOT)}:{line}: {text!r} is {words[key]} of reference__labels_sv")
    assert not found, "Swedish labels of codes in Python (take them from dim_label / the rpt_ models):\n" + \
        "\n".join(found)


def test_the_label_check_can_fail(tmp_path: Path) -> None:
    """The check above finds a label in a module that holds one (so its silence means something)."""
    module = tmp_path / "m.py"
    module.write_text('"""doc: användbar"""\nSTATUS = {"usable": "användbar", "late": f"sen"}\n', encoding="utf-8")
    assert {"usable", "användbar", "late", "sen"} <= {t for _, t in _strings(module)}
    assert "doc: användbar" not in {t for _, t in _strings(module)}


def test_no_html_css_or_javascript_in_python() -> None:
    found = []
    for path in _modules():
        for line, text in _strings(path):
            for kind, pattern in (("HTML", HTML), ("CSS", CSS), ("JavaScript", JS)):
                if pattern.search(text):
                    found.append(f"{path.relative_to(REPO_ROOT)}:{line}: {kind} in a string: {text[:80]!r}")
    assert not found, "move it into src/nara_vard/templates/:\n" + "\n".join(found)
    # and the patterns recognise what they are for
    assert HTML.search('<td class="v">1</td>') and CSS.search("table.ov td { color:#000; }") \
        and JS.search("function (x) { return x; }")
    assert not HTML.search("parquet/<table>.parquet") and not CSS.search("{name}: {value}")


def test_pages_render_from_templates() -> None:
    for page in ("report.html.j2", "review.html.j2"):
        text = (TEMPLATES / page).read_text(encoding="utf-8")
        assert text.lstrip().startswith('{% extends "base.html.j2" %}'), page
    for module in ("report.py", "review_page.py"):
        source = (SRC / module).read_text(encoding="utf-8")
        assert "render_page(" in source, module


def test_page_scripts_pass_eslint() -> None:
    eslint = ESLINT / "node_modules" / ".bin" / "eslint"
    if not eslint.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed (`make test` installs ESLint with `make eslint`)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ESLINT, check=True,
                       capture_output=True, timeout=300)
    scripts = sorted(p.name for p in TEMPLATES.glob("*.js"))
    assert scripts, "no page script found"
    result = subprocess.run([str(eslint), *(f"templates/{name}" for name in scripts)], cwd=ESLINT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    # the linter lints: a script with an undefined name fails
    bad = TEMPLATES / "_eslint_probe.js"
    bad.write_text('(function () {\n  "use strict";\n  undefinedName();\n})();\n', encoding="utf-8")
    try:
        probe = subprocess.run([str(eslint), "templates/_eslint_probe.js"], cwd=ESLINT, capture_output=True,
                               text=True, timeout=120)
    finally:
        bad.unlink()
    assert probe.returncode != 0 and "no-undef" in probe.stdout
