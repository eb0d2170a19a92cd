"""The hybrid merge policy on inline spans, and the components that apply it."""

from __future__ import annotations

import functools
import pytest
import spacy
from spacy.tokens import Doc, Span

from nlp_trials.pipeline.hybrid import SPANS_KEY_MODEL, ModelSpans, TrialsHybrid, merge_model_spans


def test_rule_spans_win_every_overlap_that_is_no_widening():
    rules = [(0, 9, "DRUG"), (20, 30, "LAB_VALUE")]
    model = [(0, 9, "DISEASE"), (5, 15, "DRUG"), (25, 35, "DISEASE"), (40, 50, "DISEASE")]
    assert merge_model_spans(rules, model, labels=["DRUG", "DISEASE"]) == [(0, 9, "DRUG"), (20, 30, "LAB_VALUE"), (40, 50, "DISEASE")]


def test_only_allowed_labels_and_long_enough_spans_are_added():
    model = [(0, 5, "DOSE"), (10, 11, "DRUG"), (20, 28, "DRUG"), (30, 38, "LAB_TEST"), (40, 41, "DISEASE"), (50, 58, "DISEASE")]
    # By default the model adds no drug (its drugs were wrong more often than right), and a test only
    # next to a value.
    assert merge_model_spans([], model) == [(50, 58, "DISEASE")]
    assert merge_model_spans([], model, labels=["DRUG"]) == [(20, 28, "DRUG")]
    unpaired = functools.partial(merge_model_spans, paired_labels={}, min_chars=1)
    assert unpaired([], model, labels=["DRUG", "LAB_TEST"]) == [(10, 11, "DRUG"), (20, 28, "DRUG"), (30, 38, "LAB_TEST")]
    # Token offsets: the character lengths decide what is too short.
    assert merge_model_spans([], [(3, 4, "DISEASE")], char_lengths=[1]) == []
    assert merge_model_spans([], [(3, 4, "DISEASE")], char_lengths=[8]) == [(3, 4, "DISEASE")]


def test_model_spans_do_not_overlap_each_other():
    model = [(0, 10, "DRUG"), (5, 12, "DISEASE"), (12, 20, "DISEASE")]
    assert merge_model_spans([], model, labels=["DRUG", "DISEASE"]) == [(0, 10, "DRUG"), (12, 20, "DISEASE")]
    # Touching is not overlapping (end is exclusive).
    assert merge_model_spans([(0, 5, "DOSE")], [(5, 9, "DISEASE")]) == [(0, 5, "DOSE"), (5, 9, "DISEASE")]


def test_a_longer_disease_span_widens_the_rule_diseases_it_contains():
    # "small cell lung cancer" (0-22) over the rule's "lung cancer" (11-22): widened.
    assert merge_model_spans([(11, 22, "DISEASE")], [(0, 22, "DISEASE")]) == [(0, 22, "DISEASE")]
    # Two rule diseases inside one model span are replaced by it.
    assert merge_model_spans([(0, 4, "DISEASE"), (9, 15, "DISEASE")], [(0, 15, "DISEASE")]) == [(0, 15, "DISEASE")]
    # No widening when a contained rule span has another label, sticks out, or is the same span.
    assert merge_model_spans([(0, 9, "DRUG")], [(0, 20, "DISEASE")]) == [(0, 9, "DRUG")]
    assert merge_model_spans([(5, 25, "DISEASE")], [(0, 20, "DISEASE")]) == [(5, 25, "DISEASE")]
    assert merge_model_spans([(0, 20, "DISEASE")], [(0, 20, "DISEASE")]) == [(0, 20, "DISEASE")]
    # Drugs are never widened (their ids link the schedules); the label list can change that.
    assert merge_model_spans([(0, 9, "DRUG")], [(0, 15, "DRUG")], labels=["DRUG"]) == [(0, 9, "DRUG")]
    assert merge_model_spans([(0, 9, "DRUG")], [(0, 15, "DRUG")], labels=["DRUG"], extend_labels=["DRUG"]) == [(0, 15, "DRUG")]
    assert merge_model_spans([(11, 22, "DISEASE")], [(0, 22, "DISEASE")], extend_labels=[]) == [(11, 22, "DISEASE")]


