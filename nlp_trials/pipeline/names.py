"""Can a text be the name of a condition (or a drug)? Checks shared by the hybrid merge and the
abbreviation step.

A trained model proposes spans by their look; the rules' vocabularies hold names. Between them sit
these checks, pure functions over a text:

* :func:`plausible_name`: could the text be a whole name at all (balanced brackets, no function
  word at an edge, not a body part, procedure, treatment, trial term or patient state alone)?
* :func:`long_form_names_no_condition`: does the long form of a definition ("total body
  irradiation (TBI)", "American Joint Committee on Cancer (AJCC)", "progressive disease (PD)")
  name a treatment, institution or response category, so that its short form is no disease?

:mod:`.hybrid` uses both on the model's proposals; :mod:`.abbreviations` uses the second to unmake
a short form across a record.
"""

from __future__ import annotations

import re

from ..labels import DISEASE, LAB_VALUE
from .qualifiers import QUALIFIERS

_PAIRS = {")": "(", "]": "[", "}": "{"}

#: Last words of model spans that are no drug or disease name: trial, specimen and document words
#: and states. Chosen on the dev parts of the training data (micro F1 +0.002 Chia, +0.001 LCT, 0
#: NeuroTrialNER), not on the held-apart halves.
NOT_A_NAME_ENDS = frozenset(
    "form forms indication indications specimen specimens tissue puncture status compliance potential fertile hormonal recurrence remission".split()
    # What a criterion says about the condition ("brain metastases allowed"), not its name.
    + "allowed permitted excluded eligible ineligible required acceptable".split()
    # The aim of a treatment ("curative intent").
    + ["intent"]
    # A test of the condition ("COVID-19 Polymerase Chain" of "... Chain Reaction (PCR) test").
    + "test tests assay assays polymerase chain".split()
    # The criteria a diagnosis meets ("DSM IV criteria" for depression).
    + ["criteria"]
)
#: Last words of a treatment, which a DISEASE span never ends with ("anti-tumor treatments").
TREATMENT_ENDS = frozenset("therapy therapies treatment treatments drug drugs agent agents medication medications".split())
#: Endings of treatments named by what they are ("cell growth factor", "colony-stimulating
#: factors"); "risk factors" and "factor V deficiency" are conditions.
TREATMENT_END_PHRASES: tuple[str, ...] = ("growth factor", "growth factors", "stimulating factor", "stimulating factors")
#: Trial-design abbreviations and registry or cooperative-group prefixes: endpoints ("PFS/OS"),
#: dose-finding terms ("DLTs", "RP2D"), adverse-event terms and trial ids ("GOG 0218") are never a
#: drug or disease name, whatever a model proposes.
TRIAL_TERMS = frozenset(
    """os pfs efs dfs rfs orr dcr dor ttp dlt dlts mtd rp2d ae aes sae saes teae teaes qol pk
    nct gog rtog nrg swog calgb nsabp eortc jcog cog ecog"""
    # Response categories, tests and scans, transplants and radiotherapy, which oncology records
    # abbreviate and a model trained on other records takes for diseases ("CR2", "HLA", "MUGA").
    """ cr cr1 cr2 non-cr vgpr hla muga echo ecg ekg mri pet ct bmt sct hsct asct rt xrt imrt sbrt
    srs icb"""
    # Parts of a trial's design that head a list of criteria ("TRACK I:", "Stratum 2:", "Cohort A:").
    """ track stratum strata cohort""".split()
)
#: How a diagnosis is shown ("histologic or cytologic diagnosis", "radiographic evidence"): a
#: model proposes these adjectives as conditions; alone they name none.
EVIDENCE_WORDS = frozenset(
    """histologic histological histologically cytologic cytological cytologically histopathologic
    histopathological pathologic pathological pathologically serologic serological radiologic
    radiological radiographic radiographically microscopic microscopical immunohistochemical
    clinical clinically""".split()
)
_JOINER_WORDS = frozenset({"or", "and", "and/or", "/"})
#: Body parts and organ adjectives, which alone name no disease ("CNS", "renal", "brain").
ANATOMY_WORDS = frozenset(
    """cns brain renal node nodes nodal liver hepatic lung lungs pulmonary bone bones breast skin
    cardiac cardiovascular hematopoietic haematopoietic heart kidney kidneys peripheral blood
    marrow""".split()
)
#: Participles that say where a patient stands in care or in the trial, which a model proposes as
#: conditions ("hospitalised", "deceased", "contraindicated"); "dehydrated" and "hearing-impaired"
#: are conditions and stay. ("allowed", "required", "excluded" end no name at all: NOT_A_NAME_ENDS.)
NOT_A_CONDITION_WORDS = frozenset(
    """hospitalised hospitalized deceased contraindicated indicated treated untreated pretreated
    confirmed suspected diagnosed documented included enrolled
    randomized randomised admitted discharged intubated ventilated vaccinated unvaccinated
    scheduled planned recovered progressed contraception triplicate duplicate"""
    # Words of the text around a condition: "after discussion", "copies/mL"; a function that is
    # tested ("renal function, liver function, and coagulation within 7 days").
    """ discussion copies coagulation""".split()
)
#: Words that start a clause, which a name does not hold ("stable effusion not requiring drainage",
#: "See Disease Characteristics").
CLAUSE_WORDS = frozenset("not requiring requires require who which whose if when unless see".split())
#: Last words and word endings of procedures, which a DISEASE span never ends with ("Surgery",
#: "leukapheresis", "hemodialysis", "prior nephrectomy"): the patient undergoes them.
PROCEDURE_ENDS = frozenset(
    """surgery surgeries operation operations resection resections dialysis hemodialysis haemodialysis
    transplant transplants transplantation biopsy biopsies radiotherapy irradiation chemotherapy
    chemoradiotherapy immunotherapy transfusion transfusions catheterization intubation anesthesia
    anaesthesia scan scans imaging"""
    # Revascularisations written short.
    """ cabg pci ptca""".split()
)
PROCEDURE_SUFFIXES = ("ectomy", "ectomies", "otomy", "otomies", "ostomy", "plasty", "scopy", "graphy", "pheresis")
#: A histological grade or a TNM category alone ("G2", "T3a", "N0", "M1c"): a property of a tumor
#: a model proposes as a disease.
#: Case-sensitive: "T2D" is type 2 diabetes.
_GRADE_OR_TNM_RE = re.compile(r"G[1-4X]|[cpy]?T[0-4X][a-d]?|[cpy]?N[0-3X][a-c]?|[cpy]?M[01X][a-c]?")
#: Words a drug or disease name never starts or ends with; a model span that does ran past the name.
FUNCTION_WORDS = frozenset("a an and as at by for from in into of on or than that the to with without".split())


