"""The cadence policy: ladder steps, touch intervals, lead times, spans (seeds 001 and 004)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CadencePolicy:
    """Every number the cadence rules use.

    The ladder (001 item 10): no reply in 3 days → ask whether the mail arrived; a few days later →
    a short product introduction; then a phone call. Small customers are never chased tighter than
    ``small_floor_days``. Monthly touch (001): at least one personal contact a month, key customers
    every ``key_touch_days``. Pre-season (004): contact two months before the next-order window.
    """

    ladder_days: tuple[int, int, int] = (3, 7, 12)
    small_floor_days: int = 14
    ladder_lookback_days: int = 60  # an unanswered mail older than this no longer starts a ladder
    touch_days: int = 30
    key_touch_days: int = 14
    horizon_days: int = 30  # tasks are proposed this far ahead
    festival_lead_days: int = 7
    birthday_lead_days: int = 3
    pre_season_lead_days: int = 60
    pre_season_repeat_days: int = 120  # a done pre-season contact is not asked again within this
    pre_season_min_gap_days: int = 90  # buyers ordering more often are in touch anyway
    season_samples_months: int = 6
    season_designs_months: int = 3
    season_min_years: int = 3
    season_min_share: float = 0.6
    order_span_days: int = 45  # orders younger than this are followed (001 item 14)
    order_steps: tuple[tuple[str, int], ...] = (
        ("order_completion", 2),
        ("order_photos", 14),
        ("order_shipping", 25),
        ("order_loading", 30),
    )
    order_grace_days: int = 7  # an order touchpoint stays proposed this long after its date
    visit_seasons: tuple[tuple[int, int, int], ...] = ((6, 20, 10), (9, 3, 10))  # month, day, length
    visit_notice_days: int = 45  # the proposal appears this long before the trip
    reactivation_rejections: int = 5  # "sales starts at the fifth rejection" (004)
    #: The company's changes to the festival table: (country, festival code, greeting goes out).
    festival_switches: tuple[tuple[str, str, bool], ...] = ()
    factory_country: str = "CN"  # our own factory's country: its New Year shutdown is quiet for all
    gulf_countries: tuple[str, ...] = ("AE", "SA", "QA", "KW", "BH", "OM")
    europe_countries: tuple[str, ...] = (
        "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR",
        "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
    )  # fmt: skip
