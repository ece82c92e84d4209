"""Read inquiries from a CSV or Excel file: English or Chinese headers, clear row/field errors.

All-or-nothing: :func:`read_inquiry_file` returns the rows *and* every problem; the caller records
the rows only when there is none, so a bad file never leaves half an import behind.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from laoke.customers.models import CustomerKindChoices, PaymentTermsChoices, SourceChannelChoices
from laoke.fileio.countries import country_code
from laoke.fileio.errors import FileReadError
from laoke.fileio.readers import ROW_COLUMN, read_table
from laoke.pipeline.models import BrandRoleChoices, ChannelRoleChoices
from laoke.pipeline.services.portraits import parse_attributes

#: Recognised headers (lower case, spaces collapsed) → inquiry field.
HEADERS: dict[str, str] = {
    **dict.fromkeys(["name", "company", "customer", "名称", "公司", "客户", "公司名称"], "name"),
    **dict.fromkeys(["e-mail", "email", "mail", "e mail", "邮箱", "电子邮箱", "电子邮件", "邮件"], "email"),
    **dict.fromkeys(["country", "国家"], "country"),
    **dict.fromkeys(["kind", "type", "类型", "客户类型"], "kind"),
    **dict.fromkeys(["channel", "channel role", "distributor or end user", "经销或终端"], "channel_role"),
    **dict.fromkeys(["brand", "brand role", "brand owner or user", "品牌"], "brand_role"),
    **dict.fromkeys(["headcount", "employees", "员工人数", "人数"], "headcount"),
    **dict.fromkeys(["turnover", "yearly turnover", "营业额", "年营业额"], "turnover"),
    **dict.fromkeys(
        [
            "expected value",
            "volume",
            "yearly volume",
            "expected yearly value",
            "预计年采购额",
            "采购量",
            "年采购额",
        ],
        "expected_value",
    ),
    **dict.fromkeys(["payment terms", "terms", "付款方式"], "payment_terms"),
    **dict.fromkeys(["delivery sensitivity", "货期敏感度", "交期敏感度"], "delivery_sensitivity"),
    **dict.fromkeys(["product line", "product", "产品线", "产品"], "product_line"),
    **dict.fromkeys(["attributes", "cares about", "关注指标", "关注的产品指标"], "attributes"),
    **dict.fromkeys(["source", "source channel", "来源", "客户来源"], "source_channel"),
    **dict.fromkeys(["inquiry", "message", "text", "询盘", "询盘内容"], "inquiry_text"),
    **dict.fromkeys(["date", "received", "received on", "日期", "询盘日期"], "created_on"),
}

CHINESE_CHOICES: dict[str, dict[str, str]] = {
    "kind": {
        "经销商": "distributor",
        "进口商": "importer",
        "品牌商": "brand_owner",
        "品牌使用商": "brand_user",
        "品牌使用者": "brand_user",
        "终端用户": "end_user",
        "贸易商": "trader",
    },
    "channel_role": {
        "经销商": "distributor",
        "经销": "distributor",
        "终端用户": "end_user",
        "终端": "end_user",
    },
    "brand_role": {"品牌商": "brand_owner", "品牌使用商": "brand_user", "品牌使用者": "brand_user"},
    "source_channel": {
        "搜索": "search",
        "内部资料": "internal",
        "地推": "field",
        "展会": "field",
        "老客户介绍": "referral",
        "介绍": "referral",
        "有影响力的人": "influencer",
        "其他": "other",
    },
    "payment_terms": {"前t/t": "TT_ADVANCE", "信用证": "LC", "赊销": "OA"},
}

CHOICES: dict[str, Any] = {
    "kind": CustomerKindChoices,
    "channel_role": ChannelRoleChoices,
    "brand_role": BrandRoleChoices,
    "source_channel": SourceChannelChoices,
    "payment_terms": PaymentTermsChoices,
}


@dataclass(frozen=True)
class InquiryRowError:
    """One problem: the row as numbered in the file (header = 1), the column as written, the reason."""

    row: int
    column: str
    message_en: str
    message_zh: str

    def message(self, chinese: bool) -> str:
        """``Row 3, “turnover”: …`` in the reader's language."""
        if chinese:
            return f"第 {self.row} 行，“{self.column}”：{self.message_zh}"
        return f"Row {self.row}, “{self.column}”: {self.message_en}"


