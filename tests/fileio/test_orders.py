"""Reading order files into canonical order lines: headers, mapping, dates, currencies, bad rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from laoke.core.schema import ORDER_LINE_SCHEMA
from laoke.fileio import MappingError, read_order_file
from laoke.fileio.errors import FileReadError

Write = Callable[..., Path]

CHINESE = (
    "订单号,客户编号,客户名称,下单日期,产品,品类,数量,单价,金额,成本,币种,国家,业务员,付款方式,到期日,付款日\n"
    "SO-1,C001,Acme GmbH,2024/1/5,WX-1,灯具,10,12.5,125,80,EUR,德国,li,T/T,2024-02-05,2024-02-10\n"
    "SO-1,C001,Acme GmbH,2024/1/5,WX-2,灯具,2,10,20,,EUR,德国,li,T/T,2024-02-05,2024-02-10\n"
    "SO-2,C002,华强贸易,2024年2月1日,WX-1,灯具,1,100,100,60,USD,美国,wang,L/C,,\n"
)
RATES = {"EUR": 1.1}


def codes(result: object) -> list[tuple[int, str, str]]:
    """(row, column, code) of each error."""
    return [(e.row, e.column, e.code) for e in result.errors]  # type: ignore[attr-defined]


def test_chinese_headers_give_the_canonical_frame(write_text: Write) -> None:
    """It recognises every Chinese header and returns the canonical columns and types."""
    result = read_order_file(write_text("o.csv", CHINESE), rates=RATES)
    assert result.errors == []
    assert result.frame.schema == pl.Schema(ORDER_LINE_SCHEMA)
    first = result.frame.row(0, named=True)
    assert first["customer_id"] == "C001" and first["order_id"] == "SO-1" and first["line_no"] == 1
    assert first["order_date"] == dt.date(2024, 1, 5) and first["country"] == "DE"
    assert first["product"] == "WX-1" and first["category"] == "灯具" and first["salesperson"] == "li"
    assert result.frame["line_no"].to_list() == [1, 2, 1]
    extras = result.extras.row(0, named=True)
    assert extras["customer_name"] == "Acme GmbH" and extras["payment_terms"] == "T/T"
    assert extras["due_date"] == dt.date(2024, 2, 5) and extras["paid_date"] == dt.date(2024, 2, 10)
    assert result.extras["source_row"].to_list() == [2, 3, 4]


def test_amounts_are_converted_and_the_original_kept(write_text: Write) -> None:
    """It converts EUR to the home currency with the rate and keeps the EUR amount and code."""
    result = read_order_file(write_text("o.csv", CHINESE), rates=RATES, home_currency="USD")
    first = result.frame.row(0, named=True)
    assert (first["amount_original"], first["currency"]) == (125.0, "EUR")
    assert first["amount"] == pytest.approx(137.5) and first["cost"] == pytest.approx(88.0)
    assert result.frame.row(2, named=True)["amount"] == 100.0


def test_a_missing_rate_is_a_row_error_naming_the_currency(write_text: Write) -> None:
    """It rejects EUR rows when no EUR rate is given and names EUR in the message."""
    result = read_order_file(write_text("o.csv", CHINESE), rates={}, home_currency="USD")
    assert codes(result) == [(2, "币种", "missing_rate"), (3, "币种", "missing_rate")]
    assert "EUR" in result.errors[0].message() and "EUR" in result.errors[0].message("zh-hans")
    assert result.frame.height == 1


def test_dated_rates_apply_from_their_date(write_text: Write) -> None:
    """It uses the newest rate valid on the order date."""
    text = "customer,date,amount,currency\nA,2024-01-10,100,EUR\nA,2024-03-10,100,EUR\n"
    rates = pl.DataFrame(
        {
            "currency": ["EUR", "EUR"],
            "rate_to_home": [1.0, 2.0],
            "valid_from": [dt.date(2024, 1, 1), dt.date(2024, 3, 1)],
        }
    )
    result = read_order_file(write_text("o.csv", text), rates=rates)
    assert result.frame["amount"].to_list() == [100.0, 200.0]


def test_a_rates_file_is_read(write_text: Write) -> None:
    """It reads rates from a CSV with Chinese headers."""
    rates = write_text("rates.csv", "币种,汇率\nEUR,1.1\n")
    result = read_order_file(write_text("o.csv", CHINESE), rates=rates)
    assert result.errors == [] and result.frame.height == 3


def test_explicit_mapping_overrides_detection(write_text: Write) -> None:
    """It uses the user's mapping for unknown headers and over detected ones."""
    text = "Kunde,Datum,Betrag,金额\nA,2024-01-05,10,999\n"
    result = read_order_file(
        write_text("o.csv", text),
        mapping={"Kunde": "customer_id", "Datum": "order_date", "Betrag": "amount", "金额": "-"},
    )
    assert result.frame.row(0, named=True)["amount"] == 10.0
    assert result.mapping["amount"] == "Betrag"


