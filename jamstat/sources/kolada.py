"""Client for the Kolada REST API v3 (https://api.kolada.se/v3), built on httpx and tenacity.

No Streamlit here: the same client serves the CLI (`python -m jamstat update`) and the app.
API facts used below are documented in shared/data/raw/KOLADA_API.md (envelope, paging,
25 ids per path segment, gender codes, missing data, errors).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
import math
import time
import zlib
from collections.abc import Callable, Iterator
from typing import Any, Self

import httpx
import pandas as pd
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
DEFAULT_USER_AGENT = "jamstat/0.1 (+gender-equality dashboard)"
PER_PAGE = 5000
MAX_IDS_PER_SEGMENT = 25
MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After is capped
MAX_BACKOFF = 30.0
# When no years are given, ask for every year Kolada could plausibly hold (data starts in the 1990s).
FIRST_YEAR = 1980
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# One request (all its bytes, however slowly they come) and one whole update may take at most this long; a server
# dripping a byte every few seconds would otherwise hold the update (and its lock) for hours.
REQUEST_SECONDS = 120.0
UPDATE_SECONDS = 3600.0
# A page of 5 000 data items is ~3 MB of JSON: a body (after unpacking gzip) larger than this is refused, so a small
# compressed answer that expands to gigabytes costs at most this much memory.
MAX_RESPONSE_BYTES = 64 * 2**20
DECODE_STEP = 2**20  # bytes unpacked at a time
log = logging.getLogger(__name__)
RAW_COLUMNS = ["kpi", "area_id", "year", "gender", "value", "status"]

Progress = Callable[[int, int, str], None]


class KoladaError(RuntimeError):
    """A Kolada request or response could not be used; the message says what, where and what to do."""


class _Transient(Exception):
    """A failure worth retrying (429, 5xx, timeout, connection error, cut-off body)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _parse_retry_after(header: str | None) -> float | None:
    """Retry-After as seconds (either delta-seconds or an HTTP date), capped; None if absent or unreadable."""
    if not header:
        return None
    header = header.strip()
    try:
        seconds = float(header)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - dt.datetime.now(dt.UTC)).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def batched(ids: list[str], size: int = MAX_IDS_PER_SEGMENT) -> list[list[str]]:
    """Unique ids in order, split into lists of at most `size` (Kolada allows 25 per path segment)."""
    unique = list(dict.fromkeys(str(i).strip() for i in ids if str(i).strip()))
    return [unique[i:i + size] for i in range(0, len(unique), size)]


