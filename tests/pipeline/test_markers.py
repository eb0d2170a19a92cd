"""Tumour markers through the assembled pipeline: receptors and CD antigens written with a result
(value rule 11), gene alterations (patterns/diseases_curated.jsonl), and markers written as a
hyphenated qualifier of a disease (nlp_trials.pipeline.qualifiers)."""

from __future__ import annotations

import pytest


def ents(doc, label):
    return {e.text: e._.norm for e in doc.ents if e.label_ == label}


def test_receptors_listed_before_one_result_share_it(nlp):
    doc = nlp("ER and PR negative, CD20 positive")
    assert ents(doc, "LAB_TEST") == {"ER": "estrogen receptor", "PR": "progesterone receptor", "CD20": "cd20 expression"}
    pairs = {(doc.char_span(*r["head"]).text, doc.char_span(*r["tail"]).text) for r in doc._.trial_relations}
    assert {("ER", "negative"), ("PR", "negative"), ("CD20", "positive")} <= pairs


@pytest.mark.parametrize("text", ["ER, PR, and HER2 negative", "ER/PR and HER2/neu-negative breast cancer"])
def test_receptors_listed_with_a_test_share_its_result(nlp, text):
    doc = nlp(text)
    tests = {e.text.split("/")[0] for e in doc.ents if e.label_ == "LAB_TEST"}
    assert tests == {"ER", "PR", "HER2"}
    pairs = {(doc.char_span(*r["head"]).text.split("/")[0], doc.char_span(*r["tail"]).text) for r in doc._.trial_relations}
    assert {("ER", "negative"), ("PR", "negative"), ("HER2", "negative")} <= pairs


@pytest.mark.parametrize(
    "text, name, norm",
    [
        ("Documented KRAS G12C mutation.", "KRAS G12C mutation", "kras g12c mutation"),
        ("BRAF V600E mutation-positive melanoma", "BRAF V600E mutation", "braf v600e mutation"),
        ("tumours with an EGFR exon 20 insertion", "EGFR exon 20 insertion", "egfr exon 20 insertion"),
        ("known EGFR sensitizing mutation", "EGFR sensitizing mutation", "egfr sensitizing mutation"),
        ("BRCA1/2 germline mutation carriers", "BRCA1/2 germline mutation", "brca1/2 germline mutation"),
        ("ROS1 rearrangement by FISH", "ROS1 rearrangement", "ros1 rearrangement"),
        ("patients with BRAF V600E", "BRAF V600E", "braf v600e"),
    ],
)
def test_a_gene_alteration_is_a_condition_named_by_its_text(nlp, text, name, norm):
    doc = nlp(text)
    assert ents(doc, "DISEASE").get(name) == norm
    [ent] = [e for e in doc.ents if e.text == name]
    assert ent._.code is None  # no vocabulary names it


@pytest.mark.parametrize("text", ["HIV mutation testing", "DNA deletion", "T2 lesion", "mutation of the gene"])
def test_no_alteration_without_a_gene_symbol(nlp, text):
    assert not [e for e in nlp(text).ents if e.id_ == "disease:gene alteration"]


@pytest.mark.parametrize(
    "text, disease, norm",
    [
        ("EGFR-mutant NSCLC", "EGFR-mutant NSCLC", "lung non-small cell carcinoma"),
        ("ALK-positive NSCLC", "ALK-positive NSCLC", "lung non-small cell carcinoma"),
        ("IDH1-mutated glioma", "IDH1-mutated glioma", "glioma"),
        ("KRAS wild-type metastatic colorectal cancer", "KRAS wild-type metastatic colorectal cancer", "colorectal cancer"),
        ("metastatic platinum-resistant ovarian cancer", "metastatic platinum-resistant ovarian cancer", "ovarian cancer"),
    ],
)
def test_a_hyphenated_qualifier_stays_with_its_disease(nlp, text, disease, norm):
    doc = nlp(text)
    assert ents(doc, "DISEASE") == {disease: norm}
    # "platinum" qualifies the cancer here; it is no drug mention.
    assert not [e for e in doc.ents if e.label_ == "DRUG"]


def test_a_drug_before_a_hyphen_that_is_no_qualifier_stays_a_drug(nlp):
    doc = nlp("cisplatin-induced nephrotoxicity")
    assert "cisplatin" in ents(doc, "DRUG")


def test_a_tumour_necrosis_factor_antagonist_is_a_drug_class_not_a_tumour(nlp):
    doc = nlp("Exposure to more than 1 tumor necrosis factor (TNF)-antagonist")
    assert ents(doc, "DRUG") == {"tumor necrosis factor (TNF)-antagonist": "tumor necrosis factor inhibitors"}
    assert not ents(doc, "DISEASE")


