"""SQL safety: no Python code builds SQL from values, stored queries are single read-only statements with named
parameters, and the store refuses a call whose parameters do not match the file's."""

from __future__ import annotations

import ast
import re

import pytest

from jamstat.settings import PROJECT_DIR, QUERIES_DIR
from jamstat.store import PARAMETER, QueryError

SOURCES = sorted([*(PROJECT_DIR / "jamstat").rglob("*.py"), *(PROJECT_DIR / "app_pages").glob("*.py"),
                  PROJECT_DIR / "app.py"])
QUERIES = sorted(QUERIES_DIR.glob("*.sql"))
# Word pairs that only SQL text has (English messages say "from", never "select ... from").
SQL = re.compile(r"\bselect\b.*\bfrom\b|\bfrom\b.*\bwhere\b|\binsert\s+into\b|\bdelete\s+from\b|\bupdate\s+\S+\s+set\b"
                 r"|\b(drop|create|alter)\s+(or\s+replace\s+)?(table|view|schema|index)\b|\bunion\s+all\b"
                 r"|\battach\b|\bcopy\s+\S+\s+(from|to)\b|\bpragma\b|\binstall\b", re.IGNORECASE | re.DOTALL)
STORE = PROJECT_DIR / "jamstat" / "store.py"
BUILD = PROJECT_DIR / "jamstat" / "build.py"
# The only modules that talk to DuckDB: the store reads, the build writes the built file.
DUCKDB_MODULES = {STORE, BUILD}
# The store's view registration and the build may format SQL, but only with what these return (quoted settings paths).
PATH_HELPERS = {"_read_parquet", "_quoted"}
# check_built: attaches the built file (a settings path) and reads its constant tables to verify it;
# _parquet_views: the views over the Parquet files (split from _register_views for the fall-back).
REGISTRATION = {"check_table", "check_built", "_register_views", "_parquet_views", "_attach_built", "_write"}


def text_parts(node: ast.AST) -> str:
    """The literal text of a string-building expression (the holes left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(text_parts(value) for value in node.values if not isinstance(value, ast.FormattedValue))
    if isinstance(node, ast.BinOp):
        return text_parts(node.left) + " " + text_parts(node.right)
    return ""


def formatted_sql(tree: ast.AST):
    """(node, enclosing function, holes) for every f-string, % or .format/+ that builds SQL-looking text."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def function_of(node):
        while node in parents:
            node = parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node
        return None

    for node in ast.walk(tree):
        holes = None
        if isinstance(node, ast.JoinedStr):
            holes = [value.value for value in node.values if isinstance(value, ast.FormattedValue)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)) and (
                isinstance(node.left, (ast.Constant, ast.JoinedStr)) or isinstance(node.right, ast.Constant)):
            holes = [side for side in (node.left, node.right) if not isinstance(side, ast.Constant)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"
              and isinstance(node.func.value, ast.Constant)):
            holes = [*node.args, *(keyword.value for keyword in node.keywords)]
            node = node.func.value
        if holes is not None and SQL.search(text_parts(node)):
            yield node, function_of(node), holes


def test_the_sql_pattern_finds_formatted_sql():
    examples = ['f"select * from t where id = {x}"', '"delete from t where id = %s" % x',
                '"drop table {}".format(x)', '"select a from " + table', 'f"insert into t values ({x})"',
                "f'''\n  create or replace view v as\n  select 1 from {t}'''"]
    for example in examples:
        assert list(formatted_sql(ast.parse(example))), example
    harmless = ['f"no answer within {t} s from {url}"', 'f"Updated {n} rows from {url}"', '"select %s" % x',
                'f"{table}.parquet"']
    for example in harmless:
        assert not list(formatted_sql(ast.parse(example))), example