def test_components_move_then_merge_model_entities():
    nlp = spacy.blank("en")
    doc = nlp("cisplatin 75 mg for small cell lung cancer and apixaban")
    # Model: cisplatin (wrong label), the whole cancer name, apixaban.
    doc.ents = [Span(doc, 0, 1, label="DISEASE"), Span(doc, 4, 8, label="DISEASE"), Span(doc, 9, 10, label="DRUG")]
    doc = ModelSpans("stash")(doc)
    assert not doc.ents and len(doc.spans[SPANS_KEY_MODEL]) == 3
    # What the rule resolver would set: cisplatin as DRUG, the dose, "lung cancer".
    doc.ents = [Span(doc, 0, 1, label="DRUG"), Span(doc, 1, 3, label="DOSE"), Span(doc, 6, 8, label="DISEASE")]
    doc = TrialsHybrid("hybrid", labels=["DRUG", "DISEASE"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("cisplatin", "DRUG"), ("75 mg", "DOSE"), ("small cell lung cancer", "DISEASE"), ("apixaban", "DRUG"),
    ]


def test_by_default_the_model_adds_no_drug_and_an_added_disease_takes_its_qualifiers():
    nlp = spacy.blank("en")
    doc = nlp("recurrent or metastatic uveal melanoma after Kenya and relapsed lung cancer")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 3, 5, label="DISEASE"), Span(doc, 6, 7, label="DRUG")]
    # A rule disease already widened by the resolver is left as it is.
    doc.ents = [Span(doc, 8, 11, label="DISEASE", span_id="doid")]
    doc = TrialsHybrid("hybrid")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("recurrent or metastatic uveal melanoma", "DISEASE"), ("relapsed lung cancer", "DISEASE"),
    ]
    assert doc.ents[1].id_ == "doid"


def test_a_model_span_with_unbalanced_brackets_is_dropped():
    from nlp_trials.pipeline.names import brackets_balanced

    assert brackets_balanced("HER2 (ERBB2) [x]") and brackets_balanced("asthma")
    assert not brackets_balanced("carcinoma of the skin (adequate") and not brackets_balanced("a) b") and not brackets_balanced("(a]")
    model = [(0, 30, "DISEASE"), (40, 52, "DISEASE")]
    texts = ["carcinoma of the skin (wound", "HIV (AIDS)"]
    assert merge_model_spans([], model, texts=texts) == [(40, 52, "DISEASE")]


@pytest.mark.parametrize(
    "text,ok",
    [
        ("spinal cord compression", True), ("HER2 (ERBB2)", True), ("active bleeding or", False), ("of the lung", False),
        ("DM4\\", False), ("carcinoma (adequate", False), ("Pharmaceutical form", False), ("poor compliance", False),
        ("stable effusion not requiring drainage", False), ("OS", False), ("DLTs", False), ("GOG 0218", False),
        ("distant", False), ("locally advanced", False), ("metastatic melanoma", True), ("brain metastases allowed", False), ("hospitalised", False), ("deprived of liberty", False), ("infected wound", True), ("Dehydrated", True),
        ("CNS", False), ("renal", False), ("brain metastases", True), ("HLA", False), ("CR2", False), ("MUGA", False),
        ("recovered", False), ("hepatomegaly", True), ("progressed", False), ("copies", False), ("discussion", False), ("coagulation", False),
        ("coagulation disorder", True),
        ("curative intent", False), ("G2", False), ("T3a", False), ("pT2", False), ("N0", False), ("M1c", False),
        ("GX", False), ("cardiac risk factors", True), ("T-cell lymphoma", True), ("M2", True), ("T2D", True), ("cT4", False),
        ("acidic saliva pH˂5.8", False), ("anemia (Hb < 9 g/dL)", False), ("grade ≥2 neuropathy", False), ("stage 3 CKD", True),
        ("Renal: Renal insufficiency", False), ("HLA-A*02:01 positive", True),
        ("acute hepatitis No severe", False), ("gastrointestinal bleeding No", False), ("No evidence of disease", True),
        ("COVID-19 Polymerase Chain", False), ("HIV test", False), ("light chain amyloidosis", True),
        # How a diagnosis was shown, and a lymphoma's course alone, name no condition.
        ("Histologic or cytologic", False), ("histological, cytological", False), ("Serologic", False),
        ("aggressive", False), ("indolent or aggressive", False), ("aggressive lymphoma", True),
        # A lineage alone, a specimen, and the parts of a trial's design.
        ("B-cell", False), ("peripheral blood", False), ("bone marrow", False), ("TRACK", False), ("Stratum", False),
        ("triplicate", False),
    ],
)
def test_a_model_span_must_look_like_a_whole_name(text, ok):
    from nlp_trials.pipeline.names import plausible_name

    assert plausible_name(text) is ok


