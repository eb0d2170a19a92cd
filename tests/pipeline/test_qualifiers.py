"""Disease entities widened over their qualifiers (nlp_trials.pipeline.qualifiers), on the assembled pipeline."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, disease, norm",
    [
        ("Histologically confirmed recurrent or metastatic cervical cancer.", "recurrent or metastatic cervical cancer", "cervical cancer"),
        ("relapsed/refractory multiple myeloma", "relapsed/refractory multiple myeloma", "multiple myeloma"),
        ("newly diagnosed, previously untreated extensive-stage small cell lung cancer", "newly diagnosed, previously untreated extensive-stage small cell lung cancer", "lung small cell carcinoma"),
        ("metastatic or cervical cancer", "cervical cancer", "cervical cancer"),  # a connector only between qualifiers
        ("cisplatin refractory lung cancer", "refractory lung cancer", "lung cancer"),  # no other entity is crossed
        ("No evidence of distant metastases", "distant metastases", "metastases"),
        ("recurrent primary malignant glioma", "recurrent primary malignant glioma", "glioma"),
        # The course by which lymphomas are classed.
        ("Relapsed aggressive non-Hodgkin's lymphoma", "Relapsed aggressive non-Hodgkin's lymphoma", "non-hodgkin lymphoma"),
        ("indolent B-cell lymphoma", "indolent B-cell lymphoma", "b-cell lymphoma"),
        ("No B-cell chronic lymphocytic leukemia", "B-cell chronic lymphocytic leukemia", "chronic lymphocytic leukemia"),
        ("except basal cell carcinoma of the skin", "basal cell carcinoma of the skin", "basal cell carcinoma"),
        # Names oncology records write that the vocabularies lack (patterns/diseases_curated.jsonl).
        ("relapsed acute myelogenous leukemia", "relapsed acute myelogenous leukemia", "acute myeloid leukemia"),
        ("No ischemic heart disease", "ischemic heart disease", "coronary artery disease"),
        ("refractory myeloma", "refractory myeloma", "multiple myeloma"),
        ("relapsed hematologic malignancies", "relapsed hematologic malignancies", "hematologic cancer"),
        # "treated" qualifies after "previously" only: "adequately treated" says the cancer is excepted.
        ("previously treated multiple myeloma", "previously treated multiple myeloma", "multiple myeloma"),
        ("Adequately treated basal cell carcinoma", "basal cell carcinoma", "basal cell carcinoma"),
        ("curatively treated cervical cancer", "cervical cancer", "cervical cancer"),
        # A hyphenated qualifier written with a space; its drug is no drug mention.
        ("platinum resistant ovarian cancer", "platinum resistant ovarian cancer", "ovarian cancer"),
        ("hormone refractory adenocarcinoma of the prostate", "hormone refractory adenocarcinoma of the prostate", "prostate adenocarcinoma"),
    ],
)
def test_a_disease_takes_the_qualifiers_before_it(nlp, text, disease, norm):
    [ent] = [e for e in nlp(text).ents if e.label_ == "DISEASE"]
    assert (ent.text, ent._.norm) == (disease, norm)
    # Names built from a site or a morphology word carry no vocabulary code.
    assert ent._.code is not None or norm in {"lung cancer", "metastases", "glioma"}


def test_seed_cervical_cancer_keeps_its_qualifiers(nlp, samples):
    import nlp_trials

    [trial] = nlp_trials.read(samples["000"])
    text = next(c.text for c in trial.eligibility.criteria if "cervical cancer" in c.text)
    assert "recurrent or metastatic cervical cancer" in [e.text for e in nlp(text).ents]


@pytest.mark.parametrize(
    "text, drug",
    [
        ("concomitant administration of strong CYP3A inhibitor, unless", "strong CYP3A inhibitor"),
        ("moderate or strong CYP3A4 inducers", "moderate or strong CYP3A4 inducers"),
    ],
)
def test_an_inhibitor_class_keeps_its_grade(nlp, text, drug):
    assert drug in [e.text for e in nlp(text).ents if e.label_ == "DRUG"]


def test_the_target_of_an_anti_word_is_no_disease(nlp):
    assert not [e for e in nlp("other anti-tumor treatments, or anti-cancer therapy").ents if e.label_ == "DISEASE"]


@pytest.mark.parametrize(
    "text, norm",
    [
        ("Acute lymphocytic leukemia (ALL) in relapse", "acute lymphoblastic leukemia"),
        ("chronic myelogenous leukemia in blast crisis", "chronic myeloid leukemia"),
        ("curatively treated carcinoma in situ of the cervix", "cervix uteri carcinoma in situ"),
        ("Ewing's sarcoma", "ewing sarcoma"),
        ("Wilms' tumor", "nephroblastoma"),
        ("Hodgkin's disease", "hodgkin's lymphoma"),
        ("progressive non-Hodgkins lymphoma", "non-hodgkin lymphoma"),
        ("Crohn disease", "crohn's disease"),
        ("soft tissue sarcoma", "soft tissue sarcoma"),
    ],
)
def test_oncology_names_older_records_write(nlp, text, norm):
    assert norm in [e._.norm for e in nlp(text).ents if e.label_ == "DISEASE"]


@pytest.mark.parametrize(
    "text, disease, route",
    [
        ("sores or oral herpes simplex breakout", "oral herpes simplex", None),
        ("evident subcutaneous tumor nodules", "subcutaneous tumor", None),
        ("oral mucositis grade 3", "oral mucositis", None),
        ("unable to take oral medication for cancer", "cancer", "oral"),  # a route of the medication
    ],
)
def test_a_route_word_right_before_a_disease_is_its_site(nlp, text, disease, route):
    doc = nlp(text)
    assert disease in [e.text for e in doc.ents if e.label_ == "DISEASE"]
    assert [e.text for e in doc.ents if e.label_ == "ROUTE"] == ([route] if route else [])


@pytest.mark.parametrize(
    "text, disease, norm",
    [
        # "non-" takes its word out of the name; what is left is the disease.
        ("non-squamous cell carcinoma", "carcinoma", "carcinoma"),
        ("non-clear cell renal cell carcinoma", "renal cell carcinoma", "renal cell carcinoma"),
        # A denied qualifier is a qualifier: the patient has the disease, without metastases.
        ("Non-metastatic breast cancer", "Non-metastatic breast cancer", "breast cancer"),
        ("metastatic or non-metastatic breast cancer", "metastatic or non-metastatic breast cancer", "breast cancer"),
        ("non metastatic castration-resistant prostate cancer", "non metastatic castration-resistant prostate cancer", None),
        # So is whatever else "non-" denies right before a disease.
        ("Non-prostate cancer (including breast)", "Non-prostate cancer", "cancer"),
        ("non-traumatic brain injury", "non-traumatic brain injury", None),
        # Names that start with the prefix are names.
        ("Non-Hodgkin lymphoma", "Non-Hodgkin lymphoma", "non-hodgkin lymphoma"),
        ("non-small cell carcinoma not otherwise specified", "non-small cell carcinoma", "lung non-small cell carcinoma"),
    ],
)
def test_non_denies_the_word_it_is_written_on(nlp, text, disease, norm):
    doc = nlp(text)
    [ent] = [e for e in doc.ents if e.label_ == "DISEASE"]
    assert ent.text == disease
    assert norm is None or ent._.norm == norm
    assert not any(flags.get("negated") for start, end, flags in doc._.trial_context if (start, end) == (ent.start_char, ent.end_char))
