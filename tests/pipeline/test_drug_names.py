"""Sponsor code names as DRUG spans, and the kind (agent / class / code) of every DRUG."""

from __future__ import annotations

import pytest

from nlp_trials.pipeline.drug_names import code_name_norm, drug_kind, target_class_norm


@pytest.mark.parametrize(
    "text,key,code,kind",
    [
        ("SYS6002", None, None, "code"),
        ("HMPL-012", None, None, "code"),
        ("cisplatin", "cisplatin", "DRUGBANK:DB00515", "agent"),
        ("corticosteroids", "corticosteroids", None, "class"),
        ("strong CYP3A inhibitor", "cyp3a inhibitors", None, "class"),
        ("platinum-based chemotherapy", "platinum-based chemotherapy", None, "class"),
        ("live attenuated vaccine", "live attenuated vaccines", None, "class"),
        ("insulin", "insulin", "DRUGBANK:DB00030", "agent"),
        ("Paclitaxel", "paclitaxel", None, "agent"),
    ],
)
def test_drug_kind(text, key, code, kind):
    assert drug_kind(text, key, code) == kind


def test_code_name_norm_upper_cases_and_drops_spaces():
    assert code_name_norm("sar 408701") == "SAR408701"
    assert code_name_norm("HMPL-012") == "HMPL-012"
    assert code_name_norm("mrna-1273") == "mRNA-1273"  # the prefix keeps its casing


@pytest.mark.parametrize("text", ["SYS6002", "SAR408701", "IBI363", "HMPL-012", "LY3009120", "BMS-986016", "PF-05236812"])
def test_code_names_are_drugs_named_by_themselves(nlp, text):
    doc = nlp(f"Patients receive {text} on day 1.")
    [ent] = [e for e in doc.ents if e.label_ == "DRUG"]
    assert (ent.text, ent._.norm, ent._.kind) == (text, text, "code")


@pytest.mark.parametrize("text, norm", [("mRNA-1273", "mRNA-1273"), ("BNT162b2", "BNT162B2")])
def test_vaccine_codes_in_mixed_case_are_drugs(nlp, text, norm):
    doc = nlp(f"Participants receive 2 doses of {text} 30 µg IM.")
    [ent] = [e for e in doc.ents if e.label_ == "DRUG"]
    assert (ent.text, ent._.norm, ent._.kind) == (text, norm, "code")


@pytest.mark.parametrize("text, norm", [("SCH 727965", "SCH727965"), ("EMD 121974", "EMD121974"), ("PSC 833", "PSC833")])
def test_code_names_written_apart_are_drugs(nlp, text, norm):
    doc = nlp(f"Patients receive {text} 100 mg twice daily.")
    [ent] = [e for e in doc.ents if e.label_ == "DRUG"]
    assert (ent.text, ent._.norm, ent._.kind) == (text, norm, "code")


@pytest.mark.parametrize("text", ["Previously treated on CALGB 9344", "WBC 3000 per mm3", "(Mountain CF 1997)", "call MD 206-667-4961"])
def test_groups_labs_and_citations_written_apart_are_no_code_names(nlp, text):
    assert not [e for e in nlp(text).ents if e.label_ == "DRUG"]


@pytest.mark.parametrize(
    "text",
    ["NCT01234567 is the trial", "RTOG 0617 and GOG-0218", "Registered on POG-9900, ANBL0532 or CLB-8691", "CD133 positive cells", "ICD-10 code", "HPV16 positive", "COVID-19 vaccine"],
)
def test_registry_ids_groups_and_markers_are_not_code_names(nlp, text):
    doc = nlp(text)
    assert not [e for e in doc.ents if e.label_ == "DRUG" and e._.kind == "code"]


def test_seed_000_investigational_drug_and_route(nlp):
    doc = nlp("SYS6002,intravenous injection")
    assert [(e.text, e.label_) for e in doc.ents] == [("SYS6002", "DRUG"), ("intravenous injection", "ROUTE")]


