"""How dashboard numbers read in Russian: durations, shares, percentile estimates. An absent value is «—»."""

from __future__ import annotations

import math
from functools import cache

from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

DASH = "—"


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return DASH
    if math.isinf(seconds):
        return "∞"
    seconds = round(seconds)
    if seconds < 60:
        return _("%(s)s с") % {"s": seconds}
    minutes, rest = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)s мин %(s)s с") % {"m": minutes, "s": rest} if rest else _("%(m)s мин") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)s ч %(m)s мин") % {"h": hours, "m": minutes} if minutes else _("%(h)s ч") % {"h": hours}


def estimate_text(seconds: float | None, edges) -> str:
    """A percentile estimated from a histogram: «≈ 26 с»; «> 1 ч» when it lies above the last edge."""
    if seconds is None:
        return DASH
    if math.isinf(seconds):
        return _("> %(t)s") % {"t": duration_text(float(edges[-1]))}
    return _("≈ %(t)s") % {"t": duration_text(seconds)}


@cache
def _separators(language: str | None) -> tuple[str, str]:
    # the locale's own separators, looked up once per language: a big table formats thousands of numbers
    return str(get_format("DECIMAL_SEPARATOR")), str(get_format("THOUSAND_SEPARATOR"))


def _format(value: float, digits: int, grouping: bool) -> str:
    decimal, thousands = _separators(get_language())
    text = f"{value:,.{digits}f}" if grouping else f"{value:.{digits}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def percent_text(share: float | None, digits: int = 1) -> str:
    if share is None:
        return DASH
    return f"{_format(share * 100, digits, grouping=False)} %"


def objective_text(share: float) -> str:
    """An objective as policies state it: «95 %», «99,5 %»."""
    percent = round(share * 100, 2)
    digits = next(digits for digits in (0, 1, 2) if round(percent, digits) == percent)
    return percent_text(share, digits=digits)


def number_text(value: float | None, digits: int = 0) -> str:
    if value is None:
        return DASH
    return _format(value, digits, grouping=True)