def test_a_healthy_organ_is_no_disease():
    from nlp_trials.pipeline.names import plausible_name

    assert not plausible_name("healthy saliva pH", "DISEASE") and plausible_name("healthy saliva pH", "LAB_TEST")
    assert plausible_name("Healthy", "DISEASE")  # healthy volunteers, as registries list the condition


def test_a_model_value_is_no_name():
    from nlp_trials.pipeline.names import plausible_name

    assert plausible_name("at least 10 mm", "LAB_VALUE") and plausible_name("not more than 3 x ULN", "LAB_VALUE")
    assert not plausible_name("at least 10 mm", "DISEASE") and not plausible_name("< 5 (if", "LAB_VALUE")


def test_a_model_disease_never_ends_in_a_treatment_word():
    from nlp_trials.pipeline.names import plausible_name

    assert not plausible_name("anti-tumor treatments", "DISEASE")
    assert plausible_name("anti-tumor treatments", "DRUG")


def test_merge_drops_a_model_span_that_runs_past_a_name():
    merged = merge_model_spans([], [(0, 18, "DISEASE")], texts=["active bleeding or"])
    assert merged == []


def test_the_model_proposes_no_disease_after_anti(nlp):
    from spacy.tokens import Span

    from nlp_trials.pipeline.hybrid import SPANS_KEY_MODEL, TrialsHybrid

    doc = nlp.make_doc("other anti-tumor treatments")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 3, 4, label="DISEASE")]  # "tumor"
    assert doc[3].text == "tumor"
    assert list(TrialsHybrid("h")(doc).ents) == []
    # Nor is "anti-tumor" itself one; a longer name that starts so can be ("anti-GBM disease").
    doc = nlp.make_doc("anti-tumor indications or anti-GBM disease")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 0, 3, label="DISEASE"), Span(doc, 5, 9, label="DISEASE")]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == ["anti-GBM disease"]


@pytest.mark.parametrize(
    "text, short, dropped",
    [
        ("maytansinoid derivative 1 [DM1] conjugates", "DM1", True),
        ("maytansinoid derivative 1 \\[DM1\\] conjugates", "DM1", True),
        ("maytansinoid derivative 1 (DM1) conjugates", "DM1", True),
        # Not all the bracket holds, or no entity before it: the model span may stay.
        ("maytansinoid derivative 1 (DM1 or DM4) conjugates", "DM1", False),
        ("patients with (DM1) only", "DM1", False),
    ],
)
def test_a_model_span_that_names_the_entity_before_its_bracket_is_dropped(text, short, dropped):
    from nlp_trials.pipeline.hybrid import bracket_after_entity

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})
    doc = nlp(text)
    start = next(t.i for t in doc if t.text == short)
    drug_end = next((t.i + 1 for t in doc if t.text == "1"), None)
    ends = {drug_end: "DRUG"} if drug_end and "derivative" in text else {}
    assert bracket_after_entity(Span(doc, start, start + 1, label="DISEASE"), ends) is dropped


@pytest.mark.parametrize(
    "text", ["Surgery", "leukapheresis", "prior hemodialysis", "radical nephrectomy", "See Disease", "CABG", "cell growth factor"]
)
def test_a_model_disease_is_no_procedure_and_no_clause(text):
    from nlp_trials.pipeline.names import plausible_name

    assert not plausible_name(text, "DISEASE")
    assert plausible_name("radiation pneumonitis", "DISEASE")


