"""Abbreviations defined in a text: tag a short form like its long form everywhere in the doc.

"small cell lung cancer (SCLC)" defines SCLC; every later "SCLC" of the same doc is then the same
concept as the long form, whether the vocabularies know "SCLC" or not. The definitions are found
with the algorithm of scispaCy's ``AbbreviationDetector`` (Schwartz & Hearst 2003): its
``filter_matches`` (which side of a bracket pair is the short form) is followed in
:func:`_candidates`, which also reads square brackets and the markdown escapes of saved web pages
("(maytansinoid derivative 1 \\[DM1\\] or ...)"), and its pure functions
:func:`scispacy.abbreviation.short_form_filter` and :func:`scispacy.abbreviation.find_abbreviation`
(where the long form starts) are reused. The detector component itself is not used: it keeps a matcher as
state across docs and stores ``Span`` objects in ``doc._.abbreviations``, which neither a DocBin
nor ``nlp.pipe(n_process=2)`` can carry. It needs no parser or sentence boundaries: a definition
is a bracket pair and the words right before it.

How a definition is used, over the span rulers' candidates (before the resolver):

* **Known long form.** A candidate of an :data:`ABBREVIATION_LABELS` label that ends where the
  long form ends and covers at least half of its tokens gives its label and id to every
  occurrence of the short form (same token texts, case-sensitive, as scispaCy matches them).
  Candidates that cover exactly those tokens with another label or id are replaced: the text's own
  definition says what the short form means here ("PD" is Parkinson's disease in one record and
  progressive disease in another).
* **Known short form.** When no candidate covers the long form but one covers the short form
  inside the brackets, the long form gets that label and id ("regional lymph node disease (RLND)"
  cannot be found by a phrase list; a known "NSCLC" can name its unfamiliar spelling out). But a
  long form that spells a disease's short form out word by word (:func:`spells_out`) as a
  treatment, a procedure or a response category ("total body irradiation (TBI)", "progressive
  disease (PD)") says the short form is no condition here: its candidates are dropped in the whole
  text, and in the record's other texts (below). A long form that neither spells the short form
  out, nor shares a word with the vocabulary's name for it (:func:`_may_mean`), nor holds a
  candidate of its label ("Serum glutamic axaloacetic transaminase (SGOT)") defines something
  else: a drug then goes by its long form ("dihydroartemisinin-piperaquine (DHAP)" is no
  dexamethasone + cytarabine + cisplatin), any other short form is left untagged in the text
  ("American College of Rheumatology (ACR)").
* **A drug's brand or code abbreviation.** Letters need not match: "tenecteplase (TNK)",
  "docetaxel (TXT)" define TNK and TXT as those drugs (:func:`bracketed_drug_names`), which
  Schwartz & Hearst's matching cannot find.
* **A list's regimen.** After a list of drugs, a short form with one capital per drug names the
  combination ("doxorubicin and cyclophosphamide (AC)", :func:`listed_regimen_names`): the list
  and every mention of the short form become one DRUG named by the drugs joined with " + ", as a
  regimen the vocabulary knows ("(CHOP)") does. Schwartz & Hearst's matching finds "and
  cyclophosphamide" for AC; a long form that begins with a joining word is no definition.
* **Values waiting for their test.** The value rules run before this component and set aside, in
  ``doc.spans["trials_held_values"]``, the values they dropped for want of a test; a value next to a
  short form that a definition has just made a LAB_TEST is given back ("Estrogen receptor (ER)
  status known; ER positive": "ER" alone is no test). The group is removed here.
* **Defined elsewhere in the record.** A registry record is annotated one text at a time (each
  criterion, each description), but a short form defined in one criterion is used in the next.
  :func:`annotate_record` runs the texts of one record, collects what each defines
  (:func:`record_definitions`: short form, label, id) and runs again, with those definitions in
  ``doc._.record_abbreviations``, the few texts where a short form defined elsewhere is not yet
  tagged like its long form; the component then tags it there as if the text defined it. Older
  records define their drugs' short forms in a glossary ("CTX Cyclophosphamide, NSC-26271"), which
  counts as a definition too (:func:`glossary_definitions`).

:func:`find_definitions` and :func:`apply_definitions` are pure functions over a ``Doc`` and
spans; the component stores the definitions as plain offsets in ``doc._.trial_abbreviations``.
DOCS: issue 3 (abbreviations).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from scispacy.abbreviation import find_abbreviation, short_form_filter, span_contains_unbalanced_parentheses
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..labels import DISEASE, DRUG, LAB_TEST, PROCEDURE
from .drug_names import CODE_NAME_KEY, REGIMEN_JOIN, STEM_NAME_KEY, drug_kind
from .extensions import DOCUMENT_META_EXTENSIONS, register_extensions
from .names import long_form_names_no_condition
from .resolve import SHAPE_ONLY_IDS
from .value_rules import HELD_VALUES_KEY, ValueRules, treated_short_forms, values_for_tests

#: Labels whose concepts are named by abbreviations in trial text.
ABBREVIATION_LABELS: frozenset[str] = frozenset({DRUG, DISEASE, LAB_TEST, PROCEDURE})
#: scispaCy's limit: a bracket holding more tokens than this is no definition.
MAX_BRACKET_TOKENS = 8
#: The part of the long form a candidate must cover to lend the short form its meaning: "disease"
#: alone is no meaning for "(CKD)" of "chronic kidney disease".
MIN_LONG_COVER = 0.5


@dataclass(frozen=True)
class Definition:
    """One abbreviation definition, as token offsets into its doc (end exclusive)."""

    short_start: int
    short_end: int
    long_start: int
    long_end: int

    def to_dict(self, doc: Doc) -> dict[str, list[int] | str]:
        """Plain data for ``doc._.trial_abbreviations``: character offsets and texts."""
        short, long = doc[self.short_start : self.short_end], doc[self.long_start : self.long_end]
        return {
            "short": [short.start_char, short.end_char],
            "long": [long.start_char, long.end_char],
            "short_text": short.text,
            "long_text": long.text,
        }


#: Closing bracket -> opening bracket. Square brackets define abbreviations inside parentheses:
#: "(maytansinoid derivative 1 [DM1] or ...)".
BRACKETS = {")": "(", "]": "["}
#: Markdown escapes a saved web page puts before square brackets ("\\[DM1\\]").
ESCAPE = "\\"


@dataclass(frozen=True)
class _Bracket:
    """The tokens of one innermost bracket pair: ``open`` is its first token (an escape or the
    bracket), ``inner_start``/``inner_end`` the contents (end exclusive)."""

    open: int
    inner_start: int
    inner_end: int


def _bracket_contents(doc: Doc) -> list[_Bracket]:
    """Each innermost "( ... )" or "[ ... ]" pair of ``doc`` holding 1 to :data:`MAX_BRACKET_TOKENS` tokens."""
    found = []
    open_at: dict[str, int] = {}
    for token in doc:
        if token.text in ("(", "["):
            open_at[token.text] = token.i
        elif token.text in BRACKETS and BRACKETS[token.text] in open_at:
            start = open_at.pop(BRACKETS[token.text])
            opener = start - 1 if start > 0 and doc[start - 1].text == ESCAPE else start
            end = token.i - 1 if doc[token.i - 1].text == ESCAPE else token.i
            if 0 < end - start - 1 <= MAX_BRACKET_TOKENS:
                found.append(_Bracket(opener, start + 1, end))
    return found


def _candidates(doc: Doc) -> list[tuple[Span, Span]]:
    """(long form candidate, short form candidate) of each bracket pair, as scispaCy's
    ``filter_matches`` chooses them, with the opening bracket allowed to be two tokens ("\\[")."""
    candidates = []
    for bracket in _bracket_contents(doc):
        start, end = bracket.inner_start, bracket.inner_end
        if bracket.open == 0:
            continue
        if end - start > 3:
            # "SF (long form)": the long form is inside, the short form is the word before.
            short, long = doc[bracket.open - 1 : bracket.open], doc[start:end]
            if span_contains_unbalanced_parentheses(long) or not looks_abbreviated(short.text):
                continue
        else:
            short = doc[start:end]
            length = sum(len(t) for t in short)
            long = doc[max(bracket.open - min(length + 5, length * 2), 0) : bracket.open]
        if short_form_filter(short):
            candidates.append((long, short))
    return candidates


def looks_abbreviated(word: str) -> bool:
    """Is ``word``, written before a bracket that may spell it out, shaped like a short form: a
    capital after its first letter, a digit, or at most three characters ("ECOG", "mAb", "T2DM",
    "Hb")? A word ("pregnant (documented by a positive pregnancy test)", "Cancer (breast
    carcinoma)") is followed by an aside, whose letters scispaCy's matching finds in order all the
    same."""
    return len(word) <= 3 or any(c.isupper() for c in word[1:]) or any(c.isdigit() for c in word)


#: Tokens a long form never spans: scispaCy looks back a fixed number of words, which can reach
#: across a line break or a sentence into the previous criterion.
_BREAK_TOKENS = frozenset({".", ";", ":", "(", ")", "[", "]"})


def _plain_long_form(span: Span) -> bool:
    """True when the long form stays within one line and one clause."""
    inner_gaps = (t.whitespace_ for t in span[:-1])
    return not any(t.is_space or t.text in _BREAK_TOKENS for t in span) and not any("\n" in gap for gap in inner_gaps)


def find_definitions(doc: Doc) -> list[Definition]:
    """Every "long form (SF)" and "SF (long form)" definition in ``doc``; the first wins per short form."""
    definitions: list[Definition] = []
    seen_short: set[str] = set()
    seen_long: set[str] = set()
    for long_candidate, short_candidate in _candidates(doc):
        if len(long_candidate) == 0 or len(short_candidate) == 0:
            continue
        short, long = find_abbreviation(long_candidate, short_candidate)
        if long is None or len(long) == 0 or not _plain_long_form(long) or long[0].lower_ in _LIST_JOINERS:
            # A letter matched to "and" is chance: "doxorubicin and cyclophosphamide (AC)" does not
            # define AC as "and cyclophosphamide" (:func:`listed_regimen_names` reads the list).
            continue
        # Same rule as scispaCy: a short or long form defined twice keeps its first meaning.
        if short.text in seen_short or long.text in seen_long:
            continue
        seen_short.add(short.text)
        seen_long.add(long.text)
        definitions.append(Definition(short.start, short.end, long.start, long.end))
    return definitions


#: A drug's short form in capitals as trials write it in brackets after the name, whether or not
#: its letters spell the name: "tenecteplase (TNK)", "docetaxel (TXT)", "doxorubicin (ADM)",
#: "irinotecan (CPT-11)".
_DRUG_SHORT_RE = re.compile(r"^[A-Z][A-Z0-9]{1,7}(?:[-.][A-Z0-9]{1,6})?$")
#: A sponsor's code written before its drug's name in brackets: "NPC-14 (Arbekacin Sulfate)",
#: "BF2.649": two letters or more and two digits or more, at most two parts ("HER2", "PD-1" and
#: "IL-2" are targets). A registry number, a cluster of differentiation, an interleukin, an arm,
#: a cohort or a day is no drug ("NCT01234567", "CD20", "IL-17", "Arm2", "Day1", "Cohort3").
_DRUG_CODE_RE = re.compile(
    r"^(?!(?:NCT|CD|HLA|IL|COVID|[Aa]rm|[Dd]ay|[Cc]ycle|[Ww]eek|[Pp]art|[Cc]ohort|[Ll]evel|[Gg]roup|[Ss]tep|[Pp]hase|[Ss]tage|[Vv]isit|[Dd]ose)[-.]?\d)"
    r"(?=(?:[^\d]*\d){2})(?=(?:[^A-Za-z]*[A-Za-z]){2})[A-Z][A-Za-z0-9]{1,9}(?:[-.][A-Za-z0-9]{1,8})?$"
)
#: Words in capitals a bracket after a drug holds that are no name of it: how it is given or
#: dosed, its release form, what a dose refers to ("cisplatin (IV)", "carboplatin (AUC)",
#: "oxybutynin (ER)", "(NOS)").
NOT_DRUG_SHORT_FORMS: frozenset[str] = frozenset(
    """
    IV IM SC SQ PO IT IP ID SL PR TD IVP IVPB AUC BSA BID TID QID QD QOD QW QHS PRN HS ULN LLN NOS
    ER XR XL SR CR LA DR ODT USP BP EP JP HCL OR AND NOT ALL ONLY NO YES NA TBD
    """.split()
)  # fmt: skip


#: Words that join a drug to the one before it in a list or combination.
_LIST_JOINERS = frozenset({",", "and", "&", "+", "/", "plus", "with", "or", "-"})


def _listed_last(drug: Span, drug_ends: dict[int, Span]) -> bool:
    """Is ``drug`` the last of a list of drugs ("5-FU, doxorubicin and cyclophosphamide",
    "doxorubicin, bleomycin, and vincristine")? One or two joiners may stand between them."""
    return len(_drug_list(drug, drug_ends)) > 1


def bracketed_drug_names(doc: Doc, candidates: Sequence[Span], definitions: Sequence[Definition]) -> list[Definition]:
    """Definitions that :func:`find_definitions` cannot find: a bracket right after a DRUG
    candidate whose first word is a short form in capitals (:data:`_DRUG_SHORT_RE`, alone or
    before a comma: "D-Cycloserine (DCS, 100 mg)") that no candidate covers, that is no word of
    :data:`NOT_DRUG_SHORT_FORMS` and that no definition of the text has; not after the last drug
    of a list (the list's regimen: "doxorubicin and cyclophosphamide (AC)") nor after a class
    named by what it acts on ("inhibitors of cytochrome P450 (CYP3A)"). Brand and code
    abbreviations need not spell the name ("TNK" for tenecteplase, "ADM" for Adriamycin,
    doxorubicin), so Schwartz & Hearst's letter matching misses them. The other way round, a
    sponsor's code no candidate covers, followed by one drug of the vocabulary alone in brackets,
    is that drug: "NPC-14 (Arbekacin Sulfate)"."""
    drugs = [s for s in candidates if s.label_ == DRUG]
    opens = [t.i for t in doc[:-2] if t.text == "("]
    if not drugs or not opens:
        return []
    drug_ends = {s.end: s for s in drugs}
    drug_spans = {(s.start, s.end): s for s in drugs}
    # The bracket pairs a definition can be (at most MAX_BRACKET_TOKENS inside); a short form
    # before a comma may open a longer one: "cannabis (THC, THC/CBD mix, and CBD)".
    inner_ends = {b.open: b.inner_end for b in _bracket_contents(doc) if b.open == b.inner_start - 1}
    covered = {i for s in candidates for i in range(s.start, s.end)}
    defined = {doc[d.short_start : d.short_end].text for d in definitions}
    out: list[Definition] = []
    for i in opens:
        # "tenecteplase (TNK)": the drug, then its short form alone or before a comma.
        drug = drug_ends.get(i)
        short = doc[i + 1]
        if (
            drug is not None
            and doc[i + 2].text in (")", ",")
            and short.i not in covered
            and _DRUG_SHORT_RE.match(short.text)
            and short.text not in NOT_DRUG_SHORT_FORMS
            and short.text not in defined
            and not any(t.lower_ == "of" for t in drug)
            and _one_drug(drug)
            and not _listed_last(drug, drug_ends)
        ):
            # Not "inhibitors of cytochrome P450 (CYP3A)", where the bracket names what the class
            # acts on, nor "doxorubicin and cyclophosphamide (AC)", "fluorouracil/doxorubicin/
            # cyclophosphamide (FAC)": the regimen of the list or combination, not one drug of it.
            defined.add(short.text)
            out.append(Definition(short.i, short.i + 1, drug.start, drug.end))
            continue
        # "NPC-14 (Arbekacin Sulfate)": a code no candidate covers, then its drug alone in brackets.
        code = doc[i - 1] if i > 0 else None
        drug = drug_spans.get((i + 1, inner_ends.get(i)))
        if (
            code is not None
            and drug is not None
            and code.i not in covered
            and code.text not in defined
            and _DRUG_CODE_RE.match(code.text)
            # Only a drug the vocabulary knows: "CA15.3 (BR2729)" is a marker and its assay,
            # both shaped like codes.
            and "|" in drug.id_
            and _one_drug(drug)
        ):
            defined.add(code.text)
            out.append(Definition(code.i, code.i + 1, drug.start, drug.end))
    return out


#: A combination regimen's short form: capitals, one per drug, and a dose level ("FEC-100").
_REGIMEN_SHORT_RE = re.compile(r"^(?P<letters>[A-Z]{2,6})(?:-?\d{1,3})?$")
#: The most drugs a list named by one short form holds.
MAX_LISTED_DRUGS = 6


def _drug_list(drug: Span, drug_ends: dict[int, Span]) -> list[Span]:
    """The drugs of the list that ends with ``drug`` ("5-FU, doxorubicin and cyclophosphamide"), in
    order; one or two joiners (:data:`_LIST_JOINERS`) stand between two of them."""
    listed = [drug]
    while len(listed) <= MAX_LISTED_DRUGS:
        i, before = listed[0].start - 1, None
        for _ in range(2):
            if i <= 0 or drug.doc[i].lower_ not in _LIST_JOINERS:
                break
            before = drug_ends.get(i)
            if before is not None:
                break
            i -= 1
        if before is None:
            break
        listed.insert(0, before)
    return listed


def _agent_name(span: Span) -> str | None:
    """The normalized name of a DRUG candidate that names one agent by a vocabulary name, else None
    (a class, a regimen, a code or an INN stem is no part of a named list)."""
    key, _, code = span.id_.partition("|")
    kind, _, name = key.partition(":")
    if kind != "drug" or name in ("", CODE_NAME_KEY, STEM_NAME_KEY) or drug_kind(span.text, name, code or None) != "agent":
        return None
    return name


def listed_regimen_names(doc: Doc, candidates: Sequence[Span], definitions: Sequence[Definition]) -> tuple[list[Definition], list[Span]]:
    """Definitions of combination regimens named after a list of their drugs, one capital per drug
    ("doxorubicin and cyclophosphamide (AC)", "cyclophosphamide, epirubicin and fluorouracil
    (CEF)"), with a DRUG candidate for each occurrence of the short form named by the drugs joined
    by :data:`~nlp_trials.pipeline.drug_names.REGIMEN_JOIN`. The letters need not spell the names
    (AC is Adriamycin, doxorubicin's brand, and cyclophosphamide), so Schwartz & Hearst's matching
    misses them or finds one drug ("and cyclophosphamide"). Only a short form no DRUG candidate
    covers and no definition of the text has, after a list of agents the vocabulary names; a
    regimen the vocabulary knows ("(CHOP)") is defined by its own name. What else the short form
    was taken for gives way ("carboplatin and paclitaxel (TC)" is no total cholesterol)."""
    # Per end, the candidate naming an agent by a vocabulary name, when one does (a stem's
    # candidate may cover the same word: "doxorubicin" ends in -rubicin).
    drug_ends: dict[int, Span] = {}
    for span in candidates:
        if span.label_ == DRUG and (span.end not in drug_ends or _agent_name(drug_ends[span.end]) is None):
            drug_ends[span.end] = span
    if len(drug_ends) < 2:
        return [], []
    covered = {i for s in candidates if s.label_ == DRUG for i in range(s.start, s.end)}
    defined = {doc[d.short_start : d.short_end].text: d for d in definitions}
    out: list[Definition] = []
    spans: list[Span] = []
    for i in sorted(drug_ends):
        # A bracket right after a drug, holding one token.
        if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")":
            continue
        short = doc[i + 1]
        match = _REGIMEN_SHORT_RE.match(short.text)
        if match is None or short.i in covered or short.text in NOT_DRUG_SHORT_FORMS:
            continue
        listed = _drug_list(drug_ends[i], drug_ends)
        names = [_agent_name(s) for s in listed]
        if len(listed) != len(match["letters"]) or None in names or len(set(names)) != len(names):
            continue
        definition = Definition(short.i, short.i + 1, listed[0].start, listed[-1].end)
        # Letters that spell the names out ("cyclophosphamide, epirubicin and fluorouracil (CEF)")
        # are a definition already; it gets its meaning here.
        if short.text in defined and defined[short.text] != definition:
            continue
        if short.text not in defined:
            defined[short.text] = definition
            out.append(definition)
        concept = "drug:" + REGIMEN_JOIN.join(n for n in names if n)
        spans += [Span(doc, start, end, label=DRUG, span_id=concept) for start, end in _occurrences(doc, [short.text])]
    return out, spans


def _one_drug(span: Span) -> bool:
    """Does ``span`` name one drug, not a list or combination ("fluorouracil/doxorubicin")? A hyphen
    is part of a name ("D-Cycloserine")."""
    return not any(t.lower_ in _LIST_JOINERS and t.text != "-" for t in span)


def _occurrences(doc: Doc, words: Sequence[str]) -> list[tuple[int, int]]:
    """Token ranges whose texts are exactly ``words`` (case-sensitive)."""
    n = len(words)
    return [(i, i + n) for i in range(len(doc) - n + 1) if [t.text for t in doc[i : i + n]] == list(words)]


def _long_form_meaning(definition: Definition, candidates: Sequence[Span], labels: Collection[str]) -> Span | None:
    """The longest candidate that ends with the long form and covers enough of it; of two as long,
    a vocabulary name rather than one known by its shape ("Body mass index (BMI)" is the body mass
    index, not an unlisted score). Not a name whose long form follows an "of" inside it: in
    "inhibitors of cytochrome P450 3A4 (CYP3A4)" the short form is the enzyme, not the drugs."""
    size = definition.long_end - definition.long_start
    best: Span | None = None
    for span in candidates:
        if span.label_ not in labels or span.end != definition.long_end:
            continue
        if span.start < definition.long_start and span.doc[definition.long_start - 1].lower_ == "of":
            continue
        covered = min(span.end, definition.long_end) - max(span.start, definition.long_start)
        if covered / size < MIN_LONG_COVER:
            continue
        if best is None or len(span) > len(best) or (len(span) == len(best) and best.id_ in SHAPE_ONLY_IDS and span.id_ not in SHAPE_ONLY_IDS):
            best = span
    return best


def _short_form_meaning(
    definition: Definition, candidates: Sequence[Span], labels: Collection[str], long_text: str = "", short_text: str = ""
) -> Span | None:
    """A candidate covering exactly the short form of the definition itself; of several, the first
    the long form may mean (:func:`_may_mean`: "dexamethasone/cisplatin/cytarabine (DHAP)" is the
    regimen, not dihydroxyacetone phosphate)."""
    spans = [s for s in candidates if s.label_ in labels and (s.start, s.end) == (definition.short_start, definition.short_end)]
    if long_text:
        spans.sort(key=lambda s: not _may_mean(long_text, short_text, s.id_, stems=s.label_ != DRUG))
    return spans[0] if spans else None


def apply_definitions(
    doc: Doc, definitions: Iterable[Definition], candidates: Sequence[Span], *, labels: Collection[str] = ABBREVIATION_LABELS
) -> list[Span]:
    """The candidates with the definitions' meanings spread over short forms (or put on long forms)."""
    result = list(candidates)
    for definition in definitions:
        short = doc[definition.short_start : definition.short_end]
        short_words = [t.text for t in short]
        meaning = _long_form_meaning(definition, result, labels)
        if meaning is not None and (meaning.start > definition.long_start or meaning.id_ in SHAPE_ONLY_IDS):
            # A name covering part of the long form, or known only by its shape, does not undo what
            # the vocabulary knows the short form to be: "CHOP plus rituximab [CHOP-R]" is no
            # rituximab alone, "tyrosine-kinase inhibitors (TKI)" keeps the vocabulary's TKI.
            own = _short_form_meaning(definition, result, labels)
            if own is not None and own.label_ == meaning.label_ and own.id_ not in SHAPE_ONLY_IDS:
                continue
        if meaning is not None:
            for start, end in _occurrences(doc, short_words):
                # A short form inside the long form is part of the name, not a mention of it.
                if meaning.start <= start and end <= meaning.end:
                    continue
                result = [s for s in result if (s.start, s.end) != (start, end) or s.label_ not in labels]
                result.append(Span(doc, start, end, label=meaning.label_, span_id=meaning.id_))
            continue
        long = doc[definition.long_start : definition.long_end]
        short_text = short.text
        known = _short_form_meaning(definition, result, labels, long.text, short_text)
        if known is None:
            continue
        if short_text in {t.text for t in long}:
            continue  # "PTSD (for the PTSD group)" spells nothing out
        if known.label_ == DISEASE and spells_out(long.text, short_text) and long_form_names_no_condition(long.text):
            # The text spells the short form out, word by word, as no condition: "total body
            # irradiation (TBI)" is no traumatic brain injury, anywhere in this text.
            dropped = set(_occurrences(doc, short_words))
            result = [s for s in result if (s.start, s.end) not in dropped or s.label_ not in labels]
            continue
        # A test or condition named inside the long form makes it one of that kind; a drug inside
        # ("piperaquine" of "dihydroartemisinin-piperaquine") says nothing of which drug.
        inside = known.label_ != DRUG and any(s.label_ == known.label_ and long.start <= s.start and s.end <= long.end for s in result)
        if known.id_ not in SHAPE_ONLY_IDS and not inside and not _may_mean(long.text, short_text, known.id_, stems=known.label_ != DRUG):
            # The text defines a short form the vocabulary knows as something else. A drug's long
            # form names it, here and at every occurrence of the short form:
            # "dihydroartemisinin-piperaquine (DHAP)" is no dihydroxyacetone phosphate and no
            # dexamethasone + cytarabine + cisplatin. Any other short form is left untagged:
            # "American College of Rheumatology (ACR)" is no albumin-to-creatinine ratio.
            spots = set(_occurrences(doc, short_words))
            result = [s for s in result if (s.start, s.end) not in spots or s.label_ not in labels]
            if known.label_ == DRUG:
                own_id = "drug:" + " ".join(long.text.lower().split())
                result += [Span(doc, start, end, label=DRUG, span_id=own_id) for start, end in sorted(spots)]
                result.append(Span(doc, definition.long_start, definition.long_end, label=DRUG, span_id=own_id))
            continue
        result.append(Span(doc, definition.long_start, definition.long_end, label=known.label_, span_id=known.id_))
    return result


def _may_mean(long_text: str, short_text: str, meaning_id: str, *, stems: bool = False) -> bool:
    """May a long form mean what the vocabulary says its short form means? Yes when it spells the
    short form out ("regional lymph node disease (RLND)"), shares a word with the meaning's name
    ("non-small-cell lung carcinoma (NSCLC)"), or the meaning is named by one word, often a short
    form itself ("coronavirus disease-19 (COVID-19)"); not "dihydroartemisinin-piperaquine (DHAP)",
    which the vocabulary knows as dihydroxyacetone phosphate. With ``stems``, words that begin alike
    count as shared ("Anesthesia classification (ASA)" and the American Society of
    Anesthesiologists' score): the tests and conditions a vocabulary names by a short form have long
    names that records shorten in many ways, and many drug names share their first letters."""
    if spells_out(long_text, short_text):
        return True
    name = meaning_id.split("|", 1)[0].split(":", 1)[-1]
    if len(re.findall(r"[a-z0-9]{3,}", name.lower())) < 2:
        return True
    if stems:
        return bool({w[:5] for w in _words(name)} & {w[:5] for w in _words(long_text)})
    return bool(_words(name) & _words(long_text))


def _words(text: str) -> set[str]:
    """Words of three letters or more, also with their hyphens dropped ("anti-retroviral" is
    "antiretroviral" too)."""
    text = text.lower()
    return set(re.findall(r"[a-z0-9]{3,}", text)) | set(re.findall(r"[a-z0-9]{3,}", re.sub(r"(?<=[a-z0-9])-(?=[a-z0-9])", "", text)))


def spells_out(long_text: str, short_text: str) -> bool:
    """Are the letters of ``short_text`` the initials of the words of ``long_text`` ("total body
    irradiation" and TBI, "post-traumatic stress disorder" and PTSD)? scispaCy's matching asks only
    for the letters in order, which "Anesthesia classification" and ASA pass too."""
    initials = "".join(w[0] for w in long_text.replace("-", " ").replace("/", " ").split() if w[0].isalnum())
    letters = "".join(c for c in short_text if c.isalnum())
    return len(letters) > 1 and initials.lower() == letters.lower()


def record_definitions(docs: Iterable[Doc], *, labels: Collection[str] = ABBREVIATION_LABELS) -> list[dict[str, str]]:
    """What the annotated ``docs`` of one record define: ``{"short", "label", "id"}`` per short form
    whose definition gave it a meaning (an entity of ``labels`` with a pattern id covering exactly
    the short form), or that a long form spelling it out word by word as no condition says is no
    entity (empty ``label`` and ``id``: "total body irradiation (TBI)").
    The first definition in document order wins, as within a text. Only short forms written with a
    capital are shared: "cancer (breast carcinoma)" makes "cancer" a short form by its shape, which
    may hold within that text but not across a record."""
    found: dict[str, dict[str, str]] = {}
    for doc in docs:
        for definition in doc._.trial_abbreviations:
            short_text = definition["short_text"]
            if short_text in found or not any(c.isupper() for c in short_text):
                continue
            start, end = definition["short"]
            # A meaning from the vocabularies only (an id): the model's spans carry none, and within
            # a text too only the rules' candidates lend a short form their meaning.
            entity = next((e for e in doc.ents if (e.start_char, e.end_char) == (start, end) and e.label_ in labels and e.id_), None)
            if entity is not None:
                found[short_text] = {"short": short_text, "label": entity.label_, "id": entity.id_}
                continue
            # Spelled out word by word as no entity ("total body irradiation (TBI)"): the short form
            # is none in the record's other texts either (an empty label says so).
            long_start, long_end = definition["long"]
            if spells_out(definition["long_text"], short_text) and long_form_names_no_condition(definition["long_text"]) and not any(
                (e.start_char < long_end and long_start < e.end_char) or (e.start_char < end and start < e.end_char) for e in doc.ents
            ):
                found[short_text] = {"short": short_text, "label": "", "id": ""}
        for definition in glossary_definitions(doc):
            found.setdefault(definition["short"], definition)
    return list(found.values())


#: A line of an older record's drug glossary: the short form, the drug's name and its NCI number
#: ("CTX Cyclophosphamide, NSC-26271", "CF Leucovorin calcium, NSC-3590").
_GLOSSARY_RE = re.compile(r"(?<![\w-])(?P<short>[A-Z][A-Z0-9-]{1,7}) (?P<long>[A-Z][a-z][\w-]*(?: [a-z][\w-]*){0,2}),\s+NSC[ #-]?\d{2,7}\b")


def glossary_definitions(doc: Doc) -> list[dict[str, str]]:
    """Short forms a drug glossary of ``doc`` defines, as record definitions: the glossary line's
    name must be a DRUG entity with an id ("CF Leucovorin calcium, NSC-3590" makes CF leucovorin
    in the whole record, where "CF" alone would be cystic fibrosis)."""
    drugs = {(e.start_char, e.end_char): e for e in doc.ents if e.label_ == DRUG and e.id_}
    out = []
    for m in _GLOSSARY_RE.finditer(doc.text):
        entity = drugs.get(m.span("long"))
        if entity is not None:
            out.append({"short": m["short"], "label": DRUG, "id": entity.id_})
    return out


def _short_form_spans(doc: Doc, short: str) -> list[tuple[int, int]]:
    """Token ranges of ``doc`` whose text is exactly ``short`` (whole tokens, case-sensitive)."""
    text = doc.text  # a Doc rebuilds its text on every access
    at = text.find(short)
    if at == -1:
        return []
    starts = {t.idx: t.i for t in doc}
    ends = {t.idx + len(t.text): t.i + 1 for t in doc}
    out = []
    while at != -1:
        if at in starts and at + len(short) in ends:
            out.append((starts[at], ends[at + len(short)]))
        at = text.find(short, at + 1)
    return out


def missing_definitions(doc: Doc, definitions: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    """The record ``definitions`` that ``doc`` does not define itself and that would change it: a
    short form it holds that is not yet an entity with that label and id."""
    own = {d["short_text"] for d in doc._.trial_abbreviations}
    tagged = {(e.start, e.end): (e.label_, e.id_) for e in doc.ents}
    return [
        d for d in definitions
        if d["short"] not in own
        and any(_would_change(tagged.get(span), d) for span in _short_form_spans(doc, d["short"]))
    ]


def _would_change(tagged: tuple[str, str] | None, definition: dict[str, str]) -> bool:
    """Would ``definition`` change a short form now tagged ``tagged`` (label, id, or None)?"""
    if not definition["label"]:
        return tagged is not None and tagged[0] in ABBREVIATION_LABELS
    return tagged != (definition["label"], definition["id"])


def apply_record_definitions(doc: Doc, definitions: Iterable[dict[str, str]], candidates: Sequence[Span], *, labels: Collection[str] = ABBREVIATION_LABELS) -> list[Span]:
    """The candidates with each record definition's meaning on every occurrence of its short form
    (candidates of the same tokens with another label of ``labels`` give way, as in
    :func:`apply_definitions`). Definitions the doc makes itself are left to it."""
    own = {d["short_text"] for d in doc._.trial_abbreviations}
    result = list(candidates)
    for definition in definitions:
        if definition["short"] in own or (definition["label"] and definition["label"] not in labels):
            continue
        for start, end in _short_form_spans(doc, definition["short"]):
            result = [s for s in result if (s.start, s.end) != (start, end) or s.label_ not in labels]
            if definition["label"]:
                result.append(Span(doc, start, end, label=definition["label"], span_id=definition["id"]))
    return result


def treated_in_record(nlp: Language, docs: Iterable[Doc]) -> list[dict[str, str]]:
    """Record definitions (empty label: no entity) for the treatment short forms that any of ``docs``
    uses for the treatment (:func:`.value_rules.treated_short_forms`, with the term lists of the
    pipeline's value rules): a record that speaks of "allogeneic BMT without TBI" in one text means
    the irradiation by "contraindication to TBI" in another."""
    rules = next((pipe for _, pipe in nlp.pipeline if isinstance(pipe, ValueRules)), None)
    if rules is None:
        return []
    treated: set[str] = set()
    for doc in docs:
        treated |= treated_short_forms(doc, rules.terms)
    return [{"short": short, "label": "", "id": ""} for short in sorted(treated)]


def annotate_record(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """``docs`` (one record's texts, already through ``nlp``) with the short forms each text defines
    tagged in the others: the texts a definition would change are run through ``nlp`` again with
    the record's definitions in ``doc._.record_abbreviations``. Other docs are returned as they are.
    A treatment short form that one text uses for the treatment is no condition in the others
    (:func:`treated_in_record`), unless the record defines it."""
    definitions = record_definitions(docs)
    defined = {d["short"] for d in definitions}
    definitions += [d for d in treated_in_record(nlp, docs) if d["short"] not in defined]
    if not definitions:
        return docs
    out = []
    for doc in docs:
        if missing_definitions(doc, definitions):
            again = nlp.make_doc(doc.text)
            again._.record_abbreviations = definitions
            for name in DOCUMENT_META_EXTENSIONS:
                setattr(again._, name, getattr(doc._, name))
            doc = nlp(again)
        out.append(doc)
    return out


class TrialsAbbreviations:
    """Pipeline component: spread defined abbreviations over ``doc.spans[spans_key]`` (see module doc)."""

    def __init__(self, name: str = "trials_abbreviations", *, spans_key: str, labels: Collection[str] = ABBREVIATION_LABELS) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.labels = frozenset(labels)

    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans[self.spans_key]) if self.spans_key in doc.spans else []
        definitions = find_definitions(doc)
        if DRUG in self.labels:
            definitions += bracketed_drug_names(doc, candidates, definitions)
            regimens, named = listed_regimen_names(doc, candidates, definitions)
            if named:
                spots = {(s.start, s.end) for s in named}
                candidates = [s for s in candidates if (s.start, s.end) not in spots or s.label_ not in self.labels] + named
            definitions += regimens
        doc._.trial_abbreviations = [d.to_dict(doc) for d in definitions]
        shared = doc._.record_abbreviations
        held = doc.spans.pop(HELD_VALUES_KEY, None)
        if definitions or shared:
            before = {(s.start, s.end) for s in candidates if s.label_ == LAB_TEST}
            if definitions:
                candidates = apply_definitions(doc, definitions, candidates, labels=self.labels)
            if shared:
                candidates = apply_record_definitions(doc, shared, candidates, labels=self.labels)
            if held:
                # A value the value rules dropped for want of a test is the value of a test that only
                # the definition names ("Estrogen receptor (ER) ... ER positive").
                tests = [s for s in candidates if s.label_ == LAB_TEST and (s.start, s.end) not in before]
                candidates.extend(values_for_tests(held, tests))
            doc.spans[self.spans_key] = candidates
        return doc
