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

# Comparator words, longest first so "greater than or equal to" wins over "greater than"; "then" is
# how records often misspell "than" ("more then 1 hour").
_COMPARATOR_WORDS: tuple[tuple[str, Comparator], ...] = (
    # "greater or equal to 750 g", "equal or greater than 35 kg/m2": the "than"/"to" left out.
    (r"(?:greater|more|higher|superior)\s+(?:th[ae]n\s+)?or\s+equal(?:\s+(?:to|th[ae]n))?", ">="),
    (r"(?:less|lower|fewer|inferior)\s+(?:th[ae]n\s+)?or\s+equal(?:\s+(?:to|th[ae]n))?", "<="),
    (r"equal\s+(?:to\s+)?or\s+(?:greater|more|higher|above)(?:\s+th[ae]n)?", ">="),
    (r"equal\s+(?:to\s+)?or\s+(?:less|lower|fewer|below)(?:\s+th[ae]n)?", "<="),
    (r"(?:no|not)\s+(?:less|lower|fewer)\s+th[ae]n", ">="),
    (r"(?:no|not)\s+(?:greater|more|higher)\s+th[ae]n", "<="),
    (r"(?:no|not)\s+longer\s+th[ae]n", "<="),
    (r"(?:no|not)\s+shorter\s+th[ae]n", ">="),
    # Of an amount of time only: "no later than 40 days post-implant", "not earlier than 4 weeks after".
    (r"(?:no|not)\s+later\s+th[ae]n", "<="),
    (r"(?:no|not)\s+(?:earlier|sooner)\s+th[ae]n", ">="),
    (r"at\s+or\s+below", "<="),
    (r"at\s+or\s+above", ">="),
    (r"at\s+least", ">="),
    (r"a\s+minimum\s+of", ">="),
    (r"minimum(?:\s+of)?", ">="),
    (r"at\s+most", "<="),
    (r"a\s+maximum\s+of", "<="),
    (r"maximum(?:\s+of)?", "<="),
    (r"(?:up|limited)\s+to", "<="),
    (r"within", "<="),
    (r"(?:greater|more|higher|longer)\s+th[ae]n", ">"),
    (r"(?:less|lower|fewer|shorter)\s+th[ae]n", "<"),
    (r"(?:not|does\s+not|do\s+not)\s+(?:exceeding|exceed|to\s+exceed)", "<="),
    (r"in\s+excess\s+of|exceeding|exceeds?|above|over", ">"),
    (r"below|under", "<"),
    (r"equal\s+to|equals?", "="),
    (r"superior\s+to", ">"),
    (r"inferior\s+to", "<"),
)
_COMPARATOR_SYMBOLS: tuple[tuple[str, Comparator], ...] = (
    # ">/=" is how many records type ≥; full-width forms come from Chinese and Japanese registries.
    (">/=", ">="), ("=/>", ">="), ("</=", "<="), ("=/<", "<="), ("＞＝", ">="), ("＜＝", "<="),
    ("＞", ">"), ("＜", "<"), ("＝", "="), ("˃", ">"), ("˂", "<"),
    ("≥", ">="), ("⩾", ">="), (">=", ">="), ("=>", ">="), ("≧", ">="),
    ("≤", "<="), ("⩽", "<="), ("<=", "<="), ("=<", "<="), ("≦", "<="),
    (">_", ">="), ("<_", "<="),
    (">", ">"), ("<", "<"), ("=", "="),
)
# "< or = 2", "<or= 8", "less than or = 3": "or equal" half written as a sign.
_OR_EQUAL_RE = re.compile(r"([<>]|greater|more|less)(?:\s+than)?\s*or\s*=", re.I)
_WORD_RE = re.compile(r"\b(?:" + "|".join(f"(?P<w{i}>{w})" for i, (w, _) in enumerate(_COMPARATOR_WORDS)) + r")\b", re.I)

# A decimal comma ("1,5 mg/dL", "37,8 °C") is read as a decimal point when a unit follows or the whole
# part has two digits or more (and after a comparator: "INR < 1,5"); "1,500" is a thousand and
# "ECOG 0,1" a list.
_DECIMAL_COMMA = r"\d+,\d{1,2}(?=\s*(?!(?:or|and|to|nor)\b)[A-Za-zµμ%°℃×])|\d{2,},\d{1,2}(?![\d,])"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|" + _DECIMAL_COMMA + r"|\d+(?:\.\d+)?|\.\d+"
_DECIMAL_COMMA_RE = re.compile(r"\d+,\d{1,2}")
_MULTIPLE_COMPARATOR_RE = re.compile(
    r"^\s*(?:[x×X*]|times|-?fold)\s+(?P<cmp>(?:above|over|below|under|(?:higher|greater|lower|less)(?:\s+than)?))\s+(?=(?:the\s+)?(?:institutional\s+)?(?:ULN|LLN|upper|lower|normal)\b)",
    re.I,
)
# The plus signs of a dipstick grade after a comparator: "< ++", "≥ +++".
_PLUS_GRADE_RE = re.compile(r"\s*(\+{1,4})\s*")
# "38 ° C": the degree sign and its scale written apart.
_DEGREE_SPACE_RE = re.compile(r"[°º]\s+([CcFf])\b")
# "38.5 degrees Celsius", "101 degrees F": the scale's sign written out.
_DEGREE_WORDS_RE = re.compile(r"(?<=\d)\s*degrees?\s+(?:(C)(?:elsius)?|(c)entigrade|(F)(?:ahrenheit)?)\b", re.I)
_COMPARED_DECIMAL_COMMA_RE = re.compile(r"^(\s*\d+),(\d{1,2})(?![\d,])")


