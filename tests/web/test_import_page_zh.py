"""The import page in Chinese: its buttons and headings say what they do (they once read 上一页, 低 …)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from laoke.accounts.models import RoleChoices, User

pytestmark = pytest.mark.django_db

ORDERS = "客户,日期,金额\nACME,2025-01-05,1000\n"


def test_import_page_labels_in_chinese(client: Client) -> None:
    """Upload form, recent imports and preview carry their own Chinese labels, not other strings'."""
    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "zh-hans"
    empty = client.get(reverse("import")).content.decode()
    assert ">预览<" in empty and "最近的导入" in empty and "还没有导入过文件" in empty
    preview = client.post(
        reverse("import"), {"file": SimpleUploadedFile("o.csv", ORDERS.encode()), "kind": "orders"}
    )
    assert ">文件中的列<" in preview.content.decode()
    for wrong in ("上一页", "清除筛选条件", "最近忽略的预警", "暂无订单"):
        assert wrong not in empty + preview.content.decode()


def test_row_counts_are_grouped_by_thousands_in_chinese(client: Client) -> None:
    """A Chinese reader sees ``1,200`` as an English one does (Django's Chinese formats group
    nothing: the page said 读取 1044847 行 for a real ERP export)."""
    from laoke.importing.models import ImportBatch

    client.force_login(User.objects.create_user("boss", password="pw", role=RoleChoices.MANAGER))
    client.cookies["django_language"] = "zh-hans"
    lines = "".join(f"C{i % 40},2025-01-{1 + i % 28:02d},{100 + i}\n" for i in range(1200))
    upload = SimpleUploadedFile("big.csv", ("客户,日期,金额\n" + lines).encode())
    preview = client.post(reverse("import"), {"file": upload, "kind": "orders"})
    assert "big.csv：共 1,200 行" in preview.content.decode()
    mapping = {f"map{c['index']}": c["field"] for c in preview.context["columns"]}
    done = client.post(reverse("import_run"), mapping, follow=True).content.decode()
    assert ImportBatch.objects.get().rows_imported == 1200
    assert "读取 1,200 行，导入 1,200 行，拒绝 0 行，跳过 0 行。" in done
    client.cookies["django_language"] = "en"
    again = client.get(reverse("import_batch", args=[ImportBatch.objects.get().pk])).content.decode()
    assert "1,200 rows read, 1,200 imported" in again
