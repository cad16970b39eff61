"""The importer for users' own tables (jamstat/sources/upload.py): reading, column mapping, every validation rule."""

from __future__ import annotations

import io
import math
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from jamstat import text
from jamstat.settings import PROJECT_DIR
from jamstat.sources import upload
from jamstat.sources.upload import UploadError

HEADER = "Område;År;Indikator;Enhet;Grupp;Värde\n"


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return pd.read_parquet(PROJECT_DIR / "data" / "snapshot" / "areas.parquet")


def check(areas, content, file_name="tabell.csv", encoding="utf-8", mapping=None, sheet=None, **options):
    data = content.encode(encoding) if isinstance(content, str) else content
    raw = upload.read_table(data, file_name, sheet=sheet)
    return raw, upload.validate(raw, mapping or upload.detect_mapping(list(raw.frame.columns)), areas, **options)


def codes(checked) -> list[tuple[int | None, str]]:
    return [(problem.row, problem.code) for problem in checked.problems]


def rejected(content, file_name="tabell.csv", **options) -> UploadError:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with pytest.raises(UploadError) as caught:
        upload.read_table(data, file_name, **options)
    return caught.value


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Reading ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separators(areas, separator):
    lines = [["Område", "År", "Indikator", "Enhet", "Grupp", "Värde"],
             ["Karlstad", "2022", "Talartid", "minuter", "Kvinnor", "12"],
             ["Karlstad", "2022", "Talartid", "minuter", "Män", "30"]]
    raw, checked = check(areas, "\n".join(separator.join(line) for line in lines) + "\n")
    assert raw.separator == separator
    assert checked.ok and not checked.problems
    assert checked.rows[["area_id", "year", "sex", "value"]].values.tolist() == [
        ["1780", 2022, "women", 12.0], ["1780", 2022, "men", 30.0]]


@pytest.mark.parametrize(("cell", "expected"), [
    ("12,5", 12.5), ("12.5", 12.5), ("1 234,5", 1234.5), ("1\u00a0234,5", 1234.5), ("1\u202f234,5", 1234.5),
    ("-3,5", -3.5), ("\u22123,5", -3.5), ("0", 0.0), ("1e3", 1000.0), ("1.234,5", 1234.5), ("7 %", 7.0),
])
def test_numbers_in_a_decimal_comma_file(areas, cell, expected):
    _, checked = check(areas, HEADER + f"Karlstad;2022;Talartid;kr;Kvinnor;{cell}\nKarlstad;2022;Talartid;kr;Män;1\n")
    assert checked.ok, codes(checked)
    assert checked.rows["value"].tolist() == [expected, 1.0]


def test_decimal_point_file_with_thousands_commas(areas):
    raw, checked = check(areas, 'Area,Year,Indicator,Unit,Women,Men\n1780,2022,Pay,sek,"1,234.5","2,000"\n')
    assert raw.decimal == "."
    assert checked.rows["value"].tolist() == [1234.5, 2000.0]


def test_decimal_is_detected(areas):
    raw, _ = check(areas, HEADER + "Karlstad;2022;T;min;K;1,5\nKarlstad;2022;T;min;M;2,5\n")
    assert raw.decimal == ","
    raw, _ = check(areas, HEADER + "Karlstad;2022;T;min;K;1.5\nKarlstad;2022;T;min;M;2.5\n")
    assert raw.decimal == "."


def test_windows_1252(areas):
    content = HEADER + "Malmö;2022;Andel;procent;Kvinnor;51\nHöganäs;2022;Andel;procent;Män;49\n"
    raw, checked = check(areas, content, encoding="cp1252")
    assert raw.encoding == "cp1252"
    assert list(raw.frame.columns) == ["Område", "År", "Indikator", "Enhet", "Grupp", "Värde"]
    assert checked.rows["area_id"].tolist() == ["1280", "1284"]


def test_byte_order_mark(areas):
    raw, checked = check(areas, "\ufeff" + HEADER + "Malmö;2022;A;%;K;1\nMalmö;2022;A;%;M;2\n")
    assert raw.encoding == "utf-8-sig"
    assert raw.frame.columns[0] == "Område"
    assert checked.ok and len(checked.rows) == 2


