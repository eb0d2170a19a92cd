"""Eligibility relations on inline text with hand-placed spans: each shape of issue 4."""

from __future__ import annotations

from eligibility_util import espans

from nlp_trials.link.eligibility import dose_relations, eligibility_relations
from nlp_trials.link.spans import Entity
from nlp_trials.link.thresholds import link_values
from nlp_trials.link.windows import duration_subjects, normalize_anchor, read_window


def pairs(text: str, entities: list[Entity], label: str) -> set[tuple[str, str]]:
    return {(r.head.text, r.tail.text) for r in eligibility_relations(text, entities) if r.label == label}


def test_each_test_gets_the_value_after_it():
    text = "neutrophil count ≥ 1.5×10 9 /L; platelet count (PLT) ≥ 75×10 9 /L; hemoglobin ≥ 9 g/dL"
    e = espans(
        text, ("neutrophil count", "LAB_TEST"), ("≥ 1.5×10 9 /L", "LAB_VALUE"), ("platelet count", "LAB_TEST"), ("PLT", "LAB_TEST"),
        ("≥ 75×10 9 /L", "LAB_VALUE"), ("hemoglobin", "LAB_TEST"), ("≥ 9 g/dL", "LAB_VALUE"),
    )
    # The abbreviation in brackets is the same test: one relation, from the long form.
    assert pairs(text, e, "HAS_VALUE") == {("neutrophil count", "≥ 1.5×10 9 /L"), ("platelet count", "≥ 75×10 9 /L"), ("hemoglobin", "≥ 9 g/dL")}
    assert [t.text for t in link_values(text, e)[1].tests] == ["platelet count", "PLT"]


def test_a_value_in_brackets_with_another_test_is_that_tests():
    text = "Patients must have adequate hepatic function (bilirubin less than 1.5 mg%)."
    e = espans(text, ("hepatic function", "LAB_TEST", "liver function tests"), ("bilirubin", "LAB_TEST", "total bilirubin"), ("less than 1.5 mg%", "LAB_VALUE"))
    assert [t.text for t in link_values(text, e)[0].tests] == ["bilirubin"]
    # A short form or a synonym in the bracket keeps both names.
    text2 = "Absolute neutrophil count (ANC ≥ 1500/mm3)"
    e2 = espans(text2, ("Absolute neutrophil count", "LAB_TEST", "absolute neutrophil count"), ("ANC", "LAB_TEST", "absolute neutrophil count"), ("≥ 1500/mm3", "LAB_VALUE"))
    assert [t.text for t in link_values(text2, e2)[0].tests] == ["Absolute neutrophil count", "ANC"]
    # A bracket closed before the value is an aside of the test before it.
    text3 = "serum total bilirubin (TB) ≤ 2×ULN"
    e3 = espans(text3, ("serum total bilirubin", "LAB_TEST", "total bilirubin"), ("TB", "LAB_TEST", "total bilirubin"), ("≤ 2×ULN", "LAB_VALUE"))
    assert [t.text for t in link_values(text3, e3)[0].tests] == ["serum total bilirubin", "TB"]


def test_one_value_is_shared_by_a_list_of_tests():
    for text in ("AST, ALT<2.5X ULN", "AST and ALT < 5×ULN", "Amylase and lipase ≤ 1.5 × ULN"):
        first, second, value = ("Amylase", "lipase", "≤ 1.5 × ULN") if "Amylase" in text else ("AST", "ALT", text[text.index("<"):])
        e = espans(text, (first, "LAB_TEST"), (second, "LAB_TEST"), (value, "LAB_VALUE"))
        assert pairs(text, e, "HAS_VALUE") == {(first, value), (second, value)}, text


def test_a_heading_before_a_colon_is_not_part_of_the_list():
    text = "Liver function: ALT ≤ 2.5×ULN"
    e = espans(text, ("Liver function", "LAB_TEST"), ("ALT", "LAB_TEST"), ("≤ 2.5×ULN", "LAB_VALUE"))
    assert pairs(text, e, "HAS_VALUE") == {("ALT", "≤ 2.5×ULN")}