@pytest.mark.parametrize(
    "long_form, no_condition",
    [
        ("total body irradiation", True),
        ("breast-conserving therapy", True),
        ("American Joint Committee on Cancer", True),
        ("Division of AIDS", True),
        ("behavioral approach test", True),
        ("progressive disease", True),
        ("Women of child-bearing potential", True),
        ("Motricity index", True),  # an instrument: its "MI" is no myocardial infarction
        ("Functional Ambulation Category", True),
        ("obstructive sleep apnea syndrome", False),
        ("graft versus host disease", False),
        ("hepatitis B virus", False),
    ],
)
def test_a_long_form_says_whether_its_short_form_can_be_a_disease(long_form, no_condition):
    from nlp_trials.pipeline.names import long_form_names_no_condition

    assert long_form_names_no_condition(long_form) is no_condition


def test_a_model_disease_that_abbreviates_a_procedure_is_dropped(nlp):
    # The text defines TBI as an irradiation; elsewhere TBI is a traumatic brain injury.
    doc = nlp.make_doc("Prior total body irradiation (TBI) or TBI-based conditioning; TBI within 1 year")
    nlp.get_pipe("trials_abbreviations")(doc)
    tbi = [t.i for t in doc if t.text == "TBI"]
    assert len(tbi) == 3
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, i, i + 1, label="DISEASE") for i in tbi]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == []
    # Defined as the injury, the model's short forms stay.
    doc = nlp.make_doc("History of traumatic brain injury (TBI); TBI within 1 year")
    nlp.get_pipe("trials_abbreviations")(doc)
    tbi = [t.i for t in doc if t.text == "TBI"]
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, i, i + 1, label="DISEASE") for i in tbi]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == ["TBI", "TBI"]
    # Another text of the record said it is no condition ("total body irradiation (TBI)").
    doc = nlp.make_doc("Contraindication to TBI")
    doc._.record_abbreviations = [{"short": "TBI", "label": "", "id": ""}]
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 2, 3, label="DISEASE")]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == []


def test_a_model_span_loses_the_punctuation_at_its_edges():
    from nlp_trials.pipeline.hybrid import trim_edge_punctuation

    nlp = spacy.blank("en")
    doc = nlp("basal cell carcinoma of the skin; or ; ,")
    trimmed = trim_edge_punctuation(Span(doc, 0, 7, label="DISEASE"))
    assert (trimmed.text, trimmed.label_) == ("basal cell carcinoma of the skin", "DISEASE")
    whole = Span(doc, 0, 6, label="DISEASE")
    assert trim_edge_punctuation(whole) is whole
    assert trim_edge_punctuation(Span(doc, 8, 10, label="DISEASE")) is None
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 0, 7, label="DISEASE")]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == ["basal cell carcinoma of the skin"]


@pytest.mark.parametrize(
    "text, label, kept",
    [
        ("19 or higher for boys", "LAB_VALUE", "19 or higher"),  # a function word ends no value
        ("major medical or psychiatric", "DISEASE", "major medical or"),  # a cut name stays cut, to be refused
        ("' Step 1 '", "DISEASE", "Step 1"),  # quotes
        ("hepatitis A", "DISEASE", "hepatitis A"),
    ],
)
def test_a_model_span_loses_quotes_and_a_value_its_last_function_words(text, label, kept):
    from nlp_trials.pipeline.hybrid import trim_edge_punctuation

    doc = spacy.blank("en")(text)
    end = len(doc) - 1 if text.endswith(("boys", "psychiatric")) else len(doc)
    assert trim_edge_punctuation(Span(doc, 0, end, label=label)).text == kept


def test_a_paired_label_is_added_only_next_to_its_partner():
    pairs = {"LAB_TEST": "LAB_VALUE"}
    merge = functools.partial(merge_model_spans, labels=["LAB_TEST", "LAB_VALUE"], paired_labels=pairs, pair_gap=1)
    # "CAC between 10 and 1000" (character offsets): the model's test sits right before a rule value.
    assert merge([(4, 23, "LAB_VALUE")], [(0, 3, "LAB_TEST")]) == [(0, 3, "LAB_TEST"), (4, 23, "LAB_VALUE")]
    # A value the model proposes with it counts as its partner; after the value is fine as well.
    assert merge([], [(0, 3, "LAB_TEST"), (4, 23, "LAB_VALUE")]) == [(0, 3, "LAB_TEST"), (4, 23, "LAB_VALUE")]
    assert merge([(0, 4, "LAB_VALUE")], [(5, 8, "LAB_TEST")]) == [(0, 4, "LAB_VALUE"), (5, 8, "LAB_TEST")]
    # Too far, or no value at all: the model's test is dropped; rule spans never are.
    assert merge([(9, 20, "LAB_VALUE")], [(0, 3, "LAB_TEST")]) == [(9, 20, "LAB_VALUE")]
    assert merge([(0, 3, "LAB_TEST")], [(10, 13, "LAB_TEST")]) == [(0, 3, "LAB_TEST")]
    # Labels that need no partner are added as before.
    assert merge_model_spans([], [(10, 14, "DISEASE")], paired_labels=pairs) == [(10, 14, "DISEASE")]