def test_utf16_from_excel_unicode_text(areas):
    content = HEADER.replace(";", "\t") + "Malmö\t2022\tA\t%\tK\t1\nMalmö\t2022\tA\t%\tM\t2\n"
    raw, checked = check(areas, content, encoding="utf-16")
    assert raw.encoding == "utf-16" and raw.separator == "\t"
    assert len(checked.rows) == 2


def test_row_numbers_are_the_files_rows(areas):
    """Header = row 1; blank lines still count; a quoted cell over two lines is one row, as in Excel."""
    content = ("\n" + HEADER + "Karlstad;2022;A;%;K;1\n\n" + 'Karlstad;2022;"två\nrader";%;K;2\n'
               + "Karlstadd;2022;A;%;M;3\n")
    raw, checked = check(areas, content)
    assert raw.frame.index.tolist() == [3, 5, 6]
    assert (6, "area_unknown") in codes(checked)


def test_xlsx_first_sheet_and_chosen_sheet(areas):
    data = xlsx({"Förklaring": [["Den här filen visar talartid"], ["Se bladet Data"]],
                 "Data": [[], ["Talartid i KF"], ["Område", "År", "Indikator", "Enhet", "Kvinnor", "Män"],
                          [1780, 2021, "Talartid", "minuter", 12.5, 30], ["Karlstadd", 2022, "Talartid", "min", 1, 2]]})
    raw = upload.read_table(data, "fil.XLSX")
    assert raw.kind == "xlsx" and raw.sheet == "Förklaring" and raw.sheets == ["Förklaring", "Data"]
    raw, checked = check(areas, data, "fil.xlsx", sheet="Data",
                         mapping={"area": "Talartid i KF", "year": "#2", "indicator": "#3", "unit": "#4",
                                  "women": "#5", "men": "#6"})
    # The first non-empty row is the header; here that is a title, so the user corrects the mapping.
    assert raw.frame.index.tolist() == [3, 4, 5]
    assert (3, "area_unknown") in codes(checked)
    raw = upload.read_table(xlsx({"Data": [["Område", "År", "Indikator", "Enhet", "Kvinnor", "Män"],
                                           [180, 2021, "Talartid", "minuter", 12.5, 30.0],
                                           ["Karlstadd", 2022.0, "Talartid", "min", 1, 2]]}), "fil.xlsx")
    checked = upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), areas)
    assert raw.frame.index.tolist() == [2, 3]
    assert checked.rows[["area_id", "year", "sex", "value"]].values.tolist() == [
        ["0180", 2021, "women", 12.5], ["0180", 2021, "men", 30.0]]
    assert [(p.row, p.code, p.fields["suggestion"]) for p in checked.errors] == [(3, "area_unknown", "Karlstad")]


def test_xlsx_unknown_sheet():
    error = rejected(xlsx({"Blad1": [["a"], ["b"]]}), "fil.xlsx", sheet="Blad2")
    assert error.code == "no_sheet" and error.fields["sheets"] == "Blad1"


@pytest.mark.parametrize(("data", "file_name", "code"), [
    (b"", "tabell.csv", "empty"),
    (b"   \r\n\n", "tabell.csv", "empty"),
    (b"\xef\xbb\xbf", "tabell.csv", "empty"),
    (b";;;;\n;;;\n", "tabell.csv", "empty"),
    (HEADER.encode(), "tabell.csv", "only_header"),
    (b"\x00\x01\x02\x03\xff\xfe\x00" * 500, "tabell.csv", "binary"),
    (bytes(range(256)) * 40, "tabell.csv", "binary"),
    (b"Omr\xc3\xa5de\n\x81\x8d\x8f\x90\x9d", "tabell.csv", "binary"),
    (HEADER.encode(), "tabell.pdf", "wrong_extension"),
    (HEADER.encode(), "tabell", "wrong_extension"),
    (b"PK\x03\x04 not really", "tabell.csv", "xlsx_as_csv"),
    (HEADER.encode(), "tabell.xlsx", "not_xlsx"),
    (b"PK\x03\x04" + b"\x00" * 200, "tabell.xlsx", "not_xlsx"),
    (b"", "tabell.xlsx", "empty"),
    (HEADER.encode() + b"Karlstad;2022;A;%;K;1;extra\n", "tabell.csv", "bad_row"),
    (HEADER.encode() + b'"Karlstad;2022;A;%;K;1\nKarlstad;2022;A;%;M;1\n', "tabell.csv", "bad_quotes"),
])
def test_unusable_files(data, file_name, code):
    error = rejected(data, file_name)
    assert error.code == code
    for lang in ("sv", "en"):
        assert upload.message(error, lang).strip()