def test_a_value_does_not_reach_into_another_clause_or_far_back():
    text = "platelet count must be checked at screening by the central laboratory of the site; ≥ 100×10 9 /L"
    e = espans(text, ("platelet count", "LAB_TEST"), ("≥ 100×10 9 /L", "LAB_VALUE"))
    assert pairs(text, e, "HAS_VALUE") == set()


def test_parenthesized_variant_for_liver_metastases_links_the_same_tests_and_the_disease():
    text = "AST, ALT<2.5X ULN (<5 X ULN if liver metastases are present)"
    e = espans(text, ("AST", "LAB_TEST"), ("ALT", "LAB_TEST"), ("<2.5X ULN", "LAB_VALUE"), ("<5 X ULN", "LAB_VALUE"), ("liver metastases", "DISEASE", None, ["conditional"]))
    assert pairs(text, e, "HAS_VALUE") == {("AST", "<2.5X ULN"), ("ALT", "<2.5X ULN"), ("AST", "<5 X ULN"), ("ALT", "<5 X ULN")}
    assert pairs(text, e, "APPLIES_WHEN") == {("<5 X ULN", "liver metastases")}
    variant = link_values(text, e)[1]
    assert variant.qualifier == "liver metastases" and variant.variant_of is not None


def test_qualifier_before_the_tests():
    text = "total bilirubin ≤ 1.5 × ULN; for patients with liver metastasis, AST and ALT < 5×ULN;"
    e = espans(
        text, ("total bilirubin", "LAB_TEST"), ("≤ 1.5 × ULN", "LAB_VALUE"), ("liver metastasis", "DISEASE"), ("AST", "LAB_TEST"),
        ("ALT", "LAB_TEST"), ("< 5×ULN", "LAB_VALUE"),
    )
    assert pairs(text, e, "HAS_VALUE") == {("total bilirubin", "≤ 1.5 × ULN"), ("AST", "< 5×ULN"), ("ALT", "< 5×ULN")}
    assert pairs(text, e, "APPLIES_WHEN") == {("< 5×ULN", "liver metastasis")}
    assert link_values(text, e)[0].qualifier is None


def test_qualifier_after_the_value_for_bone_metastases():
    text = "alkaline phosphatase ≤ 2.5 × ULN, ≤ 5×ULN for patients with bone metastases"
    e = espans(text, ("alkaline phosphatase", "LAB_TEST"), ("≤ 2.5 × ULN", "LAB_VALUE"), ("≤ 5×ULN", "LAB_VALUE"), ("bone metastases", "DISEASE"))
    assert pairs(text, e, "HAS_VALUE") == {("alkaline phosphatase", "≤ 2.5 × ULN"), ("alkaline phosphatase", "≤ 5×ULN")}
    assert pairs(text, e, "APPLIES_WHEN") == {("≤ 5×ULN", "bone metastases")}


def test_untagged_qualifier_is_kept_as_text():
    text = "bilirubin ≤ 1.5 × ULN (≤ 3 × ULN in subjects with Gilbert's syndrome)"
    e = espans(text, ("bilirubin", "LAB_TEST"), ("≤ 1.5 × ULN", "LAB_VALUE"), ("≤ 3 × ULN", "LAB_VALUE"))
    links = link_values(text, e)
    assert [link.qualifier for link in links] == [None, "Gilbert's syndrome"]
    assert pairs(text, e, "APPLIES_WHEN") == set()


def test_unless_names_the_patients_a_value_is_not_for():
    text = "Neutrophils ≥ 1.0 x 10^9/L unless due to marrow involvement"
    e = espans(text, ("Neutrophils", "LAB_TEST"), ("≥ 1.0 x 10^9/L", "LAB_VALUE"), ("marrow involvement", "DISEASE"))
    [link] = link_values(text, e)
    assert (link.qualifier, link.unless) == ("due to marrow involvement", True)
    assert pairs(text, e, "APPLIES_UNLESS") == {("≥ 1.0 x 10^9/L", "marrow involvement")}
    assert pairs(text, e, "APPLIES_WHEN") == set()
    text = "Total bilirubin ≤ 1.5 × ULN (except in patients with Gilbert's syndrome)"
    e = espans(text, ("Total bilirubin", "LAB_TEST"), ("≤ 1.5 × ULN", "LAB_VALUE"), ("Gilbert's syndrome", "DISEASE"))
    [link] = link_values(text, e)
    assert (link.qualifier, link.unless) == ("Gilbert's syndrome", True)
    # "if" still names the patients a value is for.
    text = "Platelets ≥ 50 × 10^9/L if due to marrow involvement"
    e = espans(text, ("Platelets", "LAB_TEST"), ("≥ 50 × 10^9/L", "LAB_VALUE"))
    assert [(link.qualifier, link.unless) for link in link_values(text, e)] == [("due to marrow involvement", False)]