def is_procedure(word: str) -> bool:
    """Is the lower-cased ``word`` a procedure's name or ending ("surgery", "nephrectomy")?"""
    return word in PROCEDURE_ENDS or word.endswith(PROCEDURE_SUFFIXES)


def plausible_name(text: str, label: str | None = None) -> bool:
    """True when ``text`` can be a whole name: balanced brackets, no backslash, no function word at an
    edge, no clause inside (:data:`CLAUSE_WORDS`), not qualifiers or body parts only ("distant", "CNS") nor a participle
    ("hospitalised", "deprived of liberty"), and not ending in a word that names no drug or
    disease ("Pharmaceutical form", "tumor tissue specimens", "poor compliance", :data:`NOT_A_NAME_ENDS`),
    and, for a ``label`` of DISEASE, not ending in a treatment word (:data:`TREATMENT_ENDS`), a
    procedure (:func:`is_procedure`) or a stage word (:data:`STAGE_HEADS`), nor starting with "healthy"; and
    no name holds a compared number ("pH˂5.8"), a label's colon ("Renal: Renal insufficiency") or a
    capitalized "No" past its first word (the next item of a run-on list). A LAB_VALUE is no name:
    only its brackets and backslashes are checked here ("at least 10 mm", "not more than 3 x ULN"),
    the rest by :func:`plausible_value`."""
    words = text.lower().split()
    if not words or "\\" in text or not brackets_balanced(text):
        return False
    if label == LAB_VALUE:
        # A value is no name: "at least 10 mm", "not more than 3 x ULN" (plausible_value checks it).
        return True
    return (
        words[0] not in FUNCTION_WORDS
        and words[-1] not in FUNCTION_WORDS
        # Qualifiers alone ("distant" of "distant or nodal metastases", "aggressive" of "indolent or
        # aggressive lymphoma") name no disease, nor does how one was shown ("Histologic or
        # cytologic" diagnosis).
        and not all(w in QUALIFIERS or w in EVIDENCE_WORDS or w in _JOINER_WORDS for w in _bare_words(words))
        # Nor does a body part alone ("CNS", "renal").
        and not all(w in ANATOMY_WORDS for w in words)
        # Nor does a state of the patient in the trial: "hospitalised", "deceased", "deprived of liberty".
        and not (len(words) == 1 and words[0] in NOT_A_CONDITION_WORDS)
        and not (len(words) > 1 and words[0].endswith("ed") and words[1] == "of")
        and words[-1] not in NOT_A_NAME_ENDS
        and not CLAUSE_WORDS.intersection(words)
        and not (label == DISEASE and (words[-1] in TREATMENT_ENDS or is_procedure(words[-1]) or " ".join(words).endswith(TREATMENT_END_PHRASES)))
        # A stage or grade word ends the disease's stage, not its name ("unresectable stage" IIIB).
        and not (label == DISEASE and words[-1] in STAGE_HEADS)
        and words[0] not in TRIAL_TERMS
        and not _GRADE_OR_TNM_RE.fullmatch(text.strip())
        # A compared number is a threshold, not part of a name: "acidic saliva pH˂5.8".
        and not _COMPARED_NUMBER_RE.search(text)
        # "Healthy" alone is the condition of healthy volunteers (as registries list it); "healthy
        # saliva pH" names none.
        and not (label == DISEASE and len(words) > 1 and words[0] == "healthy")
        # A label and its content are two things: "Renal: Renal insufficiency".
        and not _LABEL_COLON_RE.search(text)
        # A capitalized "No" past the first word starts the next item of a run-on list: "acute
        # hepatitis No severe", "gastrointestinal bleeding No".
        and not any(w in _NEXT_ITEM_WORDS for w in text.split()[1:])
    )