@pytest.mark.parametrize("path", [p for p in SOURCES if p not in DUCKDB_MODULES],
                         ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_no_module_formats_sql(path):
    found = [(node.lineno, text_parts(node)[:60]) for node, _, _ in formatted_sql(ast.parse(path.read_text()))]
    assert not found, f"{path.name} builds SQL text from values: {found}"


def duckdb_imports(tree: ast.AST) -> list[int]:
    """Lines that import duckdb (or a submodule), at any depth: import, from-import, importlib or __import__."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if not node.level else []
        elif isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")):
            names = [arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)]
        else:
            continue
        if any(name == "duckdb" or name.startswith("duckdb.") for name in names):
            lines.append(node.lineno)
    return lines


def test_the_duckdb_import_check_finds_every_kind_of_import():
    for example in ["import duckdb", "import duckdb as db", "from duckdb import connect", "import os, duckdb",
                    "def f():\n    import duckdb.typing", "importlib.import_module('duckdb')", "__import__('duckdb')"]:
        assert duckdb_imports(ast.parse(example)), example
    for example in ["import duckdb_extension_x", "from jamstat import store", "x = 'import duckdb'"]:
        assert not duckdb_imports(ast.parse(example)), example


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PROJECT_DIR)))
def test_only_the_store_and_the_build_import_duckdb(path):
    """The layering contract: pages, views and charts reach data through the store's queries, never DuckDB."""
    found = duckdb_imports(ast.parse(path.read_text(encoding="utf-8")))
    if path in DUCKDB_MODULES:
        assert found, f"{path.name} should be one of the modules that use DuckDB"
    else:
        assert not found, f"{path.relative_to(PROJECT_DIR)} imports duckdb (lines {found}): use jamstat.store"


def assignments(function: ast.FunctionDef) -> dict[str, list[ast.AST]]:
    """name -> what it is bound to in the function: assigned values, or the iterables of for loops."""
    bound: dict[str, list[ast.AST]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            bound.setdefault(node.target.id, []).append(node.iter)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            for generator in node.generators:
                if isinstance(generator.target, ast.Name):
                    bound.setdefault(generator.target.id, []).append(generator.iter)
    return bound


def is_path_helper_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in PATH_HELPERS)


def is_constant_names(node: ast.AST, constants: dict[str, ast.AST]) -> bool:
    """A literal tuple or list of identifiers (e.g. table names), or a module constant holding one."""
    if isinstance(node, ast.Name) and node.id in constants:
        node = constants[node.id]
    return (isinstance(node, (ast.Tuple, ast.List)) and bool(node.elts)
            and all(isinstance(e, ast.Constant) and str(e.value).isidentifier() for e in node.elts))


@pytest.mark.parametrize("module", sorted(DUCKDB_MODULES), ids=lambda p: p.name)
def test_the_store_formats_only_quoted_settings_paths_into_sql(module):
    tree = ast.parse(module.read_text())
    constants = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for target in node.targets if isinstance(target, ast.Name) and target.id.isupper()}
    found = list(formatted_sql(tree))
    assert found, "the store registers its views with formatted SQL: this test must see it"
    for node, function, holes in found:
        assert function is not None and function.name in REGISTRATION, (
            f"line {node.lineno}: SQL is formatted outside the view registration")
        bound = assignments(function)
        for hole in holes:
            if is_path_helper_call(hole):
                continue
            assert isinstance(hole, ast.Name), f"line {node.lineno}: {ast.unparse(hole)} formatted into SQL"
            sources = bound.get(hole.id, [])
            assert sources and all(is_path_helper_call(s) or is_constant_names(s, constants)
                                   or (isinstance(s, ast.Constant) and isinstance(s.value, str)) for s in sources), (
                f"line {node.lineno}: {hole.id} is not a quoted path, a literal or a constant table name")
    # The helper itself quotes the path as a SQL string literal.
    helper = next(n for n in ast.walk(ast.parse(STORE.read_text()))
                  if isinstance(n, ast.FunctionDef) and n.name == "_quoted")
    assert "replace(\"'\", \"''\")" in ast.unparse(helper)


def test_paths_with_quotes_stay_inside_their_literal(tmp_path):
    import shutil

    from jamstat.store import Store
    data = tmp_path / "it's'; drop table areas; --"
    shutil.copytree(PROJECT_DIR / "data" / "snapshot", data / "snapshot")
    store = Store(data)
    assert len(store.run("areas")) == 312


# The stored queries --------------------------------------------------------------------------------------

def strip_sql(sql: str) -> str:
    """The SQL without comments and string literals (so ';' and '$' in them do not count)."""
    # One pass, so a quote inside a comment or '--' inside a string is read the way SQL reads it.
    token = re.compile(r"--[^\n]*|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"")
    return token.sub(lambda match: "" if match.group().startswith("--") else match.group()[0] * 2, sql)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_query_file_is_one_read_only_statement_with_named_parameters(path):
    sql = path.read_text(encoding="utf-8")
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    assert len(header) >= 3 and header[0].startswith("-- Returns"), "needs a header: what, grain, parameters"
    assert any("Grain:" in line for line in header) and any("Parameters:" in line for line in header)
    body = strip_sql(sql)
    statements = [part for part in body.split(";") if part.strip()]
    assert len(statements) == 1, "exactly one top-level statement"
    assert re.match(r"\s*(with|select)\b", statements[0], re.IGNORECASE)
    assert "?" not in body, "positional ? parameters"
    assert not re.search(r"\$\d", body), "numbered $1 parameters"
    assert not re.search(r"\$(?![a-z_])", body), "a bare $"
    names = set(PARAMETER.findall(body))
    assert names == {name for name in re.findall(r"\$(\w+)", body)}, "parameter names are lower_snake_case"
    documented = set(re.findall(r"\$([a-z_][a-z0-9_]*)", "\n".join(header)))
    assert names <= documented, f"undocumented parameters: {sorted(names - documented)}"
    if not names:
        assert any("Parameters: none" in line for line in header)
    assert not re.search(r"\b(insert|update|delete|drop|create|alter|attach|copy|pragma|install|load|set|call)\b",
                         body, re.IGNORECASE), "stored queries only read"
    assert "read_parquet" not in body and ".parquet" not in body, "queries name views, never files"


# The store refuses mismatched parameters ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "params", "reason"), [
    ("indicator_years", {}, "expects parameters"),  # missing
    ("indicator_years", {"indicator_id": "N15419", "extra": 1}, "expects parameters"),  # one too many
    ("indicator_years", {"indicator": "N15419"}, "expects parameters"),  # misspelt
    ("areas", {"area_id": "0180' OR 1=1 --"}, "expects parameters"),  # a query without parameters
    ("../queries/areas", {}, "no such stored query"),
    ("areas.sql", {}, "no such stored query"),
    ("AREAS", {}, "no such stored query"),
])
def test_store_refuses_parameters_that_do_not_match_the_file(store, name, params, reason):
    with pytest.raises(QueryError, match=reason) as info:
        store.run(name, **params)
    assert info.value.name == name and info.value.params == params