def test_jsonl_span_carries_the_drug_kind(nlp):
    from nlp_trials.export.spans import doc_spans

    spans = doc_spans(nlp("No prior platinum-based chemotherapy or cisplatin."))
    assert [(s["text"], s["kind"]) for s in spans if s["label"] == "DRUG"] == [
        ("platinum-based chemotherapy", "class"),
        ("cisplatin", "agent"),
    ]


@pytest.mark.parametrize("text", ["tarlatamab", "zanzalintinib", "Inotuzumab", "zolbetuximab", "lerociclib"])
def test_new_names_are_drugs_by_their_inn_stem(nlp, text):
    doc = nlp(f"Patients receive {text} on day 1.")
    [ent] = [e for e in doc.ents if e.label_ == "DRUG"]
    assert (ent.text, ent._.norm, ent._.kind) == (text, text.lower(), "agent")


@pytest.mark.parametrize("text", ["The concept was accepted, except in April", "an intercept of 2", "nucleotide and peptide"])
def test_english_words_with_a_stem_ending_are_not_drugs(nlp, text):
    assert not [e for e in nlp(text).ents if e.label_ == "DRUG"]


def test_a_vocabulary_name_keeps_its_id_over_the_stem(nlp):
    [ent] = nlp("pembrolizumab 200 mg").ents[:1]
    assert (ent._.norm, ent._.code) == ("pembrolizumab", "DRUGBANK:DB09037")


@pytest.mark.parametrize(
    "text, drug",
    [("No prior progesterone therapy", "progesterone"), ("peginterferon alfa and ribavirin", "peginterferon alfa"), ("daily caffeine intake", "caffeine"), ("current anti-coagulant use", "anticoagulants"),
     # The vocabulary names the globulin only with its species ("rabbit ATG").
     ("anti-thymocyte globulin (ATG) IV on days -3 to -1", "antithymocyte globulin"), ("Patients who received ATG or Campath", "antithymocyte globulin")],
)
def test_curated_agents_the_vocabulary_lacks(nlp, text, drug):
    assert drug in [e._.norm for e in nlp(text).ents if e.label_ == "DRUG"]


@pytest.mark.parametrize(
    "text, name, code",
    [
        # The vocabulary files epoetin alfa under MeSH proteins only, which the build leaves out.
        ("may receive epoetin alfa (Procrit)", "epoetin alfa", "DRUGBANK:DB00016"),
        ("may receive epoetin alfa (Procrit)", "Procrit", "DRUGBANK:DB00016"),
        # Interferon abbreviations as older oncology records and criteria write them.
        ("melanoma vaccine plus IFN-A vs IFN-A alone", "IFN-A", "DRUGBANK:DB05258"),
        ("the dosage of IFN-A2b is increased", "IFN-A2b", "DRUGBANK:DB00105"),
        ("prior IFN-alpha therapy", "IFN-alpha", "DRUGBANK:DB05258"),
        ("IFN alfa-2a 3 MIU", "IFN alfa-2a", "DRUGBANK:DB00034"),
        ("interferon-α2b", "interferon-α2b", "DRUGBANK:DB00105"),
        ("treated with IFN-β-1a", "IFN-β-1a", "DRUGBANK:DB00060"),
    ],
)
def test_biologic_names_are_whole(nlp, text, name, code):
    assert (name, code) in [(e.text, e._.code) for e in nlp(text).ents if e.label_ == "DRUG"]