def test_a_qualifier_follows_a_wrapped_line_and_stops_at_the_next_item():
    cases = [
        # A wrapped line that goes on in lower case is the same qualifier, its lines joined.
        ("Platelet count at least 100,000/mm3 (unless due to bone marrow involvement by\n     lymphoma)", "at least 100,000/mm3", "due to bone marrow involvement by lymphoma"),
        # "are present" only says the condition holds.
        ("AST < 5 × ULN (if liver\n     metastases present)", "< 5 × ULN", "liver metastases"),
        # Run-on lists: the next item's heading, or a capitalized word after a lower-case one.
        ("Bilirubin less than 2.0 mg/dL, unless secondary to lymphoma Renal: Creatinine less than 2", "less than 2.0 mg/dL", "secondary to lymphoma"),
        ("Bilirubin no greater than 1.5 mg/dL, except Gilbert's syndrome PT and aPTT normal", "no greater than 1.5 mg/dL", "Gilbert's syndrome"),
        # ... but not a disease's name, or a word after "and", "of", "to" ...
        ("Bilirubin < 2 mg/dL (unless due to hemolysis or CLL)", "< 2 mg/dL", "due to hemolysis or CLL"),
        ("ALT < 3 × ULN (unless documented Hodgkin's disease involving the liver)", "< 3 × ULN", "documented Hodgkin's disease involving the liver"),
        # A bracket inside ends it.
        ("Karnofsky score < 50 (except renal cell carcinoma [RCC])", "< 50", "renal cell carcinoma"),
    ]
    for text, value, qualifier in cases:
        test = text.split(" ")[0]
        e = [*espans(text, (test, "LAB_TEST"), (value, "LAB_VALUE"))]
        if "Hodgkin" in text:
            e += espans(text, ("Hodgkin's disease", "DISEASE"))
        if "CLL" in text:
            e += espans(text, ("CLL", "DISEASE"))
        assert link_values(text, e)[0].qualifier == qualifier, text


def test_the_value_after_unless_is_for_those_patients():
    for text in (
        "AST and ALT ≤ 2.5 × ULN (unless related to liver metastases, then no greater than 5 × ULN)",
        "AST and ALT ≤ 2.5 × ULN (unless liver metastases are present, in which case ≤ 5 × ULN)",
    ):
        second = text[text.rindex("no greater") if "no greater" in text else text.rindex("≤"):-1]
        e = espans(text, ("AST", "LAB_TEST"), ("ALT", "LAB_TEST"), ("≤ 2.5 × ULN", "LAB_VALUE"), ("liver metastases", "DISEASE"), (second, "LAB_VALUE"))
        first, variant = link_values(text, e)
        assert first.unless and not variant.unless, text
        assert [t.text for t in variant.tests] == ["AST", "ALT"] and variant.variant_of == first.value
        assert variant.qualifier == first.qualifier
        assert pairs(text, e, "APPLIES_WHEN") == {(second, "liver metastases")}
        assert pairs(text, e, "APPLIES_UNLESS") == {("≤ 2.5 × ULN", "liver metastases")}


def test_if_clause_value_is_a_condition_and_qualifies_what_follows():
    text = "Serum creatinine ≤ 1.5 × ULN. If serum creatinine is > 1.5 × ULN, creatinine clearance > 50 mL/min"
    e = espans(
        text, ("Serum creatinine", "LAB_TEST"), ("≤ 1.5 × ULN", "LAB_VALUE"), ("serum creatinine", "LAB_TEST"), ("> 1.5 × ULN", "LAB_VALUE"),
        ("creatinine clearance", "LAB_TEST"), ("> 50 mL/min", "LAB_VALUE"),
    )
    links = link_values(text, e)
    assert [link.is_condition for link in links] == [False, True, False]
    assert links[2].qualifier == "serum creatinine is > 1.5 × ULN"


