"""Kolada client, live update and CLI, replaying recorded/constructed v3 responses via httpx.MockTransport.

The only fake is the network edge: the real client, the real transform and real Parquet writes in tmp_path.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import httpx
import pandas as pd
import pyarrow.parquet as pq
import pytest

from jamstat.catalog import Indicator
from jamstat.settings import PROJECT_DIR
from jamstat.sources import cli_update
from jamstat.sources.kolada import KoladaClient, KoladaError
from jamstat.sources.transform import VALUE_COLUMNS
from jamstat.sources.update import run_update
from jamstat.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "kolada"
BASE = "https://api.kolada.se/v3"


def _ind(indicator_id, kpi_women, kpi_men, derived_sex="", theme="care"):
    return Indicator(indicator_id=indicator_id, kpi_women=kpi_women, kpi_men=kpi_men, derived_sex=derived_sex,
                     theme=theme, unit="percent", population="adults", higher_is="neutral",
                     title_sv=f"{indicator_id} sv", title_en=f"{indicator_id} en")


CATALOG = (
    _ind("home_care_80", "N21704", "N21704"),
    _ind("grade9_all_subjects", "N15419", "N15419", theme="education"),
    _ind("parental_leave_days", "N00942", "N00943"),
    _ind("parental_leave_days_derived", "", "N00943", derived_sex="women"),
)


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict:
    return json.loads(fixture_bytes(name))


def ok(content: bytes | dict, **headers) -> httpx.Response:
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return httpx.Response(200, content=content, headers={"content-type": "application/json", **headers})


EMPTY = {"values": [], "count": 0, "next_url": None, "previous_url": None}


class Replay:
    """MockTransport handler answering, in order, from a script of responses / exceptions / callables."""

    def __init__(self, *script):
        self.script = list(script)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        assert self.script, f"unexpected extra request {request.url}"
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step(request) if callable(step) else step


class Router:
    """MockTransport handler answering by URL path (and page parameter), recording requests."""

    def __init__(self, routes: dict[str, object], default: httpx.Response | None = None):
        self.routes = routes
        self.default = default
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        page = request.url.params.get("page")
        key = request.url.path + (f"?page={page}" if page and page != "1" else "")
        answer = self.routes.get(key, self.default)
        assert answer is not None, f"no fixture for {key}"
        return answer(request) if callable(answer) else answer


def client_for(handler, sleeps: list | None = None, **kwargs) -> KoladaClient:
    return KoladaClient(transport=httpx.MockTransport(handler),
                        sleep=(sleeps.append if sleeps is not None else (lambda s: None)), **kwargs)


N21704 = "recorded_n21704_2023_enveloped.json"
N15419_PAGES = [f"constructed_n15419_2021_2022_page{i}.json" for i in (1, 2, 3)]
PARENTAL = "constructed_n00942_n00943_2021_2022.json"
EDGE = "constructed_edge_cases_n15419_2022.json"


def n15419_router() -> Router:
    path = "/v3/data/kpi/N15419/year/2021,2022"
    return Router({path: ok(fixture_bytes(N15419_PAGES[0])),
                   f"{path}?page=2": ok(fixture_bytes(N15419_PAGES[1])),
                   f"{path}?page=3": ok(fixture_bytes(N15419_PAGES[2]))})


def fixture_value(name: str, kpi: str, municipality: str, year: int, gender: str) -> float:
    """The number a fixture file holds for one data point, read straight from its JSON."""
    for item in fixture_json(name)["values"]:
        if (item["kpi"], item["municipality"], item["period"]) == (kpi, municipality, year):
            return next(v["value"] for v in item["values"] if v["gender"] == gender)
    raise KeyError((kpi, municipality, year, gender))


def row(frame: pd.DataFrame, **where) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


# --- paging -------------------------------------------------------------------------------------------

def test_paging_follows_next_url_over_three_pages_and_stops_when_next_url_missing():
    router = n15419_router()
    with client_for(router) as client:
        pages = list(client.get_pages("/data/kpi/N15419/year/2021,2022"))
    assert [len(p["values"]) for p in pages] == [4, 4, 6]
    assert "next_url" not in pages[-1]  # the last page has no next_url key at all
    assert len(router.requests) == 3
    assert router.requests[0].url.params["per_page"] == "5000"
    assert [r.url.params.get("page") for r in router.requests] == [None, "2", "3"]


def test_data_collects_rows_from_every_page():
    router = n15419_router()
    with client_for(router) as client:
        raw = client.data(["N15419"], years=[2021, 2022])
    assert list(raw.columns) == ["kpi", "area_id", "year", "gender", "value", "status"]
    assert len(raw) == 7 * 2 * 3  # 7 areas on 3 pages x 2 years x K/M/T
    assert set(raw["area_id"]) == {"0000", "0180", "0580", "1280", "1480", "1780", "2480"}
    assert row(raw, area_id="2480", year=2021, gender="K")["value"].tolist() == [82.8]  # from page 3


@pytest.mark.parametrize("end", [None, "", "missing"])
def test_single_page_stops_on_null_empty_or_missing_next_url(end):
    body = fixture_json(N21704)
    if end == "missing":
        del body["next_url"]
    else:
        body["next_url"] = end
    replay = Replay(ok(body))
    with client_for(replay) as client:
        pages = list(client.get_pages("/data/kpi/N21704/year/2023"))
    assert len(pages) == 1 and len(pages[0]["values"]) == 5
    assert len(replay.requests) == 1


def test_paging_stops_on_empty_values_even_with_next_url():
    body = dict(EMPTY, next_url=f"{BASE}/data/kpi/N21704/year/2023?page=2&per_page=5000")
    replay = Replay(ok(body))
    with client_for(replay) as client:
        raw = client.data(["N21704"], years=[2023])
    assert raw.empty and list(raw.columns) == ["kpi", "area_id", "year", "gender", "value", "status"]
    assert len(replay.requests) == 1


def test_foreign_host_next_url_is_refused():
    body = fixture_json(N21704)
    body["next_url"] = "https://evil.example.com/v3/data/kpi/N21704/year/2023?page=2"
    replay = Replay(ok(body))
    with client_for(replay) as client, pytest.raises(KoladaError, match="evil.example.com"):
        client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 1


def test_next_url_loop_is_detected():
    body = fixture_json(N21704)
    body["next_url"] = f"{BASE}/data/kpi/N21704/year/2023?per_page=5000&page=2"
    replay = Replay(ok(body), ok(body))
    with client_for(replay) as client, pytest.raises(KoladaError, match="loops"):
        client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 2


def test_page_cap_stops_endless_paging():
    def page(request):
        n = int(request.url.params.get("page", "1"))
        return ok(dict(fixture_json(N21704), next_url=f"{BASE}/data/kpi/N21704/year/2023?page={n + 1}"))

    replay = Replay(*[page] * 3)
    with client_for(replay, max_pages=3) as client, pytest.raises(KoladaError, match="3 pages"):
        client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 3


# --- batching -----------------------------------------------------------------------------------------

def test_more_than_25_kpis_are_batched_into_several_requests_with_progress():
    ids = [f"N{n:05d}" for n in range(10001, 10031)]  # 30 ids
    router = Router({}, default=ok(EMPTY))
    calls = []
    with client_for(router) as client:
        client.data(ids, years=[2021, 2022], progress=lambda d, t, label: calls.append((d, t, label)))
    segments = [r.url.path.split("/")[4].split(",") for r in router.requests]
    assert [len(s) for s in segments] == [25, 5]
    assert [k for s in segments for k in s] == ids
    assert all(r.url.path.endswith("/year/2021,2022") for r in router.requests)
    assert "%2C" not in str(router.requests[0].url)  # commas stay literal in the path
    assert [(d, t) for d, t, _ in calls] == [(1, 2), (2, 2)]
    assert all(type(d) is int and type(t) is int and isinstance(lab, str) and len(lab) < 40
               for d, t, lab in calls)


def test_municipality_and_year_segments_are_batched_too():
    router = Router({}, default=ok(EMPTY))
    areas = [f"{n:04d}" for n in range(100, 130)]  # 30 area ids
    with client_for(router) as client:
        client.data(["N15419"], years=[2022], municipalities=areas)
    paths = [r.url.path for r in router.requests]
    assert len(paths) == 2
    assert paths[0] == f"/v3/data/kpi/N15419/municipality/{','.join(areas[:25])}/year/2022"
    assert paths[1] == f"/v3/data/kpi/N15419/municipality/{','.join(areas[25:])}/year/2022"


# --- retries ---------------------------------------------------------------------------------------------

def test_429_honours_retry_after_then_succeeds():
    sleeps: list[float] = []
    replay = Replay(httpx.Response(429, headers={"Retry-After": "7"}), ok(fixture_bytes(N21704)))
    with client_for(replay, sleeps) as client:
        raw = client.data(["N21704"], years=[2023])
    assert sleeps == [7.0]
    assert len(replay.requests) == 2
    assert len(raw) == 15


def test_429_retry_after_is_capped():
    sleeps: list[float] = []
    replay = Replay(httpx.Response(429, headers={"Retry-After": "86400"}), ok(fixture_bytes(N21704)))
    with client_for(replay, sleeps) as client:
        client.data(["N21704"], years=[2023])
    assert sleeps == [120.0]


def test_500_and_503_are_retried_with_backoff_then_succeed():
    sleeps: list[float] = []
    replay = Replay(httpx.Response(500), httpx.Response(503), ok(fixture_bytes(N21704)))
    with client_for(replay, sleeps) as client:
        raw = client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 3
    assert sleeps == [1.0, 2.0]  # exponential backoff
    assert row(raw, area_id="0180", gender="K")["value"].tolist() == [25.688929]


def test_timeout_is_retried_then_raises_kolada_error():
    sleeps: list[float] = []
    replay = Replay(*[httpx.ReadTimeout("timed out")] * 4)
    with client_for(replay, sleeps, max_attempts=4) as client, pytest.raises(KoladaError) as info:
        client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 4
    assert sleeps == [1.0, 2.0, 4.0]
    message = str(info.value)
    assert "4 attempt" in message and "/data/kpi/N21704/year/2023" in message
    assert "RetryError" not in message


def test_connection_reset_is_retried():
    sleeps: list[float] = []
    replay = Replay(httpx.ReadError("[Errno 104] Connection reset by peer"), ok(fixture_bytes(N21704)))
    with client_for(replay, sleeps) as client:
        raw = client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 2 and sleeps == [1.0]
    assert len(raw) == 15


def test_truncated_body_is_retried_like_a_5xx():
    body = fixture_bytes(N21704)
    replay = Replay(ok(body[: len(body) // 2]), ok(body))
    with client_for(replay) as client:
        raw = client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 2 and len(raw) == 15


def test_other_4xx_is_not_retried():
    sleeps: list[float] = []
    replay = Replay(httpx.Response(400, text="Bad request: too many ids"))
    with client_for(replay, sleeps) as client, pytest.raises(KoladaError, match="HTTP 400.*too many ids"):
        client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 1 and sleeps == []


# --- item parsing -----------------------------------------------------------------------------------------

def test_gender_order_does_not_matter():
    with client_for(Replay(ok(fixture_bytes(N21704)))) as client:
        raw = client.data(["N21704"], years=[2023])
    got = {(r.area_id, r.gender): r.value for r in raw.itertuples()}
    assert got[("0580", "K")] == 7.221589 and got[("0580", "T")] == 6.067015   # K,T,M in the item
    assert got[("1280", "M")] == 16.949728 and got[("1280", "K")] == 23.596249  # M,K,T in the item
    assert got[("0180", "T")] == 21.88749 and got[("0180", "M")] == 15.778849   # T,K,M in the item
    assert raw["status"].isna().all()  # blank status "" is stored as missing


def test_null_stays_nan_isdeleted_dropped_unknown_status_and_extra_fields_kept_or_ignored():
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        raw = client.data(["N15419"], years=[2022])
    women_1780 = row(raw, area_id="1780", gender="K")
    assert len(women_1780) == 1 and math.isnan(women_1780["value"].iloc[0])  # never 0
    assert row(raw, area_id="2480", gender="T").empty  # isdeleted: true
    assert row(raw, area_id="2480", gender="K")["value"].tolist() == [77.6]
    assert row(raw, area_id="1780", gender="M")["status"].tolist() == ["X"]
    assert len(raw) == 5


@pytest.mark.parametrize("missing", ["kpi", "period", "municipality"])
def test_item_missing_a_key_is_an_error(missing):
    body = fixture_json(N21704)
    del body["values"][2][missing]
    with client_for(Replay(ok(body))) as client, pytest.raises(KoladaError, match=f"missing {missing}"):
        client.data(["N21704"], years=[2023])


def test_non_envelope_json_is_an_error():
    replay = Replay(ok(b'["not", "an", "envelope"]'))
    with client_for(replay) as client, pytest.raises(KoladaError, match="'values' list"):
        list(client.get_pages("/municipality"))


# --- metadata ---------------------------------------------------------------------------------------------

def test_metadata_endpoints():
    router = Router({
        "/v3/municipality": ok(fixture_bytes("recorded_municipalities_enveloped.json")),
        "/v3/municipality_groups": ok(fixture_bytes("constructed_municipality_groups.json")),
        "/v3/kpi/N00942,N00943,N15419,N21704": ok(fixture_bytes("constructed_kpi_metadata.json")),
    })
    with client_for(router) as client:
        municipalities = client.municipalities()
        groups = client.municipality_groups()
        kpis = client.kpis(["N00942", "N00943", "N15419", "N21704"])
    assert {"id": "0001", "title": "Region Stockholm", "type": "L"} in municipalities
    assert {m["member_id"] for m in groups[0]["members"]} == {"0180", "1280", "1480"}
    assert [k["id"] for k in kpis] == ["N00942", "N00943", "N15419", "N21704"]
    assert kpis[3]["is_divided_by_gender"] is True


def test_kpi_metadata_ids_are_batched_by_25():
    router = Router({}, default=ok(EMPTY))
    with client_for(router) as client:
        assert client.kpis([f"N{n:05d}" for n in range(26)]) == []
    assert [len(r.url.path.rsplit("/", 1)[1].split(",")) for r in router.requests] == [25, 1]


# --- run_update -----------------------------------------------------------------------------------------

def n21704_router() -> Router:
    return Router({"/v3/data/kpi/N21704/year/2023": ok(fixture_bytes(N21704))})


def test_run_update_writes_exact_fixture_values(tmp_path):
    with client_for(n21704_router()) as client:
        result = run_update(["home_care_80"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2023])
    path = tmp_path / "values.parquet"
    assert result.path == path and result.indicators == ("home_care_80",) and result.n_rows == 15
    table = pq.read_table(path)
    assert table.column_names == VALUE_COLUMNS + ["retrieved_at"]
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == "ZSTD"
    store = table.to_pandas()
    stockholm = row(store, indicator_id="home_care_80", area_id="0180", year=2023)
    assert dict(zip(stockholm["sex"], stockholm["value"])) == {
        "women": 25.688929, "men": 15.778849, "total": 21.88749}
    keys = store[["indicator_id", "area_id", "year", "sex"]].astype(str).apply(tuple, axis=1).tolist()
    assert keys == sorted(keys)
    assert (store["retrieved_at"] == pd.Timestamp(result.retrieved_at)).all()
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert meta["base_url"] == BASE and meta["indicators"] == ["home_care_80"]
    assert meta["retrieved_at"] == result.retrieved_at.isoformat()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.json", "values.parquet"]  # no temp files


def test_run_update_accepts_kolada_kpi_ids(tmp_path):
    with client_for(n21704_router()) as client:
        result = run_update(["N21704"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2023])
    assert result.indicators == ("home_care_80",)


def test_unknown_indicator_id_is_a_clear_error_before_any_request(tmp_path):
    router = n21704_router()
    with client_for(router) as client, pytest.raises(KoladaError) as info:
        run_update(["home_care_80", "no_such_thing", "N99999"], client=client, catalog=CATALOG,
                   live_dir=tmp_path)
    assert str(info.value).startswith("Unknown indicator or Kolada KPI id(s): no_such_thing, N99999. ")
    assert router.requests == [] and not (tmp_path / "values.parquet").exists()


def test_region_0001_becomes_01_and_riket_0000_stays(tmp_path):
    router = Router({"/v3/data/kpi/N00942,N00943/year/2021,2022": ok(fixture_bytes(PARENTAL))})
    with client_for(router) as client:
        run_update(["parental_leave_days"], client=client, catalog=CATALOG, live_dir=tmp_path,
                   years=[2021, 2022])
    store = pd.read_parquet(tmp_path / "values.parquet")
    assert set(store["area_id"]) == {"0000", "01", "1780"}
    region = row(store, area_id="01", year=2021)
    assert dict(zip(region["sex"], region["value"])) == {
        "women": fixture_value(PARENTAL, "N00942", "0001", 2021, "T"),
        "men": fixture_value(PARENTAL, "N00943", "0001", 2021, "T")}
    assert row(store, area_id="0000", year=2022, sex="men")["value"].tolist() == [30.3]


def test_derived_share_is_100_minus_men_with_status_derived(tmp_path):
    router = Router({"/v3/data/kpi/N00943/year/2021,2022": ok(fixture_bytes(PARENTAL))})
    with client_for(router) as client:
        run_update(["parental_leave_days_derived"], client=client, catalog=CATALOG, live_dir=tmp_path,
                   years=[2021, 2022])
    store = pd.read_parquet(tmp_path / "values.parquet")
    assert set(store["indicator_id"]) == {"parental_leave_days_derived"}
    men = row(store, area_id="1780", year=2021, sex="men")
    women = row(store, area_id="1780", year=2021, sex="women")
    men_value = fixture_value(PARENTAL, "N00943", "1780", 2021, "T")
    assert men_value == 30.56479575
    assert men["value"].tolist() == [men_value] and men["status"].isna().all()
    assert women["value"].tolist() == [100.0 - men_value]
    assert women["status"].tolist() == ["derived"]
    assert len(row(store, sex="women")) == len(row(store, sex="men")) == 6


def test_merge_replaces_only_fetched_indicators_and_years(tmp_path):
    with client_for(n21704_router()) as client:
        first = run_update(["home_care_80"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2023])
    with client_for(n15419_router()) as client:
        run_update(["N15419"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2021, 2022])
    edge = Router({"/v3/data/kpi/N15419/year/2022": ok(fixture_bytes(EDGE))})
    with client_for(edge) as client:
        run_update(["grade9_all_subjects"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2022])
    store = pd.read_parquet(tmp_path / "values.parquet")
    kept = row(store, indicator_id="home_care_80")
    assert len(kept) == 15 and (kept["retrieved_at"] == pd.Timestamp(first.retrieved_at)).all()
    grade9 = row(store, indicator_id="grade9_all_subjects")
    assert len(row(grade9, year=2021)) == 21  # 2021 not re-fetched: kept
    assert len(row(grade9, year=2022)) == 5   # 2022 replaced by the edge-case fixture
    assert math.isnan(row(grade9, area_id="1780", year=2022, sex="women")["value"].iloc[0])
    assert row(grade9, area_id="2480", year=2022, sex="total").empty


def test_truncated_json_raises_and_leaves_existing_live_files_byte_for_byte(tmp_path):
    with client_for(n21704_router()) as client:
        run_update(["home_care_80"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2023])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    body = fixture_bytes(N21704)
    cut = ok(body[:700])
    sleeps: list[float] = []
    replay = Replay(cut, cut, cut, cut)
    with client_for(replay, sleeps) as client, pytest.raises(KoladaError) as info:
        run_update(["home_care_80"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2023])
    assert "truncated or malformed response from" in str(info.value)
    assert len(replay.requests) == 4 and len(sleeps) == 3
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_failure_on_a_later_page_writes_nothing(tmp_path):
    path = "/v3/data/kpi/N15419/year/2021,2022"
    router = Router({path: ok(fixture_bytes(N15419_PAGES[0])),
                     f"{path}?page=2": httpx.Response(503)})
    live = tmp_path / "live"
    with client_for(router) as client, pytest.raises(KoladaError, match="503"):
        run_update(["grade9_all_subjects"], client=client, catalog=CATALOG, live_dir=live, years=[2021, 2022])
    assert len(router.requests) == 5  # page 1 once, page 2 four times
    assert not live.exists()


# --- CLI -------------------------------------------------------------------------------------------------

def test_cli_network_failure_returns_1_with_readable_message(tmp_path, capsys):
    def refuse(request):
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    code = cli_update.main(["--kpi", "N21704", "--years", "2023", "--live-dir", str(tmp_path)],
                           transport=httpx.MockTransport(refuse), sleep=lambda s: None, catalog=CATALOG)
    err = capsys.readouterr().err
    assert code == 1
    assert "Update failed" in err and "Connection refused" in err and "api.kolada.se" in err
    assert "Traceback" not in err
    assert not (tmp_path / "values.parquet").exists()


def test_cli_success_prints_summary_and_builds_the_store(tmp_path, capsys):
    (tmp_path / "snapshot").symlink_to(PROJECT_DIR / "data" / "snapshot")
    live = tmp_path / "live"
    code = cli_update.main(["update", "--kpi", "home_care_80", "--years", "2023", "--live-dir", str(live)],
                           transport=httpx.MockTransport(n21704_router()), catalog=CATALOG)
    out = capsys.readouterr().out
    assert code == 0
    assert "1 indicator(s), 15 rows" in out
    assert (live / "values.parquet").exists()
    # The update ends with the build, so the app reads the new values from the built file.
    (built,) = (tmp_path / "cache").glob("values-*-live-*.duckdb")
    assert f"build: {built} (snapshot + live update) built" in out
    assert Store(tmp_path).layout == "duckdb"


def test_cli_says_when_the_build_after_an_update_fails(tmp_path, capsys):
    code = cli_update.main(["update", "--kpi", "home_care_80", "--years", "2023", "--live-dir", str(tmp_path)],
                           transport=httpx.MockTransport(n21704_router()), catalog=CATALOG)
    captured = capsys.readouterr()
    assert code == 1 and "1 indicator(s), 15 rows" in captured.out  # the update itself landed
    assert "Build failed" in captured.err and "snapshot" in captured.err and "Traceback" not in captured.err