@dataclass
class InquiryFile:
    """The rows read (field dicts, each with its file ``row``) and every problem found."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[InquiryRowError] = field(default_factory=list)


def _key(header: str) -> str:
    return " ".join(re.sub(r"[_\-]", " ", header).lower().split())


def _choice(name: str, text: str) -> str | None:
    lowered = text.strip().lower()
    choices = CHOICES[name]
    for value, label in choices.choices:
        if lowered in {str(value).lower(), str(label).lower()}:
            return str(value)
    return CHINESE_CHOICES.get(name, {}).get(lowered)


def read_country(text: str) -> tuple[str, tuple[str, str] | None]:
    """The ISO code of a country written as in the customer imports (德国, Germany, Deutschland, DE).

    Returns ``("", None)`` for an empty text and an (en, zh) error naming the value when unknown.
    The web form, the inquiry file and ``laoke inquiries`` read countries through this.
    """
    if not text or not text.strip():
        return "", None
    code = country_code(text)
    if code is None:
        value = text.strip()
        return "", (
            f"“{value}” is not a country we know: write its name (Germany, 德国) "
            "or its two-letter code (DE).",
            f"无法识别国家“{value}”：请填写国家名称（如 德国、Germany）或两位代码（如 DE）。",
        )
    return code, None


def _parse(name: str, text: str) -> tuple[Any, tuple[str, str] | None]:
    """The value of one cell, or an (en, zh) error."""
    if name in CHOICES:
        value = _choice(name, text)
        if value is None:
            allowed = ", ".join(str(v) for v in CHOICES[name].values)
            return None, (f"“{text}” is not one of {allowed}.", f"“{text}”不是可选值（{allowed}）。")
        return value, None
    if name in {"headcount", "delivery_sensitivity"}:
        try:
            number = int(float(text.replace(",", "")))
        except ValueError:
            return None, (f"“{text}” is not a whole number.", f"“{text}”不是整数。")
        low, high = (1, 5) if name == "delivery_sensitivity" else (0, 10_000_000)
        if not low <= number <= high:
            return None, (f"{number} is outside {low}…{high}.", f"{number} 超出范围 {low}…{high}。")
        return number, None
    if name in {"turnover", "expected_value"}:
        try:
            amount = Decimal(text.replace(",", "").replace(" ", ""))
        except InvalidOperation:
            return None, (f"“{text}” is not an amount.", f"“{text}”不是金额。")
        if amount < 0 or amount >= Decimal("1e14") or not amount.is_finite():
            return None, (f"{text} is not a plausible amount.", f"{text} 不是合理的金额。")
        return amount.quantize(Decimal("0.01")), None
    if name == "created_on":
        try:
            return dt.date.fromisoformat(text.strip().replace("/", "-")), None
        except ValueError:
            return None, (f"“{text}” is not a date (YYYY-MM-DD).", f"“{text}”不是日期（YYYY-MM-DD）。")
    if name == "country":
        code, problem = read_country(text)
        return code, problem
    if name == "email":
        address = text.strip()
        if len(address) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", address):
            return None, (f"“{text}” is not an e-mail address.", f"“{text}”不是电子邮箱地址。")
        return address, None
    if name == "attributes":
        return parse_attributes(text), None
    limit = 200 if name in {"name", "product_line"} else 10_000
    if len(text) > limit:
        return None, (f"Longer than {limit} characters.", f"超过 {limit} 个字符。")
    return text.strip(), None


def read_inquiry_file(source: str | Path | IO[bytes], *, name: str | None = None) -> InquiryFile:
    """Read every row of an inquiry file; raises ``FileReadError`` when the file is unreadable."""
    table = read_table(source, name=name)
    mapping = {column: HEADERS[_key(column)] for column in table.columns if _key(column) in HEADERS}
    if "name" not in mapping.values():
        raise FileReadError(
            "missing_name",
            "The file needs a “name” column (the company making the inquiry).",
            "文件需要“名称”列（询盘公司名称）。",
        )
    result = InquiryFile()
    for record in table.frame.iter_rows(named=True):
        row_no = int(record[ROW_COLUMN])
        values: dict[str, Any] = {"row": row_no}
        for column, field_name in mapping.items():
            text = record.get(column)
            if text is None or not str(text).strip():
                continue
            value, problem = _parse(field_name, str(text))
            if problem:
                result.errors.append(InquiryRowError(row_no, column, *problem))
            else:
                values[field_name] = value
        if not values.get("name"):
            column = next(c for c, f in mapping.items() if f == "name")
            result.errors.append(InquiryRowError(row_no, column, "The name is empty.", "名称为空。"))
        result.rows.append(values)
    if not result.rows:
        raise FileReadError("empty", "The file holds no inquiries.", "文件中没有询盘。")
    return result
