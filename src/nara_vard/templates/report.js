(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("report-data").textContent);
  function esc(s) {
    return String(s == null ? "" : s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function note(i) { return i >= 0 ? D.notes[i] : ""; }
  function code(i) { return i >= 0 ? D.codes[i] : null; }
  function word(domain, c, long) { var w = (D.words[domain] || {})[c]; return w ? w[long ? 1 : 0] : (c || ""); }
  var hash = {};
  (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
    var i = kv.indexOf("="); if (i > 0) { hash[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
  });
  function saveHash() {
    var h = "#period=" + encodeURIComponent(selPeriod.value) + "&ind=" + encodeURIComponent(selInd.value) +
      "&kommun=" + encodeURIComponent(selKommun.value) +
      "&per=" + encodeURIComponent(selPtype.value) + "&kon=" + encodeURIComponent(currentSex());
    try { history.replaceState(null, "", h); } catch (err) { /* file:// in some browsers */ }
  }
  var indById = {}; D.ind.forEach(function (i) { indById[i.id] = i; });

  // ---------------------------------------------------------------- Totalt / Kvinnor / Män
  var sexInputs = Array.prototype.slice.call(document.querySelectorAll('input[name="kon"]'));
  function currentSex() {
    for (var i = 0; i < sexInputs.length; i++) { if (sexInputs[i].checked) { return sexInputs[i].value; } }
    return "T";
  }
  function applySex() {
    // every element made for some of the choices (overview rows, notes) is shown for those only
    var s = currentSex();
    document.documentElement.setAttribute("data-sex", s);
    Array.prototype.forEach.call(document.querySelectorAll("[data-views]"), function (el) {
      el.hidden = el.getAttribute("data-views").split(" ").indexOf(s) < 0;
    });
  }
  var kfName = {}; D.kf.forEach(function (f) { kfName[f.c] = f.n; });

  // ---------------------------------------------------------------- municipality comparison
  // One indicator and period: the region, the kommunalförbund and the municipalities, each with its
  // value, 95 % interval, class against the region, per 1 000 inhabitants and position; sortable.
  var selPeriod = document.getElementById("cmp-period"), selInd = document.getElementById("cmp-indicator");
  var sortKey = "default", sortDir = 1;
  function periodOf(k) { for (var i = 0; i < D.cmp.periods.length; i++) { if (D.cmp.periods[i].k === k) { return D.cmp.periods[i]; } } return null; }
  var CLASS_ORDER = { better: 0, no_difference: 1, worse: 2, not_compared: 3 };
  var SYMBOL = { better: "▲", no_difference: "●", worse: "▼" };
  function renderComparison() {
    var key = selPeriod.value, ind = indById[selInd.value], per = periodOf(key);
    var P = (D.cmp.cells[key] || {})[ind.id];
    var table = document.getElementById("cmp-table");
    table.setAttribute("data-period", key);
    table.setAttribute("data-indicator", ind.id);
    if (!P) {
      table.innerHTML = '<tbody><tr><td class="note">' + esc(ind.name) + " redovisas inte per kommun för " + esc(per ? per.l : "") + ".</td></tr></tbody>";
      return;
    }
    var order = D.cmp.geos.map(function (g, i) { return i; });
    function val(i) { var c = P[i]; return c && c[8] != null ? c[8] : null; }
    if (sortKey !== "default") {
      order.sort(function (a, b) {
        var ga = D.cmp.geos[a], gb = D.cmp.geos[b], ra = ga.l === "kommun" ? 1 : 0, rb = gb.l === "kommun" ? 1 : 0;
        if (ra !== rb) { return ra - rb; }  // the reference rows stay on top
        var x, y;
        if (sortKey === "name") { x = ga.n; y = gb.n; return sortDir * x.localeCompare(y, "sv"); }
        if (sortKey === "value") { x = val(a); y = val(b); }
        else if (sortKey === "per1000") { x = P[a] && P[a][4] != null ? parseFloat(P[a][4].replace(/\s/g, "").replace(",", ".")) : null; y = P[b] && P[b][4] != null ? parseFloat(P[b][4].replace(/\s/g, "").replace(",", ".")) : null; }
        else { x = P[a] && code(P[a][2]) ? CLASS_ORDER[code(P[a][2])] : null; y = P[b] && code(P[b][2]) ? CLASS_ORDER[code(P[b][2])] : null; }
        if (x == null && y == null) { return ga.n.localeCompare(gb.n, "sv"); }
        if (x == null) { return 1; }
        if (y == null) { return -1; }
        return sortDir * (x < y ? -1 : x > y ? 1 : 0);
      });
    }
    function th(k, label) {
      var state = sortKey === k ? (sortDir > 0 ? "ascending" : "descending") : "none";
      return '<th scope="col" aria-sort="' + state + '"><button type="button" data-sort="' + k + '">' + esc(label) +
        '<span class="dir" aria-hidden="true">' + (state === "ascending" ? "▴" : state === "descending" ? "▾" : "↕") + "</span></button></th>";
    }
    var h = ["<thead><tr>", th("name", "Område"), th("value", "Värde (" + ind.unitSv + ")"), '<th scope="col">95 % konfidensintervall</th>'];
    if (ind.size) { h.push(th("per1000", "Per 1 000 invånare")); }
    h.push(th("class", "Jämfört med regionen"), '<th scope="col">Läge bland kommunerna</th><th scope="col">Anmärkning</th></tr></thead><tbody>');
    var lastKf = null;
    order.forEach(function (i) {
      var g = D.cmp.geos[i], c = P[i];
      if (sortKey === "default" && g.l === "kommun" && g.f !== lastKf) {
        lastKf = g.f;
        h.push('<tr class="grp" data-kommunalforbund="' + esc(g.f) + '"><th colspan="' + (ind.size ? 7 : 6) + '">' + esc(kfName[g.f] || g.f) + "</th></tr>");
      }
      var cls = g.l === "kommun" ? "km" : "ref ref-" + g.l;
      h.push('<tr class="' + cls + '" data-geo-level="' + esc(g.l) + '" data-geo="' + esc(g.c) + '"' +
        (g.l === "kommun" ? ' data-municipality="' + esc(g.c) + '"' : "") + ">");
      h.push('<td class="kn">' + esc(g.n) + "</td>");
      if (!c) {
        h.push('<td class="n" data-state="none"></td><td></td>' + (ind.size ? "<td></td>" : "") + '<td></td><td></td><td class="note">Ingen uppgift för området.</td></tr>');
        return;
      }
      var reason = code(c[6]), klass = code(c[2]), pos = code(c[5]);
      var shown = c[0] != null ? c[0] : (reason ? word("missing_reason", reason) : "");
      h.push('<td class="n" data-state="' + (c[0] === ".." ? "hidden" : c[0] == null ? "missing" : "value") + '"' +
        (reason ? ' data-reason="' + esc(reason) + '"' : "") + '><span class="cv">' + esc(shown) + "</span></td>");
      h.push('<td class="n ci">' + esc(c[1] || "") + "</td>");
      if (ind.size) { h.push('<td class="n">' + esc(c[4] || "") + "</td>"); }
      h.push('<td class="cls' + (klass ? " c-" + esc(klass) : "") + '"' + (klass ? ' data-class="' + esc(klass) + '"' : "") + ">" +
        (klass ? '<span class="sym" aria-hidden="true">' + esc(c[3] || SYMBOL[klass] || "") + "</span>" + esc(word("comparison_class", klass)) : "") + "</td>");
      h.push('<td class="pos"' + (pos ? ' data-position="' + esc(pos) + '"' : "") + ">" + (pos ? esc(word("comparison_position", pos)) : "") + "</td>");
      var why = c[0] == null || c[0] === ".." ? (reason ? word("missing_reason", reason, true) + (note(c[7]) ? ": " : "") : "") : "";
      h.push('<td class="note">' + esc(why + (note(c[7]) || "")) + "</td></tr>");
    });
    h.push("</tbody>");
    table.innerHTML = h.join("");
    Array.prototype.forEach.call(table.querySelectorAll("button[data-sort]"), function (b) {
      b.addEventListener("click", function () {
        var k = b.getAttribute("data-sort");
        if (sortKey === k) { sortDir = -sortDir; } else { sortKey = k; sortDir = k === "class" || k === "name" ? 1 : -1; }
        renderComparison();
        var again = table.querySelector('button[data-sort="' + k + '"]');
        if (again) { again.focus(); }
      });
    });
  }

  // ---------------------------------------------------------------- trend lines
  var selKommun = document.getElementById("trend-kommun"), selPtype = document.getElementById("trend-ptype");
  var STYLE = { r: { cls: "s-r", mark: "circle" }, f: { cls: "s-f", mark: "square" }, k: { cls: "s-k", mark: "triangle" } };
  function marker(kind, x, y, r) {
    if (kind === "square") { return '<rect class="pt" x="' + (x - r) + '" y="' + (y - r) + '" width="' + 2 * r + '" height="' + 2 * r + '"'; }
    if (kind === "triangle") { return '<path class="pt" d="M' + x + " " + (y - r - 1) + "L" + (x + r + 1) + " " + (y + r) + "L" + (x - r - 1) + " " + (y + r) + 'Z"'; }
    return '<circle class="pt" cx="' + x + '" cy="' + y + '" r="' + r + '"';
  }
  function niceTicks(lo, hi, parts) {
    parts = parts || 3;
    var raw = (hi - lo) / parts, mag = Math.pow(10, Math.floor(Math.log10(raw))), r = raw / mag;
    var step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * mag, ticks = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) { ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t); }
    if (ticks.length < 2 && parts < 24) { return niceTicks(lo, hi, parts * 2); }
    return { ticks: ticks, dec: Math.max(0, Math.min(2, -Math.floor(Math.log10(step) + 1e-9))) };
  }
  function fmt(v, dec, ind) {
    return v.toLocaleString("sv-SE", { minimumFractionDigits: dec, maximumFractionDigits: dec }) + (ind.unit === "procent" ? "%" : "");
  }
  function legendSample(kind, cls) {
    return '<svg width="34" height="12" class="tr"><g class="' + cls + '"><line class="ln" x1="1" y1="6" x2="33" y2="6"/>' + marker(kind, 17, 6, 3.2) + "/></g></svg>";
  }
  function bands(line, x, y) {
    // the 95 % interval: a band over each run of points that have one, a whisker for a lone point
    var out = [], run = [];
    function flush() {
      if (run.length === 1) {
        var i = run[0];
        out.push('<line class="ci" x1="' + x(i).toFixed(1) + '" x2="' + x(i).toFixed(1) + '" y1="' + y(line[i][3]).toFixed(1) +
          '" y2="' + y(line[i][4]).toFixed(1) + '"/>');
      } else if (run.length > 1) {
        var up = run.map(function (i) { return x(i).toFixed(1) + "," + y(line[i][4]).toFixed(1); });
        var down = run.slice().reverse().map(function (i) { return x(i).toFixed(1) + "," + y(line[i][3]).toFixed(1); });
        out.push('<polygon class="ci" points="' + up.concat(down).join(" ") + '"/>');
      }
      run = [];
    }
    line.forEach(function (p, i) { if (p && p[0] != null && p[3] != null && p[4] != null) { run.push(i); } else { flush(); } });
    flush();
    return out;
  }
  function renderTrends() {
    var k = null;
    D.kommuner.forEach(function (x) { if (x.c === selKommun.value) { k = x; } });
    if (!k) { k = D.kommuner[0]; selKommun.value = k.c; }
    var S = D.ser[selPtype.value], labels = S.labels, n = labels.length;
    var geos = [{ key: "r:" + D.region.c, name: D.region.n, s: "r" }, { key: "f:" + k.f, name: kfName[k.f] || k.f, s: "f" },
      { key: "k:" + k.c, name: k.n, s: "k" }];
    document.getElementById("trend-legend").innerHTML = geos.map(function (g) {
      return '<span class="lg-item">' + legendSample(STYLE[g.s].mark, STYLE[g.s].cls) + esc(g.name) + "</span>";
    }).join("");
    document.getElementById("trend-legend").innerHTML += '<span class="lg-item"><svg width="34" height="12" class="tr">' +
      '<rect class="ci-sample" x="1" y="1" width="32" height="10"/></svg>95 % konfidensintervall</span>';
    var sex = currentSex(), out = [];
    D.ind.forEach(function (ind) {
      var shown = ind.sx ? sex : "T", data = (S.data[shown] || {})[ind.id];
      var who = shown !== "T" ? " · " + word("sex", shown) : (sex !== "T" ? " · " + word("sex", "T") : "");
      var cap = '<figcaption>' + esc(ind.name) + '<span class="sub">' + esc(ind.unitSv) + (ind.ref ? " · " + esc(ind.ref) : "") +
        esc(who) + "</span>" + (ind.sx || sex === "T" ? "" : '<span class="sexnote">Redovisas inte per kön – totalt visas</span>') + "</figcaption>";
      var fig = '<figure class="chart" data-indicator="' + esc(ind.id) + '" data-sex="' + esc(shown) + '">';
      if (!data) {
        out.push(fig + cap +
          '<p class="note">Redovisas inte per ' + esc(word("period_type", selPtype.value).toLowerCase()) + ".</p></figure>");
        return;
      }
      var present = geos.filter(function (g) { return data[g.key]; });
      var panels = ind.size ? present.map(function (g) { return [g]; }) : [present];
      var W = 460, L = 64, R = 22, PH = ind.size ? 46 : 104, PT = ind.size ? 13 : 4, GAP = 16, ROW = 12;
      function gapOf(p) {
        if (!p) { return null; }
        if (p[1] === "..") { return "hidden"; }
        if (p[0] != null) { return null; }
        var r = code(p[3]);
        return r === "not_measured" || r === "not_applicable" ? null : (r || "not_delivered");
      }
      var gapRows = present.filter(function (g) { return data[g.key].some(function (p) { return gapOf(p) !== null; }); });
      var H = 6 + panels.length * (PT + PH + GAP) + 14 + gapRows.length * ROW + 4;
      var x = function (i) { return L + (n > 1 ? i * (W - L - R) / (n - 1) : (W - L - R) / 2); };
      var svg = ['<svg class="tr" viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="' + esc(ind.name + who) + '">'];
      var top = 6;
      panels.forEach(function (members) {
        var vals = [];
        members.forEach(function (g) {
          data[g.key].forEach(function (p) {
            if (p && p[0] != null) { vals.push(p[0]); }
            if (p && p[3] != null && p[4] != null) { vals.push(p[3], p[4]); }
          });
        });
        if (ind.size) { svg.push('<text class="pn" x="' + L + '" y="' + (top + 10) + '">' + esc(members[0] ? members[0].name : "") + "</text>"); }
        top += PT;
        if (!vals.length) {
          var why = "";
          members.forEach(function (g) { data[g.key].forEach(function (p) { if (!why && p && p[2] >= 0) { why = note(p[2]); } }); });
          svg.push('<rect class="nodata" x="' + L + '" y="' + top + '" width="' + (W - L - R) + '" height="' + PH + '"/>' +
            '<text class="nodata" x="' + ((L + W - R) / 2) + '" y="' + (top + PH / 2 + 4) + '" text-anchor="middle">Inga värden under perioden' +
            "<title>" + esc(why) + "</title></text>");
          top += PH + GAP;
          return;
        }
        var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
        if (ind.size) { lo = Math.min(lo, 0); }
        if (hi === lo) { hi = hi + (Math.abs(hi) || 1) * 0.1; lo = ind.size && lo >= 0 ? 0 : lo - (Math.abs(lo) || 1) * 0.1; }
        var pad = (hi - lo) * 0.08; if (!ind.size || lo < 0) { lo -= pad; } hi += pad;
        var nt = niceTicks(lo, hi);
        var y = function (v) { return top + PH - (v - lo) / (hi - lo) * PH; };
        nt.ticks.forEach(function (t) {
          svg.push('<line class="grid" x1="' + L + '" x2="' + (W - R) + '" y1="' + y(t).toFixed(1) + '" y2="' + y(t).toFixed(1) + '"/>' +
            '<text x="' + (L - 5) + '" y="' + (y(t) + 3).toFixed(1) + '" text-anchor="end">' + esc(fmt(t, nt.dec, ind)) + "</text>");
        });
        svg.push('<line class="axis" x1="' + L + '" x2="' + (W - R) + '" y1="' + (top + PH) + '" y2="' + (top + PH) + '"/>');
        members.forEach(function (g) {
          var st = STYLE[g.s], line = data[g.key], seg = [], parts = [];
          svg.push('<g class="' + st.cls + '" data-geo="' + esc(g.key) + '">');
          bands(line, x, y).forEach(function (b) { svg.push(b); });
          line.forEach(function (p, i) {
            if (p && p[0] != null) { seg.push(x(i).toFixed(1) + "," + y(p[0]).toFixed(1)); }
            else { if (seg.length) { parts.push(seg); } seg = []; }
          });
          if (seg.length) { parts.push(seg); }
          parts.forEach(function (s) { if (s.length > 1) { svg.push('<polyline class="ln" points="' + s.join(" ") + '"/>'); } });
          line.forEach(function (p, i) {
            if (p && p[0] != null) {
              var t = g.name + ", " + labels[i] + ": " + p[1] + (p[3] != null && p[4] != null ?
                " (95 % konfidensintervall " + fmt(p[3], ind.dec, ind).replace("%", "") + "–" + fmt(p[4], ind.dec, ind) + ")" : "") +
                (p[5] ? ". Riktning " + p[5] + " " + word("riktning", p[5], true) +
                  (p[6] === 0 ? " – " + word("significance", "false", true) : p[6] === 1 ? " – " + word("significance", "true", true) : "") : "") +
                (p[2] >= 0 ? " – " + note(p[2]) : "");
              svg.push(marker(st.mark, +x(i).toFixed(1), +y(p[0]).toFixed(1), 3) + "><title>" + esc(t) + "</title>" +
                (st.mark === "circle" ? "</circle>" : st.mark === "square" ? "</rect>" : "</path>"));
            }
          });
          svg.push("</g>");
        });
        top += PH + GAP;
      });
      var step = n > 12 ? 3 : 1, ly = top - GAP + 12;
      labels.forEach(function (l, i) {
        if (i % step === 0 || i === n - 1) { svg.push('<text x="' + x(i).toFixed(1) + '" y="' + ly + '" text-anchor="middle">' + esc(l) + "</text>"); }
      });
      var gy = ly + 4;
      gapRows.forEach(function (g) {
        gy += ROW;
        var st = STYLE[g.s];
        svg.push('<g class="' + st.cls + '">' + marker(st.mark, 6, gy - 4, 3) + "/>" +
          '<text x="13" y="' + gy + '">' + (g.s === "r" ? "region" : g.s === "f" ? "förbund" : "kommun") + "</text></g>");
        data[g.key].forEach(function (p, i) {
          var gap = gapOf(p);
          if (gap === null) { return; }
          var why = word("missing_reason", gap, true) + (note(p[2]) ? " – " + note(p[2]) : "");
          svg.push('<text class="gap" data-gap="' + (gap === "hidden" ? "hidden" : "missing") + '" data-reason="' + esc(gap) + '" x="' +
            x(i).toFixed(1) + '" y="' + gy + '" text-anchor="middle">' + esc(word("missing_reason", gap)) + "<title>" +
            esc(g.name + ", " + labels[i] + ": " + why) + "</title></text>");
        });
      });
      svg.push("</svg>");
      var tbl = ['<details class="chart-values"><summary>Värdena som text</summary><table><thead><tr><th scope="col">Period</th>'];
      present.forEach(function (g) { tbl.push('<th scope="col">' + esc(g.name) + "</th>"); });
      tbl.push("</tr></thead><tbody>");
      labels.forEach(function (l, i) {
        tbl.push("<tr><td>" + esc(l) + "</td>");
        present.forEach(function (g) {
          var p = data[g.key][i], text = "";
          if (p && p[0] != null) {
            text = p[1] + (p[3] != null && p[4] != null ? " (95 % konfidensintervall " + fmt(p[3], ind.dec, ind).replace("%", "") + "–" +
              fmt(p[4], ind.dec, ind) + ")" : "") + (p[2] >= 0 ? " – " + note(p[2]) : "");
          } else {
            var r = !p ? "not_measured" : p[1] === ".." ? "hidden" : (code(p[3]) || "not_delivered");
            text = word("missing_reason", r) + " " + word("missing_reason", r, true).toLowerCase() + (p && note(p[2]) ? " – " + note(p[2]) : "");
          }
          tbl.push("<td>" + esc(text) + "</td>");
        });
        tbl.push("</tr>");
      });
      tbl.push("</tbody></table></details>");
      out.push(fig + cap + svg.join("") + tbl.join("") + "</figure>");
    });
    document.getElementById("trend-charts").innerHTML = out.join("");
  }

  if (hash.period && periodOf(hash.period)) { selPeriod.value = hash.period; }
  if (hash.ind && indById[hash.ind]) { selInd.value = hash.ind; }
  if (hash.kommun) { selKommun.value = hash.kommun; }
  if (hash.per && D.ser[hash.per]) { selPtype.value = hash.per; }
  sexInputs.forEach(function (r) { if (r.value === hash.kon) { r.checked = true; } });
  sexInputs.forEach(function (r) { r.addEventListener("change", function () { applySex(); renderTrends(); saveHash(); }); });
  selPeriod.addEventListener("change", function () { renderComparison(); saveHash(); });
  selInd.addEventListener("change", function () { sortKey = "default"; renderComparison(); saveHash(); });
  selKommun.addEventListener("change", function () { renderTrends(); saveHash(); });
  selPtype.addEventListener("change", function () { renderTrends(); saveHash(); });
  applySex();
  renderComparison();
  renderTrends();
  document.documentElement.setAttribute("data-rendered", "true");
})();