def _label(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{ids[0]}…{ids[-1]} ({len(ids)})"


def empty_raw() -> pd.DataFrame:
    """An empty raw frame with the columns and dtypes `data()` returns."""
    return pd.DataFrame({
        "kpi": pd.Series(dtype="string"), "area_id": pd.Series(dtype="string"),
        "year": pd.Series(dtype="int64"), "gender": pd.Series(dtype="string"),
        "value": pd.Series(dtype="float64"), "status": pd.Series(dtype="string"),
    })


class KoladaClient:
    """Kolada API v3 client: paging, 25-id batching, retries with backoff, strict response checks."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        max_attempts: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        user_agent: str = DEFAULT_USER_AGENT,
        max_pages: int = 500,
        request_seconds: float = REQUEST_SECONDS,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.base_url = base_url.rstrip("/")
        base = httpx.URL(self.base_url)
        if base.scheme not in ("http", "https") or not base.host:
            raise KoladaError(f"Invalid Kolada base URL {base_url!r}: give an absolute http(s) URL "
                              f"such as {DEFAULT_BASE_URL}.")
        self._host = base.host
        self._scheme = base.scheme
        self._port = base.port or {"http": 80, "https": 443}[base.scheme]
        self.timeout = timeout
        self.request_seconds = float(request_seconds)
        self.max_response_bytes = int(max_response_bytes)
        self._clock = clock
        self._deadline: float | None = None  # the whole update's end (set_deadline), on self._clock
        self.max_attempts = max(1, int(max_attempts))
        self.max_pages = max_pages
        self._sleep = sleep
        self._client = httpx.Client(
            transport=transport,
            timeout=timeout,
            # Only encodings this client unpacks itself, step by step under the size cap (_read_body).
            headers={"User-Agent": user_agent, "Accept": "application/json", "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
        )

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def set_deadline(self, seconds: float | None) -> None:
        """Every request from now on must end within seconds (None: no overall limit)."""
        self._deadline = None if seconds is None else self._clock() + float(seconds)

    def _remaining(self) -> float | None:
        if self._deadline is None:
            return None
        remaining = self._deadline - self._clock()
        if remaining <= 0:
            raise KoladaError("The update ran out of time (its deadline passed while Kolada was still answering). "
                              "Nothing was saved. Try again later, or update fewer indicators at a time.")
        return remaining

    def _read_body(self, response: httpx.Response, url: str, started: float, limit: float) -> bytes:
        """The body, unpacked step by step: at most max_response_bytes, and within limit seconds of started."""
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding in ("gzip", "x-gzip"):
            decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            decoder = zlib.decompressobj()
        elif encoding in ("identity", ""):
            decoder = None
        else:
            raise KoladaError(f"Kolada answered {url} with the content encoding {encoding!r}, which this client "
                              "does not read. Nothing was saved.")
        body = bytearray()

        def add(part: bytes) -> None:
            body.extend(part)
            if len(body) > self.max_response_bytes:
                raise KoladaError(f"The response from {url} is larger than {self.max_response_bytes // 2**20} MB "
                                  "when unpacked; it was not read further. Nothing was saved.")

        if response.is_stream_consumed:  # a response made whole in memory (a replayed one): nothing to stream
            add(response.content)
            return bytes(body)
        try:
            for chunk in response.iter_raw():
                if self._clock() - started > limit:
                    raise _Transient(f"{url} did not finish answering within {limit:g} s")
                if decoder is None:
                    add(chunk)
                    continue
                data = chunk
                while data:
                    add(decoder.decompress(data, DECODE_STEP))
                    data = decoder.unconsumed_tail
            if decoder is not None:
                add(decoder.flush())
        except zlib.error as exc:
            raise _Transient(f"a damaged compressed response from {url} ({exc})") from exc
        if self._clock() - started > limit:
            raise _Transient(f"{url} did not finish answering within {limit:g} s")
        return bytes(body)

    # -- one request, with retries ---------------------------------------------------
    def _wait_seconds(self, retry_state: Any) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return exc.retry_after
        return min(MAX_BACKOFF, 2.0 ** (retry_state.attempt_number - 1))

    def _attempt(self, url: str) -> dict:
        remaining = self._remaining()
        limit = self.request_seconds if remaining is None else min(self.request_seconds, remaining)
        started = self._clock()
        try:
            with self._client.stream("GET", url, timeout=httpx.Timeout(min(self.timeout, limit))) as response:
                status = response.status_code
                if status in RETRY_STATUS:
                    retry_after = _parse_retry_after(response.headers.get("Retry-After")) if status == 429 else None
                    raise _Transient(f"HTTP {status} {response.reason_phrase} from {url}", retry_after)
                content = self._read_body(response, url, started, limit)
        except httpx.TimeoutException as exc:
            raise _Transient(f"no answer within {self.timeout:g} s from {url} ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Transient(f"network error talking to {url}: {exc or type(exc).__name__}") from exc
        if not 200 <= status < 300:
            snippet = " ".join(content[:200].decode("utf-8", "replace").split())
            hint = ("check the KPI ids, municipality ids and years in the request (at most 25 per list)"
                    if 400 <= status < 500 else "check the base URL")
            raise KoladaError(f"Kolada API answered HTTP {status} {response.reason_phrase} for {url}"
                              f"{': ' + snippet if snippet else ''}. Not retried; {hint}.")
        try:
            payload = json.loads(content)
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise _Transient(f"truncated or malformed response from {url} ({exc})") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("values"), list):
            raise KoladaError(f"Unexpected response from {url}: expected a JSON object with a 'values' list, "
                              f"got {type(payload).__name__}. The API may have changed; see KOLADA_API.md.")
        return payload

    def _sleep_within_deadline(self, seconds: float) -> None:
        remaining = self._remaining()
        self._sleep(seconds if remaining is None else min(seconds, remaining))

    def _get_json(self, url: str) -> dict:
        retrying = Retrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait_seconds,
            retry=retry_if_exception_type(_Transient),
            sleep=self._sleep_within_deadline,
            reraise=True,
        )
        try:
            return retrying(self._attempt, url)
        except _Transient as exc:
            raise KoladaError(
                f"Kolada request failed after {self.max_attempts} attempt(s): {exc.reason}. "
                "Nothing was saved. Check your connection or try again later "
                "(Kolada may be down or busy)."
            ) from None

    # -- paging -------------------------------------------------------------------------
    def _url(self, path: str, params: dict | None = None) -> str:
        url = httpx.URL(self.base_url + "/" + path.lstrip("/"))
        merged = {"per_page": PER_PAGE, **(params or {})}
        return str(url.copy_merge_params(merged))

    def _pages(self, path: str, params: dict | None = None) -> Iterator[tuple[str, dict]]:
        url: str | None = self._url(path, params)
        seen: set[str] = set()
        while url:
            if url in seen:
                raise KoladaError(f"Kolada paging loops: {url} was already fetched. Stopped to avoid an "
                                  "endless loop; report this if it persists.")
            if len(seen) >= self.max_pages:
                raise KoladaError(f"Kolada paging stopped after {self.max_pages} pages for {path}; "
                                  "ask for fewer KPIs, years or municipalities at a time.")
            seen.add(url)
            page = self._get_json(url)
            yield url, page
            if not page["values"]:
                return
            next_url = page.get("next_url")
            if not next_url:
                return
            if not isinstance(next_url, str):
                raise KoladaError(f"Unexpected next_url {next_url!r} in the response from {url}.")
            target = httpx.URL(url).join(next_url)
            port = target.port or {"http": 80, "https": 443}.get(target.scheme)
            if target.host != self._host or port != self._port or target.scheme not in ("http", "https"):
                log.warning("refused next_url %s from %s", next_url[:200], url)
                raise KoladaError(f"Refused to follow next_url {next_url} from {url}: it is not on the Kolada "
                                  f"host {self._host!r} port {self._port} (host {target.host!r}, port {port}).")
            if target.scheme != self._scheme:
                # An http:// next_url on the same host and port: follow it over the base URL's scheme, so the
                # connection cannot be downgraded.
                target = target.copy_with(scheme=self._scheme)
            url = str(target)

    def get_pages(self, path: str, params: dict | None = None) -> Iterator[dict]:
        """Yield each page's envelope (values/count/next_url/previous_url), following next_url."""
        for _url, page in self._pages(path, params):
            yield page

    def _collect(self, path: str, params: dict | None = None) -> list[dict]:
        items: list[dict] = []
        for url, page in self._pages(path, params):
            for item in page["values"]:
                if not isinstance(item, dict) or "id" not in item:
                    raise KoladaError(f"Unexpected metadata item from {url}: {str(item)[:120]} (no 'id').")
                items.append(item)
        return items

    # -- metadata --------------------------------------------------------------------
    def kpis(self, ids: list[str] | None = None) -> list[dict]:
        """KPI metadata: all KPIs (two pages at 5000 per page), or the given ids (25 per request)."""
        if ids is None:
            return self._collect("/kpi")
        return [item for batch in batched(ids) for item in self._collect(f"/kpi/{','.join(batch)}")]

    def municipalities(self) -> list[dict]:
        """All municipalities, regions and Riket: items {id, title, type K|L}."""
        return self._collect("/municipality")

    def municipality_groups(self) -> list[dict]:
        """All municipality groups: items {id, title, members: [{member_id, member_title}]}."""
        return self._collect("/municipality_groups")

    # -- data ------------------------------------------------------------------------------
    def data(
        self,
        kpis: list[str],
        years: list[int] | None = None,
        municipalities: list[str] | None = None,
        progress: Progress | None = None,
    ) -> pd.DataFrame:
        """Raw data rows (kpi, area_id, year, gender, value, status) for the KPIs.

        Without municipalities every kommun, region and Riket is returned; without years every
        year from FIRST_YEAR to this year. Missing values stay NaN; withdrawn points are dropped.
        `progress(done, total, label)` is called after each batch request (ints and a short str).
        """
        kpi_batches = batched(kpis)
        if not kpi_batches:
            return empty_raw()
        if years is None and not municipalities:
            years = list(range(FIRST_YEAR, dt.date.today().year + 1))
        year_batches = batched([str(int(y)) for y in years]) if years else [[]]
        mun_batches = batched(municipalities) if municipalities else [[]]
        requests = []
        for kb in kpi_batches:
            for mb in mun_batches:
                for yb in year_batches:
                    path = f"/data/kpi/{','.join(kb)}"
                    if mb:
                        path += f"/municipality/{','.join(mb)}"
                    if yb:
                        path += f"/year/{','.join(yb)}"
                    requests.append((path, _label(kb)))
        rows: list[tuple] = []
        total = len(requests)
        for done, (path, label) in enumerate(requests, start=1):
            for url, page in self._pages(path):
                rows.extend(_parse_items(page["values"], url))
            if progress is not None:
                progress(done, total, label)
        if not rows:
            return empty_raw()
        frame = pd.DataFrame(rows, columns=RAW_COLUMNS)
        frame = frame.astype({"kpi": "string", "area_id": "string", "year": "int64",
                              "gender": "string", "value": "float64", "status": "string"})
        # A point seen twice (pages shifting while we read) is kept once, the last copy winning.
        frame = frame.drop_duplicates(subset=["kpi", "area_id", "year", "gender"], keep="last")
        return frame.reset_index(drop=True)


def _parse_items(items: list, url: str) -> Iterator[tuple]:
    for item in items:
        if not isinstance(item, dict):
            raise KoladaError(f"Unexpected data item from {url}: {str(item)[:120]}")
        missing = [k for k in ("kpi", "period", "municipality") if k not in item]
        if missing:
            raise KoladaError(f"Unexpected data item from {url}: missing {', '.join(missing)} in "
                              f"{str(item)[:160]}. The API may have changed; see KOLADA_API.md section 5.4.")
        try:
            year = int(item["period"])
        except (TypeError, ValueError):
            raise KoladaError(f"Unexpected period {item['period']!r} in a data item from {url}.") from None
        values = item.get("values") or []
        if not isinstance(values, list):
            raise KoladaError(f"Unexpected 'values' {str(values)[:80]} in a data item from {url}.")
        for point in values:
            if not isinstance(point, dict) or "gender" not in point:
                raise KoladaError(f"Unexpected value entry {str(point)[:120]} in a data item from {url}.")
            if point.get("isdeleted") is True:
                continue
            raw_value = point.get("value")
            try:
                value = math.nan if raw_value is None else float(raw_value)
            except (TypeError, ValueError):
                raise KoladaError(f"Unexpected value {raw_value!r} for {item['kpi']} "
                                  f"{item['municipality']} {year} from {url}.") from None
            # A blank status (every row seen so far) becomes missing, as in the snapshot; codes are kept.
            status = point.get("status")
            status = None if status is None or str(status).strip() == "" else str(status)
            yield (str(item["kpi"]), str(item["municipality"]), year, str(point["gender"]), value, status)