def _bare_words(words: list[str]) -> list[str]:
    """The words without the commas and semicolons that list them ("renal," -> "renal")."""
    return [b for b in (w.strip(",;") for w in words) if b]


#: Words that start an item of a run-on list ("... No acute hepatitis No severe bleeding").
_NEXT_ITEM_WORDS = frozenset({"No", "NO", "Not", "NOT"})
#: A colon that ends a label inside the text ("Renal: Renal insufficiency"), not one of a ratio.
_LABEL_COLON_RE = re.compile(r"[:：]\s")


#: A comparator right before a number, in any of the spellings records use (˂ and ˃ are the
#: modifier-letter arrowheads word processors put in for < and >).
_COMPARED_NUMBER_RE = re.compile(r"[<>≤≥⩽⩾˂˃＜＞]\s*=?\s*\d")


#: Last words of a model LAB_TEST that is a disease's stage, grade or class ("surgical stage",
#: "FIGO stage"): the staging systems that are tests are the rules' (the ``staging_test`` term list).
STAGE_HEADS = frozenset("stage stages grade grades class classes category categories".split())


def brackets_balanced(text: str) -> bool:
    """True when every bracket of ``text`` is closed in order: ``"HER2 (ERBB2)"`` yes, ``"carcinoma (adequate"`` no."""
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _PAIRS:
            if not stack or stack.pop() != _PAIRS[ch]:
                return False
    return not stack


#: Words of a long form that make it an institution, an instrument, a trial activity or a response
#: category, never a condition ("American Joint Committee on Cancer", "Division of AIDS",
#: "behavioral approach test", "National Immunization Days").
NOT_A_CONDITION_LONG_FORM_WORDS = frozenset(
    """committee center centre division institute association society organization organisation
    network foundation consortium agency department practice practices days program programme
    guideline guidelines criteria scale questionnaire inventory test assessment management
    stimulation pharmacodynamics pharmacokinetics index indices score scores category rating
    classification battery examination exam survey checklist""".split()
)
#: Long forms that are tumour response categories (RECIST), not diseases: "progressive disease (PD)".
RESPONSE_CATEGORIES = frozenset({"progressive disease", "stable disease", "complete response", "partial response", "complete remission", "partial remission"})


def long_form_names_no_condition(long_text: str) -> bool:
    """Does the long form of a definition name something other than a condition, so that its short
    form is no disease: a procedure or treatment (:func:`plausible_name` for DISEASE fails),
    an institution or instrument (:data:`NOT_A_CONDITION_LONG_FORM_WORDS`) or a response category?"""
    text = " ".join(long_text.lower().split())
    words = text.replace("-", " ").split()
    return (
        text in RESPONSE_CATEGORIES
        or not plausible_name(long_text, DISEASE)
        or bool(NOT_A_CONDITION_LONG_FORM_WORDS.intersection(words))
    )


__all__ = [
    "ANATOMY_WORDS",
    "CLAUSE_WORDS",
    "EVIDENCE_WORDS",
    "FUNCTION_WORDS",
    "NOT_A_CONDITION_LONG_FORM_WORDS",
    "NOT_A_CONDITION_WORDS",
    "NOT_A_NAME_ENDS",
    "PROCEDURE_ENDS",
    "PROCEDURE_SUFFIXES",
    "RESPONSE_CATEGORIES",
    "STAGE_HEADS",
    "TREATMENT_ENDS",
    "TREATMENT_END_PHRASES",
    "TRIAL_TERMS",
    "brackets_balanced",
    "is_procedure",
    "long_form_names_no_condition",
    "plausible_name",
]
