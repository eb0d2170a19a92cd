"""Names whose head a coordination leaves out: "breast or ovarian cancer", "hepatitis B or C".

Criteria join diseases that share a head and write the head once: "History of breast or ovarian
cancer", "lung, liver or brain metastases", "small cell or non-small cell lung cancer", "basal cell
or squamous cell skin cancer", "type 1 or type 2 diabetes" (the head comes last), "hepatitis B or
C", "cancer of the breast or colon" (the head comes first). The vocabulary finds the conjunct that
carries the head ("ovarian cancer", "hepatitis B") and nothing, or the wrong thing, for the other.

For a DISEASE candidate of two or more tokens, :func:`elided_conjuncts` reads the conjuncts joined
to it by "or", "and", "and/or", "/" or commas (up to :data:`MAX_CONJUNCTS`, each of at most
:data:`MAX_CONJUNCT_TOKENS` words) and completes each with the candidate's shared part: the head
after a conjunct before it ("breast" + "cancer"), the head before a conjunct after it ("hepatitis"
+ "C"). A completion counts only when the vocabulary lists it with the same label
(``lookup``), so "breast" becomes a DISEASE with breast cancer's id while "metastatic or ovarian
cancer" gives nothing ("metastatic cancer" is a qualifier's business, :mod:`.qualifiers`). A
conjunct never takes a token of another candidate of the same label ("HIV or HBV infection": HIV
is a disease of its own), nor a qualifier word. The new span covers the conjunct's own words only,
so it overlaps nothing; its id says which disease it names. Lab tests are read the same way
("total or direct bilirubin": "total" is total bilirubin, and shares the threshold). A conjunct of course or severity
words only ("acute or chronic disease") qualifies the shared name, and a generic head after a
shared first part starts a new name ("metabolic diseases, disorders such as ..."). A gene
alteration, which no vocabulary lists, lends its alteration to the gene symbols listed before it:
"BRCA1 or BRCA2 mutation", "KRAS, NRAS or BRAF mutations" (:func:`elided_alterations`). Pure
functions; the component that applies them is :class:`TrialsEllipsis`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ..errors import ComponentError, message
from ..labels import DISEASE
from .qualifiers import ALTERATION_KEY, CONNECTORS, MARKER_RE, QUALIFIERS

if TYPE_CHECKING:
    from spacy.language import Language

#: Words that join two conjuncts.
JOINERS: frozenset[str] = CONNECTORS - {"-"}
#: Most conjuncts read before or after a candidate ("lung, liver, bone or brain metastases").
MAX_CONJUNCTS = 4
#: Most words of one conjunct ("small cell", "non - small cell").
MAX_CONJUNCT_TOKENS = 4
#: Words no conjunct holds: they end the run of conjuncts going leftwards or rightwards.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the of with without in on at for to from by as than history prior previous known any all
    other no not patients patient subjects subject who which that is are was were be been has have had
    including include includes except excluding such e.g. i.e. etc either both
    treated untreated resected excised curatively adequately completely previously histologically
    cytologically confirmed proven diagnosed
    """.split()
)  # fmt: skip

#: Words that name a kind of condition, not one: after a shared first part they start a new name
#: ("severe metabolic diseases, disorders such as ..." is no "metabolic disorders").
GENERIC_HEADS: frozenset[str] = frozenset(
    """
    disease diseases disorder disorders illness illnesses condition conditions syndrome syndromes
    impairment impairments insufficiency failure dysfunction abuse allergy allergies injury
    injuries problem problems complication complications
    """.split()
)  # fmt: skip
#: Words of course, severity and kind: a conjunct of these alone ("acute or chronic disease",
#: "medical or psychiatric illness") qualifies the shared name, it names no disease of its own.
COURSE_WORDS: frozenset[str] = frozenset(
    """
    acute chronic subacute severe mild moderate active inactive significant serious uncontrolled
    controlled unstable stable current past recent known suspected documented clinically major minor
    symptomatic asymptomatic congenital acquired medical surgical underlying concurrent intercurrent
    comorbid general other
    """.split()
)  # fmt: skip

