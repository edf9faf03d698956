"""Phone numbers in the shape a shop's input wants: masks, patterns, hints in error text.

Shops validate phones in every imaginable format; a person reads the placeholder or
the error and retypes. These pure helpers do the same: they never guess digits, they
only re-arrange the persona's number.
"""

from __future__ import annotations

import re

from probes import phones


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def split_number(phone: str) -> tuple[str, str]:
    """(country code, national significant number), by libphonenumber's rules (probes/phones.py).

    The persona's phone reaches probes in E.164, so no region is needed here.
    """
    return phones.split(phone)


def is_mask(text: str) -> bool:
    """A placeholder/attribute shaped like a mask: '+7 (___) ___-__-__', '(999) 999-9999'."""
    slots = sum(text.count(c) for c in "_#X9") if text else 0
    return slots >= 7 and len(digits(text.replace("9", ""))) <= 3


def apply_mask(phone: str, mask: str) -> str:
    """Put the persona's digits into a mask's slots, keeping the mask's literal prefix."""
    cc, national = split_number(phone)
    mask = mask.strip()
    # literal digits before the first slot are a country/trunk prefix ("+7", "8")
    first = min((i for i, ch in enumerate(mask) if ch in "_#X9x*"), default=len(mask))
    prefix_digits = digits(mask[:first])
    slots = sum(1 for ch in mask[first:] if ch in "_#X9x*")
    full = (cc + national) if not prefix_digits else national
    if slots > len(full):
        full = (cc + national)[-slots:] if slots <= len(cc + national) else full
    source = iter(full[-slots:] if slots <= len(full) else full)
    out = []
    for ch in mask[first:]:
        if ch in "_#X9x*":
            out.append(next(source, ""))
        else:
            out.append(ch)
    return (mask[:first] + "".join(out)).strip()


def candidates(phone: str) -> list[str]:
    """Formats to try, most common in RU/UA/international shops first."""
    cc, n = split_number(phone)
    if len(n) != 10:
        return [*phones.formats(phone), phone, digits(phone)]
    a, b, c, d = n[:3], n[3:6], n[6:8], n[8:]
    plus = f"+{cc}" if cc else ""
    trunk = "8" if cc == "7" else "0" if cc == "380" else ""
    forms = [
        f"{plus} ({a}) {b}-{c}-{d}".strip(),
        f"{plus}{n}",
        f"{cc}{n}",
        f"{trunk}{n}" if trunk else f"0{n}",
        f"{plus} {a} {b}-{c}-{d}".strip(),
        n,
        phone,
    ]
    seen: list[str] = []
    for f in forms:
        if f and f not in seen:
            seen.append(f)
    return seen


def hint_to_regex(hint: str) -> re.Pattern[str] | None:
    """'8XXXXXXXXXX' or '+7 (999) 999-99-99' in an error text -> a regex of that shape."""
    m = re.search(r"(\+?[\d ]{0,3}[\s(]*[X9Х_#]{2,4}[)\s-]*[X9Х_#\s-]{5,})", hint)
    if not m:
        return None
    shape = m.group(1).strip()
    out = ""
    for ch in shape:
        if ch in "X9Х_#":
            out += r"\d"
        else:
            out += re.escape(ch)
    return re.compile(out)


def fits(value: str, *, pattern: str = "", maxlength: int = 0, hint: re.Pattern[str] | None = None) -> bool:
    if maxlength and len(value) > maxlength:
        return False
    if pattern:
        try:
            if not re.fullmatch(pattern, value):
                return False
        except re.error:
            pass
    return not (hint is not None and not hint.fullmatch(value))


def choose(
    phone: str,
    *,
    mask: str = "",
    placeholder: str = "",
    pattern: str = "",
    maxlength: int = 0,
    hint: str = "",
    avoid: tuple[str, ...] = (),
    digits_only: bool = False,
) -> str:
    """The persona's phone as the field (or the shop's last error) asks for it.

    ``digits_only`` is for <input type=number>, which refuses "+", spaces and brackets.
    """
    if digits_only:
        pattern = pattern or r"\d+"
    regex = hint_to_regex(hint) if hint else None
    shaped: list[str] = []
    for m in (mask, placeholder):
        if m and is_mask(m.replace("9", "_")) or (m and is_mask(m)):
            shaped.append(apply_mask(phone, m.replace("9", "_") if "_" not in m else m))
    for value in [*shaped, *candidates(phone)]:
        if value in avoid:
            continue
        if fits(value, pattern=pattern, maxlength=maxlength, hint=regex):
            return value
    return candidates(phone)[0]
