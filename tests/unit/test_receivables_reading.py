"""Tests of creditkit.receivables.reading: rows, headers, document-type words and column maps."""

from pathlib import Path

import pandas as pd
import pytest

from creditkit.cli import main
from creditkit.errors import ConfigError, ParameterError, SchemaError
from creditkit.receivables.ledger import load_ledger
from creditkit.receivables.reading import (
    INPUT_COLUMNS, ColumnMap, canonical_doc_types, find_header, load_column_map, read_rows, rows_from_frame,
)

FIX = Path(__file__).parents[1] / "fixtures" / "ledgers"
CSV = "cust,no,dt,amt\nA,1,05/01/2025,5\n"


def yaml_file(tmp_path, text, name="map.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_nested_yaml_map_is_read():
    m = load_column_map(FIX / "invoice_level.yaml")
    assert m.date_format == "%m/%d/%Y"
    assert m.headers["customer_id"] == "customerID" and m.headers["settled_date"] == "SettledDate"


def test_flat_yaml_map_keeps_its_headers_beside_date_format(tmp_path):
    p = yaml_file(tmp_path, "customer_id: cust\ndoc_no: 'no'\ndoc_date: dt\namount: amt\ndate_format: '%d/%m/%Y'\n")
    assert load_column_map(p) == ColumnMap({"customer_id": "cust", "doc_no": "no", "doc_date": "dt", "amount": "amt"},
                                           "%d/%m/%Y")
    data = tmp_path / "ar.csv"
    data.write_text(CSV, encoding="utf-8")
    t = load_ledger(data, columns=p).table
    assert t["doc_date"].tolist() == [pd.Timestamp("2025-01-05")] and t["amount_cents"].tolist() == [500]


@pytest.mark.parametrize("text, line, words", [
    ("columns:\n  customer_id: cust\n  customer: name\n", 3, "unknown key 'customer' in column map"),
    ("columns:\n  customer_id: cust\ndate_fromat: '%d'\n", 3, "unknown key 'date_fromat' in column map"),
    ("customer_id: cust\ndoc_nr: no\n", 2, "unknown key 'doc_nr' in column map"),
    ("columns:\n  customer_id: cust\n  date_format: '%d'\n", 3, "unknown key 'date_format' in column map"),
    ("columns:\n  customer_id:\n", 2, "the header of 'customer_id' in the column map must be"),
    ("columns:\n  doc_no: [a, b]\n", 2, "the header of 'doc_no'"),
    ("columns:\n  customer_id: cust\n  doc_no: no\n", 3, "got False (YAML reads yes/no/on/off as true/false"),
    ("columns: [customer_id]\n", 1, "'columns' must map canonical names to headers"),
    ("columns:\n  customer_id: cust\ndate_format: 5\n", 3, "date_format must be text"),
])
def test_bad_yaml_map_names_file_line_and_key(tmp_path, text, line, words):
    p = yaml_file(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_column_map(p)
    assert str(err.value).startswith(f"{p}, line {line}: ") and words in str(err.value)


def test_unknown_key_message_lists_the_canonical_names(tmp_path):
    with pytest.raises(ConfigError, match="expected one of 'customer_id', 'customer_name'.*'paid_amount'"):
        load_column_map(yaml_file(tmp_path, "customer: x\n"))
    assert INPUT_COLUMNS[0] == "customer_id" and INPUT_COLUMNS[-1] == "clear_date"


@pytest.mark.parametrize("text, words", [
    ("- customer_id\n", "expected a mapping (key: value lines) at the top level of the column map, got a list"),
    ("", "got an empty file"),
    ("columns: {customer_id: [\n", "not valid YAML"),
])
def test_yaml_map_that_is_no_map(tmp_path, text, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(").replace(")", r"\)")):
        load_column_map(yaml_file(tmp_path, text))


def test_missing_yaml_map_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the column map"):
        load_column_map(tmp_path / "none.yaml")


def test_dict_maps():
    assert load_column_map(None) == ColumnMap({})
    flat = load_column_map({"customer_id": " cust ", "date_format": "%d/%m/%Y"})
    assert flat == ColumnMap({"customer_id": "cust"}, "%d/%m/%Y")
    with pytest.raises(ParameterError, match="unknown key 'colums'"):
        load_column_map({"columns": {"customer_id": "cust"}, "colums": {}})
    with pytest.raises(ParameterError, match="'columns' must map canonical names to headers"):
        load_column_map({"columns": ["customer_id"]})


def test_cli_bad_column_map_exit_2_one_line(tmp_path, capsys):
    p = yaml_file(tmp_path, "columns:\n  customer_id: customerID\n  invoice_no: invoiceNumber\n")
    assert main(["aging", str(FIX / "invoice_level.csv"), "--as-of", "2013-06-30", "--columns", str(p)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"creditkit: {p}, line 3: unknown key 'invoice_no' in column map")
    assert len(err.splitlines()) == 1


def test_find_header_below_title_rows_and_with_a_map():
    cells = pd.DataFrame([["应收账款明细账", "", ""], ["打印日期 2025-07-01", "", ""], ["客户", "单号", "Betrag"],
                          ["C1", "X1", "5"]])
    assert find_header(cells, {"amount": "Betrag"}, file="ar.csv") == (2, {"amount": 2, "customer_name": 0,
                                                                         "doc_no": 1})
    with pytest.raises(SchemaError, match="ar.csv: no header row with known column names in the first 30 rows"):
        find_header(cells.drop(index=2).reset_index(drop=True), {}, file="ar.csv")


def test_best_ranked_alias_wins():
    cells = pd.DataFrame([["日期", "单据日期", "单据编号"]])
    assert find_header(cells, {}, file="x")[1] == {"doc_date": 1, "doc_no": 2}


def test_doc_type_words_fold_width_case_and_spaces():
    words = pd.Series(["ＩＮＶ", "Cash Receipt", "write-off", "write_off", "opening_credit", "期初", "转账"])
    assert canonical_doc_types(words).fillna("?").tolist() == [
        "invoice", "receipt", "write_off", "write_off", "opening_credit", "opening_balance", "?"]


def test_read_rows_keeps_the_first_line_of_a_quoted_multiline_cell(tmp_path):
    p = tmp_path / "ar.txt"
    p.write_text('no\tmemo\nA1\t"two\nlines"\nA2\tx\n', encoding="utf-8-sig")
    rows = read_rows(p)
    assert rows.encoding == "utf-8-sig" and rows.lines.tolist() == [1, 2, 4]
    assert rows.cells.values.tolist() == [["no", "memo"], ["A1", "two\nlines"], ["A2", "x"]]


def test_rows_from_frame_writes_dates_and_floats_as_text():
    rows = rows_from_frame(pd.DataFrame({"d": [pd.Timestamp("2025-01-03"), None], "a": [0.1 + 0.2, 3.0]}))
    assert rows.cells.values.tolist() == [["d", "a"], ["2025-01-03", "0.3"], ["", "3"]]
    assert rows.encoding is None