def test_value_written_before_its_test():
    text = "Positive HIV antibody test"
    e = espans(text, ("Positive", "LAB_VALUE"), ("HIV antibody test", "LAB_TEST"))
    assert pairs(text, e, "HAS_VALUE") == {("HIV antibody test", "Positive")}
    # Not when the test's own value follows it at once.
    text = "MLA <4mm2 plaque burden>70%"
    e = espans(text, ("<4mm2", "LAB_VALUE"), ("plaque burden", "LAB_TEST"), (">70%", "LAB_VALUE"))
    assert pairs(text, e, "HAS_VALUE") == {("plaque burden", ">70%")}


def test_sex_specific_bounds_are_qualified():
    text = "QTcF >450 ms (male) or QTcF >470 ms (female)"
    e = espans(text, ("QTcF", "LAB_TEST"), (">450 ms", "LAB_VALUE"), ("QTcF", "LAB_TEST"), (">470 ms", "LAB_VALUE"))
    assert [link.qualifier for link in link_values(text, e)] == ["male", "female"]


def test_duration_bounds_the_entity_before_it_in_its_clause():
    text = "Myocardial infarction within 1 year; chemotherapy, radiotherapy or immunotherapy within 4 weeks prior to randomization"
    e = espans(
        text, ("Myocardial infarction", "DISEASE"), ("within 1 year", "DURATION"), ("chemotherapy", "DRUG"), ("radiotherapy", "DRUG"),
        ("immunotherapy", "DRUG"), ("within 4 weeks prior to randomization", "DURATION"),
    )
    assert pairs(text, e, "HAS_DURATION") == {
        ("Myocardial infarction", "within 1 year"), ("chemotherapy", "within 4 weeks prior to randomization"),
        ("radiotherapy", "within 4 weeks prior to randomization"), ("immunotherapy", "within 4 weeks prior to randomization"),
    }


def test_stacked_durations_share_the_subject_and_exceptions_are_skipped():
    text = "steroids equivalent to >15 mg/day of prednisone for more than 3 days within 2 weeks before apheresis"
    e = espans(text, ("steroids", "DRUG"), (">15 mg/day", "DOSE"), ("prednisone", "DRUG"), ("for more than 3 days", "DURATION"), ("within 2 weeks", "DURATION"))
    subjects = duration_subjects(text, e)
    assert [[s.text for s in v] for v in subjects.values()] == [["prednisone"], ["prednisone"]]
    text2 = "anticoagulant therapy (except low molecular weight heparin) within 2 weeks"
    e2 = espans(text2, ("anticoagulant", "DRUG"), ("heparin", "DRUG", None, ["exception"]), ("within 2 weeks", "DURATION"))
    assert pairs(text2, e2, "HAS_DURATION") == {("anticoagulant", "within 2 weeks")}


def test_a_window_after_another_windows_anchor_bounds_the_same_subject():
    text = "pregnant within 5 months after the final dose of atezolizumab or 6 months after the final dose of bevacizumab"
    e = espans(text, ("pregnant", "DISEASE"), ("within 5 months", "DURATION"), ("atezolizumab", "DRUG"), ("6 months", "DURATION"), ("bevacizumab", "DRUG"))
    assert pairs(text, e, "HAS_DURATION") == {("pregnant", "within 5 months"), ("pregnant", "6 months")}


