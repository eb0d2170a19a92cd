"""Context rules over the span rulers' candidates (values, durations, tests, routes), before the resolver.

A span ruler pattern sees only its own tokens, so the decisions that depend on the neighbours are
made here, over the rulers' candidates (``doc.spans["trials_entities"]``), before
:func:`nlp_trials.pipeline.resolve.resolve_spans` picks the final entities:

1. **A bare value needs a test.** ``lab_values.jsonl`` marks each pattern with the shape of value it
   finds (``lab_value:<kind>``). A number with a lab unit (``quantity``: "≥ 8.0 g/dL"), a multiple
   of a normal limit (``limit multiple``) or a comparator with a unit such as "%" (``measure``) is
   a threshold on its own. A number without a unit (``number``: "> 9"), a range or list of scores
   (``range``: "0-1", "0 or 1"), an amount of mass without comparator (``amount``: "40 mg"), a
   class (``class``: "III-IV") or a word (``qualitative``: "positive") is a value only next to a
   LAB_TEST candidate: "ECOG 0-1", "Hb > 9", "NYHA class III", "HBsAg positive", "negative
   pregnancy test". "Grade ≥ 3", "age > 18" and "2 or 3 prior lines" have no test and are
   dropped. A letter or single numeral stage (``stage``: "B", "B7", "0-A", "I") needs more: a
   staging system right before it (the ``staging_test`` list: "Child-Pugh B", "ASA I", "Binet C").
   A dropped class ("stage IV") takes the shorter candidates of other labels inside it along
   (its "IV" is no route).
2. **An age is not a duration.** "≥ 18 years old", "aged 18-75 years", "18 years of age or
   older", "Adults 18-65 years", "> 18 years": an amount of time introduced by an age or person
   word, followed by "old"/"of age", or of at least :data:`AGE_MIN_YEARS` years without a window
   word or an anchor, is dropped, with every candidate inside it ("65 years" of "19 and 65 years").
   "age" after "gestational" is the pregnancy's (:data:`MEASURED_AGE_WORDS`).
   So is the length of a sample or a recording ("a 24 hour urine", "48-hour Holter";
   :data:`TIMED_SPECIMEN_WORDS`).
3. **A time amount next to a test is the test's value.** "life expectancy of at least 12 weeks",
   "gestational age < 37 weeks", "37 weeks of gestation": the amount is the threshold of the test,
   so a DURATION candidate that is not a window ("within", "in the past", "during") nor anchored
   ("... prior to initiation") and directly follows a LAB_TEST candidate (or directly precedes
   one) becomes a LAB_VALUE.
4. **A threshold names its test.** A value that stands on its own with no LAB_TEST candidate next
   to it ("Trombocytes < 40 × 10^9/L", "Serum endotoxin > 25 EU/ml") takes the short run of content
   words before it as its test (:mod:`.test_heads`). A percentage right before the cells it
   counts has its test after it ("5% or more blasts", :func:`is_share_of`).
5. **A drug that is also a test is a test only where it is measured.** "testosterone < 50 ng/dL",
   "serum albumin" are tests; "prior treatment with testosterone", "albumin infusion" are drugs
   (:func:`drop_unmeasured_drug_tests`); and no test is infused ("donor lymphocyte infusion",
   :func:`drop_infused_tests`).
6. **An outline number is no route**: "IV. Exclusion criteria", "... these patients. IV. Determine", "Cohort IV" (:func:`is_outline_number`);
   **nor is a body site or a habit**: "oral cavity", "intravenous drug use" (:func:`is_site_or_habit`).
7. **A drug that is measured is a test**: "progesterone level", "nicotine screen", "plasma vitamin
   B12", "tacrolimus trough concentration", "level of folate" name a measurement of the drug, so a
   DRUG candidate right after a specimen word or "<measurement noun> of", or right before a
   measurement noun becomes a LAB_TEST candidate over
   those words (:func:`measured_drugs_as_tests`), which a value can then attach to.
8. **A class word belongs to the class**: in "Child-Pugh class A" the test candidate "Child-Pugh
   class" would outgrow the value "class A"; a test ending in a class word gives that word to a
   class value that starts on it (:func:`class_word_to_value`).
9. **An organ function named as abnormal is a condition**: "impaired renal function", "abnormal
   liver function", "renal function impairment" say the patient has a disorder, not which test
   and threshold apply; without a value next to it, such a LAB_TEST candidate becomes a DISEASE
   candidate over the whole phrase, with the id the curated condition names use
   (:func:`abnormal_function_as_condition`).

10. **A drug's salt is part of its name**: "fludarabine phosphate IV", "imatinib mesylate",
   "warfarin sodium", and so is its formulation ("lurtotecan liposome", "doxorubicin HCl
   liposome", named "liposomal doxorubicin"): a DRUG candidate followed by such words (the
   ``drug_salt`` and ``drug_formulation`` lists) grows over them,
   and the salt word alone is no test ("phosphate IV" is no phosphate level of class IV)
   (:func:`join_drug_salts`).
11. **A sign glued to a test is its result**: "HER2+", "HER2- breast cancer", "ER+/PR+", "HR+/HER2-":
   a "+" or "-" written right after a LAB_TEST candidate (no space between) and ending there
   (not the hyphen of "HER2-positive") is a qualitative LAB_VALUE; "ER", "PR" and "HR" so written,
   or with a result ("ER-negative", "if ER positive"), are the hormone receptors
   (alone they are the emergency room, a partial response and the heart rate); CD antigens so
   written are their expression ("CD20-positive", "CD30+"; "anti-CD20" is a target). Receptors
   listed before one result share it: "ER/PR-positive", "ER and PR negative", "ER, PR, and HER2
   negative" (:func:`signed_results`). A result counted over receptors, "triple negative", names
   a subtype and is no value (:func:`is_counted_result`).
12. **Some words are a test only where measured**: "gestation" and "weight" alone
   (the ``measured_only`` list) are tests with a value or a measurement word next to them ("37
   weeks of gestation", "Weight < 50 kg"), and nothing in "termination of gestation" or "weight
   bearing" (:func:`drop_unmeasured_words`).
13. **"OD" and "BD" are frequencies only after a dose or route** ("500 mg OD"; alone they are an
   eye or an overdose), **"/12 h" only after a dose** ("500 mg/12 h"; not "34 0/7 weeks")
   (:func:`drop_ambiguous_frequencies`), and **a bare "Day 1" is a schedule only after a dose or
   route** (or frequency: "375 mg/m2 IV Day 1", "500 mg/m2, Day 1", "twice daily day 2-15"; not "Study
   Day 1 visit"), alone in brackets after a drug ("Doxorubicin (Day 0)") or before a colon and a drug
   ("Day 4: Etopophos 40 mg/kg") (:func:`bare_days_after_doses`).
14. **A drink or a diluent is no dose**: "with 240 mL of water", "in 100 ml of D5W", nor what a
   package holds ("300mg/bottle"); **nor is a diluent or a capsule's shell a drug**: "given in 250
   cc normal saline", "one gelatine capsule" (:func:`drop_vehicles`).
15. **"systolic"/"diastolic" after a value qualify it** ("BP >140 mm Hg systolic") and name no
   test of the next value (:func:`pressure_after_value`).
16. **"nursing" after pregnancy or before mothers is breastfeeding** ("pregnant or nursing",
   "nursing mothers"; not "nursing home") (:func:`nursing_as_lactation`).
17. **A symptom compared with a number is its score**: "Pain > 4 on a visual numerical scale",
   "Pain (VPS) > 3", "fatigue ≥ 4": a DISEASE candidate of the ``scored_symptom`` list right before a
   compared number becomes the LAB_TEST of that symptom's score (:func:`scored_symptoms_as_tests`).
   A condition a measurement defines is that measurement likewise: "Thrombocytopenia < 150 G/L" is
   a platelet count threshold, "hyperbilirubinemia greater than 1.5 times ULN" a total bilirubin one
   (``measured_condition``), and so is a patient described by it: "Hypertensive (>160/100
   mmHg)", "hypertriglyceridemic (>400 mg/dl)" (``measured_adjective``).
18. **A heading names no test**: in "Renal function: serum creatinine < 2 mg/dL" and "adequate liver
   function: total bilirubin ≤ ULN" the threshold is on the test after the colon; a LAB_TEST
   candidate right before a colon that another LAB_TEST candidate follows is dropped
   (:func:`drop_heading_tests`).
19. **A radiation dose after a short form makes it a treatment**: "TBI 200 cGy" is total body
   irradiation, not a traumatic brain injury, and so is "TBI" in a text about transplant
   conditioning ("Undergo TBI", "BMT without TBI"; the ``treatment_*`` lists)
   (:func:`drop_irradiated_conditions`).
20. **A condition in an institution's or a grading system's name is none**: "National Cancer
   Institute", "Cancer and Leukemia Group B", "American Joint Committee on Cancer", "Common
   Terminology Criteria for Adverse Events", "Response Evaluation Criteria in Solid Tumors": a
   capitalized generic condition (the ``institution_condition`` list: "Cancer", "Leukemia",
   "Events") in a run of capitalized words that holds a word of the ``institution_word`` list
   ("Institute", "Group", "Terminology") is dropped (:func:`drop_conditions_in_names`); so is a
   capitalized procedure there ("Radiation Oncology Department", "American Society of Anesthesia").
21. **A condition's medication is a drug class**: "COPD medication", "diabetes medications",
   "tuberculosis drugs", "headache medicines" name the drugs taken for the condition, as Chia and
   LCT annotate them: a DISEASE candidate right before a word of the ``medication_word`` list
   becomes a DRUG candidate over both (normalized "<condition> medication"), unless a habit or
   a property of drugs follows ("HIV drug resistance", "drug abuse") (:func:`condition_medications`).
22. **A toxicity is a condition only where it is the patient's**: "Toxicities from prior therapy
   must have resolved to ≤ Grade 1", "history of adverse events", "unresolved toxicity" are
   conditions; "safety will be assessed by adverse events", "fewer cognitive side effects",
   "adverse event monitoring" speak of outcomes. A generic toxicity candidate ("toxicity", "adverse
   events", "side effects") stays only with a grade next to it (:mod:`.grades`) or a word of the
   ``toxicity_before`` list shortly before it or of ``toxicity_after`` right after it
   (:func:`patient_toxicities`).
23. **A range may write its unit twice**: "7.0% to 10.5%", "50 kg to 120 kg", "between 7% and
   10%" are one range, over both values (:func:`join_unit_ranges`).
24. **A list of days ends before a dose**: "on Days -7 to -4, 40 mg/m2 on Days -6 to -3" lists days
   -7 to -4; the "40" starts the next dose (:func:`days_before_doses`).
25. **A scale's range in brackets is no threshold**: in "UAS7 score (range 0-42) ≥16" the value is
   "≥16"; a bracketed "range ..." value that another value follows is dropped
   (:func:`drop_scale_ranges`).
26. **A test's second bound needs no test of its own**: "BMI >18 <28", "Hb > 9, < 16 g/dL": a
   compared number right after a value of a test (at most "and" or "," between) is that test's
   (:func:`second_bounds`).
27. **A drug at work in the body is no drug given**: "insulin secretion", "insulin signaling",
   "growth hormone (GH) hypersecretion": a DRUG candidate right before a ``physiology_word`` is
   dropped (:func:`drop_physiology_drugs`).
28. **Numbers that count a unit after them are no days of a cycle**: in "for 5 days 4-6 weeks after
   radiation", "days 4-6" would read "4-6" as days; a list of days whose last number a unit of
   time follows is dropped, so the amount of time stays whole; an amount of time whose range runs
   backwards ("at day 100 to 6 months") is none either, nor one right after the "every" of a
   frequency ("every 12 hours until completion of apheresis") (:func:`drop_counted_days`).
29. **A day's number is no dose**: in "Day 57- 800 mg b.i.d." the dose is 800 mg, not 57-800 mg;
   a DOSE candidate whose range starts on the number of a day, week or cycle starts after the dash
   (:func:`dose_after_day_number`).
30. **A therapy named by its drug class is a procedure**: "anticoagulant therapy", "antiplatelet
   therapy", "immunosuppressive treatment", "antibiotic therapy" name a treatment, as Chia and LCT
   mark them (on half 0 of each, 39 such DRUG spans were a gold Procedure, 5 a gold Drug);
   the drug classes themselves stay DRUG ("anticoagulants", "platinum-based chemotherapy"), and so
   do an agent's therapy with a vocabulary code, cell and gene therapies ("CAR-T cell therapy") and
   the systemic anticancer and antiretroviral classes whose schedules descriptions give ("endocrine
   therapy for 5 years", "anti-HER2 therapy") (:func:`class_therapies_as_procedures`).

31. **"non-" takes its word out of a name**: "non-squamous cell carcinoma" is no squamous cell
   carcinoma, "non-metastatic breast cancer" no metastatic one, "non-traumatic brain injury" no
   traumatic one. A DISEASE or DRUG candidate of two words or more that starts right after the
   prefix "non" ("non-", "non ") is dropped, so the name after the negated word stands ("carcinoma",
   "breast cancer", "brain injury"); a candidate of one word is the condition the prefix denies
   ("non-diabetic", "non-HIV"), which the context rules mark negated. Names that begin with the
   prefix ("non-Hodgkin lymphoma", "non-small cell lung cancer") are candidates of their own
   and win as the longer (:func:`drop_prefix_negated_names`).
32. **A protocol's number is no drug**: "as determined by the ongoing Protocol NYU-9123" names a
   protocol whose code has a drug code's shape (:func:`drop_protocol_codes`).

"Next to" means: at most :data:`MAX_GAP` tokens apart, with only linking words between
(:data:`LINK_WORDS`: "is", "of", "score", "class", "(", ":", ...). Pure functions over spans; no
state. DOCS: issue 3 (entity pipeline).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import srsly
from spacy import util
from spacy.tokens import Doc, Span, Token
from spacy.util import SimpleFrozenList, ensure_path

from ..errors import ComponentError, message
from ..labels import DISEASE, DOSE, DRUG, DURATION, FREQUENCY, LAB_TEST, LAB_VALUE, PROCEDURE, ROUTE, SCHEDULE
from ..quantities import SIGN_RESULTS, is_radiation_unit, is_time_unit, parse_duration, parse_quantity, postfix_comparator
from .drug_names import CODE_NAME_ID, SHAPE_IDS
from .extensions import span_norm
from .grades import GENERIC_TOXICITY_ID, condition_grade
from .qualifiers import denying_prefix
from .term_lists import NO_TERMS, TermLists, read_term_lists, validate_term_records
from .test_heads import PERSON_WORDS, infer_tests
from .tokenizer import is_line_wrap

#: The id of DURATION patterns whose amount has an anchor ("... prior to randomization"): a time
#: window of the criterion, never a test's value, and never an age.
ANCHORED = "duration:anchored time amount"

#: Value kinds (the key of a LAB_VALUE pattern id) that are a value only next to a test. Every other
#: kind stands on its own: ``quantity``, ``limit multiple``, ``measure`` of lab_values.jsonl and the
#: guards of other files (``concentration`` in doses.jsonl).
NEEDS_TEST_VALUE_KINDS: frozenset[str] = frozenset(
    {"amount", "number", "range", "class", "qualitative", "roman numeral", "stage"}
)
#: Value kinds that still say what their tokens are not when they are dropped: "stage IV" without a
#: test is no lab value, and its "IV" is no route either. Candidates of other labels inside a
#: dropped value of these kinds are dropped with it (tests and values inside are kept).
BLOCKING_VALUE_KINDS: frozenset[str] = frozenset({"class", "roman numeral"})
#: Labels a dropped blocking value never removes.
_UNBLOCKED_LABELS: frozenset[str] = frozenset({"LAB_TEST", "LAB_VALUE"})
#: Value kinds that may also stand *before* their test ("positive HBsAg", "abnormal TSH").
VALUE_KINDS_BEFORE_TEST: frozenset[str] = frozenset({"qualitative"})
#: The most tokens between a test and its value ("ECOG performance status score is 0-1": 2).
MAX_GAP = 4
#: Tokens allowed between a test and its value, compared lower-cased.
LINK_WORDS: frozenset[str] = frozenset(
    {
        "(", ")", "[", "]", ":", "=", "-", "–", "'", "’", "is", "was", "are", "were", "be", "being", "been", "of",
        "at", "must", "should", "shall", "will", "score", "scores", "scored", "status", "value", "values",
        "level", "levels", "count", "counts", "result", "results", "test", "rate", "class", "grade",
        "functional", "classification", "category", "stage", "index", "total", "a", "an", "the", "with",
        "has", "have", "having", "for", "to", "by", "on", "in", "than", "from", "ps", "performance",
        "or", "and", "/", "either", "both", "still", "remains", "persistently", "confirmed", "documented",
        "known", "that", "which", "as", "defined", "measured", "calculated", "estimated", "physical",
        # Cooperative groups whose performance scale a value is on: "Performance status: SWOG 0-2".
        "swog", "calgb", "gog", "sakk", "ctc",
    }
)
#: Comparative words of "or less", "or more" ...
COMPARATIVES: frozenset[str] = frozenset({"less", "more", "greater", "fewer", "longer", "shorter", "lower", "higher"})
#: Words next to a name that make it a measurement rather than a drug given.
MEASUREMENT_WORDS: frozenset[str] = frozenset(
    {
        "serum", "plasma", "blood", "urine", "urinary", "level", "levels", "test", "tests", "testing",
        "concentration", "concentrations", "measurement", "value", "values", "count", "ratio",
        "fasting", "baseline", "abnormal", "elevated", "low", "high", "normal", "deficiency",
    }
)
#: Words before a name (up to 3 tokens) that make it something given to a patient.
GIVEN_BEFORE: frozenset[str] = frozenset(
    """treatment treated therapy receiving receive received taking take takes took using use
    infusion administration administered prescribed hypersensitivity allergy allergic intolerance
    exogenous supplemental oral intravenous topical transdermal injectable""".split()
)
#: Words right after a name that make it something given to a patient.
GIVEN_AFTER: frozenset[str] = frozenset(
    """therapy treatment infusion infusions supplement supplements supplementation replacement
    administration injection injections dose doses tablets capsules gel patch cream use intake
    allergy hypersensitivity""".split()
)
#: Nouns right after a drug name that make the phrase a measurement of the drug (rule 7).
DRUG_MEASUREMENT_AFTER: frozenset[str] = frozenset(
    {"level", "levels", "concentration", "concentrations", "test", "tests", "screen", "assay", "titer", "titers", "titre", "titres"}
)
#: Words that name the class of a score ("Child-Pugh class A", "NYHA class III", "Tanner stage 2").
CLASS_WORDS: frozenset[str] = frozenset({"class", "classes", "grade", "grades", "stage", "category", "level", "levels"})
#: Specimen words right before a drug name that make it a measurement of the drug (rule 7).
DRUG_MEASUREMENT_BEFORE: frozenset[str] = frozenset({"serum", "plasma", "blood", "urine", "urinary"})
#: Words right before an organ-function test that make it a disorder ("impaired renal function").
ABNORMAL_BEFORE: frozenset[str] = frozenset(
    {"impaired", "abnormal", "poor", "reduced", "decreased", "deteriorated", "deteriorating", "altered", "compromised", "deranged", "disturbed", "worsening"}
)
#: Words right after an organ-function test that make it a disorder ("renal function impairment").
DISORDER_AFTER: frozenset[str] = frozenset(
    {"impairment", "impairments", "abnormality", "abnormalities", "disorder", "disorders", "deficiency", "insufficiency", "failure", "dysfunction", "disturbance", "disturbances", "deterioration"}
)
#: Words allowed between a drug name and its measurement noun ("tacrolimus trough levels").
DRUG_MEASUREMENT_BETWEEN: frozenset[str] = DRUG_MEASUREMENT_BEFORE | {"trough", "peak"}
#: Words that make an amount of time an age ("aged 18-75 years", "age ≥ 18 years").
AGE_WORDS_BEFORE: frozenset[str] = frozenset({"age", "aged", "ages", "older", "younger", "old"})
#: Words before "age" that make it a measurement of pregnancy, not the patient's age: "Gestational
#: age < 36 weeks" is a threshold on the gestational age test.
MEASURED_AGE_WORDS: frozenset[str] = frozenset({"gestational", "gestation", "postmenstrual", "post-menstrual", "menstrual"})
#: How far back :data:`AGE_WORDS_BEFORE` is looked for.
AGE_LOOKBACK = 3
#: An amount of at least this many years, not a window and without an anchor, is taken for an
#: age ("> 18 years", "over 65 years"): criteria state ages far more often than such spans of time.
AGE_MIN_YEARS = 16
#: Word sequences after an amount of time that make it an age ("18 years old", "18 years of age").
AGE_WORDS_AFTER: tuple[tuple[str, ...], ...] = (
    ("old",), ("-", "old"), ("of", "age"), ("or", "older"), ("and", "older"), ("or", "younger"),
    ("and", "younger"), ("and", "above"), ("and", "over"), ("or", "above"), ("or", "over"),
    ("age",), ("-old",),
)  # fmt: skip
#: First words of a DURATION that make it a time window of a criterion rather than a test's value.
WINDOW_WORDS: frozenset[str] = frozenset(
    {
        "within", "in", "during", "for", "over", "throughout", "past", "last", "previous", "preceding",
        "prior", "recent", "next", "following", "since", "the", "until", "through",
    }
)


def value_kind(span: Span) -> str:
    """The shape of a LAB_VALUE candidate: the key of its pattern id (``lab_value:range`` -> "range").

    A LAB_VALUE without an id of that form (a statistical model's entity, a relabeled duration) is
    taken as ``quantity``.
    """
    return id_key(span, "lab_value") or "quantity"


#: The most tokens inside a bracketed aside that a test and its value may have between them:
#: "progesterone receptor (PR) positive", "creatinine clearance (Cockcroft-Gault) ≥ 60 mL/min".
MAX_ASIDE = 4
_CLOSING = {"(": ")", "[": "]"}


def _aside_end(doc: Doc, start: int, end: int) -> int:
    """The index after a bracketed aside of at most :data:`MAX_ASIDE` tokens that opens at
    ``start`` and closes before ``end``, or ``start`` when there is none."""
    closing = _CLOSING.get(doc[start].text) if start < end else None
    if closing is None:
        return start
    for i in range(start + 1, min(end, start + MAX_ASIDE + 2)):
        if doc[i].text == closing:
            return i + 1
    return start


def _linked(doc: Doc, start: int, end: int, max_gap: int = MAX_GAP) -> bool:
    """Are the tokens ``doc[start:end]`` at most ``max_gap`` and all linking words? The line break
    of a wrapped line (:func:`.tokenizer.is_line_wrap`) or right after a colon is no token here, as
    a space is none, and a short bracketed aside right after the test counts as one word."""
    aside = _aside_end(doc, start, end)
    words = 1 if aside > start else 0
    start = aside
    if end - start > 2 * max_gap + 1:  # even with a wrap between every two words
        return False
    for t in doc[start:end]:
        if t.is_space:
            # A label's value may start the next line: "Life expectancy:\nGreater than 12 weeks".
            if not (is_line_wrap(t) or (t.text.count("\n") == 1 and t.i > 0 and doc[t.i - 1].text in (":", "："))):
                return False
        elif t.lower_ not in LINK_WORDS:
            return False
        else:
            words += 1
            if words > max_gap:
                return False
    return True


def has_test_before(span: Span, test_ends: Sequence[int]) -> bool:
    """Does a LAB_TEST candidate end just before ``span`` (only linking words between)?"""
    return any(end <= span.start and _linked(span.doc, end, span.start) for end in test_ends)


def has_test_after(span: Span, test_starts: Sequence[int], *, max_gap: int = MAX_GAP) -> bool:
    """Does a LAB_TEST candidate start just after ``span`` (at most ``max_gap`` linking words between)?"""
    return any(start >= span.end and _linked(span.doc, span.end, start, max_gap) for start in test_starts)


#: Tokens between the two bounds of one test written one after the other ("BMI >18 <28", "> 18, < 30").
BOUND_JOINERS: frozenset[str] = frozenset({"and", ",", "&"})


def second_bounds(values: Iterable[Span], test_ends: Sequence[int]) -> set[tuple[int, int]]:
    """The (start, end) of each compared number that follows a value of a test, with at most one
    of :data:`BOUND_JOINERS` between: the other bound of the same test ("BMI >18 <28", "Hb > 9 and
    < 16"), which has no test of its own next to it."""
    found: set[tuple[int, int]] = set()
    ends: list[int] = []
    for s in sorted(values, key=lambda v: v.start):
        if has_test_before(s, test_ends):
            ends.append(s.end)
        elif s[0].text in COMPARATOR_TOKENS and any(
            e <= s.start <= e + 1 and all(t.lower_ in BOUND_JOINERS for t in s.doc[e:s.start]) for e in ends
        ):
            found.add((s.start, s.end))
            ends.append(s.end)
    return found


def is_share_of(span: Span, test_starts: Sequence[int]) -> bool:
    """Is ``span`` a percentage right before the cells it counts ("5% or more blasts", "20% leukemic
    cells" with a test there; "of" allowed between)? Such a value names its test after it."""
    return "%" in span.text and has_test_after(span, test_starts, max_gap=1)


def is_age(span: Span) -> bool:
    """Is the amount of time ``span`` an age ("aged 18-75 years", "18 years old", "Adults 18-65 years",
    "Adults (over 15 years)")?"""
    doc = span.doc
    before = doc[max(0, span.start - AGE_LOOKBACK) : span.start]
    if any(t.lower_ in AGE_WORDS_BEFORE and not (t.i > 0 and doc[t.i - 1].lower_ in MEASURED_AGE_WORDS) for t in before):
        return True
    previous = [t for t in doc[max(0, span.start - 2) : span.start] if t.text not in {",", ":", "(", "["}]
    if previous and previous[-1].lower_ in PERSON_WORDS:
        return True
    after = [t.lower_ for t in doc[span.end : span.end + 2]]
    if any(tuple(after[: len(words)]) == words for words in AGE_WORDS_AFTER):
        return True
    # "over 85y" compares an amount as "> 85 years" does; "over the past 6 months" is a window.
    compared = span[0].lower_ == "over" and len(span) > 1 and span[1].text[:1].isdigit()
    if span.label_ == DURATION and (compared or not is_window(span)) and span.id_ != ANCHORED:
        parsed = parse_duration(span.text)
        years = parsed and parsed.unit == "a" and (parsed.value if parsed.value is not None else parsed.low)
        return bool(years and years >= AGE_MIN_YEARS)
    return False


#: Words after an amount of time that make it the length of a sample or recording ("24 hour
#: urine", "48-hour Holter", "24-hour ambulatory blood pressure"), not a duration.
TIMED_SPECIMEN_WORDS: frozenset[str] = frozenset({"urine", "urinary", "urinalysis", "holter", "ambulatory"})

#: Tokens that open a compared number: "FEV > 20" names its test like "Hb > 9 g/dL" does.
COMPARATOR_TOKENS: frozenset[str] = frozenset({"<", ">", "≤", "≥", "<=", ">=", "=<", "=>", "</=", ">/=", "=", "⩽", "⩾"})

#: DURATION pattern ids that are windows or points in time whatever their first word.
WINDOW_IDS: frozenset[str] = frozenset({"duration:recent period", "duration:time point", "duration:calendar period"})


def is_window(span: Span) -> bool:
    """Is the DURATION ``span`` a window or a point in time ("within ...", "in the past ...",
    "for ...", "on day 15") rather than a bare amount ("at least 3 months", "≥ 12 weeks")?"""
    return span.id_ in WINDOW_IDS or span[0].lower_ in WINDOW_WORDS


def apply_value_rules(spans: Iterable[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Apply the rules of this module to span ruler candidates (any order, any labels).

    Args:
        spans: Candidates of one Doc, overlapping allowed (``doc.spans["trials_entities"]``).
        terms: The word lists of ``patterns/term_lists.jsonl`` (:mod:`.term_lists`); without
            them, every rule that consults a list does nothing (the default is for tests of the
            rules that do not; the pipeline component always passes its lists).

    Returns:
        The candidates kept, with amounts of time that are a test's value relabeled LAB_VALUE (id
        ``lab_value:quantity``), in the input order. Other labels pass unchanged.
    """
    return split_value_rules(spans, terms=terms)[0]


def split_value_rules(
    spans: Iterable[Span], doc: Doc | None = None, terms: TermLists = NO_TERMS
) -> tuple[list[Span], list[Span]]:
    """:func:`apply_value_rules`, and the values it dropped only for want of a test next to them.

    ``doc`` is the candidates' Doc, which rule 11 reads even when there is no candidate at all
    ("ER and PR status").
    ``terms`` are the word lists of :func:`apply_value_rules`.

    Returns:
        ``(kept, held)``: the candidates kept, as :func:`apply_value_rules` returns them, and the
        LAB_VALUE candidates dropped because no LAB_TEST candidate was next to them (not the ages, not
        the letter stages): a later step that finds a test there ("Estrogen receptor (ER) ... ER
        positive", whose "ER" only the abbreviation makes a test) gives them back with
        :func:`values_for_tests`.
    """
    spans = [trim_dangling_comparison(s) for s in spans if not (is_outline_number(s) or is_site_or_habit(s) or is_counted_result(s))]
    spans = days_before_doses(join_unit_ranges(drop_scale_ranges(spans)))
    spans = dose_after_day_number(drop_counted_days(bare_days_after_doses(drop_ambiguous_frequencies(spans))))
    spans = class_word_to_value(measured_drugs_as_tests(join_drug_salts(drop_physiology_drugs(drop_vehicles(spans, terms), terms), terms)))
    spans = class_therapies_as_procedures(drop_prefix_negated_names(drop_protocol_codes(spans)))
    spans = nursing_as_lactation(pressure_after_value(signed_results(abnormal_function_as_condition(spans, terms), doc, terms)))
    spans = drop_irradiated_conditions(drop_heading_tests(scored_symptoms_as_tests(spans, terms)), terms)
    spans = patient_toxicities(condition_medications(drop_conditions_in_names(spans, terms), terms), terms)
    # A test inside a longer drug is part of the drug's name ("therapeutic tumor infiltrating
    # lymphocytes IV": no lymphocyte count of class IV), and gives no value a test.
    drugs = [s for s in spans if s.label_ == DRUG]
    tests = [s for s in spans if s.label_ == LAB_TEST and not any(d.start <= s.start and s.end <= d.end and len(d) > len(s) for d in drugs)]
    test_ends = sorted({s.end for s in tests})
    test_starts = sorted({s.start for s in tests})
    staging = terms.mapping("staging_test")
    staging_ends = sorted({s.end for s in tests if id_key(s, "lab_test") in staging})
    # A lone letter that no staging system precedes is gone before tests are inferred, so that it
    # does not cut a test name short ("Waist C > 89 cm").
    spans = [
        s for s in spans
        if s.label_ != LAB_VALUE or value_kind(s) != "stage" or has_test_before(s, staging_ends)
    ]
    # Values with no test next to them: thresholds name theirs (rule 4), words only a test phrase.
    orphans: list[Span] = []
    words: list[Span] = []
    for s in spans:
        if s.label_ != LAB_VALUE or has_test_before(s, test_ends) or has_test_after(s, test_starts):
            continue
        kind = value_kind(s)
        if kind not in NEEDS_TEST_VALUE_KINDS or (kind == "number" and s[0].text in COMPARATOR_TOKENS):
            orphans.append(s)
        elif kind == "qualitative":
            words.append(s)
    if orphans or words:
        inferred = infer_tests((orphans or words)[0].doc, orphans, spans, words=words)
        spans.extend(inferred)
        tests.extend(inferred)
        test_ends = sorted({s.end for s in tests})
        test_starts = sorted({s.start for s in tests})
    ages = [s for s in spans if s.label_ == DURATION and is_age(s)]
    bounds = second_bounds((s for s in spans if s.label_ == LAB_VALUE), test_ends)
    kept: list[Span] = []
    blocked: list[Span] = []
    held: list[Span] = []
    for span in spans:
        if span.label_ == LAB_VALUE:
            kind = value_kind(span)
            if kind in NEEDS_TEST_VALUE_KINDS:
                before = has_test_before(span, test_ends) or (span.start, span.end) in bounds
                after = (kind in VALUE_KINDS_BEFORE_TEST and has_test_after(span, test_starts)) or is_share_of(span, test_starts)
                if not (before or after) or (kind in {"number", "range"} and is_age(span)):
                    if kind in BLOCKING_VALUE_KINDS:
                        blocked.append(span)
                    if not (before or after) and not _is_held_back(span, kind):
                        held.append(span)
                    continue
        elif span.label_ == DURATION:
            if any(a.start <= span.start and span.end <= a.end for a in ages):
                continue
            if span.end < len(span.doc) and span.doc[span.end].lower_ in TIMED_SPECIMEN_WORDS:
                continue  # "a 24 hour urine", "48-hour Holter": how the sample is taken, no time window
            if (
                not is_window(span)
                and span.id_ != ANCHORED
                # "two PSA values at least 1 week apart": the time between two measurements
                and not (span.end < len(span.doc) and span.doc[span.end].lower_ == "apart")
                and (has_test_before(span, test_ends) or has_test_after(span, test_starts, max_gap=1))
            ):
                span = Span(span.doc, span.start, span.end, label=LAB_VALUE, span_id="lab_value:quantity")
        kept.append(span)
    kept = drop_unmeasured_words(drop_infused_tests(drop_unmeasured_drug_tests(kept, terms)), terms)
    if blocked:
        kept = [
            s for s in kept
            if s.label_ in _UNBLOCKED_LABELS
            # Only what lies strictly inside a longer dropped class goes with it ("stage IV" takes its
            # "IV"); a lone numeral of the same extent ("by IV on Day 1") is left to the other label.
            or not any(b.start <= s.start and s.end <= b.end and (b.end - b.start) > (s.end - s.start) for b in blocked)
        ]
    return kept, held


def _is_held_back(span: Span, kind: str) -> bool:
    """Is the dropped value ``span`` never a test's value, whatever test a later step finds: an
    age, or a letter stage (which only a staging system makes a value)?"""
    return kind == "stage" or (kind in {"number", "range"} and is_age(span))


def values_for_tests(held: Iterable[Span], tests: Sequence[Span]) -> list[Span]:
    """The ``held`` values (of :func:`split_value_rules`) that one of ``tests`` now links to, by
    the rule that dropped them: a test right before, or right after for the kinds that may precede
    their test."""
    test_ends = sorted({t.end for t in tests})
    test_starts = sorted({t.start for t in tests})
    return [
        s for s in held
        if has_test_before(s, test_ends)
        or (value_kind(s) in VALUE_KINDS_BEFORE_TEST and has_test_after(s, test_starts))
        or is_share_of(s, test_starts)
    ]


#: Words that number what follows them with a Roman numeral: "Cohort IV", "Arm IV", "Part IV",
#: and the psychiatric manual's edition ("DSM IV", "Diagnostic and Statistical Manual of Mental
#: Disorders IV").
NUMBERED_WORDS: frozenset[str] = frozenset(
    """cohort cohorts arm arms group groups part parts phase phases stage stages grade grades class
    classes level levels step steps regimen regimens course courses type types section sections
    schedule schedules dose table figure appendix dsm disorders""".split()
)
_ROMAN_NUMERALS: frozenset[str] = frozenset({"I", "II", "III", "IV", "V", "VI", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB"})


def is_outline_number(span: Span) -> bool:
    """Is the ROUTE candidate ``span`` ("IV", "iv") a number rather than a route: the number of an
    outline item, first on its line (after an optional "(") and followed by "." or ")", as in "IV.
    Exclusion criteria", or a capital numeral after a numbered word or in a list of numerals
    ("Cohort IV", "Cohorts II, IA, & IV")?"""
    if span.label_ != ROUTE or len(span) != 1 or span[0].lower_ != "iv":
        return False
    doc = span.doc
    if span[0].text == "IV":
        before = [t for t in doc[max(0, span.start - 3) : span.start] if not t.is_space and t.text not in {",", "&", "and", "or", "/"}]
        if before and (before[-1].lower_ in NUMBERED_WORDS or before[-1].text in _ROMAN_NUMERALS):
            return True
    i = span.start
    if i > 0 and doc[i - 1].text == "(":
        i -= 1
    # An outline run into one paragraph numbers its items after the last one's full stop: "...
    # in these patients. IV. Determine the efficacy"; "cisplatin IV. Treatment repeats" is a route.
    at_item_start = i == 0 or "\n" in doc[i - 1].whitespace_ or doc[i - 1].is_space or (span[0].text == "IV" and doc[i - 1].text in {".", ":", ";"})
    return at_item_start and span.end < len(doc) and doc[span.end].text in {".", ")"}


#: Nouns after "oral", "nasal", "intravenous" ... that make the word a body site or a habit, not a
#: route: "oral cavity", "oral mucositis", "oral hygiene", "intravenous drug use".
NOT_A_ROUTE_BEFORE: frozenset[str] = frozenset(
    """cavity cavities mucosa mucosal mucositis cancer cancers carcinoma lesion lesions ulcer ulcers
    ulceration hygiene health surgery surgeon intake examination exam disease diseases thrush
    candidiasis cavity-confined polyps polyp septum""".split()
)
#: Words that, after "intravenous drug", make the phrase a habit: "intravenous drug use".
_DRUG_HABIT_WORDS: frozenset[str] = frozenset({"use", "user", "users", "abuse", "abuser", "abusers", "addiction"})


def is_site_or_habit(span: Span) -> bool:
    """Rule 6: is the one-word ROUTE candidate ``span`` a body site or a habit ("oral cavity",
    "intravenous drug use")?"""
    if span.label_ != ROUTE or len(span) != 1 or span.end >= len(span.doc):
        return False
    doc = span.doc
    after = doc[span.end].lower_
    if after in NOT_A_ROUTE_BEFORE:
        return True
    return after in {"drug", "drugs"} and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in _DRUG_HABIT_WORDS


#: Words that count the receptors a result holds for ("triple negative", "double positive"): the
#: result names a subtype, and its receptors, if listed, carry their own result.
_COUNT_WORDS: frozenset[str] = frozenset({"triple", "double", "dual", "quadruple"})


def is_counted_result(span: Span) -> bool:
    """Is the LAB_VALUE candidate ``span`` a result counted over receptors ("triple negative",
    "triple-negative"), a subtype's name rather than one test's value?"""
    if span.label_ != LAB_VALUE or span.start == 0:
        return False
    doc = span.doc
    before = doc[span.start - 1]
    if before.text == "-" and not before.whitespace_ and span.start >= 2:
        before = doc[span.start - 2]
    return before.lower_ in _COUNT_WORDS


def trim_dangling_comparison(span: Span) -> Span:
    """A value or duration that ends in "or less"/"or more" just before "than" gives those words
    back: in "less than 28 days or less than 5 half-lives" the first amount is "less than 28 days"."""
    doc = span.doc
    if (
        span.label_ in (DURATION, LAB_VALUE)
        and len(span) > 2
        and span[-2].lower_ == "or"
        and span[-1].lower_ in COMPARATIVES
        and span.end < len(doc)
        and doc[span.end].lower_ == "than"
    ):
        return Span(doc, span.start, span.end - 2, label=span.label_, span_id=span.id_)
    return span


#: Words between the two ends of a range whose unit is written with both ("7.0% to 10.5%").
UNIT_RANGE_SEPARATORS: frozenset[str] = frozenset({"-", "–", "—", "~", "～", "〜", "to"})


def join_unit_ranges(spans: list[Span]) -> list[Span]:
    """Rule 23: two LAB_VALUE candidates of a number and the same unit, joined by a range word
    (:data:`UNIT_RANGE_SEPARATORS`, or "and" after "between"), add a candidate over both, of the
    first one's kind: "7.0% to 10.5%", "50 kg to 120 kg", "100 x 10^9/L to 400 x 10^9/L", "between
    7% and 10%" are one range, not a value and a stray second one."""
    starts: dict[int, list[Span]] = {}
    for s in spans:
        if s.label_ == LAB_VALUE and len(s) > 1 and s[0].like_num:
            starts.setdefault(s.start, []).append(s)
    added: list[Span] = []
    for group in starts.values():
        for first in group:
            doc = first.doc
            if first.end + 1 >= len(doc):
                continue
            between = first.start > 0 and doc[first.start - 1].lower_ == "between"
            word = doc[first.end].lower_
            if word not in UNIT_RANGE_SEPARATORS and not (between and word == "and"):
                continue
            unit = [t.lower_ for t in first[1:]]
            for second in starts.get(first.end + 1, []):
                if [t.lower_ for t in second[1:]] == unit:
                    start = first.start - 1 if between else first.start
                    added.append(Span(doc, start, second.end, label=LAB_VALUE, span_id=first.id_))
    return spans + added if added else spans


#: Words that join the members of a list: what a list of days leaves dangling once a dose is cut off
#: its end ("Days 1-4, 40 mg"), and what may stand between "pregnant" and "nursing".
_LIST_JOINERS: frozenset[str] = frozenset({"or", "and", "/", ",", "and/or", "nor"})


def days_before_doses(spans: list[Span]) -> list[Span]:
    """Rule 24: a SCHEDULE candidate whose last tokens start a DOSE candidate ends before that dose
    (and before the comma or "and" that joined it): "on Days -7 to -4, 40" of "on Days -7 to -4, 40
    mg/m2" is "on Days -7 to -4". A schedule left with nothing is dropped."""
    dose_starts = {s.start: s.end for s in spans if s.label_ == DOSE}
    if not dose_starts:
        return spans
    out: list[Span] = []
    for s in spans:
        cut = next((i for i in range(s.start + 1, s.end) if dose_starts.get(i, 0) > s.end), None) if s.label_ == SCHEDULE else None
        if cut is None:
            out.append(s)
            continue
        end = cut
        while end > s.start and s.doc[end - 1].lower_ in _LIST_JOINERS:
            end -= 1
        if end > s.start and any(t.like_num for t in s.doc[s.start:end]):
            out.append(Span(s.doc, s.start, end, label=s.label_, span_id=s.id_))
    return out


#: Signs that state a result when glued to a test ("HER2+", "ER-").
SIGNS: frozenset[str] = frozenset(SIGN_RESULTS)
#: Cluster-of-differentiation antigens ("CD20", "CD30"), whose expression on tumour cells criteria
#: require ("CD20-positive", "CD30+"); alone they are also drug targets ("anti-CD20").
_CD_ANTIGEN_RE = re.compile(r"^CD\d{1,3}[a-z]?$")
QUALITATIVE_ID = "lab_value:qualitative"


def receptor_id(text: str, receptors: Mapping[str, str | None]) -> str | None:
    """The LAB_TEST id of a receptor (``receptors``: the ``signed_receptor`` list) or CD antigen
    abbreviation (rule 11), None for other words."""
    if text in receptors:
        return f"lab_test:{receptors[text]}"
    if _CD_ANTIGEN_RE.match(text):
        return f"lab_test:{text.lower()} expression"
    return None


def _glued_sign(doc: Doc, end: int) -> bool:
    """Is ``doc[end]`` a sign glued to the token before it and ending there: followed by a space,
    punctuation or nothing? "HER2-positive" has a hyphen, "Hb-9" a range, not a sign."""
    if end >= len(doc) or end == 0 or doc[end - 1].whitespace_ or doc[end].text not in SIGNS:
        return False
    after = end + 1
    return after >= len(doc) or bool(doc[end].whitespace_) or (doc[after].is_punct and doc[after].text not in SIGNS)


#: Words a receptor abbreviation is hyphenated with when it names the receptor: "ER-negative".
_RECEPTOR_WORDS: frozenset[str] = frozenset({"positive", "negative", "status", "expression", "low", "high"})
#: Words that name the receptor after a space: "if ER positive", "CD20 expression".
_SPACED_RECEPTOR_WORDS: frozenset[str] = frozenset({"positive", "negative", "status", "expression"})
#: Words between receptors listed with one result: "ER/PR-positive", "ER and/or PR positive".
_RECEPTOR_JOINERS: frozenset[str] = frozenset({"/", "and", "or", "and/or", ","})


def _receptor_written(doc: Doc, i: int) -> bool:
    """Is the receptor abbreviation ``doc[i]`` written with a sign or a result: "ER+",
    "ER-negative", "PR-status", "ER positive"?"""
    if _glued_sign(doc, i + 1):
        return True
    if i + 1 < len(doc) and doc[i].whitespace_ == " " and doc[i + 1].lower_ in _SPACED_RECEPTOR_WORDS:
        return True
    return (
        i + 2 < len(doc) and not doc[i].whitespace_ and doc[i + 1].text == "-" and not doc[i + 1].whitespace_
        and doc[i + 2].lower_ in _RECEPTOR_WORDS
    )


def _receptor_result(doc: Doc, i: int, test_ends: dict[int, int], receptors: Mapping[str, str | None]) -> bool:
    """Rule 11's test for ``doc[i]``: written with a result itself, or listed with receptors or
    tests (``test_ends``: start -> end of the LAB_TEST candidates) whose last one is ("ER/PR-positive",
    "ER and PR negative", "ER, PR, and HER2 negative")."""
    last = i
    while True:
        if _receptor_written(doc, last):
            return True
        k = last + 1
        while k < len(doc) and k - last <= 2 and doc[k].lower_ in _RECEPTOR_JOINERS:
            k += 1
        if k == last + 1 or k >= len(doc):
            return False
        if receptor_id(doc[k].text, receptors):
            last = k
        elif k in test_ends:
            last = test_ends[k] - 1
        else:
            return False


def signed_results(spans: list[Span], doc: Doc | None = None, terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 11: a sign glued to a LAB_TEST candidate (or to "ER", "PR", "HR", a CD antigen) becomes
    a qualitative LAB_VALUE candidate; the receptor abbreviations written with a result, or listed
    with one that is, become LAB_TEST candidates. ``doc`` is needed only when ``spans`` is empty."""
    doc = spans[0].doc if spans else doc
    if doc is None:
        return spans
    receptors = terms.mapping("signed_receptor")
    added: list[Span] = []
    tests = {(s.start, s.end) for s in spans if s.label_ == LAB_TEST}
    test_ends: dict[int, int] = {}
    for start, end in tests:
        test_ends[start] = max(end, test_ends.get(start, end))
    for i, token in enumerate(doc):
        test_id = receptor_id(token.text, receptors)
        if test_id and (i, i + 1) not in tests and _receptor_result(doc, i, test_ends, receptors):
            added.append(Span(doc, i, i + 1, label=LAB_TEST, span_id=test_id))
            tests.add((i, i + 1))
    for _, end in sorted(tests):
        if _glued_sign(doc, end):
            added.append(Span(doc, end, end + 1, label=LAB_VALUE, span_id=QUALITATIVE_ID))
        elif _glued_level(doc, end):
            added.append(Span(doc, end + 1, end + 2, label=LAB_VALUE, span_id=QUALITATIVE_ID))
    return spans + added


#: Expression levels a marker is hyphenated with as its result: "HER2-low", "HER2-ultralow",
#: "TMB-high", "PD-L1-high". No qualitative pattern lists them: "low" alone is no result.
LEVEL_RESULTS: frozenset[str] = frozenset({"low", "ultralow", "high", "zero", "null", "intermediate"})


def _glued_level(doc: Doc, end: int) -> bool:
    """Is the test ending at ``end`` glued by a hyphen to an expression level ("HER2-low")?"""
    return (
        end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == "-" and not doc[end].whitespace_
        and doc[end + 1].lower_ in LEVEL_RESULTS
    )


def join_drug_salts(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 10: a DRUG candidate right before a salt word (the ``drug_salt`` list: "imatinib
    mesylate") or a formulation word (``drug_formulation``: "lurtotecan liposome"), up to two
    ("doxorubicin HCl liposome"), becomes a DRUG candidate over them; candidates of such a word
    alone are dropped. A salt keeps the drug's id; a formulation is another product, whose name
    opens with the list's word and keeps the agent's vocabulary code ("liposomal
    doxorubicin|DRUGBANK:DB00997": Doxil is no doxorubicin an analyst may pool)."""
    formulations = terms.mapping("drug_formulation")
    salt_words = {**terms.mapping("drug_salt"), **formulations}
    grown: dict[int, Span] = {}
    for s in spans:
        if s.label_ != DRUG:
            continue
        doc = s.doc
        # The salt may open the next line of a wrapped one ("leucovorin\n      calcium IV").
        first = s.end + 1 if s.end < len(doc) and is_line_wrap(doc[s.end]) else s.end
        end = first
        while end < len(doc) and end - first < 2 and doc[end].lower_ in salt_words:
            end += 1
        if end == first:
            continue
        # Of the drug's candidates (a vocabulary name, an INN stem shape), the one with an id wins.
        if first in grown and "|" in grown[first].id_ and "|" not in s.id_:
            continue
        grown[first] = Span(doc, s.start, end, label=DRUG, span_id=_formulated_id(s.id_, [doc[i].lower_ for i in range(first, end)], formulations))
    if not grown:
        return spans
    words = {i for g in grown.values() for i in range(g.start, g.end) if g.doc[i].lower_ in salt_words}
    kept = [s for s in spans if not (s.end - s.start == 1 and s.start in words)]
    return kept + list(grown.values())


def _formulated_id(span_id: str, words: list[str], formulations: Mapping[str, str | None]) -> str:
    """The pattern id of a drug grown over ``words``: its name opened by a formulation's word
    ("drug:doxorubicin|DRUGBANK:DB00997" + "liposome" -> "drug:liposomal doxorubicin|DRUGBANK:DB00997").
    Ids that only say what shape a name has keep it: their name is the span's own words."""
    opening = next((formulations[w] for w in words if w in formulations), None)
    kind, _, rest = span_id.partition(":")
    if opening is None or kind != "drug" or span_id in SHAPE_IDS or not rest:
        return span_id
    key, bar, code = rest.partition("|")
    return span_id if key.startswith(opening) else f"drug:{opening} {key}{bar}{code}"


#: Words that open a compared value ("greater than 1.5 times ULN", "at least 30%").
COMPARATOR_WORDS: frozenset[str] = (COMPARATIVES - {"longer", "shorter"}) | {"above", "below", "over", "under", "at", "exceeding"}
def scored_symptoms_as_tests(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 17: a DISEASE candidate of the ``scored_symptom`` list of ``terms`` with a compared
    number right after it ("Pain > 4", "Pain (VPS) > 3") is replaced by a LAB_TEST candidate of the
    same words, named by the symptom's score ("lab_test:pain score"); one of ``measured_condition``
    likewise, named by its measurement ("Thrombocytopenia < 150 G/L": "lab_test:platelet count"),
    and a word of ``measured_adjective`` becomes one ("Hypertensive (>160/100 mmHg)":
    "lab_test:blood pressure")."""
    symptoms, conditions = terms.mapping("scored_symptom"), terms.mapping("measured_condition")
    measured_adjectives = terms.mapping("measured_adjective")
    doc = spans[0].doc if spans else None
    lowered = doc.text.lower() if doc is not None else ""
    # A substring test first: walking every token of every text costs more than the rule.
    adjectives = (
        [t.i for t in doc if t.lower_ in measured_adjectives]
        if doc is not None and any(a in lowered for a in measured_adjectives) else []
    )
    if not adjectives and not any(
        s.label_ == DISEASE and (s.text.lower() in symptoms or s.text.lower() in conditions) for s in spans
    ):
        return spans
    # A compared amount of time is how long the symptom lasts ("pain > 3 months"), no score.
    times = [(s.start, s.end) for s in spans if s.label_ == DURATION]
    compared_values = [
        s for s in spans
        if s.label_ == LAB_VALUE
        # Compared before the number, or after it: "15% or more".
        and (s[0].text in COMPARATOR_TOKENS or s[0].lower_ in COMPARATOR_WORDS | {"between"} or postfix_comparator(s.text) is not None)
        and not any(a < s.end and s.start < b for a, b in times)
        # "dyspnea grade 2 or greater" is a graded condition (see .grades), no score.
        and not (s.start > 0 and s.doc[s.start - 1].lower_ in {"grade", "grades"})
    ]
    if not compared_values:
        return spans
    compared = [s.start for s in compared_values]
    # A measured condition may come after its threshold: "greater than 10% weight loss".
    compared_ends = {s.end for s in compared_values}

    def compared_after(end: int) -> bool:
        return any(start >= end and _linked(doc, end, start, max_gap=1) for start in compared)  # type: ignore[arg-type]

    out: list[Span] = []
    measured = {i for i in adjectives if compared_after(i + 1)}
    for s in spans:
        if s.label_ == DISEASE and s.start in measured and s.end == s.start + 1:
            continue  # the adjective's own candidate ("obese") gives way to the test below
        score = (symptoms.get(s.text.lower()) or conditions.get(s.text.lower())) if s.label_ == DISEASE else None
        # Only within one item: "... greater than 10 cm\nLymphocytosis" starts another.
        before = (
            s.text.lower() in conditions and s.start in compared_ends
            and not s[0].is_title and "\n" not in doc[s.start - 1].whitespace_  # type: ignore[index]
        )
        if score and (compared_after(s.end) or before):
            out.append(Span(s.doc, s.start, s.end, label=LAB_TEST, span_id=f"lab_test:{score}"))
        else:
            out.append(s)
    for i in sorted(measured):
        out.append(Span(doc, i, i + 1, label=LAB_TEST, span_id=f"lab_test:{measured_adjectives[doc[i].lower_]}"))  # type: ignore[index]
    return out


def measured_drugs_as_tests(spans: list[Span]) -> list[Span]:
    """Rule 7: each DRUG candidate right after a specimen word (:data:`DRUG_MEASUREMENT_BEFORE`) or a
    measurement noun and "of" ("level of"), or right before a measurement noun
    (:data:`DRUG_MEASUREMENT_AFTER`) is replaced by a LAB_TEST
    candidate over the drug and those words, named by the drug ("lab_test:progesterone"), unless a
    LAB_TEST candidate already covers it."""
    tests = [s for s in spans if s.label_ == LAB_TEST]
    out: list[Span] = []
    for s in spans:
        if s.label_ == DRUG and not any(t.start <= s.start and s.end <= t.end for t in tests):
            doc = s.doc
            start = s.start - 1 if s.start > 0 and doc[s.start - 1].lower_ in DRUG_MEASUREMENT_BEFORE else s.start
            if s.start >= 2 and doc[s.start - 1].lower_ == "of" and doc[s.start - 2].lower_ in DRUG_MEASUREMENT_AFTER:
                start = s.start - 2  # "level of vitamin B12", "blood concentration of phenytoin"
            end = s.end
            if end < len(doc) and doc[end].lower_ in DRUG_MEASUREMENT_BETWEEN:
                end += 1
            end = end + 1 if end < len(doc) and doc[end].lower_ in DRUG_MEASUREMENT_AFTER else s.end
            if (start, end) != (s.start, s.end):
                name = span_norm(s) or s.text.lower()
                out.append(Span(doc, start, end, label=LAB_TEST, span_id=f"lab_test:{name}"))
                continue
        out.append(s)
    return out


def abnormal_function_as_condition(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 9: an organ-function LAB_TEST candidate (the ``organ_function`` list of ``terms``) right after
    an :data:`ABNORMAL_BEFORE` word or right before a :data:`DISORDER_AFTER` word, with no value
    next to it, is replaced by a DISEASE candidate over those words."""
    functions = terms.mapping("organ_function")
    suspects = [s for s in spans if s.label_ == LAB_TEST and id_key(s, "lab_test") in functions]
    if not suspects:
        return spans
    # A threshold next to it keeps it a test; a word value ("abnormal") is what makes it a disorder.
    values = [s for s in spans if s.label_ == LAB_VALUE and value_kind(s) != "qualitative"]
    value_starts = sorted({s.start for s in values})
    value_ends = sorted({s.end for s in values})
    replaced: dict[int, Span] = {}
    for s in suspects:
        doc = s.doc
        start = s.start - 1 if s.start > 0 and doc[s.start - 1].lower_ in ABNORMAL_BEFORE else s.start
        end = s.end + 1 if s.end < len(doc) and doc[s.end].lower_ in DISORDER_AFTER else s.end
        if (start, end) != (s.start, s.end) and not any(
            v >= end and _linked(doc, end, v) for v in value_starts
        ) and not any(v <= start and _linked(doc, v, start, 1) for v in value_ends):
            replaced[id(s)] = Span(doc, start, end, label=DISEASE, span_id=functions[id_key(s, "lab_test")])
    return [replaced.get(id(s), s) for s in spans]


#: Small words an institution's or a grading system's name holds between its capitalized words
#: ("Cancer and Leukemia Group B", "Committee on Cancer", "Criteria for Adverse Events").
_NAME_JOINERS: frozenset[str] = frozenset({"and", "&", "of", "for", "in", "on", "the", "against", "-"})
#: How many tokens before or after a condition its institution word is looked for
#: ("Organisation for Research and Treatment of Cancer").
NAME_REACH = 6


def _capitalized(token: Token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha)


def _names_institution(doc: Doc, indices: Iterable[int], institution_words: Collection[str]) -> bool:
    """Do the tokens at ``indices``, walked in order while they are capitalized or joiners, reach an
    institution word written with a capital (not a class: "Group 2", "Group I")?"""
    for i in indices:
        token = doc[i]
        if token.lower_ in institution_words and _capitalized(token):
            following = doc[i + 1].text if i + 1 < len(doc) else ""
            return not (following.isdigit() or following in _ROMAN_NUMERALS)
        if not (_capitalized(token) or token.lower_ in _NAME_JOINERS):
            return False
    return False


def drop_conditions_in_names(spans: list[Span], terms: TermLists = NO_TERMS, *, any_condition: bool = False) -> list[Span]:
    """Rule 20: a DISEASE candidate whose head is an ``institution_condition`` of ``terms`` ("Cancer",
    "Leukemia", "Adverse Events"), written with a capital, in a run of capitalized words (and
    joiners: "and", "of", "for", ...) holding an ``institution_word`` within :data:`NAME_REACH`
    tokens, is part of a name: "National Cancer Institute", "Common Terminology Criteria for Adverse
    Events", "Response Evaluation Criteria in Solid Tumors". It is dropped. A specific disease in a
    society's name ("Myasthenia Gravis Foundation of America class II") is the patient's and stays.

    With ``any_condition`` (the trained model's proposals, which carry no vocabulary id) any
    capitalized DISEASE span in such a run is dropped, and so is one that holds an institution word
    itself: the model proposes "American Joint Committee" and "American Joint" of "American Joint
    Committee on Cancer"."""
    institution_words = terms.mapping("institution_word")
    heads = terms.mapping("institution_condition")
    if not institution_words or not heads:
        return spans
    dropped = set()
    for k, s in enumerate(spans):
        # A procedure names a department or a society as often ("Radiation Oncology Department",
        # "American Society of Anesthesia", "Classification for Surgery of the Hand").
        procedure = s.label_ == PROCEDURE
        if not (s.label_ == DISEASE or procedure) or not _capitalized(s[0]) or (s[-1].lower_ not in heads and not (any_condition or procedure)):
            continue
        doc = s.doc
        if any_condition and _names_institution(doc, range(s.start + 1, s.end), institution_words):
            dropped.add(k)
            continue
        after = range(s.end, min(len(doc), s.end + NAME_REACH))
        before = range(s.start - 1, max(-1, s.start - 1 - NAME_REACH), -1)
        if _names_institution(doc, after, institution_words) or _names_institution(doc, before, institution_words):
            dropped.add(k)
    return [s for k, s in enumerate(spans) if k not in dropped] if dropped else spans


#: Words after "drug" that make it a property or a habit, not the drugs for a condition: "HIV drug
#: resistance", "drug abuse", "drug interactions".
_NOT_MEDICATION_AFTER: frozenset[str] = _DRUG_HABIT_WORDS | frozenset(
    """dependence resistance resistant interaction interactions screen screening test tests level
    levels allergy allergies reaction reactions eruption induced related toxicity trial trials""".split()
)


def condition_medications(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 21: a DISEASE candidate right before a ``medication_word`` of ``terms`` ("COPD
    medication", "diabetes medications") is replaced by a DRUG candidate over both, id
    ``drug:<condition> medication`` (the condition's normalized name when it has one), unless a
    word of :data:`_NOT_MEDICATION_AFTER` follows. Other candidates inside the new span go."""
    words = terms.mapping("medication_word")
    if not words:
        return spans
    drugs: dict[tuple[int, int], Span] = {}
    for s in spans:
        doc = s.doc
        if s.label_ != DISEASE or s.end >= len(doc) or doc[s.end].lower_ not in words:
            continue
        if s.end + 1 < len(doc) and doc[s.end + 1].lower_ in _NOT_MEDICATION_AFTER:
            continue
        # A capital after a small-letter condition starts the next item of run-on registry text
        # ("No active infection Medications: ...").
        if doc[s.end].is_title and s[-1].is_lower:
            continue
        name = " ".join((span_norm(s) or s.text).lower().split())
        drugs.setdefault((s.start, s.end + 1), Span(doc, s.start, s.end + 1, label=DRUG, span_id=f"drug:{name} medication"))
    if not drugs:
        return spans
    inside = [(a, b) for a, b in drugs]
    kept = [s for s in spans if not any(a <= s.start and s.end <= b for a, b in inside)]
    return kept + list(drugs.values())


#: How many tokens before a toxicity a ``toxicity_before`` word is looked for, and after it a
#: ``toxicity_after`` word ("toxicities attributed to", "adverse events related to").
TOXICITY_BEFORE_REACH = 3
TOXICITY_AFTER_REACH = 1


def patient_toxicities(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 22: a DISEASE candidate of the generic toxicity (:data:`.grades.GENERIC_TOXICITY_ID`) is dropped
    unless it is the patient's: a grade next to it (:func:`.grades.condition_grade`), a
    ``toxicity_before`` word of ``terms`` within :data:`TOXICITY_BEFORE_REACH` tokens before it in
    the same clause ("history of", "unresolved", "recovered from"), or a ``toxicity_after`` word
    within :data:`TOXICITY_AFTER_REACH` tokens after it ("from", "attributed", "related")."""
    before_words, after_words = terms.mapping("toxicity_before"), terms.mapping("toxicity_after")
    if not before_words and not after_words:
        return spans
    suspects = [s for s in spans if s.label_ == DISEASE and s.id_ == GENERIC_TOXICITY_ID]
    if not suspects:
        return spans
    dropped = set()
    for s in suspects:
        doc = s.doc
        before = doc[max(0, s.start - TOXICITY_BEFORE_REACH) : s.start]
        cut = max((t.i + 1 for t in before if t.text in _CLAUSE_ENDS), default=before.start)
        after = doc[s.end : s.end + TOXICITY_AFTER_REACH]
        if not (
            any(t.lower_ in before_words for t in doc[cut : s.start])
            or any(t.lower_ in after_words for t in after)
            or condition_grade(s) is not None
        ):
            dropped.add(id(s))
    return [s for s in spans if id(s) not in dropped] if dropped else spans


def drop_heading_tests(spans: list[Span]) -> list[Span]:
    """Rule 18: LAB_TEST candidates that end right before a colon, where another LAB_TEST candidate
    starts after it ("Renal function: serum creatinine"), are dropped. A colon with no space after
    it is a ratio: "SaO2:FiO2 150"."""
    starts = {s.start for s in spans if s.label_ == LAB_TEST}
    return [
        s for s in spans
        if not (
            s.label_ == LAB_TEST and s.end + 1 < len(s.doc) and s.doc[s.end].text == ":" and s.doc[s.end].whitespace_
            and s.end + 1 in starts
        )
    ]




def treated_short_forms(doc: Doc, terms: TermLists = NO_TERMS) -> set[str]:
    """The ``treatment_short_form`` terms that ``doc`` holds and uses for the treatment: a word of
    the text is a ``treatment_context`` term of that short form."""
    # Called on every text of a record and by the hybrid: the text is built once (a Doc rebuilds
    # it on every access) and the tokens are read only when a short form is in it.
    text = doc.text
    present = {short for short in terms.mapping("treatment_short_form") if short in text}
    if not present:
        return set()
    words = {t.lower_ for t in doc}
    return {short for word, short in terms.mapping("treatment_context").items() if short in present and word in words}  # type: ignore[misc]


def _radiation_dose(span: Span) -> bool:
    """Is the DOSE candidate ``span`` an amount of radiation ("200 cGy", "12 Gy")?"""
    parsed = parse_quantity(span.text)
    return parsed is not None and is_radiation_unit(parsed.unit)


def drop_irradiated_conditions(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 19: a one-word DISEASE candidate written in capitals right before a DOSE candidate in a
    radiation unit is a radiation treatment, not a condition: "TBI 200 cGy" is total body
    irradiation, not a traumatic brain injury; so is a ``treatment_short_form`` of ``terms``
    in a text that speaks of the treatment ("Undergo TBI", "allogeneic BMT without TBI")."""
    dose_starts = {s.start for s in spans if s.label_ == DOSE and _radiation_dose(s)}
    ambiguous = [s for s in spans if s.label_ == DISEASE and s.text in terms.mapping("treatment_short_form")]
    if not dose_starts and not ambiguous:
        return spans
    treated = treated_short_forms(ambiguous[0].doc, terms) if ambiguous else set()
    return [
        s for s in spans
        if not (s.label_ == DISEASE and len(s) == 1 and s.text.isupper() and (s.end in dose_starts or s.text in treated or given_here(s, terms)))
    ]


def given_here(span: Span, terms: TermLists = NO_TERMS) -> bool:
    """Is ``span``, a ``treatment_short_form`` of ``terms``, written as a treatment given:
    "Undergo TBI", "low-dose TBI", "TBI dose" (``treatment_given_before``/``_after``)?"""
    if span.text not in terms.mapping("treatment_short_form"):
        return False
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if span.start > 2 and doc[span.start - 2].text == "-" and before == "dose":
        before = f"{doc[span.start - 3].lower_}-dose"  # "low-dose" split by the tokenizer
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in terms.mapping("treatment_given_before") or after in terms.mapping("treatment_given_after")


def class_word_to_value(spans: list[Span]) -> list[Span]:
    """Rule 8: a LAB_TEST candidate of two or more tokens whose last token is a class word
    (:data:`CLASS_WORDS`: "Child-Pugh class") ends before that word when a class value candidate
    starts on it and runs past it ("class A"), so that the resolver keeps both."""
    class_starts = {s.start for s in spans if s.label_ == LAB_VALUE and value_kind(s) in BLOCKING_VALUE_KINDS and len(s) > 1}
    if not class_starts:
        return spans
    out: list[Span] = []
    for s in spans:
        if s.label_ == LAB_TEST and len(s) > 1 and s[-1].lower_ in CLASS_WORDS and s.end - 1 in class_starts:
            s = Span(s.doc, s.start, s.end - 1, label=s.label_, span_id=s.id_)
        out.append(s)
    return out


def is_measured(span: Span, value_starts: Sequence[int], value_ends: Sequence[int]) -> bool:
    """Is the test candidate ``span`` measured here: a value next to it, or a word that makes it a
    measurement ("serum testosterone", "albumin level", "glucose test")?"""
    doc = span.doc
    if any(start >= span.end and _linked(doc, span.end, start) for start in value_starts):
        return True
    if any(end <= span.start and _linked(doc, end, span.start, 1) for end in value_ends):
        return True
    if any(t.lower_ in MEASUREMENT_WORDS for t in span):
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in MEASUREMENT_WORDS or after in MEASUREMENT_WORDS


def is_given(span: Span) -> bool:
    """Is ``span`` named as something given to a patient: "treatment with testosterone", "albumin
    infusion", "hypersensitivity to estradiol" (:data:`GIVEN_BEFORE`, :data:`GIVEN_AFTER`)?"""
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return after in GIVEN_AFTER or any(t.lower_ in GIVEN_BEFORE for t in doc[max(0, span.start - 3) : span.start])


def drop_unmeasured_drug_tests(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 5: a name that is both a test and a drug ("testosterone", "albumin", "insulin") is a test
    unless it is named as given (:func:`is_given`: "prior treatment with testosterone", "albumin
    infusion") and not measured (:func:`is_measured`); then its LAB_TEST candidate gives way to the drug: the DRUG
    candidate of the same words, or a DRUG span of the test's name when it is one of
    the ``drug_test`` list of ``terms`` (a phrase has one label in ``patterns/``)."""
    drug_tests = terms.mapping("drug_test")
    drugs = {(s.start, s.end) for s in spans if s.label_ == DRUG}
    suspects = [
        s for s in spans
        if s.label_ == LAB_TEST and ((s.start, s.end) in drugs or _test_name(s) in drug_tests)
    ]
    if not suspects:
        return spans
    values = [s for s in spans if s.label_ == LAB_VALUE]
    value_starts = sorted({s.start for s in values})
    value_ends = sorted({s.end for s in values})
    given = {id(s) for s in suspects if is_given(s) and not is_measured(s, value_starts, value_ends)}
    out: list[Span] = []
    for s in spans:
        if id(s) not in given:
            out.append(s)
        elif (s.start, s.end) not in drugs:
            out.append(Span(s.doc, s.start, s.end, label=DRUG, span_id=f"drug:{_test_name(s)}"))
            drugs.add((s.start, s.end))
    return out


#: Words right after a test's name that make the phrase something given ("donor lymphocyte
#: infusion", "granulocyte transfusions"): no test of any kind is infused (rule 5).
INFUSED_AFTER: frozenset[str] = frozenset({"infusion", "infusions", "transfusion", "transfusions"})


def drop_infused_tests(spans: list[Span]) -> list[Span]:
    """Rule 5, for every test: a LAB_TEST candidate right before :data:`INFUSED_AFTER` is dropped."""
    return [
        s for s in spans
        if not (s.label_ == LAB_TEST and s.end < len(s.doc) and s.doc[s.end].lower_ in INFUSED_AFTER)
    ]




def drop_unmeasured_words(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 12: a LAB_TEST candidate whose whole text, lower-cased, is a word of the ``measured_only``
    list ("gestation", "weight", "platelet", "IgA") is dropped unless it is measured
    (:func:`is_measured`; an amount of time already made its value counts): "37 weeks of gestation",
    "Weight < 50 kg" are tests, "termination of gestation", "weight bearing" are not; "body weight"
    names a test anywhere."""
    measured_only = terms.mapping("measured_only")
    suspects = [s for s in spans if s.label_ == LAB_TEST and s.text.lower() in measured_only]
    if not suspects:
        return spans
    values = [s for s in spans if s.label_ == LAB_VALUE]
    value_starts = sorted({s.start for s in values})
    value_ends = sorted({s.end for s in values})
    unmeasured = {
        id(s) for s in suspects
        if not (is_measured(s, value_starts, value_ends) or _value_nearby(s, values))
    }
    return [s for s in spans if id(s) not in unmeasured]


#: How many tokens a ``measured_only`` word may be from its value, whatever lies
#: between ("Weight stable (±5kg)", "weight fluctuations of more than 4 kg", "70 days' gestation").
MEASURED_WINDOW = 3
_CLAUSE_ENDS: frozenset[str] = frozenset({".", ";", ",", ":"})


def _value_nearby(span: Span, values: Sequence[Span]) -> bool:
    doc = span.doc
    for v in values:
        if span.end <= v.start <= span.end + MEASURED_WINDOW:
            between = doc[span.end : v.start]
        elif span.start - MEASURED_WINDOW <= v.end <= span.start:
            between = doc[v.end : span.start]
        else:
            continue
        if not any(t.text in _CLAUSE_ENDS for t in between):
            return True
    return False


#: Frequency abbreviations that are a frequency only right after a dose or route ("500 mg OD",
#: "10 mg PO BD"); alone, "OD" is also the right eye or an overdose, "BD" a board, and "per day"
#: counts cigarettes or drinks ("10 cigarettes per day") (rule 13).
AMBIGUOUS_FREQUENCIES: frozenset[str] = frozenset({"od", "o.d.", "bd", "per day"})


def _needs_dose_before(span: Span) -> bool:
    return span.label_ == FREQUENCY and (span.text.lower() in AMBIGUOUS_FREQUENCIES or span[0].text == "/")


def drop_ambiguous_frequencies(spans: list[Span]) -> list[Span]:
    """Rule 13: a FREQUENCY candidate written as one of :data:`AMBIGUOUS_FREQUENCIES` is kept only
    when a DOSE or ROUTE candidate ends right before it, or a DRUG candidate that a DOSE comes right
    before ("40 mg hydrocortisone per day", "2.5 mg of letrozole per day"; not "10 cigarettes per
    day"), and an interval after a slash ("/12 h") only when a DOSE does ("500 mg/12 h"; "34 0/7
    weeks" of gestation is no frequency)."""
    if not any(_needs_dose_before(s) for s in spans):
        return spans
    dose_ends = {s.end for s in spans if s.label_ == DOSE}
    route_ends = {s.end for s in spans if s.label_ == ROUTE}
    dosed_drug_ends = {
        s.end for s in spans
        if s.label_ == DRUG and (s.start in dose_ends or (s.start > 0 and s.doc[s.start - 1].lower_ == "of" and s.start - 1 in dose_ends))
    }

    def keep(s: Span) -> bool:
        if not _needs_dose_before(s):
            return True
        return s.start in dose_ends or (s[0].text != "/" and (s.start in route_ends or s.start in dosed_drug_ends))

    return [s for s in spans if keep(s)]


#: The pattern id of a singular "Day N" with no "on", list or cycle clause (``schedules.jsonl``).
BARE_DAY_ID = "schedule:bare day"


def bare_days_after_doses(spans: list[Span]) -> list[Span]:
    """Rule 13: a bare "Day N" SCHEDULE candidate (:data:`BARE_DAY_ID`) stays, as a day schedule,
    only when a DOSE, ROUTE or FREQUENCY candidate ends right before it (a comma between allowed:
    "375 mg/m2 IV Day 1", "orally twice daily day 2-15", "IV over 1 hour Day 2"), or before the
    bracket that closes right before it ("10 mg/kg (2 x 5 mg/kg) day -5"); or alone in brackets
    right after a DRUG candidate ("Doxorubicin (Day 0), Bleomycin (Day 7)"), or before a colon and
    a DRUG candidate ("Day 4: Etopophos 40 mg/kg")."""
    if not any(s.label_ == SCHEDULE and s.id_ == BARE_DAY_ID for s in spans):
        return spans
    # ... or an infusion's length: "Paclitaxel IV over 1 hour Day 2".
    ends = {s.end for s in spans if s.label_ in (DOSE, ROUTE, FREQUENCY) or (s.label_ == DURATION and s[0].lower_ == "over")}
    drug_ends = {s.end for s in spans if s.label_ == DRUG}
    drug_starts = {s.start for s in spans if s.label_ == DRUG}
    out: list[Span] = []
    for s in spans:
        if s.label_ != SCHEDULE or s.id_ != BARE_DAY_ID:
            out.append(s)
            continue
        doc = s.doc
        before = s.start - 1 if s.start > 0 and doc[s.start - 1].text in (",", ")") else s.start
        bracketed = s.start > 0 and doc[s.start - 1].text == "(" and s.start - 1 in drug_ends and s.end < len(doc) and doc[s.end].text == ")"
        heading = s.end + 1 < len(doc) and doc[s.end].text == ":" and s.end + 1 in drug_starts
        if s.start in ends or before in ends or bracketed or heading:
            out.append(Span(s.doc, s.start, s.end, label=SCHEDULE, span_id="schedule:days"))
    return out


def drop_counted_days(spans: list[Span]) -> list[Span]:
    """Rule 28: a SCHEDULE candidate of days or weeks ("days 4-6") whose next token is a unit of
    time ("... for 5 days 4-6 weeks after radiation") is dropped: its numbers count that unit. So is
    a DURATION candidate whose range runs backwards ("at day 100 to 6 months": the 100 is a day),
    and one that starts right after the "every" of a FREQUENCY candidate ("every 12 hours until
    completion of apheresis": the 12 hours are the interval)."""
    interval_words = {s.start for s in spans if s.label_ == FREQUENCY and s[0].lower_ == "every"}

    def counted(s: Span) -> bool:
        return s.label_ == SCHEDULE and s.id_ in ("schedule:days", "schedule:weeks") and s.end < len(s.doc) and is_time_unit(s.doc[s.end].lower_)

    def interval(s: Span) -> bool:
        return s.label_ == DURATION and s.start - 1 in interval_words

    def backwards(s: Span) -> bool:
        if s.label_ != DURATION or not any(t.lower_ in UNIT_RANGE_SEPARATORS for t in s):
            return False
        q = parse_duration(s.text)
        return q is not None and q.low is not None and q.high is not None and q.low > q.high

    return [s for s in spans if not (counted(s) or backwards(s) or interval(s))]


#: Words whose number a dose range may wrongly start on ("Day 57- 800 mg").
_DAY_WORDS: frozenset[str] = frozenset({"day", "days", "d", "week", "weeks", "wk", "cycle", "cycles", "course", "courses"})


def dose_after_day_number(spans: list[Span]) -> list[Span]:
    """Rule 29: a DOSE candidate that starts on a number right after a day word, then a dash ("Day
    57- 800 mg") starts after the dash."""
    out: list[Span] = []
    for s in spans:
        doc = s.doc
        if (
            s.label_ == DOSE and len(s) > 3 and s.start > 0 and doc[s.start - 1].lower_ in _DAY_WORDS
            and s[0].like_num and s[1].lower_ in UNIT_RANGE_SEPARATORS and s[2].like_num
        ):
            s = Span(doc, s.start + 2, s.end, label=s.label_, span_id=s.id_)
        out.append(s)
    return out


#: Units of a volume a patient drinks or a drug is diluted in.
VOLUME_WORDS: frozenset[str] = frozenset({"ml", "l", "cc", "oz", "litre", "liter", "litres", "liters"})
#: Words right before a volume that make it the liquid a drug is given in ("diluted in 250 mL",
#: "5 mg in 1 mL", "with 240 mL").
VEHICLE_BEFORE: frozenset[str] = frozenset({"in", "into", "with"})


#: What a drug is packed in: after "/" or "per" it makes an amount the package's strength.
PACKAGE_WORDS: frozenset[str] = frozenset(
    {"bottle", "bottles", "vial", "vials", "ampoule", "ampoules", "ampule", "ampules", "sachet", "sachets", "syringe", "pen", "pack", "box"}
)
#: Words after what a capsule is made of: "gelatin capsules".
CAPSULE_WORDS: frozenset[str] = frozenset({"capsule", "capsules", "softgel", "softgels"})
#: Words between "in"/"into" and a diluent's name ("in 250 cc of 0.9% pyrogen-free saline").
DILUENT_DETAIL: frozenset[str] = VOLUME_WORDS | {"of", "%", "-", "pyrogen", "free", "pyrogen-free", "sterile", "physiologic", "physiological"}


def drop_vehicles(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 14: a DOSE candidate of a volume that a drink or diluent follows (``of`` between allowed:
    "with 240 mL of water", "100 ml of D5W") or that follows "in", "into" or "with" ("diluted in
    250 mL") is the liquid, not an amount of a drug. The drinks and diluents are the ``vehicle``
    list of ``terms`` ("250 mL normal saline"). So is an amount of a food's nutrient, whatever its
    unit ("a meal that contains more than 20 grams of carbohydrate": the ``nutrient`` list).

    A DRUG candidate made of ``vehicle`` words is the diluent another drug is given in, no drug of
    the text, after "in" or "into" ("3.192 g/m2 given in 250 cc normal saline IV", "diluted into
    pyrogen free saline") or after "with" and a volume ("with 100 mL sodium chloride"); "treated
    with saline" and "Normal saline 500 mL IV" keep it. Nor is the stuff of a capsule (the
    ``capsule_material`` list) before "capsule": "one gelatine capsule containing 20mg lutein"."""
    vehicles = terms.mapping("vehicle")
    nutrients = terms.mapping("nutrient")
    materials = terms.mapping("capsule_material")

    def is_shell(s: Span) -> bool:
        doc = s.doc
        return all(t.lower_ in materials for t in s) and s.end < len(doc) and doc[s.end].lower_ in CAPSULE_WORDS

    def is_diluent(s: Span) -> bool:
        doc = s.doc
        if not all(t.lower_ in vehicles or t.lower_ in DILUENT_DETAIL for t in s) or not any(t.lower_ in vehicles for t in s):
            return False
        i, volume = s.start - 1, False
        while i >= 0 and s.start - i <= 8 and (doc[i].lower_ in DILUENT_DETAIL or doc[i].like_num):
            volume = volume or doc[i].lower_ in VOLUME_WORDS
            i -= 1
        return i >= 0 and (doc[i].lower_ in ("in", "into") or (doc[i].lower_ == "with" and volume))

    def is_vehicle(s: Span) -> bool:
        doc = s.doc
        if s.label_ == DRUG:
            return is_diluent(s) or is_shell(s)
        if s.label_ != DOSE:
            return False
        # What a package holds is its strength, no dose: "Specification: 300mg/bottle", "100 mg per vial".
        if s.end + 1 < len(doc) and doc[s.end].lower_ in ("/", "per") and doc[s.end + 1].lower_ in PACKAGE_WORDS:
            return True
        after = s.end + (1 if s.end < len(doc) and doc[s.end].lower_ == "of" else 0)
        if after < len(doc) and doc[after].lower_ in nutrients:
            return True
        if s[-1].lower_ not in VOLUME_WORDS:
            return False
        if s.start > 0 and doc[s.start - 1].lower_ in VEHICLE_BEFORE:
            return True
        return after < len(doc) and doc[after].lower_ in vehicles

    return [s for s in spans if not is_vehicle(s)]


#: Words after a pressure that say which one it is ("BP >140 mm Hg systolic or >90 mm Hg diastolic").
PRESSURE_WORDS: frozenset[str] = frozenset({"systolic", "diastolic"})


def pressure_after_value(spans: list[Span]) -> list[Span]:
    """Rule 15: "systolic" or "diastolic" right after a value is part of that value, not the test of
    the next one ("BP >140 mm Hg systolic or >90 mm Hg diastolic": the LAB_TEST candidate goes and
    the value grows over the word; the linker then names the test "systolic blood pressure")."""
    # Written in lower case: a capitalised "Diastolic" after a value starts the next item of a list
    # whose line breaks the record lost ("Systolic 200 mm Hg or more Diastolic 120 mm Hg or more").
    words = {s.start for s in spans if s.label_ == LAB_TEST and s.text in PRESSURE_WORDS}
    if not words:
        return spans
    grown: dict[int, Span] = {}
    taken: set[int] = set()
    for s in spans:
        if s.label_ == LAB_VALUE and s.end in words:
            grown[id(s)] = Span(s.doc, s.start, s.end + 1, label=LAB_VALUE, span_id=s.id_)
            taken.add(s.end)
    return [grown.get(id(s), s) for s in spans if not (s.label_ == LAB_TEST and s.start in taken and s.text in PRESSURE_WORDS)]


#: Words that open a value stating the range a scale has, not a limit on it ("(range 0-42)").
SCALE_RANGE_WORDS: frozenset[str] = frozenset({"range", "ranging", "scale"})
_OPENING: frozenset[str] = frozenset({"(", "["})


def is_scale_range(span: Span) -> bool:
    """Is ``span`` a bracketed value opened by a :data:`SCALE_RANGE_WORDS` word, its own first
    token or the one before it ("(range 0-42)", "(scale 0-10)")?"""
    doc = span.doc
    start = span.start - 1 if span.start > 0 and doc[span.start - 1].lower_ in SCALE_RANGE_WORDS else span.start
    if span[0].lower_ not in SCALE_RANGE_WORDS and start == span.start:
        return False
    return start > 0 and doc[start - 1].text in _OPENING and span.end < len(doc) and doc[span.end].text in _CLOSING.values()


def drop_scale_ranges(spans: list[Span]) -> list[Span]:
    """Rule 25: a LAB_VALUE candidate in brackets that opens with a :data:`SCALE_RANGE_WORDS` word
    ("(range 0-42)", "(scale 0-10)"), and that another LAB_VALUE candidate follows right after the
    bracket, is the scale's range: "UAS7 score (range 0-42) ≥16" has the threshold "≥16"."""
    value_starts = {s.start for s in spans if s.label_ == LAB_VALUE}
    ranges = [(s.start, s.end) for s in spans if s.label_ == LAB_VALUE and is_scale_range(s) and s.end + 1 in value_starts]
    if not ranges:
        return spans
    # The range's numbers are candidates of their own too ("0-42"): they go with it.
    return [s for s in spans if not (s.label_ == LAB_VALUE and any(a <= s.start and s.end <= b for a, b in ranges))]


def drop_physiology_drugs(spans: list[Span], terms: TermLists = NO_TERMS) -> list[Span]:
    """Rule 27: a DRUG candidate right before a ``physiology_word`` of ``terms`` names the body's
    own substance at work, no drug: "stimulates insulin secretion", "impaired insulin signaling",
    "growth hormone (GH) hypersecretion", "dopamine transporter imaging"."""
    words = terms.mapping("physiology_word")
    if not words:
        return spans

    def at_work(s: Span) -> bool:
        if s.label_ != DRUG or s.end >= len(s.doc):
            return False
        word = _next_word(s.doc, s.end)
        # "reuptake inhibitors", "transporter 2 inhibitors": a class of drugs acting on it.
        after = s.doc[word.i + 1 : word.i + 3]
        return word.lower_ in words and not any(t.lower_ in ACTING_ON_WORDS for t in after)

    return [s for s in spans if not at_work(s)]


#: Last words of a therapy named by a drug class ("anticoagulant therapy").
THERAPY_WORDS: frozenset[str] = frozenset({"therapy", "therapies", "treatment", "treatments"})
#: Words of a therapy that is a product given, a drug: "CAR-T cell therapy", "gene therapy",
#: "platinum-based chemotherapy treatment".
_PRODUCT_THERAPY_RE = re.compile(r"chemo|cell|gene|\bcar\b|\bcar-|\btil\b|\bcik\b|\btcr|vaccin|virus|viral", re.I)
#: Systemic anticancer and antiretroviral classes stay drug classes, as trial descriptions give
#: them schedules ("adjuvant endocrine therapy for 5 years", "anti-HER2 therapy every 3 weeks",
#: "antiandrogen therapy for at least 4 weeks", "CD19-directed therapy").
_SYSTEMIC_CLASS_RE = re.compile(
    r"endocrine|hormon|androgen|estrogen|targeted|directed|biologic|retroviral|\banti-?(?:her2|vegf|tnf|pd|ctla|egfr|cd\d|bcma)", re.I
)


def class_therapies_as_procedures(spans: list[Span]) -> list[Span]:
    """Rule 30: a DRUG candidate of two words or more that ends in a therapy word and has no
    vocabulary code (a class, not an agent) becomes a PROCEDURE candidate over the same words
    ("anticoagulant therapy"); not a product's therapy ("CAR-T cell therapy", "gene therapy")."""
    out: list[Span] = []
    for s in spans:
        if (
            s.label_ == DRUG and len(s) > 1 and s[-1].lower_ in THERAPY_WORDS
            and "|" not in s.id_ and not _PRODUCT_THERAPY_RE.search(s.text) and not _SYSTEMIC_CLASS_RE.search(s.text)
        ):
            s = Span(s.doc, s.start, s.end, label=PROCEDURE, span_id=f"procedure:{' '.join(s.text.lower().split())}")
        out.append(s)
    return out


#: Labels whose names a "non-" prefix cuts a word out of (rule 31).
_PREFIXED_NAME_LABELS: frozenset[str] = frozenset({DISEASE, DRUG})


#: Words that make the code after them a protocol's: "Protocol NYU-9123", "protocols CCG-1961".
PROTOCOL_WORDS: frozenset[str] = frozenset({"protocol", "protocols"})


def drop_protocol_codes(spans: list[Span]) -> list[Span]:
    """Rule 32: a DRUG candidate of the code shape (``drug:investigational code name``) right after
    "protocol" is dropped: it numbers a protocol. A code a vocabulary knows keeps its own id and
    stays."""

    def is_protocol(s: Span) -> bool:
        return s.label_ == DRUG and s.id_ == CODE_NAME_ID and s.start > 0 and s.doc[s.start - 1].lower_ in PROTOCOL_WORDS

    return [s for s in spans if not is_protocol(s)]


def drop_prefix_negated_names(spans: list[Span]) -> list[Span]:
    """Rule 31: a DISEASE or DRUG candidate of two words or more right after the prefix "non" (with
    or without a hyphen: "non-squamous cell carcinoma", "non small cell carcinoma") is dropped."""

    return [s for s in spans if not (s.label_ in _PREFIXED_NAME_LABELS and len(s) > 1 and denying_prefix(s.doc, s.start) < s.start)]


#: Words after a physiology word that name drugs acting on it ("serotonin reuptake inhibitors").
ACTING_ON_WORDS: frozenset[str] = frozenset(
    "inhibitor inhibitors antagonist antagonists agonist agonists blocker blockers modulator modulators enhancer enhancers".split()
)


def _next_word(doc: Doc, i: int) -> Token:
    """The token at ``i``, or after a bracketed short form there ("growth hormone (GH) hypersecretion")."""
    if doc[i].text == "(" and i + 3 < len(doc) and doc[i + 2].text == ")":
        return doc[i + 3]
    return doc[i]


#: The id curated lactation words ("breastfeeding", "lactating") carry.
LACTATION_ID = "disease:lactation"
#: Words after "nursing" that make it breastfeeding ("nursing mothers"), not care ("nursing home").
NURSING_PEOPLE: frozenset[str] = frozenset({"mother", "mothers", "woman", "women", "female", "females"})


def nursing_as_lactation(spans: list[Span]) -> list[Span]:
    """Rule 16: "nursing" listed after pregnancy ("pregnant or nursing", "Pregnancy/nursing") or
    before mothers or women ("nursing mothers") is breastfeeding, a DISEASE candidate with the id
    of "lactating"; "nursing home" and "nursing student" are not."""
    if not spans or "nursing" not in spans[0].doc.text.lower():
        return spans
    doc = spans[0].doc
    taken = {i for s in spans for i in range(s.start, s.end)}
    pregnancy_ends = {s.end for s in spans if s.label_ == DISEASE and s.id_.startswith("disease:pregnancy")}
    added = []
    for t in doc:
        if t.lower_ != "nursing" or t.i in taken:
            continue
        after = doc[t.i + 1].lower_ if t.i + 1 < len(doc) else ""
        joined = any(
            end in pregnancy_ends and all(doc[k].lower_ in _LIST_JOINERS for k in range(end, t.i))
            for end in range(max(0, t.i - 2), t.i)
        )
        if joined or after in NURSING_PEOPLE:
            added.append(Span(doc, t.i, t.i + 1, label=DISEASE, span_id=LACTATION_ID))
    return spans + added


def _test_name(span: Span) -> str:
    return id_key(span, "lab_test")


def id_key(span: Span, kind: str) -> str:
    """The key of the span's pattern id when the id is of ``kind`` ("lab_value:range" -> "range"), else ""."""
    id_kind, _, key = span.id_.partition(":")
    return key if id_kind == kind else ""


#: The span group where :class:`ValueRules` leaves the values it dropped for want of a test (see
#: :func:`split_value_rules`); the abbreviations component reads it and removes it.
HELD_VALUES_KEY = "trials_held_values"


#: File name of the term lists inside a saved component directory (the format of
#: ``patterns/term_lists.jsonl``).
TERMS_FILE = "terms.jsonl"


class ValueRules:
    """Pipeline component: :func:`split_value_rules` over ``doc.spans[spans_key]``, in place; the
    values dropped for want of a test go to ``doc.spans[HELD_VALUES_KEY]``.

    Place it after the span rulers and before ``trials_resolver``. Registration (a thin factory in
    ``factories.py``) is left to the pipeline's owner. The word lists the rules consult
    (:mod:`.term_lists`) come from ``initialize(terms=...)`` (``[initialize.components.<name>.terms]``
    reads ``patterns/term_lists.jsonl``) and travel with the pipeline (``to_disk``/``to_bytes``);
    the component never reads ``patterns/`` itself.
    """

    def __init__(self, name: str = "trials_value_rules", *, spans_key: str, terms: TermLists = NO_TERMS) -> None:
        self.name = name
        self.spans_key = spans_key
        self.terms = terms

    def initialize(self, get_examples: Any = None, *, nlp: Any = None, terms: Any = None) -> None:
        """Replace the term lists with ``terms`` when given (a :class:`TermLists` or record dicts).

        ``terms`` is typed ``Any`` on purpose: spaCy validates ``initialize`` settings from the
        signature; :func:`validate_term_records` validates instead, naming the record.
        """
        if terms is not None:
            self.terms = terms if isinstance(terms, TermLists) else validate_term_records(terms)

    def __call__(self, doc: Doc) -> Doc:
        if self.spans_key in doc.spans:
            kept, held = split_value_rules(doc.spans[self.spans_key], doc, self.terms)
            doc.spans[self.spans_key] = kept
            if held:
                doc.spans[HELD_VALUES_KEY] = held
        return doc

    # -- serialization: the term lists, in the file format

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The term lists as bytes."""
        return util.to_bytes({"terms": lambda: srsly.json_dumps(self.terms.to_dicts())}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> ValueRules:
        """Load term lists saved by :meth:`to_bytes`."""

        def load(b: bytes) -> None:
            self.terms = validate_term_records(srsly.json_loads(b), source="<bytes>")

        util.from_bytes(bytes_data, {"terms": load}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write ``terms.jsonl`` into directory ``path``."""
        util.to_disk(ensure_path(path), {TERMS_FILE: lambda p: srsly.write_jsonl(p, self.terms.to_dicts())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> ValueRules:
        """Load a directory written by :meth:`to_disk`.

        Raises:
            ComponentError: When the directory or its term file does not exist (a pipeline saved
                before the lists were data: assemble it again).
            PatternError: When the saved lists are invalid (file and line in the message).
        """
        path = ensure_path(path)
        if TERMS_FILE not in exclude and not (path / TERMS_FILE).is_file():
            raise ComponentError(message("E136", component=self.name, path=path, detail=f"no {TERMS_FILE} file"))

        def load(p: Path) -> None:
            self.terms = read_term_lists(p) if p.stat().st_size else NO_TERMS

        util.from_disk(path, {TERMS_FILE: load}, exclude)
        return self


__all__ = [
    "HELD_VALUES_KEY",
    "LINK_WORDS",
    "MAX_GAP",
    "BLOCKING_VALUE_KINDS",
    "NEEDS_TEST_VALUE_KINDS",
    "TERMS_FILE",
    "ValueRules",
    "apply_value_rules",
    "has_test_after",
    "has_test_before",
    "is_age",
    "is_window",
    "split_value_rules",
    "value_kind",
    "values_for_tests",
]