def to_float(number: str) -> float:
    """A number as written: thousands separated by commas ("1,500"), or a decimal comma ("1,5")."""
    if _DECIMAL_COMMA_RE.fullmatch(number):
        return float(number.replace(",", "."))
    return float(number.replace(",", ""))

_NUMBER_RE = re.compile(_NUMBER)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Odd spaces, minus and hyphen signs, and the full-width and wave-dash tildes of ranges typed in
# Chinese and Japanese ("70～110 mg/dL", "18〜65"), each folded to its plain form, one for one.
_SIGNS = str.maketrans({"\u00a0": " ", "\u2009": " ", "−": "-", "‐": "-", "‑": "-", "～": "~", "〜": "~"})
# "×10 9 /L", "x10^9/L", "× 10⁹/L", "*10^9/L", "10e9/L": a power of ten written in every way pages do.
_POWER_RE = re.compile(r"^\s*(?:[x×X*·]\s*)?10\s*(?:\^|\*\*|e|E)?\s*(?P<exp>[0-9]{1,2})\b\s*(?P<rest>.*)$", re.S)
_RANGE_SEP_RE = re.compile(r"^\s*(?:-|–|—|~|to|or|and)\s*", re.I)
#: A range whose unit is written after both numbers ("150m-550m", "100 mg - 200 mg", "5 g/dL-8 g/dL",
#: "18.5 kg/m2 - 30 kg/m2", "100 x 10^9/L to 400 x 10^9/L"; "7% and 10%" after "between").
_REPEATED_UNIT_RANGE_RE = re.compile(
    r"^\s*(?P<unit>(?:[x×X*·]\s*10\s*(?:\^|\*\*)?\s*[0-9]{1,2}\s*)?[A-Za-zµμ%°/][^\s,;()\[\]–~-]*)"
    r"\s*(?P<sep>-|–|—|~|to|and)\s*(?P<num>" + _NUMBER + r")\s*(?P=unit)(?![A-Za-z0-9])",
    re.I,
)
#: Grades listed with their plus signs ("2+ or 3+", "1+/2+"): any of them, so a range. Only the
#: "+" of a grade: "100 mg or 200 mg" is a choice of doses, no range.
_PLUS_LIST_RE = re.compile(r"^\s*\+\s*(?:or|and|/|,)\s*(?P<num>\d)\s*\+(?!\+)", re.I)
# "140/90 mmHg", "49/51 mg": numbers joined by slashes, each a part of one value (systolic and
# diastolic pressure, the amounts of a fixed-dose combination, sex-specific limits "> 89/102 cm");
# a unit follows, or nothing does ("< 140/90": a slash and number are no unit).
_PARTS_RE = re.compile(r"^(?:\s*/\s*\d+(?:\.\d+)?)+(?=\s*[A-Za-zµμ]|\s*$)")
#: Fractions, not parts: "1/2 tablet", "1/3 of the dose".
_FRACTIONS = frozenset({(1.0, 2.0), (1.0, 3.0), (1.0, 4.0), (2.0, 3.0), (3.0, 4.0)})
_BETWEEN_RE = re.compile(r"\b(?:between|(?:range(?:\s+(?:of|from|between))?|ranging(?:\s+(?:from|between))?)(?=\s*\d))\b", re.I)
_ULN_RE = re.compile(
    r"^\s*(?:(?:[x×X*]|times|-?fold)\s*)?(?:of\s+)?(?:the\s+)?(?:institutional\s+)?(?P<ref>ULN|LLN|upper\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|lower\s+limits?\s+of\s+(?:the\s+)?normal(?:\s+range)?|(?:upper|lower)\s+normal\s+limits?|normal\s+(?:upper|lower)\s+limits?|(?:I|institutional\s+)?ULN)\b",
    re.I,
)
#: "1.5 times normal", "2 x the upper normal", "3 times institutional normal": older records' way of
#: writing a multiple of the upper limit of normal (a multiplier is required: "normal" alone is no limit).
_TIMES_NORMAL_RE = re.compile(
    r"^\s*(?:[x×X*]|times)\s*(?:the\s+)?(?:institutional\s+)?(?:upper\s+)?normal\b(?!\s+(?:range|limits?|value))", re.I
)
#: The UCUM code of a carboplatin exposure (area under the concentration-time curve).
AUC_UNIT = "mg.min/mL"
#: The unit of an exposure as written, to its end: "mg/mL x min", "mg-min/mL", "mg·min/mL".
_AUC_UNIT_TEXT_RE = re.compile(r"\s*(mg\s*[/*·.x×-]?\s*(?:ml|min)(?:\s*[/*·.x×-]\s*(?:ml|min))?)", re.I)
_AUC_RE = re.compile(r"\b(?:AUC|area\s+under\s+the\s+(?:curve|concentration-time)(?:\s*\(AUC\))?)\s*(?:of\s*)?(?:[=:]\s*)?", re.I)