def test_a_zip_that_is_no_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert rejected(buffer.getvalue(), "fil.xlsx").code == "xlsx_unreadable"


def test_xlsx_with_only_a_header():
    assert rejected(xlsx({"Data": [["Område", "År"]]}), "fil.xlsx").code == "only_header"
    assert rejected(xlsx({"Data": []}), "fil.xlsx").code == "empty"


def test_bad_row_says_where():
    error = rejected(HEADER + "Karlstad;2022;A;%;K;1\nKarlstad;2022;A;%;K;1;extra\n")
    assert (error.fields["row"], error.fields["expected"], error.fields["found"]) == (3, 6, 7)
    assert "Rad 3 har 7 fält" in upload.message(error, "sv")


def test_too_big_file():
    error = rejected(b"a" * (upload.MAX_BYTES + 1))
    assert error.code == "too_big"
    assert "50 MB" in upload.message(error, "sv") and "50 MB" in upload.message(error, "en")


def test_too_many_rows():
    line = b"1780;2022;A;%;K;1\n"
    assert len(HEADER.encode() + line * (upload.MAX_ROWS + 1)) < upload.MAX_BYTES
    assert rejected(HEADER.encode() + line * (upload.MAX_ROWS + 1)).code == "too_many_rows"
    raw = upload.read_table(HEADER.encode() + line * upload.MAX_ROWS, "tabell.csv")
    assert len(raw.frame) == upload.MAX_ROWS


def test_cells_are_text_and_columns_unique():
    raw = upload.read_table("Värde;Värde;;År\n001;1,50;x;2022\n".encode(), "t.csv")
    assert list(raw.frame.columns) == ["Värde", "Värde (2)", "#3", "År"]
    assert raw.frame.iloc[0].tolist() == ["001", "1,50", "x", "2022"]


# Column mapping --------------------------------------------------------------------------------------------

def test_detect_mapping_swedish_and_english():
    assert upload.detect_mapping(["Område", "År", "Indikator", "Enhet", "Grupp", "Värde"]) == {
        "area": "Område", "year": "År", "indicator": "Indikator", "unit": "Enhet", "group": "Grupp",
        "value": "Värde", "women": None, "men": None}
    mapping = upload.detect_mapping(["  AREA ", "Year", "indicator", "UNIT", "Sex", "value"])
    assert mapping["area"] == "  AREA " and mapping["group"] == "Sex" and upload.layout(mapping) == "long"
    wide = upload.detect_mapping(["area", "year", "indicator", "unit", "GIRLS", "Boys"])
    assert (wide["women"], wide["men"]) == ("GIRLS", "Boys") and upload.layout(wide) == "wide"
    wide = upload.detect_mapping(["Område", "År", "Indikator", "Enhet", "Kvinnor", "Män"])
    assert upload.layout(wide) == "wide"


def test_no_layout():
    with pytest.raises(UploadError) as caught:
        upload.layout(upload.detect_mapping(["Område", "År", "Indikator", "Siffra"]))
    assert caught.value.code == "no_layout"


