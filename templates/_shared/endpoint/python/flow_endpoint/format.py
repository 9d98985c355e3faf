"""Formatting shared with flowgen (generator/src/render.rs): the strings must be byte-identical.

round2 rounds half away from zero (Python's round() rounds half to even, so it is not used).
"""

from __future__ import annotations

import hashlib
import math
import re


def _round_half_away(y: float) -> float:
    """Same as Rust's f64::round: nearest integer, ties away from zero."""
    a = abs(y)
    f = math.floor(a)
    if a - f >= 0.5:
        f += 1
    return math.copysign(f, y) if f != 0 else 0.0


def round2(x: float) -> float:
    """Round to 2 decimals, half away from zero, exactly like flowgen's `(x * 100).round() / 100`."""
    return _round_half_away(float(x) * 100.0) / 100.0


def separators(locale: str) -> tuple[str, str]:
    """(thousands, decimal) separators of a locale, by language prefix."""
    lang = re.split(r"[_-]", locale or "en", maxsplit=1)[0]
    if lang in ("pt", "es", "de", "it", "id", "nl", "tr"):
        return ".", ","
    if lang == "fr":
        return "\u202f", ","
    return ",", "."


def group(n: float, decimals: int, thousands: str, decimal: str, indian: bool = False) -> str:
    """Fixed `decimals` digits of |n|, integer part grouped (3s, or Indian 3-then-2s)."""
    text = f"{abs(float(n)):.{int(decimals)}f}"
    int_part, _, frac = text.partition(".")
    groups: list[str] = []
    end = len(int_part)
    size = 3
    while end > 0:
        start = max(0, end - size)
        groups.append(int_part[start:end])
        end = start
        if indian:
            size = 2
    groups.reverse()
    negative = float(n) < 0 and any(c.isdigit() and c != "0" for c in text)
    out = ("-" if negative else "") + thousands.join(groups)
    if frac:
        out += decimal + frac
    return out


def money(n: float, currency: str, locale: str) -> str:
    """Money in a currency for a locale (INR: Indian grouping, no paise when whole)."""
    n = float(n)
    t, d = separators(locale)
    english = t == ","
    if currency == "INR":
        return "₹" + group(n, 0 if n.is_integer() else 2, ",", ".", True)
    if currency == "BRL":
        return "R$ " + group(n, 2, ".", ",")
    if currency == "MXN":
        return "$" + group(n, 2, ",", ".")
    if currency == "USD":
        return ("$" if english else "US$ ") + group(n, 2, t, d)
    if currency == "EUR":
        return "€" + group(n, 2, t, d) if english else group(n, 2, t, d) + " €"
    if currency == "GBP":
        return "£" + group(n, 2, t, d)
    return f"{currency} " + group(n, 2, t, d)


def number(n: float, decimals: int, locale: str) -> str:
    t, d = separators(locale)
    return group(n, decimals, t, d, False)


def _text(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def fill(text: str, values: dict | None = None, **kw: object) -> str:
    """Replace each `{name}` placeholder; unknown placeholders stay as they are."""
    merged = dict(values or {})
    merged.update(kw)
    for k, v in merged.items():
        text = text.replace("{" + k + "}", _text(v))
    return text


def emi(principal: float, annual_rate_percent: float, months: float) -> float:
    """Annuity instalment P·r·(1+r)^n/((1+r)^n − 1), r = rate/1200; rounded with round2."""
    p = float(principal)
    n = float(months)
    r = float(annual_rate_percent) / 1200.0
    if r == 0.0:
        raw = p / n
    else:
        f = (1.0 + r) ** n
        raw = p * r * f / (f - 1.0)
    return round2(raw)


def stable_id(prefix: str, flow_token: str) -> str:
    """prefix-XXXXXXXX: first 8 hex chars (upper case) of SHA-256(flow_token). Same token, same id."""
    digest = hashlib.sha256((flow_token or "").encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:8].upper()}"


def id_of(amount: float) -> str:
    """Option id of an amount, as the Flow writes it: "720000" for a whole amount, "100.2" otherwise."""
    v = float(amount)
    return str(int(v)) if v.is_integer() else repr(v)
