"""Simplified Chinese formats: Django's, with thousands grouped by three and a comma.

Django's own ``zh_Hans`` formats group nothing (``THOUSAND_SEPARATOR = ""``), so ``intcomma`` and
``floatformat:"g"`` showed a Chinese reader ``1044847 行`` where an English one read ``1,044,847``.
Chinese business documents and the Unicode locale data (CLDR ``zh``: ``#,##0.###``, which Babel
uses for Laoke's amounts) write ``1,044,847``.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
