"""Follow a long export as a user does: the job's page, its download link, the file."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client


def follow_export(client: Client, response: Any) -> Any:
    """From the export's redirect to the job page, click "Download" and return the file's response."""
    assert response.status_code == 302, response.content[:300]
    match = re.fullmatch(r"/jobs/(\d+)/wait/", response["Location"])
    assert match, response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    link = re.search(r'href="(/jobs/\d+/download/)"', page.content.decode())
    assert link, "the job page offers no download"
    download = client.get(link.group(1))
    return download


def file_bytes(response: Any) -> bytes:
    """The body of a streamed or plain response."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)
