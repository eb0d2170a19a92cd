"""Normalizers shared by every reader: registry vocabularies, dates, ages, markdown escapes.

Each function maps what one format writes ("Not yet recruiting", "Phase 1/Phase 2", "September 15, 2023",
"18 Years") onto the API v2 vocabulary the Trial contract uses, and returns None rather than guess when
the input is not recognised.
"""

from __future__ import annotations

import re
from datetime import date

from ..schema import Age

_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>^|~=&\"'])")


def unescape_markdown(text: str) -> str:
    r"""Drop the backslashes markdown exporters put before punctuation (``\[``, ``\<``, ``m\^2``, ``1\.``)."""
    return _MD_ESCAPE.sub(r"\1", text)


def clean(text: str | None) -> str | None:
    """Unescape markdown, collapse white space, and turn empty strings into None."""
    if text is None:
        return None
    text = " ".join(unescape_markdown(text).split())
    return text or None


def clean_block(text: str | None) -> str | None:
    """Like :func:`clean` for multi-line fields (descriptions, summaries): keeps line breaks.

    Line structure carries meaning in descriptions ("Pharmaceutical form: ..." / "Route of
    administration: ..."; bullet lists of doses), so lines are kept, each with its white space
    collapsed, and runs of blank lines fold into one.
    """
    if text is None:
        return None
    lines = [" ".join(line.split()) for line in unescape_markdown(text).splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") or None


def enum_token(text: str | None) -> str | None:
    """``"Active, not recruiting"`` -> ``"ACTIVE_NOT_RECRUITING"`` (the API v2 spelling)."""
    if not text:
        return None
    token = re.sub(r"[^A-Za-z0-9]+", "_", text.strip()).strip("_").upper()
    return token or None


_STATUS_ALIASES = {
    "NOT_YET_ENROLLING": "NOT_YET_RECRUITING",
    "ENROLLING": "RECRUITING",
    "ENROLLING_BY_INVITATION_ONLY": "ENROLLING_BY_INVITATION",
    "ACTIVE_NOT_ENROLLING": "ACTIVE_NOT_RECRUITING",
    "UNKNOWN_STATUS": "UNKNOWN",
    "STATUS_UNKNOWN": "UNKNOWN",
}

STATUSES = frozenset(
    {
        "ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING",
        "RECRUITING", "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE",
        "TEMPORARILY_NOT_AVAILABLE", "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN",
    }
)


def status(text: str | None) -> str | None:
    """Recruitment status in API v2 vocabulary; unknown spellings are kept upper-snake-cased."""
    token = enum_token(text)
    if token is None:
        return None
    return _STATUS_ALIASES.get(token, token)


_PHASE_RE = re.compile(r"(early\s*phase\s*(?:1|i)\b)|phase\s*([1-4]|iv|iii|ii|i)\b|\b(n/?a)\b", re.I)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def phases(text: str | None) -> list[str]:
    """``"Phase 1/Phase 2"``, ``"Phase 1 Phase 2"``, ``"PHASE2"``, ``"N/A"`` -> API v2 phase list."""
    if not text:
        return []
    out: list[str] = []
    for early, num, na in _PHASE_RE.findall(text.replace("_", " ")):
        if early:
            value = "EARLY_PHASE1"
        elif num:
            value = "PHASE" + _ROMAN.get(num.lower(), num)
        else:
            value = "NA"
        if value not in out:
            out.append(value)
    return out


_STUDY_TYPES = {
    "INTERVENTIONAL": "INTERVENTIONAL",
    "OBSERVATIONAL": "OBSERVATIONAL",
    "EXPANDED_ACCESS": "EXPANDED_ACCESS",
    "PATIENT_REGISTRY": "OBSERVATIONAL",
}


def study_type(text: str | None) -> str | None:
    """``"Interventional (Clinical Trial)"`` -> ``"INTERVENTIONAL"``."""
    token = enum_token(text)
    if token is None:
        return None
    for key, value in _STUDY_TYPES.items():
        if token.startswith(key):
            return value
    return token


_ARM_TYPES = {
    "EXPERIMENTAL": "EXPERIMENTAL",
    "ACTIVE_COMPARATOR": "ACTIVE_COMPARATOR",
    "PLACEBO_COMPARATOR": "PLACEBO_COMPARATOR",
    "SHAM_COMPARATOR": "SHAM_COMPARATOR",
    "NO_INTERVENTION": "NO_INTERVENTION",
    "OTHER": "OTHER",
    "EXPERIMENTAL_GROUP": "EXPERIMENTAL",
    "ACTIVE_COMPARATOR_GROUP": "ACTIVE_COMPARATOR",
    "PLACEBO_COMPARATOR_GROUP": "PLACEBO_COMPARATOR",
    "PLACEBO_GROUP": "PLACEBO_COMPARATOR",
    "SHAM_COMPARATOR_GROUP": "SHAM_COMPARATOR",
    "NO_INTERVENTION_GROUP": "NO_INTERVENTION",
    "OTHER_GROUP": "OTHER",
}


def arm_type(text: str | None) -> str | None:
    """``"Active Comparator"``/``"Experimental group"`` -> API v2 arm type, or None if unrecognised."""
    return _ARM_TYPES.get(enum_token(text) or "")


INTERVENTION_TYPES = frozenset(
    {
        "DRUG", "BIOLOGICAL", "DEVICE", "PROCEDURE", "RADIATION", "BEHAVIORAL", "GENETIC",
        "DIETARY_SUPPLEMENT", "COMBINATION_PRODUCT", "DIAGNOSTIC_TEST", "OTHER",
    }
)


def intervention_type(text: str | None) -> str | None:
    """``"Drug"``, ``"Dietary Supplement"``, ``"Procedure/Surgery"`` -> API v2 intervention type."""
    token = enum_token(text)
    if token is None:
        return None
    if token in INTERVENTION_TYPES:
        return token
    for known in INTERVENTION_TYPES:
        if token.startswith(known):
            return known
    return None


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_WORD_DATE = re.compile(r"^([A-Za-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")
_DMY_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def iso_date(text: str | None) -> str | None:
    """``"September 15, 2023"`` -> ``"2023-09-15"``; ``"November 1986"`` -> ``"1986-11"``; ISO passes through.

    Returns None for anything that is not a valid calendar date, so a garbled page never yields a date.
    """
    if not text:
        return None
    text = " ".join(text.split())
    year = month = day = None
    if m := _ISO_DATE.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        day = int(m.group(3)) if m.group(3) else None
    elif m := _WORD_DATE.match(text):
        month = _MONTHS.get(m.group(1).lower())
        day = int(m.group(2)) if m.group(2) else None
        year = int(m.group(3))
    elif m := _DMY_DATE.match(text):
        day, month, year = int(m.group(1)), _MONTHS.get(m.group(2).lower()), int(m.group(3))
    if year is None or month is None:
        return None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


_AGE_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*(years?|yrs?|months?|weeks?|days?|hours?|minutes?)?$", re.I)
_AGE_UNITS = {"y": "YEARS", "m": "MONTHS", "w": "WEEKS", "d": "DAYS", "h": "HOURS"}


def age(text: str | None, *, default_unit: str = "YEARS") -> Age | None:
    """``"18 Years"`` -> ``Age(value=18, unit="YEARS")``; ``"N/A"`` and garbage -> None."""
    if not text:
        return None
    m = _AGE_RE.match(" ".join(text.split()))
    if not m:
        return None
    unit_text = (m.group(2) or "").lower()
    if unit_text.startswith("min"):
        unit = "MINUTES"
    elif unit_text:
        unit = _AGE_UNITS[unit_text[0]]
    else:
        unit = default_unit
    return Age(value=float(m.group(1)), unit=unit)  # type: ignore[arg-type]


def sex(text: str | None) -> str | None:
    """``"All"``, ``"Both"``, ``"Female"``, ``"Male"`` -> ALL / FEMALE / MALE, else None."""
    token = enum_token(text)
    if token in {"ALL", "BOTH", "MALE_AND_FEMALE", "FEMALE_AND_MALE"}:
        return "ALL"
    if token in {"FEMALE", "FEMALES", "WOMEN"}:
        return "FEMALE"
    if token in {"MALE", "MALES", "MEN"}:
        return "MALE"
    return None


def yes_no(text: str | bool | None) -> bool | None:
    """``"Yes"``/``"No"``/``"Accepts Healthy Volunteers"``/``True`` -> bool, else None."""
    if isinstance(text, bool) or text is None:
        return text
    token = enum_token(text) or ""
    if token in {"YES", "TRUE", "ACCEPTS_HEALTHY_VOLUNTEERS"}:
        return True
    if token in {"NO", "FALSE", "NO_HEALTHY_VOLUNTEERS"}:
        return False
    return None


NCT_RE = re.compile(r"\bNCT\d{8}\b")


_NUM = r"(\d+(?:\.\d+)?)"
_UNIT = r"(years?|yrs?|months?|weeks?|days?|hours?|minutes?)"
_AGE_BETWEEN = re.compile(rf"^{_NUM}\s*{_UNIT}?\s+(?:to|-|–)\s+{_NUM}\s*{_UNIT}$", re.I)
_AGE_FROM = re.compile(rf"^{_NUM}\s*{_UNIT}?\s*(?:\+|and (?:older|over|above)|or (?:older|over|more))\s*{_UNIT}?$", re.I)
_AGE_UP_TO = re.compile(rf"^up to\s+{_NUM}\s*{_UNIT}$", re.I)


def age_range(text: str | None) -> tuple[Age | None, Age | None]:
    """An age range as pages print it -> ``(minimum, maximum)``; a side the text does not give is None.

    ``"18 Years to 75 Years (Adult, Older Adult)"``, ``"18 to 75 years old"`` -> (18 YEARS, 75 YEARS);
    ``"18 Years and older (Adult)"``, ``"18+ years old"`` -> (18 YEARS, None); ``"up to 17 Years"`` ->
    (None, 17 YEARS). A trailing parenthesised age-group list and ``old`` are ignored; a bare
    ``"18 Years"`` or an age-group list alone (``"Child, Adult"``) says nothing about which limit it
    is, so it gives (None, None).
    """
    text = clean(text)
    if not text:
        return None, None
    text = re.sub(r"\s*\([^()]*\)\s*$", "", text)
    text = re.sub(r"\s+old$", "", text, flags=re.I)
    if m := _AGE_BETWEEN.match(text):
        high_unit = m.group(4)
        return age(f"{m.group(1)} {m.group(2) or high_unit}"), age(f"{m.group(3)} {high_unit}")
    if m := _AGE_FROM.match(text):
        unit = m.group(2) or m.group(3)
        return (age(f"{m.group(1)} {unit}") if unit else None), None
    if m := _AGE_UP_TO.match(text):
        return None, age(f"{m.group(1)} {m.group(2)}")
    return None, None


_NOT_APPLICABLE = frozenset({"N_A", "NA", "NOT_APPLICABLE", "NONE"})


def not_applicable(text: str | None) -> bool:
    """True for the registry's placeholders for "no value": ``"N/A"``, ``"NA"``, ``"Not Applicable"``, ``"None"``."""
    return enum_token(text) in _NOT_APPLICABLE


def phase_list(values: list[str]) -> list[str]:
    """Phase values one per item (API v2 ``["PHASE1", "PHASE2"]``, API v1 ``["Not Applicable"]``) -> API v2 list.

    :func:`phases` reads one free-text string; API v1 also writes "Not Applicable", which it does not know.
    """
    out: list[str] = []
    for value in values:
        for phase in ["NA"] if not_applicable(value) else phases(value):
            if phase not in out:
                out.append(phase)
    return out


_ENROLLMENT_TYPES = {"ACTUAL": "ACTUAL", "ESTIMATED": "ESTIMATED", "ESTIMATE": "ESTIMATED", "ANTICIPATED": "ESTIMATED"}


def enrollment_type(text: str | None) -> str | None:
    """``"Actual"`` -> ``"ACTUAL"``; ``"Anticipated"``/``"ESTIMATED"`` -> ``"ESTIMATED"`` (API v2 renamed it); else None."""
    return _ENROLLMENT_TYPES.get(enum_token(text) or "")


_TYPE_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z /_-]*?)\s*:\s*")


def strip_intervention_type(name: str) -> str:
    """``"Drug: aspirin"`` -> ``"aspirin"``: drop the type prefix ClinicalTrials.gov puts before arm intervention names.

    Only a known intervention type is removed, so a name that merely contains a colon ("Arm A: 5 mg") is kept.
    """
    m = _TYPE_PREFIX.match(name)
    if m and (enum_token(m.group(1)) in INTERVENTION_TYPES or enum_token(m.group(1)) == "PROCEDURE_SURGERY"):
        rest = name[m.end():].strip()
        if rest:
            return rest
    return name.strip()
