"""`nara-vard review-page`: the reviewer's self-contained HTML page, checked against the warehouse.

The page must carry every municipality, exactly one red heat-map cell per missing kommun_hsl delivery
in data_quality.dq_delivery_coverage, load nothing from the network, and render in headless Chromium
(a screenshot that is neither tiny nor blank, and that shows the heat map's green, amber and red).
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

CLI = Path(sys.executable).parent / "nara-vard"

# The heat map's colours (review_page.CSS: --ok, --late, --miss).
GREEN, AMBER, RED = (0x2F, 0x9E, 0x5B), (0xF2, 0xA9, 0x00), (0xD1, 0x26, 0x3B)


def _chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA, non-interlaced PNG into (width, height, rows of RGB bytes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG layout {header}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(bytes(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        prev = line
        if bpp == 4:
            rows.append(bytes(v for k, v in enumerate(line) if k % 4 != 3))
        else:
            rows.append(bytes(line))
    return width, height, rows


@pytest.fixture(scope="module")
def page(built_warehouse: Path, default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review_page") / "index.html"
    started = time.perf_counter()
    result = subprocess.run([str(CLI), "review-page", "--db", str(built_warehouse), "--out", str(out)],
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file()
    assert elapsed < 10, f"review-page took {elapsed:.1f} s"
    return out


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert not re.search(r"<link\b[^>]*\bhref\s*=\s*[\"']?(https?:)?//", text, re.I), "external stylesheet"
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", text, re.I), "external script"
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", text, re.I), "external CSS resource or font"
    assert not re.search(r"\b(src|href)\s*=\s*[\"']?https?://", text, re.I), "network reference"
    assert "@font-face" not in text
    assert "å" in text and "ä" in text and "ö" in text


def test_page_lists_every_municipality(page: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    text = page.read_text(encoding="utf-8")
    names = [n for (n,) in warehouse.execute(
        "select municipality_name from reference.reference__municipalities").fetchall()]
    assert len(names) == 49
    absent = [n for n in names if f">{html.escape(n)}<" not in text]
    assert not absent, f"municipalities missing from the page: {absent}"


def test_missing_cells_match_delivery_coverage(page: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    text = page.read_text(encoding="utf-8")
    by_status = {s: n for s, n in warehouse.execute("""
        select status, count(*) from data_quality.dq_delivery_coverage
        where source = 'kommun_hsl' group by status""").fetchall()}
    assert by_status.get("missing", 0) > 0, "the default landing has missing municipal deliveries"
    for status in ("missing", "late", "on_time"):
        cells = len(re.findall(rf'data-status="{status}"', text))
        assert cells == by_status.get(status, 0), f"{status}: {cells} cells vs {by_status.get(status, 0)} rows"
    missing_cells = set(re.findall(r'data-status="missing" data-org="(\d+)" data-period="(\d{4}-\d{2})"', text))
    missing_rows = {(org, p.strftime("%Y-%m")) for org, p in warehouse.execute("""
        select org_code, period_start from data_quality.dq_delivery_coverage
        where source = 'kommun_hsl' and status = 'missing'""").fetchall()}
    assert missing_cells == missing_rows
    expected = sum(by_status.values())
    assert f"{by_status['missing']} av {expected:,}".replace(",", "\u00a0") in text, "summary line"


def test_page_renders_in_chromium(page: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (`make test` installs it)")
    png = tmp_path / "page.png"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,2200", f"--screenshot={png}",
         page.resolve().as_uri()],
        capture_output=True, text=True, timeout=180)
    assert png.is_file(), result.stdout[-3000:] + result.stderr[-3000:]
    assert png.stat().st_size > 20_000, f"screenshot only {png.stat().st_size} bytes"

    width, height, rows = read_png(png)
    assert (width, height) == (1400, 2200)
    colours: set[bytes] = set()
    for y in range(0, height, 7):
        row = rows[y]
        for x in range(0, width, 5):
            colours.add(row[3 * x:3 * x + 3])
    assert len(colours) > 50, f"screenshot looks blank ({len(colours)} distinct colours)"

    def near(target: tuple[int, int, int]) -> bool:
        return any(all(abs(c[k] - target[k]) <= 12 for k in range(3)) for c in colours)

    assert near(GREEN) and near(AMBER) and near(RED), "heat map colours not visible in the screenshot"