@pytest.mark.parametrize(
    ("text", "value", "test", "kept"),
    [
        ("Pain ( VPS ) > 3", "> 3", None, True),  # a compared number stands on its own
        ("Myopia > 6 D", "> 6 D", None, True),
        ("Age : 19~45", "19~45", None, False),  # an age
        ("Male at the age of ≥ 5", "≥ 5", None, False),
        ("Chronic Kidney Disease stage 1-5", "1-5", None, False),  # a stage of no test
        ("MGFA Class II-IVa and", "Class II-IVa", None, False),
        ("K-L grade 2-3", "2-3", "K-L", True),  # a stage of a staging test
        ("factors that could have a negative influence", "negative", None, False),  # a word value needs a test
        ("abnormal renal clearance", "abnormal", "renal clearance", True),
        ("Urine protein < ++", "< ++", "Urine protein", True),
        ("QTcF = QT/RR", "= QT/RR", "QTcF", False),  # a formula's term
        ("AMENDMENT 9/19/96 :", "9/19/96", None, False),  # a date
        ("transfusion ( ≥ 2 times within 1 week )", "≥ 2 times", None, False),  # a count of events
        ("At least 6 x 5 μm slides", "At least 6 x 5 μm", None, False),  # a size
        ("Protocol L18006 v5.0 Page 9 of 52", "9 of 52", None, False),  # a page footer
        ("Group A (up to n = 5)", "= 5", None, False),  # a group's size
        ("ANC ≥ 1.5 x 10 9 /L", "≥ 1.5 x 10 9 /L", "ANC", True),
        ("ALT ≤ 3 times ULN", "≤ 3 times ULN", "ALT", True),
    ],
)
def test_a_model_value_is_one_the_value_rules_would_keep(text, value, test, kept):
    from nlp_trials.pipeline.hybrid import plausible_value

    nlp = spacy.blank("en")
    doc = nlp(text)

    def span(part: str) -> Span:
        start = text.index(part)
        return doc.char_span(start, start + len(part))

    tests = [] if test is None else [(span(test).start, span(test).end)]
    assert plausible_value(span(value), tests) is kept


def test_the_merge_drops_implausible_model_values():
    nlp = spacy.blank("en")
    doc = nlp("Age : 19~45 and Myopia > 6 D")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 2, 3, label="LAB_VALUE"), Span(doc, 5, 8, label="LAB_VALUE")]
    doc.ents = [Span(doc, 4, 5, label="DISEASE")]
    assert [e.text for e in TrialsHybrid("h", labels=["DISEASE", "LAB_VALUE"])(doc).ents] == ["Myopia", "> 6 D"]


def test_a_stage_is_a_value_only_after_a_test_of_the_rules():
    from nlp_trials.pipeline.hybrid import plausible_test, plausible_value

    nlp = spacy.blank("en")
    doc = nlp("FIGO stage III-IV disease")
    # The model calls "FIGO stage" a test and "III-IV" its value: the rules call it the disease's stage.
    assert not plausible_test(doc[0:2])
    assert not plausible_value(doc[2:3], [(0, 2)], [])
    # After a staging test of the rules ("Child-Pugh class B") the stage stands.
    doc = Doc(nlp.vocab, words=["Child-Pugh", "class", "B", "or", "C"])
    assert plausible_value(doc[2:5], [(0, 1)], [(0, 1)])
    assert not plausible_value(doc[2:5], [(0, 1)], [])
    assert plausible_test(nlp("CAC score")[0:2])