def test_a_window_after_a_bracket_of_examples_bounds_what_the_bracket_follows():
    text = "strong CYP3A4 inhibitors (e.g., ketoconazole, itraconazole) within 14 days"
    e = espans(text, ("strong CYP3A4 inhibitors", "DRUG"), ("ketoconazole", "DRUG"), ("itraconazole", "DRUG"), ("within 14 days", "DURATION"))
    assert pairs(text, e, "HAS_DURATION") == {("strong CYP3A4 inhibitors", "within 14 days")}
    # The bracket that holds the last subject, not the last bracket opened; and an owner inside a
    # bracket still open lists from there.
    text = "Severe co-morbidities (CHF [NYHA class II or worse], MI, CVA or TIA) within 3 months"
    e = espans(text, ("co-morbidities", "DISEASE"), ("CHF", "DISEASE"), ("MI", "DISEASE"), ("CVA", "DISEASE"), ("TIA", "DISEASE"), ("within 3 months", "DURATION"))
    assert pairs(text, e, "HAS_DURATION") == {("co-morbidities", "within 3 months")}
    text = "active coronary artery disease (myocardial infarction [MI] more than 6 months prior to entry is allowed)"
    e = espans(text, ("coronary artery disease", "DISEASE"), ("myocardial infarction", "DISEASE"), ("MI", "DISEASE"), ("more than 6 months", "DURATION"))
    assert pairs(text, e, "HAS_DURATION") == {("myocardial infarction", "more than 6 months")}
    # A bracket after no subject keeps its own.
    text = "Prior therapy (chemotherapy or radiotherapy) within 4 weeks"
    e = espans(text, ("chemotherapy", "PROCEDURE"), ("radiotherapy", "PROCEDURE"), ("within 4 weeks", "DURATION"))
    assert pairs(text, e, "HAS_DURATION") == {("chemotherapy", "within 4 weeks"), ("radiotherapy", "within 4 weeks")}


def test_a_window_first_in_its_clause_bounds_what_follows():
    text = "Within 6 months before enrollment, myocardial infarction"
    e = espans(text, ("Within 6 months", "DURATION"), ("myocardial infarction", "DISEASE"))
    assert pairs(text, e, "HAS_DURATION") == {("myocardial infarction", "Within 6 months")}


def test_window_reading_relation_direction_and_anchor():
    cases = {
        "within 4 weeks prior to randomization": ("within", "before", "randomization"),
        "at least 7 months after termination of study therapy": ("after", "after", "last dose"),
        "for ≥4 weeks prior to the first dose": ("for", "before", "first dose"),
        "within 14 days prior to the first dose of study treatment": ("within", "before", "first dose"),
        "4 weeks before the planned apheresis": ("before", "before", "apheresis"),
        "for ≥ 2 weeks": ("for", None, None),
        "in the past 2 years": ("within", None, None),
        "over the previous 2 weeks": ("within", None, None),
        "in the prior 3 months": ("within", None, None),
        "in past six months": ("within", None, None),
        "over the next 12 months": ("for", None, None),
        "within a 6-month period before enrollment": ("within", "before", "enrollment"),
    }
    for text, want in cases.items():
        d = espans(text, (text, "DURATION"))[0]
        r = read_window(text, d)
        assert (r.relation, r.direction, r.anchor) == want, text


def test_anchor_after_the_span_is_read_too():
    text = "An embolic event within 6 months before cell transfusion; other"
    d = espans(text, ("within 6 months", "DURATION"))[0]
    r = read_window(text, d)
    assert (r.anchor, r.anchor_text, text[d.start:r.end]) == ("infusion", "cell transfusion", "within 6 months before cell transfusion")
    text2 = "progressed within 6 months of treatment completion;"
    d2 = espans(text2, ("within 6 months of treatment", "DURATION"))[0]
    assert read_window(text2, d2).anchor == "last dose"


