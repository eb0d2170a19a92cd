"""Abbreviations defined in a text take their long form's meaning (nlp_trials.pipeline.abbreviations)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

import nlp_trials.pipeline.registrations  # noqa: F401  (registers the tokenizer)
from nlp_trials.pipeline.abbreviations import Definition, apply_definitions, find_definitions


@pytest.fixture(scope="module")
def blank() -> Language:
    """A blank pipeline with the trial tokenizer: the definitions need tokens only."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})


def _pairs(doc: Doc) -> list[tuple[str, str]]:
    return [(doc[d.short_start : d.short_end].text, doc[d.long_start : d.long_end].text) for d in find_definitions(doc)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Patients with small cell lung cancer (SCLC) are eligible.", [("SCLC", "small cell lung cancer")]),
        ("History of chronic obstructive pulmonary disease (COPD)", [("COPD", "chronic obstructive pulmonary disease")]),
        # The short form first, the long form in the brackets.
        ("Stage IV NSCLC (non-small cell lung cancer) only", [("NSCLC", "non-small cell lung cancer")]),
        # Square brackets, as inside parentheses, and the escaped ones of a page saved as markdown.
        ("(prior anti-programmed death ligand 1 [PD-L1] therapy)", [("PD-L1", "programmed death ligand 1")]),
        ("(interstitial lung disease \\[ILD\\] or pneumonitis)", [("ILD", "interstitial lung disease")]),
        ("Stage IV NSCLC [non-small cell lung cancer] only", [("NSCLC", "non-small cell lung cancer")]),
        # Not a definition: a bracket holding a number, a word without a matching long form.
        ("Platelets (100 x 10^9/L) and bilirubin (total)", []),
    ],
)
def test_find_definitions(blank: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert _pairs(blank(text)) == expected


def test_a_long_form_never_reaches_into_the_previous_line(blank: Language) -> None:
    doc = blank("Use of steroids\ncurrent use of amiodarone (CUA)")
    assert all("\n" not in long for _, long in _pairs(doc))


def test_the_first_definition_of_a_short_form_wins(blank: Language) -> None:
    doc = blank("Parkinson's disease (PD) or progressive disease (PD)")
    assert _pairs(doc) == [("PD", "Parkinson's disease")]


def test_a_known_long_form_gives_its_meaning_to_every_short_form(blank: Language) -> None:
    doc = blank("Parkinson's disease (PD); PD medication; severe PD")
    long_form = Span(doc, 0, 3, label="DISEASE", span_id="disease:parkinson's disease|DOID:14330")
    # A candidate the vocabulary gave the short form elsewhere is replaced by the text's meaning.
    other = Span(doc, 7, 8, label="LAB_TEST", span_id="lab_test:progressive disease")
    result = apply_definitions(doc, find_definitions(doc), [long_form, other])
    got = sorted((s.start, s.text, s.label_, s.id_) for s in result)
    pd = ("PD", "DISEASE", "disease:parkinson's disease|DOID:14330")
    assert got == [
        (0, "Parkinson's disease", "DISEASE", "disease:parkinson's disease|DOID:14330"),
        (4, *pd),
        (7, *pd),
        (11, *pd),
    ]


def test_a_name_covering_part_of_the_long_form_leaves_a_known_short_form_alone(blank: Language) -> None:
    # scispaCy's long form of "CHOP plus\n rituximab [CHOP-R]" stops at the line break: "plus rituximab".
    doc = blank("plus rituximab [CHOP-R] as above")
    definition = Definition(short_start=3, short_end=4, long_start=0, long_end=2)
    rituximab = Span(doc, 1, 2, label="DRUG", span_id="drug:rituximab|DRUGBANK:DB00073")
    regimen = Span(doc, 3, 4, label="DRUG", span_id="drug:rituximab + cyclophosphamide + doxorubicin + vincristine + prednisone")
    result = apply_definitions(doc, [definition], [rituximab, regimen])
    assert sorted((s.text, s.id_) for s in result) == sorted([(rituximab.text, rituximab.id_), (regimen.text, regimen.id_)])


def test_a_known_short_form_names_its_long_form(blank: Language) -> None:
    doc = blank("regional foo lymph disease (RFLD) is excluded")
    short = Span(doc, 5, 6, label="DISEASE", span_id="disease:rfld")
    result = apply_definitions(doc, find_definitions(doc), [short])
    assert ("regional foo lymph disease", "DISEASE", "disease:rfld") in [(s.text, s.label_, s.id_) for s in result]


def test_a_long_form_spelling_out_another_meaning_unmakes_the_short_form(blank: Language) -> None:
    doc = blank("total body irradiation (TBI) on day -1; TBI 200 cGy")
    tbi = [Span(doc, i, i + 1, label="DISEASE", span_id="disease:traumatic brain injury") for i, t in enumerate(doc) if t.text == "TBI"]
    assert len(tbi) == 2 and apply_definitions(doc, find_definitions(doc), tbi) == []


def test_a_long_form_naming_a_condition_takes_the_meaning_of_its_short_form(blank: Language) -> None:
    doc = blank("post-traumatic disorder (PTSD) and PTSD")
    ptsd = [Span(doc, i, i + 1, label="DISEASE", span_id="disease:post-traumatic stress disorder") for i, t in enumerate(doc) if t.text == "PTSD"]
    texts = [s.text for s in apply_definitions(doc, find_definitions(doc), ptsd)]
    assert texts.count("PTSD") == 2 and "post-traumatic disorder" in texts


def test_a_long_form_naming_another_drug_gives_the_short_form_its_own_name(blank: Language) -> None:
    doc = blank("given with dihydroartemisinin-piperaquine (DHAP) for 3 days; a course of DHAP")
    dhap = [Span(doc, i, i + 1, label="DRUG", span_id="drug:dihydroxyacetone phosphate") for i, t in enumerate(doc) if t.text == "DHAP"]
    result = apply_definitions(doc, find_definitions(doc), dhap)
    assert sorted((s.text, s.id_) for s in result) == [
        ("DHAP", "drug:dihydroartemisinin-piperaquine"), ("DHAP", "drug:dihydroartemisinin-piperaquine"),
        ("dihydroartemisinin-piperaquine", "drug:dihydroartemisinin-piperaquine"),
    ]


def test_a_long_form_naming_something_else_leaves_the_short_form_untagged(blank: Language) -> None:
    doc = blank("according to American College of Rheumatology (ACR) criteria; ACR 2010")
    acr = [Span(doc, i, i + 1, label="LAB_TEST", span_id="lab_test:urine albumin to creatinine ratio") for i, t in enumerate(doc) if t.text == "ACR"]
    assert apply_definitions(doc, find_definitions(doc), acr) == []
    # A meaning named by one word may be any spelling of it.
    doc = blank("coronavirus disease-19 (COVID-19) or COVID-19")
    covid = [Span(doc, i, i + 1, label="DISEASE", span_id="disease:covid-19|DOID:0080600") for i, t in enumerate(doc) if t.text == "COVID-19"]
    assert {s.id_ for s in apply_definitions(doc, find_definitions(doc), covid)} == {"disease:covid-19|DOID:0080600"}


@pytest.mark.parametrize(
    "long, short, expected",
    [("total body irradiation", "TBI", True), ("post-traumatic stress disorder", "PTSD", True), ("progressive disease", "PD", True),
     ("Anesthesia classification", "ASA", False), ("tumor", "T", False)],
)
def test_spells_out(long: str, short: str, expected: bool) -> None:
    from nlp_trials.pipeline.abbreviations import spells_out

    assert spells_out(long, short) is expected


def test_a_long_form_covered_only_by_its_generic_head_gives_no_meaning(blank: Language) -> None:
    doc = blank("chronic kidney foo disease (CKFD) and CKFD")
    head = Span(doc, 3, 4, label="DISEASE", span_id="disease:disease")
    result = apply_definitions(doc, find_definitions(doc), [head])
    assert [s.text for s in result] == ["disease"]


def test_labels_outside_the_set_are_left_alone(blank: Language) -> None:
    doc = blank("every 3 weeks (Q3W), Q3W")
    freq = Span(doc, 0, 3, label="FREQUENCY", span_id="frequency:q3w")
    assert apply_definitions(doc, find_definitions(doc), [freq]) == [freq]


def test_pipeline_tags_short_forms_and_stores_plain_offsets(nlp: Language) -> None:
    text = "Parkinson's disease (PD) diagnosed within 5 years. No other PD medication."
    doc = nlp(text)
    ents = [(e.text, e.label_, e.id_) for e in doc.ents if e.text == "PD"]
    assert len(ents) == 2 and all(label == "DISEASE" and "parkinson" in id_ for _, label, id_ in ents)
    assert doc._.trial_abbreviations == [
        {"short": [21, 23], "long": [0, 19], "short_text": "PD", "long_text": "Parkinson's disease"}
    ]
    # Plain data only: the doc survives a DocBin round trip with its user data (msgpack gives
    # lists back as tuples).
    restored = list(DocBin(docs=[doc], store_user_data=True).get_docs(nlp.vocab))[0]
    assert [{k: list(v) if isinstance(v, tuple) else v for k, v in d.items()} for d in restored._.trial_abbreviations] == (
        doc._.trial_abbreviations
    )


def test_a_vocabulary_name_gives_its_meaning_before_a_name_known_by_its_shape(nlp: Language) -> None:
    # "Body mass index" is also shaped like an unlisted score's name; the vocabulary's test wins.
    doc = nlp("Body mass index (BMI) ≤ 30 kg/m2")
    assert [(e.text, e.id_) for e in doc.ents if e.label_ == "LAB_TEST"] == [
        ("Body mass index", "lab_test:body mass index"), ("BMI", "lab_test:body mass index"),
    ]


def test_a_value_finds_the_test_only_the_definition_names(nlp: Language) -> None:
    # "COT" alone names nothing; the record defines it as cotinine, so the "positive" the value
    # rules had set aside for want of a test is its result.
    doc = nlp("Cotinine (COT) test known; COT positive or unknown")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in ("LAB_TEST", "LAB_VALUE")][-2:] == [
        ("COT", "LAB_TEST"),
        ("positive", "LAB_VALUE"),
    ]
    assert "trials_held_values" not in doc.spans
    # Without the definition the word stays without a test.
    assert [e.text for e in nlp("COT positive or unknown").ents if e.label_ == "LAB_VALUE"] == []


