"""Reading and validating a user's own sex-disaggregated table (CSV or XLSX); pure Python, writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import io
import math
import random
import re
import zipfile
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from jamstat import text

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 1_000_000
# Columns beyond this are not read from a sheet (a hostile sheet can claim 16 384 columns on every row).
MAX_COLUMNS = 200
# An XLSX is a zip: its members' sizes are checked before openpyxl opens it (a zip bomb is refused unread). The limits
# hold what a 50 MB table needs: a million rows of a few columns unpack to ~300 MB of sheet XML.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
# The shared strings are read whole into memory by openpyxl: a million distinct texts of ~50 characters is ~80 MB.
MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024
# Real sheets compress ~5-40 times; a large member packed more than this is a bomb (e.g. one text repeated 1 GB).
MAX_RATIO = 300
RATIO_FROM_BYTES = 8 * 1024 * 1024
# Non-empty cells read from the chosen sheet (columns beyond MAX_COLUMNS never count): a million rows of 20 columns.
MAX_CELLS = 20_000_000
# Cells beyond MAX_COLUMNS are not read, but openpyxl still parses them: more than this many is refused unparsed
# (one cell at column XFD on each of a million rows took openpyxl ~2 minutes to walk through).
MAX_FAR_CELLS = 10_000
# The sheets' XML is scanned in chunks of this size before openpyxl parses it (sheet_counts).
SCAN_CHUNK = 4 * 1024 * 1024
# Problems stored per code; the rest are only counted (a million bad rows must not mean a million objects).
MAX_PROBLEMS_PER_CODE = 1000
MAX_INDICATOR_CHARACTERS = 200
MAX_VALUE = 1e15
FIRST_YEAR = 1950

ROLES = ("area", "year", "indicator", "unit", "group", "value", "women", "men")
REQUIRED_ROLES = ("area", "year", "indicator")
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")

# Header texts per role, compared after _header_key (case, spaces, '_' and '-' do not matter).
HEADER_ALIASES = {
    "area": ("område", "omrade", "area", "kommun", "kommunkod", "kommunnamn", "kommun eller region", "region",
             "municipality", "area id", "area code", "area name", "kod", "code"),
    "year": ("år", "ar", "årtal", "artal", "year"),
    "indicator": ("indikator", "indicator", "nyckeltal", "mått", "matt", "variabel", "measure", "kpi"),
    "unit": ("enhet", "måttenhet", "unit"),
    "group": ("grupp", "kön", "kon", "group", "sex", "gender"),
    "value": ("värde", "varde", "value"),
    "women": ("kvinnor", "kvinna", "women", "woman", "female", "females", "k", "flickor", "flicka", "girls", "girl"),
    "men": ("män", "man", "men", "male", "males", "m", "pojkar", "pojke", "boys", "boy"),
}
CHILD_HEADERS = {"flickor", "flicka", "girls", "girl", "pojkar", "pojke", "boys", "boy"}

# Group cell text -> (sex, kind); kind 'adult' (women/men), 'child' (girls/boys) or 'total'.
GROUPS = {
    **dict.fromkeys(("kvinnor", "kvinna", "women", "woman", "female", "females", "k"), ("women", "adult")),
    **dict.fromkeys(("män", "man", "men", "male", "males", "m"), ("men", "adult")),
    **dict.fromkeys(("flickor", "flicka", "girls", "girl"), ("women", "child")),
    **dict.fromkeys(("pojkar", "pojke", "boys", "boy"), ("men", "child")),
    **dict.fromkeys(("total", "totalt", "samtliga", "t", "alla", "all", "both"), ("total", "total")),
}
UNITS = {
    **dict.fromkeys(("procent", "%", "percent", "pct", "andel (%)"), "percent"),
    **dict.fromkeys(("timmar", "timme", "tim", "h", "hours", "hour"), "hours"),
    **dict.fromkeys(("minuter", "minut", "min", "minutes", "minute"), "minutes"),
    **dict.fromkeys(("antal", "st", "stycken", "count", "number"), "count"),
    **dict.fromkeys(("kr", "sek", "kronor"), "sek"),
    **dict.fromkeys(("dagar", "dag", "days", "day"), "days"),
}
NON_NEGATIVE_UNITS = ("percent", "count", "hours", "minutes", "days")
# Cell texts that mean "no value" (kept as missing, never as 0), compared after stripping.
MISSING_TOKENS = ("", "..", "...", "…", "-", "–", "—", "x", "X")
NOT_FINITE = ("nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity")
# What is stripped from every cell: an explicit list, so that Python and Arrow strip the same characters.
STRIP = " \t\r\n\u00a0\u2007\u2009\u202f\u200b\ufeff"
COUNTRY_NAMES = ("riket", "sverige", "sweden", "hela riket", "hela sverige")

NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
THOUSANDS_COMMA = r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?"  # 1,234 or 1,234.5 (English)
THOUSANDS_DOT = r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]*"  # 1.234,5 (continental)
# ASCII digits and an explicit list of spaces: the same in Python's re and in Arrow's RE2 (whose \\d is ASCII).
SPACES = r"[ \t\u00a0\u2007\u2009\u202f]"
DECIMAL_COMMA = r"[+-]?(?:[0-9]+,?[0-9]*|,[0-9]+)(?:[eE][+-]?[0-9]+)?"
# Above this many distinct cells, numbers are parsed with vectorised string functions (see _parse_numbers).
VECTORISE_FROM = 2000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number in either decimal style, with spaces as thousands separators: safe to leave unprefixed.
GENUINE_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[ \u00a0\u202f][0-9]{3})*(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")

_PATTERNS = {name: re.compile(pattern) for name, pattern in (
    ("number", NUMBER), ("thousands_comma", THOUSANDS_COMMA), ("thousands_dot", THOUSANDS_DOT),
    ("decimal_comma", DECIMAL_COMMA), ("noise", SPACES + "|%$"), ("vote_comma", r"[+-]?[0-9]*,[0-9]+"),
    ("ambiguous", r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+"),
    ("vote_dot", r"[+-]?(?:[0-9]*\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]*)"))}


TEMPLATE_HEADERS = {
    "sv": {"area": "Område", "year": "År", "indicator": "Indikator", "unit": "Enhet", "group": "Grupp",
           "value": "Värde", "women": "Kvinnor", "men": "Män"},
    "en": {"area": "Area", "year": "Year", "indicator": "Indicator", "unit": "Unit", "group": "Group",
           "value": "Value", "women": "Women", "men": "Men"},
}
TEMPLATE_ROWS = {
    "sv": (("Karlstad", 2023, "Talartid i kommunfullmäktige", "minuter", "Kvinnor", 312.5),
           ("Karlstad", 2023, "Talartid i kommunfullmäktige", "minuter", "Män", 401.0),
           ("Karlstad", 2022, "Talartid i kommunfullmäktige", "minuter", "Kvinnor", 287.0),
           ("Karlstad", 2022, "Talartid i kommunfullmäktige", "minuter", "Män", 415.5)),
    "en": (("Karlstad", 2023, "Talk time in the municipal council", "minutes", "Women", 312.5),
           ("Karlstad", 2023, "Talk time in the municipal council", "minutes", "Men", 401.0),
           ("Karlstad", 2022, "Talk time in the municipal council", "minutes", "Women", 287.0),
           ("Karlstad", 2022, "Talk time in the municipal council", "minutes", "Men", 415.5)),
}
# Problems that leave the row imported; every other code is an error (the row is left out).
WARNING_CODES = frozenset({"missing_pair"})
ROW_COLUMNS = ("indicator", "unit", "population", "area_id", "year", "sex", "value", "status", "source_row")


class UploadError(Exception):
    """The whole file (or the chosen column mapping) is unusable; code and fields make the message."""

    def __init__(self, code: str, **fields):
        super().__init__(code, fields)
        self.code, self.fields = code, fields


@dataclass
class RawTable:
    """What read_table found: every cell as text, indexed by the row number the user sees in the file."""

    frame: pd.DataFrame
    kind: str
    encoding: str | None
    separator: str | None
    decimal: str | None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)


@dataclass
class Problem:
    row: int | None
    column: str | None
    code: str
    severity: str  # 'error' (row not imported) or 'warning' (imported)
    fields: dict = field(default_factory=dict)


@dataclass
class Checked:
    """The rows that can be imported, and what is wrong with the others (at most MAX_PROBLEMS_PER_CODE each)."""

    rows: pd.DataFrame
    problems: list[Problem]
    counts: dict[str, int] = field(default_factory=dict)  # every problem code -> how many rows had it

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        """Problems of severity error in the whole file (errors holds at most MAX_PROBLEMS_PER_CODE per code)."""
        return sum(n for code, n in self.counts.items() if code not in WARNING_CODES)

    @property
    def warning_count(self) -> int:
        return sum(n for code, n in self.counts.items() if code in WARNING_CODES)


# Reading ---------------------------------------------------------------------------------------------------

def read_table(data: bytes, file_name: str, sheet: str | None = None) -> RawTable:
    """Read a CSV or XLSX file into text cells; raise UploadError when the file as a whole is unusable."""
    if len(data) > MAX_BYTES:
        raise UploadError("too_big", size_mb=round(len(data) / 1024 / 1024, 1), max_mb=MAX_BYTES // 1024 // 1024)
    name = str(file_name).strip().lower()
    if name.endswith(XLSX_EXTENSIONS):
        raw = _read_xlsx(data, sheet)
    elif name.endswith(CSV_EXTENSIONS):
        if data.startswith(b"PK\x03\x04"):
            raise UploadError("xlsx_as_csv")
        raw = _read_csv(data)
    else:
        raise UploadError("wrong_extension", name=file_name)
    raw.frame = _with_header(raw.frame)
    raw.decimal = _detect_decimal(raw.frame, raw.separator)
    return raw


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            raise UploadError("binary") from error
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    try:
        return data.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as error:
        raise UploadError("binary") from error


def _read_csv(data: bytes) -> RawTable:
    content, encoding = _decode(data)
    if not content.strip():
        raise UploadError("empty")
    sample = content[:65536]
    controls = len(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", sample))
    if "\x00" in content or controls > max(2, len(sample) // 100):
        raise UploadError("binary")
    # Leading blank lines are skipped before parsing (the parser takes the number of columns from the first line)
    # but still counted, so row numbers stay those of the file.
    skipped = 0
    for first_line in io.StringIO(content):
        if first_line.strip():
            break
        skipped += 1
    content = content[content.index(first_line):] if skipped else content
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    separator = max((";", "\t", ","), key=unquoted.count)  # ties: the first wins, ';' is Swedish Excel's
    if not unquoted.count(separator):
        separator = ","
    try:
        frame = pd.read_csv(io.StringIO(content), sep=separator, header=None, dtype=str, na_filter=False,
                            skip_blank_lines=False, engine="c", quoting=csv.QUOTE_MINIMAL, nrows=MAX_ROWS + 2)
    except pd.errors.EmptyDataError as error:
        raise UploadError("empty") from error
    except pd.errors.ParserError as error:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if found:
            raise UploadError("bad_row", expected=int(found[1]), row=int(found[2]), found=int(found[3])) from error
        raise UploadError("bad_quotes") from error
    frame.index = pd.RangeIndex(skipped + 1, skipped + len(frame) + 1)
    return RawTable(frame, "csv", encoding, separator, None)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)


def _read_xlsx(data: bytes, sheet: str | None) -> RawTable:
    import openpyxl

    if not data:
        raise UploadError("empty")
    if not data.startswith(b"PK\x03\x04"):
        raise UploadError("not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UploadError("not_xlsx") from error
    _check_members(members, len(data))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in members:
            if re.fullmatch(r"xl/worksheets/[^/]+\.xml", info.filename, flags=re.IGNORECASE):
                _check_sheet(archive, info)
    # openpyxl raises whatever its parts raise on a broken file (KeyError, ValueError, zip and XML errors):
    # every one of them means the same to the user, so this boundary catches them all.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise UploadError("xlsx_unreadable") from error
    try:
        sheets = [worksheet.title for worksheet in workbook.worksheets]
        if not sheets:
            raise UploadError("xlsx_unreadable")
        chosen = sheets[0] if sheet is None else sheet
        if chosen not in sheets:
            raise UploadError("no_sheet", sheet=chosen, sheets=", ".join(sheets))
        worksheet = workbook[chosen]
        worksheet.reset_dimensions()  # the sheet's own claim of its size is not trusted
        numbers, cells, filled = [], [], 0
        try:
            # max_col: a cell at column XFD (16 384) must not make every row a tuple of 16 384 values.
            for number, values in enumerate(worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
                if any(value is not None and value != "" for value in values):
                    numbers.append(number)
                    row = [_cell_text(value) for value in values]
                    while row and not row[-1]:  # the empty cells after the last filled one are not kept
                        row.pop()
                    cells.append(row)
                    filled += len(row)
                    if len(cells) > MAX_ROWS + 1:
                        raise UploadError("too_many_rows", max_rows=MAX_ROWS)
                    if filled > MAX_CELLS:
                        raise UploadError("too_many_cells", max_cells=MAX_CELLS)
                elif number > MAX_ROWS + 1 and not cells:  # a million empty rows and nothing yet
                    raise UploadError("empty")
        except UploadError:
            raise
        except Exception as error:  # as above: a broken sheet, whatever part of openpyxl noticed
            raise UploadError("xlsx_unreadable") from error
    finally:
        workbook.close()
    if not cells:
        raise UploadError("empty")
    width = max(len(row) for row in cells)
    frame = pd.DataFrame([row + [""] * (width - len(row)) for row in cells], index=numbers, dtype=str)
    return RawTable(frame, "xlsx", None, None, None, chosen, sheets)


def _check_members(members: list[zipfile.ZipInfo], file_size: int) -> None:
    """Refuse a workbook whose parts would unpack to more than a 50 MB table needs, before anything is unpacked.

    The sizes are the zip's own claims; zipfile stops reading a member at its claimed size (and fails its CRC
    check), so a member cannot unpack to more than it says."""
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise UploadError("unpacked_too_big", size_mb=_megabytes(file_size), unpacked_mb=_megabytes(unpacked),
                          max_mb=MAX_UNPACKED_BYTES // 2**20)
    for info in members:
        if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS_BYTES:
            raise UploadError("unpacked_too_big", size_mb=_megabytes(file_size),
                              unpacked_mb=_megabytes(info.file_size), max_mb=MAX_SHARED_STRINGS_BYTES // 2**20)
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UploadError("xlsx_packed", size_mb=_megabytes(file_size), unpacked_mb=_megabytes(info.file_size))


def sheet_counts(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, int]:
    """(rows, cells, cells far beyond MAX_COLUMNS) of a sheet's XML, counted over the unpacked stream in chunks by
    bytes.count (C speed, ~1 GB/s: a sheet openpyxl needs minutes for is counted in a second or two); stops as
    soon as a limit is passed. Tags are matched with the sheet's namespace prefix, if it uses one ("<x:c ...")."""
    rows = cells = far = 0
    tail, prefix, far_cell = b"", None, None
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(SCAN_CHUNK)
            if not chunk:
                break
            # A tag cut at the chunk's end is counted in the next one: keep the last partial tag with it.
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = (text[:cut], text[cut:]) if cut > len(text) - 256 else (text, b"")
            if prefix is None:
                found = re.search(rb"<([A-Za-z_][\w.-]*:)?sheetData[\s/>]", text)
                if not found:
                    continue
                prefix = found.group(1) or b""
                # Excel writes the reference first: a column of three letters (AAA..XFD) or two from HA (209),
                # far beyond MAX_COLUMNS (200 = GR), with a margin so the pattern stays a literal plus two classes.
                far_cell = re.compile(b"<" + re.escape(prefix) + rb'c r="(?:[A-Z]{3}|[H-Z][A-Z])[0-9]')
            row_tag, cell_tag = b"<" + prefix + b"row", b"<" + prefix + b"c"
            rows += sum(text.count(row_tag + end) for end in (b" ", b">"))
            cells += sum(text.count(cell_tag + end) for end in (b" ", b">"))
            if b'r="' in text:
                far += len(far_cell.findall(text))
            if rows > MAX_ROWS + 1 or cells > MAX_CELLS or far > MAX_FAR_CELLS:
                break
    return rows, cells, far


