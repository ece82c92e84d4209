"""Row errors and file errors of the file readers, with their English and Chinese messages.

``laoke.fileio`` has no Django, so it cannot use gettext; each error carries a ``code`` and
``params`` and renders itself in English or Simplified Chinese. Adapters may render the code
with their own catalogue instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

#: Message templates per error code: (English, 简体中文). Parameters use ``str.format`` names.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing_value": ("{field} is empty", "{field}为空"),
    "bad_date": ("'{value}' is not a date", "'{value}' 不是有效日期"),
    "ambiguous_date": (
        "'{value}' could be day/month or month/day; set the date order",
        "'{value}' 无法判断是日/月还是月/日，请指定日期顺序",
    ),
    "bad_number": ("'{value}' is not a number", "'{value}' 不是数字"),
    "bad_currency": (
        "'{value}' is not a currency code (ISO 4217, e.g. USD)",
        "'{value}' 不是币种代码（如 USD）",
    ),
    "missing_rate": (
        "no exchange rate for {currency} on {date}",
        "缺少 {currency} 在 {date} 的汇率",
    ),
    "order_conflict": (
        "order {order} already belongs to customer {other}",
        "订单 {order} 已属于客户 {other}",
    ),
    "duplicate_line": ("line {line} of order {order} appears twice", "订单 {order} 的第 {line} 行重复"),
    "too_long": ("'{value}' is longer than {high} characters", "'{value}' 超过 {high} 个字符"),
    "unknown_user": ("no user with login '{value}'", "没有登录名为 '{value}' 的用户"),
    "bad_choice": ("'{value}' is not one of: {choices}", "'{value}' 不在可选值中：{choices}"),
    "out_of_range": ("{value} is outside {low}…{high}", "{value} 超出范围 {low}…{high}"),
    "not_positive": ("{field} must be above 0 (found {value})", "{field}必须大于 0（现为 {value}）"),
    "duplicate_rate": (
        "{currency} on {date} appears twice (first on row {first})",
        "{currency} 在 {date} 的汇率重复（首次在第 {first} 行）",
    ),
    "duplicate_customer": (
        "customer {value} appears twice (first on row {first})",
        "客户 {value} 重复（首次在第 {first} 行）",
    ),
}

#: The words a "not one of" error offers for a coded choice, per field and stored code: (English,
#: 简体中文). Each is a word the customer-file reader accepts for that code, so the user can copy it.
CHOICE_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {
        "distributor": ("distributor", "经销商"),
        "importer": ("importer", "进口商"),
        "brand_owner": ("brand owner", "品牌商"),
        "brand_user": ("brand user", "品牌使用商"),
        "end_user": ("end user", "终端用户"),
        "trader": ("trader", "贸易商"),
    },
    "payment_terms": {
        "TT_ADVANCE": ("T/T in advance", "预付款"),
        "TT": ("T/T", "电汇"),
        "LC": ("L/C", "信用证"),
        "DP": ("D/P", "付款交单"),
        "DA": ("D/A", "承兑交单"),
        "OA": ("open account", "赊销"),
    },
    "source_channel": {
        "search": ("search", "搜索"),
        "internal": ("internal", "内部"),
        "field": ("trade fair", "展会"),
        "referral": ("referral", "转介绍"),
        "influencer": ("influencer", "名人"),
        "other": ("other", "其他"),
    },
    "is_target": {"yes": ("yes", "是"), "no": ("no", "否")},
}

#: Skip reasons of the retail conventions: (English, 简体中文).
SKIP_REASONS: dict[str, tuple[str, str]] = {
    "cancelled": ("cancellation (invoice starts with C)", "取消单（发票号以 C 开头）"),
    "no_customer": ("no customer id", "缺少客户编号"),
    "non_positive_quantity": ("quantity ≤ 0", "数量 ≤ 0"),
    "non_positive_price": ("unit price ≤ 0", "单价 ≤ 0"),
}

#: Field names as users see them: (English, 简体中文).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "customer_id": ("customer", "客户"),
    "customer_name": ("customer name", "客户名称"),
    "order_id": ("order number", "订单号"),
    "line_no": ("line", "行号"),
    "order_date": ("order date", "下单日期"),
    "product": ("product", "产品"),
    "product_name": ("product name", "产品名称"),
    "category": ("category", "品类"),
    "quantity": ("quantity", "数量"),
    "unit_price": ("unit price", "单价"),
    "amount": ("amount", "金额"),
    "cost": ("cost", "成本"),
    "margin": ("margin", "毛利"),
    "currency": ("currency", "币种"),
    "country": ("country", "国家"),
    "salesperson": ("salesperson", "业务员"),
    "payment_terms": ("payment terms", "付款方式"),
    "due_date": ("due date", "到期日"),
    "paid_date": ("paid date", "付款日"),
    "name": ("name", "名称"),
    "kind": ("kind", "客户类型"),
    "owner": ("owner", "负责业务员"),
    "credit_days": ("credit days", "账期天数"),
    "relationship_level": ("relationship level", "关系等级"),
    "market_trend": ("market trend", "市场趋势"),
    "lifespan_risk": ("lifespan risk", "寿命风险"),
    "delivery_sensitivity": ("delivery sensitivity", "货期敏感度"),
    "headcount": ("headcount", "员工人数"),
    "turnover": ("yearly turnover", "年营业额"),
    "founded_year": ("founded in", "成立年份"),
    "source_channel": ("source", "客户来源"),
    "notes": ("notes", "备注"),
    "is_target": ("target", "目标客户"),
    "rate_to_home": ("rate", "汇率"),
    "valid_from": ("date", "日期"),
}


#: How many characters of a cell a preview or a message shows before "…".
SHOWN_CHARS = 80


def shorten(value: str | None, limit: int = SHOWN_CHARS) -> str | None:
    """``value`` cut to ``limit`` characters followed by "…" when it is longer (None stays None)."""
    if value is None or len(value) <= limit:
        return value
    return value[:limit] + "…"


def _lang_index(lang: str) -> int:
    return 1 if lang.lower().startswith("zh") else 0


class Notice(str):
    """A warning: the English text (the string itself) that also carries its Chinese wording."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Notice:
        notice = super().__new__(cls, en)
        notice.zh = zh
        return notice

    def message(self, lang: str = "en") -> str:
        """The text in ``lang`` ("en" or "zh-hans")."""
        return self.zh if _lang_index(lang) else str(self)


