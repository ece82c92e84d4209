"""The portrait and pipeline core say things as codes; the pages word them in the reader's language.

What an inquiry's score stores is the warning's code and its figure (not its sentences), the board
words its refusals, the history names the stages, and scores stored before the codes still show
their own text.
"""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from laoke.accounts.models import User
from laoke.core.messages import Message
from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.core.portrait.pipeline import STAGES, check_move
from laoke.customers.models import Customer
from laoke.pipeline import messages as words
from laoke.pipeline.models import Prospect, ProspectMove

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")

#: An inquiry as large as the best customers' orders but nothing like them (graded_book's A
#: customers are large distributors paying by L/C).
OFF_PROFILE = {
    "name": "Machine Shop",
    "kind": "end_user",
    "headcount": "3",
    "turnover": "100000",
    "expected_value": "5000000",
    "payment_terms": "TT_ADVANCE",
    "product_line": "machines",
    "attributes": "voltage",
}

OLD_ROW = {
    "score": 0.3,
    "confidence": 0.9,
    "nearest": [],
    "matches": [],
    "differences": [],
    "missing": [],
    "target_fit": 0.2,
    "warning_en": "Far from the target profile (fit 20 %) although the volume is large: stored.",
    "warning_zh": "与目标客户画像差距大（吻合度 20%），虽然采购量大：旧的记录。",
    "enough": True,
    "helpful": [],
}