def test_corrected_mapping(areas):
    content = "Kommunnamn X;Period;Vad;Enhet;Kön;Antal\nKarlstad;2022;A;st;K;3\nKarlstad;2022;A;st;M;4\n"
    raw = upload.read_table(content.encode(), "t.csv")
    with pytest.raises(UploadError) as caught:
        upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), areas)
    assert caught.value.code == "no_layout"
    mapping = {"area": "Kommunnamn X", "year": "Period", "indicator": "Vad", "unit": "Enhet", "group": "Kön",
               "value": "Antal"}
    checked = upload.validate(raw, mapping, areas)
    assert checked.ok and checked.rows["value"].tolist() == [3.0, 4.0] and set(checked.rows["unit"]) == {"count"}


@pytest.mark.parametrize(("change", "code"), [
    ({"area": None}, "missing_column"), ({"year": "Finns inte"}, "mapping_unknown_column"),
    ({"indicator": "Område"}, "mapping_duplicate")])
def test_mapping_errors(areas, change, code):
    raw = upload.read_table((HEADER + "Karlstad;2022;A;%;K;1\n").encode(), "t.csv")
    mapping = {**upload.detect_mapping(list(raw.frame.columns)), **change}
    with pytest.raises(UploadError) as caught:
        upload.validate(raw, mapping, areas)
    assert caught.value.code == code
    assert upload.message(caught.value, "sv") and upload.message(caught.value, "en")


def test_a_file_without_unit_column(areas):
    _, checked = check(areas, "Område;År;Indikator;Grupp;Värde\nKarlstad;2022;A;K;1\nKarlstad;2022;A;M;2\n")
    assert checked.ok and checked.rows["unit"].tolist() == ["", ""]


# Areas -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "area_id"), [
    ("0180", "0180"), ("180", "0180"), ("1780", "1780"), ("Stockholm", "0180"), ("stockholm", "0180"),
    ("  STOCKHOLM ", "0180"), ("Stockholms kommun", "0180"), ("Stockholms stad", "0180"),
    ("Karlstad kommun", "1780"), ("Karlstads kommun", "1780"), ("Borås kommun", "1490"), ("Malmö", "1280"),
    ("Region Värmland", "17"), ("Värmlands län", "17"), ("Värmland", "17"), ("17", "17"), ("1", "01"),
    ("Region Stockholm", "01"), ("Stockholms län", "01"), ("Västra Götaland", "14"),
    ("Västra Götalandsregionen", "14"), ("Gotland", "0980"), ("Region Gotland", "09"),
    ("Jönköping", "0680"), ("Jönköpings län", "06"), ("0000", "0000"), ("0", "0000"), ("Riket", "0000"),
    ("Sverige", "0000"), ("riket", "0000"),
])
def test_areas_by_code_or_name(areas, cell, area_id):
    _, checked = check(areas, HEADER + f"{cell};2022;A;%;K;1\n{cell};2022;A;%;M;2\n")
    assert checked.ok, [upload.message(p, "en") for p in checked.problems]
    assert checked.rows["area_id"].tolist() == [area_id, area_id]


@pytest.mark.parametrize(("cell", "suggestion"), [("Karlstadd", "Karlstad"), ("Malmo", "Malmö"),
                                                   ("Göteborgg", "Göteborg"), ("9999", None), ("zzzzzz", None)])
def test_unknown_area_with_suggestion(areas, cell, suggestion):
    _, checked = check(areas, HEADER + f"{cell};2022;A;%;K;1\n")
    [problem] = checked.errors
    assert (problem.row, problem.code, problem.column, problem.fields) == (
        2, "area_unknown", "Område", {"value": cell, "suggestion": suggestion})
    assert checked.rows.empty
    if suggestion:
        assert f"Menade du ”{suggestion}”?" in text.plain(upload.message(problem, "sv"))
        assert f"Did you mean “{suggestion}”?" in text.plain(upload.message(problem, "en"))


def test_areas_from_the_store_query(areas, store):
    """The page passes the store's `areas` query (name as area_name); the importer accepts that too."""
    from_store = store.run("areas")
    assert "area_name" in from_store.columns
    content = HEADER + "Karlstad;2022;A;%;K;1\nVärmlands län;2022;A;%;M;2\n"
    assert check(from_store, content)[1].rows.equals(check(areas, content)[1].rows)


