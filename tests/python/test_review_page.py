"""`nara-vard review-page`: the reviewer's self-contained HTML page, checked against the warehouse.

The page must carry every municipality, exactly one heat-map cell per kommun_hsl delivery status in
data_quality.dq_delivery_coverage, load nothing from the network, and render in headless Chromium
(a screenshot that is neither tiny nor blank, and that shows the heat map's green, amber and red).

Issue 21 (the reviewer's page part), checked in headless Chromium on the page as a phone shows it:
- no horizontal overflow of the page at 360, 390 and 400 px (wide tables scroll in their own box);
- every tooltip (`title`) is also on the page as visible text or inside a <details>, or on a
  focusable element: touch and keyboard users reach every detail;
- every text has WCAG 2.1 AA contrast against its background (4.5:1, 3:1 for large text), and every
  delivery and usability status has its own symbol and legend entry (not colour alone), "not
  measured this period" unlike "missing";
- every reason an indicator value is missing or incomplete (rpt_review_indicator_quarters.reason_sv)
  is visible text;
- the synthetic-data banner is there on the generator's landing, on screen and on every printed
  page, and absent on a landing the generator did not mark (manifest `"synthetic": false`, or no
  manifest);
- Swedish throughout: no English subtitle classes, no source or indicator code, status code or
  English word in the visible text (file names, check ids and the checks' own messages excepted);
- review_page.py holds no HTML, CSS or Swedish label of a code.

Headless Chromium will not make its window narrower than 500 px, so the page is measured inside an
<iframe srcdoc> of the phone's width: its media queries and layout see exactly that viewport.
"""

from __future__ import annotations

import ast
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import duckdb
import pytest

from nara_vard.paths import REPO_ROOT

CLI = Path(sys.executable).parent / "nara-vard"
PHONE_WIDTHS = (360, 390, 400)
CHECKED_WIDTH = 390  # tooltips, contrast and visible text are checked at this width

# The heat map's colours (review.css: --ok, --late, --miss).
GREEN, AMBER, RED = (0x2F, 0x9E, 0x5B), (0xF2, 0xA9, 0x00), (0xD1, 0x26, 0x3B)


def _chromium() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _run_chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("chromium is not installed (`make test` installs it)")
    return subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180)


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