def test_a_mapping_to_an_unknown_column_is_refused(write_text: Write) -> None:
    """It refuses a mapping naming a column the file does not have."""
    with pytest.raises(MappingError):
        read_order_file(write_text("o.csv", CHINESE), mapping={"Kunde": "customer_id"})


def test_a_file_without_a_customer_column_is_refused(write_text: Write) -> None:
    """It refuses a file with no customer column, listing the columns it has."""
    with pytest.raises(FileReadError) as caught:
        read_order_file(write_text("o.csv", "foo,日期,金额\nA,2024-01-05,1\n"))
    assert "foo" in caught.value.message() and "客户" in caught.value.message("zh-hans")


@pytest.mark.parametrize(
    ("row", "column", "code"),
    [
        ("A,2024-13-45,10,USD", "日期", "bad_date"),
        ("A,,10,USD", "日期", "missing_value"),
        ("A,2024-01-05,十块,USD", "金额", "bad_number"),
        ("A,2024-01-05,,USD", "金额", "missing_value"),
        (",2024-01-05,10,USD", "客户", "missing_value"),
        ("A,2024-01-05,10,dollars", "币种", "bad_currency"),
        ("A,2024-01-05,10,XYZ", "币种", "missing_rate"),
    ],
)
def test_each_kind_of_bad_row_is_reported(write_text: Write, row: str, column: str, code: str) -> None:
    """It reports the bad row with its row number in the file, its column and the reason."""
    text = f"客户,日期,金额,币种\nGOOD,2024-01-05,1,USD\n{row}\n"
    result = read_order_file(write_text("o.csv", text))
    assert codes(result) == [(3, column, code)]
    assert result.errors[0].message() and result.errors[0].message("zh-hans") != result.errors[0].message()
    assert result.frame["customer_id"].to_list() == ["GOOD"]
    assert result.rejected_rows == [3]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("2024/1/5", dt.date(2024, 1, 5)),
        ("2024.01.05", dt.date(2024, 1, 5)),
        ("2024年1月5日", dt.date(2024, 1, 5)),
        ("20240105", dt.date(2024, 1, 5)),
        ("45296", dt.date(2024, 1, 5)),
        ("5 Jan 2024", dt.date(2024, 1, 5)),
        ("Jan 5, 2024", dt.date(2024, 1, 5)),
        ("2024-01-05 13:45:00", dt.date(2024, 1, 5)),
        ("2024-01-05T13:45", dt.date(2024, 1, 5)),
    ],
)
def test_common_date_formats_are_read(write_text: Write, text: str, expected: dt.date) -> None:
    """It reads ISO, slashed, Chinese, compact, Excel-serial and month-name dates."""
    result = read_order_file(write_text("o.csv", f'客户,日期,金额\nA,"{text}",1\n'))
    assert result.frame["order_date"].to_list() == [expected]


def test_day_first_is_detected_from_the_file(write_text: Write) -> None:
    """It reads 05/01/2024 as 5 January when another row (13/01/2024) proves day/month order."""
    result = read_order_file(write_text("o.csv", "客户,日期,金额\nA,05/01/2024,1\nA,13/01/2024,1\n"))
    assert result.frame["order_date"].to_list() == [dt.date(2024, 1, 5), dt.date(2024, 1, 13)]


