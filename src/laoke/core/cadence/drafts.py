"""Mail drafts: default templates per task kind and language, and safe rendering of placeholders.

The company edits its own templates (stored by the adapter); these defaults apply when it has
none. Placeholders are ``{customer}``, ``{contact}``, ``{salesperson}``, ``{company}``,
``{festival}``, ``{topics}``, ``{order_no}``, ``{season}`` and ``{date}``.
"""

# ruff: noqa: E501 — bilingual text tables read better one entry per line.

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass

PLACEHOLDERS = (
    "customer",
    "contact",
    "salesperson",
    "company",
    "festival",
    "topics",
    "order_no",
    "season",
    "date",
)


@dataclass(frozen=True)
class Template:
    """A subject and body with placeholders."""

    subject: str
    body: str


_SIGN_EN = "\n\nBest regards,\n{salesperson}\n{company}"
_SIGN_ZH = "\n\n祝好！\n{salesperson}\n{company}"

DEFAULTS: dict[tuple[str, str], Template] = {
    ("ladder_ask", "en"): Template("Did my mail reach you, {contact}?", "Dear {contact},\n\nI wrote to you on {date} and wanted to make sure my mail arrived. Is there anything you need from us?" + _SIGN_EN),
    ("ladder_ask", "zh"): Template("{contact}，您收到我的邮件了吗？", "{contact} 您好：\n\n我在 {date} 给您发了邮件，想确认您是否收到。请问有什么需要我们配合的吗？" + _SIGN_ZH),
    ("ladder_intro", "en"): Template("{customer}: two products worth a look", "Dear {contact},\n\nA short introduction of what we make for customers like {customer}: {topics}.\nShall I send samples?" + _SIGN_EN),
    ("ladder_intro", "zh"): Template("{customer}：两款值得一看的产品", "{contact} 您好：\n\n简单介绍一下我们为{customer}这样的客户提供的产品：{topics}。\n需要寄样品吗？" + _SIGN_ZH),
    ("ladder_call", "en"): Template("Could we talk by phone, {contact}?", "Dear {contact},\n\nI would like to call you this week about my last mails. When suits you?" + _SIGN_EN),
    ("ladder_call", "zh"): Template("{contact}，方便通个电话吗？", "{contact} 您好：\n\n本周想就之前的邮件给您打个电话，请问什么时间方便？" + _SIGN_ZH),
    ("monthly_touch", "en"): Template("{customer}: news for {date}", "Dear {contact},\n\nA short update for {customer} this month: {topics}.\nI look forward to hearing from you." + _SIGN_EN),
    ("monthly_touch", "zh"): Template("{customer}：{date} 月度信息", "{contact} 您好：\n\n本月为{customer}整理的信息：{topics}。\n期待您的回复。" + _SIGN_ZH),
    ("festival", "en"): Template("Happy {festival}, {contact}!", "Dear {contact},\n\nAll of us wish you and everyone at {customer} a happy {festival}." + _SIGN_EN),
    ("festival", "zh"): Template("{contact}，{festival}快乐！", "{contact} 您好：\n\n我们全体同事祝您和{customer}的各位{festival}快乐！" + _SIGN_ZH),
    ("birthday", "en"): Template("Happy birthday, {contact}!", "Dear {contact},\n\nHappy birthday! Best wishes from all of us at {company}." + _SIGN_EN),
    ("birthday", "zh"): Template("{contact}，生日快乐！", "{contact} 您好：\n\n祝您生日快乐！{company}全体同事敬上。" + _SIGN_ZH),
    ("pre_season", "en"): Template("{customer}: new samples for your next order", "Dear {contact},\n\nAhead of your next order (around {season}) we would like to send you our new samples and the current catalogue. Where should we send them?" + _SIGN_EN),
    ("pre_season", "zh"): Template("{customer}：为您下次订单准备的新样品", "{contact} 您好：\n\n在您下次订货（约 {season}）之前，我们想给您寄新样品和最新目录。请问寄到哪里？" + _SIGN_ZH),
    ("season_samples", "en"): Template("{customer}: samples for the {season} season", "Dear {contact},\n\nFor your {season} season we have prepared new samples. May we send them now, so designs can be settled in time?" + _SIGN_EN),
    ("season_samples", "zh"): Template("{customer}：{season} 旺季样品", "{contact} 您好：\n\n为您 {season} 的旺季我们准备了新样品，现在寄出可以让款式及时确定。" + _SIGN_ZH),
    ("season_designs", "en"): Template("{customer}: settling the designs for {season}", "Dear {contact},\n\nTo deliver on time for {season}, could we settle the designs and quantities this month?" + _SIGN_EN),
    ("season_designs", "zh"): Template("{customer}：确定 {season} 的款式", "{contact} 您好：\n\n为保证 {season} 按时交货，本月能否确定款式和数量？" + _SIGN_ZH),
    ("order_completion", "en"): Template("Order {order_no}: expected completion date", "Dear {contact},\n\nThank you for order {order_no}. Production is planned to finish on {date}." + _SIGN_EN),
    ("order_completion", "zh"): Template("订单 {order_no}：预计完工日期", "{contact} 您好：\n\n感谢您的订单 {order_no}，预计 {date} 完工。" + _SIGN_ZH),
    ("order_photos", "en"): Template("Order {order_no}: production photos", "Dear {contact},\n\nPlease find photos from the production of order {order_no} attached." + _SIGN_EN),
    ("order_photos", "zh"): Template("订单 {order_no}：生产照片", "{contact} 您好：\n\n附件是订单 {order_no} 的生产照片。" + _SIGN_ZH),
    ("order_shipping", "en"): Template("Order {order_no}: ready to ship", "Dear {contact},\n\nOrder {order_no} will be completed soon and is planned to ship on {date}." + _SIGN_EN),
    ("order_shipping", "zh"): Template("订单 {order_no}：即将发货", "{contact} 您好：\n\n订单 {order_no} 即将完工，计划 {date} 发货。" + _SIGN_ZH),
    ("order_loading", "en"): Template("Order {order_no}: container-loading photos", "Dear {contact},\n\nOrder {order_no} is loaded; the loading photos are attached." + _SIGN_EN),
    ("order_loading", "zh"): Template("订单 {order_no}：装柜照片", "{contact} 您好：\n\n订单 {order_no} 已装柜，附件是装柜照片。" + _SIGN_ZH),
    ("reactivation", "en"): Template("{customer}: something new since we last worked together", "Dear {contact},\n\nIt has been a while. Since then we have improved: {topics}. I would be glad to send samples." + _SIGN_EN),
    ("reactivation", "zh"): Template("{customer}：我们有了新的变化", "{contact} 您好：\n\n好久不见。我们近期有了这些改进：{topics}。很乐意给您寄样品。" + _SIGN_ZH),
}  # fmt: skip


class TemplateError(ValueError):
    """A template names a placeholder that does not exist or is malformed."""


def template_errors(text: str) -> list[str]:
    """Problems with a template text: unknown placeholders or broken braces (empty list when fine)."""
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        return [str(exc)]
    return [f"unknown placeholder {{{name}}}" for name in fields if name not in PLACEHOLDERS]


def language_of(code: str) -> str:
    """The template language for a contact language (``zh-CN`` → ``zh``; empty → ``en``)."""
    return (code or "en").split("-")[0].split("_")[0].lower() or "en"


def default_template(kind: str, language: str) -> Template | None:
    """The built-in template for ``kind`` in ``language`` (English when there is none in it)."""
    return DEFAULTS.get((kind, language)) or DEFAULTS.get((kind, "en"))


def render(template: Template, values: Mapping[str, str]) -> Template:
    """Fill the placeholders; a missing value becomes empty, an unknown placeholder raises."""
    errors = template_errors(template.subject) + template_errors(template.body)
    if errors:
        raise TemplateError("; ".join(errors))
    filled = {name: str(values.get(name, "")) for name in PLACEHOLDERS}
    return Template(template.subject.format_map(filled), template.body.format_map(filled))