def test_the_anchor_after_elapsed_and_before_such_as():
    text = "At least 3 weeks must have\nelapsed since the last dose of chemotherapy."
    d = espans(text, ("At least 3 weeks", "DURATION"))[0]
    r = read_window(text, d)
    assert (r.relation, r.anchor, text[d.start:r.end]) == ("after", "last dose", "At least 3 weeks must have\nelapsed since the last dose of chemotherapy")
    text2 = "≥ 12 weeks must have elapsed from the completion of radiation therapy"
    r2 = read_window(text2, espans(text2, ("≥ 12 weeks", "DURATION"))[0])
    assert (r2.relation, r2.anchor) == ("after", "completion of radiotherapy")
    # Examples and lists after the event are not part of it.
    text3 = "≥ 2 weeks from last cytostatic chemotherapy such as erlotinib"
    assert read_window(text3, espans(text3, ("≥ 2 weeks", "DURATION"))[0]).anchor == "last cytostatic chemotherapy"
    text4 = "for at least 2 weeks prior to study registration\n including any of the following:"
    r4 = read_window(text4, espans(text4, (text4.split("\n")[0], "DURATION"))[0])
    assert (r4.anchor, r4.anchor_text) == ("enrollment", "study registration")
    # An anchor cut before a pronoun ends on its noun; "day 1 of the last cycle" is no first dose.
    text6 = "at least 4 weeks must have elapsed since discontinuation of that therapy"
    assert read_window(text6, espans(text6, ("at least 4 weeks", "DURATION"))[0]).anchor_text == "discontinuation"
    text7 = "no longer than 12 weeks from day 1 of the last chemotherapy cycle"
    assert read_window(text7, espans(text7, ("no longer than 12 weeks", "DURATION"))[0]).anchor != "first dose"
    text8 = "from 30 days prior to vaccination up to 6 months after the last injection"
    assert read_window(text8, espans(text8, ("30 days", "DURATION"))[0]).anchor_text == "vaccination"
    text9 = "At least 3 months since megadose vitamin A; at least 4 weeks since any prior treatment directed at the tumor"
    assert read_window(text9, espans(text9, ("At least 3 months", "DURATION"))[0]).anchor == "megadose vitamin a"
    # "elapsed" far from the amount is no anchor of it.
    text5 = "Surgery 2 weeks ago; time elapsed since diagnosis"
    assert read_window(text5, espans(text5, ("2 weeks", "DURATION"))[0]).anchor is None


def test_an_anchor_wrapped_over_two_lines_is_read_whole():
    text = "Biologic therapy: At least 4 weeks since prior myeloid growth\n     factor Chemotherapy: none"
    d = espans(text, ("At least 4 weeks", "DURATION"))[0]
    r = read_window(text, d)
    assert (r.anchor, text[d.start:r.end]) == ("myeloid growth factor", "At least 4 weeks since prior myeloid growth\n     factor")


def test_after_a_bare_treatment_or_study_the_anchor_is_its_end():
    for text, window, anchor in [
        ("contraception during and for 6 months after therapy", "for 6 months after therapy", "last dose"),
        ("contraception during and for 1 month after study", "for 1 month after study", "end of study"),
        ("no infection within 14 days before therapy", "within 14 days before therapy", "first dose"),
        ("surgery within 3 months after study entry", "within 3 months after study entry", "study entry"),
    ]:
        d = espans(text, (window, "DURATION"))[0]
        assert read_window(text, d).anchor == anchor, text


def test_anchor_names_are_normalized():
    assert normalize_anchor("the first dose of study treatment") == "first dose"
    assert normalize_anchor("Randomisation") == "randomization"
    assert normalize_anchor("study entry") == "study entry"
    assert normalize_anchor("enrolment") == "enrollment"
    assert normalize_anchor("the examination") == "examination"
    # "since prior chemotherapy" and "since chemotherapy" are one event; "last menstrual period" keeps its "last".
    assert normalize_anchor("prior chemotherapy", "after") == normalize_anchor("chemotherapy", "after") == "chemotherapy"
    assert normalize_anchor("any prior systemic therapy", "after") == "systemic therapy"
    assert normalize_anchor("last menstrual period", "after") == "last menstrual period"
    # Which occurrence ("any other", "administration of") is no part of the event; synonyms are one name.
    assert normalize_anchor("any other prior chemotherapy", "after") == "chemotherapy"
    assert normalize_anchor("administration of nitrosoureas", "after") == "nitrosoureas"
    assert normalize_anchor("bilateral oophorectomy prior", "after") == "bilateral oophorectomy"
    assert normalize_anchor("prior wide field radiation therapy", "after") == "wide field radiotherapy"
    assert normalize_anchor("LMP", "after") == "last menstrual period"