@pytest.mark.parametrize(
    "text, norm", [("Fludarabin 30 mg/m2 day -6 to -3", "fludarabine"), ("Cyclophosphamid und Dexamethason", "cyclophosphamide")]
)
def test_european_spellings_without_the_final_e(nlp, text, norm):
    assert norm in [e._.norm for e in nlp(text).ents if e.label_ == "DRUG"]
    # The fluorescein of a staining test is no drug, however it is spelled.
    assert not [e for e in nlp("Corneal fluorescein staining").ents if e.label_ == "DRUG"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("No daily opioid use", [("opioid", "DRUG")]),
        ("Lidocaine allergy", [("Lidocaine", "DRUG"), ("allergy", "DISEASE")]),
        ("opioid use disorder", [("opioid use disorder", "DISEASE")]),
    ],
)
def test_a_drug_and_its_use_is_the_drug(nlp, text, expected):
    assert [(e.text, e.label_) for e in nlp(text).ents if e.label_ in ("DRUG", "DISEASE")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("estrogen receptor or progesterone receptor positive", []),
        ("androgen receptors", []),
        ("estrogen receptor antagonists", ["estrogen receptor antagonists"]),
        ("prior estrogen therapy", ["estrogen"]),
    ],
)
def test_a_hormone_before_receptor_names_a_biomarker_not_a_drug(nlp, text, expected):
    assert [e.text for e in nlp(text).ents if e.label_ == "DRUG"] == expected


@pytest.mark.parametrize(
    "text, drug",
    [
        ("prior CAR-T therapy and TCR-T therapy", "CAR-T therapy"),
        ("prior CAR-T therapy and TCR-T therapy", "TCR-T therapy"),
        ("except low molecular weight heparin", "low molecular weight heparin"),
    ],
)
def test_capitalized_and_hyphenated_names_match_their_lower_case_phrase(nlp, text, drug):
    # "CAR-T" is one token but "car-t" three: the phrase is matched in both tokenizations.
    assert drug in [e.text for e in nlp(text).ents if e.label_ == "DRUG"]


def test_a_code_written_apart_with_a_leading_zero_is_one_drug(nlp):
    [ent] = [e for e in nlp("before the planned IMC 002 infusion").ents if e.label_ == "DRUG"]
    assert (ent.text, ent._.norm, ent._.kind) == ("IMC 002", "IMC002", "code")
    assert not [e for e in nlp("RTOG 0617 and GOG 0218 trials").ents if e.label_ == "DRUG"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("antiviral", "antiviral agents"),
        ("fluoropyrimidines", "fluoropyrimidines"),
        ("nitrosoureas", "nitrosourea compounds"),
        ("antiandrogens", "androgen antagonists"),
        ("vasopressors", "vasoconstrictor agents"),
        ("beta-2 agonists", "adrenergic beta-2 receptor agonists"),
        ("contrast media", "contrast media"),
        ("CDK4/6 inhibitors", "cdk4/6 inhibitors"),
        ("endocrine therapy", "endocrine therapy"),
        ("AZT", "zidovudine"),
        ("BCG", "bcg vaccine"),
        ("supplements", "dietary supplements"),
        ("INH", "isoniazid"),
        ("GLP-1 RA", "glucagon-like peptide-1 receptor agonists"),
        ("painkillers", "analgesics"),
        ("macrolides", "macrolides"),
        ("blood products", "blood products"),
    ],
)
def test_drug_classes_and_abbreviations_of_trial_text(nlp, text, name):
    doc = nlp(f"Prior use of {text} is not allowed.")
    assert [(e.text, e.label_, e._.norm) for e in doc.ents if e.label_ == "DRUG"] == [(text, "DRUG", name)]


@pytest.mark.parametrize("text", ["Mismatch repair (MMR) deficient", "bcg", "csa"])
def test_ambiguous_short_forms_are_not_drugs_in_the_wrong_case(nlp, text):
    assert [e.text for e in nlp(text).ents if e.label_ == "DRUG"] == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("mFOLFOX6", "leucovorin + fluorouracil + oxaliplatin"),
        ("R-CHOP", "rituximab + cyclophosphamide + doxorubicin + vincristine + prednisone"),
        ("Hyper-CVAD", "cyclophosphamide + vincristine + doxorubicin + dexamethasone"),
        ("VAC/IE", "vincristine + doxorubicin + cyclophosphamide + ifosfamide + etoposide"),
    ],
)
def test_regimen_acronyms_are_drugs_named_by_their_agents(nlp, text, name):
    doc = nlp(f"Arm A: {text} every 2 weeks for 6 cycles")
    drug = next(e for e in doc.ents if e.label_ == "DRUG")
    assert (drug.text, drug._.norm, drug._.kind) == (text, name, "regimen")


