"""The header sets of the ERP exports exporters actually send are recognised without a mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from laoke.fileio.headers import ORDER_HEADERS, detect_mapping
from laoke.fileio.orders import read_order_file

Write = Callable[..., Path]

#: (name, header line, one row) of each export; every one holds the same order line.
EXPORTS = [
    (
        "kingdee_k3_sales_order",
        "单据日期,单据编号,客户简称,业务员,物料编码,物料名称,数量,含税单价,价税合计,币别,汇率,国家/地区",
        "2024-03-05,XSDD000123,Acme GmbH,张伟,LK-100,LED panel,10,12.5,125,USD,7.1,德国",
    ),
    (
        "kingdee_cloud_outbound",
        "单据编号,日期,客户,销售员,物料编码,物料名称,实发数量,含税单价,价税合计,结算币别",
        "XSCKD000123,2024/3/5,Acme GmbH,张伟,LK-100,LED panel,10,12.5,125,USD",
    ),
    (
        "kingdee_kis",
        "日期,单据号,客户名称,业务员,物料名称,数量,单价,金额,本位币价税合计,币别",
        "2024-03-05,XSDD000123,Acme GmbH,张伟,LED panel,10,12.5,125,125,USD",
    ),
    (
        "yonyou_u8",
        "单据日期,订单号,客户简称,业务员,存货编码,存货名称,数量,含税单价,价税合计,本币价税合计,币种",
        "2024-03-05,XSDD000123,Acme GmbH,张伟,LK-100,LED panel,10,12.5,125,900,USD",
    ),
    (
        "yonyou_tplus",
        "单据日期,单据编号,客户,业务员,存货编码,存货名称,数量,含税单价,价税合计,币种",
        "2024-03-05,XSDD000123,Acme GmbH,张伟,LK-100,LED panel,10,12.5,125,USD",
    ),
    (
        "excel_english",
        "Order Date,Order No.,Customer,Sales Rep,SKU,Description,Qty,Unit Price,Amount,Currency,Country",
        "2024-03-05,XSDD000123,Acme GmbH,张伟,LK-100,LED panel,10,12.5,125,USD,Germany",
    ),
]


@pytest.mark.parametrize(("name", "headers", "row"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_erp_export_is_read_into_canonical_columns(
    write_text: Write, name: str, headers: str, row: str
) -> None:
    """Each ERP's export gives customer, order number, date, amount, currency and salesperson."""
    text = f"{headers}\n{row}\n"
    result = read_order_file(write_text(f"{name}.csv", text), rates={"USD": 1.0})
    assert result.errors == []
    line = result.lines_with_extras().row(0, named=True)
    assert line["customer_id"] == "Acme GmbH"
    assert line["order_id"] in ("XSDD000123", "XSCKD000123")
    assert line["order_date"] == dt.date(2024, 3, 5)
    assert line["amount"] == 125.0
    assert line["currency"] == "USD"
    assert line["salesperson"] == "张伟"
    assert line["product_name"] == "LED panel"


def test_tax_inclusive_total_wins_over_the_net_amount() -> None:
    """A Kingdee list with 金额 before 价税合计 takes its amount from 价税合计 (tax included)."""
    mapping = detect_mapping(["客户", "日期", "金额", "价税合计", "单价", "含税单价"], ORDER_HEADERS)
    assert mapping["amount"] == "价税合计"
    assert mapping["unit_price"] == "含税单价"


def test_home_currency_total_is_used_only_without_the_document_total() -> None:
    """本位币价税合计 fills the amount only when the file has no 价税合计."""
    both = detect_mapping(["客户", "日期", "本位币价税合计", "价税合计"], ORDER_HEADERS)
    assert both["amount"] == "价税合计"
    alone = detect_mapping(["客户", "日期", "本位币价税合计"], ORDER_HEADERS)
    assert alone["amount"] == "本位币价税合计"


def test_public_data_set_column_names_are_not_production_synonyms() -> None:
    """CDNOW's number_of_cds and dollar_value are read only through an explicit mapping."""
    mapping = detect_mapping(["customer_id", "date", "number_of_cds", "dollar_value"], ORDER_HEADERS)
    assert "amount" not in mapping
    assert "quantity" not in mapping