# Written unit (lower-cased, spaces removed, markdown escapes and superscripts folded) -> UCUM code.
_UNITS: dict[str, str] = {
    "mg": "mg", "g": "g", "kg": "kg", "mcg": "ug", "µg": "ug", "μg": "ug", "ug": "ug", "ng": "ng", "gm": "g",
    "mg/m2": "mg/m2", "mg/m^2": "mg/m2", "mg/m²": "mg/m2", "mg/sqm": "mg/m2", "g/m2": "g/m2", "g/m^2": "g/m2",
    "mcg/m2": "ug/m2", "µg/m2": "ug/m2", "ug/m2": "ug/m2", "mg/kg": "mg/kg", "mcg/kg": "ug/kg", "µg/kg": "ug/kg",
    "ug/kg": "ug/kg", "g/kg": "g/kg", "mg/day": "mg/d", "mg/d": "mg/d", "mg/kg/day": "mg/kg/d", "g/day": "g/d",
    "mcg/day": "ug/d", "mg/week": "mg/wk", "iu": "[IU]", "u": "U", "units": "U", "mu": "m[IU]", "miu": "m[IU]",
    "iu/kg": "[IU]/kg", "u/kg": "U/kg", "mg/ml": "mg/mL", "ml": "mL", "mls": "mL", "cc": "mL", "l": "L", "gy": "Gy", "cgy": "cGy",
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
    "mg%": "mg/dL", "gm%": "g/dL", "g%": "g/dL", "mcg%": "ug/dL", "µg%": "ug/dL", "ug%": "ug/dL",
    "gm/dl": "g/dL", "gms/dl": "g/dL", "gm/l": "g/L", "meq/l": "meq/L", "mg/100ml": "mg/dL",
    "sec": "s", "seconds": "s", "s": "s", "+": "{+}", "++": "{++}",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "d": "d", "day": "d", "days": "d", "wk": "wk", "wks": "wk", "week": "wk", "weeks": "wk",
    "mo": "mo", "month": "mo", "months": "mo", "y": "a", "yr": "a", "yrs": "a", "year": "a", "years": "a",
    "min": "min", "minute": "min", "minutes": "min", "cycle": "{cycle}", "cycles": "{cycle}",
    "miu/ml": "m[IU]/mL", "mui/ml": "m[IU]/mL", "miu/l": "m[IU]/L", "µiu/ml": "u[IU]/mL", "uiu/ml": "u[IU]/mL",
    "gram": "g", "grams": "g", "milligram": "mg", "milligrams": "mg", "microgram": "ug", "micrograms": "ug",
    "ui": "[IU]", "mci": "mCi", "mbq": "MBq", "gbq": "GBq", "million_units": "10*6.[IU]",
    "mg/ml/min": "mg/mL/min", "mg/ml*min": "mg/mL/min", "mg*min/ml": "mg.min/mL",
    "°c": "Cel", "℃": "Cel", "ºc": "Cel", "°f": "[degF]", "℉": "[degF]", "celsius": "Cel",
    "fahrenheit": "[degF]", "degreesfahrenheit": "[degF]", "degreesf": "[degF]", "degreescelsius": "Cel",
    "degreesc": "Cel", "degreescentigrade": "Cel", "centigrade": "Cel",
    "/minute": "/min", "/min": "/min", "breaths/min": "/min", "breaths/minute": "/min", "beats/minute": "/min",
    "pack-years": "{pack-years}", "pack-year": "{pack-years}", "packyears": "{pack-years}",
    "drinks/day": "{drinks}/d", "drinks/d": "{drinks}/d", "drink/day": "{drinks}/d", "drinks/week": "{drinks}/wk",
    "drinks/wk": "{drinks}/wk", "drinks/occasion": "{drinks}/{occasion}",
    "cigarettes/day": "{cigarettes}/d", "cigarette/day": "{cigarettes}/d", "cigs/day": "{cigarettes}/d",
    "cigarettes/d": "{cigarettes}/d",
    # Tumour mutational burden, mutations per megabase of sequenced DNA.
    "mut/mb": "{mutations}/{Mb}", "muts/mb": "{mutations}/{Mb}", "mutations/mb": "{mutations}/{Mb}",
    "mutations/megabase": "{mutations}/{Mb}", "mut/megabase": "{mutations}/{Mb}",
    # Lengths and areas of lesions, walks and vessels ("6-minute walk distance 150-550 m", "minimal
    # luminal area < 4 mm2"); "m2" alone is a body surface area.
    "m": "m", "meter": "m", "meters": "m", "metre": "m", "metres": "m", "mm2": "mm2", "mm^2": "mm2",
    "cm2": "cm2", "cm^2": "cm2", "m2": "m2", "m^2": "m2",
    # Wall and layer thicknesses ("carotid IMT > 1300 μm", "central subfield thickness ≥ 300 microns").
    "µm": "um", "um": "um", "micron": "um", "microns": "um", "micrometer": "um", "micrometers": "um",
    "micrometre": "um", "micrometres": "um",
    # Units spelled out or typed as older records do ("150 micromoles/liter", "45 cc/min",
    # "1500/mcL", "1500 per microliter", "35 units/mL").
    "micromoles/l": "umol/L", "micromol/l": "umol/L", "micromoles/liter": "umol/L", "micromoles/litre": "umol/L",
    "millimoles/l": "mmol/L", "mmol/liter": "mmol/L", "cc/min": "mL/min", "cc/minute": "mL/min", "ml/minute": "mL/min",
    "/mcl": "/uL", "/microliter": "/uL", "/microlitre": "/uL", "cells/mcl": "/uL", "/ml": "/mL", "cells/ml": "/mL",
    "u/ml": "U/mL", "units/ml": "U/mL", "units/l": "U/L", "mu/ml": "mU/mL",
    "micrograms/ml": "ug/mL", "microgram/ml": "ug/mL", "mcg/ml": "ug/mL", "µg/ml": "ug/mL", "ug/ml": "ug/mL",
    # Speeds of walking and of blood ("gait speed < 1 m/s", "peak velocity > 2 m/sec").
    "m/s": "m/s", "m/sec": "m/s", "cm/s": "cm/s", "cm/sec": "cm/s",
    # Letters read on a visual acuity chart ("ETDRS letter score between 24 and 70 letters").
    "letters": "{letters}", "letter": "{letters}",
    # Refraction ("myopia > 6 diopters"); a capital "D" after a number is read as one (below).
    "diopter": "[diop]", "diopters": "[diop]", "dioptre": "[diop]", "dioptres": "[diop]", "dpt": "[diop]",
}
#: Units whose capital letter is their meaning, matched as written (spaces removed).
_CAPITAL_UNITS: dict[str, str] = {"D": "[diop]", "G/L": "10*9/L", "G/l": "10*9/L", "T/L": "10*12/L", "T/l": "10*12/L"}
#: Parts of a compound dose unit ("mcg/kg/min", "Gy/fraction", "10^6 cells/kg") that the table above
#: does not list whole: an amount, then denominators.
_AMOUNT_PARTS: dict[str, str] = {
    "mg": "mg", "g": "g", "gm": "g", "gram": "g", "grams": "g", "milligram": "mg", "milligrams": "mg",
    "mcg": "ug", "µg": "ug", "ug": "ug", "microgram": "ug", "micrograms": "ug", "ng": "ng",
    "iu": "[IU]", "ui": "[IU]", "u": "U", "units": "U", "million_units": "10*6.[IU]", "gy": "Gy", "cgy": "cGy",
    "mci": "mCi", "mbq": "MBq", "gbq": "GBq", "ml": "mL", "mls": "mL", "cc": "mL", "pfu": "[PFU]", "cfu": "[CFU]", "vp": "{VP}",
    "tcid50": "{TCID50}", "cells": "{cells}", "vg": "{vg}", "gc": "{GC}", "particles": "{particles}",
}
_PER_PARTS: dict[str, str] = {
    "m2": "m2", "m^2": "m2", "m²": "m2", "sqm": "m2", "msq": "m2", "kg": "kg", "kgbw": "kg", "kilogram": "kg",
    "day": "d", "d": "d", "h": "h", "hr": "h", "hour": "h", "min": "min", "week": "wk", "wk": "wk",
    "dose": "{dose}", "fraction": "{fraction}", "fx": "{fraction}", "cycle": "{cycle}", "course": "{cycle}",
    "infusion": "{infusion}", "administration": "{dose}",
}
#: Amount heads of a compound unit (after any power of ten): what makes it a dose, not a concentration.
_AMOUNT_HEADS = frozenset(_AMOUNT_PARTS.values()) | {"kg", "m[IU]"}
#: Denominators that make an amount a concentration (a lab value).
_VOLUME_PARTS = frozenset({"L", "dL", "mL", "uL", "mm3", "mL/min"})
#: Days per UCUM time unit, for ``days``.
DAYS_PER_UNIT: dict[str, float] = {"min": 1 / 1440, "h": 1 / 24, "d": 1, "wk": 7, "mo": 30, "a": 365}
_TIME_UNIT_WORDS = re.compile(
    r"(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?|wk|months?|mos?|years?|yrs?|y)\b", re.I
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1,
}
_ARTICLES = frozenset({"a", "an", "single"})