def _page(client: Client, url: str, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_every_code_of_the_core_is_worded_in_english_and_chinese() -> None:
    """Each dimension and each refusal has its own words in both languages, never the code."""
    said = [d.label for d in DIMENSIONS] + [
        check_move("won", "A"),
        check_move("A", "A"),
        check_move("A", "removed"),
        check_move("A", "Z"),
        Message("portrait.pipeline.move.customer_taken", {"customer": "Acme"}),
        Message("portrait.lookalike.off_profile", {"fit": 0.25}),
    ]
    for message in said:
        assert message is not None and message.code in words.CATALOGUE
        with translation.override("en"):
            english = words.text(message)
        with translation.override("zh-hans"):
            chinese = words.text(message)
        assert english != message.code and not CJK.search(english)
        assert CJK.search(chinese), (message.code, chinese)
    with translation.override("zh-hans"):
        assert words.dimension_label("volume") == "年采购额"
        assert words.text(check_move("A", "Z")) == "未知阶段“Z”。"  # type: ignore[arg-type]


def test_a_scored_inquiry_stores_the_warning_as_a_code_and_words_it_in_both_languages(
    sales_client: Client, graded_book: list[Customer]
) -> None:
    """The stored score keeps the code and the fit; the list and the detail word it per reader."""
    sales_client.post("/inquiries/new/", {"created_on": timezone.localdate().isoformat(), **OFF_PROFILE})
    p = Prospect.objects.get(name="Machine Shop")
    fit = p.target_fit
    assert fit is not None and fit < 0.5
    assert p.lookalike["warning"] == [{"code": "portrait.lookalike.off_profile", "params": {"fit": fit}}]
    assert "warning_en" not in p.lookalike and "warning_zh" not in p.lookalike
    shown = f"{round(fit * 100)}%"
    english = _page(sales_client, f"/inquiries/{p.pk}/", "en")
    assert f"Far from the target profile (fit {shown}) although the volume is large" in english
    chinese = _page(sales_client, f"/inquiries/{p.pk}/", "zh-hans")
    assert f"与目标客户画像差距大（吻合度 {shown}），虽然采购量大" in chinese
    listed = _page(sales_client, "/inquiries/", "zh-hans")
    assert f'title="与目标客户画像差距大（吻合度 {shown}）' in listed


def test_a_score_stored_before_the_codes_shows_its_own_text(sales_client: Client, sales: User) -> None:
    """An inquiry scored with sentences keeps showing them, in the reader's language."""
    p = Prospect.objects.create(
        name="Old Score", owner=sales, created_on=timezone.localdate(), lookalike=OLD_ROW, lookalike_score=0.3
    )
    p.scored_on = timezone.localdate()
    p.save(update_fields=["scored_on"])
    assert "fit 20 %) although the volume is large: stored." in _page(
        sales_client, f"/inquiries/{p.pk}/", "en"
    )
    assert "虽然采购量大：旧的记录。" in _page(sales_client, f"/inquiries/{p.pk}/", "zh-hans")


def test_the_board_words_its_refusals_in_the_readers_language(
    sales_client: Client, sales: User, graded_book: list[Customer]
) -> None:
    """Dropping without a reason and winning as a customer already won are refused in words."""
    p = Prospect.objects.create(name="Target Co", owner=sales, created_on=timezone.localdate())
    for language, said in (("en", "Say why the prospect is dropped."), ("zh-hans", "请填写移除原因。")):
        sales_client.cookies["django_language"] = language
        page = sales_client.post(f"/pipeline/{p.pk}/move/", {"to": "removed", "reason": ""}, follow=True)
        assert said in page.content.decode()
    taken = graded_book[1]
    first = Prospect.objects.create(name="First", owner=sales, created_on=timezone.localdate())
    sales_client.post(f"/pipeline/{first.pk}/move/", {"to": "won", "customer_code": taken.code})
    for language, said in (
        ("en", f"{taken.name} is already linked to another prospect."),
        ("zh-hans", f"{taken.name} 已关联到另一个目标客户。"),
    ):
        sales_client.cookies["django_language"] = language
        page = sales_client.post(
            f"/pipeline/{p.pk}/move/", {"to": "won", "customer_code": taken.code}, follow=True
        )
        assert said in page.content.decode()
    p.refresh_from_db()
    assert p.stage == "inquiry"


def test_the_history_names_the_stages_not_their_codes(sales_client: Client, sales: User) -> None:
    """A move reads “Inquiry → A — win within 3 months”, 询盘 → … in Chinese."""
    p = Prospect.objects.create(name="Moved", owner=sales, created_on=timezone.localdate())
    ProspectMove.objects.create(
        prospect=p, moved_on=timezone.localdate() - dt.timedelta(days=1), from_stage="inquiry", to_stage="A"
    )
    assert "Inquiry → A — win within 3 months" in _page(sales_client, f"/inquiries/{p.pk}/", "en")
    chinese = _page(sales_client, f"/inquiries/{p.pk}/", "zh-hans")
    assert "询盘 → " in chinese and "inquiry → A" not in chinese
    assert set(STAGES) == {"inquiry", "A", "B", "C", "won", "removed"}


def test_the_target_profile_names_the_dimensions_in_both_languages(
    manager_client: Client, graded_book: list[Customer]
) -> None:
    """The target profile's rows are the dimensions as the reader calls them."""
    english = _page(manager_client, "/pipeline/target/", "en")
    assert "Yearly purchases from us" in english and "Payment punctuality (days late)" in english
    chinese = _page(manager_client, "/pipeline/target/", "zh-hans")
    assert "年采购额" in chinese and "付款及时性（逾期天数）" in chinese and "经销商还是终端用户" in chinese


def test_the_score_command_words_the_warning(tmp_path: Path, graded_book: list[Customer]) -> None:
    """``laoke inquiries score`` prints the warning in the language it runs in."""
    path = tmp_path / "inq.csv"
    path.write_text(
        "name,kind,headcount,turnover,expected value,payment terms,product line\n"
        "Machine Shop,end_user,3,100000,5000000,TT_ADVANCE,machines\n"
    )
    for language, said in (
        ("en", "Far from the target profile (fit "),
        ("zh-hans", "与目标客户画像差距大（吻合度 "),
    ):
        out = StringIO()
        with translation.override(language):
            call_command("inquiries", "score", str(path), stdout=out)
        assert said in out.getvalue()