@pytest.mark.parametrize(
    ("text", "value", "test"),
    [
        # A model value with no test before it takes the words before it, as a rule threshold does.
        ("disorder ( MADRS more than 20 point )", "more than 20 point", "MADRS"),
        ("At baseline, walking distance 150m-550m .", "150m-550m", "walking distance"),
        # Not for a grade (a disease's), nor a head that names nothing alone.
        ("preexisting dysfunction greater than grade 1", "greater than grade 1", None),
        ("HSS7 score ( range 0-21 )", "0-21", None),
    ],
)
def test_a_model_value_without_a_test_takes_the_words_before_it(text, value, test):
    nlp = spacy.blank("en")
    doc = nlp(text)
    start = text.index(value)
    model_value = doc.char_span(start, start + len(value))
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, model_value.start, model_value.end, label="LAB_VALUE")]
    ents = TrialsHybrid("h")(doc).ents
    assert [(e.text, e.label_) for e in ents if e.label_ == "LAB_TEST"] == ([] if test is None else [(test, "LAB_TEST")])
    if test is not None:
        assert [e.id_ for e in ents if e.label_ == "LAB_TEST"] == [f"lab_test:{test.lower()}"]
        # Switched off, the value stands alone.
        doc.ents = []
        assert [e.label_ for e in TrialsHybrid("h", name_value_tests=False)(doc).ents] == ["LAB_VALUE"]


def test_a_model_span_over_a_coordination_of_rule_diseases_widens_nothing():
    nlp = spacy.blank("en")
    doc = nlp("cardiovascular and cerebrovascular disease history")
    doc.ents = [Span(doc, 0, 1, label="DISEASE", span_id="disease:cardiovascular disease"), Span(doc, 2, 4, label="DISEASE", span_id="disease:cerebrovascular disease")]
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 0, 4, label="DISEASE")]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == ["cardiovascular", "cerebrovascular disease"]
    # One rule disease inside a longer model name is widened as before.
    doc = nlp("small cell lung cancer")
    doc.ents = [Span(doc, 2, 4, label="DISEASE", span_id="disease:lung cancer")]
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 0, 4, label="DISEASE")]
    assert [e.text for e in TrialsHybrid("h")(doc).ents] == ["small cell lung cancer"]


def test_a_model_name_that_only_says_which_occurrence_keeps_the_rule_disease():
    from nlp_trials.pipeline.hybrid import modified_disease

    nlp = spacy.blank("en")
    doc = nlp("No other active malignancy or small cell lung cancer")
    malignancy, lung = Span(doc, 3, 4, label="DISEASE"), Span(doc, 7, 9, label="DISEASE")
    words = {"other", "active", "second"}
    assert modified_disease(Span(doc, 1, 4, label="DISEASE"), [malignancy, lung], words) is malignancy
    assert modified_disease(Span(doc, 5, 9, label="DISEASE"), [malignancy, lung], words) is None  # "small cell" names the cancer
    assert modified_disease(Span(doc, 3, 4, label="DISEASE"), [malignancy, lung], words) is None  # the same span


def test_the_merge_keeps_the_id_of_a_disease_written_with_its_occurrence(nlp):
    # The rule pipeline's word lists, a model span over "second malignancy" set by hand.
    hybrid = TrialsHybrid("h", nlp=nlp)
    doc = nlp("No second malignancy")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 1, 3, label="DISEASE")]
    [ent] = [e for e in hybrid(doc).ents if e.label_ == "DISEASE"]
    assert (ent.text, ent._.norm) == ("malignancy", "cancer")
    # A word that names the disease still widens it.
    doc = nlp("No myeloid malignancy")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 1, 3, label="DISEASE")]
    assert [e.text for e in hybrid(doc).ents if e.label_ == "DISEASE"] == ["myeloid malignancy"]