def test_pipeline_without_definitions_is_unchanged(nlp: Language) -> None:
    doc = nlp("Prior treatment with warfarin is not allowed")
    assert doc._.trial_abbreviations == []
    assert [(e.text, e.label_) for e in doc.ents] == [("warfarin", "DRUG")]


def test_a_definition_in_one_text_of_a_record_tags_the_short_form_in_the_others(nlp: Language) -> None:
    from nlp_trials.pipeline.abbreviations import annotate_record, missing_definitions, record_definitions

    texts = [
        "No history of cytokine release syndrome (CRS) of grade 3 or higher",
        "CRS within 6 months",
        "Prior antibody-drug conjugate (ADC) therapy",
        "More than 2 prior ADC regimens; no CRSX",
    ]
    docs = [nlp(t) for t in texts]
    # Alone, the later texts do not know the short forms.
    assert [e.text for e in docs[1].ents if e.label_ == "DISEASE"] == []
    definitions = record_definitions(docs)
    assert [(d["short"], d["label"]) for d in definitions] == [("CRS", "DISEASE"), ("ADC", "DRUG")]
    assert [d["short"] for d in missing_definitions(docs[1], definitions)] == ["CRS"]
    assert missing_definitions(docs[0], definitions) == []  # it defines CRS itself
    out = annotate_record(nlp, docs)
    assert out[0] is docs[0]  # texts the definitions do not change are not run again
    crs = next(e for e in out[1].ents if e.text == "CRS")
    assert (crs.label_, crs.id_) == ("DISEASE", next(e for e in docs[0].ents if e.text == "CRS").id_)
    # Whole tokens only: "CRSX" is not "CRS".
    assert [(e.text, e.label_) for e in out[3].ents if e.label_ in ("DRUG", "DISEASE")] == [("ADC", "DRUG")]