def number_word(word: str) -> int | None:
    """The value of a number written as a word ("twelve" -> 12, "zero" -> 0); None for any other
    word, articles included ("a" reads as 1 only before a unit, inside :func:`parse_duration`)."""
    w = word.strip().lower()
    if w == "zero":
        return 0
    return None if w in _ARTICLES else _WORD_NUMBERS.get(w)


_WORD_NUMBER_RE = re.compile(r"\b(" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\b(?=[\s-]+[a-z])", re.I)


@dataclass(frozen=True)
class Quantity:
    """A parsed amount. ``value`` for a single number, ``low``/``high`` for a range (comparator "between"),
    ``parts`` for numbers joined by slashes ("140/90 mmHg", "49/51 mg"; ``value`` is then None)."""

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
    parts: tuple[float, ...] | None = None

    def to_dict(self) -> dict[str, object]:
        """The fields that are set (None dropped; ``unit_known`` only when False)."""
        out = {k: v for k, v in asdict(self).items() if v is not None}
        if out.get("unit_known") is True:
            del out["unit_known"]
        return out


_E_NOTATION_RE = re.compile(r"(?<![\w.])((?!10[eE])\d+(?:\.\d+)?)[eE]\+?(\d{1,2})\b")


def normalize_text(text: str) -> str:
    """Fold what pages and typing do to numbers: markdown escapes, superscripts, odd spaces and signs,
    and a comparator word glued to its number ("at least7 months" -> "at least 7 months")."""
    text = re.sub(r"\\([\\^\[\]<>()*_.+\-=|~])", r"\1", text)
    text = text.translate(_SUPERSCRIPTS).translate(_SIGNS)
    text = _GLUED_WORD_RE.sub(r"\1 ", text)
    # An exponent a converter put in brackets: "/mm(3)" -> "/mm3", "10(9)/L" -> "10^9/L".
    text = re.sub(r"(?<=[A-Za-z])\((\d)\)", r"\1", text)
    text = re.sub(r"\b10\((\d{1,2})\)", r"10^\1", text)
    # E notation of a count: "5E+05 TCID50" -> "5 x 10^5 TCID50", "2.5e8 vg/kg" -> "2.5 x 10^8 vg/kg"
    # ("10e9/L" is a power of ten already, read as "10^9/L").
    text = _E_NOTATION_RE.sub(lambda m: f"{m.group(1)} x 10^{int(m.group(2))}", text)
    # A number spelled out and restated in digits counts once: "six (6) weeks" -> "6 weeks".
    return _RESTATED_RE.sub(lambda m: m.group(2) if _WORD_NUMBERS.get(m.group(1).lower()) == int(m.group(2)) else m.group(0), text)


_RESTATED_RE = re.compile(r"\b([A-Za-z]+)\s*\(\s*(\d{1,3})\s*\)")


#: A comparator word typed without the space before its number ("at least7", "more than6").
_GLUED_WORD_RE = re.compile(r"\b(least|most|than|within|to)(?=\d)", re.I)
#: A comparator written after the amount: "6 weeks or more", "2 or lower", "35 kg/m2 or greater".
_POSTFIX_RE = re.compile(
    r"\b(?:or|and)\s+(?:(?P<ge>more|greater|higher|above|over|longer|later|worse)|(?P<le>less|lower|fewer|below|under|shorter|earlier|better))\b",
    re.I,
)


def postfix_comparator(text: str, at: int | None = None) -> Comparator | None:
    """The comparator of "... or more" (">=") / "... or less" ("<="), if the text has one (written
    at offset ``at`` exactly, when given)."""
    m = _POSTFIX_RE.search(text) if at is None else _POSTFIX_RE.match(text, at)
    if m is None:
        return None
    return ">=" if m.group("ge") else "<="


#: Roman numerals of classes and stages ("NYHA class III or IV", "ASA I-II").
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}
_ROMAN = r"(?:VI|V|IV|III|II|I)"
#: Words naming the scale before a class ("NYHA functional class III", "Grade II or greater").
_CLASS_WORDS_RE = re.compile(r"^(?:(?:functional\s+)?(?:class(?:es)?|grades?|stages?|levels?|category)\s+)?", re.I)
_CLASS_SEPARATORS_RE = re.compile(r"\s*(?:,\s*(?:or|and)?|-|–|\bto\b|\bor\b|\band\b|/|&)\s*", re.I)
#: A number written as a word before a unit of time: "life expectancy of at least three months".
_WORD_TIME_RE = re.compile(
    r"\b(" + "|".join(sorted((w for w in _WORD_NUMBERS if w not in {"a", "an", "single"}), key=len, reverse=True)) + r")\b"
    r"(?=[\s-]+(?:minutes?|hours?|days?|weeks?|months?|years?)\b)",
    re.I,
)
#: Multiples of a limit in words: "three times the upper limit of normal", "twice the ULN".
_MULTIPLE_WORDS = {"two": 2, "twice": 2, "three": 3, "thrice": 3, "four": 4, "five": 5, "ten": 10}
_MULTIPLE_WORD_RE = re.compile(r"\b(two|twice|three|thrice|four|five|ten)\b(?=\s+(?:times\b|x\b|the\b|upper\b|normal\b|uln\b))", re.I)


