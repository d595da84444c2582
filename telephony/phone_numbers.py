"""Numbers as PBXes send them (8…, 7…, +7…, 00…, «anonymous») to E.164, the form citizens' profiles keep."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from accounts.validators import mask_phone, normalize_phone

_NON_DIGITS = re.compile(r"\D")
HIDDEN_NUMBERS = frozenset({"", "anonymous", "unknown", "restricted", "private", "unavailable"})


def e164(raw: str) -> str:
    """'8 (912) 345-67-89' → '+79123456789'; a foreign number keeps its country code; hidden → ''."""
    value = (raw or "").strip()
    if value.lower() in HIDDEN_NUMBERS:
        return ""
    try:
        return normalize_phone(value)  # Russian numbers, the way citizens' profiles store them
    except ValidationError:
        pass
    digits = _NON_DIGITS.sub("", value)
    if value.startswith("00"):
        digits = digits[2:]
    elif not value.startswith("+"):
        return ""  # a short internal extension or garbage: nobody to identify or call back
    return f"+{digits}" if 8 <= len(digits) <= 15 and digits[0] != "0" else ""


def phone_masked(phone: str) -> str:
    """What staff see before they open a request: the operator code and the last two digits."""
    if len(phone) == 12:
        return mask_phone(phone)
    return f"{phone[:4]}***{phone[-2:]}" if len(phone) > 6 else "***"
