"""Disease names with the qualifiers a user selects them by: "recurrent or metastatic cervical cancer".

Vocabularies list "cervical cancer" and "small cell lung cancer"; criteria say "recurrent or
metastatic cervical cancer", "locally advanced or metastatic gastric adenocarcinoma",
"relapsed/refractory multiple myeloma". The qualifiers decide who is eligible, so a DISEASE entity
takes the run of qualifier words (:data:`QUALIFIERS`) right before it, with the "or", "and", "/"
and commas between them. A connector is taken only between two qualifiers ("metastatic or
cervical cancer" stays "cervical cancer"), and no other entity is crossed. The entity keeps its pattern id,
so its normalized name and code are still the vocabulary's ("cervical cancer", DOID:4362).

The tokenizer splits hyphenated words, so a qualifier written with a hyphen is read as three glued
tokens: "platinum-resistant ovarian cancer" (or two, written with a space: "platinum resistant"),
and a gene or antigen with its status, "EGFR-mutant NSCLC", "IDH1-mutated glioma", "KRAS wild-type
colorectal cancer" (:func:`compound_qualifier`). Such a compound may take in a one-token drug it
starts with: in "platinum-resistant", platinum qualifies the cancer and is no drug mention of its
own. Likewise a route word that names a body site (:data:`SITE_ROUTES`) right before a disease is
its site: "oral herpes simplex", "subcutaneous
tumor nodules".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..labels import DISEASE, DRUG, ROUTE

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
    egfr-mutant egfr-mutated alk-positive ros1-positive kras-mutant braf-mutant
    invasive non-invasive muscle-invasive non-muscle-invasive localized disseminated extensive
    diffuse solid distant regional locoregional nonregional non-regional malignant
    germline somatic activating sensitizing sensitising wild-type aggressive indolent
    b-cell t-cell pre-b-cell precursor-b-cell nk-cell nk/t-cell
    """.split()
)  # fmt: skip
#: The words that make "treated" a qualifier of treatment history ("previously treated multiple
#: myeloma"); after any other ("adequately treated", "curatively treated") it is no qualifier.
TREATED_BY: frozenset[str] = frozenset({"previously", "heavily", "prior"})
#: Words that grade an enzyme inhibitor or inducer: "strong CYP3A inhibitor", "moderate or strong
#: CYP3A4 inducers" (the class named in drug-interaction criteria).
DRUG_QUALIFIERS: frozenset[str] = frozenset({"strong", "moderate", "potent", "weak", "moderate-to-strong", "strong-to-moderate"})
#: Last words of the drug classes that take :data:`DRUG_QUALIFIERS`.
GRADED_DRUG_HEADS: frozenset[str] = frozenset({"inhibitor", "inhibitors", "inducer", "inducers"})
#: Route words that are also body sites: right before a disease they are its site, not a route.
SITE_ROUTES: frozenset[str] = frozenset({"oral", "subcutaneous", "cutaneous", "ocular", "nasal", "vaginal", "rectal", "dermal"})
#: Words allowed between two qualifiers.
CONNECTORS: frozenset[str] = frozenset({"or", "and", "/", ",", "and/or", "-"})
#: Second parts of a "<gene or antigen>-<status>" qualifier: "EGFR-mutant", "ALK-rearranged",
#: "CD20-positive", "MMR-deficient".
MARKER_STATUSES: frozenset[str] = frozenset(
    """mutant mutated positive negative rearranged amplified altered deficient proficient
    expressing overexpressing driven high low""".split()
)  # fmt: skip
#: Pattern key of a gene alteration named by its shape ("EGFR mutation", "KRAS G12C mutation",
#: "ALK rearrangement", patterns/diseases_curated.jsonl): the normalized name is the text.
ALTERATION_KEY = "gene alteration"
#: A gene or antigen symbol as trials write it: upper case and digits, "PD-L1" kept whole.
MARKER_RE = re.compile(r"^[A-Z][A-Z0-9]{1,6}(?:-[A-Z0-9]{1,4})?$")


def compound_qualifier(doc: Doc, end: int, qualifiers: frozenset[str] = QUALIFIERS) -> bool:
    """Do the three tokens before ``end`` spell a hyphenated qualifier, glued together:
    "platinum-resistant" (a word of ``qualifiers``) or "EGFR-mutant" (a marker and a status of
    :data:`MARKER_STATUSES`)? Only for the disease qualifiers, never for a drug's grade."""
    if end < 3 or qualifiers is not QUALIFIERS:
        return False
    first, hyphen, second = doc[end - 3], doc[end - 2], doc[end - 1]
    if hyphen.text != "-" or first.whitespace_ or hyphen.whitespace_:
        return False
    if f"{first.lower_}-{second.lower_}" in qualifiers:
        return True
    return second.lower_ in MARKER_STATUSES and bool(MARKER_RE.match(first.text))


def _spaced_marker(doc: Doc, start: int, taken: set[int]) -> int:
    """``start`` (of a hyphenated qualifier) moved back over the gene symbol written before it with
    a space when the qualifier is its status: "KRAS wild-type", "RAS wild-type"."""
    if start == 0 or start - 1 in taken or doc[start - 1].whitespace_ != " ":
        return start
    if doc[start : start + 3].text.lower() != "wild-type" or not MARKER_RE.match(doc[start - 1].text):
        return start
    return start - 1