#: ``lookup(tokens, label)``: the pattern id of the phrase of these lower-cased tokens with this
#: label in the vocabulary, or None.
Lookup = Callable[[Sequence[str], str], "str | None"]


def _word(token_text: str) -> bool:
    return any(ch.isalnum() for ch in token_text) and token_text.lower() not in STOP_WORDS and token_text.lower() not in JOINERS


def _conjuncts_before(doc: Doc, start: int, taken: set[int]) -> list[tuple[int, int]]:
    """Token ranges of the conjuncts joined to a span that starts at ``start``, nearest first."""
    out: list[tuple[int, int]] = []
    i = start
    while len(out) < MAX_CONJUNCTS:
        j = i
        while j > 0 and doc[j - 1].lower_ in JOINERS and "\n" not in doc[j - 1].whitespace_:
            j -= 1
        if j == i or j == 0 or "\n" in doc[j - 1].whitespace_:
            break
        end = j
        while j > 0 and end - j < MAX_CONJUNCT_TOKENS and _word(doc[j - 1].text) and j - 1 not in taken and "\n" not in doc[j - 1].whitespace_:
            j -= 1
        if j == end:
            break
        out.append((j, end))
        i = j
    return out


def _conjuncts_after(doc: Doc, end: int, taken: set[int]) -> list[tuple[int, int]]:
    """Token ranges of the conjuncts joined after a span that ends at ``end``, nearest first."""
    out: list[tuple[int, int]] = []
    i = end
    while len(out) < MAX_CONJUNCTS:
        j = i
        while j < len(doc) and doc[j].lower_ in JOINERS and "\n" not in doc[j - 1].whitespace_:
            j += 1
        if j == i or j >= len(doc) or "\n" in doc[j - 1].whitespace_:
            break
        start = j
        while j < len(doc) and j - start < MAX_CONJUNCT_TOKENS and _word(doc[j].text) and j not in taken:
            j += 1
            if "\n" in doc[j - 1].whitespace_:
                break
        if j == start:
            break
        out.append((start, j))
        i = j
    return out


def _completions(conjunct: Sequence[str], shared: Sequence[str], *, head_after: bool) -> Iterable[tuple[int, tuple[str, ...]]]:
    """(words of the conjunct used, token sequence) the conjunct may stand for: its last words
    (``head_after``) or first words with the last or first words of ``shared``; the longest
    conjunct part and the shortest shared part first. A part of qualifiers only is none."""
    for size in range(len(conjunct), 0, -1):
        part = tuple(conjunct[-size:]) if head_after else tuple(conjunct[:size])
        if all(t in QUALIFIERS or t in COURSE_WORDS for t in part):
            continue
        if not head_after and any(t in GENERIC_HEADS for t in part):
            continue
        for keep in range(1, len(shared)):
            yield size, (part + tuple(shared[-keep:])) if head_after else (tuple(shared[:keep]) + part)


