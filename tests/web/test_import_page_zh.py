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
