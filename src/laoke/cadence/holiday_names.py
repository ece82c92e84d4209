"""Public holidays' names in the reader's language.

The ``holidays`` package names a country's public holidays in English (Chinese only for China,
Hong Kong, Macao, Taiwan and Russia), and the trip planner stores that English name with the
reason a day was skipped. Here the names shared by many countries (New Year's Day, Good Friday,
Eid al-Fitr…) are gettext messages, so a Chinese reader reads 耶稣受难日, not "Good Friday"; the
package's markers "(estimated)" and "(observed)" and its "; " between two holidays on one day
are worded too. A name only one country keeps (a national hero's day) stays as the package
wrote it: a proper name is better left than guessed.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import pgettext_lazy

from laoke.platform.messages import listed

#: Holiday names as the ``holidays`` package writes them → their translation (the names found in
#: the calendars of fifty trading countries at least three times in 2026–2027, and a few more).
NAMES = {
    "New Year's Day": pgettext_lazy("public holiday", "New Year's Day"),
    "New Year's Eve": pgettext_lazy("public holiday", "New Year's Eve"),
    "New Year Holidays": pgettext_lazy("public holiday", "New Year Holidays"),
    "Christmas Day": pgettext_lazy("public holiday", "Christmas Day"),
    "Christmas Eve": pgettext_lazy("public holiday", "Christmas Eve"),
    "Second Day of Christmas": pgettext_lazy("public holiday", "Second Day of Christmas"),
    "Boxing Day": pgettext_lazy("public holiday", "Boxing Day"),
    "Saint Stephen's Day": pgettext_lazy("public holiday", "Saint Stephen's Day"),
    "Good Friday": pgettext_lazy("public holiday", "Good Friday"),
    "Maundy Thursday": pgettext_lazy("public holiday", "Maundy Thursday"),
    "Easter": pgettext_lazy("public holiday", "Easter"),
    "Easter Sunday": pgettext_lazy("public holiday", "Easter Sunday"),
    "Easter Monday": pgettext_lazy("public holiday", "Easter Monday"),
    "Ascension Day": pgettext_lazy("public holiday", "Ascension Day"),
    "Pentecost": pgettext_lazy("public holiday", "Pentecost"),
    "Whit Sunday": pgettext_lazy("public holiday", "Whit Sunday"),
    "Pentecost Monday": pgettext_lazy("public holiday", "Pentecost Monday"),
    "Whit Monday": pgettext_lazy("public holiday", "Whit Monday"),
    "Corpus Christi": pgettext_lazy("public holiday", "Corpus Christi"),
    "Assumption Day": pgettext_lazy("public holiday", "Assumption Day"),
    "Assumption of Mary": pgettext_lazy("public holiday", "Assumption of Mary"),
    "All Saints' Day": pgettext_lazy("public holiday", "All Saints' Day"),
    "All Souls' Day": pgettext_lazy("public holiday", "All Souls' Day"),
    "Immaculate Conception": pgettext_lazy("public holiday", "Immaculate Conception"),
    "Epiphany": pgettext_lazy("public holiday", "Epiphany"),
    "Dormition of the Mother of God": pgettext_lazy("public holiday", "Dormition of the Mother of God"),
    "Saint Peter and Saint Paul's Day": pgettext_lazy("public holiday", "Saint Peter and Saint Paul's Day"),
    "Orthodox Christmas Day": pgettext_lazy("public holiday", "Orthodox Christmas Day"),
    "Orthodox Easter": pgettext_lazy("public holiday", "Orthodox Easter"),
    "Labor Day": pgettext_lazy("public holiday", "Labor Day"),
    "Labour Day": pgettext_lazy("public holiday", "Labour Day"),
    "International Labor Day": pgettext_lazy("public holiday", "International Labor Day"),
    "Workers' Day": pgettext_lazy("public holiday", "Workers' Day"),
    "May Day": pgettext_lazy("public holiday", "May Day"),
    "National Day": pgettext_lazy("public holiday", "National Day"),
    "Independence Day": pgettext_lazy("public holiday", "Independence Day"),
    "Constitution Day": pgettext_lazy("public holiday", "Constitution Day"),
    "Republic Day": pgettext_lazy("public holiday", "Republic Day"),
    "Victory Day": pgettext_lazy("public holiday", "Victory Day"),
    "Liberation Day": pgettext_lazy("public holiday", "Liberation Day"),
    "Freedom Day": pgettext_lazy("public holiday", "Freedom Day"),
    "Unity Day": pgettext_lazy("public holiday", "Unity Day"),
    "Revolution Day": pgettext_lazy("public holiday", "Revolution Day"),
    "Armistice Day": pgettext_lazy("public holiday", "Armistice Day"),
    "Memorial Day": pgettext_lazy("public holiday", "Memorial Day"),
    "Children's Day": pgettext_lazy("public holiday", "Children's Day"),
    "Youth Day": pgettext_lazy("public holiday", "Youth Day"),
    "Women's Day": pgettext_lazy("public holiday", "Women's Day"),
    "International Women's Day": pgettext_lazy("public holiday", "International Women's Day"),
    "Midsummer Day": pgettext_lazy("public holiday", "Midsummer Day"),
    "Midsummer Eve": pgettext_lazy("public holiday", "Midsummer Eve"),
    "Columbus Day": pgettext_lazy("public holiday", "Columbus Day"),
    "Thanksgiving": pgettext_lazy("public holiday", "Thanksgiving"),
    "Thanksgiving Day": pgettext_lazy("public holiday", "Thanksgiving Day"),
    "Bridge Public Holiday": pgettext_lazy("public holiday", "Bridge Public Holiday"),
    "Eid al-Fitr": pgettext_lazy("public holiday", "Eid al-Fitr"),
    "Eid al-Fitr Holiday": pgettext_lazy("public holiday", "Eid al-Fitr Holiday"),
    "Eid al-Adha": pgettext_lazy("public holiday", "Eid al-Adha"),
    "Eid al-Adha Holiday": pgettext_lazy("public holiday", "Eid al-Adha Holiday"),
    "Day of Arafah": pgettext_lazy("public holiday", "Day of Arafah"),
    "Islamic New Year": pgettext_lazy("public holiday", "Islamic New Year"),
    "Prophet's Birthday": pgettext_lazy("public holiday", "Prophet's Birthday"),
    "Isra' and Mi'raj": pgettext_lazy("public holiday", "Isra' and Mi'raj"),
    "Ashura": pgettext_lazy("public holiday", "Ashura"),
    "Rosh Hashanah": pgettext_lazy("public holiday", "Rosh Hashanah"),
    "Yom Kippur": pgettext_lazy("public holiday", "Yom Kippur"),
    "Passover": pgettext_lazy("public holiday", "Passover"),
    "Chinese New Year": pgettext_lazy("public holiday", "Chinese New Year"),
    "Lunar New Year": pgettext_lazy("public holiday", "Lunar New Year"),
    "Vesak Day": pgettext_lazy("public holiday", "Vesak Day"),
    "Songkran Festival": pgettext_lazy("public holiday", "Songkran Festival"),
    "Diwali": pgettext_lazy("public holiday", "Diwali"),
    "Holi": pgettext_lazy("public holiday", "Holi"),
}

_ESTIMATED = pgettext_lazy("public holiday", "%(name)s (estimated date)")
_OBSERVED = pgettext_lazy("public holiday", "%(name)s (day off in lieu)")
_MARKER = re.compile(r"^(?P<name>.*?) \((?P<marker>estimated|observed)\)$")


def _one(name: str) -> str:
    found = _MARKER.match(name)
    base = found["name"] if found else name
    known = NAMES.get(base)
    shown = str(known) if known is not None else base
    if found is None:
        return shown
    marker = _ESTIMATED if found["marker"] == "estimated" else _OBSERVED
    return str(marker) % {"name": shown}


def holiday_name(value: Any) -> str:
    """A holiday's name from the ``holidays`` package in the reader's language, where known.

    Two holidays on one day (the package joins them with "; ") are listed as the reader's
    language lists them.
    """
    return listed([_one(part.strip()) for part in str(value or "").split(";") if part.strip()])