def test_a_short_form_a_record_spells_out_is_its_long_form_in_its_other_texts(nlp: Language) -> None:
    from nlp_trials.pipeline.abbreviations import annotate_record, record_definitions

    docs = [nlp("Conditioning with total body irradiation (TBI) and cyclophosphamide"), nlp("TBI on day -1"), nlp("history of TBI")]
    assert [e.text for e in docs[1].ents if e.label_ == "DISEASE"] == ["TBI"]  # alone: traumatic brain injury
    assert record_definitions(docs) == [{"short": "TBI", "label": "PROCEDURE", "id": "procedure:total body irradiation"}]
    out = annotate_record(nlp, docs)
    assert [e.text for d in out for e in d.ents if e.label_ == "DISEASE"] == []
    assert [(e.text, e.label_) for d in out for e in d.ents if e.text == "TBI"] == [("TBI", "PROCEDURE")] * 3
    assert [e.text for e in out[0].ents] == ["total body irradiation", "TBI", "cyclophosphamide"]


def test_a_treatment_short_form_one_text_uses_for_the_treatment_is_none_in_the_others(nlp: Language) -> None:
    from nlp_trials.pipeline.abbreviations import annotate_record, treated_in_record

    docs = [nlp("Candidates for allogeneic BMT with TBI-based conditioning"), nlp("Contraindication to TBI")]
    assert "TBI" in [e.text for e in docs[1].ents]  # alone: a traumatic brain injury
    assert treated_in_record(nlp, docs) == [{"short": "TBI", "label": "", "id": ""}]
    out = annotate_record(nlp, docs)
    assert "TBI" not in [e.text for d in out for e in d.ents]
    # A record about brain injury keeps its TBI.
    injury = [nlp("Moderate or severe TBI"), nlp("TBI within 12 months")]
    assert treated_in_record(nlp, injury) == []
    assert [e.text for e in annotate_record(nlp, injury)[1].ents if e.label_ == "DISEASE"] == ["TBI"]


