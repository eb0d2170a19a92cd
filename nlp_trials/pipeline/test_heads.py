"""The test a threshold measures, when no vocabulary names it: the noun phrase just before the value.

Criteria state thresholds on far more measurements than any list of lab tests holds: "Trombocytes
< 40 × 10^9/L" (a misspelling), "Breath alcohol concentration > 0.00%", "Serum endotoxin > 25 EU/ml",
"At least one lesion ≥ 1.5 cm", "msSBP ≤ 190 mmHg". A value with a lab unit, a multiple of a normal
limit or a percentage is a threshold on its own (:mod:`.value_rules`), so the words right before it,
when they are a short run of content words, are what it measures.

The run is read leftwards from the value: connecting words next to it (":", "of", "is", "was" ...)
are skipped, then up to :data:`MAX_HEAD_TOKENS` content words are taken, stopping at punctuation, a
line break, a number, a function word (:data:`STOP_WORDS`) or another candidate entity. A run whose
last word is a unit of time or an age word is no test ("aged", "weeks"). A word value ("positive",
"negative") takes a run before or after it only when the run ends in a word that names a test
("HCV antibody positive", "negative pregnancy test", "positive stool test"). Pure functions; no state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from ..labels import DISEASE, DOSE, LAB_TEST, PROCEDURE

#: Pattern id of an inferred test; its normalized name is its own text, lower-cased.
INFERRED_PREFIX = "lab_test:"
#: Key of the scales and indices recognized by the shape of their name ("Oswestry Disability
#: Index", "FOOBAR score"; ``patterns/labs.jsonl``): each is its own name, lower-cased, and a
#: listed name of the same words wins.
UNLISTED_SCORE_KEY = "unlisted score"
#: A tumour named right before a measured head is what the head measures ("tumor cell content",
#: "tumour cellularity"), not a disease mention of its own.
TUMOUR_WORDS: frozenset[str] = frozenset({"tumor", "tumour"})
#: A score word alone before a value names no test; after a condition it rates, the two do.
SCORE_WORDS: frozenset[str] = frozenset({"score", "scores", "rating"})
#: Words before a number that make it no measurement: a page footer ("Page 9 of 52"), a group's
#: size ("n=5"). They end no test name, and the hybrid admits no model value after them.
NOT_MEASURED_WORDS: frozenset[str] = frozenset({"page", "pages", "n"})
#: Key of a tumour marker's expression recognized by the shape of the marker ("CLDN18.2
#: expression"; ``patterns/labs.jsonl``): its own name, lower-cased, as for the unlisted scores.
MARKER_EXPRESSION_KEY = "marker expression"
#: Habits measured in amounts ("smoking > 10 cigarettes/day"): a test name may end in them,
#: though they end like verbs.
HABIT_WORDS: frozenset[str] = frozenset({"smoking", "drinking"})
#: The most words a head may have ("carbon monoxide concentration", "breath alcohol concentration").
MAX_HEAD_TOKENS = 4
#: Words between a test and its value that are not part of the test.
CONNECTORS: frozenset[str] = frozenset({":", "=", "of", "is", "was", "are", "were", "be", "must", "should", "-", "–"})
#: Words for people: they end a test name going leftwards ("patients > 18 years"), and an amount of
#: years right after one is an age ("Adults 18-65 years", "LTCF residents ≥ 65 years").
PERSON_WORDS: frozenset[str] = frozenset(
    """
    patient patients subject subjects participant participants individual individuals people person
    persons adult adults child children man men woman women male males female females volunteer
    volunteers boys girls infants adolescents resident residents inhabitants veterans workers
    employees students elderly outpatients inpatients recipients donors
    """.split()
)  # fmt: skip
#: Words that end a head going leftwards: determiners, pronouns, prepositions, conjunctions, verbs
#: that introduce a threshold, quantifiers, people (:data:`PERSON_WORDS`), and comparison words.
STOP_WORDS: frozenset[str] = PERSON_WORDS | frozenset(
    """
    a an the this that these those any all each every some no not none either neither both other
    with without and or nor and/or but if of for to in on at by from into onto as than then per via vs
    who whom whose which what when where while whether
    is are was were be been being has have had having do does did will would shall should must
    can could may might
    one two three four five six seven eight nine ten least most more less greater lower higher
    above below under over between up down within during after before prior since until
    defined measured documented confirmed calculated estimated known evidence
    equal equals equivalent times fold level levels value values
    inclusion exclusion criteria criterion include includes including exclude excludes excluding
    case cases unless except
    i ii iii iv v vi
    """.split()
)  # fmt: skip
#: Last words that make the run an age or an amount of time, not a test; or a change, a treatment
#: or a verb, which a measurement's name never ends with ("PSA rise", "tumor bed", "prior
#: chemotherapy", "must demonstrate", "anticipated to fall below 500/mm3"), or the time it is taken
#: at ("Temperature on admission < 30 °C", "at baseline"), or a unit ("VO2 max/kg at least 15 mL/min/kg").
#: "Measurable disease ≥ 2 cm" and "margins > 2 mm" are sizes and stay.
NOT_A_TEST_END: frozenset[str] = frozenset(
    """
    age aged ages old year years month months week weeks day days hour hours minute minutes
    dose doses dosage dosages dosing mg grade stage cycle cycles line lines
    increase increases rise rises decline decrease decreases reduction improvement prolongation
    change changes measure measurement measurements requirement requirements presentation
    therapy treatment chemotherapy radiation irradiation radiotherapy modality
    start free rest bed apart extends extend encompass encompasses demonstrate
    demonstrates neutralize postoperative preoperative
    randomization randomisation enrollment enrolment registration entry
    admission discharge baseline visit diagnosis surgery delivery birth onset eye eyes
    fall falls drop drops leaves kg
    second seconds tolerate
    """.split()
) | NOT_MEASURED_WORDS  # fmt: skip
#: Words first in a run that say how a value departs from normal ("increased ovarian volume",
#: "reduced salivary flow"), which the test's name leaves out.
DEPARTURE_WORDS: frozenset[str] = frozenset({"increased", "decreased", "reduced", "elevated", "raised", "abnormal", "impaired"})
#: Measurement nouns, stop words alone ("the level > 5" names nothing), that end a name after a
#: content word ("Total IgG level < 6 g/L", "ferritin value > 300").
HEAD_TAILS: frozenset[str] = frozenset({"level", "levels", "value", "values"})
#: Last words of a phrase that name a test, so that a word value ("positive") next to the phrase is
#: its result.
TEST_NOUNS: frozenset[str] = frozenset(
    """
    test tests testing screen screening serology serologies antibody antibodies ab antigen antigens
    ag smear smears culture cultures assay assays pcr rdt titer titre titers titres toxicology
    marker markers status igg igm iga dna rna
    """.split()
)  # fmt: skip
#: Words that end the name of a test whose result is a time ("Stroop test", "reaction time task").
TIMED_TEST_WORDS: frozenset[str] = frozenset({"test", "tests", "task"})
#: Endings of verb forms ("showing", "received", "diagnosed"): a run ending in one is a clause.
VERB_ENDINGS: tuple[str, ...] = ("ing", "ed")
#: Last words of a run that names the use of a substance ("steroid use", "insulin therapy").
USE_WORDS: frozenset[str] = frozenset({"use", "usage", "exposure", "therapy", "treatment"})
#: Units of time: a value in them is a duration or an age.
TIME_WORDS: frozenset[str] = frozenset(
    "second seconds minute minutes min mins hour hours hr hrs h day days d week weeks wk wks month months mo year years yr yrs".split()
)
_WORD = re.compile(r"^[^\W\d_][\w\-/']*$|^[A-Za-z]+\d[\w]*$")


def _content(token) -> bool:  # noqa: ANN001 - spaCy Token
    return (
        not token.is_space
        and "\n" not in token.whitespace_
        and token.lower_ not in STOP_WORDS
        and bool(_WORD.match(token.text))
    )


def find_test_head(doc: Doc, value_start: int, occupied: set[int]) -> tuple[int, int] | None:
    """Token offsets ``(start, end)`` of the words a value starting at ``value_start`` measures.

    ``occupied`` holds the tokens inside other candidate entities, which a head never takes.
    Returns None when the words before the value are not a short run of content words.
    """
    i = value_start - 1
    skipped = 0
    while i >= 0 and doc[i].lower_ in CONNECTORS and skipped < 2:
        if "\n" in doc[i].whitespace_ or doc[i].is_space:
            return None
        i -= 1
        skipped += 1
    end = i + 1
    if i < 0 or "\n" in doc[i].whitespace_:
        return None
    # "Total IgG level < 6 g/L": a measurement noun ends the name when content words come before it.
    if doc[i].lower_ in HEAD_TAILS and i > 0 and i not in occupied and i - 1 not in occupied and _content(doc[i - 1]):
        i -= 1
    while i >= 0 and end - i <= MAX_HEAD_TOKENS and i not in occupied and _content(doc[i]):
        i -= 1
    start = i + 1
    if start >= end:
        return None
    # The word before the run must close it: start of text, a break, punctuation or a stop word. A run
    # cut by the length limit in the middle of a longer phrase is no reliable head.
    if start > 0:
        before = doc[start - 1]
        if _WORD.match(before.text) and before.lower_ not in STOP_WORDS and start - 1 not in occupied:
            return None
    # "increased ovarian volume > 10 ml": how the value departs from normal is no part of the name.
    while start < end - 1 and doc[start].lower_ in DEPARTURE_WORDS:
        start += 1
    last = doc[end - 1].lower_
    if last in NOT_A_TEST_END or (len(last) > 4 and last.endswith(VERB_ENDINGS) and last not in TEST_NOUNS | HABIT_WORDS):
        return None
    # An adverb ("consistently", "generally") ends no name; a letter may ("Waist C", "vitamin D").
    if len(last) > 5 and last.endswith("ly"):
        return None
    return start, end


def find_test_head_after(doc: Doc, value_end: int, occupied: set[int]) -> tuple[int, int] | None:
    """Token offsets of a test named right after a word value ("positive PPD patch test",
    "negative malaria blood smear"): a run of content words ending in a :data:`TEST_NOUNS` word."""
    if value_end >= len(doc) or "\n" in doc[value_end - 1].whitespace_:
        return None
    i, last = value_end, None
    while i < len(doc) and i - value_end < MAX_HEAD_TOKENS and i not in occupied and _content(doc[i]):
        if doc[i].lower_ in TEST_NOUNS:
            last = i  # the longest run that ends in a test word: "urine toxicology screen"
        if "\n" in doc[i].whitespace_:
            break
        i += 1
    return None if last is None else (value_end, last + 1)


#: Words before a time unit that make it part of a rate or unit, not an amount of time:
#: "cigarettes/day", "drinks per week", "pack years".
_RATE_WORDS: frozenset[str] = frozenset({"/", "per", "a", "an", "each", "every", "pack", "packs"})


def _amount_of_time(value: Span) -> bool:
    """Is ``value`` an amount of time ("> 1 year", "= 14 days"), or a number a time unit follows
    ("> 2" of "> 2 hours")? A rate is not: "> 10 cigarettes/day", ">15 pack years"."""
    doc = value.doc
    end = value.end + 1 if value.end < len(doc) and doc[value.end].lower_ in TIME_WORDS else value.end
    return any(
        doc[i].lower_ in TIME_WORDS and not (i > 0 and doc[i - 1].lower_ in _RATE_WORDS) for i in range(value.start, end)
    )


#: Small words a long form may hold without their initial in the short form ("Telephone Interview
#: for Cognitive Status (TICS)").
LONG_FORM_SMALL_WORDS: frozenset[str] = frozenset({"for", "of", "and", "the", "in", "on", "to", "&", "-"})
#: How many tokens a long form before its bracketed short form may have.
MAX_LONG_FORM_TOKENS = 10
_SHORT_FORM = re.compile(r"^[A-Z][A-Za-z0-9\-]*$")


def defined_name_start(doc: Doc, end: int, occupied: set[int]) -> int | None:
    """The start of a long form whose short form is bracketed right before token ``end``
    ("Telephone Interview for Cognitive Status (TICS)" before "score"): the capitalized words whose
    initials, read leftwards, spell the short form's capitals, small words
    (:data:`LONG_FORM_SMALL_WORDS`) allowed between. None when there is no such definition."""
    if end < 4 or doc[end - 1].text != ")" or doc[end - 3].text != "(" or not _SHORT_FORM.match(doc[end - 2].text):
        return None
    letters = [c for c in doc[end - 2].text if c.isupper()]
    if len(letters) < 2:
        return None
    i = end - 4
    while letters and i >= 0 and end - 4 - i < MAX_LONG_FORM_TOKENS and i not in occupied:
        token = doc[i]
        if "\n" in token.whitespace_ or token.is_space:
            return None
        if token.lower_ in LONG_FORM_SMALL_WORDS:
            i -= 1
            continue
        if not token.text[:1].isupper() or token.text[0] != letters[-1]:
            return None
        letters.pop()
        # "Cohen-Mansfield": the letters after a hyphen may be in the short form too.
        for part in reversed(token.text.split("-")[1:]):
            if letters and part[:1] == letters[-1]:
                letters.pop()
        i -= 1
    return i + 1 if not letters else None


def infer_tests(
    doc: Doc, values: Iterable[Span], candidates: Iterable[Span], *, words: Iterable[Span] = ()
) -> list[Span]:
    """LAB_TEST spans for the ``values`` (LAB_VALUE candidates with no test next to them).

    Args:
        doc: The Doc the spans belong to.
        values: Self-standing threshold values whose test is unknown.
        candidates: Every candidate entity of the Doc. Their tokens are never taken, except a
            one-word tumour before a measured head ("tumor cell content") and a condition before
            a score word ("depression score"), which the caller drops as a candidate of its own.
        words: Word values ("positive", "negative") with no test next to them: only a run ending in
            a word that names a test (:data:`TEST_NOUNS`: "HCV antibody positive", "negative
            pregnancy test") is taken, before or after the value.

    Returns:
        One inferred LAB_TEST span per value that has a head, id ``lab_test:<text lower-cased>``.
    """
    candidates = list(candidates)
    occupied = {i for s in candidates for i in range(s.start, s.end)}
    doses = [(s.start, s.end) for s in candidates if s.label_ == DOSE]
    tumour_words = {s.start for s in candidates if s.label_ == DISEASE and len(s) == 1 and s[0].lower_ in TUMOUR_WORDS}
    disease_ends = {s.end: s.start for s in candidates if s.label_ == DISEASE}
    # A procedure with a value is measured: "ECHO > 30%", "bone scan > 25%", "Normal cardiac stress
    # test" name the test of the value, which then wins over the procedure (same words).
    procedures = {i for s in candidates if s.label_ == PROCEDURE for i in range(s.start, s.end)}
    tests: list[Span] = []
    found: list[tuple[int, int]] = []
    for value in values:
        head = find_test_head(doc, value.start, occupied - procedures)
        # "> 1 year", "= 14 days": an amount of time bounds an event, not a test, unless a timed
        # test is named ("Timed up and go test </= 12 seconds"; "onset to screening ≤ 21 days" is no test).
        if _amount_of_time(value) and (head is None or doc[head[1] - 1].lower_ not in TIMED_TEST_WORDS):
            continue
        # "steroid use of > 10 mg prednisone": a value within a dose after a use is the dose, while
        # "alcohol use > 7 drinks/week" stays an observation with its threshold.
        if head is not None and doc[head[1] - 1].lower_ in USE_WORDS and any(s <= value.start and value.end <= e for s, e in doses):
            head = None
        # "tumor cell content >= 20%", "tumour cellularity": the tumour is what is measured, and in
        # "positive tumor cell rate" which of its cells.
        if head is not None and head[0] - 1 in tumour_words and "\n" not in doc[head[0] - 1].whitespace_:
            start = head[0] - 1
            if start > 0 and doc[start - 1].lower_ in {"positive", "negative"}:
                start -= 1
            head = (start, head[1])
        # "PHQ-9 for depression score ≥ 15", "PTSD score > 33": a score named by the condition it rates.
        elif head is not None and head[1] - head[0] == 1 and doc[head[0]].lower_ in SCORE_WORDS and head[0] in disease_ends:
            head = (disease_ends[head[0]], head[1])
        # "Telephone Interview for Cognitive Status (TICS) score ≤20": a score of the instrument
        # defined right before it.
        elif head is not None and head[1] - head[0] == 1 and doc[head[0]].lower_ in SCORE_WORDS:
            start = defined_name_start(doc, head[0], occupied)
            head = (start, head[1]) if start is not None else head
        if head is not None:
            found.append(head)
            occupied.update(range(*head))
    # A word value's test may name the disease it tests for ("EBV antigen positive", "CMV IgG
    # positive"): a run ending in a test noun may take a DISEASE candidate's words.
    diseases = {i for s in candidates if s.label_ == DISEASE for i in range(s.start, s.end)}
    for value in words:
        free = occupied - diseases - procedures
        head = find_test_head(doc, value.start, free)
        if head is None or doc[head[1] - 1].lower_ not in TEST_NOUNS:
            head = find_test_head_after(doc, value.end, free)
        # "tests were positive": a test noun alone names no test.
        if head is not None and head[1] - head[0] > 1:
            found.append(head)
            occupied.update(range(*head))
    for head in found:
        span = doc[head[0] : head[1]]
        name = " ".join(span.text.lower().split())
        tests.append(Span(doc, head[0], head[1], label=LAB_TEST, span_id=INFERRED_PREFIX + name))
    return tests


__all__ = ["CONNECTORS", "MAX_HEAD_TOKENS", "STOP_WORDS", "TEST_NOUNS", "find_test_head", "find_test_head_after", "infer_tests"]
