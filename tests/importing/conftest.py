"""Files and helpers for the import tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from laoke.customers.models import Customer
from laoke.importing.models import ImportBatch
from laoke.orders.models import Category, Order, OrderLine, Payment, Product

ORDERS = (
    "订单号,客户编号,客户名称,下单日期,产品,产品名称,品类,数量,单价,币种,国家,业务员,付款方式,到期日,付款日\n"
    "SO-1,C001,Acme GmbH,2024-01-05,WX-1,Lamp,灯具,10,12.5,EUR,德国,li,T/T,2024-02-05,2024-02-10\n"
    "SO-1,C001,Acme GmbH,2024-01-05,WX-2,Shade,灯具,2,10,EUR,德国,li,T/T,2024-02-05,2024-02-10\n"
    "SO-2,C002,华强贸易,2024-02-01,WX-1,Lamp,灯具,1,100,USD,美国,wang,L/C,2024-03-01,\n"
)


def counts() -> dict[str, int]:
    """Row counts of every table an import writes."""
    return {
        "customers": Customer.objects.count(),
        "categories": Category.objects.count(),
        "products": Product.objects.count(),
        "orders": Order.objects.count(),
        "lines": OrderLine.objects.count(),
        "payments": Payment.objects.count(),
        "batches": ImportBatch.objects.count(),
    }


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` to a file under tmp_path in ``encoding``."""

    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write