def test_empty_area(areas):
    _, checked = check(areas, HEADER + " ;2022;A;%;K;1\n")
    assert codes(checked) == [(2, "area_empty")]


# Years -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "code"), [
    ("1949", "year_out_of_range"), (str(pd.Timestamp.today().year + 2), "year_out_of_range"),
    ("2020,5", "year_not_whole"), ("2020.5", "year_not_whole"), ("tjugo", "year_invalid"), ("..", "year_invalid"),
    ("", "year_empty"), ("1e300", "year_out_of_range"), ("inf", "year_invalid"),
])
def test_bad_years(areas, cell, code):
    _, checked = check(areas, HEADER + f"Karlstad;{cell};A;%;K;1\n")
    assert codes(checked) == [(2, code)]
    assert checked.rows.empty


@pytest.mark.parametrize("cell", ["1950", "2020", "2020.0", "2020,0", " 2021 ", str(pd.Timestamp.today().year + 1)])
def test_good_years(areas, cell):
    _, checked = check(areas, HEADER + f"Karlstad;{cell};A;%;K;1\nKarlstad;{cell};A;%;M;1\n")
    assert checked.ok and checked.rows["year"].dtype == np.int64


# Values ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["", "..", "-", "–", "x", "X", " .. "])
def test_missing_values_stay_missing(areas, cell):
    _, checked = check(areas, HEADER + f"Karlstad;2022;A;%;K;{cell}\nKarlstad;2022;A;%;M;0\n")
    assert checked.ok and not checked.problems
    women, men = checked.rows.itertuples()
    assert math.isnan(women.value) and women.status == "missing"
    assert men.value == 0.0 and men.status == ""


@pytest.mark.parametrize(("cell", "code"), [
    ("tolv", "value_not_number"), ("12,5,3", "value_not_number"), ("=1+1", "value_not_number"),
    ("1e16", "value_too_large"), ("-1e16", "value_too_large"), ("inf", "value_too_large"),
    ("nan", "value_too_large"), ("NaN", "value_too_large"), ("1" * 400, "value_too_large"),
])
def test_values_that_are_not_numbers(areas, cell, code):
    _, checked = check(areas, HEADER + f"Karlstad;2022;A;kr;K;{cell}\nKarlstad;2022;A;kr;M;1\n")
    assert [(p.row, p.code, p.column) for p in checked.errors] == [(2, code, "Värde")]
    assert checked.rows["sex"].tolist() == ["men"]


@pytest.mark.parametrize(("unit", "allowed"), [
    ("procent", False), ("%", False), ("antal", False), ("timmar", False), ("minuter", False), ("dagar", False),
    ("kr", True), ("index", True), ("", True)])
def test_negative_values_by_unit(areas, unit, allowed):
    _, checked = check(areas, HEADER + f"Karlstad;2022;A;{unit};K;-2\nKarlstad;2022;A;{unit};M;1\n")
    assert checked.ok is allowed
    if not allowed:
        assert [(p.row, p.code) for p in checked.errors] == [(2, "value_negative")]
        assert "negativ" in upload.message(checked.errors[0], "sv")


def test_percent_over_100(areas):
    _, checked = check(areas, HEADER + "Karlstad;2022;A;procent;K;100,5\nKarlstad;2022;A;procent;M;100\n")
    assert [(p.row, p.code) for p in checked.errors] == [(2, "percent_over_100")]
    _, checked = check(areas, HEADER + "Karlstad;2022;A;timmar;K;100,5\nKarlstad;2022;A;timmar;M;100\n")
    assert checked.ok


def test_exact_values(areas):
    _, checked = check(areas, HEADER + "Karlstad;2022;A;kr;K;0,1\nKarlstad;2022;A;kr;M;123456789012345\n")
    assert checked.rows["value"].tolist() == [0.1, 123456789012345.0]