def _check_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a sheet with more rows or cells than a 50 MB table has, before openpyxl spends minutes on it."""
    try:
        rows, cells, far = sheet_counts(archive, info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
        raise UploadError("xlsx_unreadable") from error
    if rows > MAX_ROWS + 1:
        raise UploadError("too_many_rows", max_rows=MAX_ROWS)
    if cells > MAX_CELLS:
        raise UploadError("too_many_cells", max_cells=MAX_CELLS)
    if far > MAX_FAR_CELLS:
        raise UploadError("too_many_far_cells", count=MAX_FAR_CELLS, max_columns=MAX_COLUMNS)


def _megabytes(size: int) -> float:
    return round(size / 2**20, 1)


def _with_header(frame: pd.DataFrame) -> pd.DataFrame:
    """The first non-empty row becomes the header (made unique); empty rows are dropped, row numbers kept."""
    if frame.isna().to_numpy().any():  # short rows in a CSV, and gaps in a sheet, are empty cells
        frame = frame.fillna("")
    frame = frame.astype(str)
    filled = np.zeros(len(frame), dtype=bool)
    for column in frame.columns:
        codes, uniques = pd.factorize(frame[column])
        filled |= np.array([bool(cell.strip(STRIP)) for cell in uniques] + [False], dtype=bool)[codes]
    frame = frame[filled]
    if frame.empty:
        raise UploadError("empty")
    names, seen = [], set()
    for position, cell in enumerate(frame.iloc[0]):
        name = str(cell).strip() or f"#{position + 1}"
        unique, suffix = name, 2
        while unique in seen:
            unique, suffix = f"{name} ({suffix})", suffix + 1
        seen.add(unique)
        names.append(unique)
    body = frame.iloc[1:]
    if body.empty:
        raise UploadError("only_header")
    if len(body) > MAX_ROWS:
        raise UploadError("too_many_rows", max_rows=MAX_ROWS)
    body = body.copy()
    body.columns = names
    body.index = pd.Index(body.index.astype("int64"), name="row")
    return body


def _detect_decimal(frame: pd.DataFrame, separator: str | None) -> str:
    """',' or '.', whichever numbers in the first 1 000 rows use; by default what goes with the separator.

    "2,000" could be either (two thousand, or two with three decimals), so it does not vote."""
    comma = dot = 0
    for cell in pd.unique(frame.head(1000).to_numpy(dtype=object).ravel()):
        cell = re.sub(SPACES, "", str(cell))
        if _PATTERNS["vote_comma"].fullmatch(cell) and not _PATTERNS["ambiguous"].fullmatch(cell):
            comma += 1
        elif _PATTERNS["vote_dot"].fullmatch(cell):
            dot += 1
    if comma != dot:
        return "," if comma > dot else "."
    return "." if separator == "," else ","


# Column mapping --------------------------------------------------------------------------------------------

def _header_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", " ", str(name).casefold()).strip()


def detect_mapping(columns: list[str]) -> dict[str, str | None]:
    """Role -> the column that plays it (or None), from the header texts; each column plays one role."""
    mapping: dict[str, str | None] = dict.fromkeys(ROLES)
    used: set[str] = set()
    for role in ROLES:
        for column in columns:
            if column not in used and _header_key(column) in HEADER_ALIASES[role]:
                mapping[role] = column
                used.add(column)
                break
    return mapping


def layout(mapping: dict) -> str:
    """'long' (a group and a value column) or 'wide' (a column for women and one for men)."""
    if mapping.get("group") and mapping.get("value"):
        return "long"
    if mapping.get("women") and mapping.get("men"):
        return "wide"
    raise UploadError("no_layout")


# Validation ------------------------------------------------------------------------------------------------

class _Problems:
    """Collects problems per code, keeping the first MAX_PROBLEMS_PER_CODE rows of each and counting the rest."""

    def __init__(self):
        self.kept: list[Problem] = []
        self.counts: dict[str, int] = {}
        self.first_row: dict[str, int] = {}
        self.severity: dict[str, str] = {}

    def add(self, mask: np.ndarray, rows: np.ndarray, code: str, severity: str, column: str | None,
            fields=lambda i: {}) -> None:
        """One problem per True in mask; fields(i) gives the fields of position i (only called for kept ones)."""
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        positions = positions[np.argsort(rows[positions], kind="stable")]
        self.counts[code] = self.counts.get(code, 0) + len(positions)
        self.severity[code] = severity
        self.first_row.setdefault(code, int(rows[positions[0]]))
        room = MAX_PROBLEMS_PER_CODE - sum(1 for p in self.kept if p.code == code)
        for i in positions[:max(room, 0)]:
            self.kept.append(Problem(int(rows[i]), column, code, severity, fields(i)))

    def result(self) -> tuple[list[Problem], dict[str, int]]:
        problems = sorted(self.kept, key=lambda p: (p.row if p.row is not None else -1, p.code))
        for code, count in self.counts.items():
            kept = sum(1 for p in self.kept if p.code == code)
            if count > kept:
                problems.append(Problem(None, None, "more", self.severity[code],
                                        {"count": count - kept, "first_row": self.first_row[code], "of": code}))
        return problems, dict(self.counts)


def _area_lookup(areas: pd.DataFrame) -> tuple[dict, dict, dict, list[str]]:
    """Name and code keys -> area_id for municipalities, regions and Riket, plus the names for suggestions."""
    last = _LAST_AREAS[0]  # one tuple, read and replaced whole: safe across Streamlit's threads
    if last is not None and last[0] is areas:  # the same frame again (the page's cached areas)
        return last[1]
    name_column = "name" if "name" in areas.columns else "area_name"
    keys = _area_keys(tuple(zip(areas["area_id"].astype(str).tolist(), areas[name_column].astype(str).tolist(),
                                areas["kind"].astype(str).tolist(), strict=True)))
    _LAST_AREAS[0] = (areas, keys)
    return keys


_LAST_AREAS: list = [None]


@functools.lru_cache(maxsize=4)
def _area_keys(areas: tuple[tuple[str, str, str], ...]) -> tuple[dict, dict, dict, list[str]]:
    municipalities, regions, codes = {}, {}, {}
    names = []
    for area_id, name, kind in areas:
        area_id, name = str(area_id), str(name)
        codes[area_id] = area_id
        key = _name_key(name)
        names.append(name)
        if kind == "municipality":
            municipalities[key] = area_id
        elif kind == "region":
            regions[key] = area_id
            short = re.sub(r"^region ", "", key)
            short = re.sub(r" län$", "", short)
            short = re.sub(r"sregionen$", "", short)
            regions.setdefault(short, area_id)
            regions.setdefault(short + "s", area_id)  # "Värmlands län" -> "värmlands"
        elif kind == "country":
            for alias in COUNTRY_NAMES:
                municipalities.setdefault(alias, area_id)
            codes.setdefault("0", area_id)
    return municipalities, regions, codes, names


def _name_key(name: str) -> str:
    return re.sub(SPACES + "+", " ", str(name).casefold()).strip()


def _resolve_area(cell: str, municipalities: dict, regions: dict, codes: dict) -> str | None:
    value = cell.strip()
    if re.fullmatch(r"[0-9]{1,4}", value):
        if value in ("0", "00", "000", "0000"):
            return codes.get("0000")
        code = value.zfill(2) if len(value) <= 2 else value.zfill(4)
        return codes.get(code)
    key = _name_key(value)
    if key in municipalities:
        return municipalities[key]
    if key in regions:
        return regions[key]
    for suffix, table in ((" kommun", municipalities), (" stad", municipalities), (" län", regions)):
        if key.endswith(suffix):
            stem = key[: -len(suffix)].strip()
            for candidate in (stem, stem[:-1] if stem.endswith("s") else None):
                if candidate and candidate in table:
                    return table[candidate]
    return None


def _parse_numbers(cells: list[str], decimal: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Stripped text cells -> (value, missing, invalid); value is NaN where missing or invalid.

    Called on a column's distinct cells. Many distinct cells go through Arrow's vectorised string functions, a few
    through a plain loop (faster for a few, since each vectorised call has a fixed cost); both give the same
    results, which tests/test_upload_property.py checks."""
    if len(cells) > VECTORISE_FROM:
        return _parse_numbers_vectorised(pd.Series(cells, dtype=str), decimal)
    parsed = [_parse_number(cell, decimal) for cell in cells]
    return (np.array([p[0] for p in parsed], dtype="float64"), np.array([p[1] for p in parsed], dtype=bool),
            np.array([p[2] for p in parsed], dtype=bool))