def test_a_record_without_definitions_is_returned_as_it_is(nlp: Language) -> None:
    from nlp_trials.pipeline.abbreviations import annotate_record

    docs = [nlp("Prior warfarin"), nlp("No CRS")]
    assert annotate_record(nlp, docs) == docs


def test_only_capitalized_short_forms_with_a_vocabulary_meaning_are_shared(blank: Language) -> None:
    from nlp_trials.pipeline.abbreviations import record_definitions
    from nlp_trials.pipeline.extensions import register_extensions

    register_extensions()

    def defined(text: str, short: str, label: str, id_: str) -> Doc:
        doc = blank(text)
        start = text.index(short)
        doc._.trial_abbreviations = [{"short": [start, start + len(short)], "long": [0, 1], "short_text": short, "long_text": "x"}]
        doc.ents = [doc.char_span(start, start + len(short), label=label, span_id=id_)]
        return doc

    docs = [
        defined("cancer (breast carcinoma)", "cancer", "DISEASE", "disease:breast cancer"),  # no capital
        defined("complete remission (CR)", "CR", "DISEASE", ""),  # a model's span: no vocabulary id
        defined("Kaposi sarcoma (KS)", "KS", "DISEASE", "disease:kaposi sarcoma"),
    ]
    assert [d["short"] for d in record_definitions(docs)] == ["KS"]


@pytest.mark.parametrize(
    "word, abbreviated",
    [("ECOG", True), ("mAb", True), ("T2DM", True), ("Hb", True), ("pregnant", False), ("Pregnant", False), ("Cancer", False)],
)
def test_a_word_before_an_aside_is_no_short_form(word, abbreviated):
    from nlp_trials.pipeline.abbreviations import looks_abbreviated

    assert looks_abbreviated(word) is abbreviated


def test_an_aside_after_a_word_defines_nothing(nlp):
    doc = nlp("Subject is pregnant (documented by a positive pregnancy test) or is breastfeeding")
    assert ("pregnant", "DISEASE") in [(e.text, e.label_) for e in doc.ents]
    assert not doc._.trial_abbreviations