# Groups ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("women", "men", "population"), [
    ("Kvinnor", "Män", "adults"), ("K", "M", "adults"), ("women", "MEN", "adults"), ("Kvinna", "Man", "adults"),
    ("Flickor", "Pojkar", "children"), ("girls", "boys", "children")])
def test_groups(areas, women, men, population):
    _, checked = check(areas, HEADER + f"Karlstad;2022;A;h;{women};1\nKarlstad;2022;A;h;{men};2\n")
    assert checked.ok and not checked.problems
    assert checked.rows[["sex", "population", "unit"]].values.tolist() == [
        ["women", population, "hours"], ["men", population, "hours"]]


def test_other_groups(areas):
    content = (HEADER + "Karlstad;2022;A;h;Kvinnor;1\nKarlstad;2022;A;h;Män;2\nKarlstad;2022;A;h;Totalt;3\n"
               "Karlstad;2022;A;h;Icke-binär;4\nKarlstad;2022;A;h;  ;5\n")
    _, checked = check(areas, content)
    assert codes(checked) == [(5, "group_other"), (6, "group_empty")]
    assert checked.rows["sex"].tolist() == ["women", "men", "total"]
    _, checked = check(areas, content, keep_other_groups=True)
    assert codes(checked) == [(6, "group_empty")]
    assert checked.rows["sex"].tolist() == ["women", "men", "total", "icke-binär"]


@pytest.mark.parametrize("cell", ["total", "Totalt", "SAMTLIGA", "T"])
def test_total(areas, cell):
    _, checked = check(areas, HEADER + f"Karlstad;2022;A;h;{cell};3\n")
    assert checked.ok and checked.rows["sex"].tolist() == ["total"]


def test_girls_and_women_in_one_indicator(areas):
    content = (HEADER + "Karlstad;2022;A;h;Flickor;1\nKarlstad;2022;A;h;Pojkar;2\nKarlstad;2021;A;h;Kvinnor;3\n"
               "Karlstad;2022;B;h;Kvinnor;1\nKarlstad;2022;B;h;Män;1\n")
    _, checked = check(areas, content)
    assert codes(checked) == [(4, "population_mixed")]
    assert checked.rows[["indicator", "population"]].values.tolist() == [
        ["A", "children"], ["A", "children"], ["B", "adults"], ["B", "adults"]]


def test_wide_girls_and_boys(areas):
    _, checked = check(areas, "Område;År;Indikator;Enhet;Flickor;Pojkar\nKarlstad;2022;Hall;timmar;10;..\n")
    assert checked.ok and not checked.problems
    assert checked.rows[["sex", "population", "status"]].values.tolist() == [
        ["women", "children", ""], ["men", "children", "missing"]]


def test_wide_mixing_adults_and_children(areas):
    with pytest.raises(UploadError) as caught:
        check(areas, "Område;År;Indikator;Enhet;Kvinnor;Pojkar\nKarlstad;2022;Hall;timmar;10;2\n")
    assert caught.value.code == "mixed_population_columns"


def test_wide_problems_name_the_column(areas):
    _, checked = check(areas, "Område;År;Indikator;Enhet;Kvinnor;Män\nKarlstad;2022;A;h;tio;2\n"
                              "Karlstad;2022;A;h;1;2\nKarlstad;1800;A;h;1;2\n")
    assert [(p.row, p.code, p.column) for p in checked.errors] == [
        (2, "value_not_number", "Kvinnor"), (3, "duplicate", None), (4, "year_out_of_range", "År")]
    assert checked.rows["sex"].tolist() == ["men"]


# Across rows -----------------------------------------------------------------------------------------------

def test_duplicates(areas):
    content = (HEADER + "Karlstad;2022;A;h;K;1\nKarlstad;2022;A;h;M;2\n1780;2022;A;h;Kvinnor;3\n"
               "Karlstad;2022;A ;h;k;4\n")
    _, checked = check(areas, content)
    assert [(p.row, p.code, p.fields) for p in checked.problems] == [
        (4, "duplicate", {"first_row": 2}), (5, "duplicate", {"first_row": 2})]
    assert checked.rows["value"].tolist() == [1.0, 2.0]
    assert "Rad 4 upprepar rad 2" in upload.message(checked.problems[0], "sv")