@pytest.mark.parametrize("text", ["ICE score of 7", "CVP > 12 mmHg", "TAC trough level", "folfox", "Chop the onions"])
def test_regimen_acronyms_are_case_sensitive_and_ambiguous_ones_left_out(nlp, text):
    assert [e.text for e in nlp(text).ents if e.label_ == "DRUG" and e._.kind == "regimen"] == []


def test_a_regimen_key_makes_the_kind_regimen():
    assert drug_kind("FOLFOX", "leucovorin + fluorouracil + oxaliplatin", None) == "regimen"
    assert drug_kind("folinic acid", "leucovorin", None) == "agent"


@pytest.mark.parametrize(
    "text, norm",
    [("anti-PD-(L)1 agent", "anti-pd-(l)1 agent"), ("somatostatin analogues", "somatostatin analogues"), ("anti-CD38 antibodies", "anti-cd38 antibodies")],
)
def test_a_class_known_only_by_its_shape_is_named_by_its_words(nlp, text, norm):
    drug = next(e for e in nlp(f"Prior {text} is not allowed").ents if e.label_ == "DRUG")
    assert (drug.text, drug._.norm, drug._.kind) == (text, norm, "class")



@pytest.mark.parametrize(
    "text, drug",
    [("prior HER2-targeted therapy", "HER2-targeted therapy"), ("any BCMA directed agents", "BCMA directed agents"), ("CLDN18.2-targeted therapies", "CLDN18.2-targeted therapies")]
)
def test_a_targeted_therapy_is_a_class_named_by_its_own_words(nlp, text, drug):
    [ent] = [e for e in nlp(text).ents]
    assert (ent.text, ent.label_, ent._.norm, ent._.kind) == (drug, "DRUG", drug.lower(), "class")


def test_a_biomarker_status_is_a_test_and_its_result_the_value(nlp):
    doc = nlp("ER-negative, HER2-positive breast cancer (IHC 3+)")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ != "DISEASE"] == [
        ("ER", "LAB_TEST"), ("negative", "LAB_VALUE"), ("HER2", "LAB_TEST"), ("positive", "LAB_VALUE"), ("IHC", "LAB_TEST"), ("3+", "LAB_VALUE")
    ]


@pytest.mark.parametrize(
    "text, drug, norm",
    [
        ("prior CAR T therapy", "CAR T therapy", "car t cells"),
        ("prior chimeric antigen receptor T-cell therapy", "chimeric antigen receptor T-cell therapy", "car t cells"),
        ("prior CAR-T", "CAR-T", "car t cells"),
        ("allogeneic CAR-NK cells", "CAR-NK cells", "car nk cells"),
        ("unmobilized donor lymphocyte infusion", "donor lymphocyte infusion", "donor lymphocyte infusion"),
        ("autologous tumor-infiltrating lymphocytes", "autologous tumor-infiltrating lymphocytes", "tumor infiltrating lymphocytes"),
        ("infusion of allogeneic CIK cells", "CIK cells", "cytokine-induced killer cells"),
        ("lymphokine-activated killer cells", "lymphokine-activated killer cells", "lymphokine-activated killer cells"),
        ("tumor-pulsed dendritic cells", "tumor-pulsed dendritic cells", "dendritic cell vaccine"),
        ("EBV-specific cytotoxic T lymphocytes", "EBV-specific cytotoxic T lymphocytes", "virus-specific t cells"),
    ],
)
def test_cell_therapies_are_drugs(nlp, text, drug, norm):
    [ent] = [e for e in nlp(text).ents]
    assert (ent.text, ent.label_, ent._.norm) == (drug, "DRUG", norm)


