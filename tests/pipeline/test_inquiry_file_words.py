"""An inquiry file may use the words the pages show: 货期敏感度 (the scorecard's word, the file only
knew 交期敏感度) and 品牌使用商 (the customer kind's name, the file only knew 品牌使用者)."""

from __future__ import annotations

import io

from django.utils import translation

from laoke.core.portrait.dimensions import DIMENSIONS
from laoke.pipeline.messages import dimension_label
from laoke.pipeline.services.inquiry_file import read_inquiry_file


def test_the_file_reads_the_words_of_the_pages() -> None:
    """Headers and choices as the Chinese pages name them are read."""
    with translation.override("zh-hans"):
        labels = {d.key: dimension_label(d.key) for d in DIMENSIONS}
    header = f"名称,客户类型,{labels['delivery_sensitivity']},品牌"
    data = f"{header}\n好公司,品牌使用商,3,品牌使用商\n"
    parsed = read_inquiry_file(io.BytesIO(data.encode()), name="inq.csv")
    assert parsed.errors == []
    row = parsed.rows[0]
    assert (row["kind"], row["delivery_sensitivity"], row["brand_role"]) == ("brand_user", 3, "brand_user")
