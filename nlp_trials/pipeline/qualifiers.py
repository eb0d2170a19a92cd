"""Disease names with the qualifiers a user selects them by: "recurrent or metastatic cervical cancer".

Vocabularies list "cervical cancer" and "small cell lung cancer"; criteria say "recurrent or
metastatic cervical cancer", "locally advanced or metastatic gastric adenocarcinoma",
"relapsed/refractory multiple myeloma". The qualifiers decide who is eligible, so a DISEASE entity
takes the run of qualifier words (:data:`QUALIFIERS`) right before it, with the "or", "and", "/"
and commas between them. A connector is taken only between two qualifiers ("metastatic or
cervical cancer" stays "cervical cancer"), and no other entity is crossed. The entity keeps its pattern id,
so its normalized name and code are still the vocabulary's ("cervical cancer", DOID:4362).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from ..labels import DISEASE, DRUG

#: Words that qualify a disease by stage, course, extent, treatment history or receptor status.
QUALIFIERS: frozenset[str] = frozenset(
    """
    recurrent relapsed refractory metastatic advanced locally unresectable inoperable resectable
    operable progressive persistent progressing newly diagnosed untreated previously treated
    pretreated primary secondary early late early-stage late-stage extensive-stage limited-stage
    locally-advanced high-grade low-grade well-differentiated poorly moderately differentiated
    undifferentiated triple-negative castration-resistant castrate-resistant hormone-refractory
    hormone-sensitive castration-sensitive platinum-resistant platinum-sensitive
    platinum-refractory her2-positive her2-negative hr-positive er-positive pr-positive
    egfr-mutant egfr-mutated alk-positive ros1-positive kras-mutant braf-mutant msi-h dmmr
    invasive non-invasive muscle-invasive non-muscle-invasive localized disseminated extensive
    diffuse solid distant regional locoregional nonregional non-regional malignant
    """.split()
)  # fmt: skip
#: Words that grade an enzyme inhibitor or inducer: "strong CYP3A inhibitor", "moderate or strong
#: CYP3A4 inducers" (the class named in drug-interaction criteria).
DRUG_QUALIFIERS: frozenset[str] = frozenset({"strong", "moderate", "potent", "weak", "moderate-to-strong", "strong-to-moderate"})
#: Last words of the drug classes that take :data:`DRUG_QUALIFIERS`.
GRADED_DRUG_HEADS: frozenset[str] = frozenset({"inhibitor", "inhibitors", "inducer", "inducers"})
#: Words allowed between two qualifiers.
CONNECTORS: frozenset[str] = frozenset({"or", "and", "/", ",", "and/or", "-"})


def qualifier_start(span: Span, taken: set[int], qualifiers: frozenset[str] = QUALIFIERS) -> int:
    """The first token of the run of ``qualifiers`` right before ``span`` (``span.start`` when there is none).

    ``taken`` holds the tokens of other entities, which the run never crosses.
    """
    doc = span.doc
    start = i = span.start
    while i > 0:
        tok = doc[i - 1]
        if i - 1 in taken or "\n" in tok.whitespace_:
            break
        low = tok.lower_
        if low in qualifiers:
            i -= 1
            start = i
        elif low in CONNECTORS and doc[i].lower_ in qualifiers and i >= 2 and doc[i - 2].lower_ in qualifiers and i - 2 not in taken:
            i -= 1
        else:
            break
    return start


def widen_with_qualifiers(spans: Sequence[Span]) -> list[Span]:
    """``spans`` (non-overlapping entities) with each DISEASE widened over the qualifiers before it,
    and each enzyme inhibitor or inducer class over its grade ("strong CYP3A inhibitor")."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    out: list[Span] = []
    for span in spans:
        qualifiers = None
        if span.label_ == DISEASE:
            qualifiers = QUALIFIERS
        elif span.label_ == DRUG and span[-1].lower_ in GRADED_DRUG_HEADS:
            qualifiers = DRUG_QUALIFIERS
        if qualifiers is not None:
            start = qualifier_start(span, taken, qualifiers)
            if start < span.start:
                taken.update(range(start, span.start))
                span = Span(span.doc, start, span.end, label=span.label_, span_id=span.id_)
        out.append(span)
    return out


__all__ = ["CONNECTORS", "DRUG_QUALIFIERS", "QUALIFIERS", "qualifier_start", "widen_with_qualifiers"]