def test_an_ambiguous_date_is_an_error_unless_the_order_is_given(write_text: Write) -> None:
    """It refuses 05/01/2024 alone as ambiguous, and reads it as 1 May with day_first=False."""
    path = write_text("o.csv", "客户,日期,金额\nA,05/01/2024,1\n")
    assert codes(read_order_file(path)) == [(2, "日期", "ambiguous_date")]
    assert read_order_file(path, day_first=False).frame["order_date"].to_list() == [dt.date(2024, 5, 1)]


def test_amount_is_derived_from_quantity_and_price(write_text: Write) -> None:
    """It computes the amount as quantity × unit price when there is no amount column."""
    result = read_order_file(write_text("o.csv", "客户,日期,数量,单价\nA,2024-01-05,3,2.5\n"))
    assert result.frame.row(0, named=True)["amount"] == 7.5


def test_numbers_with_separators_and_symbols_are_read(write_text: Write) -> None:
    """It reads 1,234.50, ¥1,000, (12), 1.234,56 and $0.001 (a decimal point, not thousands)."""
    text = (
        '客户,日期,金额\nA,2024-01-05,"1,234.50"\nA,2024-01-05,"¥1,000"\n'
        'A,2024-01-05,(12)\nA,2024-01-05,"1.234,56"\nA,2024-01-05,$0.001\n'
    )
    result = read_order_file(write_text("o.csv", text))
    assert result.frame["amount_original"].to_list() == [1234.5, 1000.0, -12.0, 1234.56, 0.001]


def test_an_order_shared_by_two_customers_is_an_error(write_text: Write) -> None:
    """It rejects a line whose order number already belongs to another customer in the file."""
    text = "订单号,客户,日期,金额\nSO-1,A,2024-01-05,1\nSO-1,B,2024-01-05,1\n"
    assert codes(read_order_file(write_text("o.csv", text))) == [(3, "客户", "order_conflict")]


def test_xlsx_with_chinese_headers_is_read(write_xlsx: Callable[..., Path]) -> None:
    """It reads an Excel order sheet with real dates."""
    path = write_xlsx(
        "o.xlsx",
        [["客户", "下单日期", "总金额", "货币"], ["ACME", dt.datetime(2024, 1, 5), 1000, "USD"]],
        date_columns=[1],
    )
    result = read_order_file(path)
    assert result.errors == []
    assert result.frame.row(0, named=True)["order_date"] == dt.date(2024, 1, 5)
    assert result.frame.row(0, named=True)["amount"] == 1000.0


def test_blank_currency_means_the_default_currency(write_text: Write) -> None:
    """It treats rows without currency as the given default currency and converts them."""
    result = read_order_file(
        write_text("o.csv", "客户,日期,金额\nA,2024-01-05,10\n"), default_currency="GBP", rates={"GBP": 1.25}
    )
    assert result.frame.row(0, named=True)["currency"] == "GBP"
    assert result.frame.row(0, named=True)["amount"] == 12.5


def test_public_data_set_headers_are_recognised(write_text: Write) -> None:
    """It reads CDNOW with a mapping of its two own names, and recognises the grocery log's headers."""
    cdnow = read_order_file(
        write_text("c.csv", "customer_id,date,number_of_cds,dollar_value\n1,1997-01-01,1,11.77\n"),
        mapping={"number_of_cds": "quantity", "dollar_value": "amount"},
    )
    assert cdnow.frame.row(0, named=True)["amount"] == 11.77
    grocery = read_order_file(write_text("g.csv", "cust,date\n1,2006-01-01\n"), require_amount=False)
    assert grocery.frame.row(0, named=True)["customer_id"] == "1"


def test_a_line_column_is_used_and_a_repeated_line_is_an_error(write_text: Write) -> None:
    """It takes line numbers from a 行号 column and rejects a number used twice in one order."""
    text = (
        "订单号,行号,客户,日期,金额\nSO-1,10,A,2024-01-05,1\nSO-1,20,A,2024-01-05,1\nSO-1,10,A,2024-01-05,1\n"
    )
    result = read_order_file(write_text("o.csv", text))
    assert result.frame["line_no"].to_list() == [10, 20]
    assert codes(result) == [(4, "行号", "duplicate_line")]