def test_dose_in_a_criterion_goes_to_the_drug_before_or_to_the_drug_after_of():
    text = "antiplatelet therapy (aspirin ≥ 100 mg/day; clopidogrel ≥ 75 mg/day); steroids equivalent to >15 mg/day of prednisone"
    e = espans(
        text, ("antiplatelet", "DRUG"), ("aspirin", "DRUG"), ("≥ 100 mg/day", "DOSE"), ("clopidogrel", "DRUG"), ("≥ 75 mg/day", "DOSE"),
        ("steroids", "DRUG"), (">15 mg/day", "DOSE"), ("prednisone", "DRUG"),
    )
    assert {(r.head.text, r.tail.text) for r in dose_relations(text, e)} == {
        ("aspirin", "≥ 100 mg/day"), ("clopidogrel", "≥ 75 mg/day"), ("prednisone", ">15 mg/day"),
    }


def test_in_a_run_on_list_a_dose_right_after_a_drug_is_that_drugs():
    text = "Daunorubicin no greater than 450 mg per square meter Doxorubicin no greater than 300 mg per square meter Endocrine therapy: Not specified"
    e = espans(
        text, ("Daunorubicin", "DRUG"), ("no greater than 450 mg per square meter", "DOSE"), ("Doxorubicin", "DRUG"),
        ("no greater than 300 mg per square meter", "DOSE"), ("Endocrine therapy", "DRUG"),
    )
    assert {(r.head.text, r.tail.text[-30:]) for r in dose_relations(text, e)} == {
        ("Daunorubicin", "r than 450 mg per square meter"), ("Doxorubicin", "r than 300 mg per square meter"),
    }
    # "must be given at a dose of" says the dose is the drug's before it too.
    text = "Cyclophosphamide must be given at a dose of 500-1,200 mg/m2 Carboplatin must be given at a dose of at least 300 mg/m2"
    e = espans(text, ("Cyclophosphamide", "DRUG"), ("500-1,200 mg/m2", "DOSE"), ("Carboplatin", "DRUG"), ("at least 300 mg/m2", "DOSE"))
    assert {(r.head.text, r.tail.text) for r in dose_relations(text, e)} == {("Cyclophosphamide", "500-1,200 mg/m2"), ("Carboplatin", "at least 300 mg/m2")}
    # "of", or a drug in lower case, still takes the dose before it: it names what the amount is of.
    for text, dose in (("steroids at a dose of > 15 mg/day of prednisone", "> 15 mg/day"), ("retinoids (greater than 25,000 IU vitamin A)", "greater than 25,000 IU")):
        first, second = text.split(" ")[0], text.rsplit(" ", 1)[-1].strip(")") if "vitamin" not in text else "vitamin A"
        e = espans(text, (first, "DRUG"), (dose, "DOSE"), (second, "DRUG"))
        assert {(r.head.text, r.tail.text) for r in dose_relations(text, e)} == {(second, dose)}, text


def test_wrapped_lines_keep_a_clause_and_real_line_ends_cut_it():
    wrapped = "Age: 18 and over Performance status: Zubrod 0-2 Life expectancy:\nAt least 1 year"
    e = espans(wrapped, ("Life expectancy", "LAB_TEST"), ("At least 1 year", "LAB_VALUE"))
    assert pairs(wrapped, e, "HAS_VALUE") == {("Life expectancy", "At least 1 year")}
    listed = "Hemoglobin \nAt least 9 g/dL"  # a line that ends in a space was ended on purpose
    e2 = espans(listed, ("Hemoglobin", "LAB_TEST"), ("At least 9 g/dL", "LAB_VALUE"))
    assert pairs(listed, e2, "HAS_VALUE") == set()
    crlf = "Platelets\r\n>= 100,000/mm3"
    e3 = espans(crlf, ("Platelets", "LAB_TEST"), (">= 100,000/mm3", "LAB_VALUE"))
    assert pairs(crlf, e3, "HAS_VALUE") == set()
    # A short label line gives its value to the next line however short it is (a PDQ item).
    label = "Life expectancy:\nGreater than 12 weeks"
    e4 = espans(label, ("Life expectancy", "LAB_TEST"), ("Greater than 12 weeks", "LAB_VALUE"))
    assert pairs(label, e4, "HAS_VALUE") == {("Life expectancy", "Greater than 12 weeks")}
    sentence = "Patients must have adequate organ function as follows:\nHemoglobin At least 9 g/dL"
    e5 = espans(sentence, ("organ function", "LAB_TEST"), ("Hemoglobin", "LAB_TEST"), ("At least 9 g/dL", "LAB_VALUE"))
    assert pairs(sentence, e5, "HAS_VALUE") == {("Hemoglobin", "At least 9 g/dL")}


