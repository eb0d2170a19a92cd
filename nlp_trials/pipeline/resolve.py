"""Choose the final, non-overlapping entities from the rulers' overlapping candidates."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from .drug_names import SHAPE_IDS

#: When two candidates cover exactly the same tokens, the earlier label wins. Structured labels come
#: first because their patterns are narrower (a number with a unit is a value before it is a name),
#: SCHEDULE before DURATION because "on Day 1" is a day of a cycle, not an amount of time, and
#: LAB_TEST before DRUG/DISEASE because "HbA1c" or "HIV antibody" in a criterion is a test.
LABEL_PRIORITY: tuple[str, ...] = (
    "LAB_VALUE", "DOSE", "SCHEDULE", "DURATION", "FREQUENCY", "ROUTE", "LAB_TEST", "DRUG", "DISEASE",
)


def _rank(label: str) -> int:
    try:
        return LABEL_PRIORITY.index(label)
    except ValueError:
        return len(LABEL_PRIORITY)


def resolve_spans(spans: Iterable[Span]) -> list[Span]:
    """Longest candidate first, then label priority, then the earlier start; no two results overlap.

    Longest-first keeps "extensive-stage small cell lung cancer" over "lung cancer" and "≥ 1.5×10 9 /L"
    over "1.5"; between two names of the same words, a vocabulary entry wins over a name recognized
    only by its shape (a code or an INN stem), so it keeps its id. The result is sorted by position.
    """
    ordered = sorted(
        spans, key=lambda s: (-(s.end - s.start), _rank(s.label_), s.id_ in SHAPE_IDS, s.start, s.label_, s.id_)
    )
    taken: set[int] = set()
    chosen: list[Span] = []
    for span in ordered:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        chosen.append(span)
        taken.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


class TrialsResolver:
    """Pipeline component: ``doc.ents`` = :func:`resolve_spans` over ``doc.spans[spans_key]``.

    Entities a statistical NER earlier in the pipeline already set are kept as candidates too, so a
    hybrid pipeline resolves rules and model with one policy.
    """

    def __init__(self, name: str = "trials_resolver", *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc):  # type: ignore[no-untyped-def]
        candidates = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        candidates.extend(doc.ents)
        doc.ents = resolve_spans(candidates)
        return doc