def test_an_anti_antigen_antibody_is_a_drug_class(nlp):
    doc = nlp("prior anti-CD20 monoclonal antibody therapy")
    assert ents(doc, "DRUG") == {"anti-CD20 monoclonal antibody": "anti-cd20 monoclonal antibody"}
    assert not ents(doc, "LAB_TEST")


def test_chronic_active_hepatitis_keeps_its_virus(nlp):
    doc = nlp("acute or chronic active hepatitis C")
    assert ents(doc, "DISEASE") == {"chronic active hepatitis C": "hepatitis c"}


@pytest.mark.parametrize(
    "text, test, norm",
    [
        ("retest and evaluate CLDN18.2 expression levels", "CLDN18.2 expression", "cldn18.2 expression"),
        ("TROP2 protein expression by IHC", "TROP2 protein expression", "trop2 protein expression"),
        ("c-MET overexpression", "c-MET overexpression", "c-met overexpression"),
        ("HER2 overexpression", "HER2 overexpression", "her2 status"),  # a listed name wins
        ("HER-2 overexpression", "HER-2 overexpression", "her2 status"),
        ("EGFR expression by IHC", "EGFR expression", "egfr expression"),  # "eGFR" is the kidneys'
    ],
)
def test_a_markers_expression_is_a_test_named_by_its_text(nlp, text, test, norm):
    assert ents(nlp(text), "LAB_TEST").get(test) == norm


@pytest.mark.parametrize("text", ["Gene expression profiling", "Tumor expression of the protein"])
def test_expression_without_a_marker_is_no_test(nlp, text):
    assert not ents(nlp(text), "LAB_TEST")


def test_listed_ihc_grades_are_one_value(nlp):
    doc = nlp("HER2-low (IHC 1+ or 2+ and ISH negative)")
    values = {e.text: e._.value for e in doc.ents if e.label_ == "LAB_VALUE"}
    assert values["1+ or 2+"]["low"] == 1.0 and values["1+ or 2+"]["high"] == 2.0
    assert ents(doc, "LAB_TEST")["ISH"] == "in situ hybridization"
    pairs = {(doc.char_span(*r["head"]).text, doc.char_span(*r["tail"]).text) for r in doc._.trial_relations}
    assert {("IHC", "1+ or 2+"), ("ISH", "negative")} <= pairs


@pytest.mark.parametrize(
    "text, test",
    [
        ("tumor cell content >= 20%", "tumor cell content"),
        ("a positive tumor cell rate ≥40%", "positive tumor cell rate"),
        ("tumor size > 5 cm", "tumor size"),
    ],
)
def test_a_tumour_measured_is_part_of_the_test(nlp, text, test):
    doc = nlp(text)
    assert test in ents(doc, "LAB_TEST")
    assert not ents(doc, "DISEASE")


def test_a_tumour_apart_from_the_measure_stays_a_disease(nlp):
    doc = nlp("history of tumor, platelets >= 100")
    assert ents(doc, "DISEASE") == {"tumor": "tumor"}


def test_a_lung_volume_in_litres_is_a_value(nlp):
    doc = nlp("FEV1 at least 1.0 L; FVC > 1.5 liters")
    values = {e.text: e._.value["unit"] for e in doc.ents if e.label_ == "LAB_VALUE"}
    assert values == {"at least 1.0 L": "L", "> 1.5 liters": "L"}


def test_qt_prolongation_is_a_condition_and_with_a_value_a_qtc_threshold(nlp):
    assert ents(nlp("History of or known QT prolongation"), "DISEASE") == {"QT prolongation": "long qt syndrome"}
    doc = nlp("QTc prolongation > 480 ms")
    assert [(e.text, e.label_) for e in doc.ents] == [("QTc prolongation", "LAB_TEST"), ("> 480 ms", "LAB_VALUE")]
    assert ents(doc, "LAB_TEST") == {"QTc prolongation": "qtc interval"}


def test_the_psychiatric_manuals_edition_is_no_route(nlp):
    doc = nlp("Dementia criteria according to the Diagnostic and Statistical Manual of Mental Disorders IV; DSM IV criteria")
    assert not [e for e in doc.ents if e.label_ == "ROUTE"]
    assert "DSM IV criteria" not in [e.text for e in doc.ents]
    assert [e.label_ for e in nlp("cyclophosphamide IV on day 1").ents][:2] == ["DRUG", "ROUTE"]


def test_nt_probnp_is_not_bnp(nlp):
    doc = nlp("BNP > 400 pg/mL or NT-proBNP > 1000 pg/mL")
    assert ents(doc, "LAB_TEST") == {"BNP": "brain natriuretic peptide", "NT-proBNP": "nt-probnp"}


