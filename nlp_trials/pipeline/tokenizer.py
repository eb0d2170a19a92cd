"""The tokenizer for clinical-trial text: spaCy's English rules, adjusted for values and codes.

Eligibility criteria glue numbers, comparators and units together (``Hb>9``, ``CrCl>=60mL/min``,
``ANC≥1.5×10⁹/L``, ``2.5xULN``) and write drug and target codes with hyphens and digits
(``MK-3475``, ``PD-L1``, ``T-DM1``, ``5-FU``). spaCy's English tokenizer keeps the first group
glued and splits the second. This module starts from spaCy's English prefix, suffix and infix rules
and special cases (:class:`spacy.lang.en.English` ``Defaults``), drops the few that misfire on
trial text and adds the rules below. The aim is that the same quantity gives the same tokens
however it is spaced, so a token pattern written once (``[{"ORTH": ">="}, {"LIKE_NUM": true},
{"LOWER": "mg"}]``) matches ``>=60mg``, ``>= 60 mg`` and ``>=60 mg`` alike.

What is one token:

* A comparator: ``≥ ≤ ⩾ ⩽ ≧ ≦ ≠ < > = ±`` and the ASCII spellings ``>= <= => =< >/= </= =/>``
  (``>/=`` is how many records write ≥). ``Hb>9`` -> ``Hb > 9``; ``<=`` stays one token.
* A number, with its decimal point and thousands separators: ``1.5``, ``1,500``, ``100,000``.
  Glued units, ranges and powers are split off it: ``250mg`` -> ``250 mg``, ``18-75`` ->
  ``18 - 75``, ``10⁹`` -> ``10 ⁹``, ``10^9`` -> ``10 ^ 9``. A leading sign stays on the number
  (``-2``, ``−1.5``).
* Each piece of a compound unit: ``/`` is always its own token, so ``mL/min`` -> ``mL / min`` and
  ``mg/m2``, ``mg/m²`` (``m²`` is one token, as ``m2`` is), ``mg/m^2`` -> ``mg / m ^ 2``. Writing
  ``mg / m2`` or ``mg/m2`` gives the same tokens.
* The multiplication sign of ``x10^9/L``, ``×ULN``, ``2.5xULN``: ``×`` always; ``x``/``X`` after a
  number unless a letter other than ``ULN`` follows (``1.5 x 10 ^ 9 / L``, ``2.5 x ULN``, ``3 x``,
  but ``2xdaily``), and before ``10^9``/``ULN`` at the start of a token (``x 10 ^ 9 / L``).
  A lower-case ``x`` before a digit is split too (``x2``); ``X396`` (a drug code) is not.
* A code name: letters, digits and hyphens stay together when both sides of each hyphen are
  code-like (capitals, digits, a single lower-case letter): ``MK-3475``, ``PD-L1``, ``PD-(L)1``,
  ``T-DM1``, ``5-FU``, ``HBV-DNA``, ``COVID-19``, ``SARS-CoV-2``, ``IL-2``, ``Ki-67``, ``c-Met``,
  ``SAR408701``, ``BNT162b2``, ``CLDN18.2``, ``T790M``. A hyphen that touches a word (two lower-case
  letters, capitalized or not) is split, as spaCy does: ``anti-PD-1`` -> ``anti - PD-1``,
  ``HER2-positive`` -> ``HER2 - positive``, ``24-hour`` -> ``24 - hour``, ``B-Cell`` ->
  ``B - Cell``. So capitals decide: an ALL-CAPS ``NON-SMALL`` looks like a code and stays one token
  (a ``LOWER`` phrase pattern "non-small" then does not match it; 4 such tokens in 1,610 CT.gov
  records).
* A range is split at its dash: ``200-300mg`` -> ``200 - 300 mg``, ``d1-d14`` -> ``d1 - d14``,
  ``T1-T3a`` -> ``T1 - T3a``, ``II-IV`` -> ``II - IV``, ``18~75`` -> ``18 ~ 75``.
* A ``+`` is split off what it marks and a run of them is one token: ``3+`` -> ``3 +``,
  ``CD4+`` -> ``CD4 +``, ``HR+/HER2-`` -> ``HR + / HER2 -``, ``++`` stays ``++``.
* A backslash is always its own token (markdown escapes: ``\\>`` -> ``\\ >``, ``mg/m\\^2`` ->
  ``mg / m \\ ^ 2``, ``1\\.`` -> ``1 \\ .``), except spaCy's literal ``\\n`` and ``\\t``.
* A bracket glued to a word opens an aside: ``creatinine(Cr)`` -> ``creatinine ( Cr )``, and a
  bracketed letter glued to a number is split from it: ``(D)100 mg/m2`` -> ``( D ) 100 mg / m2``
  (``PD-(L)1`` stays whole). A sentence's final period after a unit that ends in a capital is split
  off, as it is after other words: ``mg/dL.`` -> ``mg / dL .`` (spaCy keeps it, for ``U.S.``).
* Everything else follows spaCy: ``95%`` -> ``95 %``, ``(PLT)`` -> ``( PLT )``, ``v5.0`` and
  ``HbA1c`` whole, ``e.g.`` one token, and dotted dosing abbreviations too (``b.i.d.``, ``i.v.``).
  spaCy's emoticons are dropped (``8)`` ate the bracket of ``(n = 8)``, ``<3`` the comparator of
  ``<3%``), as is its unit suffix (``T790M`` -> ``T790 M``).

Nothing is ever dropped or changed: ``doc.text == text`` for every input.

Every regex is linear in the length of the token it is run on (no nested quantifiers that can
backtrack into each other; spaCy's URL matcher, which was not, is patched, see :data:`URL_MATCH`).
spaCy peels prefixes and suffixes one at a time, with a suffix search over the whole rest of the
string each time, so a long run of affixes is quadratic. Runs of the characters this module splits
(``≥≥≥``, ``///``, ``\\\\\\``, ``-+-+``) are therefore left to one infix pass, and ``"1-" * 50_000``
or ``"≥" * 100_000`` take a fraction of a second. Runs of spaCy's own bracket and quote affixes stay
quadratic, as in spaCy's English tokenizer: ``"(" * 20_000`` takes a minute or more in both.

DOCS: issue 3 (entity pipeline); house style in /work/shared/STYLE.md section 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from spacy.lang import char_classes
from spacy.lang.en import English
from spacy.lang.tokenizer_exceptions import URL_PATTERN, emoticons
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Token
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

__all__ = [
    "COMPARATORS",
    "DROPPED_INFIXES",
    "DROPPED_PREFIXES",
    "DROPPED_SPECIAL_CASES",
    "DROPPED_SUFFIXES",
    "GLUED_UNITS",
    "NUMBER",
    "RANGE_DASHES",
    "ROMAN_NUMERALS",
    "SPECIAL_CASES",
    "SUPERSCRIPT_DIGITS",
    "SYMBOLS",
    "ULN_WORDS",
    "UPPER_FINAL_UNITS",
    "URL_MATCH",
    "is_line_wrap",
    "make_trials_tokenizer",
    "trials_infixes",
    "trials_prefixes",
    "trials_special_cases",
    "trials_suffixes",
]

# --- Character classes and vocabularies -------------------------------------------------------

#: Comparators, multi-character spellings first so that ``>=`` wins over ``>``. ``>/=``, ``</=``,
#: ``=/>`` and ``=/<`` are how many CT.gov records type ≥ and ≤; ``＜＞＝`` are the full-width forms of
#: Chinese and Japanese registries; ``˂˃`` (modifier letter arrowheads) are what some word processors
#: put for ``<>``.
COMPARATORS: tuple[str, ...] = (
    ">/=", "</=", "=/>", "=/<",
    ">=", "<=", "=>", "=<",
    "≥", "≤", "⩾", "⩽", "≧", "≦", "≠", "<", ">", "=", "＜", "＞", "＝", "˂", "˃",
)  # fmt: skip

#: Single characters that are a token wherever they occur (besides the comparators): ``±``; ``×``
#: of ``×10^9/L``; ``^`` of ``10^9`` and ``m^2``; ``~``/``～``/``〜`` of ranges (``18~75`` in registries
#: written in Chinese) and approximations; ``/`` between the parts of a unit (``mL/min``),
#: a ratio (``140/90``) or alternatives (``HR+/HER2-``).
SYMBOLS: str = "±×^~～〜/"

#: Every character of :data:`COMPARATORS` and :data:`SYMBOLS`. A run of these (``≥≥``, ``//``) is
#: split by the infix rules only; the prefix and suffix rules leave runs alone (see module docs).
_SYMBOL_CHARS: str = "".join(sorted(set("".join(COMPARATORS)) | set(SYMBOLS)))
_SYMBOL_CLASS: str = "[" + re.escape(_SYMBOL_CHARS) + "]"
_SYMBOL_TOKEN: str = "(?:" + "|".join(map(re.escape, COMPARATORS)) + f"|[{re.escape(SYMBOLS)}])"
#: The characters the infixes split wherever they occur: symbols, ``\\`` and ``+``. Our prefix and
#: suffix rules never peel a token off next to one of these (or next to a dash of a dash run), and
#: leave such runs (``≥≥``, ``\\>``, ``-+-+``) to the single infix pass. Peeling costs a suffix
#: search over the whole rest of the string, so rules that could peel each other in turn would make
#: a long run quadratic.
_RUN_CHARS: str = _SYMBOL_CHARS + "\\+"
_RUN_CLASS: str = "[" + re.escape(_RUN_CHARS) + "]"

#: Dashes written in ranges and compounds: hyphen-minus, hyphen, non-breaking hyphen, figure dash,
#: en dash, minus sign. (Em dashes and runs of dashes are always split, see :func:`trials_infixes`.)
RANGE_DASHES: str = "-‐‑‒–−"
_RANGE_DASH: str = "[" + re.escape(RANGE_DASHES) + "]"
#: Every dash, including the em dash and horizontal bar.
_ANY_DASH: str = "[" + re.escape(RANGE_DASHES + "—―") + "]"
_DASH_OR_RUN_CLASS: str = "[" + re.escape(RANGE_DASHES + "—―" + _RUN_CHARS) + "]"

SUPERSCRIPT_DIGITS: str = "⁰¹²³⁴⁵⁶⁷⁸⁹"

#: A number as trial text writes it: ``1``, ``1.5``, ``1,500``, ``100,000.5``, ``.5``. The repeated
#: group is delimited by ``[.,]``, so it can only match one way and cannot backtrack quadratically.
NUMBER: str = r"(?:[0-9]+(?:[.,][0-9]+)*|\.[0-9]+)"

#: Units split off a number they are glued to (``250mg``, ``60mL/min``, ``1.73m²``, ``28days``).
#: Only the spellings listed are units, case included: ``3D`` and ``5FU`` keep their letters, and
#: the split applies only to a number that starts a token or follows a comparator, symbol, bracket
#: or range dash, so ``T790M`` and ``H1047L`` (mutations) keep theirs. A unit is split off only when
#: nothing alphanumeric follows it (``99mTc`` stays whole). ``2L`` becomes ``2 L`` (litres; also
#: "second line" in oncology, which patterns can still match as two tokens).
GLUED_UNITS: tuple[str, ...] = (
    # mass
    "mg", "MG", "Mg", "mcg", "µg", "μg", "ug", "ng", "pg", "g", "gm", "kg", "Kg", "KG",
    # volume
    "mL", "ml", "ML", "dL", "dl", "L", "µL", "μL", "uL", "ul", "mcL", "cc",
    # amount of substance, activity, radiation, energy
    "mmol", "mMol", "µmol", "μmol", "umol", "nmol", "pmol", "mol", "mEq", "meq", "mOsm",
    "IU", "mIU", "µIU", "μIU", "uIU", "UI", "mUI", "U", "kU", "Gy", "cGy", "mCi", "MBq", "GBq", "kcal",
    "cells", "copies",
    # length, area, volume by length
    "mm", "cm", "m", "µm", "μm", "nm",
    "m2", "m²", "mm2", "mm²", "mm3", "mm³", "cm2", "cm²", "cm3", "cm³",
    # pressure, rate
    "mmHg", "kPa", "bpm",
    # time
    "ms", "msec", "sec", "min", "mins", "h", "hr", "hrs", "hour", "hours", "d", "day", "days",
    "wk", "wks", "week", "weeks", "mo", "mos", "month", "months", "y", "yr", "yrs", "year", "years",
    # multiples of a reference limit written without the "x": "2.5ULN"
    "ULN", "LLN",
)  # fmt: skip

#: Units and reference limits that end in a capital letter, after which a final period is split off
#: (``mg/dL.``): the ones of :data:`GLUED_UNITS` and ``ULN``-like words.
UPPER_FINAL_UNITS: tuple[str, ...] = (
    "dL", "L", "mL", "ML", "µL", "μL", "uL", "mcL", "IU", "mIU", "µIU", "μIU", "uIU", "U", "kU", "MG", "KG",
    "ULN", "LLN", "UNL", "IULN", "ULRR",
)  # fmt: skip

#: What follows the ``x`` of a multiplication: ``2.5xULN``, ``3xIULN``, ``5xN`` (N = upper limit
#: of normal in some protocols).
ULN_WORDS: tuple[str, ...] = ("ULN", "uln", "Uln", "IULN", "LLN", "lln", "UNL", "ULRR", "N")

#: Roman numerals of stages and grades. ``II-IV``, ``IIIB-IV`` and ``0-II`` are ranges and split at
#: the dash; other capital-letter compounds (``HBV-DNA``, ``HTLV-III``) are names and do not.
ROMAN_NUMERALS: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI")
_ROMAN_SUBSTAGES: tuple[str, ...] = ("", "A", "B", "C", "a", "b", "c")

_ALPHA = char_classes.ALPHA
_ALPHA_LOWER = char_classes.ALPHA_LOWER


def _alternation(items: Iterable[str]) -> str:
    """A non-capturing alternation of literal strings, longest first."""
    ordered = sorted(set(items), key=lambda item: (-len(item), item))
    return "(?:" + "|".join(map(re.escape, ordered)) + ")"


#: A glued unit and the boundary after it.
_UNIT_TAIL: str = _alternation(GLUED_UNITS) + "(?![A-Za-z0-9])"
#: What may follow the ``x`` of a multiplication after a number: a number, ULN, punctuation or
#: the end (``1.5x10^9``, ``2.5xULN``, ``2x/week``, ``≤3x``), but not a letter (``2xdaily`` stays).
_AFTER_TIMES: str = "(?:[0-9]|" + _alternation(ULN_WORDS) + "(?![A-Za-z])|[^\\w\\s]|$)"


# --- spaCy defaults this module replaces ------------------------------------------------------
# Each is built exactly as spacy/lang/punctuation.py and spacy/lang/en/punctuation.py build it, so a
# test can check that it is still among English.Defaults (a spaCy upgrade that changes one fails
# that test rather than leaving a rule silently in place).

#: Prefixes replaced by the comparator, symbol and dash rules: ``=``/``<``/``>``/``～`` because
#: runs of them were peeled one character per suffix search, ``—``/``–`` because dashes are handled
#: as runs, ``+`` because runs of ``+`` are one token.
DROPPED_PREFIXES: tuple[str, ...] = ("=", "<", ">", "～", "—", "–", r"\+(?![0-9])")
#: Suffixes replaced likewise, plus spaCy's unit suffix ``(?<=[0-9])(?:km|...|M|K|T|G|...)``, which
#: splits mutations and codes (``T790M`` -> ``T790 M``, ``E545K`` -> ``E545 K``) and misses most
#: clinical units; :data:`GLUED_UNITS` replaces it.
DROPPED_SUFFIXES: tuple[str, ...] = (
    "<", ">", "～", "—", "–", r"(?<=[0-9])\+", r"(?<=[0-9])(?:{u})".format(u=char_classes.UNITS),
)
#: Infixes replaced: digit-operator-digit (rewritten below), the hyphen rule (which split every
#: letter-hyphen-letter compound: ``PD - L1``, ``T - DM1``, ``HBV - DNA``) and the ``[:<>=/]`` rule
#: (comparators and ``/`` now split everywhere; ``:`` keeps spaCy's rule).
DROPPED_INFIXES: tuple[str, ...] = (
    r"(?<=[0-9])[+\-\*^](?=[0-9-])",
    r"(?<=[{a}0-9])(?:{h})(?=[{a}])".format(a=_ALPHA, h=char_classes.HYPHENS),
    r"(?<=[{a}0-9])[:<>=/](?=[{a}])".format(a=_ALPHA),
)


#: Full-width punctuation ("Generic Name：vedolizumab", "A，B"), which no name holds: split wherever
#: it stands.
FULL_WIDTH_PUNCT: str = "[：，；（）【】、。！？]"

#: The part of spaCy's ``URL_PATTERN`` that matches ``user:password@``. ``\S+`` and ``\S*`` can
#: both take ``:``, so on a long run of colons ("1:1:1:...", a ratio table pasted without spaces)
#: the match backtracks quadratically: 6.6 s for 40,000 characters. User and password cannot hold
#: ``@`` and the user cannot hold ``:``, which leaves one way to match.
URL_USERINFO: str = r"(?:\S+(?::\S*)?@)?"
URL_USERINFO_LINEAR: str = r"(?:[^\s@:]+(?::[^\s@]*)?@)?"
#: spaCy's URL matcher with :data:`URL_USERINFO` made linear (same URLs otherwise).
URL_MATCH = re.compile("(?u)" + URL_PATTERN.replace(URL_USERINFO, URL_USERINFO_LINEAR, 1)).match


def _without(entries: Iterable[str], dropped: Sequence[str]) -> list[str]:
    return [e for e in entries if e not in dropped]


def _after(char: str, *contexts: str, negative: bool = False) -> str:
    """``char`` when one of ``contexts`` precedes it (or, with ``negative``, when none does).

    The same as ``(?<=context)char``, written character first: the regex engine skips an
    alternative that starts with a character class at every position where the class does not
    match, but must evaluate a lookbehind-first alternative everywhere (this made the infix regex
    four times slower). ``char`` must match exactly one character; each context is fixed-width.
    """
    if negative:
        return char + "".join(f"(?<!{c}{char})" for c in contexts)
    return char + "(?:" + "|".join(f"(?<={c}{char})" for c in contexts) + ")"


# --- Rule builders (pure: lists of regex strings in, lists of regex strings out) ----------------


def trials_prefixes(base: Iterable[str] | None = None) -> list[str]:
    """The prefix rules: ``base`` without :data:`DROPPED_PREFIXES`, and ours before them.

    Args:
        base: The prefix regexes to start from (default: spaCy's English prefixes).

    Returns:
        Regex strings for :func:`spacy.util.compile_prefix_regex`, ours first.
    """
    ours = [
        # A comparator or symbol at the start: "≥1.5", ">=60mL", "/mm3", "×10^9/L".
        f"{_SYMBOL_TOKEN}(?!{_RUN_CLASS})",
        # A backslash is its own token: "\Exclusion". Before punctuation (a markdown escape:
        # "\>5", "\[1\]") the infixes split it and the escaped character in one pass; peeling it
        # here would alternate with spaCy's bracket prefixes on "\[\[\[...".
        r"\\(?=[^\W_])",
        # A run of dashes ("--", "------" rules under headings) is one token, and so is an em or en
        # dash. A single hyphen is split off a word ("-Age >= 18" bullets) but stays on a number as
        # its sign ("-2 SD", "−1.5").
        f"{_ANY_DASH}{{2,}}(?!{_DASH_OR_RUN_CLASS})",
        f"[‐‑‒–—―](?!{_DASH_OR_RUN_CLASS})",
        f"[-−](?![0-9.]|{_DASH_OR_RUN_CLASS})",
        # "+" runs are one token ("++" urine protein); "+5" keeps its sign.
        f"\\++(?![0-9]|{_RUN_CLASS})",
        # A number glued to a unit: "250mg", "60mL/min". ("2.5xULN" and "3x" need no prefix: the
        # "x" infix splits them. A prefix that could fire again on what it leaves, "1x1x1x...",
        # would peel one number per suffix search over the rest.)
        f"{NUMBER}(?={_UNIT_TAIL})",
        # The "x" of "x10^9/L", "X10^9/L" and "xULN". Only lower-case "x" before any digit: "X396"
        # and "X4P-001" are drug codes.
        "x(?=[0-9])",
        f"X(?=10[\\^*{SUPERSCRIPT_DIGITS}])",
        f"[xX](?={_alternation(ULN_WORDS)}(?![A-Za-z]))",
        # Full-width punctuation, as registrations from China and Japan write it.
        FULL_WIDTH_PUNCT,
    ]
    return ours + _without(English.Defaults.prefixes if base is None else base, DROPPED_PREFIXES)


def trials_suffixes(base: Iterable[str] | None = None) -> list[str]:
    """The suffix rules: ``base`` without :data:`DROPPED_SUFFIXES`, and ours before them.

    Args:
        base: The suffix regexes to start from (default: spaCy's English suffixes).

    Returns:
        Regex strings for :func:`spacy.util.compile_suffix_regex`, ours first.
    """
    ours = [
        # A comparator or symbol at the end: "Hb>", "CrCl>=", "mg/".
        "(?:"
        + "|".join(f"{re.escape(c)}(?<!{_RUN_CLASS}{re.escape(c)})" for c in COMPARATORS)
        + f"|{_after(f'[{re.escape(SYMBOLS)}]', _RUN_CLASS, negative=True)})",
        # "1\." (an escaped list number): the escaped character, then the backslash.
        _after(r"[^\w\s]", r"[^\W_]\\"),
        _after(r"\\", r"[^\W_]"),
        # Trailing dashes: "HER2-" (negative), "pre-" (suspended hyphen), "1-"; a run is one token.
        _after(_ANY_DASH, _DASH_OR_RUN_CLASS, negative=True) + f"{_ANY_DASH}*",
        # Trailing "+": "3+", "CD4+", "ER+" (spaCy only split it after a digit); a run is one token.
        _after(r"\+", _RUN_CLASS, negative=True) + r"\+*",
        # A sentence's period after a unit that ends in a capital: "1.5 mg/dL." and "10^9/L." gave
        # "dL." and "L." (spaCy keeps a period after a capital, for initials and "U.S."). Only when
        # the unit starts the token or follows a symbol ("g/dL.", "10^9/L.").
        _after(re.escape("."), *(f"{c}{re.escape(u)}" for u in UPPER_FINAL_UNITS for c in ("^", r"[^\w\s]"))),
        # A sentence's period after an upper-case abbreviation or code: "PO, Q3W." and "given BID."
        # Initials ("U.S.", "J.") keep theirs: one capital after a period or alone.
        _after(re.escape("."), "[A-Z0-9][A-Z]"),
        FULL_WIDTH_PUNCT,
    ]
    return ours + _without(English.Defaults.suffixes if base is None else base, DROPPED_SUFFIXES)


def _roman_range() -> str:
    # A lookbehind must have a fixed width, so each numeral (with an optional sub-stage letter) is
    # one alternative, and "not preceded by a letter" keeps "HIV-I" and "CIV-IV" whole.
    d = _RANGE_DASH
    behind = "|".join(
        f"(?<={r}{s}{d})(?<![A-Za-z]{r}{s}{d})" for r in ROMAN_NUMERALS for s in _ROMAN_SUBSTAGES
    )
    # Stage 0 starts a range too: "0-II".
    behind += f"|(?<=0{d})(?<![A-Za-z0-9.,]0{d})"
    ahead = "(?:I{1,3}|IV|VI{0,3})[A-Ca-c]?(?![A-Za-z0-9])"
    return f"{d}(?:{behind})(?={ahead})"


def trials_infixes(base: Iterable[str] | None = None) -> list[str]:
    """The infix rules: ``base`` without :data:`DROPPED_INFIXES`, and ours before them.

    Infixes are the only rules applied inside a token after its first split (spaCy does not re-run
    prefixes and suffixes on infix pieces), so everything a prefix or suffix splits must also be
    split here when it occurs mid-token: ``CrCl>=60mL/min`` is one whitespace-delimited chunk.

    Args:
        base: The infix regexes to start from (default: spaCy's English infixes).

    Returns:
        Regex strings for :func:`spacy.util.compile_infix_regex`, ours first.
    """
    al = _ALPHA_LOWER
    au = char_classes.ALPHA_UPPER
    a = _ALPHA
    d = _RANGE_DASH
    # ... and after a colon glued to a word: "Temozolomide:200mg", "Dose:100mg", or full-width
    # punctuation: "Specification：300mg".
    number_contexts = (_SYMBOL_CLASS, r"[(\[)]", f"[0-9%]{d}", f"[{a}]:", FULL_WIDTH_PUNCT)
    ours = [
        # Comparators and symbols everywhere: "Hb>9", "mL/min", "m^2", "18~75", "2±1".
        _SYMBOL_TOKEN,
        # Backslashes everywhere, and the punctuation a backslash escapes: "m\^2" -> m \ ^ 2.
        r"\\",
        _after(r"[^\w\s]", r"\\"),
        # A number glued to a unit after a comparator, symbol, bracket or range dash, which a prefix
        # cannot reach mid-token: "Hb>9g/dL", "CrCl>=60mL/min", "40-60mg", "/1.73m2", "(D)100mg". The number is
        # consumed (it becomes the infix token) so the lookbehind can check what precedes the whole
        # number; "ABC-123d" (a code) keeps its digits. (NUMBER, first character first.)
        f"(?:{_after('[0-9]', *number_contexts)}[0-9]*(?:[.,][0-9]+)*"
        f"|{_after(re.escape('.'), *number_contexts)}[0-9]+)(?={_UNIT_TAIL})",
        # The "x" after a number: "1.5x10^9/L", "2.5xULN", "2x/week", "≤3x".
        _after("[xX]", "[0-9]") + f"(?={_AFTER_TIMES})",
        # A power of ten with superscript digits: "10⁹/L" -> 10 ⁹ / L, matching "10^9" -> 10 ^ 9 and
        # "10 9 /L" (the superscript lost in conversion). Letters keep theirs: "m²", "mm³".
        f"(?=[{SUPERSCRIPT_DIGITS}])(?<=[0-9])",
        # The same exponent when a converter wrote the superscript in brackets: "10(9)/L", "mm(3)".
        _after(r"\(", "[A-Za-z0-9]") + r"(?=[0-9]{1,2}(?:\)|$))",
        _after(r"\)", r"[A-Za-z0-9]\([0-9]", r"[A-Za-z0-9]\([0-9]{2}"),
        # A bracket glued to a word opens an aside: "creatinine(Cr)", "creatinine(≤1.5 mg/dL)",
        # "ALT(SGPT)". Two letters before it, so "PD-(L)1" and "10(9)/L" keep their own rules, and
        # not inside a word ("nucleos(t)ide", "tumo(u)r": letters in brackets, then more letters).
        _after(r"\(", f"[{a}][{a}]") + f"(?![{a}]{{1,3}}\\)[{a}])",
        # A bracket glued after the punctuation that ended a sentence or item opens an aside:
        # "disorder NOS.(MADRS more than 20)" -> NOS. ( MADRS; "below;[see" -> below ; [ see (a
        # period may end an abbreviation and stays).
        _after(r"[,;:]", "[A-Za-z0-9]") + r"(?=[(\[])",
        _after(r"[(\[]", "[.,;:]"),
        # A bracketed letter glued to a number, its opening bracket already peeled: "(D)100 mg/m2"
        # (an arm's letter before its dose) -> ( D ) 100. Only when the letters start the rest of
        # the token, so "PD-(L)1" stays whole.
        _after(r"\)", "^[A-Za-z]", "^[A-Za-z]{2}") + "(?=[0-9])",
        # A closing bracket glued to the next word closes an aside: "Oncology Group)score" ->
        # Group ) score. Two letters on each side, so "nucleos(t)ide" and "tumo(u)r" stay whole.
        _after(r"\)", f"[{a}][{a}]") + f"(?=[{a}][{al}])",
        # ... and before a route or abbreviation in capitals after a unit or number: "(30 mg/m2)IV",
        # "(AUC 5)IV" -> m2 ) IV. Two characters on each side again ("PD-(L)1" stays whole).
        _after(r"\)", "[A-Za-z0-9][A-Za-z0-9]") + "(?=[A-Z]{2})",
        # A closing bracket before a hyphenated word closes an aside: "(TNF)-antagonist",
        # "(HER2)-positive" -> TNF ) - antagonist. Two characters before it, so "PD-(L)1" stays whole.
        _after(r"\)", f"[{a}0-9][{a}0-9]") + f"(?=-[{a}])",
        _after("-", r"[{a}0-9][{a}0-9]\)".format(a=a)) + f"(?=[{a}])",
        # A closing bracket before a comparator or symbol, which a suffix cannot reach mid-token:
        # "(ESRD)/CKD", "(EF)<40%".
        _after(r"\)", "[A-Za-z0-9]") + f"(?={_SYMBOL_CLASS})",
        # "+" everywhere, a run as one token: "CD4+CD25+", "2+/3+", "4+3" (Gleason).
        r"\++",
        # "10*9/L" (power of ten typed with an asterisk), as spaCy splits it.
        _after(r"\*", "[0-9]") + "(?=[0-9])",
        # "%" glued on the left of more text: "95%CI", "70%-100%".
        _after("%", "[0-9]"),
        # Em dashes and runs of dashes are always split: "treatment—including", "word--word".
        f"{_ANY_DASH}{{2,}}|[—―]",
        # Ranges: number-dash-number ("18-75", "0-1", "1.5-2.0", "70%-100%") and letters-number
        # on both sides ("d1-d14", "C1-C6", "day1-day14", "T10-L5", TNM "T1b-T3a").
        # "COVID-19" and "IL-2" have letters on the left only, "5-HT3" (a receptor) a bare number:
        # they stay whole.
        _after(d, "[0-9%]") + "(?=[0-9])",
        _after(d, "[A-Za-z][0-9]", "[A-Za-z][0-9][0-9]", "[A-Za-z][0-9][a-d]")
        + "(?=[A-Za-z]{1,3}[0-9])",
        _roman_range(),
        # A hyphen touching a word (two lower-case letters, maybe capitalized) is split, as spaCy
        # splits "non-small": "anti-PD-1" -> anti - PD-1, "24-hour", "HER2-positive", "B-Cell".
        # Code-like parts (capitals, digits, a single lower-case letter: "PD-L1", "T-DM1", "5-FU",
        # "SARS-CoV-2", "β-hCG", "c-Met", "c-Kit") are drug, target and test names and stay whole.
        _after(d, f"[{al}][{al}]") + f"(?=[{a}])",
        _after(d, f"[{a}0-9]") + f"(?=[{al}][{al}])",
        _after(d, f"[{au}0-9]") + f"(?=[{au}][{al}][{al}])",
        # A dash before a separator ends a status marker: "ER-/PR-" -> ER - / PR -.
        _after(d, "[A-Za-z0-9]") + r"(?=[/,;:)\]])",
        # A comma glued between a number or code and a word: "SYS6002,intravenous" (spaCy splits
        # only letter,letter). "1,500" and "d1,8" keep theirs: a digit follows.
        _after(",", "[0-9]") + f"(?=[{a}])",
        # A bracket glued to a number opens an aside: "0-2(determined by investigator)".
        _after(r"\(", "[0-9]") + f"(?=[{al}][{al}])",
        # spaCy's ":" rule without the "<>=/" it shared ("Inclusion:Age").
        _after(":", f"[{a}0-9]") + f"(?=[{a}])",
        # ... and a colon between a word and an amount: "Temozolomide:200mg", "CDA:0.14 mg/kg"
        # (not "2:1", "10:30", "HLA-A*02:01", nor an epitope's positions: "tyrosinase:368-376").
        _after(":", f"[{a}][{a}]") + r"(?=[0-9]+(?:[.,][0-9]+)?(?:[A-Za-zµμ%]|$))",
        FULL_WIDTH_PUNCT,
        # A period glued between a word and a number ends the sentence: "colitis.300 mg IV" (not
        # "CLDN18.2", "v2.0", "Fig.2": three lower-case letters before it).
        _after(r"\.", f"[{al}][{al}][{al}]") + "(?=[0-9])",
    ]
    return ours + _without(English.Defaults.infixes if base is None else base, DROPPED_INFIXES)


#: Special cases added to spaCy's English ones: dotted Latin dosing abbreviations stay one token
#: with their final period (spaCy gives ``b.i.d .``), and ``4-1BB`` (CD137) is a name, not a range.
SPECIAL_CASES: tuple[str, ...] = (
    "4-1BB", "41BB",
    "b.i.d.", "t.i.d.", "q.i.d.", "q.d.", "q.o.d.", "q.h.s.", "p.r.n.", "p.o.", "i.v.", "i.m.",
    "s.c.", "s.l.", "i.p.", "i.t.", "h.s.",
    "B.I.D.", "T.I.D.", "Q.I.D.", "Q.D.", "P.O.", "I.V.", "I.M.", "S.C.", "P.R.N.",
)  # fmt: skip

#: spaCy special cases removed besides the emoticons: ``\\")`` glued a markdown-escaped quote.
DROPPED_SPECIAL_CASES: tuple[str, ...] = ('\\")',)


def trials_special_cases(base: Mapping[str, Any] | None = None) -> dict[str, list[dict[int, str]]]:
    """The special cases: ``base`` without emoticons, plus :data:`SPECIAL_CASES`.

    spaCy's emoticons collide with trial text: ``8)`` ate the bracket of ``(n = 8)``, ``<3`` made
    ``<3%`` a heart, ``=D``, ``:0`` and ``(=`` glue comparators and numbers. Trial text has no
    emoticons, so all are dropped.

    Args:
        base: The special cases to start from, text -> token attribute dicts (default: spaCy's
            English ones).

    Returns:
        The special-case table for :class:`spacy.tokenizer.Tokenizer`.
    """
    if base is None:
        base = English.Defaults.tokenizer_exceptions
    rules = {
        text: [dict(token) for token in tokens]
        for text, tokens in base.items()
        if text not in emoticons and text not in DROPPED_SPECIAL_CASES
    }
    for text in SPECIAL_CASES:
        rules[text] = [{ORTH: text}]
    # "anti-4-1BB" splits at "anti-" like "anti-PD-1"; a hyphen between a lower-case word and a
    # digit is otherwise kept ("interleukin-2", "alfa-2b"), so the split is spelled out here.
    for anti in ("anti", "Anti", "ANTI"):
        rules[f"{anti}-4-1BB"] = [{ORTH: anti}, {ORTH: "-"}, {ORTH: "4-1BB"}]
    return rules


#: Words a phrase does not end with, so that the line after them goes on with it even when it starts
#: with an abbreviation in capitals (:func:`is_line_wrap`).
CONTINUING_WORDS: frozenset[str] = frozenset(
    "times x × than of the to and or with a an for by in at per".split()
)


#: Negations written as the last word of a line, which the next line finishes ("No\nStage I myeloma").
_LINE_END_NEGATIONS: frozenset[str] = frozenset({"No", "no", "Not", "not", "NO", "NOT"})


def is_line_wrap(token: Token) -> bool:
    """Is ``token`` the line break of a wrapped line: one newline (and the next line's indentation)
    between two words, the second not capitalized, as ClinicalTrials.gov XML writes
    "Creatinine\n      clearance"?

    spaCy makes every whitespace but a single space a token of its own, so a phrase broken by a
    wrap would not match; the rulers and value rules read across such a token. A blank line
    (two newlines) is a paragraph break and is never a wrap.
    """
    if not token.is_space or token.text.count("\n") != 1:
        return False
    doc, i = token.doc, token.i
    if not 0 < i < len(doc) - 1 or doc[i - 1].is_space:
        return False
    # A line that starts with a capital is as often a new item (Chia writes one criterion a line)
    # as the rest of a wrapped one, and "2." or "b)" starts a numbered item; a lower-case word, a
    # number or a symbol carries the phrase on.
    nxt = doc[i + 1]
    if nxt.is_space:
        return False
    if nxt.text[0].isupper():
        # An abbreviation right after a word that cannot end a phrase carries the line on: "no greater
        # than 2.5 times\nULN", "history of\nHIV"; so does any word after a negation that ends its
        # line, "No\nStage I myeloma" (a run-on item's "No"). Other capitals start anew as often as
        # not, and a negation's scope must not run on into the next item.
        prev = doc[i - 1]
        return prev.text in _LINE_END_NEGATIONS or (nxt.text.isupper() and len(nxt.text) > 1 and prev.lower_ in CONTINUING_WORDS)
    return not (i + 2 < len(doc) and doc[i + 2].text in {".", ")"} and len(nxt) <= 3)


def make_trials_tokenizer(nlp: Language) -> Tokenizer:
    """Create the trial-text tokenizer for ``nlp``.

    The rules are always English (:data:`spacy.lang.en.English.Defaults`) whatever ``nlp.lang`` is;
    ``nlp`` supplies the vocab. The result is a plain :class:`spacy.tokenizer.Tokenizer`, so it
    serializes with the pipeline (``nlp.to_disk`` stores its regexes and special cases) and supports
    ``explain`` and ``add_special_case``.

    Args:
        nlp: The pipeline the tokenizer is for.

    Returns:
        The tokenizer.
    """
    defaults = English.Defaults
    return Tokenizer(
        nlp.vocab,
        rules=trials_special_cases(defaults.tokenizer_exceptions),
        prefix_search=compile_prefix_regex(trials_prefixes(defaults.prefixes)).search,
        suffix_search=compile_suffix_regex(trials_suffixes(defaults.suffixes)).search,
        infix_finditer=compile_infix_regex(trials_infixes(defaults.infixes)).finditer,
        token_match=defaults.token_match,
        url_match=URL_MATCH,
    )