@pytest.mark.parametrize("text, drug", [("oxytocin nasal spray", "oxytocin"), ("niacin 500 mg", "niacin"), ("creatine supplementation", "creatine")])
def test_drugs_the_vocabulary_lists_only_as_concepts(nlp, text, drug):
    # drug-named-entity-recognition leaves these names out of its variants; the build adds them back.
    ents = [(e.text, e.label_, e._.code) for e in nlp(text).ents if e.label_ == "DRUG"]
    assert ents and ents[0][0] == drug and ents[0][2].startswith("DRUGBANK:")


def test_a_lower_case_word_before_targeted_is_no_target(nlp):
    # Seed 000 lost a comma: "chemotherapy, radiotherapy targeted therapy".
    ents = [(e.text, e.label_) for e in nlp("chemotherapy, radiotherapy targeted therapy within 4 weeks").ents]
    assert ("targeted therapy", "DRUG") in ents and ("radiotherapy", "PROCEDURE") in ents
    assert not any("radiotherapy" in t for t, label in ents if label == "DRUG")


@pytest.mark.parametrize(
    "text, norm",
    [("ZD1839", "gefitinib"), ("PS-341", "bortezomib"), ("BAY 43-9006", "sorafenib"), ("MK-3475", "pembrolizumab"), ("CC-5013", "lenalidomide"), ("SAHA", "vorinostat"),
     ("tPA", "alteplase"), ("rtPA", "alteplase"), ("TNK-tPA", "tenecteplase"), ("Sativex", "nabiximols")],
)
def test_research_codes_of_oncology_drugs_take_their_inn(nlp, text: str, norm: str) -> None:
    doc = nlp(f"{text} 100 mg daily")
    (drug,) = [e for e in doc.ents if e.label_ == "DRUG"]
    assert (drug.text, drug._.norm, drug._.kind) == (text, norm, "agent") and drug._.code.startswith("DRUGBANK:")


@pytest.mark.parametrize("text", ["treatment with L-thyroxine mono-therapy", "Initiation of L-thyroxine treatment", "L-T4 100 mcg daily"])
def test_l_thyroxine_is_the_drug_not_the_test(nlp, text: str) -> None:
    ents = [(e.text, e.label_, e._.norm) for e in nlp(text).ents]
    assert any(label == "DRUG" and norm == "levothyroxine" for _, label, norm in ents)
    assert not any(label == "LAB_TEST" for _, label, _ in ents)
    # The hormone measured stays a test.
    assert [(e.text, e.label_) for e in nlp("free thyroxine < 10 pmol/L").ents][0] == ("free thyroxine", "LAB_TEST")


def test_a_cell_therapy_given_iv_holds_no_test_of_class_iv(nlp):
    doc = nlp("Patients receive therapeutic tumor infiltrating lymphocytes IV on day 0.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("therapeutic tumor infiltrating lymphocytes", "DRUG"), ("IV", "ROUTE"), ("on day 0", "SCHEDULE")
    ]


def test_stromal_tils_are_a_biomarker(nlp):
    doc = nlp("Stromal tumor-infiltrating lymphocytes (TILs) >= 10%")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Stromal tumor-infiltrating lymphocytes", "LAB_TEST"), ("TILs", "LAB_TEST"), (">= 10%", "LAB_VALUE")
    ]


def test_temozolomide_abbreviated(nlp):
    [ent] = [e for e in nlp("TMZ 150mg/m2 for six 28-day cycles").ents if e.label_ == "DRUG"]
    assert (ent.text, ent._.norm) == ("TMZ", "temozolomide")


