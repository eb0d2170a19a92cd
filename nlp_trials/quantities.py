"""Parse the text of a dose, lab value or duration into numbers, a comparator and a UCUM unit.

Pure functions over strings, no spaCy: the pipeline's span getters, the linker and the exporters all
call :func:`parse_quantity` / :func:`parse_duration` on a span's text, so a value is parsed the same
way wherever it is read.

What trial text writes, and what comes out::

    "≥ 1.5×10 9 /L"                 comparator ">=", value 1.5, unit "10*9/L"
    "greater than or equal to 1,500/mm3"   ">=", 1500, "/mm3"
    "≤ 2.5×ULN", "< 5 X ULN"        "<=", 2.5, reference "ULN" (unit None: a multiple of the limit)
    "200-300mg"                     comparator "between", low 200, high 300, unit "mg"
    "1.2 mg/m\\^2"                  value 1.2, unit "mg/m2", basis "m2"
    "AUC 5"                         value 5, basis "auc"
    "0 or 1", "0-1"                 "between", low 0, high 1
    "within 4 weeks"                comparator "<=", value 4, unit "wk", days 28

Units are UCUM codes (``mg/m2``, ``10*9/L``, ``mm[Hg]``, ``[IU]/mL``); a unit the table does not
know is returned as written, and ``unit_known`` says so, rather than guessing. Months count 30 days
and years 365 when converted to ``days``: eligibility windows are written in round numbers, and a
screener compares them as such.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Literal

Comparator = Literal["<", "<=", "=", ">=", ">", "between"]

# Comparator words, longest first so "greater than or equal to" wins over "greater than".
_COMPARATOR_WORDS: tuple[tuple[str, Comparator], ...] = (
    (r"greater\s+than\s+or\s+equal\s+to", ">="),
    (r"more\s+than\s+or\s+equal\s+to", ">="),
    (r"less\s+than\s+or\s+equal\s+to", "<="),
    (r"equal\s+to\s+or\s+(?:greater|more|higher)\s+than", ">="),
    (r"equal\s+to\s+or\s+(?:less|lower)\s+than", "<="),
    (r"(?:no|not)\s+(?:less|lower|fewer)\s+than", ">="),
    (r"(?:no|not)\s+(?:greater|more|higher)\s+than", "<="),
    (r"at\s+least", ">="),
    (r"a\s+minimum\s+of", ">="),
    (r"minimum(?:\s+of)?", ">="),
    (r"at\s+most", "<="),
    (r"a\s+maximum\s+of", "<="),
    (r"maximum(?:\s+of)?", "<="),
    (r"up\s+to", "<="),
    (r"within", "<="),
    (r"(?:greater|more|higher)\s+than", ">"),
    (r"(?:less|lower|fewer)\s+than", "<"),
    (r"exceeding|exceeds?|above|over", ">"),
    (r"below|under", "<"),
    (r"equal\s+to|equals?", "="),
)
_COMPARATOR_SYMBOLS: tuple[tuple[str, Comparator], ...] = (
    ("≥", ">="), ("⩾", ">="), (">=", ">="), ("=>", ">="), ("≧", ">="),
    ("≤", "<="), ("⩽", "<="), ("<=", "<="), ("=<", "<="), ("≦", "<="),
    (">", ">"), ("<", "<"), ("=", "="),
)
_WORD_RE = re.compile(r"\b(?:" + "|".join(f"(?P<w{i}>{w})" for i, (w, _) in enumerate(_COMPARATOR_WORDS)) + r")\b", re.I)

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_NUMBER_RE = re.compile(_NUMBER)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# "×10 9 /L", "x10^9/L", "× 10⁹/L", "*10^9/L", "10e9/L": a power of ten written in every way pages do.
_POWER_RE = re.compile(r"^\s*(?:[x×X*·]\s*)?10\s*(?:\^|\*\*|e|E)?\s*(?P<exp>[0-9]{1,2})\b\s*(?P<rest>.*)$", re.S)
_RANGE_SEP_RE = re.compile(r"^\s*(?:-|–|—|~|to|or|and)\s*", re.I)
_BETWEEN_RE = re.compile(r"\bbetween\b", re.I)
_ULN_RE = re.compile(
    r"^\s*(?:[x×X*]|times)?\s*(?:the\s+)?(?:institutional\s+)?(?P<ref>ULN|LLN|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|lower\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|(?:I|institutional\s+)?ULN)\b",
    re.I,
)
_AUC_RE = re.compile(r"\bAUC\s*(?:of\s*)?(?:=\s*)?", re.I)

# Written unit (lower-cased, spaces removed, markdown escapes and superscripts folded) -> UCUM code.
_UNITS: dict[str, str] = {
    "mg": "mg", "g": "g", "kg": "kg", "mcg": "ug", "µg": "ug", "μg": "ug", "ug": "ug", "ng": "ng", "gm": "g",
    "mg/m2": "mg/m2", "mg/m^2": "mg/m2", "mg/m²": "mg/m2", "mg/sqm": "mg/m2", "g/m2": "g/m2", "g/m^2": "g/m2",
    "mcg/m2": "ug/m2", "µg/m2": "ug/m2", "ug/m2": "ug/m2", "mg/kg": "mg/kg", "mcg/kg": "ug/kg", "µg/kg": "ug/kg",
    "ug/kg": "ug/kg", "g/kg": "g/kg", "mg/day": "mg/d", "mg/d": "mg/d", "mg/kg/day": "mg/kg/d", "g/day": "g/d",
    "mcg/day": "ug/d", "mg/week": "mg/wk", "iu": "[IU]", "u": "U", "units": "U", "mu": "m[IU]", "miu": "m[IU]",
    "iu/kg": "[IU]/kg", "u/kg": "U/kg", "mg/ml": "mg/mL", "ml": "mL", "l": "L", "gy": "Gy", "cgy": "cGy",
    "g/dl": "g/dL", "g/l": "g/L", "mg/dl": "mg/dL", "mg/l": "mg/L", "µmol/l": "umol/L", "μmol/l": "umol/L",
    "umol/l": "umol/L", "mmol/l": "mmol/L", "mmol/mol": "mmol/mol", "mol/l": "mol/L", "nmol/l": "nmol/L",
    "pmol/l": "pmol/L", "mg/24h": "mg/(24.h)", "g/24h": "g/(24.h)", "g/24hours": "g/(24.h)", "mg/24hours": "mg/(24.h)",
    "ml/min": "mL/min", "ml/min/1.73m2": "mL/min/{1.73_m2}", "ml/min/1.73m^2": "mL/min/{1.73_m2}",
    "ml/min/1.73m²": "mL/min/{1.73_m2}", "ml/min/1.73": "mL/min/{1.73_m2}",
    "/l": "/L", "/ul": "/uL", "/µl": "/uL", "/μl": "/uL", "/mm3": "/mm3", "/mm^3": "/mm3", "/mm³": "/mm3",
    "cells/mm3": "/mm3", "cells/mm^3": "/mm3", "cells/µl": "/uL", "cells/ul": "/uL", "cells/μl": "/uL",
    "/dl": "/dL", "10*9/l": "10*9/L", "10*12/l": "10*12/L", "10*6/l": "10*6/L", "10*3/ul": "10*3/uL",
    "10*3/µl": "10*3/uL", "10*3/mm3": "10*3/mm3", "10*9/ml": "10*9/mL",
    "u/l": "U/L", "iu/l": "[IU]/L", "iu/ml": "[IU]/mL", "ku/l": "k[IU]/L", "copies/ml": "{copies}/mL",
    "mmhg": "mm[Hg]", "mm/hg": "mm[Hg]", "ms": "ms", "msec": "ms", "bpm": "/min", "beats/min": "/min",
    "%": "%", "percent": "%", "kg/m2": "kg/m2", "kg/m^2": "kg/m2", "kg/m²": "kg/m2", "cm": "cm", "mm": "mm",
    "ng/ml": "ng/mL", "pg/ml": "pg/mL", "µg/l": "ug/L", "ug/l": "ug/L", "ng/dl": "ng/dL", "mosm/kg": "mosm/kg",
    "sec": "s", "seconds": "s", "s": "s", "+": "{+}", "++": "{++}",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d", "wk": "wk", "wks": "wk", "week": "wk", "weeks": "wk",
    "mo": "mo", "month": "mo", "months": "mo", "y": "a", "yr": "a", "yrs": "a", "year": "a", "years": "a",
    "min": "min", "minute": "min", "minutes": "min", "cycle": "{cycle}", "cycles": "{cycle}",
}
#: Days per UCUM time unit, for ``days``.
DAYS_PER_UNIT: dict[str, float] = {"min": 1 / 1440, "h": 1 / 24, "d": 1, "wk": 7, "mo": 30, "a": 365}
_TIME_UNIT_WORDS = re.compile(
    r"(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|wk|months?|mos?|years?|yrs?|y)\b", re.I
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30,
    "sixty": 60, "ninety": 90, "a": 1, "an": 1, "single": 1,
}
_WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\b(?=[\s-]+[a-z])", re.I)


@dataclass(frozen=True)
class Quantity:
    """A parsed amount. ``value`` for a single number, ``low``/``high`` for a range (comparator "between")."""

    comparator: Comparator | None = None
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    unit_text: str | None = None
    unit_known: bool = True
    reference: Literal["ULN", "LLN"] | None = None
    basis: Literal["flat", "m2", "kg", "auc"] | None = None
    days: float | None = None
    low_days: float | None = None
    high_days: float | None = None

    def to_dict(self) -> dict[str, object]:
        """The fields that are set (None dropped; ``unit_known`` only when False)."""
        out = {k: v for k, v in asdict(self).items() if v is not None}
        if out.get("unit_known") is True:
            del out["unit_known"]
        return out


def normalize_text(text: str) -> str:
    """Fold what pages and typing do to numbers: markdown escapes, superscripts, odd spaces and signs."""
    text = re.sub(r"\\([\\^\[\]<>()*_.+\-=|~])", r"\1", text)
    text = text.translate(_SUPERSCRIPTS).replace("\u00a0", " ").replace("\u2009", " ").replace("−", "-")
    return text


def _comparator(text: str) -> tuple[Comparator | None, str]:
    """Leading comparator of ``text`` (symbol or words) and the rest."""
    s = text.lstrip()
    for sym, comp in _COMPARATOR_SYMBOLS:
        if s.startswith(sym):
            return comp, s[len(sym):]
    m = _WORD_RE.match(s)
    if m:
        for i, (_, comp) in enumerate(_COMPARATOR_WORDS):
            if m.group(f"w{i}"):
                return comp, s[m.end():]
    return None, text


def find_comparator(text: str) -> tuple[Comparator | None, int]:
    """The first comparator anywhere in ``text`` and where the number after it may start."""
    s = normalize_text(text)
    best: tuple[int, Comparator | None, int] = (len(s) + 1, None, 0)
    for sym, comp in _COMPARATOR_SYMBOLS:
        i = s.find(sym)
        if 0 <= i < best[0]:
            best = (i, comp, i + len(sym))
    m = _WORD_RE.search(s)
    if m and m.start() < best[0]:
        for i, (_, comp) in enumerate(_COMPARATOR_WORDS):
            if m.group(f"w{i}"):
                best = (m.start(), comp, m.end())
                break
    return best[1], best[2]


def _number(text: str) -> tuple[float | None, str]:
    m = _NUMBER_RE.match(text.lstrip())
    if not m:
        return None, text
    return float(m.group(0).replace(",", "")), text.lstrip()[m.end():]


def normalize_unit(unit_text: str) -> tuple[str | None, bool]:
    """A written unit -> (UCUM code, known?). Unknown units come back as written with known=False."""
    raw = normalize_text(unit_text).strip().strip(".,;:)(")
    if not raw:
        return None, True
    key = re.sub(r"\s+", "", raw).lower().replace("μ", "µ").replace("·", "*")
    key = re.sub(r"^(?:[x×*]10\*?\*?\^?|10\^|10e|10\*\*?)(\d{1,2})", r"10*\1", key)
    key = re.sub(r"^(?:[x×*])?10\*(\d{1,2})", r"10*\1", key)
    if key in _UNITS:
        return _UNITS[key], True
    if key.endswith("/day") and key[:-4] in _UNITS:
        return _UNITS[key[:-4]] + "/d", True
    return raw, False


def _basis(unit: str | None) -> Literal["flat", "m2", "kg"] | None:
    if unit is None:
        return None
    if "/m2" in unit and not unit.startswith("kg"):
        return "m2"
    if "/kg" in unit:
        return "kg"
    return "flat"


def parse_quantity(text: str) -> Quantity | None:
    """Parse a dose or lab value: comparator, number or range, power of ten, unit, ULN multiple, AUC.

    Returns None when the text holds no number at all.
    """
    s = normalize_text(text).strip()
    between = bool(_BETWEEN_RE.search(s))
    s = _BETWEEN_RE.sub(" ", s)
    comp, rest = _comparator(s)
    auc = _AUC_RE.search(rest)
    if auc and auc.start() < 3:
        rest = rest[auc.end():]
    first, rest = _number(rest)
    if first is None:
        # "AUC of 5", "dose of 10 mg": a number later in the text.
        m = _NUMBER_RE.search(rest)
        if not m:
            return None
        if comp is None:
            comp, _ = find_comparator(rest[: m.start()])
        auc = auc or _AUC_RE.search(rest[: m.start()])
        first, rest = float(m.group(0).replace(",", "")), rest[m.end():]
    low = high = None
    sep = _RANGE_SEP_RE.match(rest)
    if sep:
        second, after = _number(rest[sep.end():])
        if second is not None:
            low, high, rest = first, second, after
    elif between:
        between = False
    power = _POWER_RE.match(rest)
    scale_unit = None
    if power and (rest.lstrip()[:1] in "x×X*·" or rest.lstrip().startswith("10")):
        scale_unit = "10*" + power.group("exp")
        rest = power.group("rest")
    ref = _ULN_RE.match(rest)
    reference = None
    unit_text = None
    if ref:
        word = ref.group("ref").lower()
        reference = "LLN" if word.startswith(("lln", "lower")) else "ULN"
        rest = rest[ref.end():]
    else:
        m = re.match(r"\s*([^\s,;()\[\]]+(?:\s*/\s*[^\s,;()\[\]]+)*)", rest)
        unit_text = m.group(1) if m else None
        if unit_text and scale_unit is None and not re.match(r"[A-Za-zµμ%/+]", unit_text):
            unit_text = None
    if scale_unit is not None:
        unit_text = scale_unit + (unit_text or "")
    unit, known = normalize_unit(unit_text) if unit_text else (None, True)
    if unit is not None and not known and unit_text and not re.search(r"[/%]|\d", unit_text):
        # A plain word after the number ("3 prior lines", "2 times") is not a unit we can vouch for.
        unit, known, unit_text = None, True, None
    if low is not None:
        comparator: Comparator | None = "between"
        value = None
    else:
        comparator, value = comp, first
    basis = "auc" if auc else (_basis(unit) if unit and known and unit not in ("%",) and _is_amount(unit) else None)
    return Quantity(
        comparator=comparator,
        value=value,
        low=low,
        high=high,
        unit=unit,
        unit_text=unit_text.strip() if unit_text else None,
        unit_known=known,
        reference=reference,  # type: ignore[arg-type]
        basis=basis,  # type: ignore[arg-type]
    )


def _is_amount(unit: str) -> bool:
    """Is ``unit`` an amount of drug (mass, activity, dose per body size) rather than a concentration?"""
    head = unit.split("/")[0]
    return head in {"mg", "g", "ug", "ng", "kg", "[IU]", "U", "m[IU]", "Gy", "cGy", "mL"} and unit not in {
        "mg/dL", "g/dL", "mg/L", "g/L", "ug/L", "ng/mL", "mg/mL", "U/L", "[IU]/L", "[IU]/mL", "mL/min",
    } and not unit.startswith("mL/min")


def parse_duration(text: str) -> Quantity | None:
    """Parse an amount of time ("within 4 weeks prior to ...", "≥ 12 weeks", "at least 7 months", "2-3 days").

    ``days`` (or ``low_days``/``high_days``) converts the amount; None when there is no time unit.
    """
    s = normalize_text(text)
    s = _WORD_NUMBER_RE.sub(lambda m: str(_WORD_NUMBERS[m.group(1).lower()]), s)
    comp, at = find_comparator(s)
    m = re.search(r"(" + _NUMBER + r")(?:\s*(?:-|–|to|or)\s*(" + _NUMBER + r"))?[\s-]*", s)
    if not m:
        return None
    unit_m = _TIME_UNIT_WORDS.match(s, m.end())
    if not unit_m:
        return None
    unit, _ = normalize_unit(unit_m.group("unit"))
    if unit == "mo" and unit_m.group("unit").lower() == "m":
        return None
    per = DAYS_PER_UNIT.get(unit or "")
    a = float(m.group(1).replace(",", ""))
    if m.group(2):
        b = float(m.group(2).replace(",", ""))
        return Quantity(
            comparator="between", low=a, high=b, unit=unit, unit_text=unit_m.group("unit"),
            low_days=a * per if per else None, high_days=b * per if per else None,
        )
    if comp is not None and m.start() < at:
        comp = None  # the comparator belongs to something after the number
    return Quantity(comparator=comp, value=a, unit=unit, unit_text=unit_m.group("unit"), days=a * per if per else None)