def test_missing_pair_is_a_warning(areas):
    content = HEADER + "Karlstad;2022;A;h;K;1\nKarlstad;2021;A;h;M;2\nKarlstad;2021;A;h;K;2\nMalmö;2022;A;h;Män;x\n"
    _, checked = check(areas, content)
    assert checked.ok and (checked.error_count, checked.warning_count) == (0, 2)
    assert [(p.row, p.code, p.severity, p.fields["missing"]) for p in checked.problems] == [
        (2, "missing_pair", "warning", "men"), (5, "missing_pair", "warning", "women")]
    assert len(checked.rows) == 4
    assert "värdet för män saknas" in upload.message(checked.problems[0], "sv")


def test_missing_pair_says_girls_and_boys(areas):
    _, checked = check(areas, HEADER + "Karlstad;2022;A;h;Flickor;1\n")
    assert "the value for boys is missing" in upload.message(checked.warnings[0], "en")


def test_mixed_units_in_one_indicator(areas):
    content = HEADER + "Karlstad;2022;A;timmar;K;1\nKarlstad;2022;A;h;M;2\nKarlstad;2021;A;min;K;2\n"
    _, checked = check(areas, content)
    assert [(p.row, p.code, p.fields) for p in checked.errors] == [
        (4, "unit_mixed", {"value": "minutes", "expected": "hours"})]


@pytest.mark.parametrize(("cell", "unit"), [
    ("procent", "percent"), ("%", "percent"), ("Percent", "percent"), ("timmar", "hours"), ("tim", "hours"),
    ("h", "hours"), ("Hours", "hours"), ("minuter", "minutes"), ("min", "minutes"), ("min.", "minutes"),
    ("antal", "count"), ("st", "count"), ("Count", "count"), ("number", "count"), ("kr", "sek"), ("SEK", "sek"),
    ("kronor", "sek"), ("dagar", "days"), ("days", "days"), (" Besök per invånare ", "Besök per invånare"),
])
def test_units(areas, cell, unit):
    _, checked = check(areas, HEADER + f"Karlstad;2022;A;{cell};K;1\nKarlstad;2022;A;{cell};M;1\n")
    assert checked.rows["unit"].tolist() == [unit, unit]


def test_many_problems_are_capped(areas):
    content = HEADER + "Karlstadd;2022;A;h;K;1\n" * 2500 + "Karlstad;1900;A;h;K;1\n"
    _, checked = check(areas, content)
    assert checked.counts == {"area_unknown": 2500, "year_out_of_range": 1}
    assert (checked.error_count, checked.warning_count) == (2501, 0)
    assert len(checked.problems) == upload.MAX_PROBLEMS_PER_CODE + 2
    more = checked.problems[-1]
    assert (more.code, more.fields["count"], more.fields["first_row"]) == ("more", 1500, 2)
    assert text.plain(upload.message(more, "sv")) == "… och 1\u202f500 rader till med samma slags problem som rad 2."
    one_more = upload.Problem(None, None, "more", "error", {"count": 1, "first_row": 2})
    assert text.plain(upload.message(one_more, "sv")) == "… och 1 rad till med samma slags problem som rad 2."
    assert text.plain(upload.message(one_more, "en")) == "… and 1 more row with the same kind of problem as row 2."


def test_rows_schema(areas):
    _, checked = check(areas, HEADER + "Karlstad;2022;A;%;K;1\n")
    assert list(checked.rows.columns) == list(upload.ROW_COLUMNS)
    assert checked.rows.dtypes.astype(str).tolist() == [
        "str", "str", "str", "str", "int64", "str", "float64", "str", "int64"]
    _, nothing = check(areas, HEADER + "Karlstadd;2022;A;%;K;1\n")
    assert nothing.rows.empty and nothing.rows.dtypes.equals(checked.rows.dtypes)


# Messages and safety ---------------------------------------------------------------------------------------

