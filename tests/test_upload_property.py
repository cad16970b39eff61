"""Property tests for the importer: random and hostile files never crash it, every rejection is explained in
Swedish and English, and valid tables come back exactly (through the importer, and through the store).

10 250 generated files and tables in all (the max_examples below), plus 300 lists of number cells."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jamstat import owndata
from jamstat.settings import PROJECT_DIR
from jamstat.sources import upload
from jamstat.sources.upload import UploadError

AREAS = pd.read_parquet(PROJECT_DIR / "data" / "snapshot" / "areas.parquet")
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _representations(row) -> list[str]:
    """Ways a user may write an area: its code, its name in any case, with ' kommun', a code Excel shortened."""
    if row.kind == "country":
        return ["0000", "Riket", "Sverige", "riket"]
    names = [row.area_id, row.name, row.name.upper(), row.name.lower()]
    if row.kind == "municipality":
        names.append(row.name + " kommun")
    return names + ([row.area_id.lstrip("0")] if row.area_id.startswith("0") and row.kind != "country" else [])


AREA_CHOICES = [(row.area_id, name) for row in AREAS.itertuples() for name in _representations(row)]
HOSTILE = [
    "'; drop table values; --", "1; select * from areas", "\" or 1=1 --", "$indicator_id", "=cmd|' /C calc'!A0",
    "+SUM(A1:A9)", "-2+3", "@SUM(1)", "\t=1", "NaN", "nan", "inf", "-Infinity", "1e308", "1e999", "-1e16", "9" * 400,
    "..", "x", "X", "–", "-", "", " ", "K", "M", "T", "Kvinnor", "Män", "Flickor", "Pojkar", "Totalt", "icke-binär",
    "0180", "180", "1780", "01", "0000", "Karlstadd", "Riket", "Region Värmland", "Värmlands län", "Malmö",
    "Höganäs kommun", "2020", "1949", "2999", "2020,5", "2020.0", "12,5", "1 234,5", "1\u00a0234,5", "-3", "101",
    "100", "0,0", "1,234", "1.234,5", "%", "procent", "timmar", "min", "kr", "antal", "<script>alert(1)</script>",
    "[Logga in](https://evil.example)", "**fet**", ":red[x]", "\u202eevil", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ＫＡＲＬＳＴＡＤ", "会议",
    "a\"b", "a;b", "a,b", "a\nb", "\\", "{row}", "{0}", "%s", "\u2212" + "5", "0x1F", "1_000", "١٢٣", "½",
]
HEADERS = [alias for aliases in upload.HEADER_ALIASES.values() for alias in aliases] + [
    "Område", "År", "Värde", "Grupp", "", "x", "Område", "=1+1", "Kön ", "VÄRDE"]
# A cell: hostile text, any short text, or a number written some way.
CELL = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12),
                 st.floats(allow_nan=True, allow_infinity=True).map(repr),
                 st.integers(-10**20, 10**20).map(str))


def _messages_exist(error_or_problem) -> None:
    for lang in ("sv", "en"):
        assert upload.message(error_or_problem, lang).strip()


def _import(data: bytes, file_name: str, mapping_roles=None, keep_other_groups=False):
    """read -> map -> validate as the page does; returns None when the file is rejected as a whole."""
    try:
        raw = upload.read_table(data, file_name)
        mapping = upload.detect_mapping(list(raw.frame.columns))
        if mapping_roles is not None:  # the user changed the selectboxes, perhaps to nonsense
            columns = list(raw.frame.columns)
            mapping = {role: (columns[i % len(columns)] if i is not None else None)
                       for role, i in zip(upload.ROLES, mapping_roles, strict=True)}
        checked = upload.validate(raw, mapping, AREAS, keep_other_groups=keep_other_groups)
    except UploadError as error:
        _messages_exist(error)
        return None
    for problem in checked.problems:
        assert problem.severity in ("error", "warning")
        _messages_exist(problem)
    _check_rows(checked.rows, keep_other_groups)
    return checked


AREA_IDS = set(AREAS["area_id"])
LAST_YEAR = pd.Timestamp.today().year + 1


def _check_rows(rows: pd.DataFrame, keep_other_groups: bool) -> None:
    """What every accepted row satisfies, whatever the file was (plain Python: tables here are small)."""
    assert list(rows.columns) == list(upload.ROW_COLUMNS)
    assert [str(t) for t in rows.dtypes] == ["str", "str", "str", "str", "int64", "str", "float64", "str", "int64"]
    keys = set()
    for indicator, _, population, area_id, year, sex, value, status, source_row in zip(
            *(rows[column].tolist() for column in upload.ROW_COLUMNS), strict=True):
        assert area_id in AREA_IDS and upload.FIRST_YEAR <= year <= LAST_YEAR and source_row >= 2
        assert population in ("adults", "children") and indicator
        assert keep_other_groups or sex in ("women", "men", "total")
        assert math.isnan(value) == (status == "missing") and status in ("", "missing")
        assert math.isnan(value) or abs(value) <= upload.MAX_VALUE
        assert (indicator, area_id, year, sex) not in keys
        keys.add((indicator, area_id, year, sex))


# Random bytes and broken files ------------------------------------------------------------------------------

PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", "Område;År;Indikator;Enhet;Grupp;Värde\n"
            .encode(), b"Omr\xe5de;\xc5r;Indikator;Enhet;Kvinnor;M\xe4n\r\n", b"\n\n\n", b'"']


@settings(FAST, max_examples=5000)
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600),
       name=st.sampled_from(["t.csv", "t.xlsx", "T.CSV", "t.txt", "t.tsv", "t.pdf", "t", "t.xlsx.csv"]))
def test_random_bytes_never_crash(prefix, body, name):
    _import(prefix + body, name)


WORKBOOKS = {(lang, wide): upload.template_xlsx(lang, wide) for lang in ("sv", "en") for wide in (False, True)}


@settings(FAST, max_examples=150)
@given(data=st.data())
def test_damaged_workbooks(data):
    """A real workbook with bytes flipped, cut short or with junk appended."""
    workbook = WORKBOOKS[data.draw(st.sampled_from(sorted(WORKBOOKS)))]
    cut = data.draw(st.integers(0, len(workbook)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(workbook) - 1), st.integers(0, 255)), max_size=5))
    damaged = bytearray(workbook)
    for where, byte in flips:
        damaged[where] = byte
    damaged = bytes(damaged[:cut]) + data.draw(st.binary(max_size=50))
    _import(damaged, "t.xlsx")


# Hostile tables ------------------------------------------------------------------------------------------------

@st.composite
def hostile_files(draw):
    width = draw(st.integers(1, 8))
    header = draw(st.lists(st.sampled_from(HEADERS) | st.text(max_size=8), min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=5))
    if draw(st.booleans()):  # sometimes a ragged row
        rows.append(draw(st.lists(CELL, max_size=10)))
    kind = draw(st.sampled_from(["csv"] * 9 + ["xlsx"]))
    if kind == "xlsx":
        workbook = openpyxl.Workbook()
        for row in [header, *rows]:
            workbook.active.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue(), "t.xlsx"
    separator = draw(st.sampled_from([";", ",", "\t"]))
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=separator, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
            [header, *rows])
        content = buffer.getvalue()
    else:  # written by hand, without any quoting
        content = "\n".join(separator.join(row) for row in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return content.encode(encoding, errors="replace"), draw(st.sampled_from(["t.csv", "t.txt"]))


@settings(FAST, max_examples=2500)
@given(file=hostile_files(), keep_other_groups=st.booleans(),
       mapping_roles=st.none() | st.lists(st.none() | st.integers(0, 9), min_size=8, max_size=8))
def test_hostile_tables_never_crash(file, keep_other_groups, mapping_roles):
    _import(*file, mapping_roles=mapping_roles, keep_other_groups=keep_other_groups)


# Valid tables come back exactly -----------------------------------------------------------------------------

UNITS = {"kr": "sek", "index": "index", "procent": "percent", "timmar": "hours", "Besök/invånare": "Besök/invånare"}
GROUP_LABELS = {"adults": (["Kvinnor", "K", "women", "KVINNOR"], ["Män", "M", "men", "män"]),
                "children": (["Flickor", "girls"], ["Pojkar", "boys"])}
# Indicator names: any printable text (no control characters, which a spreadsheet cannot hold either).
NAME_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp")), max_size=20)


def _value(raw: float | None, unit: str) -> float:
    if raw is None:
        return math.nan
    if unit == "procent":
        return abs(raw) % 100.0
    if unit == "timmar":
        return abs(raw)
    return raw


@st.composite
def valid_tables(draw, subnormal=True):
    """Records (indicator, unit, population, area_id, area text, year, sex, value) with unique keys."""
    indicators = draw(st.lists(st.tuples(NAME_TEXT.map(lambda s: ("Ind " + s).rstrip(upload.STRIP)),
                                         st.sampled_from(sorted(UNITS)), st.sampled_from(["adults", "children"])),
                               min_size=1, max_size=3, unique_by=lambda i: i[0]))
    keys = draw(st.lists(st.tuples(st.integers(0, len(indicators) - 1), st.sampled_from(AREA_CHOICES),
                                   st.integers(1950, pd.Timestamp.today().year + 1),
                                   st.sampled_from(["both", "women", "men"])),
                         min_size=1, max_size=5, unique_by=lambda k: (k[0], k[1][0], k[2])))
    value = st.none() | st.floats(-1e15, 1e15, allow_nan=False, allow_subnormal=subnormal)
    records = []
    for number, (area_id, area_text), year, sexes in keys:
        name, unit, population = indicators[number]
        for sex in (["women", "men"] if sexes == "both" else [sexes]):
            records.append((name, unit, population, area_id, area_text, year, sex, _value(draw(value), unit)))
    return records


def _sorted(rows) -> list[tuple]:
    """Rows as comparable tuples; a missing value as None, so that NaN compares equal to NaN."""
    return sorted((i, u, p, a, y, s, None if math.isnan(v) else v) for i, u, p, a, y, s, v in rows)


def _assert_round_trip(checked, records, wide: bool) -> None:
    assert checked is not None
    assert checked.ok, [upload.message(p, "en") for p in checked.errors[:3]]
    got = _sorted(zip(*(checked.rows[c].tolist() for c in upload.ROW_COLUMNS[:7]), strict=True))
    want = _sorted((name, UNITS[unit], population, area_id, year, sex, value)
                   for name, unit, population, area_id, _, year, sex, value in records)
    assert got == want
    lonely = len(records) - 2 * len({(r[0], r[3], r[5]) for r in records if r[6] == "women"}
                                    & {(r[0], r[3], r[5]) for r in records if r[6] == "men"})
    if not wide:  # the wide layout writes the absent sex as an empty cell: missing, not absent
        assert [p.code for p in checked.warnings] == ["missing_pair"] * lonely


def _number(value: float, decimal: str, missing: str) -> str:
    return missing if math.isnan(value) else repr(value).replace(".", decimal)


@settings(FAST, max_examples=1500)
@given(records=valid_tables(), separator=st.sampled_from([";", ",", "\t"]), comma=st.booleans(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), wide=st.booleans(),
       missing=st.sampled_from(upload.MISSING_TOKENS), english=st.booleans())
def test_valid_csv_tables_round_trip(records, separator, comma, encoding, wide, missing, english):
    decimal = "," if comma and separator != "," else "."
    names = upload.TEMPLATE_HEADERS["en" if english else "sv"]
    if wide:  # one population per file in the wide layout (the columns say women/men or girls/boys)
        records = [r for r in records if r[2] == records[0][2]]
        women, men = ("Flickor", "Pojkar") if records[0][2] == "children" else (names["women"], names["men"])
        header = [names["area"], names["year"], names["indicator"], names["unit"], women, men]
        cells: dict[tuple, dict] = {}
        for name, unit, _, area_id, area_text, year, sex, value in records:
            cells.setdefault((name, unit, area_id, area_text, year), {})[sex] = _number(value, decimal, missing)
        lines = [[area_text, str(year), name, unit, by_sex.get("women", ""), by_sex.get("men", "")]
                 for (name, unit, area_id, area_text, year), by_sex in cells.items()]
        records = records + [(n, u, records[0][2], a, t, y, sex, math.nan)
                             for (n, u, a, t, y), by_sex in cells.items() for sex in ("women", "men")
                             if sex not in by_sex]
    else:
        header = [names[role] for role in ("area", "year", "indicator", "unit", "group", "value")]
        lines = [[area_text, str(year), name, unit,
                  GROUP_LABELS[population][0 if sex == "women" else 1][len(name) % 2],
                  _number(value, decimal, missing)]
                 for name, unit, population, area_id, area_text, year, sex, value in records]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows([header, *lines])
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:  # Windows-1252 cannot hold every name: such a file would be saved as UTF-8
        data = buffer.getvalue().encode("utf-8")
    _assert_round_trip(_import(data, "tabell.csv"), records, wide)


@settings(FAST, max_examples=200)
@given(records=valid_tables(subnormal=False), english=st.booleans())
def test_valid_workbooks_round_trip(records, english):
    """Values as a spreadsheet holds them: Excel keeps 15 significant digits and openpyxl writes 16, so values
    are rounded to 15 digits first, and subnormal numbers (below 2.2e-308, which Excel lacks) are left out."""
    records = [(*record[:7], float(f"{record[7]:.15g}")) for record in records]
    names = upload.TEMPLATE_HEADERS["en" if english else "sv"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([names[role] for role in ("area", "year", "indicator", "unit", "group", "value")])
    for name, unit, population, _, area_text, year, sex, value in records:
        sheet.append([area_text, year, name, unit, GROUP_LABELS[population][0 if sex == "women" else 1][0],
                      None if math.isnan(value) else value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _assert_round_trip(_import(buffer.getvalue(), "tabell.xlsx"), records, wide=False)


# Through the store: saved as an own table, read back by the store's queries unchanged --------------------------

@pytest.fixture(scope="module")
def own_store(tmp_path_factory):
    from jamstat.store import Store
    directory = tmp_path_factory.mktemp("own")
    store = Store(PROJECT_DIR / "data", own_dir=directory)
    yield store, directory
    store.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(records=valid_tables())
def test_accepted_rows_survive_the_store(own_store, records):
    store, directory = own_store
    lines = [[area_text, str(year), name, unit, GROUP_LABELS[population][0 if sex == "women" else 1][0],
              _number(value, ",", "..")] for name, unit, population, _, area_text, year, sex, value in records]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([list(upload.TEMPLATE_HEADERS["sv"].values())[:6], *lines])
    checked = _import(buffer.getvalue().encode("utf-8"), "tabell.csv")
    assert checked is not None and checked.ok
    saved = owndata.save_table(checked.rows, "Egen tabell", directory=directory)
    indicators = store.run("indicators").set_index("indicator_id")
    for indicator_id, title in saved.indicators:
        accepted = checked.rows[checked.rows["indicator"] == title]
        described = indicators.loc[indicator_id]
        assert (described["title_sv"], described["unit"], described["population"]) == (
            title, accepted["unit"].iloc[0], accepted["population"].iloc[0])
        stored = store.run("series_by_sex", indicator_id=indicator_id,
                           area_ids=sorted(set(accepted["area_id"])))
        stored = stored[stored["status"].notna()]  # the query fills a grid; our rows are those with a status
        stored = stored.sort_values(["area_id", "year", "sex"]).reset_index(drop=True)
        accepted = accepted.sort_values(["area_id", "year", "sex"]).reset_index(drop=True)
        assert stored["area_id"].tolist() == accepted["area_id"].tolist()
        assert stored["year"].astype(int).tolist() == accepted["year"].tolist()
        assert stored["sex"].tolist() == accepted["sex"].tolist()
        assert stored["status"].tolist() == accepted["status"].tolist()
        assert np.array_equal(stored["value"].to_numpy(dtype="float64"), accepted["value"].to_numpy(),
                              equal_nan=True)


# The two number parsers agree, and downloads are neutralised -------------------------------------------------

NUMBERISH = st.lists(st.sampled_from(list("0123456789,.-+eE %x\u00a0\u202f\u2212") + ["..", "1,234", "1.234,5"]),
                     max_size=8).map("".join)


@settings(FAST, max_examples=300)
@given(cells=st.lists(NUMBERISH | st.sampled_from(HOSTILE), min_size=1, max_size=60), decimal=st.sampled_from(",."))
def test_loop_and_vectorised_number_parsing_agree(cells, decimal):
    cells = [cell.strip(upload.STRIP) for cell in cells]
    looped = upload._parse_numbers(cells, decimal)
    vectorised = upload._parse_numbers_vectorised(pd.Series(cells, dtype=str), decimal)
    assert np.array_equal(looped[0], vectorised[0], equal_nan=True)
    assert np.array_equal(looped[1], vectorised[1]) and np.array_equal(looped[2], vectorised[2])


@settings(FAST, max_examples=600)
@given(cells=st.lists(st.lists(CELL | st.none() | st.floats(), min_size=3, max_size=3), max_size=6))
def test_neutralised_downloads(cells):
    frame = pd.DataFrame(cells, columns=["a", "=b", "c"], dtype=object)
    result = upload.neutralise_formulas(frame)
    assert result.shape == frame.shape and list(result.columns) == ["a", "'=b", "c"]
    for before, after in zip(frame.to_numpy().ravel(), result.to_numpy().ravel(), strict=True):
        if isinstance(before, str) and before.startswith(upload.FORMULA_START) \
                and not upload.GENUINE_NUMBER.fullmatch(before):
            assert after == "'" + before
        elif isinstance(before, float) and math.isnan(before):
            assert isinstance(after, float) and math.isnan(after)
        else:
            assert after == before
        if isinstance(after, str):  # nothing left that a spreadsheet would run
            assert not after.startswith(upload.FORMULA_START) or upload.GENUINE_NUMBER.fullmatch(after)