def _parse_class(text: str) -> Quantity | None:
    """A class written in Roman numerals: "III" -> value 3, "class II-IV" and "Class II, III, or IV"
    -> between 2 and 4, "Grade II or greater" -> at least 2. A list of classes that leaves one out
    ("I and III") is no range and gives None."""
    s = " ".join(text.split())
    s = s[_CLASS_WORDS_RE.match(s).end():]
    # "... or greater" / "... or worse" after the class: at least that class (:func:`postfix_comparator`).
    tail = _POSTFIX_RE.search(s)
    if tail and tail.end() == len(s):
        s = s[: tail.start()].rstrip()
    else:
        tail = None
    parts = [p for p in _CLASS_SEPARATORS_RE.split(s) if p]
    if not parts or not all(p.upper() in _ROMAN_VALUES for p in parts):
        return None
    values = sorted(float(_ROMAN_VALUES[p.upper()]) for p in parts)
    if tail:
        if len(values) != 1:
            return None
        return Quantity(comparator=">=" if tail.group("ge") else "<=", value=values[0])
    if len(values) == 1:
        return Quantity(value=values[0])
    spelled_range = len(parts) == 2 and re.search(r"-|–|\bto\b", s, re.I)
    if not spelled_range and any(b - a != 1 for a, b in zip(values, values[1:])):
        return None
    return Quantity(comparator="between", low=values[0], high=values[-1])


def _comparator(text: str) -> tuple[Comparator | None, str]:
    """Leading comparator of ``text`` (symbol or words) and the rest."""
    s = text.lstrip()
    spelled = _OR_EQUAL_RE.match(s)
    if spelled:
        return (">=" if spelled.group(1) in {">", "greater", "more"} else "<="), s[spelled.end():]
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
    return to_float(m.group(0)), text.lstrip()[m.end():]


def is_time_unit(word: str) -> bool:
    """Is ``word`` a unit of time as written ("weeks", "hrs", "d")?"""
    unit, known = normalize_unit(word)
    return known and unit in DAYS_PER_UNIT


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
    composed = _compose_unit(key)
    if composed is not None:
        return composed, True
    return raw, False


def _compose_unit(key: str) -> str | None:
    """UCUM for ``[10*N]amount/per[/per]`` from its parts ("mcg/kg/min" -> "ug/kg/min", "10*6cells/kg"
    -> "10*6{cells}/kg"); None unless every part is known."""
    m = re.match(r"^(10\*\d{1,2})?\.?([^/]+)((?:/[^/]+)*)$", key)
    if not m or m.group(2) not in _AMOUNT_PARTS:
        return None
    pers = [p for p in m.group(3).split("/") if p]
    if any(p not in _PER_PARTS for p in pers):
        return None
    amount = _AMOUNT_PARTS[m.group(2)]
    # An annotation joins the power of ten directly ("10*6{cells}"); a unit atom is multiplied ("10*8.[PFU]").
    head = f"{m.group(1)}{amount}" if m.group(1) and amount.startswith("{") else (
        f"{m.group(1)}.{amount}" if m.group(1) else amount
    )
    return "/".join([head, *(_PER_PARTS[p] for p in pers)])


