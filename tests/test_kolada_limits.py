"""Kolada update limits, through the client's own transport with replayed responses (as test_kolada_client.py):
a deadline per request and per update (a dripping body), a size cap (a gzip bomb), next_url pinned to host, port
and scheme, bad data refused before it is stored, and temp files of killed saves removed."""

from __future__ import annotations

import gzip
import os
import time
import tracemalloc
import zlib

import httpx
import pyarrow.parquet as pq
import pytest

from jamstat.atomic import remove_stale_temps
from jamstat.sources.kolada import KoladaError
from jamstat.sources.update import _update_lock, run_update
from tests.test_kolada_client import (
    CATALOG,
    N21704,
    Replay,
    client_for,
    fixture_bytes,
    fixture_json,
    ok,
)


class Drip(httpx.SyncByteStream):
    """A body that comes one byte at a time, `every` seconds apart."""

    def __init__(self, body: bytes, every: float):
        self.body, self.every = body, every

    def __iter__(self):
        for byte in self.body:
            time.sleep(self.every)
            yield bytes([byte])


def dripping(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "application/json"}, stream=Drip(b'{"values": []}' * 50, 0.1))


def test_a_dripping_body_ends_at_the_request_deadline():
    started = time.monotonic()
    replay = Replay(dripping, dripping)
    with client_for(replay, max_attempts=2, request_seconds=0.5) as client, pytest.raises(KoladaError) as info:
        client.data(["N21704"], years=[2023])
    assert time.monotonic() - started < 3  # two attempts of 0,5 s (plus one byte's wait each), not 70 s
    assert "did not finish answering within 0.5 s" in str(info.value) and len(replay.requests) == 2


def test_a_dripping_update_ends_at_its_deadline_and_releases_the_lock(tmp_path):
    live = tmp_path / "live"
    started = time.monotonic()
    with client_for(Replay(*[dripping] * 10), max_attempts=10) as client, pytest.raises(KoladaError) as info:
        run_update(["N21704"], client=client, catalog=CATALOG, live_dir=live, years=[2023], seconds=1.0)
    assert time.monotonic() - started < 3
    assert "ran out of time" in str(info.value)
    assert not (live / "values.parquet").exists()
    live.mkdir(parents=True, exist_ok=True)
    with _update_lock(live):  # free again: a new update can start at once
        pass


def gzip_bomb(size: int) -> bytes:
    """size bytes of zeros, gzipped (~1/1000 of the size)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 2**20
    return b"".join([*(packer.compress(block) for _ in range(size // 2**20)), packer.flush()])


def test_a_gzip_bomb_is_stopped_at_the_size_cap_with_memory_bounded():
    bomb = gzip_bomb(2**30)  # 1 GiB unpacked from ~1 MB
    assert len(bomb) < 2 * 2**20

    def answer(request):
        return httpx.Response(200, headers={"content-type": "application/json", "content-encoding": "gzip"},
                              stream=httpx.ByteStream(bomb))

    tracemalloc.start()
    try:
        with client_for(Replay(answer), max_response_bytes=8 * 2**20) as client, \
                pytest.raises(KoladaError, match="larger than 8 MB"):
            client.data(["N21704"], years=[2023])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, peak  # the cap and one step, never the gigabyte


def test_a_gzipped_answer_within_the_cap_is_read():
    body = gzip.compress(fixture_bytes(N21704))
    replay = Replay(httpx.Response(200, headers={"content-type": "application/json", "content-encoding": "gzip"},
                                   stream=httpx.ByteStream(body)))
    with client_for(replay) as client:
        assert len(client.data(["N21704"], years=[2023])) == 15


@pytest.mark.parametrize("next_url", [
    "https://api.kolada.se:8443/v3/data/kpi/N21704/year/2023?page=2",  # same host, another port
    "ftp://api.kolada.se/v3/data/kpi/N21704/year/2023?page=2",
    "https://api.kolada.se.evil.example/v3/data?page=2",
])
def test_next_url_must_keep_host_port_and_scheme(next_url):
    body = fixture_json(N21704)
    body["next_url"] = next_url
    replay = Replay(ok(body))
    with client_for(replay) as client, pytest.raises(KoladaError, match="Refused to follow next_url"):
        client.data(["N21704"], years=[2023])
    assert len(replay.requests) == 1


def test_bad_data_are_not_stored(tmp_path):
    body = fixture_json(N21704)
    items = body["values"]
    good_area = items[0]["municipality"]
    hostile = [
        {**items[0], "period": 99999},  # would wrap to -31073 in int16
        {**items[0], "municipality": "../../etc"},
        {**items[0], "period": 2022, "values": [{"gender": "T", "value": -5, "status": ""}]},
        {**items[0], "period": 2021, "values": [{"gender": "T", "value": "Infinity", "status": ""}]},
        {**items[0], "kpi": "N99999"},
    ]
    body["values"] = items + hostile
    with client_for(Replay(ok(body))) as client:
        result = run_update(["N21704"], client=client, catalog=CATALOG, live_dir=tmp_path, years=[2023],
                            area_ids=frozenset({good_area, *(i["municipality"] for i in items)}))
    stored = pq.read_table(tmp_path / "values.parquet").to_pandas()
    assert stored["year"].between(1980, 2100).all() and (stored["year"] == 2023).all()
    assert set(stored["area_id"]) <= {i["municipality"] for i in items} and "../../etc" not in set(stored["area_id"])
    assert stored["value"].dropna().between(0, 100).all()
    refused = dict(result.refused)
    # Counted per stored row (an item holds the women's, men's and total values).
    assert refused == {"unknown_kpi": 3, "unknown_area": 3, "year_out_of_range": 3, "value_not_finite": 1,
                       "share_out_of_range": 1}, refused


def test_temp_files_of_killed_saves_are_removed_once_stale(tmp_path):
    old, fresh = tmp_path / ".values.parquet.abc.tmp", tmp_path / ".talartid.parquet.def.tmp"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    keep = tmp_path / "values.parquet"
    keep.write_bytes(b"x")
    assert remove_stale_temps(tmp_path) == [old]
    assert not old.exists() and fresh.exists() and keep.exists()