#: Hyphens a prefix is written with ("non-", "non‑").
HYPHENS: tuple[str, ...] = ("-", "‐", "‑", "–")


def denying_prefix(doc: Doc, i: int) -> int:
    """The start of a "non-" or "non " written right before the token at ``i`` (``i`` when there is none)."""
    if i >= 2 and doc[i - 1].text in HYPHENS and not doc[i - 2].whitespace_ and not doc[i - 1].whitespace_ and doc[i - 2].lower_ == "non":
        return i - 2
    if i >= 1 and doc[i - 1].lower_ == "non" and "\n" not in doc[i - 1].whitespace_:
        return i - 1
    return i


def qualifier_start(span: Span, taken: set[int], qualifiers: frozenset[str] = QUALIFIERS, yielding: frozenset[int] = frozenset()) -> int:
    """The first token of the run of ``qualifiers`` right before ``span`` (``span.start`` when there is none).

    ``taken`` holds the tokens of other entities, which the run never crosses; a hyphenated
    qualifier may start on a token of ``yielding`` (a one-token drug: "platinum-resistant"), and a
    site route of ``yielding`` right before the disease is its site ("oral herpes simplex").
    """
    doc = span.doc
    start = i = span.start
    while i > 0:
        tok = doc[i - 1]
        if "\n" in tok.whitespace_:
            break
        if (
            compound_qualifier(doc, i, qualifiers)
            and not {i - 1, i - 2} & taken
            and (i - 3 not in taken or i - 3 in yielding)
            and "\n" not in doc[i - 3].whitespace_
        ):
            i = start = _spaced_marker(doc, i - 3, taken)
            continue
        # The same compound written with a space: "platinum resistant ovarian cancer", "hormone
        # refractory adenocarcinoma of the prostate".
        if (
            qualifiers is QUALIFIERS
            and i >= 2
            and f"{doc[i - 2].lower_}-{tok.lower_}" in qualifiers
            and i - 1 not in taken
            and (i - 2 not in taken or i - 2 in yielding)
            and "\n" not in doc[i - 2].whitespace_
        ):
            i = start = i - 2
            continue
        # Whatever "non-" denies before a disease qualifies it: "non-prostate cancer", "non-pelvic cancer".
        denied = denying_prefix(doc, i - 1)
        if denied == i - 3 and tok.is_alpha and not taken.intersection(range(denied, i)):
            i = start = denied
            continue
        if i - 1 in taken and not (i - 1 in yielding and tok.lower_ in SITE_ROUTES and qualifiers is QUALIFIERS and i == span.start):
            break
        low = tok.lower_
        if low == "treated" and (i < 2 or doc[i - 2].lower_ not in TREATED_BY):
            break  # "adequately treated basal cell carcinoma" is an exception, no kind of the cancer
        if low in qualifiers or (low in SITE_ROUTES and i == span.start and qualifiers is QUALIFIERS):
            i -= 1
            # A qualifier the prefix "non" denies is one too: "non-metastatic breast cancer".
            prefix = denying_prefix(doc, i)
            if prefix < i and not taken.intersection(range(prefix, i)):
                i = prefix
            start = i
        elif low in CONNECTORS and (doc[i].lower_ in qualifiers or doc[i].lower_ == "non") and i >= 2 and doc[i - 2].lower_ in qualifiers and i - 2 not in taken:
            i -= 1
        else:
            break
    return start


def widen_with_qualifiers(spans: Sequence[Span]) -> list[Span]:
    """``spans`` (non-overlapping entities) with each DISEASE widened over the qualifiers before it,
    and each enzyme inhibitor or inducer class over its grade ("strong CYP3A inhibitor")."""
    taken = {i for s in spans for i in range(s.start, s.end)}
    yielding = frozenset(s.start for s in spans if s.label_ in (DRUG, ROUTE) and len(s) == 1)
    absorbed: set[int] = set()
    out: list[Span] = []
    for span in spans:
        qualifiers = None
        if span.label_ == DISEASE:
            qualifiers = QUALIFIERS
        elif span.label_ == DRUG and span[-1].lower_ in GRADED_DRUG_HEADS:
            qualifiers = DRUG_QUALIFIERS
        if qualifiers is not None:
            start = qualifier_start(span, taken, qualifiers, yielding)
            if start < span.start:
                taken.update(range(start, span.start))
                absorbed.update(yielding.intersection(range(start, span.start)))
                span = Span(span.doc, start, span.end, label=span.label_, span_id=span.id_)
        out.append(span)
    # A drug a hyphenated qualifier took in, or a route that is a site, is part of the disease's name now.
    return [s for s in out if not (s.label_ in (DRUG, ROUTE) and s.start in absorbed)]


__all__ = ["ALTERATION_KEY", "CONNECTORS", "DRUG_QUALIFIERS", "HYPHENS", "MARKER_STATUSES", "QUALIFIERS", "compound_qualifier", "denying_prefix", "qualifier_start", "widen_with_qualifiers"]
