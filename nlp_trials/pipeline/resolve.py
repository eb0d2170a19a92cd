"""Choose the final, non-overlapping entities from the rulers' overlapping candidates."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from ..labels import DISEASE, DRUG
from .drug_names import EFFECT_CLASS_KEY, SHAPE_IDS
from .test_heads import MARKER_EXPRESSION_KEY, UNLISTED_SCORE_KEY
from .qualifiers import ALTERATION_KEY, widen_with_qualifiers

#: When two candidates cover exactly the same tokens, the earlier label wins. Structured labels come
#: first because their patterns are narrower (a number with a unit is a value before it is a name),
#: SCHEDULE before DURATION because "on Day 1" is a day of a cycle, not an amount of time, and
#: LAB_TEST before DRUG/DISEASE because "HbA1c" or "HIV antibody" in a criterion is a test; a
#: PROCEDURE last, so that a name that is also a condition or a drug keeps that label.
LABEL_PRIORITY: tuple[str, ...] = (
    "LAB_VALUE", "DOSE", "SCHEDULE", "DURATION", "FREQUENCY", "ROUTE", "LAB_TEST", "DRUG", "DISEASE", "PROCEDURE",
)


#: Ids of names recognized only by their shape; a vocabulary or table name of the same words wins.
SHAPE_ONLY_IDS: frozenset[str] = SHAPE_IDS | {
    f"lab_test:{UNLISTED_SCORE_KEY}", f"lab_test:{MARKER_EXPRESSION_KEY}", f"disease:{ALTERATION_KEY}",
}


def _rank(label: str) -> int:
    try:
        return LABEL_PRIORITY.index(label)
    except ValueError:
        return len(LABEL_PRIORITY)


#: Words after a drug that a vocabulary joins into a condition ("opioid use", "penicillin allergy"):
#: criteria mean the drug, and the reaction word is its own condition.
DRUG_USE_WORDS: frozenset[str] = frozenset(
    {"use", "usage", "intake", "consumption", "allergy", "allergies", "hypersensitivity", "intolerance"}
)


def split_drug_use(spans: list[Span]) -> list[Span]:
    """Drop DISEASE candidates that are a DRUG candidate plus one :data:`DRUG_USE_WORDS` word.

    ICD-10-CM indexes "Opioid use" and "Penicillin allergy" as conditions, but a criterion's
    "no opioid use in the past month" or "lidocaine allergy" names the drug; the shorter candidates
    (the drug, and "allergy" where it is a condition) are then chosen instead.
    """
    drugs = {(s.start, s.end) for s in spans if s.label_ == DRUG}
    if not drugs:
        return spans
    return [
        s for s in spans
        if not (
            s.label_ == DISEASE
            and s.end - s.start >= 2
            and s[-1].lower_ in DRUG_USE_WORDS
            and (s.start, s.end - 1) in drugs
            and not (s.end < len(s.doc) and s.doc[s.end].lower_ in {"disorder", "disorders"})
        )
    ]


#: Words right after a hormone or ligand name that make it a receptor or biomarker, not a drug:
#: "estrogen receptor positive", "progesterone receptor", "androgen receptors".
RECEPTOR_WORDS: frozenset[str] = frozenset({"receptor", "receptors"})


def drop_receptor_ligands(spans: list[Span]) -> list[Span]:
    """Drop DRUG candidates right before "receptor(s)": "estrogen receptor" names a biomarker. A
    longer drug candidate that takes the word in ("estrogen receptor antagonists") is kept."""
    return [
        s for s in spans
        if not (s.label_ == DRUG and s.end < len(s.doc) and s.doc[s.end].lower_ in RECEPTOR_WORDS)
    ]


_DASHES = frozenset({"-", "‐", "–"})


def drop_anti_targets(spans: list[Span]) -> list[Span]:
    """Drop DISEASE candidates right after "anti-", or that are "anti-" and one word: the "tumor"
    of "anti-tumor treatments" is what the treatment acts against, not a disease the patient has.
    ("anti-GBM disease" and "anti-NMDA receptor encephalitis" are longer and stay.)"""
    return [
        s for s in spans
        if not (
            s.label_ == DISEASE
            and (
                (s.start >= 2 and s.doc[s.start - 1].text in _DASHES and s.doc[s.start - 2].lower_ == "anti" and not s.doc[s.start - 2].whitespace_)
                or (len(s) == 3 and s[0].lower_ == "anti" and s[1].text in _DASHES and not s[0].whitespace_)
            )
        )
    ]


_JOINERS = _DASHES | {"/"}
_CONJUNCTIONS = frozenset({"and", "or", "and/or"})


def _overruns(span: Span) -> bool:
    """Does ``span`` end on a hyphen, a slash or a conjunction ("drugs that prolong QT interval
    and/or"), or hold a dash with a space before it (the dash of the next list item, "... the
    immune system\n  -  Pregnancy")?"""
    doc = span.doc
    return span[-1].text in _JOINERS or span[-1].lower_ in _CONJUNCTIONS or any(
        t.text in _JOINERS and t.i > 0 and (doc[t.i - 1].whitespace_ or doc[t.i - 1].is_space) for t in span[1:]
    )


def fit_effect_classes(spans: list[Span]) -> list[Span]:
    """Fit each class defined by what its drugs do (id ``drug:effect class``, "drugs that prolong
    QT/QTc interval"): drop the candidates that run past what the drugs act on (:func:`_overruns`),
    and widen the others over a drug name that ends at their head ("vasoactive drugs" + "drugs
    influencing SPI monitoring" is one class; the longer span must not drop the name)."""
    effect_id = f"drug:{EFFECT_CLASS_KEY}"
    if not any(s.id_ == effect_id for s in spans):
        return spans
    ends: dict[int, int] = {}
    for s in spans:
        if s.label_ == DRUG and s.id_ != effect_id and len(s) >= 2:
            ends[s.end] = min(ends.get(s.end, s.start), s.start)
    return [
        Span(s.doc, ends[s.start + 1], s.end, label=s.label, span_id=s.id) if s.id_ == effect_id and s.start + 1 in ends else s
        for s in spans
        if s.id_ != effect_id or not _overruns(s)
    ]


def resolve_spans(spans: Iterable[Span]) -> list[Span]:
    """Longest candidate first, then label priority, then the earlier start; no two results overlap.

    Longest-first keeps "extensive-stage small cell lung cancer" over "lung cancer" and "≥ 1.5×10 9 /L"
    over "1.5"; between two names of the same words, a vocabulary entry wins over a name recognized
    only by its shape (a code or an INN stem), so it keeps its id. The result is sorted by position.
    """
    ordered = sorted(
        fit_effect_classes(drop_receptor_ligands(drop_anti_targets(split_drug_use(list(spans))))), key=lambda s: (-(s.end - s.start), _rank(s.label_), s.id_ in SHAPE_ONLY_IDS, s.start, s.label_, s.id_)
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
    """Pipeline component: ``doc.ents`` = :func:`resolve_spans` over ``doc.spans[spans_key]``, each
    disease then widened over its qualifiers (:func:`nlp_trials.pipeline.qualifiers.widen_with_qualifiers`).

    Entities a statistical NER earlier in the pipeline already set are kept as candidates too, so a
    hybrid pipeline resolves rules and model with one policy.
    """

    def __init__(self, name: str = "trials_resolver", *, spans_key: str) -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc):  # type: ignore[no-untyped-def]
        candidates = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        candidates.extend(doc.ents)
        doc.ents = widen_with_qualifiers(resolve_spans(candidates))
        return doc