def test_tests_named_like_another_keep_their_own_name(nlp):
    doc = nlp("ionized calcium > 1.0 mmol/L; free PSA ratio < 25%; anti-Xa activity 0.3-0.7 IU/mL; calcium normal")
    assert ents(doc, "LAB_TEST") == {
        "ionized calcium": "ionized calcium", "free PSA ratio": "free psa", "anti-Xa activity": "anti-factor xa activity", "calcium": "calcium",
    }


def test_vital_capacity_is_a_lung_function_test(nlp):
    doc = nlp("Vital capacity (VC) at least 65% of normal")
    assert ents(doc, "LAB_TEST") == {"Vital capacity": "vital capacity", "VC": "vital capacity"}
    assert [e.text for e in doc.ents if e.label_ == "LAB_VALUE"] == ["at least 65%"]


def test_a_model_disease_ending_in_a_stage_word_is_dropped():
    from nlp_trials.pipeline.names import plausible_name

    assert not plausible_name("unresectable stage", "DISEASE")
    assert plausible_name("unresectable stage IIIB lung cancer", "DISEASE")


def test_a_result_counted_over_receptors_is_no_value(nlp):
    doc = nlp("triple negative (ER, PR and HER2 negative) breast cancer")
    assert [e.text for e in doc.ents if e.label_ == "LAB_VALUE"] == ["negative"]
    assert doc.ents[[e.text for e in doc.ents].index("negative")].start_char == doc.text.index("HER2 negative") + 5


def test_tumour_mutational_burden_has_its_unit(nlp):
    doc = nlp("TMB >= 10 mut/Mb")
    [value] = [e for e in doc.ents if e.label_ == "LAB_VALUE"]
    assert (value.text, value._.value["unit"]) == (">= 10 mut/Mb", "{mutations}/{Mb}")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("microsatellite instability-high (MSI-H) or mismatch repair deficient (dMMR) solid tumors",
         {"microsatellite instability-high": "microsatellite instability-high", "MSI-H": "microsatellite instability-high",
          "mismatch repair deficient": "mismatch repair deficiency", "dMMR": "mismatch repair deficiency", "solid tumors": "cancer"}),
        ("dMMR/MSI-H metastatic colorectal cancer",
         {"dMMR": "mismatch repair deficiency", "MSI-H": "microsatellite instability-high", "metastatic colorectal cancer": "colorectal cancer"}),
        ("Known MSS or pMMR status", {"MSS": "microsatellite stable", "pMMR": "mismatch repair proficiency"}),
    ],
)
def test_microsatellite_and_mismatch_repair_status_are_conditions_of_their_own(nlp, text, expected):
    assert ents(nlp(text), "DISEASE") == expected


@pytest.mark.parametrize(
    "text, test, level",
    [("HER2-low metastatic breast cancer", "HER2", "low"), ("HER2-ultralow disease", "HER2", "ultralow"), ("TMB-high solid tumors", "TMB", "high")],
)
def test_an_expression_level_hyphenated_to_a_marker_is_its_result(nlp, text, test, level):
    doc = nlp(text)
    pairs = {(doc.char_span(*r["head"]).text, doc.char_span(*r["tail"]).text) for r in doc._.trial_relations}
    assert (test, level) in pairs


def test_low_is_no_result_unless_hyphenated_to_a_marker(nlp):
    assert not [e for e in nlp("low-dose aspirin; HER2 low expression unknown").ents if e.text == "low" and e.label_ == "LAB_VALUE"]


@pytest.mark.parametrize(
    "text, norm",
    [("PD-L1 CPS >= 10", "combined positive score"), ("PD-L1 TPS ≥ 50%", "tumor proportion score"),
     ("PD-L1 tumor proportion score of at least 1%", "tumor proportion score"), ("PD-L1 expression ≥ 1%", "pd-l1 expression")],
)
def test_the_two_pd_l1_scores_keep_their_names(nlp, text, norm):
    [test] = [e for e in nlp(text).ents if e.label_ == "LAB_TEST"]
    assert test._.norm == norm


@pytest.mark.parametrize(
    "text, label, norm",
    [
        ("significant weight loss", "DISEASE", "weight loss"),  # a symptom
        ("Weight loss > 10% in the last 6 months", "LAB_TEST", "weight loss"),  # its own threshold
        ("patients weighing more than 50 kg", "LAB_TEST", "body weight"),
    ],
)
def test_weight_loss_is_a_symptom_or_its_own_threshold(nlp, text, label, norm):
    [ent] = [e for e in nlp(text).ents if e.label_ in ("DISEASE", "LAB_TEST")]
    assert (ent.label_, ent._.norm) == (label, norm)