def test_an_untagged_list_member_does_not_break_the_list():
    text = "total bilirubin, AST, ALT, alfa-GT and alkaline phosphatase less than 3 times the upper limit of normal"
    e = espans(text, ("total bilirubin", "LAB_TEST"), ("AST", "LAB_TEST"), ("ALT", "LAB_TEST"), ("alkaline phosphatase", "LAB_TEST"), ("less than 3 times the upper limit of normal", "LAB_VALUE"))
    assert {h for h, _ in pairs(text, e, "HAS_VALUE")} == {"total bilirubin", "AST", "ALT", "alkaline phosphatase"}


def test_anchor_of_run_on_text_stops_at_the_next_sentence():
    text = "Ophthalmologic exam within 3 weeks prior to registration No pathologic confirmation required"
    d = espans(text, ("within 3 weeks", "DURATION"))[0]
    r = read_window(text, d)
    assert (r.anchor, r.anchor_text) == ("enrollment", "registration")
    text2 = "within 7 days prior to Cycle 1 Day 1"
    assert read_window(text2, espans(text2, ("within 7 days", "DURATION"))[0]).anchor == "first dose"


def test_a_radiation_dose_in_a_criterion_is_no_drugs():
    text = "No prior targeted therapies, or more than 3000 cGy to the pelvis"
    e = espans(text, ("targeted therapies", "DRUG"), ("more than 3000 cGy", "DOSE"))  # parsed: > 3000 cGy
    assert dose_relations(text, e) == []


def test_a_value_right_before_its_test_is_not_taken_by_a_test_far_behind_other_entities():
    text = "at least 2+ proteinuria within the past 2 weeks) Other: Not pregnant or nursing Negative pregnancy test"
    ents = espans(
        text, ("at least 2+", "LAB_VALUE"), ("proteinuria", "LAB_TEST"), ("within the past 2 weeks", "DURATION"),
        ("pregnant", "DISEASE"), ("nursing", "DISEASE"), ("Negative", "LAB_VALUE"), ("pregnancy test", "LAB_TEST"),
    )
    assert pairs(text, ents, "HAS_VALUE") == {("proteinuria", "at least 2+"), ("pregnancy test", "Negative")}
    # With nothing between, the test before keeps its value ("hemoglobin (without transfusion) ≥ 9 g/dL").
    text = "HBsAg negative HIV test"
    ents = espans(text, ("HBsAg", "LAB_TEST"), ("negative", "LAB_VALUE"), ("HIV test", "LAB_TEST"))
    assert ("HBsAg", "negative") in pairs(text, ents, "HAS_VALUE")


def test_a_value_after_and_takes_the_test_right_after_it():
    text = "a negative serum pregnancy test at screening and a negative urine pregnancy test at V1"
    e = espans(text, ("negative", "LAB_VALUE"), ("serum pregnancy test", "LAB_TEST"), ("negative", "LAB_VALUE"), ("urine pregnancy test", "LAB_TEST"))
    got = [(link.value.start, [t.text for t in link.tests]) for link in link_values(text, e)]
    assert got == [(2, ["serum pregnancy test"]), (text.rindex("negative"), ["urine pregnancy test"])]
    text = "score greater than 6 points on the Beck Depression Inventory or more than 30 points in the State Trait Anxiety Inventory"
    e = espans(text, ("greater than 6 points", "LAB_VALUE"), ("Beck Depression Inventory", "LAB_TEST"), ("more than 30 points", "LAB_VALUE"),
               ("State Trait Anxiety Inventory", "LAB_TEST"))
    assert [[t.text for t in link.tests] for link in link_values(text, e)] == [["Beck Depression Inventory"], ["State Trait Anxiety Inventory"]]