def test_hostile_values_are_bound_not_spliced(store):
    # Bound as a value, the fragment is just a municipality code that does not exist.
    rows = store.run("municipality_groups", municipality_id="0180' OR 1=1 --")
    assert rows.empty
    assert len(store.run("areas")) == 312  # and the tables are all still there


# The models: pairing, gap and ratio defined once ---------------------------------------------------------

MODELS_DIR = QUERIES_DIR / "_models"
# Women's and men's values combined by hand: "women - men", "avg(women) - avg(men)", "o.women / o.men", ...
HAND_MADE_GAP = re.compile(r"\bwomen\)?\s*[-/]\s*(\w+\()?(\w+\.)?men\b", re.IGNORECASE)


def test_the_gap_pattern_finds_hand_made_gaps_and_ratios():
    for example in ["women - men", "o.women - o.men", "avg(women) - avg(men)", "o.women / o.men",
                    "abs(women-men)", "count(women - men)"]:
        assert HAND_MADE_GAP.search(example), example
    for example in ["gap(women, men)", "100 * o.women / (o.women + o.men)", "least(women, men) / greatest(women, men)",
                    "100 - least(women, men)"]:
        assert not HAND_MADE_GAP.search(example), example


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_no_query_computes_a_gap_or_ratio_itself(path):
    """Every query takes the gap and the ratio from queries/_models/ (gap(), ratio(), paired_sexes, ...)."""
    found = HAND_MADE_GAP.findall(strip_sql(path.read_text(encoding="utf-8")))
    assert not found, f"{path.name} computes women - men or women / men itself: use gap() / ratio()"


def test_the_models_are_the_stores_models_in_order():
    from jamstat.store import MODELS
    assert sorted(MODELS) == sorted(p.stem for p in MODELS_DIR.glob("*.sql"))
    for name in MODELS:
        body = strip_sql((MODELS_DIR / f"{name}.sql").read_text(encoding="utf-8"))
        uses = [other for other in MODELS if other != name and re.search(rf"\b{other}\s*\(", body)]
        assert all(MODELS.index(other) < MODELS.index(name) for other in uses), f"{name} uses a later model: {uses}"


@pytest.mark.parametrize("path", sorted(MODELS_DIR.glob("*.sql")), ids=lambda p: p.name)
def test_model_file_is_one_macro_with_a_header(path):
    sql = path.read_text(encoding="utf-8")
    header = [line for line in sql.splitlines() if line.startswith("--")]
    assert header[0].startswith("-- Returns"), "needs a header: what, grain, parameters"
    assert any("Grain:" in line for line in header) and any("Parameters:" in line for line in header)
    statements = [part for part in strip_sql(sql).split(";") if part.strip()]
    assert len(statements) == 1
    assert re.match(rf"\s*create or replace macro {path.stem}\(", statements[0]), "one macro named after its file"
    assert "$" not in statements[0] and "read_parquet" not in statements[0] and ".parquet" not in statements[0]


def test_models_are_not_stored_queries(store):
    assert set(store.queries) == {p.stem for p in QUERIES}
    for name in ("gap", "paired_sexes", "_models/gap"):
        with pytest.raises(QueryError, match="no such stored query"):
            store.run(name)


def test_gap_and_ratio_models(store):
    rows = store._connection.execute(
        "select gap(5.0, 3.0), ratio(6.0, 3.0), ratio(6.0, 0.0), gap(null, 3.0), ratio(null, 3.0)").fetchone()
    assert rows == (2.0, 2.0, None, None, None)
