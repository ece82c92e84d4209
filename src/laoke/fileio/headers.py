"""Recognise which column of a file holds which canonical field, from English or Chinese headers.

A header is normalised (case, spaces, punctuation, a trailing unit in brackets dropped) and looked
up in the synonym lists below; an explicit mapping given by the user always wins. When two
columns could fill one field, the one whose header comes earlier in that field's list wins (a
Kingdee list with both 价税合计 and 金额 gives its amount from 价税合计, tax included).

The lists cover plain Excel sheets in English and Chinese and the sales order / sales outbound
lists of Kingdee (金蝶 K/3, KIS, 云星空) and Yonyou (用友 U8, T+); ``docs/import.md`` has the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from laoke.fileio.errors import MappingError

#: Synonyms of each field of an order file. Earlier fields win when one header could mean two.
ORDER_HEADERS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customer_id",
        "customerid",
        "customer code",
        "customer no",
        "customer number",
        "client id",
        "client code",
        "account",
        "account no",
        "cust",
        "cust id",
        "客户编号",
        "客户代码",
        "客户号",
        "客户id",
        "客户编码",
    ),
    "customer_name": (
        "customer",
        "customer name",
        "client",
        "client name",
        "buyer",
        "company",
        "客户",
        "客户名称",
        "客户简称",
        "客户名",
        "公司名称",
        "买家",
    ),
    "order_id": (
        "order_id",
        "order id",
        "order no",
        "order number",
        "invoice",
        "invoice no",
        "invoice number",
        "invoiceno",
        "po",
        "po no",
        "订单号",
        "订单编号",
        "单据编号",
        "单据号",
        "销售订单号",
        "发货单号",
        "出库单号",
        "发票号",
        "发票号码",
        "合同号",
        "单号",
    ),
    "line_no": ("line", "line no", "line number", "行号", "序号"),
    "order_date": (
        "date",
        "order date",
        "orderdate",
        "invoice date",
        "invoicedate",
        "order_date",
        "日期",
        "下单日期",
        "订单日期",
        "单据日期",
        "业务日期",
        "发货日期",
        "出库日期",
        "发票日期",
        "开票日期",
    ),
    "product": (
        "sku",
        "stockcode",
        "stock code",
        "item code",
        "item no",
        "product code",
        "part no",
        "model",
        "型号",
        "产品编号",
        "产品代码",
        "货号",
        "物料编码",
        "物料代码",
        "存货编码",
        "存货代码",
        "产品型号",
    ),
    "product_name": (
        "product",
        "product name",
        "item",
        "description",
        "产品",
        "产品名称",
        "品名",
        "商品名称",
        "商品",
        "物料名称",
        "存货名称",
    ),
    "category": ("category", "product category", "product group", "品类", "类别", "产品类别", "分类"),
    "quantity": ("quantity", "qty", "units", "数量", "件数", "销售数量", "实发数量", "发货数量"),
    "unit_price": (
        "unit price",
        "price",
        "unitprice",
        "unit_price",
        "含税单价",
        "单价",
        "价格",
        "本币含税单价",
        "无税单价",
    ),
    "amount": (
        "价税合计",
        "含税金额",
        "amount",
        "total",
        "total amount",
        "line total",
        "sales",
        "revenue",
        "value",
        "net amount",
        "金额",
        "总金额",
        "销售额",
        "合计",
        "总价",
        "订单金额",
        "销售金额",
        "无税金额",
        # Home-currency totals come last: with a currency column beside them, ignore that column.
        "本位币价税合计",
        "本币价税合计",
    ),
    "cost": ("cost", "total cost", "cost amount", "cogs", "成本", "总成本", "成本金额"),
    "margin": ("margin", "gross profit", "profit", "毛利", "利润", "毛利额"),
    "currency": ("currency", "curr", "ccy", "币种", "货币", "币别", "结算币别", "币种名称", "币别名称"),
    "country": (
        "country",
        "country/region",
        "country region",
        "nation",
        "国家",
        "国家地区",
        "国家/地区",
        "国别",
    ),
    "salesperson": (
        "salesperson",
        "sales rep",
        "salesman",
        "seller",
        "业务员",
        "销售员",
        "销售",
        "跟单员",
        "业务员名称",
        "销售员名称",
    ),
    "payment_terms": ("payment terms", "terms", "payment method", "付款方式", "付款条件", "结算方式"),
    "due_date": ("due date", "due", "payment due", "到期日", "到期日期", "应付日期", "应收日期"),
    "paid_date": ("paid date", "payment date", "paid on", "付款日", "付款日期", "收款日期", "到账日期"),
}

#: Synonyms of each field of a customer file.
CUSTOMER_HEADERS: dict[str, tuple[str, ...]] = {
    "customer_id": ORDER_HEADERS["customer_id"] + ("code",),
    "name": ORDER_HEADERS["customer_name"] + ("name", "名称"),
    "country": ORDER_HEADERS["country"],
    "currency": ORDER_HEADERS["currency"],
    "kind": ("kind", "type", "customer type", "客户类型", "客户类别", "类型"),
    "payment_terms": ORDER_HEADERS["payment_terms"],
    "credit_days": ("credit days", "credit", "账期", "账期天数", "信用期"),
    "owner": ("owner", "salesperson", "sales rep", "负责业务员", "业务员", "负责人", "销售员"),
    "relationship_level": ("relationship level", "relationship", "关系等级", "关系", "私人关系"),
    "market_trend": ("market trend", "市场趋势"),
    "lifespan_risk": ("lifespan risk", "寿命风险"),
    "delivery_sensitivity": ("delivery sensitivity", "货期敏感度"),
    "headcount": ("headcount", "employees", "staff", "员工人数", "人数"),
    "turnover": ("turnover", "yearly turnover", "annual revenue", "年营业额", "营业额", "年销售额"),
    "founded_year": ("founded", "founded year", "founded in", "成立年份", "成立时间"),
    "source_channel": ("source", "source channel", "channel", "客户来源", "来源", "渠道"),
    "notes": ("notes", "note", "remarks", "comment", "备注", "说明"),
    "is_target": ("target", "is target", "目标客户"),
}

#: The fields without which an order file / customer file cannot be read.
ORDER_REQUIRED = ("customer_id", "order_date")
CUSTOMER_REQUIRED = ("customer_id",)


def normalise_header(header: str) -> str:
    """Lower-case, trim, drop a trailing unit in brackets, unify separators.

    ``'Unit Price (USD)'`` → ``'unit price'``.
    """
    text = header.strip().lower().replace("\ufeff", "")
    text = re.sub(r"[\(（\[【].*?[\)）\]】]\s*$", "", text).strip()
    text = re.sub(r"[\s_\-.:：]+", " ", text).strip()
    return text


def _lookup(synonyms: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, int]]:
    """Normalised header → (field, rank of the header in that field's list)."""
    table: dict[str, tuple[str, int]] = {}
    for field_name, names in synonyms.items():
        for rank, name in enumerate(names):
            table.setdefault(normalise_header(name), (field_name, rank))
    return table


def detect_mapping(
    columns: Iterable[str],
    synonyms: Mapping[str, tuple[str, ...]],
    explicit: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Map canonical field → column of the file.

    Parameters
    ----------
    columns : iterable of str
        The headers as written in the file.
    synonyms : mapping
        ``ORDER_HEADERS`` or ``CUSTOMER_HEADERS``.
    explicit : mapping of column → field, optional
        The user's mapping (``--map 金额=amount``); it wins over detection. A field value of
        ``""`` or ``"-"`` ignores the column.

    Raises
    ------
    MappingError
        When the explicit mapping names a column not in the file or an unknown field.
    """
    columns = list(columns)
    mapping: dict[str, str] = {}
    ignored: set[str] = set()
    for column, field_name in (explicit or {}).items():
        if column not in columns:
            raise MappingError(
                "unknown_column",
                f"The mapping names column '{column}', which is not in the file "
                f"(columns: {', '.join(columns)}).",
                f"映射中的列 '{column}' 不在文件中（文件的列：{'、'.join(columns)}）。",
            )
        if field_name in ("", "-"):
            ignored.add(column)
            continue
        if field_name not in synonyms:
            raise MappingError(
                "unknown_field",
                f"'{field_name}' is not a field; use one of: {', '.join(synonyms)}.",
                f"'{field_name}' 不是可用字段；可用字段：{'、'.join(synonyms)}。",
            )
        mapping[field_name] = column
    taken = set(mapping.values()) | ignored
    table = _lookup(synonyms)
    best: dict[str, tuple[int, str]] = {}
    for column in columns:
        if column in taken:
            continue
        key = normalise_header(column)
        detected = table.get(key) or table.get(key.replace(" ", ""))
        if detected is None or detected[0] in mapping:
            continue
        field_name, rank = detected
        if field_name not in best or rank < best[field_name][0]:
            best[field_name] = (rank, column)
    mapping.update({field_name: column for field_name, (_rank, column) in best.items()})
    return mapping


def parse_mapping_args(pairs: Iterable[str]) -> dict[str, str]:
    """``["金额=amount", "Client=customer_id"]`` → ``{"金额": "amount", "Client": "customer_id"}``."""
    result: dict[str, str] = {}
    for pair in pairs:
        column, sep, field_name = pair.rpartition("=")
        if not sep or not column:
            raise MappingError(
                "bad_mapping",
                f"'{pair}' is not COLUMN=FIELD.",
                f"'{pair}' 的格式应为 列名=字段。",
            )
        result[column.strip()] = field_name.strip()
    return result