def localised(warning: str, lang: str = "en") -> str:
    """A warning in ``lang``: a :class:`Notice` in that language, any other string as it is."""
    return warning.message(lang) if isinstance(warning, Notice) else warning


def field_label(name: str, lang: str = "en") -> str:
    """The user-facing name of a canonical field in ``lang`` ("en" or "zh-hans")."""
    labels = FIELD_LABELS.get(name)
    return labels[_lang_index(lang)] if labels else name


def choice_words(name: str, codes: str, lang: str = "en") -> str:
    """The comma-separated stored ``codes`` of field ``name`` as the words a user writes in ``lang``."""
    index = _lang_index(lang)
    words = CHOICE_WORDS.get(name, {})
    shown = [words[code][index] if code in words else code for code in codes.split(", ") if code]
    return ("、" if index else ", ").join(shown)


def skip_reason_label(reason: str, lang: str = "en") -> str:
    """The user-facing text of a retail skip reason."""
    labels = SKIP_REASONS.get(reason)
    return labels[_lang_index(lang)] if labels else reason


@dataclass(frozen=True)
class RowError:
    """One problem with one row: where (row as numbered in the file, column) and why.

    ``row`` counts like a spreadsheet: the header is row 1, the first data row is row 2.
    ``column`` is the header as written in the file (``field`` is the canonical field).
    """

    row: int
    column: str
    field: str
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def message(self, lang: str = "en") -> str:
        """The reason in English (``"en"``) or Simplified Chinese (``"zh-hans"``)."""
        templates = MESSAGES.get(self.code)
        if templates is None:
            return self.code
        shown = {k: shorten(v) if isinstance(v, str) else v for k, v in self.params.items()}
        params = {"field": field_label(self.field, lang), **shown}
        if self.code == "bad_choice" and self.field in CHOICE_WORDS:
            params["choices"] = choice_words(self.field, str(self.params.get("choices", "")), lang)
        return templates[_lang_index(lang)].format(**params)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """A JSON-ready form, for reports."""
        return {
            "row": self.row,
            "column": self.column,
            "field": self.field,
            "code": self.code,
            "params": {k: str(v) for k, v in self.params.items()},
            "message": self.message(lang),
        }


class FileReadError(Exception):
    """The file as a whole cannot be read (format, encoding, missing required columns)."""

    def __init__(self, code: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh

    def message(self, lang: str = "en") -> str:
        """The explanation in English or Simplified Chinese."""
        return self.message_zh if _lang_index(lang) else self.message_en


class MappingError(FileReadError):
    """An explicit column mapping names a column or a field that does not exist."""