def _parse_number(cell: str, decimal: str) -> tuple[float, bool, bool]:
    if cell in MISSING_TOKENS:
        return math.nan, True, False
    clean = _PATTERNS["noise"].sub("", cell).replace("\u2212", "-")
    if _PATTERNS["number"].fullmatch(clean):
        return float(clean), False, False
    if "," in clean:
        english = bool(_PATTERNS["thousands_comma"].fullmatch(clean)) and (decimal != "," or "." in clean)
        continental = decimal == "," and bool(_PATTERNS["thousands_dot"].fullmatch(clean))
        if english:
            return float(clean.replace(",", "")), False, False
        if continental:
            return float(clean.replace(".", "").replace(",", ".")), False, False
        if _PATTERNS["decimal_comma"].fullmatch(clean):
            return float(clean.replace(",", ".")), False, False
    return math.nan, False, True


def _parse_numbers_vectorised(cells: pd.Series, decimal: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    missing = np.array(cells.isin(MISSING_TOKENS), dtype=bool)
    clean = cells.str.replace(SPACES + "|%$", "", regex=True).str.replace("\u2212", "-", regex=False)
    texts = np.array(clean, dtype=object)
    plain = np.array(clean.str.fullmatch(NUMBER), dtype=bool)
    # Only cells with a comma need more work: thousands separators, or a decimal comma.
    commas = np.flatnonzero(~plain & ~missing & clean.str.contains(",", regex=False).to_numpy())
    if len(commas):
        part = clean.iloc[commas]
        english = part.str.fullmatch(THOUSANDS_COMMA).to_numpy()
        if decimal == ",":
            english = english & part.str.contains(".", regex=False).to_numpy()  # 1,234 alone is 1.234 here
            continental = part.str.fullmatch(THOUSANDS_DOT).to_numpy()
        else:
            continental = np.zeros(len(part), dtype=bool)
        fixed = np.where(english, part.str.replace(",", "", regex=False).to_numpy(dtype=object),
                         np.where(continental,
                                  part.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
                                  .to_numpy(dtype=object),
                                  part.str.replace(",", ".", regex=False).to_numpy(dtype=object)))
        usable = english | continental | part.str.fullmatch(DECIMAL_COMMA).to_numpy()
        texts[commas[usable]] = fixed[usable]
        plain[commas[usable]] = True
    valid = plain & ~missing
    values = np.full(len(cells), np.nan)
    if valid.any():
        values[valid] = texts[valid].astype("float64")
    return values, missing, ~valid & ~missing


class _Column:
    """One column as codes into its distinct stripped cells: checks run once per distinct cell."""

    def __init__(self, cells: pd.Series):
        codes, uniques = pd.factorize(cells)  # Arrow's dictionary encoding: no Python strings per row
        self.codes = codes
        self.texts = np.array([str(cell).strip(STRIP) for cell in uniques] + [""], dtype=object)[:-1]

    def rows(self, per_distinct) -> np.ndarray:
        return np.asarray(per_distinct)[self.codes]

    def cell(self, i: int) -> str:
        return self.texts[self.codes[i]]


def _texts(names, codes: np.ndarray):
    """A text column of a few distinct names: names[codes], built by Arrow."""
    return pd.array(np.asarray(names, dtype=object), dtype="str").take(np.asarray(codes, dtype="int64"))


def validate(raw: RawTable, mapping: dict, areas: pd.DataFrame, *, keep_other_groups: bool = False) -> Checked:
    """Check every row against the mapping and the known areas; rows with an error are left out of rows."""
    mapping = {role: mapping.get(role) or None for role in ROLES}
    shape = layout(mapping)
    roles = [*REQUIRED_ROLES, "unit", *(("group", "value") if shape == "long" else ("women", "men"))]
    for role in roles:
        column = mapping[role]
        if column is None and role != "unit":
            raise UploadError("missing_column", role=role)
        if column is not None and column not in raw.frame.columns:
            raise UploadError("mapping_unknown_column", column=column)
    chosen = [mapping[role] for role in roles if mapping[role] is not None]
    for column in chosen:
        if chosen.count(column) > 1:
            raise UploadError("mapping_duplicate", column=column)
    if shape == "wide":
        women_kind = "child" if _header_key(mapping["women"]) in CHILD_HEADERS else "adult"
        if women_kind != ("child" if _header_key(mapping["men"]) in CHILD_HEADERS else "adult"):
            raise UploadError("mixed_population_columns", women=mapping["women"], men=mapping["men"])

    frame = raw.frame
    decimal = raw.decimal or ","
    count = len(frame)
    source_rows = frame.index.to_numpy(dtype="int64")
    problems = _Problems()
    error = np.zeros(count, dtype=bool)

    def flag(mask, code, role, fields=lambda i: {}, severity="error"):
        nonlocal error
        if mask.any():
            problems.add(mask, source_rows, code, severity, mapping[role], fields)
            if severity == "error":
                error |= mask

    # Area: a code or a name, resolved once per distinct cell.
    area = _Column(frame[mapping["area"]])
    municipalities, regions, codes, names = _area_lookup(areas)
    resolved = np.array([_resolve_area(cell, municipalities, regions, codes) for cell in area.texts] + [None],
                        dtype=object)[:-1]
    area_empty = area.rows(area.texts == "")
    area_unknown = area.rows(np.equal(resolved, None)) & ~area_empty
    suggestions: dict[str, str | None] = {}

    def area_fields(i):
        cell = area.cell(i)
        if cell not in suggestions:
            keys = {_name_key(name): name for name in names}
            close = difflib.get_close_matches(_name_key(cell), list(keys), n=1, cutoff=0.6)
            suggestions[cell] = keys[close[0]] if close else None
        return {"value": cell, "suggestion": suggestions[cell]}

    flag(area_empty, "area_empty", "area")
    flag(area_unknown, "area_unknown", "area", area_fields)

    # Year: a whole number (2020, or 2020.0 from a spreadsheet) in range.
    year = _Column(frame[mapping["year"]])
    numbers, year_missing, invalid = _parse_numbers(list(year.texts), decimal)
    empty = year.texts == ""
    finite = np.isfinite(numbers)
    not_whole = finite & (np.mod(numbers, 1, where=finite, out=np.zeros(len(numbers))) != 0)
    last_year = dt.date.today().year + 1
    out_of_range = finite & ~not_whole & ((numbers < FIRST_YEAR) | (numbers > last_year))
    year_bad = year.rows(empty | invalid | year_missing | not_whole | out_of_range)
    flag(year.rows(empty), "year_empty", "year")
    flag(year.rows((invalid | year_missing) & ~empty), "year_invalid", "year", lambda i: {"value": year.cell(i)})
    flag(year.rows(not_whole), "year_not_whole", "year", lambda i: {"value": year.cell(i)})
    flag(year.rows(out_of_range), "year_out_of_range", "year",
         lambda i: {"value": year.cell(i), "first": FIRST_YEAR, "last": last_year})
    years = year.rows(np.where(finite & ~not_whole & ~out_of_range, numbers, FIRST_YEAR).astype("int64"))

    # Indicator and unit.
    indicator = _Column(frame[mapping["indicator"]])
    indicator_empty = indicator.rows(indicator.texts == "")
    flag(indicator_empty, "indicator_empty", "indicator")
    flag(indicator.rows(np.array([len(cell) > MAX_INDICATOR_CHARACTERS for cell in indicator.texts], dtype=bool)),
         "indicator_too_long",
         "indicator", lambda i: {"value": indicator.cell(i), "max": MAX_INDICATOR_CHARACTERS})
    distinct_names, indicator_names = pd.factorize(indicator.texts)  # "A" and "A " are one indicator
    indicator_names = np.asarray(indicator_names, dtype=object)
    indicator_code = indicator.rows(distinct_names)
    if mapping["unit"] is not None:
        unit = _Column(frame[mapping["unit"]])
        distinct_units, unit_names = pd.factorize(np.array(
            [UNITS.get(_name_key(cell).removesuffix("."), cell) for cell in unit.texts] + [""], dtype=object)[:-1])
        unit_code = unit.rows(distinct_units)
    else:
        unit_code, unit_names = np.zeros(count, dtype="int64"), [""]
    unit_names = np.array([*unit_names, ""], dtype=object)[:-1]
    units = unit_names[unit_code]

    # The long table: one row per source row (long layout) or two (wide: the women's and the men's column).
    if shape == "long":
        position = np.arange(count)
        group = _Column(frame[mapping["group"]])
        known = [GROUPS.get(_name_key(cell)) for cell in group.texts]
        distinct_sexes, sex_names = pd.factorize(np.array(
            [k[0] if k else _name_key(c) for k, c in zip(known, group.texts, strict=True)] + [""], dtype=object)[:-1])
        sex_code = group.rows(distinct_sexes).astype("int64")
        sex_names = np.array([*sex_names, ""], dtype=object)[:-1]
        sex = sex_names[sex_code]
        kind = group.rows(np.array([k[1] if k else "other" for k in known] + [""], dtype=object)[:-1])
        group_empty = group.rows(group.texts == "")
        other = (kind == "other") & ~group_empty
        flag(group_empty, "group_empty", "group")
        if not keep_other_groups:
            flag(other, "group_other", "group", lambda i: {"value": group.cell(i)})
        value_columns = [mapping["value"]]
    else:
        position = np.concatenate([np.arange(count), np.arange(count)])
        sex_names = np.array(["women", "men"], dtype=object)
        sex_code = np.repeat(np.array([0, 1], dtype="int64"), count)
        sex = sex_names[sex_code]
        kind = np.full(2 * count, women_kind, dtype=object)
        group_empty = other = np.zeros(count, dtype=bool)
        value_columns = [mapping["women"], mapping["men"]]

    long_rows = source_rows[position]
    long_error = np.zeros(len(position), dtype=bool)

    # Values: numbers in either decimal style, missing markers kept as missing (never zero).
    parts = [_Column(frame[column]) for column in value_columns]
    values, missing, not_number, too_large = [], [], [], []
    for part in parts:
        numbers, gap, invalid = _parse_numbers(list(part.texts), decimal)
        named = np.array([cell.lower() in NOT_FINITE for cell in part.texts], dtype=bool) & invalid
        values.append(part.rows(numbers))
        missing.append(part.rows(gap))
        not_number.append(part.rows(invalid & ~named))
        with np.errstate(invalid="ignore"):
            too_large.append(part.rows(named | (np.abs(numbers) > MAX_VALUE)))
    values, missing = np.concatenate(values), np.concatenate(missing)
    long_units = units[position]
    with np.errstate(invalid="ignore"):
        negative = np.isin(long_units, NON_NEGATIVE_UNITS) & (values < 0)
        over = (long_units == "percent") & (values > 100)
    value_problems = (("value_too_large", np.concatenate(too_large)), ("value_not_number", np.concatenate(not_number)),
                      ("value_negative", negative & ~np.concatenate(too_large)),
                      ("percent_over_100", over & ~np.concatenate(too_large)))
    for code, mask in value_problems:
        for number, (part, column) in enumerate(zip(parts, value_columns, strict=True)):
            half = mask[number * count:(number + 1) * count]
            if half.any():
                fields = (lambda i, part=part: {"value": part.cell(i), "unit": units[i]}) if code == "value_negative" \
                    else (lambda i, part=part: {"value": part.cell(i)})
                problems.add(half, source_rows, code, "error", column, fields)
        long_error |= mask

    # Checks across rows use integer keys.
    key_ok = ~(area_empty | area_unknown | year_bad | indicator_empty | group_empty
               | (other & (not keep_other_groups)))[position]
    long_indicator = indicator_code[position]
    distinct_areas, area_names = pd.factorize(resolved)  # None (unknown) gets -1; such rows are not accepted
    area_code = area.rows(distinct_areas)[position].astype("int64")
    place = pd.factorize((long_indicator.astype("int64") * (area_code.max(initial=0) + 2) + area_code) * 200
                         + (years[position] - FIRST_YEAR))[0].astype("int64")

    def flag_long(mask, code, column, fields):
        nonlocal long_error
        if mask.any():
            problems.add(mask, long_rows, code, "error", column, fields)
            long_error |= mask

    # One indicator is about adults or about children, not both: the less common kind is the error.
    children = np.bincount(long_indicator[key_ok & (kind == "child")], minlength=len(indicator_names))
    adults = np.bincount(long_indicator[key_ok & (kind == "adult")], minlength=len(indicator_names))
    mixed = (children > 0) & (adults > 0)
    if mixed.any():
        minority = np.where(children < adults, "child", "adult")
        flag_long(key_ok & mixed[long_indicator] & (kind == minority[long_indicator]), "population_mixed",
                  mapping["group"], lambda i: {"value": indicator_names[long_indicator[i]]})
    population = np.where((children > 0) & (children >= adults), "children", "adults")

    # One unit per indicator: rows with another unit than the indicator's most common one are errors.
    unit_code = unit_code[position]
    pairs, pair_counts = np.unique(long_indicator[key_ok].astype("int64") * (len(unit_names) + 1) + unit_code[key_ok],
                                   return_counts=True)
    pair_indicator, pair_unit = pairs // (len(unit_names) + 1), pairs % (len(unit_names) + 1)
    if len(pairs) > len(np.unique(pair_indicator)):
        order = np.lexsort((pair_unit, -pair_counts, pair_indicator))
        firsts = order[np.r_[True, pair_indicator[order][1:] != pair_indicator[order][:-1]]]
        expected = np.full(len(indicator_names), -1)
        expected[pair_indicator[firsts]] = pair_unit[firsts]
        flag_long(key_ok & (unit_code != expected[long_indicator]), "unit_mixed", mapping["unit"],
                  lambda i: {"value": long_units[i], "expected": unit_names[expected[long_indicator[i]]]})

    # Duplicates: the same area, year, indicator and group again (wide layout: the same row, said once).
    scope = key_ok & (np.arange(len(position)) < count)
    full_key = place * (sex_code.max(initial=0) + 1) + sex_code
    repeated = pd.Series(full_key[scope]).duplicated().to_numpy()
    if repeated.any():
        duplicate = np.zeros(len(position), dtype=bool)
        duplicate[scope] = repeated
        keys, inverse = np.unique(full_key[scope], return_inverse=True)
        first_of_key = np.full(len(keys), np.iinfo("int64").max)
        np.minimum.at(first_of_key, inverse, long_rows[scope])
        first = np.zeros(len(position), dtype="int64")
        first[scope] = first_of_key[inverse]
        flag_long(duplicate, "duplicate", None, lambda i: {"first_row": int(first[i])})
        if shape == "wide":
            duplicate[count:] = duplicate[:count]
            long_error |= duplicate

    accepted = ~(error[position] | long_error)

    # A women's row without the men's (or the other way round): imported, the gap will show as missing.
    pair = accepted & ((sex == "women") | (sex == "men"))
    if pair.any():
        place_codes, place_index = np.unique(place[pair], return_inverse=True)
        has = np.zeros((len(place_codes), 2), dtype=bool)
        has[place_index, (sex[pair] == "men").astype(int)] = True
        lonely = np.zeros(len(sex), dtype=bool)
        lonely[pair] = ~has[place_index].all(axis=1)
        if lonely.any():
            problems.add(lonely, long_rows, "missing_pair", "warning", None,
                         lambda i: {"missing": "men" if sex[i] == "women" else "women",
                                    "population": population[long_indicator[i]],
                                    "indicator": indicator_names[long_indicator[i]],
                                    "year": int(years[position[i]]), "area": area.cell(position[i])})

    sex_order = np.where(sex == "women", 0, np.where(sex == "men", 1, 2))
    keep = np.flatnonzero(accepted)
    keep = keep[np.lexsort((sex_order[keep], long_rows[keep]))]
    rows = pd.DataFrame({  # text columns as Arrow takes from their few distinct values: fast at a million rows
        "indicator": _texts(indicator_names, long_indicator[keep]),
        "unit": _texts(unit_names, unit_code[keep]),
        "population": _texts(np.array(["adults", "children"], dtype=object),
                             (population[long_indicator[keep]] == "children").astype("int64")),
        "area_id": _texts(area_names, area_code[keep]),
        "year": years[position[keep]].astype("int64"),
        "sex": _texts(sex_names, sex_code[keep]),
        "value": values[keep].astype("float64"),
        "status": _texts(np.array(["", "missing"], dtype=object), missing[keep].astype("int64")),
        "source_row": long_rows[keep].astype("int64"),
    })
    found, counts = problems.result()
    return Checked(rows, found, counts)


# Messages --------------------------------------------------------------------------------------------------

COUNT_FIELDS = ("row", "count", "first_row", "max_rows", "expected", "found", "max_cells", "seconds", "max_columns")


def message(problem_or_error: Problem | UploadError, lang: str) -> str:
    """What to tell the user, in Swedish or English; cell text is shown literally (no Markdown from a file)."""
    code, fields = problem_or_error.code, dict(problem_or_error.fields)
    if isinstance(problem_or_error, Problem):
        fields.setdefault("row", problem_or_error.row)
        fields.setdefault("column", problem_or_error.column or "")
    shown = {}
    for name, value in fields.items():
        if name in COUNT_FIELDS and isinstance(value, int | np.integer):
            shown[name] = text.format_number(int(value), 0, lang)
        elif name == "role":
            shown[name] = text.t(f"upload_role_{value}", lang)
        elif name in ("missing", "present"):
            shown[name] = text.sex_label(value, fields.get("population", "adults"), lang).lower()
        elif name == "of":
            shown[name] = value
        elif isinstance(value, float):
            shown[name] = text.format_number(value, 1, lang)
        elif isinstance(value, str):
            shown[name] = text.markdown_literal(value if len(value) <= 60 else value[:60] + "…")
        else:
            shown[name] = value
    if code == "area_unknown":
        suggestion = fields.get("suggestion")
        shown["hint"] = text.t("upload_suggestion", lang, name=text.markdown_literal(suggestion)) if suggestion else ""
    if code == "more":
        shown["rows"] = text.noun(int(fields.get("count", 0)), "row", lang)
    if code == "value_negative":
        unit = fields.get("unit", "")
        for key in (f"unit_{unit}", f"upload_unit_{unit}"):
            if key in text.STRINGS:
                shown["unit"] = text.t(key, lang)
                break
    return text.t(f"upload_{code}", lang, **shown)


# Templates, demo files and downloads -----------------------------------------------------------------------

def _template_frame(lang: str, wide: bool) -> pd.DataFrame:
    headers = TEMPLATE_HEADERS["en" if lang == "en" else "sv"]
    rows = TEMPLATE_ROWS["en" if lang == "en" else "sv"]
    frame = pd.DataFrame(rows, columns=[headers[role] for role in ("area", "year", "indicator", "unit", "group",
                                                                  "value")])
    if not wide:
        return frame.head(2)  # two example rows: the women's and the men's value for one year
    index = [headers[role] for role in ("area", "year", "indicator", "unit")]
    women, men = rows[0][4], rows[1][4]
    table = frame.pivot(index=index, columns=headers["group"], values=headers["value"]).reset_index()
    table = table.rename(columns={women: headers["women"], men: headers["men"]})
    table.columns.name = None
    # two example rows: one year each, women and men side by side
    return table.sort_values(headers["year"], ascending=False)[[*index, headers["women"], headers["men"]]]


def _csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """Swedish: ';' and decimal comma (what Swedish Excel opens); English: ',' and '.'. UTF-8 with BOM."""
    if lang == "en":
        return frame.to_csv(index=False, sep=",", lineterminator="\r\n").encode("utf-8-sig")
    return frame.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n").encode("utf-8-sig")


def template_csv(lang: str = "sv", wide: bool = False) -> bytes:
    return _csv_bytes(_template_frame(lang, wide), lang)


def template_xlsx(lang: str = "sv", wide: bool = False) -> bytes:
    import openpyxl

    frame = _template_frame(lang, wide)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([value.item() if hasattr(value, "item") else value for value in row])
    for letter, width in zip("ABCDEF", (14, 6, 34, 10, 10, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


MEETING_MONTHS = ("februari", "mars", "april", "juni", "september", "oktober", "november", "december")
FACILITIES = ("idrottshall", "fotbollsplan", "ishall", "simhall")


def demo_files() -> dict[str, tuple[str, bytes]]:
    """Two clearly fictional tables for Karlstad (1780), as CSV in the Swedish template format."""
    headers = TEMPLATE_HEADERS["sv"]
    columns = [headers[role] for role in ("area", "year", "indicator", "unit", "group", "value")]
    generator = random.Random(7)
    talk = []
    for year in range(2019, 2024):
        for number, month in enumerate(MEETING_MONTHS):
            name = f"Talartid i kommunfullmäktige, sammanträde {month} (fiktiva siffror)"
            base = 150 + 10 * number
            women = round(base * generator.uniform(0.55, 0.95) + 4 * (year - 2019), 1)
            men = round(base * generator.uniform(0.95, 1.35), 1)
            talk += [("1780", year, name, "minuter", "Kvinnor", women), ("1780", year, name, "minuter", "Män", men)]
    bookings = []
    hours = {"idrottshall": 5200, "fotbollsplan": 3900, "ishall": 2100, "simhall": 1300}
    girls_share = {"idrottshall": 0.42, "fotbollsplan": 0.31, "ishall": 0.22, "simhall": 0.55}
    for facility in FACILITIES:
        name = f"Bokade timmar, {facility}, flick- och pojklag (fiktiva siffror)"
        for year in range(2018, 2024):
            total = hours[facility] * generator.uniform(0.9, 1.1) * (0.6 if year == 2020 else 1)
            share = girls_share[facility] + 0.01 * (year - 2018)
            girls = round(total * share)
            bookings += [("Karlstad", year, name, "timmar", "Flickor", girls),
                         ("Karlstad", year, name, "timmar", "Pojkar", round(total - girls))]
    # One value left missing on purpose: the demo shows that a missing value stays missing, never zero.
    gap = next(i for i, row in enumerate(bookings) if row[1] == 2020 and "ishall" in row[2])
    bookings[gap] = (*bookings[gap][:5], "..")
    return {
        "talk_time": ("talartid_kommunfullmaktige_fiktiv.csv", _csv_bytes(pd.DataFrame(talk, columns=columns), "sv")),
        "bookings": ("bokade_timmar_idrottsanlaggningar_fiktiv.csv",
                     _csv_bytes(pd.DataFrame(bookings, columns=columns), "sv")),
    }


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for CSV downloads where text cells that a spreadsheet would run as a formula start with "'".

    Genuine numbers such as "-3,5" are left alone; so are non-text cells."""
    result = frame.copy()

    def neutral(value):
        if isinstance(value, str) and value.startswith(FORMULA_START) and not GENUINE_NUMBER.fullmatch(value):
            return "'" + value
        return value

    for column in result.columns:
        series = result[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            result[column] = pd.Series([neutral(value) for value in series], index=series.index, dtype=series.dtype)
    result.columns = [neutral(column) for column in result.columns]
    return result