def test_cell_text_cannot_render_markdown(areas):
    _, checked = check(areas, HEADER + "[Logga in](https://evil.example);2022;**A**;%;K;<b>1</b>\n")
    for problem in checked.problems:
        for lang in ("sv", "en"):
            shown = upload.message(problem, lang)
            assert "](" not in shown and "<b>" not in shown
    assert "[Logga in](https://evil.example)" in text.plain(upload.message(checked.problems[0], "sv"))


def test_every_upload_string_has_both_languages():
    keys = [key for key in text.STRINGS if key.startswith("upload_")]
    assert len(keys) > 40
    for key in keys:
        sv, en = text.STRINGS[key]
        assert sv.strip() and en.strip() and sv.count("{") == en.count("{"), key


def test_neutralise_formulas():
    frame = pd.DataFrame({"text": ["=HYPERLINK(\"x\")", "+46 70", "-3,5", "−3", "@SUM(A1)", "\tx", "\rx", "hej",
                                   "-", "1 234,5", "-1e5", None],
                          "number": [-1.0, 2.0, 3.0, 4, 5, 6, 7, 8, 9, 10, 11, 12]})
    frame["=evil"] = "ok"
    result = upload.neutralise_formulas(frame)
    assert result["text"].tolist() == ["'=HYPERLINK(\"x\")", "'+46 70", "-3,5", "−3", "'@SUM(A1)", "'\tx", "'\rx",
                                       "hej", "'-", "1 234,5", "-1e5", result["text"].iloc[-1]]
    assert pd.isna(result["text"].iloc[-1])
    assert result["number"].tolist() == frame["number"].tolist()
    assert list(result.columns) == ["text", "number", "'=evil"]
    assert frame["text"].iloc[0] == "=HYPERLINK(\"x\")"  # the input is not changed


# Templates and demo files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_templates_import_cleanly(areas, lang, wide, kind):
    data = upload.template_csv(lang, wide) if kind == "csv" else upload.template_xlsx(lang, wide)
    raw, checked = check(areas, data, f"mall.{kind}")
    assert upload.layout(upload.detect_mapping(list(raw.frame.columns))) == ("wide" if wide else "long")
    assert len(raw.frame) == 2
    assert checked.ok and not checked.problems
    assert len(checked.rows) == (4 if wide else 2)
    assert set(checked.rows["area_id"]) == {"1780"} and set(checked.rows["unit"]) == {"minutes"}
    if kind == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        assert (raw.separator, raw.decimal) == ((";", ",") if lang == "sv" else (",", "."))


def test_swedish_template_headers():
    assert upload.template_csv().decode("utf-8-sig").splitlines()[0] == "Område;År;Indikator;Enhet;Grupp;Värde"
    assert upload.template_csv(wide=True).decode("utf-8-sig").splitlines()[0] == (
        "Område;År;Indikator;Enhet;Kvinnor;Män")


def test_demo_files(areas):
    demos = upload.demo_files()
    assert set(demos) == {"talk_time", "bookings"}
    assert demos == upload.demo_files()  # deterministic
    talk_name, talk = demos["talk_time"]
    _, checked = check(areas, talk, talk_name)
    assert checked.ok and not checked.problems and len(checked.rows) == 80
    assert set(checked.rows["year"]) == set(range(2019, 2024)) and set(checked.rows["unit"]) == {"minutes"}
    assert checked.rows["indicator"].str.endswith("(fiktiva siffror)").all()
    assert set(checked.rows["population"]) == {"adults"} and set(checked.rows["area_id"]) == {"1780"}
    bookings_name, bookings = demos["bookings"]
    _, checked = check(areas, bookings, bookings_name)
    assert checked.ok and not checked.problems and len(checked.rows) == 48
    assert set(checked.rows["year"]) == set(range(2018, 2024)) and set(checked.rows["unit"]) == {"hours"}
    assert set(checked.rows["population"]) == {"children"} and checked.rows["indicator"].nunique() == 4
    assert checked.rows["status"].tolist().count("missing") == 1
    assert checked.rows["value"].isna().sum() == 1