def _fold_unit_words(text: str) -> str:
    """Write a unit's words as its symbols: "mg per square meter" -> "mg/m2", "mg/ m 2" -> "mg/m2",
    "mg/sq. m" -> "mg/m2", "3 million units" -> "3 million_units", "10^6 CAR-T cells" -> "10^6 cells",
    "mm Hg" -> "mmHg", "pack years" -> "pack-years", "2 drinks a day" -> "2 drinks/day", "1.5 liters"
    -> "1.5 L"."""
    text = re.sub(r"\s+per\s+", "/", text, flags=re.I)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"/24\s*(?:h|hrs?|hours?)\b", "/24h", text, flags=re.I)
    text = re.sub(r"/(?:sq\.?\s*m|square\s+met(?:er|re)s?|m\s*[*^]?\s*2)(?![0-9A-Za-z])", "/m2", text, flags=re.I)
    text = re.sub(r"\bmillion\s+(?:international\s+)?(?:units|iu|u)\b", "million_units", text, flags=re.I)
    text = re.sub(r"\binternational\s+units\b", "IU", text, flags=re.I)
    text = re.sub(r"\bmm\s+hg\b", "mmHg", text, flags=re.I)
    text = re.sub(r"(?<![A-Za-z])(?:(milli)|(deci))?lit(?:er|re)s?\b", lambda m: "mL" if m.group(1) else ("dL" if m.group(2) else "L"), text, flags=re.I)
    text = re.sub(r"\bpack[\s-]+y(?:ea)?rs?\b", "pack-years", text, flags=re.I)
    text = re.sub(r"\b(drinks?|cigarettes?|cigs)\s+a\s+", r"\1/", text, flags=re.I)
    return re.sub(r"^\s*(?:[A-Za-z0-9+\-]+\s+){1,3}(?=cells\b)", " ", text, flags=re.I)


def _basis(unit: str | None) -> Literal["flat", "m2", "kg"] | None:
    if unit is None:
        return None
    if "/m2" in unit and not unit.startswith("kg"):
        return "m2"
    if "/kg" in unit:
        return "kg"
    return "flat"


#: A sign glued to a test ("HER2+", "ER-") and the result it stands for.
SIGN_RESULTS: dict[str, str] = {"+": "positive", "++": "positive", "+++": "positive", "-": "negative", "−": "negative"}


#: A stage written as a capital letter, maybe with its points: "B", "B7" (Child-Pugh), "0-A" (BCLC).
#: Not inside a word or a number ("CD4", "10E9") nor a degree sign ("°C").
_STAGE_LETTER_RE = re.compile(r"(?<![A-Za-z0-9°])[A-E][0-9]{0,2}(?![A-Za-z0-9])")


#: UCUM units of an absorbed radiation dose ("74 Gy", "2 Gy/{fraction}", "3000 cGy"): the amount of
#: a radiotherapy, never of a drug (radiopharmaceuticals are given in GBq or mCi).
RADIATION_UNITS: tuple[str, ...] = ("Gy", "cGy", "mGy")


def is_radiation_unit(unit: str | None) -> bool:
    """Is ``unit`` (a UCUM code) an absorbed radiation dose, per fraction or not?"""
    return bool(unit) and unit.split("/")[0] in RADIATION_UNITS


def _reference(limit: str) -> Literal["ULN", "LLN"]:
    """The limit a matched :data:`_ULN_RE` text names ("lower limit of normal" -> "LLN")."""
    word = limit.lower()
    return "LLN" if word.startswith("lln") or "lower" in word else "ULN"


#: A list of one-digit scores: "0, 1, or 2", "0,1, 2", "0, 1 and 2" (a performance status), "0,1".
# "0, 1 or 2"; "0/1", "0/1/2": scores typed with slashes between them.
_SCORE_LIST_RE = re.compile(r"\d(?:\s*,\s*\d)+(?:(?:\s*,)?\s*(?:or|and)\s*\d)?|\d(?:\s*/\s*\d)+", re.I)


def _score_list(text: str) -> Quantity | None | Literal[False]:
    """Consecutive scores listed one by one are the range they cover ("0, 1, or 2" -> 0 to 2); another
    list ("0, 2 or 3") is no one value or range (None); False when ``text`` is no list of scores."""
    if not _SCORE_LIST_RE.fullmatch(text.strip()):
        return False
    numbers = [int(n) for n in re.findall(r"\d", text)]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    return Quantity(comparator="between", low=float(numbers[0]), high=float(numbers[-1]))


