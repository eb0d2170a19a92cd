"""Scoring of the linker's lab thresholds and time windows against stated comparisons.

Span F1 says whether "≥ 1.5 x ULN" was tagged; it cannot say whether the threshold reads ">=",
1.5 and ULN, on the right test. Here each gold comparison (:mod:`nlp_trials.gold.logical_forms`)
is looked up among the objects the linker made for the same criterion:

* a threshold is **found** when a lab threshold names the same test (their words overlap, as
  "HbA 1c" and "HbA1c", "body mass index" and "Body mass index (BMI)" do); a window when a time
  window, or a test's threshold in a unit of time ("life expectancy less than 1 year"), has the
  same unit and numbers;
* then its **comparator** is right when it is the same (a gold comparison without one, as the
  forms write "in the past 6 months", takes any), its **value** when every gold number is one of
  the object's numbers (value, range ends or parts), and a multiple of the normal limit is one;
* **correct** is both. Precision counts the objects of those criteria that a gold comparison
  matches in full.

Pure functions over schema objects; no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pydantic import BaseModel, Field

from ..gold.logical_forms import TIME_UNITS, GoldComparison
from ..schema.eligibility_objects import LabThreshold, TimeWindow

_TIME_UNITS = frozenset(TIME_UNITS.values())
#: Words two test names may share without naming the same test.
_NAME_STOP_WORDS = frozenset({"of", "the", "score", "serum", "level", "levels", "total", "test", "count", "value", "in", "and"})
_LETTER_DIGIT_RE = re.compile(r"(?<=[a-z]) (?=\d)")
_SPACED_HYPHEN_RE = re.compile(r"(?<=\w) - (?=\w)")


class ValueCounts(BaseModel):
    """Counts of one kind of comparison, and the rates they give."""

    gold: int = Field(default=0, description="Gold comparisons.")
    found: int = Field(default=0, description="Gold comparisons with an object of the same test (thresholds) or the same unit and numbers (windows).")
    comparator: int = Field(default=0, description="Found with the right comparator.")
    value: int = Field(default=0, description="Found with every gold number among the object's numbers.")
    correct: int = Field(default=0, description="Found with both the comparator and the numbers right.")
    predicted: int = Field(default=0, description="Objects the linker made in the scored criteria.")
    matched: int = Field(default=0, description="Objects that some gold comparison matches in full.")

    @property
    def recall(self) -> float:
        """Share of the gold comparisons read correctly."""
        return self.correct / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Share of the objects that a gold comparison matches in full."""
        return self.matched / self.predicted if self.predicted else 0.0


class ValueScores(BaseModel):
    """Counts per kind ('threshold', 'window'), and the misses to read."""

    kinds: dict[str, ValueCounts] = Field(default_factory=dict, description="Counts per kind of comparison.")
    misses: list[dict[str, object]] = Field(default_factory=list, description="Gold comparisons not read correctly: criterion id, text, gold and what the linker made.")


def name_words(name: str) -> set[str]:
    """The words of a test name that identify it: lower case, "HbA 1c" joined, small words out."""
    text = _SPACED_HYPHEN_RE.sub("-", _LETTER_DIGIT_RE.sub("", name.lower()))
    return set(re.findall(r"[a-z0-9]+", text)) - _NAME_STOP_WORDS


def _numbers(item: LabThreshold | TimeWindow) -> list[float]:
    if item.value is not None:
        return [item.value]
    numbers = [n for n in (item.low, item.high) if n is not None]
    parts = getattr(item, "parts", None)
    return numbers + list(parts or [])


#: Powers of ten the forms write as numbers of their own ("× 109 / L" -> val("109")).
_POWER_NUMBERS = frozenset({103.0, 106.0, 109.0, 1012.0})