@pytest.mark.parametrize(
    "text,norm",
    [
        ("Janus kinase (JAK) inhibitors", "janus kinase inhibitors"),
        ("Angiotensin Converting Enzyme (ACE)-inhibitors", "angiotensin converting enzyme inhibitors"),
        # Brackets inside the name are part of it.
        ("poly (ADP-ribose) polymerase (PARP) inhibitors", "poly (adp-ribose) polymerase inhibitors"),
        ("anti-PD-(L)1 agent", "anti-pd-(l)1 agent"),
        ("CYP3A4  inhibitor", "cyp3a4 inhibitor"),
    ],
)
def test_target_class_norm_drops_the_abbreviation_before_the_head(text, norm):
    assert target_class_norm(text) == norm


def test_a_spelled_out_target_class_is_named_without_its_abbreviation(nlp):
    doc = nlp("Prior cyclin-dependent kinase 4/6 (CDK4/6) inhibitor is not allowed.")
    [ent] = doc.ents
    assert (ent.label_, ent.text, ent._.norm, ent._.kind) == (
        "DRUG", "cyclin-dependent kinase 4/6 (CDK4/6) inhibitor", "cyclin-dependent kinase 4/6 inhibitor", "class",
    )


@pytest.mark.parametrize(
    "text, drug",
    [
        ("Concomitant medications known to prolong the QT interval are not allowed.", "medications known to prolong the QT interval"),
        ("Concurrent medications that affect gastrointestinal motility", "medications that affect gastrointestinal motility"),
        ("Use of drugs which are known to cause depression, e.g., reserpine", "drugs which are known to cause depression"),
        ("Agents affecting gastric emptying (Motilium, Victoza)", "Agents affecting gastric emptying"),
        ("Receiving drugs acting primarily on the central nervous system, which lower the seizure threshold",
         "drugs acting primarily on the central nervous system"),
        ("Use of drugs that prolong QT/QTc interval and/or are CYP3A4 inhibitors", "drugs that prolong QT/QTc interval"),
        ("No medications known to affect hepatic or renal function (e.g., phenytoin)", "medications known to affect hepatic or renal function"),
        ("Because drugs that induce CYP3A4 enzymes have been shown to reduce exposure", "drugs that induce CYP3A4 enzymes"),
        # A class name before the head is part of the class, not dropped for the longer span.
        ("Use of vasoactive drugs influencing SPI monitoring", "vasoactive drugs influencing SPI monitoring"),
    ],
)
def test_a_class_defined_by_what_its_drugs_do_is_one_drug_class(nlp, text, drug):
    ent = next(e for e in nlp(text).ents if e.label_ == "DRUG")
    assert (ent.text, ent._.norm, ent._.kind) == (drug, " ".join(drug.lower().split()), "class")
    # What the drugs act on is part of the class: no test or condition of the patient.
    assert not [e for e in nlp(text).ents if e.start < ent.end and ent.start < e.end and e is not ent and e.label_ != "DRUG"]


@pytest.mark.parametrize(
    "text",
    [
        "Women must not be pregnant because the study drug may cause harm to the fetus.",  # a statement, no class
        "Patients must stop the medication before surgery.",
        "Any medication that is prohibited during the study",
    ],
)
def test_a_drug_word_without_a_defining_effect_is_no_class(nlp, text):
    assert not [e for e in nlp(text).ents if e.label_ == "DRUG"]


def test_an_effect_class_stops_before_a_number_and_a_second_clause(nlp):
    doc = nlp("Use of any drug that alters the activity of liver enzymes 28 days before screening")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("drug that alters the activity of liver enzymes", "DRUG"), ("28 days before screening", "DURATION")
    ]
    doc = nlp("medications that affect glucose metabolism or contraindicated with repaglinide")
    assert [(e.text, e.label_) for e in doc.ents] == [("medications that affect glucose metabolism", "DRUG"), ("repaglinide", "DRUG")]


def test_an_effect_class_stops_at_the_next_list_item(nlp):
    doc = nlp("Any chronic medication which may affect the immune system\n  -  Pregnancy")
    assert [(e.text, e.label_) for e in doc.ents] == [("medication which may affect the immune system", "DRUG"), ("Pregnancy", "DISEASE")]