def parse_quantity(text: str) -> Quantity | None:
    """Parse a dose or lab value: comparator, number or range, power of ten, unit, ULN multiple, AUC.

    Returns None when the text holds no number at all, and for a stage written with letters
    ("Child-Pugh B7", "BCLC 0-A"): a category, which the span's text keeps. A comparison with a
    normal limit itself ("≤ ULN", "no greater than the upper limit of normal", "below the lower
    limit of normal") is one times that limit. Scores listed one by one are their range ("0, 1, or
    2"), or None when they are not consecutive ("0, 2 or 3").
    """
    s = _DEGREE_SPACE_RE.sub(r"°\1", normalize_text(text).strip())
    s = _DEGREE_WORDS_RE.sub(lambda m: " °" + next(g for g in m.groups() if g).upper(), s)
    if _STAGE_LETTER_RE.search(s):
        return None
    # "twice normal" says "times" in its word, which the older records' "N times normal" needs.
    s = _MULTIPLE_WORD_RE.sub(lambda m: str(_MULTIPLE_WORDS[m.group(1).lower()]) + (" times" if m.group(1).lower() in {"twice", "thrice"} else ""), s)
    s = _WORD_TIME_RE.sub(lambda m: str(_WORD_NUMBERS[m.group(1).lower()]), s)
    between = bool(_BETWEEN_RE.search(s))
    s = _BETWEEN_RE.sub(" ", s)
    comp, rest = _comparator(s)
    listed = _score_list(rest) if comp is None and ("," in rest or "/" in rest) else False
    if listed is not False:
        return listed
    if comp is not None:
        rest = _COMPARED_DECIMAL_COMMA_RE.sub(r"\1.\2", rest, count=1)
        # A dipstick grade as its plus signs ("urine protein < ++"): "++" is "2+".
        plus = _PLUS_GRADE_RE.fullmatch(rest)
        if plus:
            return Quantity(comparator=comp, value=float(len(plus.group(1))), unit="{+}", unit_text=plus.group(1))
    auc = _AUC_RE.search(rest)
    if auc and auc.start() < 3:
        rest = rest[auc.end():]
    first, rest = _number(rest)
    if first is None:
        # "AUC of 5", "dose of 10 mg": a number later in the text.
        m = _NUMBER_RE.search(rest)
        if not m:
            limit = _ULN_RE.match(rest) if comp is not None else None
            if limit is not None:
                return Quantity(comparator=comp, value=1.0, reference=_reference(limit.group("ref")))
            return _parse_class(rest) if comp is None else None
        if comp is None:
            comp, _ = find_comparator(rest[: m.start()])
        auc = auc or _AUC_RE.search(rest[: m.start()])
        first, rest = to_float(m.group(0)), rest[m.end():]
    low = high = None
    parts: tuple[float, ...] | None = None
    joined = _PARTS_RE.match(rest)
    if joined:
        numbers = (first, *(float(n) for n in re.findall(r"\d+(?:\.\d+)?", joined.group(0))))
        if numbers[:2] not in _FRACTIONS or len(numbers) > 2:
            parts, rest = numbers, rest[joined.end():]
    repeated = None if parts else (_REPEATED_UNIT_RANGE_RE.match(rest) or _PLUS_LIST_RE.match(rest))
    if repeated and repeated.groupdict().get("sep", "").lower() == "and" and not between:
        repeated = None  # "7% and 10%" is a range only after "between"
    sep = None if parts or repeated else _RANGE_SEP_RE.match(rest)
    if repeated:
        low, high = first, to_float(repeated.group("num"))
        rest = " " + repeated.groupdict().get("unit", "+") + rest[repeated.end():]
    elif sep:
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
    # "three times above the normal upper limit": the comparator after the multiple.
    late = _MULTIPLE_COMPARATOR_RE.match(rest)
    if late is not None and comp is None:
        late_comp, _ = _comparator(late.group("cmp"))
        if late_comp is not None:
            comp, rest = late_comp, " x " + rest[late.end():]
    rest = _fold_unit_words(rest)
    ref = _ULN_RE.match(rest) or _TIMES_NORMAL_RE.match(rest)
    reference = None
    unit_text = None
    if ref:
        word = ref.groupdict().get("ref", "uln").lower()
        reference = _reference(word)
        rest = rest[ref.end():]
    else:
        m = re.match(r"\s*([^\s,;()\[\]]+(?:\s*/\s*[^\s,;()\[\]]+)*)", rest)
        unit_text = m.group(1) if m else None
        if unit_text and scale_unit is None and not re.match(r"[A-Za-zµμ%/+°º℃℉]", unit_text):
            unit_text = None
    if scale_unit is not None:
        unit_text = scale_unit + (unit_text or "")
    # Capitals the lower-cased table cannot tell apart: "D" is a diopter ("> 6D" of myopia; a day is
    # "d", "day" or "days"), "G/L" and "T/L" are giga and tera per litre (cell counts), not grams.
    written = re.sub(r"\s+", "", unit_text) if unit_text else ""
    unit, known = (_CAPITAL_UNITS[written], True) if written in _CAPITAL_UNITS else (normalize_unit(unit_text) if unit_text else (None, True))
    if unit is not None and not known and unit_text and not re.search(r"[/%]|\d", unit_text):
        # A plain word after the number ("3 prior lines", "2 times") is not a unit we can vouch for.
        unit, known, unit_text = None, True, None
    if low is not None:
        comparator: Comparator | None = "between"
        value = None
    elif parts is not None:
        comparator, value = comp or postfix_comparator(rest), None
    else:
        comparator, value = comp or postfix_comparator(rest), first
    basis = "auc" if auc else (_basis(unit) if unit and known and unit not in ("%",) and _is_amount(unit) else None)
    if auc and unit_text:
        # An exposure is mg·min/mL however it is written ("mg/mL/min", "mg/mL x min", "mg-min/mL",
        # "mg/ml*min"): one UCUM code for every spelling, the written one kept beside it.
        unit, known = AUC_UNIT, True
        written_unit = _AUC_UNIT_TEXT_RE.match(rest)
        unit_text = written_unit.group(1) if written_unit else unit_text
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
        parts=parts,
    )


def _is_amount(unit: str) -> bool:
    """Is ``unit`` an amount of drug (mass, activity, radiation, particles; per body size or time)
    rather than a concentration?"""
    head, *pers = unit.split("/")
    head = re.sub(r"^10\*\d{1,2}\.?", "", head)
    return head in _AMOUNT_HEADS and not any(p in _VOLUME_PARTS for p in pers) and unit not in {
        "mg/dL", "g/dL", "mg/L", "g/L", "ug/L", "ng/mL", "mg/mL", "U/L", "[IU]/L", "[IU]/mL", "mL/min",
        "g/(24.h)", "mg/(24.h)", "kg/m2",
    } and not unit.startswith("mL/min")