def test_a_drug_glossary_defines_its_short_forms_for_the_record(nlp: Language) -> None:
    from nlp_trials.pipeline.abbreviations import annotate_record, glossary_definitions

    glossary = nlp("The following acronyms are used: BU Busulfan, NSC-750 CF Leucovorin calcium,\nNSC-3590 CTX Cyclophosphamide, NSC-26271")
    assert [(d["short"], d["label"]) for d in glossary_definitions(glossary)] == [("BU", "DRUG"), ("CF", "DRUG"), ("CTX", "DRUG")]
    out = annotate_record(nlp, [glossary, nlp("TBI; or BU/CTX; with MTX/CF")])
    # "CF" alone would be cystic fibrosis; the record's glossary makes it leucovorin.
    assert [(e.text, e.label_) for e in out[1].ents if e.text in ("BU", "CF")] == [("BU", "DRUG"), ("CF", "DRUG")]
    cf = next(e for e in out[1].ents if e.text == "CF")
    assert cf.id_.startswith("drug:leucovorin")
    # Without a drug the vocabulary knows, a glossary-like line defines nothing.
    assert glossary_definitions(nlp("AB Something odd, NSC-12345")) == []


def test_a_class_known_by_its_shape_keeps_the_vocabularys_short_form(nlp):
    # "tyrosine-kinase inhibitors" is found by the target-class shape; "TKI" is in the vocabulary.
    doc = nlp("Prior tyrosine-kinase inhibitors (TKI). No other TKI allowed.")
    assert [e._.norm for e in doc.ents if e.text == "TKI"] == ["tyrosine kinase inhibitors"] * 2


def _drug(doc: Doc, start: int, end: int, name: str) -> Span:
    return Span(doc, start, end, label="DRUG", span_id=f"drug:{name}")


@pytest.mark.parametrize(
    "text,drugs,expected",
    [
        # drugs: the text of each DRUG candidate, found in the text by its characters.
        # A brand or code abbreviation need not spell the name: scispaCy's matching misses these.
        ("Tenecteplase (TNK) in stroke; TNK once", ["Tenecteplase"], [("TNK", "Tenecteplase")]),
        ("docetaxel (TXT) 75 mg/m2", ["docetaxel"], [("TXT", "docetaxel")]),
        # The first word of a bracket that goes on after a comma.
        ("D-Cycloserine (DCS, 100mg) daily", ["D-Cycloserine"], [("DCS", "D-Cycloserine")]),
        # How it is given or dosed is no name of it.
        ("cisplatin (IV) and carboplatin (AUC) 5", ["cisplatin", "carboplatin"], []),
        # The regimen of a list or combination, not its last drug.
        ("doxorubicin and cyclophosphamide (AC)", ["doxorubicin", "cyclophosphamide"], []),  # see test_listed_regimen_names
        ("doxorubicin, bleomycin, and vincristine (DBV)", ["doxorubicin", "bleomycin", "vincristine"], []),
        ("fluorouracil/doxorubicin (FA) daily", ["fluorouracil/doxorubicin"], []),
        # What a class acts on.
        ("inhibitors of cytochrome P450 (CYP3A)", ["inhibitors of cytochrome P450"], []),
        # Lower case, or one letter: no short form of this shape.
        ("paclitaxel (weekly) or docetaxel (D)", ["paclitaxel", "docetaxel"], []),
        # A code with a dot, after its drug; and a sponsor's code before its drug in brackets.
        ("Pitolisant (BF2.649) for alcohol use disorder", ["Pitolisant"], [("BF2.649", "Pitolisant")]),
        ("Compound NPC-14 (Arbekacin Sulfate) daily", ["Arbekacin Sulfate"], [("NPC-14", "Arbekacin Sulfate")]),
        # A marker before its assay, both shaped like codes.
        ("rising CA15.3 (BR2729) levels", ["BR2729"], []),
        # Targets, arms and days are no codes of a drug.
        ("CD20 (rituximab), Arm2 (cisplatin), Day1 (docetaxel)", ["rituximab", "cisplatin", "docetaxel"], []),
    ],
)
def test_bracketed_drug_names(blank: Language, text: str, drugs: list[str], expected: list[tuple[str, str]]) -> None:
    from nlp_trials.pipeline.abbreviations import bracketed_drug_names

    doc = blank(text)
    spans = [doc.char_span(text.index(name), text.index(name) + len(name)) for name in drugs]
    # Vocabulary drugs carry a code after the bar; BR2729 is known only by its shape.
    candidates = [_drug(doc, s.start, s.end, s.text.lower() + ("" if s.text == "BR2729" else "|DRUGBANK:DB0")) for s in spans]
    got = bracketed_drug_names(doc, candidates, find_definitions(doc))
    assert [(doc[d.short_start : d.short_end].text, doc[d.long_start : d.long_end].text) for d in got] == expected