def _values_ok(gold: GoldComparison, item: LabThreshold | TimeWindow) -> bool:
    numbers = _numbers(item)
    wanted = [g for g in gold.values if not (g in _POWER_NUMBERS and "10*" in (item.unit or ""))]
    listed = item.comparator == "between" and wanted and item.low == min(wanted) and item.high == max(wanted)
    if not listed and any(not any(abs(n - g) < 1e-9 for n in numbers) for g in wanted):
        return False  # "ICDAS II score of 1, 2 or 3" is the range 1-3 (listed)
    return not (gold.unit == "ULN" and getattr(item, "reference", None) not in ("ULN", "LLN"))


def _comparator_ok(gold: GoldComparison, item: LabThreshold | TimeWindow) -> bool:
    return gold.comparator is None or item.comparator == gold.comparator


def _candidates(gold: GoldComparison, thresholds: Sequence[LabThreshold], windows: Sequence[TimeWindow]) -> list[LabThreshold | TimeWindow]:
    if gold.kind == "threshold":
        words = name_words(gold.subject or "")
        return [t for t in thresholds if words & (name_words(t.test_text) | name_words(t.test))]
    # "life expectancy less than 1 year": a time the linker reads as a test's threshold.
    timed = [t for t in thresholds if t.unit in _TIME_UNITS]
    return [w for w in [*windows, *timed] if w.unit == gold.unit and _values_ok(gold, w)]


def score_values(
    criteria: Iterable[tuple[str, str, Sequence[GoldComparison], Sequence[LabThreshold], Sequence[TimeWindow]]],
) -> ValueScores:
    """Score ``(id, text, gold comparisons, lab thresholds, time windows)`` of each criterion."""
    scores = ValueScores(kinds={"threshold": ValueCounts(), "window": ValueCounts()})
    for cid, text, gold, thresholds, windows in criteria:
        scores.kinds["threshold"].predicted += len(thresholds)
        scores.kinds["window"].predicted += len(windows)
        matched: set[int] = set()
        for g in gold:
            counts = scores.kinds[g.kind]
            counts.gold += 1
            found = _candidates(g, thresholds, windows)
            full = [c for c in found if _comparator_ok(g, c) and _values_ok(g, c)]
            counts.found += bool(found)
            counts.comparator += any(_comparator_ok(g, c) for c in found)
            counts.value += any(_values_ok(g, c) for c in found)
            counts.correct += bool(full)
            matched.update(id(c) for c in full)
            if not full:
                scores.misses.append({"id": cid, "text": text, "gold": g.text, "subject": g.subject, "kind": g.kind, "made": [_describe(c) for c in found]})
        scores.kinds["threshold"].matched += sum(id(t) in matched for t in thresholds)
        scores.kinds["window"].matched += sum(id(w) in matched for w in windows)
    return scores


def _describe(item: LabThreshold | TimeWindow) -> str:
    numbers = "-".join(f"{n:g}" for n in _numbers(item))
    unit = getattr(item, "reference", None) or item.unit or ""
    name = f"{item.test} " if isinstance(item, LabThreshold) else ""
    return f"{name}{item.comparator or ''} {numbers} {unit}".strip()


def format_value_scores(scores: ValueScores) -> str:
    """A plain-text table: per kind, gold count, found, comparator, value and correct (as shares
    of gold), and precision over the objects made."""
    rows = [f"{'kind':<10} {'gold':>5}   {'found':>6} {'comp':>6} {'value':>6} {'correct':>7}   {'made':>5} {'precision':>9}"]
    for kind, c in scores.kinds.items():
        share = (lambda n: n / c.gold) if c.gold else (lambda n: 0.0)  # noqa: E731
        rows.append(
            f"{kind:<10} {c.gold:>5}   {share(c.found):>6.3f} {share(c.comparator):>6.3f} {share(c.value):>6.3f} {c.recall:>7.3f}   {c.predicted:>5} {c.precision:>9.3f}"
        )
    return "\n".join(rows)


__all__ = ["ValueCounts", "ValueScores", "format_value_scores", "name_words", "score_values"]
