"""`nara-vard serve` (issue 25): a real server on loopback over the suite's published default build.

- an existing Kolada client, pykolada 1.0.0 unmodified (only its base URL changed), gets exactly the published
  yearly T/K/M values of every indicator with yearly values and every municipality, hidden ones as missing;
  expected values are read straight from the published DuckDB file, not through the API's code;
- the native endpoints: filters, JSON = CSV = Parquet, clear 400/404;
- ETag and 304;
- hostile requests: every one a 4xx, the server alive after them, no stack trace in its log.
"""

from __future__ import annotations

import csv
import io
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pykolada
import pykolada.pykolada
import pytest

from api_server import running_server


@pytest.fixture(scope="module")
def server(published_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    log = tmp_path_factory.mktemp("api") / "serve.log"
    with running_server(published_folder, log, header_timeout=2.0) as base:
        yield base, log


@pytest.fixture
def kolada_client(server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch) -> Any:
    """pykolada as published on PyPI, its base URL (a module constant) pointed at our server."""
    monkeypatch.setattr(pykolada.pykolada, "BASE_URL", server[0] + "/v2/")
    return pykolada


def _published(published: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(published / "nara_vard.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_pykolada_gets_every_published_yearly_value(kolada_client: Any, published_folder: Path) -> None:
    expected = {(kpi, "0014" if level == "region" else code, year, sex): value for kpi, level, code, year, sex, value in
                _published(published_folder, """
                    select indicator_id, geo_level, geo_code, year(period_start), sex,
                           case when suppression is null then value end
                    from marts.fct_indicator_values_v2
                    where period_type = 'year' and geo_level in ('kommun', 'region')""")}
    hidden = _published(published_folder, """select count(*) from marts.fct_indicator_values_v2
        where period_type = 'year' and geo_level in ('kommun', 'region') and suppression is not null""")[0][0]
    yearly = [i for (i,) in _published(published_folder,
                                       "select indicator_id from marts.dim_indicator where period_types like '%year%'")]
    years = sorted({k[2] for k in expected})
    municipalities = [m["id"] for m in kolada_client.get_municipality()]
    assert len(municipalities) == 50 and "0014" in municipalities
    kpis = {k["id"] for k in kolada_client.get_kpi()}
    assert set(yearly) <= kpis

    got = {(d["kpi"], d["municipality"], d["year"], d["gender"]): d["value"]
           for d in kolada_client.get_data(kpi=yearly, municipality=municipalities, year=years)}
    assert got == expected
    assert hidden > 0 and sum(1 for v in got.values() if v is None) >= hidden
    assert any(v is not None for v in got.values())


def test_pykolada_metadata_and_unit_data(kolada_client: Any, published_folder: Path) -> None:
    groups = {g["id"]: {m["id"] for m in g["members"]} for g in kolada_client.get_municipality_groups()}
    for code, members in _published(published_folder, """
            select kommunalforbund_code, list(geo_code) from marts.dim_geography
            where geo_level = 'kommun' group by 1"""):
        assert groups[code] == set(members)
    assert {m["type"] for m in kolada_client.get_municipality(id="0014")} == {"L"}
    kpi = kolada_client.get_kpi(id="telefon_24h")[0]
    assert kpi["reference_kind"] == "target" and kpi["synthetic_data"] is True
    assert kpi["description"].startswith(kpi["synthetic_data_notice"])
    hospitals = [o["id"] for o in kolada_client.get_ou() if o["type"] == "sjukhus"]
    expected = {(code, year, sex): value for code, year, sex, value in _published(published_folder, """
        select geo_code, year(period_start), sex, case when suppression is null then value end
        from marts.fct_indicator_values_v2
        where indicator_id = 'medelvardtid' and period_type = 'year' and geo_level = 'sjukhus'""")}
    got = {(d["ou"], d["year"], d["gender"]): d["value"]
           for d in kolada_client.get_oudata(kpi="medelvardtid", ou=hospitals, year=sorted({k[1] for k in expected}))}
    assert got == expected and expected


def test_kolada_paging_follows_next_page(server: tuple[str, Path]) -> None:
    url = server[0] + "/v2/data/kpi/medelvardtid,sip_antal/year/2022,2023"
    whole = httpx.get(url).json()["values"]
    pages, following = [], url + "?per_page=7"
    while following:
        body = httpx.get(following).json()
        assert body["count"] == len(body["values"]) <= 7
        pages += body["values"]
        following = body.get("next_page")
    assert pages == whole and len(whole) > 7


def test_native_values_json_csv_parquet_agree(server: tuple[str, Path], published_folder: Path,
                                              tmp_path: Path) -> None:
    query = ("indicator=medelvardtid,fast_lakarkontakt&geo_level=kommun&period_type=quarter&period_from=2023-Q1"
             "&period_to=2023-Q4&sex=T")
    js = httpx.get(f"{server[0]}/api/v1/values?{query}&per_page=10000").json()
    expected = _published(published_folder, """
        select count(*) from marts.fct_indicator_values_v2
        where indicator_id in ('medelvardtid', 'fast_lakarkontakt') and geo_level = 'kommun'
          and period_type = 'quarter' and period_start between '2023-01-01' and '2023-10-01' and sex = 'T'""")[0][0]
    assert js["total"] == js["count"] == expected > 0
    answer = httpx.get(f"{server[0]}/api/v1/values?{query}&per_page=10000&format=csv")
    text = answer.content.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == expected
    for row, item in zip(rows, js["values"], strict=True):
        assert row["geo_code"] == item["geo_code"] and row["period_start"] == item["period_start"]
        if item["value"] is not None:
            assert float(row["value"].replace(",", ".")) == pytest.approx(item["value"], rel=1e-9)
    (tmp_path / "v.parquet").write_bytes(httpx.get(f"{server[0]}/api/v1/values?{query}&format=parquet").content)
    with duckdb.connect() as con:
        values = con.execute(f"select value from read_parquet('{tmp_path / 'v.parquet'}')").fetchall()
    assert [v for (v,) in values] == [i["value"] for i in js["values"]]


def test_native_definitions_and_clear_errors(server: tuple[str, Path]) -> None:
    base = server[0]
    definition = httpx.get(f"{base}/api/v1/indicators/andel_resurser_nara_vard").json()
    assert definition["definition_sv"] and definition["numerator_sv"]
    for path, status, words in (("/api/v1/indicators/nope", 404, "no indicator"),
                                ("/api/v1/values?geo_code=9999", 404, "no geography"),
                                ("/api/v1/values?period_type=week", 400, "month, quarter, year"),
                                ("/api/v1/values?sex=X", 400, "T, K, M"),
                                ("/api/v1/values?format=xml", 400, "json, csv, parquet"),
                                ("/api/v1/values?per_page=0", 400, "per_page"),
                                ("/api/v1/values?as_of=yesterday", 400, "publication id"),
                                ("/api/v1/values?as_of=20000101T000000000000Z", 404, "history"),
                                ("/v2/data/kpi/medelvardtid", 404, "no such resource")):
        answer = httpx.get(base + path)
        assert answer.status_code == status, (path, answer.text)
        assert words in answer.json()["error"], (path, answer.text)


def test_etag_names_the_publication_and_304(server: tuple[str, Path], published_folder: Path) -> None:
    import json

    meta = json.loads((published_folder / "_published.json").read_text(encoding="utf-8"))
    answer = httpx.get(server[0] + "/v2/municipality")
    assert answer.headers["x-publication-id"] == meta["publication_id"]
    assert answer.headers["etag"] == f'"{meta["publication_id"]}"'
    again = httpx.get(server[0] + "/v2/municipality", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def _raw(base: str, payload: bytes, wait: float = 5.0) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(payload)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
    return b"".join(chunks)


def _status(raw: bytes) -> int:
    return int(raw.split(b" ", 2)[1]) if raw.startswith(b"HTTP/1.1 ") else 0


def test_hostile_requests_get_4xx_and_the_server_stays_up(server: tuple[str, Path]) -> None:
    base, log = server
    many = ",".join(str(1000 + i) for i in range(5000))
    hostile = [
        "/v2/data/kpi/medelvardtid';drop table x;--/municipality/1440/year/2023",
        "/v2/kpi/1%20or%201=1",
        "/api/v1/values?indicator=medelvardtid%27%20or%20%271%27=%271",
        "/api/v1/values?geo_code=1440)%20union%20select%20*%20from%20duckdb_settings()--",
        "/api/v1/values?as_of=../../../../etc/passwd",
        "/api/v1/values?as_of=20261207T235928259702Z%2f..%2f..",
        "/v2/..%2f..%2f..%2fetc%2fpasswd",
        "/api/v1/indicators/..%2F..%2Fnara_vard.duckdb",
        "/api/v1/values?per_page=999999999999999999999",
        "/api/v1/values?page=-1",
        f"/v2/data/kpi/medelvardtid/municipality/{many}/year/2023",
        "/api/v1/values?indicator=%ff%fe",
        "/v2/kpi?title=%ff%c0%80",
        "/api/v1/values?period_from=2023-05%00",
    ]
    for path in hostile:
        answer = httpx.get(base + path, timeout=30)
        assert 400 <= answer.status_code < 500, (path[:120], answer.status_code, answer.text[:300])
        assert "Traceback" not in answer.text
    assert httpx.post(base + "/v2/kpi").status_code == 405
    for payload in (b"GET /v2/kpi/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n",      # raw bytes that are not UTF-8
                    b"GET /v2/kpi HTTP/1.1\r\nHost: x\r\nX: \x00\x01\r\n\r\n",  # control bytes in a header
                    b"BREW /v2/kpi HTCPCP/1.0\r\n\r\n",                        # not HTTP
                    b"GET /v2/kpi HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                    b"GET /v2/data/kpi/" + b"a" * 70_000 + b"/year/2023 HTTP/1.1\r\nHost: x\r\n\r\n"):
        status = _status(_raw(base, payload))
        assert 400 <= status < 500, (payload[:40], status)
    # slowloris: half a request head, then nothing: 408 after the header timeout (2 s here), not a held socket
    started = time.monotonic()
    slow = _raw(base, b"GET /v2/kpi HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ", wait=15)
    assert _status(slow) == 408 and time.monotonic() - started < 10
    assert httpx.get(base + "/v2/municipality/1440").json()["values"][0]["title"] == "Ale"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and " 500 " not in text