def test_a_bracketed_drug_name_is_the_drug_everywhere_in_the_text(nlp) -> None:
    doc = nlp("Patients receive tenecteplase (TNK) once. TNK is given over 5 seconds.")
    assert [(e.text, e._.norm) for e in doc.ents if e.label_ == "DRUG"] == [("tenecteplase", "tenecteplase"), ("TNK", "tenecteplase"), ("TNK", "tenecteplase")]


def test_an_instrument_spelling_out_a_disease_short_form_unmakes_it(nlp) -> None:
    doc = nlp("Motricity index (MI) and Barthel Index at baseline; MI improved")
    assert [e.text for e in doc.ents if e.label_ == "DISEASE"] == []


@pytest.mark.parametrize(
    "text,drugs,expected",
    [
        # One capital per drug of the list, whether or not it spells the name (A for Adriamycin).
        ("doxorubicin and cyclophosphamide (AC) then AC again", ["doxorubicin", "cyclophosphamide"],
         [("AC", "doxorubicin and cyclophosphamide", "doxorubicin + cyclophosphamide")] * 2),
        # Letters that spell the names are scispaCy's definition already; it gets the meaning.
        ("cyclophosphamide, epirubicin and fluorouracil (CEF)", ["cyclophosphamide", "epirubicin", "fluorouracil"],
         [("CEF", "cyclophosphamide, epirubicin and fluorouracil", "cyclophosphamide + epirubicin + fluorouracil")]),
        # As many capitals as drugs, and a capital shape: how a drug is given is no regimen.
        ("carboplatin and paclitaxel (CPT)", ["carboplatin", "paclitaxel"], []),
        ("cisplatin and etoposide (IV)", ["cisplatin", "etoposide"], []),
        ("cisplatin and etoposide (Ce)", ["cisplatin", "etoposide"], []),
        # A class is no agent of a named list.
        ("antibiotics and steroids (AS)", ["antibiotics", "steroids"], []),
        # A drug with its dose between is no list.
        ("doxorubicin 60 mg/m2 and cyclophosphamide (AC)", ["doxorubicin", "cyclophosphamide"], []),
    ],
)
def test_listed_regimen_names(blank: Language, text: str, drugs: list[str], expected: list[tuple[str, str, str]]) -> None:
    from nlp_trials.pipeline.abbreviations import listed_regimen_names

    doc = blank(text)
    spans = [doc.char_span(text.index(name), text.index(name) + len(name)) for name in drugs]
    # Vocabulary agents carry a code; a class name ends in a plural.
    candidates = [_drug(doc, s.start, s.end, s.text.lower() + "|DRUGBANK:DB0") for s in spans]
    found = find_definitions(doc)
    definitions, named = listed_regimen_names(doc, candidates, found)
    longs = {doc[d.short_start : d.short_end].text: doc[d.long_start : d.long_end].text for d in found + definitions}
    assert [(s.text, longs[s.text], s.id_.split(":", 1)[1]) for s in named] == expected


def test_a_listed_regimen_name_is_the_regimen_everywhere_in_the_text(nlp) -> None:
    doc = nlp("Patients receive doxorubicin and cyclophosphamide (AC) every 21 days; after AC, paclitaxel. "
              "Carboplatin and paclitaxel (TC) on day 1.")
    got = [(e.text, e._.norm, e._.kind) for e in doc.ents if e.label_ == "DRUG"]
    assert got == [
        ("doxorubicin and cyclophosphamide", "doxorubicin + cyclophosphamide", "regimen"),
        ("AC", "doxorubicin + cyclophosphamide", "regimen"),
        ("AC", "doxorubicin + cyclophosphamide", "regimen"),
        ("paclitaxel", "paclitaxel", "agent"),
        # TC is no total cholesterol here.
        ("Carboplatin and paclitaxel", "carboplatin + paclitaxel", "regimen"),
        ("TC", "carboplatin + paclitaxel", "regimen"),
    ]
    # scispaCy's letter matching alone made AC "and cyclophosphamide".
    assert ("AC", "and cyclophosphamide") not in _pairs(doc)