def _review_page(db: Path, landing: Path, out: Path) -> Path:
    # (how long it takes is the benchmark's to say: the suite runs it beside other work on the other core)
    env = {**os.environ, "NARA_VARD_LANDING": str(landing)}
    result = subprocess.run([str(CLI), "review-page", "--db", str(db), "--out", str(out)],
                            cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.is_file()
    return out


@pytest.fixture(scope="module")
def page(built_warehouse: Path, default_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of the suite's build, on the generator's (synthetic) default landing."""
    return _review_page(built_warehouse, default_landing, tmp_path_factory.mktemp("review_page") / "index.html")


@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


# ------------------------------------------------------------------------ the page in a phone's frame

# Runs in the wrapper page once every frame has loaded; writes its findings as JSON into <pre id=probe>.
PROBE_JS = r"""
function parse(c) {
  var m = c.match(/rgba?\(([^)]*)\)/); if (!m) return {r: 0, g: 0, b: 0, a: 0};
  var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
  return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
}
function lum(c) {
  function ch(v) { v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}
function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
function norm(s) { return (s || '').replace(/\s+/g, ' ').trim(); }
function probe(frame, full) {
  var win = frame.contentWindow, doc = frame.contentDocument, root = doc.documentElement;
  var out = {frame: frame.clientWidth, innerWidth: win.innerWidth, clientWidth: root.clientWidth,
             scrollWidth: root.scrollWidth, bodyScrollWidth: doc.body.scrollWidth, overflowing: []};
  doc.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.right > root.clientWidth + 0.5 && !el.parentElement.closest('.scroll') && out.overflowing.length < 10)
      out.overflowing.push(el.tagName.toLowerCase() + '.' + el.className + ' right=' + Math.round(r.right));
  });
  if (!full) return out;
  var style = function (el) { return win.getComputedStyle(el); };
  // tooltips: each title's text visible, inside a <details>, or on a focusable element
  var visible = norm(doc.body.innerText);
  var details = Array.prototype.map.call(doc.querySelectorAll('details'), function (d) { return norm(d.textContent); }).join('\n');
  out.titles = 0; out.unreachable = [];
  doc.querySelectorAll('[title]').forEach(function (el) {
    var t = norm(el.getAttribute('title')); if (!t) return;
    out.titles++;
    var focusable = el.tabIndex >= 0 && !el.disabled;
    if (!focusable && visible.indexOf(t) < 0 && details.indexOf(t) < 0) out.unreachable.push(t);
  });
  out.visible = visible;
  // visible text without file names, check ids (.mono) and the checks' own English messages
  var hidden = doc.querySelectorAll('.mono, [lang="en"]');
  hidden.forEach(function (el) { el.dataset.probeDisplay = el.style.display; el.style.display = 'none'; });
  out.visible_prose = norm(doc.body.innerText);
  hidden.forEach(function (el) { el.style.display = el.dataset.probeDisplay; });
  // contrast of every element with its own text, against the first opaque background behind it
  out.texts = 0; out.low_contrast = [];
  doc.querySelectorAll('body *').forEach(function (el) {
    var own = Array.prototype.some.call(el.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own || el.closest('.sr-only') || el.tagName === 'SCRIPT' || el.tagName === 'STYLE') return;
    var cs = style(el), fg = parse(cs.color), bg = null;
    for (var e = el; e && !bg; e = e.parentElement) { var c = parse(style(e).backgroundColor); if (c.a >= 0.99) bg = c; }
    bg = bg || {r: 255, g: 255, b: 255, a: 1};
    var size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    var need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5, got = ratio(fg, bg);
    out.texts++;
    if (got < need && out.low_contrast.length < 30)
      out.low_contrast.push({text: norm(el.textContent).slice(0, 40), cls: el.className, color: cs.color,
                             background: 'rgb(' + bg.r + ',' + bg.g + ',' + bg.b + ')', ratio: Math.round(got * 100) / 100});
  });
  // legends and cells: symbol (text) and background per status
  out.legend = Array.prototype.map.call(doc.querySelectorAll('.legend li'), function (li) {
    var sw = li.querySelector('.sw');
    return {cls: sw ? sw.className : '', symbol: sw ? norm(sw.textContent) : '', text: norm(li.textContent),
            background: sw ? style(sw).backgroundColor : ''};
  });
  out.cells = {};
  doc.querySelectorAll('td[data-status], td[data-usability]').forEach(function (td) {
    var key = td.dataset.status ? 'delivery:' + td.dataset.status : 'usability:' + td.dataset.usability;
    var cell = out.cells[key] = out.cells[key] || {symbols: {}, backgrounds: {}, count: 0};
    cell.count++;
    var symbol = norm(Array.prototype.filter.call(td.childNodes, function (n) { return n.nodeType === 3; })
                      .map(function (n) { return n.textContent; }).join(''));
    cell.symbols[/^\d+( %)?$/.test(symbol.replace(/\u00a0/g, ' ')) ? '<number>' : symbol] = 1;
    cell.backgrounds[style(td).backgroundColor] = 1;
  });
  var banner = doc.getElementById('synthetic-notice');
  out.banner = banner ? {text: norm(banner.textContent), top: banner.getBoundingClientRect().top,
                         height: banner.getBoundingClientRect().height, width: banner.getBoundingClientRect().width,
                         background: style(banner).backgroundColor} : null;
  out.english_classes = doc.querySelectorAll('.en, .en-inline').length;
  return out;
}
var frames = Array.prototype.slice.call(document.querySelectorAll('iframe')), pending = frames.length;
frames.forEach(function (f) {
  f.addEventListener('load', function () {
    if (--pending) return;
    var result;
    try {
      result = frames.map(function (fr) { return probe(fr, +fr.dataset.width === CHECKED_WIDTH); });
    } catch (e) {
      result = {error: String(e && e.stack || e)};
    }
    var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(result);
    document.body.appendChild(pre);
  });
});
"""


def _probe(page: Path, tmp: Path, widths: tuple[int, ...] = PHONE_WIDTHS) -> dict[int, dict[str, Any]]:
    """Load the page in one <iframe srcdoc> per phone width and return what PROBE_JS found, by width.

    The probe runs when the last frame has loaded, and the wrapper's load event waits for every frame's:
    Chromium dumps the DOM after that event. No virtual-time budget: with one (20 s) a slow CI machine once
    dumped before the frames had loaded, and the pages start no timers the probe would need."""
    text = page.read_text(encoding="utf-8")
    frames = "".join(
        f'<iframe data-width="{w}" style="display:block;width:{w}px;height:900px;border:0" '
        f'srcdoc="{html.escape(text, quote=True)}"></iframe>' for w in widths)
    wrapper = tmp / "phone.html"
    wrapper.write_text(f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">{frames}'
                       f'<script>var CHECKED_WIDTH = {CHECKED_WIDTH};{PROBE_JS}</script></body></html>',
                       encoding="utf-8")
    result = _run_chromium(["--window-size=1200,1000", "--dump-dom",
                            wrapper.resolve().as_uri()], tmp / "profile")
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found, (f"the probe did not run (exit {result.returncode}, {len(result.stdout)} characters dumped, "
                   f"{result.stdout.count('<iframe')} frames): " + result.stderr[-2000:])
    probed = json.loads(html.unescape(found.group(1)))
    assert isinstance(probed, list), f"the probe failed in the page: {probed}"
    return dict(zip(widths, probed))


@pytest.fixture(scope="module")
def phone(page: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, Any]]:
    return _probe(page, tmp_path_factory.mktemp("phone"))


# ------------------------------------------------------------------------------------------- tests


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
    by_status = dict(warehouse.execute("""
        select status, count(*) from data_quality.dq_delivery_coverage
        where source = 'kommun_hsl' group by status""").fetchall())
    assert by_status.get("missing", 0) > 0, "the default landing has missing municipal deliveries"
    for status in ("missing", "late", "on_time", "not_due"):
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
    png = tmp_path / "page.png"
    result = _run_chromium(["--window-size=1400,2200", f"--screenshot={png}", page.resolve().as_uri()],
                           tmp_path / "profile")
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


def test_no_horizontal_overflow_on_a_phone(phone: dict[int, dict[str, Any]]) -> None:
    for width, r in phone.items():
        assert r["innerWidth"] == width, f"the frame is {r['innerWidth']} px wide, not {width}"
        assert r["scrollWidth"] <= r["clientWidth"], (
            f"at {width} px the page lays out {r['scrollWidth']} px wide (viewport {r['clientWidth']} px): "
            f"{r['overflowing']}")
        assert r["bodyScrollWidth"] <= r["clientWidth"], (width, r["bodyScrollWidth"], r["overflowing"])


def test_every_tooltip_is_reachable_without_hover(phone: dict[int, dict[str, Any]],
                                                  warehouse: duckdb.DuckDBPyConnection) -> None:
    r = phone[CHECKED_WIDTH]
    cells, not_usable = warehouse.execute("""
        select (select count(*) from data_quality.rpt_review_delivery_cells where source = 'kommun_hsl'),
               (select count(*) from data_quality.rpt_review_indicator_quarters
                where usability is not null and usability <> 'usable')""").fetchone()
    assert r["titles"] >= cells + not_usable, "every heat-map cell and every cell with a reason has its detail"
    assert not r["unreachable"], f"{len(r['unreachable'])} tooltips only on hover, e.g. {r['unreachable'][:3]}"


def test_every_reason_is_visible_text(phone: dict[int, dict[str, Any]], warehouse: duckdb.DuckDBPyConnection) -> None:
    visible = phone[CHECKED_WIDTH]["visible"]
    reasons = {reason for (reason,) in warehouse.execute("""
        select reason_sv from data_quality.rpt_review_indicator_quarters
        where usability is not null and usability <> 'usable'""").fetchall()}
    assert reasons, "the default landing has indicator quarters that are not usable"
    absent = [reason for reason in reasons if " ".join(reason.split()) not in visible]
    assert not absent, f"reasons not shown as text: {absent[:3]}"


def test_text_contrast_meets_wcag_aa(phone: dict[int, dict[str, Any]]) -> None:
    r = phone[CHECKED_WIDTH]
    assert r["texts"] > 1000
    assert not r["low_contrast"], f"text below WCAG 2.1 AA contrast: {r['low_contrast'][:8]}"


def test_statuses_have_their_own_symbol_and_legend(phone: dict[int, dict[str, Any]],
                                                   warehouse: duckdb.DuckDBPyConnection) -> None:
    r = phone[CHECKED_WIDTH]
    words = {(d, c): (label, long) for d, c, label, long in warehouse.execute("""
        select domain, code, label_sv, label_long_sv from marts.dim_label
        where domain in ('delivery_status', 'usability')""").fetchall()}
    for domain in ("delivery_status", "usability"):
        codes = [c for d, c in words if d == domain]
        prefix = "" if domain == "delivery_status" else "u-"
        symbols = {}
        for code in codes:
            label, long = words[(domain, code)]
            entries = [e for e in r["legend"] if f"{prefix}{code}" in e["cls"].split()]
            assert len(entries) >= 1, f"no legend entry for {domain} {code}"
            entry = entries[0]
            assert label in entry["text"] and long in entry["text"], (code, entry)
            assert entry["symbol"], f"the legend of {domain} {code} has no symbol"
            symbols[code] = entry["symbol"]
        assert len(set(symbols.values())) == len(symbols), f"{domain}: two statuses share a symbol {symbols}"
    # in the heat map and the grid: each status its own symbol, never shared with another status
    seen: dict[str, str] = {}
    for key, cell in r["cells"].items():
        for symbol in cell["symbols"]:
            kind = key.split(":")[0] + ":" + symbol
            assert symbol, f"{key}: a cell without a symbol"
            assert seen.setdefault(kind, key) == key, f"{key} and {seen[kind]} share the symbol {symbol!r}"
    # not measured this period (by design) does not look like missing
    scheduled, missing = r["cells"].get("usability:not_scheduled"), r["cells"].get("usability:missing")
    assert scheduled and missing, "the default landing has indicator quarters not measured and missing"
    assert not set(scheduled["symbols"]) & set(missing["symbols"])
    assert not set(scheduled["backgrounds"]) & set(missing["backgrounds"])


def test_synthetic_banner_on_the_generators_landing(phone: dict[int, dict[str, Any]], page: Path, tmp_path: Path,
                                                    warehouse: duckdb.DuckDBPyConnection) -> None:
    label, long = warehouse.execute("""
        select label_sv, label_long_sv from marts.dim_label
        where domain = 'notice' and code = 'synthetic_data'""").fetchone()
    banner = phone[CHECKED_WIDTH]["banner"]
    assert banner is not None, "no synthetic-data banner on the generator's landing"
    assert label in banner["text"] and long in banner["text"]
    assert banner["top"] == 0 and banner["height"] > 10 and banner["width"] <= CHECKED_WIDTH
    # printed: the banner's box is painted on every page of the PDF
    pdf = tmp_path / "page.pdf"
    result = _run_chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.resolve().as_uri()],
                           tmp_path / "profile")
    assert pdf.is_file(), result.stderr[-3000:]
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    colour = [int(v) / 255 for v in re.findall(r"\d+", banner["background"])[:3]]
    painted = 0
    for m in re.finditer(rb"stream\r?\n", data):
        try:
            content = zlib.decompress(data[m.end():data.find(b"endstream", m.end())])
        except zlib.error:
            continue
        if b"Tf" not in content:
            continue  # not a page's content
        fills = re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
        if any(all(abs(float(f[k]) - colour[k]) < 0.003 for k in range(3)) for f in fills):
            painted += 1
    assert pages >= 2 and painted == pages, f"the banner is painted on {painted} of {pages} printed pages"


@pytest.mark.parametrize("manifest", ["not_synthetic", "absent"])
def test_no_synthetic_banner_on_a_real_landing(manifest: str, built_warehouse: Path, default_landing: Path,
                                               tmp_path: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    """The same landing, but its manifest does not say the generator wrote it (or there is none):
    the page must not call it synthetic. Each source folder is linked, not copied."""
    landing = tmp_path / "landing"
    landing.mkdir()
    for folder in default_landing.iterdir():
        if folder.is_dir():
            (landing / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
    if manifest == "not_synthetic":
        content = json.loads((default_landing / "_manifest.json").read_text(encoding="utf-8"))
        content["synthetic"] = False
        (landing / "_manifest.json").write_text(json.dumps(content), encoding="utf-8")
    text = _review_page(built_warehouse, landing, tmp_path / "index.html").read_text(encoding="utf-8")
    label, = warehouse.execute(
        "select label_sv from marts.dim_label where domain = 'notice' and code = 'synthetic_data'").fetchone()
    assert 'id="synthetic-notice"' not in text and "demo-banner" not in text.split("</style>")[-1]
    assert label not in text and "Syntetiska" not in text and "syntetiska" not in text.split("</style>")[-1]
    assert 'id="leveranser"' in text, "the page itself is there"


def test_swedish_throughout(phone: dict[int, dict[str, Any]], page: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    r = phone[CHECKED_WIDTH]
    assert r["english_classes"] == 0
    assert not re.search(r'class="[^"]*\ben(-inline)?\b', page.read_text(encoding="utf-8")), "English subtitle class"
    prose = r["visible_prose"]
    codes = {c for (c,) in warehouse.execute("""
        select source from reference.reference__delivery_schedule
        union select indicator_id from data_quality.rpt_review_indicator_quarters
        union select code from marts.dim_label
        where domain in ('delivery_status', 'usability', 'quality_flag', 'readiness', 'severity', 'file_status')
          and code like '%\\_%' escape '\\'""").fetchall()}
    # a code that is also a Swedish word of the names (egenmonitorering) may of course be read
    names = " ".join(n for (n,) in warehouse.execute("""
        select source_name_sv from reference.reference__delivery_schedule
        union select indicator_name_sv from data_quality.rpt_review_indicator_quarters""").fetchall()).lower()
    codes = {c for c in codes if not re.search(rf"(?<!\w){re.escape(c.lower())}(?!\w)", names)}
    leaked = sorted(c for c in codes if re.search(rf"(?<![\w.]){re.escape(c)}(?![\w])", prose))
    assert not leaked, f"code names in the visible text: {leaked}"
    english = re.findall(r"\b(missing|usable|incomplete|expected|on time|not expected|late|reason|deadline|findings?"
                         r"|rows|source|corrected|generated|quarter|municipality|checks?|files?|yes|partly)\b",
                         prose, re.I)
    assert not english, f"English words in the visible text: {sorted(set(english))}"
    # one period convention with the report and the exports: Statistics Sweden's codes (2024K1), not "Q1 2024"
    quarters = re.findall(r"\bQ[1-4] ?20\d\d\b", prose)
    assert not quarters, f"quarters not written as Statistics Sweden's codes: {sorted(set(quarters))[:5]}"
    assert re.search(r"\b20\d\dK[1-4]\b", prose), "the indicator grid's quarters are on the page"


def test_review_page_py_holds_no_markup_nor_swedish_labels(warehouse: duckdb.DuckDBPyConnection) -> None:
    tree = ast.parse((REPO_ROOT / "src" / "nara_vard" / "review_page.py").read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]
    markup = [s for s in strings if re.search(r"<\s*/?\s*[a-z][a-z0-9]*[\s>/]", s) or re.search(r"\{[^{}]*:[^{}]*;", s)]
    assert not markup, f"HTML or CSS in Python strings: {markup[:3]}"
    words = {w for row in warehouse.execute("select label_sv, label_long_sv from marts.dim_label").fetchall()
             for w in row if w and len(w) >= 3 and re.search(r"[a-zåäö]{3}", w)}
    labelled = sorted({s for s in strings for w in words
                       if re.search(rf"(?<![\wåäö]){re.escape(w.lower())}(?![\wåäö])", s.lower())})
    assert not labelled, f"Swedish labels of codes in review_page.py: {labelled[:5]}"


def test_every_link_on_the_page_has_its_target(page: Path, warehouse: duckdb.DuckDBPyConnection) -> None:
    """The table of contents and the heat map's municipality names lead somewhere (the list per
    municipality: one <details> per municipality of the heat map, one line per month)."""
    text = page.read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    targets = set(re.findall(r'href="#([^"]+)"', text))
    assert {"leveranser", "per-kommun", "kallor", "indikatorer", "beredskap", "fynd", "filer", "gx"} <= targets
    assert targets <= ids, f"links without a target: {sorted(targets - ids)[:5]}"
    per_municipality = dict(warehouse.execute("""
        select org_code, count(*) from data_quality.rpt_review_delivery_cells
        where source = 'kommun_hsl' group by org_code""").fetchall())
    for code, months in per_municipality.items():
        block = text[text.index(f'<details id="kommun-{code}"'):]
        block = block[:block.index("</details>")]
        assert block.count("<li") == months, (code, block.count("<li"), months)