def elided_conjuncts(doc: Doc, candidates: Sequence[Span], lookup: Lookup, labels: Iterable[str] = (DISEASE,)) -> list[Span]:
    """New candidates for the conjuncts that share a candidate's head (see the module docstring).

    Args:
        doc: The Doc.
        candidates: The span candidates of ``doc`` (overlapping allowed).
        lookup: Finds a phrase's pattern id by its lower-cased tokens and label.
        labels: The labels whose candidates are read.

    Returns:
        One span per completed conjunct, with the label and the vocabulary id of its completion,
        over the conjunct's words only.
    """
    wanted = set(labels)
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    taken_by_label: dict[str, set[int]] = {}
    for span in candidates:
        if span.label_ in wanted:
            taken_by_label.setdefault(span.label_, set()).update(range(span.start, span.end))
    for cand in candidates:
        if cand.label_ not in wanted or len(cand) < 2:
            continue
        taken = taken_by_label[cand.label_]
        words = [t.lower_ for t in cand]
        for ranges, head_after in ((_conjuncts_before(doc, cand.start, taken), True), (_conjuncts_after(doc, cand.end, taken), False)):
            for start, end in ranges:
                if (start, end) in seen:
                    continue
                conjunct = [t.lower_ for t in doc[start:end]]
                for size, tokens in _completions(conjunct, words, head_after=head_after):
                    span_id = lookup(tokens, cand.label_)
                    if span_id is None:
                        continue
                    s, e = (end - size, end) if head_after else (start, start + size)
                    out.append(Span(doc, s, e, label=cand.label_, span_id=span_id))
                    taken.update(range(s, e))
                    seen.add((start, end))
                    break
    return out


def elided_alterations(doc: Doc, candidates: Sequence[Span]) -> list[Span]:
    """New DISEASE candidates for the gene symbols listed before a gene alteration ("BRCA1 or
    BRCA2 mutation" -> BRCA1, named "brca1 mutation"): each conjunct a single symbol
    (:data:`~.qualifiers.MARKER_RE`) that no candidate takes; the id names the gene with the
    alteration's words after its own gene."""
    alteration_id = f"{DISEASE.lower()}:{ALTERATION_KEY}"
    taken = {i for s in candidates if s.label_ == DISEASE for i in range(s.start, s.end)}
    out: list[Span] = []
    for cand in candidates:
        if cand.id_ != alteration_id or len(cand) < 2 or not MARKER_RE.match(cand[0].text):
            continue
        rest = " ".join(t.lower_ for t in cand[1:])
        for start, end in _conjuncts_before(doc, cand.start, taken):
            if end - start != 1 or not MARKER_RE.match(doc[start].text):
                break
            out.append(Span(doc, start, end, label=DISEASE, span_id=f"{DISEASE.lower()}:{doc[start].lower_} {rest}"))
            taken.add(start)
    return out


class TrialsEllipsis:
    """Pipeline component: add :func:`elided_conjuncts` to the candidates in ``doc.spans[spans_key]``,
    looking completions up in the phrases of the ``lexicons`` ruler components (diseases are in the
    lexicon, lab tests in the measures ruler)."""

    def __init__(self, nlp: "Language", name: str, *, spans_key: str, lexicons: Sequence[str], labels: Sequence[str] = (DISEASE,)) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.lexicons = tuple(lexicons)
        self.labels = tuple(labels)
        self._lookups: list[Lookup] | None = None

    def _rulers(self) -> list[Lookup]:
        """The lexicons' lookups, found on first use (the rulers are loaded after this component is made)."""
        if self._lookups is None:
            lookups = []
            for lexicon in self.lexicons:
                ruler = self.nlp.get_pipe(lexicon) if lexicon in self.nlp.component_names else None
                lookup = getattr(ruler, "phrase_id", None)
                if lookup is None:
                    raise ComponentError(message("E113", component=self.name, value=lexicon, allowed=", ".join(self.nlp.pipe_names)))
                lookups.append(lookup)
            self._lookups = lookups
        return self._lookups

    def _lookup(self, tokens: Sequence[str], label: str) -> str | None:
        for lookup in self._rulers():
            found = lookup(tokens, label)
            if found is not None:
                return found
        return None

    def __call__(self, doc: Doc) -> Doc:
        self._rulers()
        if self.spans_key not in doc.spans:
            return doc
        candidates = list(doc.spans[self.spans_key])
        added = elided_conjuncts(doc, candidates, self._lookup, self.labels)
        if DISEASE in self.labels:
            added += elided_alterations(doc, candidates + added)
        if added:
            doc.spans[self.spans_key] = candidates + added
        return doc
