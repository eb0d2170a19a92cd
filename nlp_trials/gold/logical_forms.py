"""Leaf logical forms of LCT criteria: the comparisons a criterion states, as gold for values.

The LCT authors wrote single criteria of the LCT corpus as logical forms (``lct-logical-forms``,
three annotators, MIT), one ``.js`` file per criterion named ``<NCT id>_<line>.js``: the
criterion's kind ('INC'/'EXC'), its text tokenized, the text with inline annotations, and a tree::

    lab("Serum Endotoxin")
        .num_filter(
            eq(op(GT), val("25"), unit("EU"), unit("ml"))
        )

A test's comparison is the ``eq(...)`` of a ``.num_filter`` chained to a ``lab``, ``vital``,
``clin_score`` or ``measurement`` term; a time window's is the ``eq(...)`` of a ``.temporality``
or ``.duration`` that holds a ``temporal_unit``. These are what the linker's lab thresholds and
time windows must say, so they score comparator and value parsing, which span F1 cannot see.
The criterion's own words are taken from the LCT text file (``<line>`` is its 0-based line),
since the logical form's text is tokenized ("mg / dl"). Pure functions; no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from ..errors import GoldError, message
from ..quantities import number_word, to_float

#: Terms whose ``.num_filter`` is a lab threshold.
TEST_TERMS: tuple[str, ...] = ("lab", "vital", "clin_score", "measurement")
#: Operators of the logical forms as our comparators; PLUS_MINUS (a tolerance) has none.
OPERATORS: dict[str, str] = {"GT": ">", "GTEQ": ">=", "LT": "<", "LTEQ": "<=", "EQ": "=", "BETWEEN": "between"}
#: Temporal units as UCUM.
TIME_UNITS: dict[str, str] = {"MINUTE": "min", "HOUR": "h", "DAY": "d", "WEEK": "wk", "MONTH": "mo", "YEAR": "a"}
_QUOTED_LINE_RE = re.compile(r"^'(.*)'\s*$", re.M)
_TERM_RE = re.compile(r"\b(" + "|".join(TEST_TERMS) + r')\("([^"]*)"\)')
_METHOD_RE = re.compile(r"\s*\.(\w+)\(")
_FILE_RE = re.compile(r"^(?P<trial>NCT\d{8})_(?P<line>\d+)$")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]\s+|\(?\d{1,2}[.)]\s+)?")


@dataclass(frozen=True)
class GoldComparison:
    """One comparison a criterion states: of a test (a threshold) or of a time (a window)."""

    kind: Literal["threshold", "window"]
    subject: str | None  # the test's name as written; None for a window
    comparator: str | None  # one of OPERATORS' values, or None when the form gives none
    values: tuple[float, ...]  # the numbers, in order; words ("three") read as numbers
    unit: str | None  # UCUM time unit of a window; "ULN" for a multiple of the normal limit
    text: str  # the eq(...) as written, for reports


@dataclass(frozen=True)
class LogicalFormCriterion:
    """A criterion with the comparisons one annotator wrote for it."""

    id: str  # "<NCT id>_<line>"
    annotator: str
    kind: Literal["inclusion", "exclusion"]
    text: str  # the criterion's words: the LCT line without its bullet, or the form's own text
    comparisons: tuple[GoldComparison, ...]


def _closing(text: str, i: int) -> int:
    """The index after the bracket that closes the one at ``text[i]``, quotes respected."""
    depth, quoted = 0, False
    for j in range(i, len(text)):
        c = text[j]
        if c == '"':
            quoted = not quoted
        elif not quoted and c == "(":
            depth += 1
        elif not quoted and c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    raise ValueError(f"unbalanced brackets at offset {i}: {text[i:i + 60]!r}")


def _number(word: str) -> float | None:
    w = re.sub(r"\s+", "", word).lower()  # the forms are tokenized: "- 2", "1 , 5"
    spelled = number_word(w)
    if spelled is not None:
        return float(spelled)
    try:
        return to_float(w)  # a decimal comma ("1,5") or thousands ("1,500"), as quantities reads them
    except ValueError:
        return None


def _comparison(kind: Literal["threshold", "window"], subject: str | None, eq: str) -> GoldComparison:
    ops = re.findall(r"\bop\((\w+)\)", eq)
    numbers = tuple(n for n in (_number(v) for v in re.findall(r'\bval\("([^"]*)"\)', eq)) if n is not None)
    if kind == "window":
        units = re.findall(r"\btemporal_unit\((\w+)\)", eq)
        unit = TIME_UNITS.get(units[0]) if units else None
    else:
        unit = "ULN" if "REF_RANGE_NORMAL" in eq else None
    # "BMI = 18.5-29.9": eq(op(EQ), val(18.5), op(BETWEEN), val(29.9)) is a range; a BETWEEN with
    # one number is a slip of the form ("greater or equal to 750 g": op(GTEQ), op(BETWEEN), val(750)).
    between = "BETWEEN" in ops and len(numbers) >= 2
    comparator = "between" if between else next((OPERATORS[o] for o in ops if o in OPERATORS and o != "BETWEEN"), None)
    return GoldComparison(kind=kind, subject=subject, comparator=comparator, values=numbers, unit=unit, text=" ".join(eq.split()))


def _eqs(tree: str, start: int, end: int) -> Iterator[str]:
    """The ``eq(...)`` calls directly inside ``tree[start:end]`` (an argument list)."""
    for m in re.finditer(r"\beq\(", tree[start:end]):
        a = start + m.end() - 1
        yield tree[a + 1 : _closing(tree, a) - 1]


def comparisons(tree: str) -> list[GoldComparison]:
    """The threshold and window comparisons of a logical form's tree, in the order written."""
    found: list[tuple[int, GoldComparison]] = []
    # Thresholds: the .num_filter chained to a test term.
    for m in _TERM_RE.finditer(tree):
        i = m.end()
        while (method := _METHOD_RE.match(tree, i)) is not None:
            a = method.end() - 1
            b = _closing(tree, a)
            if method.group(1) == "num_filter":
                found.extend((m.start(), _comparison("threshold", m.group(2), eq)) for eq in _eqs(tree, a, b))
            i = b
    # Windows: a .temporality or .duration whose eq holds a temporal unit, wherever it is chained.
    for m in re.finditer(r"\.(?:temporality|duration)\(", tree):
        a = m.end() - 1
        for eq in _eqs(tree, a, _closing(tree, a)):
            if "temporal_unit(" in eq:
                found.append((m.start(), _comparison("window", None, eq)))
    return [c for _, c in sorted(found, key=lambda x: x[0])]