#: Words of a period back from now ("the past 6 months") and ahead ("the next 12 months"); the time
#: windows (:mod:`nlp_trials.link.windows`) read "within" from the first.
RECENT_WORDS = r"past|last|previous|preceding|prior|former"
AHEAD_WORDS = r"next|following|coming|subsequent"
#: A window back from now before the amount: "in the past 6 months", "during the last 2 weeks", "in
#: prior 3 months", "in the 6 months before": bounded as "within 6 months" is.
_RECENT_WINDOW_RE = re.compile(r"\b(?:in|during)\s+(?:the\s+)?(?:" + RECENT_WORDS + r")\s*$|\bin\s+the\s*$", re.I)
_SPELLED_NUMBERS = "|".join(w for w in _WORD_NUMBERS if w not in ("a", "an", "single"))
_OVER_PERIOD_RE = re.compile(
    r"\bover\s+((?:the\s+)?(?:" + RECENT_WORDS + "|" + AHEAD_WORDS + r")\b"
    r"|a\s+(?=\d|(?:minimum|maximum|period|total|" + _SPELLED_NUMBERS + r")\b))",
    re.I,
)


_HALF_UNITS = r"(years?|months?|weeks?|days?|hours?)"
#: Halves of a unit, once word numbers are digits: "half a year" / "half year" (0.5), "1 and a half
#: years" (1.5), "a year and a half" ("1 year and a half": 1.5).
_HALF_OF_RE = re.compile(r"\bhalf(?:\s+(?:a|an|1)|-)?\s*" + _HALF_UNITS + r"\b", re.I)
_AND_A_HALF_BEFORE_RE = re.compile(r"\b(\d+)\s+and\s+(?:a|1|one)[\s-]+half\s+" + _HALF_UNITS + r"\b", re.I)
_AND_A_HALF_AFTER_RE = re.compile(r"\b(\d+)\s+" + _HALF_UNITS + r"\s+and\s+(?:a|1|one)[\s-]+half\b", re.I)


def _halves(s: str) -> str:
    """``s`` with halves of a time unit written as decimals ("half a year" -> "0.5 year")."""
    s = _AND_A_HALF_BEFORE_RE.sub(lambda m: f"{int(m.group(1)) + 0.5:g} {m.group(2)}", s)
    s = _AND_A_HALF_AFTER_RE.sub(lambda m: f"{int(m.group(1)) + 0.5:g} {m.group(2)}", s)
    return _HALF_OF_RE.sub(lambda m: f"0.5 {m.group(1)}", s)


def parse_duration(text: str) -> Quantity | None:
    """Parse an amount of time ("within 4 weeks prior to ...", "≥ 12 weeks", "at least 7 months", "2-3 days").

    ``days`` (or ``low_days``/``high_days``) converts the amount; None when there is no time unit.
    """
    s = normalize_text(text)
    # "over the previous 2 weeks" is a recent period, as "during the past 2 weeks", "over the next
    # 12 months" one ahead and "over a 2-hour period" a stretch ("over a minimum of 12 months": at
    # least 12); "over 2 weeks" is more. Read before "a" becomes 1.
    s = _OVER_PERIOD_RE.sub(r"during \1", s)
    s = _WORD_NUMBER_RE.sub(lambda m: str(_WORD_NUMBERS[m.group(1).lower()]), s)
    s = _halves(s)
    comp, at = find_comparator(s)
    # The first number a time unit follows: "a minimum of 3 weeks" ("a" reads as 1) is 3 weeks.
    m = next(
        (c for c in re.finditer(r"(" + _NUMBER + r")(?:\s*(?:-|–|~|to|or|and)\s*(" + _NUMBER + r"))?[\s-]*" + _TIME_ADJECTIVES, s) if _TIME_UNIT_WORDS.match(s, c.end())),
        None,
    )
    if not m:
        recent = _RECENT_PERIOD_RE.search(s)
        if recent is None:
            return None
        # "in the past year", "within the last month": one unit back from now.
        unit, _ = normalize_unit(recent.group("unit"))
        per = DAYS_PER_UNIT.get(unit or "")
        return Quantity(comparator="<=", value=1.0, unit=unit, unit_text=recent.group("unit"), days=float(per) if per else None)
    unit_m = _TIME_UNIT_WORDS.match(s, m.end())
    if not unit_m:
        return None
    unit, _ = normalize_unit(unit_m.group("unit"))
    if unit == "mo" and unit_m.group("unit").lower() == "m":
        return None
    per = DAYS_PER_UNIT.get(unit or "")
    a = to_float(m.group(1))
    if m.group(2):
        b = to_float(m.group(2))
        return Quantity(
            comparator="between", low=a, high=b, unit=unit, unit_text=unit_m.group("unit"),
            low_days=a * per if per else None, high_days=b * per if per else None,
        )
    if comp is not None and m.start() < at:
        comp = None  # the comparator belongs to something after the number
    if comp is None:
        comp = postfix_comparator(s[unit_m.end():unit_m.end() + 20])
    if comp is None and _RECENT_WINDOW_RE.search(s[: m.start()]):
        comp = "<="
    return Quantity(comparator=comp, value=a, unit=unit, unit_text=unit_m.group("unit"), days=a * per if per else None)


#: Words between an amount and its unit: "six consecutive months", "3 full calendar days".
_TIME_ADJECTIVES = r"(?:(?:consecutive|calendar|full|additional|continuous|complete)\s+)*"
#: A window of one unit back or ahead, without a number: "in the past year", "within the last month".
_RECENT_PERIOD_RE = re.compile(
    r"\b(?:past|last|previous|preceding|prior|recent|next|following|coming)\s+(?P<unit>day|week|month|year)\b", re.I
)