@pytest.mark.parametrize(
    "text,model,expected",
    [
        # Severity, control and certainty say how the patient has the disease, not which one: the
        # model's name stands, with the rule disease's id.
        ("Uncontrolled hypertension", (0, 2), ("Uncontrolled hypertension", "hypertension")),
        ("Clinically significant symptomatic heart disease", (0, 5), ("Clinically significant symptomatic heart disease", "heart disease")),
        ("other severe infection", (0, 3), ("other severe infection", "disease by infectious agent")),
        # How it is known or since when widens nothing: the rule disease stands alone.
        ("documented current hypertension", (0, 3), ("hypertension", "hypertension")),
        # "acute" and "chronic" may name another disease: the model's name stands.
        ("acute undifferentiated leukemia", (0, 3), ("acute undifferentiated leukemia", None)),
    ],
)
def test_the_merge_keeps_the_id_of_a_disease_written_with_its_severity(nlp, text, model, expected):
    hybrid = TrialsHybrid("h", nlp=nlp)
    doc = nlp(text)
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, *model, label="DISEASE")]
    [ent] = [e for e in hybrid(doc).ents if e.label_ == "DISEASE"]
    assert (ent.text, ent._.norm) == expected


def test_a_widened_disease_keeps_the_rule_concept_as_its_broader_one(nlp):
    from nlp_trials.export.spans import span_record
    from nlp_trials.export.writers import brat_ann

    hybrid = TrialsHybrid("h", nlp=nlp)
    doc = nlp("No oropharyngeal candidiasis or asthma")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 1, 3, label="DISEASE")]
    ents = {e.text: e for e in hybrid(doc).ents}
    widened, asthma = ents["oropharyngeal candidiasis"], ents["asthma"]
    # The name has no id of its own; the vocabulary disease inside it is the concept it is a kind of.
    assert (widened._.norm, widened._.code) == (None, None)
    assert widened._.broader == {"norm": "candidiasis", "id": "DOID:1508"}
    assert asthma._.broader is None and asthma._.code
    assert span_record(widened)["broader"] == {"norm": "candidiasis", "id": "DOID:1508"}
    assert "broader=candidiasis (DOID:1508)" in brat_ann(doc)


def test_broader_concepts_needs_exactly_one_rule_disease_inside():
    from nlp_trials.pipeline.hybrid import broader_concepts

    doc = spacy.blank("en")("renal cell cancer and lung cancer")
    cancer = Span(doc, 2, 3, label="DISEASE", span_id="disease:cancer|DOID:162")
    lung = Span(doc, 4, 6, label="DISEASE", span_id="disease:lung cancer|DOID:1324")
    wide = Span(doc, 0, 3, label="DISEASE")
    both = Span(doc, 0, 6, label="DISEASE")
    assert broader_concepts([wide], [cancer, lung]) == [[0, 17, 11, 17, "disease:cancer|DOID:162"]]
    assert broader_concepts([both], [cancer, lung]) == []  # two concepts: neither is the broader one
    assert broader_concepts([cancer], [cancer]) == []  # the rule span itself


def test_a_model_values_test_takes_in_the_tumour_it_measures():
    # The rules' "tumor" is inside the test step 9 names; the two must not both be entities
    # (spaCy refuses overlapping ents, and the whole batch failed on this XML record).
    nlp = spacy.blank("en")
    text = "Estimated clinical tumor depth 1.0-6.0 cm from the epidermis"
    doc = nlp(text)
    tumor = doc.char_span(text.index("tumor"), text.index("tumor") + 5)
    doc.ents = [Span(doc, tumor.start, tumor.end, label="DISEASE")]
    value = doc.char_span(text.index("1.0"), text.index(" from"))
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, value.start, value.end, label="LAB_VALUE")]
    ents = TrialsHybrid("h")(doc).ents
    assert [(e.text, e.label_) for e in ents] == [("tumor depth", "LAB_TEST"), ("1.0-6.0 cm", "LAB_VALUE")]


@pytest.mark.parametrize(
    "text,start,end,cut",
    [
        ("Non-diabetic ulcers", 0, 2, True),  # "Non-"
        ("Hyper- or hypothyroidism", 0, 2, False),  # the first of two names sharing their end
        ("symptomatic brady- or tachyarrhythmias", 1, 3, False),
        ("colony-", 0, 2, True),
        ("Non-Hodgkin lymphoma", 0, 4, False),
    ],
)
def test_a_model_span_cut_off_after_a_prefix_is_dropped(nlp, text, start, end, cut):
    from nlp_trials.pipeline.hybrid import cut_prefix

    doc = nlp.make_doc(text)
    assert cut_prefix(Span(doc, start, end, label="DISEASE")) is cut