def parse_logical_form(text: str) -> tuple[Literal["inclusion", "exclusion"], str, str]:
    """``(kind, tokenized text, tree)`` of one ``.js`` logical-form file's content.

    Raises:
        ValueError: the content is no logical form (what is missing is said).
    """
    quoted = _QUOTED_LINE_RE.findall(text)
    if len(quoted) < 2 or quoted[0] not in ("INC", "EXC"):
        raise ValueError("no quoted 'INC' or 'EXC' and text")
    blocks = text.split("\n\n")
    tree = "\n\n".join(blocks[3:]) if len(blocks) > 3 else ""
    return ("inclusion" if quoted[0] == "INC" else "exclusion"), quoted[1], tree


#: How alike (difflib ratio of letters and digits) an LCT line and a form's text must be to be one criterion.
SAME_TEXT_RATIO = 0.9
_SPACE_BEFORE_RE = re.compile(r"\s+([,.;:)\]%])")
_SPACE_AFTER_RE = re.compile(r"([(\[])\s+")
_SPACED_JOIN_RE = re.compile(r"(?<=\w) ([-/]) (?=\w)")


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def detokenize(text: str) -> str:
    """A form's tokenized text closer to how it was written: "( ages 18 - 65 ) , mg / dl" ->
    "(ages 18-65), mg/dl"."""
    text = _SPACED_JOIN_RE.sub(r"\1", _SPACE_AFTER_RE.sub(r"\1", _SPACE_BEFORE_RE.sub(r"\1", text)))
    return " ".join(text.split())


def criterion_text(line: str) -> str:
    """A criterion's words without the list bullet or number that LCT lines start with."""
    return _BULLET_RE.sub("", line, count=1).strip()


def read_logical_forms(forms: str | Path, lct: str | Path | None = None) -> list[LogicalFormCriterion]:
    """Every annotator's logical forms under ``forms`` (``annotator_*/<NCT>_<line>.js``) that state a
    comparison, with the criterion's words from the LCT text file under ``lct`` when there is one.

    Raises:
        GoldError: ``forms`` holds no logical form (E220), or a file is not one (E221, naming it).
    """
    root = Path(forms)
    files = sorted(root.glob("*/*.js")) or sorted(root.glob("*.js"))
    if not files:
        raise GoldError(message("E220", path=root))
    out: list[LogicalFormCriterion] = []
    lines_of: dict[str, list[str]] = {}
    for path in files:
        m = _FILE_RE.match(path.stem)
        if m is None:
            continue
        try:
            kind, tokenized, tree = parse_logical_form(path.read_text(encoding="utf-8"))
            found = comparisons(tree)
        except (ValueError, UnicodeDecodeError) as error:
            raise GoldError(message("E221", path=path, detail=error)) from None
        if not found:
            continue
        text = detokenize(tokenized)
        source = Path(lct) / f"{m['trial']}.txt" if lct is not None else None
        if source is not None and source.exists():
            lines = lines_of.setdefault(m["trial"], source.read_text(encoding="utf-8").split("\n"))
            line = lines[int(m["line"])] if int(m["line"]) < len(lines) else ""
            # A few forms were written for another line, or with the text corrected: the LCT line
            # counts only when it says the same.
            if SequenceMatcher(None, _letters(line), _letters(tokenized)).ratio() >= SAME_TEXT_RATIO:
                text = line
        annotator = path.parent.name if path.parent != root else ""
        out.append(LogicalFormCriterion(id=path.stem, annotator=annotator, kind=kind, text=criterion_text(text), comparisons=tuple(found)))
    return out


__all__ = [
    "OPERATORS",
    "TEST_TERMS",
    "TIME_UNITS",
    "GoldComparison",
    "LogicalFormCriterion",
    "comparisons",
    "criterion_text",
    "detokenize",
    "parse_logical_form",
    "read_logical_forms",
]
