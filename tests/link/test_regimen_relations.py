"""Drug -> modifier relations on inline text with hand-placed spans: each shape of issue 4."""

from __future__ import annotations

import re

import pytest

from nlp_trials.link.regimen_clauses import clause_bounds
from nlp_trials.link.regimen import option_lists, regimen_relations
from nlp_trials.link.spans import Entity
from regimen_util import ents


def pairs(text: str, entities: list[Entity]) -> set[tuple[str, str, str]]:
    return {(r.head.text, r.label, r.tail.text) for r in regimen_relations(text, entities)}


def test_parenthesized_details_follow_their_drug():
    text = "including topotecan (1.2 mg/m^2 of by IV on Days 1 to 5, every 21 days), gemcitabine (1000 mg/m^2 by IV on Days 1 and 8, every 21 days)"
    e = ents(
        text,
        ("topotecan", "DRUG"), ("1.2 mg/m^2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("on Days 1 to 5", "SCHEDULE", "days"),
        ("every 21 days", "FREQUENCY", "q3w"), ("gemcitabine", "DRUG"), ("1000 mg/m^2", "DOSE"), ("IV", "ROUTE", "intravenous"),
        ("on Days 1 and 8", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q3w"),
    )
    rels = regimen_relations(text, e)
    assert [(r.head.text, r.tail.text) for r in rels if r.head.text == "topotecan"] == [
        ("topotecan", "1.2 mg/m^2"), ("topotecan", "IV"), ("topotecan", "on Days 1 to 5"), ("topotecan", "every 21 days"),
    ]
    gem = [r for r in rels if r.head.text == "gemcitabine"]
    assert [r.label for r in gem] == ["HAS_DOSE", "HAS_ROUTE", "HAS_SCHEDULE", "HAS_FREQUENCY"]
    assert all(r.tail.start > r.head.end for r in gem)


def test_colon_list_items_keep_their_own_details():
    text = "Phase I: Surufatinib: 250mg, QD, PO, Q3W; Temozolomide: 200-300mg, d10-d14, QD, PO, Q3W"
    e = ents(
        text, ("Surufatinib", "DRUG"), ("250mg", "DOSE"), ("QD", "FREQUENCY", "qd"), ("PO", "ROUTE", "oral"), ("Q3W", "FREQUENCY", "q3w"),
        ("Temozolomide", "DRUG"), ("200-300mg", "DOSE"), ("d10-d14", "SCHEDULE", "days"), ("QD", "FREQUENCY", "qd"),
        ("PO", "ROUTE", "oral"), ("Q3W", "FREQUENCY", "q3w"),
    )
    got = pairs(text, e)
    assert ("Surufatinib", "HAS_DOSE", "250mg") in got and ("Temozolomide", "HAS_DOSE", "200-300mg") in got
    assert ("Surufatinib", "HAS_SCHEDULE", "d10-d14") not in got
    assert len(regimen_relations(text, e)) == 4 + 5


def test_colon_items_without_semicolons_are_still_cut_at_the_next_drug():
    text = "Surufatinib: 250mg, QD, Temozolomide: d10-d14"
    e = ents(text, ("Surufatinib", "DRUG"), ("250mg", "DOSE"), ("QD", "FREQUENCY", "qd"), ("Temozolomide", "DRUG"), ("d10-d14", "SCHEDULE", "days"))
    assert pairs(text, e) == {("Surufatinib", "HAS_DOSE", "250mg"), ("Surufatinib", "HAS_FREQUENCY", "QD"), ("Temozolomide", "HAS_SCHEDULE", "d10-d14")}


def test_a_full_width_colon_opens_a_colon_item_too():
    # API NCT05482568: the route before the item is the drug before's, not the item's.
    text = "Trastuzumab： intravenous Pyrotinib：oral"
    e = ents(text, ("Trastuzumab", "DRUG"), ("intravenous", "ROUTE", "intravenous"), ("Pyrotinib", "DRUG"), ("oral", "ROUTE", "oral"))
    assert pairs(text, e) == {("Trastuzumab", "HAS_ROUTE", "intravenous"), ("Pyrotinib", "HAS_ROUTE", "oral")}


def test_prose_route_before_the_drug_is_the_drugs():
    text = "Patients receive oral indinavir sulfate 350 mg/m^2 administered every 8 hours"
    e = ents(text, ("oral", "ROUTE", "oral"), ("indinavir sulfate", "DRUG"), ("350 mg/m^2", "DOSE"), ("every 8 hours", "FREQUENCY", "q8h"))
    assert pairs(text, e) == {
        ("indinavir sulfate", "HAS_ROUTE", "oral"), ("indinavir sulfate", "HAS_DOSE", "350 mg/m^2"), ("indinavir sulfate", "HAS_FREQUENCY", "every 8 hours"),
    }


def test_prefix_route_goes_to_the_next_drug_not_the_previous_one():
    text = "cisplatin 75 mg/m2 on day 1 and oral capecitabine 1000 mg/m2 twice daily"
    e = ents(text, ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE"), ("on day 1", "SCHEDULE", "days"), ("oral", "ROUTE", "oral"),
             ("capecitabine", "DRUG"), ("1000 mg/m2", "DOSE"), ("twice daily", "FREQUENCY", "bid"))
    got = pairs(text, e)
    assert ("capecitabine", "HAS_ROUTE", "oral") in got and ("cisplatin", "HAS_ROUTE", "oral") not in got
    assert ("cisplatin", "HAS_SCHEDULE", "on day 1") in got and ("capecitabine", "HAS_SCHEDULE", "on day 1") not in got


EC_D = (
    "Epirubicin (E) 90 mg/ m2 intravenous (iv) in combination with Cyclophosphamide (C) 600 mg/ m2 iv every 21 days "
    "for 4 cycles, followed by docetaxel (D) 100 mg/m2 iv every 21 days for 4 cycles"
)


def _ec_d() -> list[Entity]:
    return ents(
        EC_D, ("Epirubicin", "DRUG"), ("90 mg/ m2", "DOSE"), ("intravenous", "ROUTE", "intravenous"), ("iv", "ROUTE", "intravenous"),
        ("Cyclophosphamide", "DRUG"), ("600 mg/ m2", "DOSE"), ("iv", "ROUTE", "intravenous"), ("every 21 days", "FREQUENCY", "q3w"),
        ("for 4 cycles", "SCHEDULE", "cycles"), ("docetaxel", "DRUG"), ("100 mg/m2", "DOSE"), ("iv", "ROUTE", "intravenous"),
        ("every 21 days", "FREQUENCY", "q3w"), ("for 4 cycles", "SCHEDULE", "cycles"),
    )


def test_a_combination_shares_its_closing_cycle_but_not_doses():
    e = _ec_d()
    rels = regimen_relations(EC_D, e)
    epi = {(r.label, r.tail.start) for r in rels if r.head.text == "Epirubicin"}
    cyc = {(r.label, r.tail.start) for r in rels if r.head.text == "Cyclophosphamide"}
    first_cycle = EC_D.index("every 21 days")
    assert ("HAS_FREQUENCY", first_cycle) in epi and ("HAS_FREQUENCY", first_cycle) in cyc
    assert ("HAS_SCHEDULE", EC_D.index("for 4 cycles")) in epi
    assert not any(label == "HAS_DOSE" and start == EC_D.index("600 mg/ m2") for label, start in epi)


def test_followed_by_starts_a_new_sequence_step():
    e = _ec_d()
    rels = regimen_relations(EC_D, e)
    second_cycle = EC_D.rindex("every 21 days")
    assert {r.head.text for r in rels if r.tail.start == second_cycle} == {"docetaxel"}
    assert {r.tail.text for r in rels if r.head.text == "docetaxel"} == {"100 mg/m2", "iv", "every 21 days", "for 4 cycles"}


def test_days_are_not_shared_in_a_combination():
    text = "cisplatin IV over 1 hour on day 1 and fluorouracil IV continuously on days 1-4"
    e = ents(text, ("cisplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"), ("fluorouracil", "DRUG"),
             ("IV", "ROUTE", "intravenous"), ("on days 1-4", "SCHEDULE", "days"))
    got = pairs(text, e)
    assert ("cisplatin", "HAS_SCHEDULE", "on days 1-4") not in got
    assert ("fluorouracil", "HAS_SCHEDULE", "on days 1-4") in got


def test_courses_repeat_sentence_gives_the_cycle_to_every_drug_of_the_paragraph():
    text = (
        "Patients receive cisplatin IV over 1 hour on day 1 and fluorouracil IV continuously on days 1-4. "
        "Courses repeat every 21 days for 6 courses.\n\nPatients are followed every 3 months."
    )
    e = ents(
        text, ("cisplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 1 hour", "DURATION", "time amount"), ("on day 1", "SCHEDULE", "days"),
        ("fluorouracil", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days 1-4", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q3w"),
        ("for 6 courses", "SCHEDULE", "cycles"), ("every 3 months", "FREQUENCY", "q3mo"),
    )
    got = pairs(text, e)
    for drug in ("cisplatin", "fluorouracil"):
        assert (drug, "HAS_FREQUENCY", "every 21 days") in got
        assert (drug, "HAS_SCHEDULE", "for 6 courses") in got
        assert (drug, "HAS_FREQUENCY", "every 3 months") not in got


def test_a_repeat_clause_reaches_only_its_arm_section():
    text = "Arm I: Patients receive docetaxel IV on day 1. Courses repeat every 21 days. Arm II: Patients receive erlotinib PO daily."
    e = ents(text, ("docetaxel", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q3w"),
             ("erlotinib", "DRUG"), ("PO", "ROUTE", "oral"), ("daily", "FREQUENCY", "qd"))
    got = pairs(text, e)
    assert ("docetaxel", "HAS_FREQUENCY", "every 21 days") in got
    assert ("erlotinib", "HAS_FREQUENCY", "every 21 days") not in got


def test_a_drugless_clause_that_starts_with_a_dose_continues_the_drug_before():
    text = "Levamisole: 50 mg PO TID Days 1-3; 50 mg PO TID x 3 days beginning Day 29"
    e = ents(text, ("Levamisole", "DRUG"), ("50 mg", "DOSE"), ("PO", "ROUTE", "oral"), ("TID", "FREQUENCY", "tid"), ("Days 1-3", "SCHEDULE", "days"),
             ("50 mg", "DOSE"), ("PO", "ROUTE", "oral"), ("TID", "FREQUENCY", "tid"))
    assert len(regimen_relations(text, e)) == 7


def test_a_drugless_sentence_about_something_else_attaches_nothing():
    text = "Patients receive nivolumab IV on day 1. Patients undergo radiotherapy 5 days a week for 6 weeks."
    e = ents(text, ("nivolumab", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"), ("for 6 weeks", "DURATION", "time amount"))
    assert pairs(text, e) == {("nivolumab", "HAS_ROUTE", "IV"), ("nivolumab", "HAS_SCHEDULE", "on day 1")}


def test_anchored_windows_are_not_treatment_durations():
    text = "no prior cisplatin within 4 weeks prior to randomization"
    e = ents(text, ("cisplatin", "DRUG"), ("within 4 weeks prior to randomization", "DURATION", "anchored time amount"))
    assert regimen_relations(text, e) == []


@pytest.mark.parametrize(
    ("text", "drugs", "groups"),
    [
        ("Investigator's choice of one chemotherapy treatment (topotecan, gemcitabine, pemetrexed, or docetaxel)",
         ["topotecan", "gemcitabine", "pemetrexed", "docetaxel"], [["topotecan", "gemcitabine", "pemetrexed", "docetaxel"]]),
        ("pembrolizumab or placebo", ["pembrolizumab", "placebo"], [["pembrolizumab", "placebo"]]),
        ("cisplatin or carboplatin plus etoposide", ["cisplatin", "carboplatin", "etoposide"], [["cisplatin", "carboplatin"]]),
        ("the VAIA regimen (vincristine/doxorubicin/ifosfamide/dactinomycin)", ["vincristine", "doxorubicin", "ifosfamide", "dactinomycin"], []),
        ("either gemcitabine/amifostine/cisplatin (GAP) or gemcitabine/cisplatin", ["gemcitabine", "amifostine", "cisplatin"], []),
        ("choice of paclitaxel, docetaxel, irinotecan", ["paclitaxel", "docetaxel", "irinotecan"], [["paclitaxel", "docetaxel", "irinotecan"]]),
        ("paclitaxel, carboplatin and bevacizumab", ["paclitaxel", "carboplatin", "bevacizumab"], []),
        ("cisplatin and/or carboplatin", ["cisplatin", "carboplatin"], []),
    ],
)
def test_option_lists(text, drugs, groups):
    e = ents(text, *((d, "DRUG") for d in drugs))
    got = option_lists(text, e, {})
    assert [[d.text for d in g] for g in got] == groups


def test_option_list_with_details_between_the_drugs():
    text = "topotecan (1.2 mg/m^2 on Days 1 to 5), gemcitabine (1000 mg/m^2 on Days 1 and 8), or docetaxel (75 mg/m^2)"
    e = ents(text, ("topotecan", "DRUG"), ("gemcitabine", "DRUG"), ("docetaxel", "DRUG"))
    extent = {e[0].key: text.index("), gem"), e[1].key: text.index("), or")}
    assert [[d.text for d in g] for g in option_lists(text, e, extent)] == [["topotecan", "gemcitabine", "docetaxel"]]


def test_clauses_keep_wrapped_lines_together_and_cut_short_ones():
    wrapped = "OUTLINE: This is a dose escalation study. Patients receive KRN5500 IV over 1 hour on days\n1-3. Courses repeat every 21 days."
    assert [wrapped[c.start : c.end].strip() for c in clause_bounds(wrapped)] == [
        "OUTLINE: This is a dose escalation study", "Patients receive KRN5500 IV over 1 hour on days\n1-3", "Courses repeat every 21 days.",
    ]
    listed = "Pharmaceutical form: tablet\nRoute of administration: oral"
    assert len(clause_bounds(listed)) == 2
    assert len(clause_bounds("1.2 mg/m2 approx. 2 hours, e.g. Monday")) == 1
    # A semicolon inside brackets does not end the clause; one outside does.
    assert len(clause_bounds("Sorafenib (400 mg; 2 tablets x 200 mg) orally twice daily")) == 1
    assert len(clause_bounds("daunorubicin IV on days 1, 8; oral prednisone on days 1-28")) == 2


def test_a_combination_does_not_give_its_cycle_to_a_drug_with_its_own_frequency():
    text = "oral lapatinib 750 mg daily and either paclitaxel 80mg/m2 IV weekly OR docetaxel 75mg/m2 every 21 days for 4 cycles"
    e = ents(text, ("oral", "ROUTE", "oral"), ("lapatinib", "DRUG"), ("750 mg", "DOSE"), ("daily", "FREQUENCY", "qd"), ("paclitaxel", "DRUG"),
             ("80mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("weekly", "FREQUENCY", "qw"), ("docetaxel", "DRUG"), ("75mg/m2", "DOSE"),
             ("every 21 days", "FREQUENCY", "q3w"), ("for 4 cycles", "SCHEDULE", "cycles"))
    got = pairs(text, e)
    assert {(h, t) for h, _, t in got if t in ("every 21 days", "for 4 cycles")} == {("docetaxel", "every 21 days"), ("docetaxel", "for 4 cycles")}


def test_an_infusion_time_is_not_shared_in_a_combination():
    text = "Ifosfamide 14 g/m2 mixed with mesna over 24 h"
    e = ents(text, ("Ifosfamide", "DRUG"), ("14 g/m2", "DOSE"), ("mesna", "DRUG"), ("over 24 h", "DURATION", "time amount", {"days": 1.0}))
    assert pairs(text, e) == {("Ifosfamide", "HAS_DOSE", "14 g/m2"), ("mesna", "HAS_DURATION", "over 24 h")}


def test_how_long_a_shared_frequency_goes_on_is_shared_with_it():
    text = "paclitaxel IV over 1 hour and carboplatin IV over 30 minutes weekly for 5 weeks"
    e = ents(text, ("paclitaxel", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 1 hour", "DURATION", "time amount", {"days": 0.04, "unit": "h"}),
             ("carboplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 30 minutes", "DURATION", "time amount", {"days": 0.02, "unit": "min"}),
             ("weekly", "FREQUENCY", "qw"), ("for 5 weeks", "DURATION", "time amount", {"days": 35.0, "unit": "wk"}))
    got = pairs(text, e)
    assert {("paclitaxel", "HAS_FREQUENCY", "weekly"), ("paclitaxel", "HAS_DURATION", "for 5 weeks")} <= got
    assert ("carboplatin", "HAS_DURATION", "for 5 weeks") in got
    # A length not written right after the shared frequency stays the last drug's.
    text = "cisplatin IV and etoposide IV weekly, and radiotherapy for 5 weeks"
    e = ents(text, ("cisplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("etoposide", "DRUG"), ("IV", "ROUTE", "intravenous"),
             ("weekly", "FREQUENCY", "qw"), ("for 5 weeks", "DURATION", "time amount", {"days": 35.0, "unit": "wk"}))
    assert ("cisplatin", "HAS_DURATION", "for 5 weeks") not in pairs(text, e)


def test_infusions_one_after_the_other_share_the_days_that_close_them():
    text = "paclitaxel IV over 3 hours followed by carboplatin IV over 1 hour on days 1 and 8"
    e = ents(text, ("paclitaxel", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 3 hours", "DURATION", "time amount", {"days": 0.125, "unit": "h"}),
             ("carboplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 1 hour", "DURATION", "time amount", {"days": 0.04, "unit": "h"}),
             ("on days 1 and 8", "SCHEDULE", "days"))
    assert {("paclitaxel", "HAS_SCHEDULE", "on days 1 and 8"), ("carboplatin", "HAS_SCHEDULE", "on days 1 and 8")} <= pairs(text, e)
    # Back over a chain, doses written or not.
    text = "leucovorin 20 mg/m2 IV followed by fluorouracil IV over 5 minutes followed by irinotecan IV on days 1 and 8"
    e = ents(text, ("leucovorin", "DRUG"), ("20 mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("fluorouracil", "DRUG"), ("IV", "ROUTE", "intravenous"),
             ("over 5 minutes", "DURATION", "time amount", {"days": 0.003, "unit": "min"}), ("irinotecan", "DRUG"), ("IV", "ROUTE", "intravenous"),
             ("on days 1 and 8", "SCHEDULE", "days"))
    assert {h for h, label, t in pairs(text, e) if t == "on days 1 and 8"} == {"leucovorin", "fluorouracil", "irinotecan"}
    # A drug given for a length of its own, or on days of its own, keeps to them.
    text = "cytarabine IV continuously for 7 days followed by daunorubicin IV on days 1-3"
    e = ents(text, ("cytarabine", "DRUG"), ("IV", "ROUTE", "intravenous"), ("for 7 days", "DURATION", "time amount", {"days": 7.0, "unit": "d"}),
             ("daunorubicin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days 1-3", "SCHEDULE", "days"))
    assert ("cytarabine", "HAS_SCHEDULE", "on days 1-3") not in pairs(text, e)
    text = "cisplatin IV on day 1 followed by fluorouracil IV on days 1-5"
    e = ents(text, ("cisplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"),
             ("fluorouracil", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days 1-5", "SCHEDULE", "days"))
    assert ("cisplatin", "HAS_SCHEDULE", "on days 1-5") not in pairs(text, e)


def test_a_clause_opening_with_details_continues_the_drug_before():
    text = "Trastuzumab (4mg/kg IV loading dose followed by 2mg/kg IV weekly) for 12 weeks and either paclitaxel 80mg/m2 IV weekly"
    e = ents(text, ("Trastuzumab", "DRUG"), ("4mg/kg", "DOSE"), ("IV", "ROUTE", "intravenous"), ("2mg/kg", "DOSE"), ("IV", "ROUTE", "intravenous"),
             ("weekly", "FREQUENCY", "qw"), ("paclitaxel", "DRUG"), ("80mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("weekly", "FREQUENCY", "qw"))
    got = pairs(text, e)
    assert ("Trastuzumab", "HAS_DOSE", "2mg/kg") in got and ("paclitaxel", "HAS_DOSE", "2mg/kg") not in got
    assert ("paclitaxel", "HAS_DOSE", "80mg/m2") in got


def test_details_before_the_drug_of_a_new_sentence_are_the_drugs():
    text = "Patients are randomized. On day 1, patients receive cisplatin."
    e = ents(text, ("On day 1", "SCHEDULE", "days"), ("cisplatin", "DRUG"))
    assert pairs(text, e) == {("cisplatin", "HAS_SCHEDULE", "On day 1")}


def test_a_dose_of_written_before_the_drug_is_the_drugs():
    text = "DS-1205c 200 mg twice daily in combination with daily 250 mg oral dose of gefitinib"
    e = ents(text, ("DS-1205c", "DRUG"), ("200 mg", "DOSE"), ("twice daily", "FREQUENCY", "bid"), ("daily", "FREQUENCY", "qd"),
             ("250 mg", "DOSE"), ("oral", "ROUTE", "oral"), ("gefitinib", "DRUG"))
    assert {p for p in pairs(text, e) if p[0] == "gefitinib"} == {
        ("gefitinib", "HAS_FREQUENCY", "daily"), ("gefitinib", "HAS_DOSE", "250 mg"), ("gefitinib", "HAS_ROUTE", "oral"),
    }
    # Without "dose of", a route between two drugs does not carry the first drug's dose over.
    text = "cisplatin 75 mg/m2 IV docetaxel 75 mg/m2 on day 1"
    e = ents(text, ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("docetaxel", "DRUG"), ("75 mg/m2", "DOSE"), ("on day 1", "SCHEDULE", "days"))
    assert ("cisplatin", "HAS_DOSE", "75 mg/m2") in pairs(text, e)


@pytest.mark.parametrize("gap", ["weekly fixed dose of intravenous", "weekly infusions of"])
def test_a_frequency_before_infusions_or_a_dose_of_the_drug_is_the_drugs(gap):
    text = f"The study gives a {gap} cisplatin during radiotherapy."
    route = [("intravenous", "ROUTE", "intravenous")] if "intravenous" in gap else []
    e = ents(text, ("weekly", "FREQUENCY", "qw"), *route, ("cisplatin", "DRUG"))
    assert ("cisplatin", "HAS_FREQUENCY", "weekly") in pairs(text, e)


def test_cycles_written_before_a_list_of_drugs_are_each_drugs():
    text = "Two 21-day cycles of pemetrexed (500 mg/m2 IV) and carboplatin (AUC 5 IV)"
    e = ents(text, ("Two 21-day cycles", "SCHEDULE", "cycles"), ("pemetrexed", "DRUG"), ("500 mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"),
             ("carboplatin", "DRUG"), ("AUC 5", "DOSE"), ("IV", "ROUTE", "intravenous"))
    got = pairs(text, e)
    assert {("pemetrexed", "HAS_SCHEDULE", "Two 21-day cycles"), ("carboplatin", "HAS_SCHEDULE", "Two 21-day cycles")} <= got
    assert ("carboplatin", "HAS_DOSE", "500 mg/m2") not in got
    # Only the drugs of the list the first opens: not a drug given "concurrent vs. sequential".
    text = "4 courses of anthracycline/cyclophosphamide and concurrent vs. sequential tamoxifen"
    e = ents(text, ("4 courses", "SCHEDULE", "cycles"), ("anthracycline", "DRUG"), ("cyclophosphamide", "DRUG"), ("tamoxifen", "DRUG"))
    assert {p[0] for p in pairs(text, e)} == {"anthracycline", "cyclophosphamide"}
    # Through a regimen's bracket of doses, and to later mentions of the listed drugs.
    text = "3 cycles of CHOP (cyclophosphamide 750 mg/m^2, prednisone 100 mg) + rituximab. Cycles of A and B, as follows: A on day 1"
    e = ents(text, ("3 cycles", "SCHEDULE", "cycles"), ("CHOP", "DRUG"), ("cyclophosphamide", "DRUG"), ("750 mg/m^2", "DOSE"),
             ("prednisone", "DRUG"), ("100 mg", "DOSE"), ("rituximab", "DRUG"))
    assert {p[0] for p in pairs(text, e) if p[2] == "3 cycles"} == {"CHOP", "cyclophosphamide", "prednisone", "rituximab"}
    text = "four 21-day cycles of docetaxel and capecitabine, as follows: docetaxel IV on day 1 and capecitabine twice a day"
    e = ents(text, ("four 21-day cycles", "SCHEDULE", "cycles"), ("docetaxel", "DRUG", "docetaxel"), ("capecitabine", "DRUG", "capecitabine"),
             ("docetaxel", "DRUG", "docetaxel"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"),
             ("capecitabine", "DRUG", "capecitabine"), ("twice a day", "FREQUENCY", "bid"))
    got = regimen_relations(text, e)
    assert sorted(r.head.start for r in got if r.tail.text == "four 21-day cycles") == [22, 36, 62, 88]


def test_days_all_drugs_are_given_on_close_a_list_with_doses():
    text = "ABVD (doxorubicin 25 mg/m^2, bleomycin 10 U/m^2, dacarbazine 375 mg/m^2 all on days 1 and 15)"
    e = ents(text, ("doxorubicin", "DRUG"), ("25 mg/m^2", "DOSE"), ("bleomycin", "DRUG"), ("10 U/m^2", "DOSE"), ("dacarbazine", "DRUG"),
             ("375 mg/m^2", "DOSE"), ("on days 1 and 15", "SCHEDULE", "days"))
    assert {p[0] for p in pairs(text, e) if p[1] == "HAS_SCHEDULE"} == {"doxorubicin", "bleomycin", "dacarbazine"}
    # Without "all", the days after a dose are the last drug's only.
    text = text.replace(" all", "")
    e = ents(text, ("doxorubicin", "DRUG"), ("25 mg/m^2", "DOSE"), ("bleomycin", "DRUG"), ("10 U/m^2", "DOSE"), ("dacarbazine", "DRUG"),
             ("375 mg/m^2", "DOSE"), ("on days 1 and 15", "SCHEDULE", "days"))
    assert {p[0] for p in pairs(text, e) if p[1] == "HAS_SCHEDULE"} == {"dacarbazine"}


def test_a_frequency_right_before_radiotherapy_is_the_radiotherapys():
    text = "Fludarabine IV on days 1-5, administered 3-4 hours prior to daily radiotherapy."
    e = ents(text, ("Fludarabine", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days 1-5", "SCHEDULE", "days"), ("daily", "FREQUENCY", "qd"))
    assert ("Fludarabine", "HAS_FREQUENCY", "daily") not in pairs(text, e)
    text = "cisplatin weekly during radiotherapy"
    e = ents(text, ("cisplatin", "DRUG"), ("weekly", "FREQUENCY", "qw"))
    assert pairs(text, e) == {("cisplatin", "HAS_FREQUENCY", "weekly")}
    # Days before a radiotherapy end the drug's details.
    text = "Fludarabin 30 mg/m2 day -6 to -3 TBI 2x2 Gy day -3 to -2"
    e = ents(text, ("Fludarabin", "DRUG"), ("30 mg/m2", "DOSE"), ("day -6 to -3", "SCHEDULE", "days"), ("day -3 to -2", "SCHEDULE", "days"))
    assert pairs(text, e) == {("Fludarabin", "HAS_DOSE", "30 mg/m2"), ("Fludarabin", "HAS_SCHEDULE", "day -6 to -3")}


def test_days_after_except_are_no_drugs():
    text = "Patients receive oral fenretinide daily (except days 1-3 each month) for 6 months."
    e = ents(text, ("oral", "ROUTE", "oral"), ("fenretinide", "DRUG"), ("daily", "FREQUENCY", "qd"), ("days 1-3", "SCHEDULE", "days"))
    assert pairs(text, e) == {("fenretinide", "HAS_ROUTE", "oral"), ("fenretinide", "HAS_FREQUENCY", "daily")}


def test_weekly_before_a_drug_is_its_frequency():
    text = "the antitumor effect of weekly cisplatin and irinotecan"
    e = ents(text, ("weekly", "FREQUENCY", "qw"), ("cisplatin", "DRUG"), ("irinotecan", "DRUG"))
    assert pairs(text, e) == {("cisplatin", "HAS_FREQUENCY", "weekly")}


def test_a_repeat_paragraph_for_all_arms_reaches_back_across_sections():
    text = "Arm I: Patients receive X IV on day 1.\n\nArm II: Patients receive Y IV on days 1-5.\n\nIn all arms, courses repeat every 21 days."
    e = ents(text, ("X", "DRUG"), ("IV", "ROUTE", "intravenous"), ("Y", "DRUG"), ("IV", "ROUTE", "intravenous"), ("every 21 days", "FREQUENCY", "q3w"))
    got = pairs(text, e)
    assert ("X", "HAS_FREQUENCY", "every 21 days") in got and ("Y", "HAS_FREQUENCY", "every 21 days") in got


def test_a_repeat_that_names_a_phase_reaches_only_the_drugs_since_it_was_named():
    text = ("Patients receive initial chemotherapy with X IV on day 1. Patients without response proceed to retrieval "
            "chemotherapy: Y IV on days 1-5. Treatment with retrieval chemotherapy repeats every 21 days.")
    e = ents(text, ("X", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"), ("Y", "DRUG"), ("IV", "ROUTE", "intravenous"),
             ("on days 1-5", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q3w"))
    got = {p for p in pairs(text, e) if p[2] == "every 21 days"}
    assert got == {("Y", "HAS_FREQUENCY", "every 21 days")}


def test_a_repeat_paragraph_does_not_reach_the_drugs_an_objective_names():
    # The outline's drug is one the pipeline missed: the repeat is no anticonvulsant's.
    text = (
        "OBJECTIVES:\n\n  -  Determine the MTD of oral COL-3 alone or combined with anticonvulsants.\n\n"
        "OUTLINE: This is a dose-escalation study.\n\n  -  Phase I: Patients receive oral COL-3 daily. Treatment repeats every 4 weeks."
    )
    e = ents(text, ("anticonvulsants", "DRUG"), ("every 4 weeks", "FREQUENCY", "q4w"))
    assert pairs(text, e) == set()
    # Inside one section the paragraph still reaches back; "OUTLINE;" is a heading too.
    text = "OUTLINE; Arm I: Patients receive X IV on day 1.\n\nIn all arms, courses repeat every 21 days."
    e = ents(text, ("X", "DRUG"), ("IV", "ROUTE", "intravenous"), ("every 21 days", "FREQUENCY", "q3w"))
    assert ("X", "HAS_FREQUENCY", "every 21 days") in pairs(text, e)


@pytest.mark.parametrize("result", ["(median overall survival 6.24 vs 5.91 months)", "with a median PFS of 4 months", "time to progression was 3.5 months"])
def test_a_result_is_no_drugs_duration(result):
    duration = re.search(r"[\d.]+ months", result).group(0)  # type: ignore[union-attr]
    text = f"Gemcitabine improves survival {result}."
    e = ents(text, ("Gemcitabine", "DRUG"), (duration, "DURATION", "time amount"))
    assert pairs(text, e) == set()


@pytest.mark.parametrize("endpoint", ["6-month progression-free survival", "1-year overall survival", "2-year OS rate", "12-week response rate"])
def test_the_time_of_an_endpoint_is_no_drugs_duration(endpoint):
    duration = endpoint.split(" ")[0]
    text = f"To assess the efficacy of sunitinib as measured by {endpoint}."
    e = ents(text, ("sunitinib", "DRUG"), (duration, "DURATION", "time amount"))
    assert pairs(text, e) == set()
    given = f"for {duration.replace('-', ' ')}s"
    text = f"Patients receive sunitinib daily {given}."
    e = ents(text, ("sunitinib", "DRUG"), (given, "DURATION", "time amount"))
    assert pairs(text, e) == {("sunitinib", "HAS_DURATION", given)}


def test_treatment_continues_every_is_a_repeat_clause():
    text = "Patients receive paclitaxel IV over 3 hours followed by carboplatin IV on day 1. Treatment continues every 3 weeks for 4 courses."
    e = ents(text, ("paclitaxel", "DRUG"), ("IV", "ROUTE", "intravenous"), ("carboplatin", "DRUG"), ("IV", "ROUTE", "intravenous"),
             ("on day 1", "SCHEDULE", "days"), ("every 3 weeks", "FREQUENCY", "q3w"), ("for 4 courses", "SCHEDULE", "cycles"))
    got = pairs(text, e)
    assert {h for h, _, t in got if t == "for 4 courses"} == {"paclitaxel", "carboplatin"}


def test_a_repeat_clause_does_not_reach_back_into_an_earlier_treatment_phase():
    text = (
        "Consolidation: Patients receive asparaginase IM 3 times weekly during weeks 16 and 17. "
        "Intensive continuation: Patients receive methotrexate IT during week 8. Treatment repeats every 8 weeks for 6 courses."
    )
    e = ents(text, ("asparaginase", "DRUG"), ("IM", "ROUTE", "intramuscular"), ("3 times weekly", "FREQUENCY", "3x/wk"), ("methotrexate", "DRUG"),
             ("IT", "ROUTE", "intrathecal"), ("every 8 weeks", "FREQUENCY", "q8w"), ("for 6 courses", "SCHEDULE", "cycles"))
    got = pairs(text, e)
    assert ("methotrexate", "HAS_SCHEDULE", "for 6 courses") in got and ("asparaginase", "HAS_SCHEDULE", "for 6 courses") not in got


def test_a_bracketed_other_name_is_not_a_second_drug():
    text = "fluorouracil (5-FU) IV on days 1-5"
    e = ents(text, ("fluorouracil", "DRUG", "fluorouracil"), ("5-FU", "DRUG", "fluorouracil"), ("IV", "ROUTE", "intravenous"), ("on days 1-5", "SCHEDULE", "days"))
    assert pairs(text, e) == {("fluorouracil", "HAS_ROUTE", "IV"), ("fluorouracil", "HAS_SCHEDULE", "on days 1-5")}


def test_a_time_offset_and_a_leading_duration_are_not_the_drugs():
    text = "After the assay (approximately 7 days), patients receive paclitaxel IV. Chemotherapy is repeated 4-6 weeks later."
    e = ents(text, ("7 days", "DURATION", "time amount"), ("paclitaxel", "DRUG"), ("IV", "ROUTE", "intravenous"), ("4-6 weeks", "DURATION", "time amount"))
    assert pairs(text, e) == {("paclitaxel", "HAS_ROUTE", "IV")}
    text = "Subjects receive two doses of vaccine 28 days apart from 3 months to 6 months after the primary series."
    e = ents(text, ("vaccine", "DRUG"), ("3 months", "DURATION", "time amount"), ("6 months", "DURATION", "time amount"))
    assert pairs(text, e) == set()


def test_a_radiation_dose_is_never_a_drugs():
    text = "74 Gy given in 37 fractions (2.0 Gy per fraction) with concurrent weekly paclitaxel 50 mg/m2"
    e = ents(
        text,
        ("74 Gy", "DOSE", None, {"value": 74.0, "unit": "Gy"}), ("2.0 Gy per fraction", "DOSE", None, {"value": 2.0, "unit": "Gy/{fraction}"}),
        ("weekly", "FREQUENCY", "qw"), ("paclitaxel", "DRUG"), ("50 mg/m2", "DOSE", None, {"value": 50.0, "unit": "mg/m2"}),
    )
    assert pairs(text, e) == {("paclitaxel", "HAS_FREQUENCY", "weekly"), ("paclitaxel", "HAS_DOSE", "50 mg/m2")}


def test_days_that_close_a_plain_list_of_drugs_are_every_listed_drugs():
    text = "Patients receive cyclophosphamide IV, methotrexate IV, and fluorouracil IV on days 1 and 8. Treatment repeats every 28 days."
    e = ents(
        text, ("cyclophosphamide", "DRUG"), ("IV", "ROUTE", "intravenous"), ("methotrexate", "DRUG"), ("IV", "ROUTE", "intravenous"),
        ("fluorouracil", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days 1 and 8", "SCHEDULE", "days"),
    )
    got = pairs(text, e)
    for drug in ("cyclophosphamide", "methotrexate", "fluorouracil"):
        assert (drug, "HAS_SCHEDULE", "on days 1 and 8") in got
    # A drug with its own frequency, or a list joined by more than routes, keeps to itself.
    text = "oral capecitabine twice daily and oxaliplatin IV on day 1"
    e = ents(text, ("oral", "ROUTE", "oral"), ("capecitabine", "DRUG"), ("twice daily", "FREQUENCY", "bid"), ("oxaliplatin", "DRUG"),
             ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"))
    assert ("capecitabine", "HAS_SCHEDULE", "on day 1") not in pairs(text, e)
    text = "cisplatin 75 mg/m2 and fluorouracil IV on days 1-4"
    e = ents(text, ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE"), ("fluorouracil", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days 1-4", "SCHEDULE", "days"))
    assert ("cisplatin", "HAS_SCHEDULE", "on days 1-4") not in pairs(text, e)


def test_days_close_a_list_whatever_infusion_details_stand_between():
    text = "Patients receive cisplatin IV over 6 hours, etoposide IV, and vincristine IV by continuous infusion on day 1."
    e = ents(
        text, ("cisplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 6 hours", "DURATION", "time amount"), ("etoposide", "DRUG"),
        ("IV", "ROUTE", "intravenous"), ("vincristine", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"),
    )
    got = pairs(text, e)
    for drug in ("cisplatin", "etoposide", "vincristine"):
        assert (drug, "HAS_SCHEDULE", "on day 1") in got
    assert ("cisplatin", "HAS_DURATION", "over 6 hours") in got and ("etoposide", "HAS_DURATION", "over 6 hours") not in got
    # A dose between the drugs still keeps the list apart: "cisplatin 75 mg/m2 over 1 hour and 5-FU IV on days 1-4".
    text = "cisplatin 75 mg/m2 IV over 1 hour and fluorouracil IV over 24 hours on days 1-4"
    e = ents(text, ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("over 1 hour", "DURATION", "time amount"),
             ("fluorouracil", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 24 hours", "DURATION", "time amount"), ("on days 1-4", "SCHEDULE", "days"))
    assert ("cisplatin", "HAS_SCHEDULE", "on days 1-4") not in pairs(text, e)


def test_days_close_the_list_they_follow_not_the_clause():
    text = "Patients receive mitoxantrone IV, cyclophosphamide IV, and etoposide IV on day 1 and vincristine and bleomycin IV on day 8."
    e = ents(
        text, ("mitoxantrone", "DRUG"), ("IV", "ROUTE", "intravenous"), ("cyclophosphamide", "DRUG"), ("IV", "ROUTE", "intravenous"),
        ("etoposide", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"), ("vincristine", "DRUG"), ("bleomycin", "DRUG"),
        ("IV", "ROUTE", "intravenous"), ("on day 8", "SCHEDULE", "days"),
    )
    got = {p for p in pairs(text, e) if p[1] == "HAS_SCHEDULE"}
    assert got == {
        ("mitoxantrone", "HAS_SCHEDULE", "on day 1"), ("cyclophosphamide", "HAS_SCHEDULE", "on day 1"), ("etoposide", "HAS_SCHEDULE", "on day 1"),
        ("vincristine", "HAS_SCHEDULE", "on day 8"), ("bleomycin", "HAS_SCHEDULE", "on day 8"),
    }


def test_a_follow_up_frequency_is_no_drugs():
    text = "Patients receive irinotecan on days 1 and 8 every 21 days. Patients are followed every 3 months for 1 year, then every 6 months."
    e = ents(text, ("irinotecan", "DRUG"), ("on days 1 and 8", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q21d"),
             ("every 3 months", "FREQUENCY", "q3mo"), ("every 6 months", "FREQUENCY", "q6mo"))
    assert pairs(text, e) == {("irinotecan", "HAS_SCHEDULE", "on days 1 and 8"), ("irinotecan", "HAS_FREQUENCY", "every 21 days")}
    # "followed by" is a sequence of treatments, not follow-up
    text = "Doxorubicin IV bolus followed immediately by IV over 4 days every week"
    e = ents(text, ("Doxorubicin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("4 days every week", "FREQUENCY", "4x/wk"))
    assert ("Doxorubicin", "HAS_FREQUENCY", "4 days every week") in pairs(text, e)
    # a drug between the cue and the frequency owns it
    text = "At each visit, patients receive pembrolizumab every 3 weeks"
    e = ents(text, ("pembrolizumab", "DRUG"), ("every 3 weeks", "FREQUENCY", "q3w"))
    assert pairs(text, e) == {("pembrolizumab", "HAS_FREQUENCY", "every 3 weeks")}


def test_a_class_written_before_its_drug_is_the_drugs_description():
    text = "Patients receive anti-PD-1 antibody pembrolizumab 200 mg IV every 3 weeks and the MEK inhibitor trametinib 2 mg PO QD."
    e = ents(
        text, ("anti-PD-1 antibody", "DRUG", "immune checkpoint inhibitors"), ("pembrolizumab", "DRUG"), ("200 mg", "DOSE"), ("IV", "ROUTE", "intravenous"),
        ("every 3 weeks", "FREQUENCY", "q3w"), ("MEK inhibitor", "DRUG", "target inhibitor"), ("trametinib", "DRUG"), ("2 mg", "DOSE"),
        ("PO", "ROUTE", "oral"), ("QD", "FREQUENCY", "qd"),
    )
    assert {head for head, _, _ in pairs(text, e)} == {"pembrolizumab", "trametinib"}
    # A class that is the regimen's own drug keeps its details: "platinum agent, paclitaxel" is a list.
    text = "a platinum agent and paclitaxel every 3 weeks"
    e = ents(text, ("platinum agent", "DRUG"), ("paclitaxel", "DRUG"), ("every 3 weeks", "FREQUENCY", "q3w"))
    assert ("platinum agent", "HAS_FREQUENCY", "every 3 weeks") in pairs(text, e)


def test_days_close_a_list_of_alternatives():
    text = "melphalan IV on days -4 to -2 and antithymocyte globulin IV or methylprednisolone IV on days -3 to -1"
    e = ents(text, ("melphalan", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days -4 to -2", "SCHEDULE", "days"), ("antithymocyte globulin", "DRUG"),
             ("IV", "ROUTE", "intravenous"), ("methylprednisolone", "DRUG"), ("IV", "ROUTE", "intravenous"), ("on days -3 to -1", "SCHEDULE", "days"))
    got = {p for p in pairs(text, e) if p[1] == "HAS_SCHEDULE"}
    assert got == {("melphalan", "HAS_SCHEDULE", "on days -4 to -2"), ("antithymocyte globulin", "HAS_SCHEDULE", "on days -3 to -1"),
                   ("methylprednisolone", "HAS_SCHEDULE", "on days -3 to -1")}


def test_a_radiotherapy_takes_the_details_written_after_it():
    text = "Patients receive cisplatin 40 mg/m2 IV weekly and radiotherapy 5 days a week for 6 weeks."
    e = ents(text, ("cisplatin", "DRUG"), ("40 mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"), ("weekly", "FREQUENCY", "qw"),
             ("5 days a week", "FREQUENCY", "5x/wk"), ("for 6 weeks", "DURATION", "time amount"))
    assert {tail for _, _, tail in pairs(text, e)} == {"40 mg/m2", "IV", "weekly"}
    text = "Fludarabin 30 mg/m2 day -6 to -3 TBI 2x2 Gy day -3 to -2"
    e = ents(text, ("Fludarabin", "DRUG"), ("30 mg/m2", "DOSE"), ("day -6 to -3", "SCHEDULE", "days"),
             ("2x2 Gy", "DOSE", None, {"value": 2.0, "unit": "Gy"}), ("day -3 to -2", "SCHEDULE", "days"))
    assert ("Fludarabin", "HAS_SCHEDULE", "day -3 to -2") not in pairs(text, e)
    # A radiotherapy the drug is given during, with or after is its time frame: the details stay the drug's.
    for text in ("oral temozolomide daily during radiotherapy for 6 weeks", "cisplatin concurrently with pelvic field radiotherapy on days 1, 8, and 15"):
        detail = "for 6 weeks" if "6 weeks" in text else "on days 1, 8, and 15"
        drug = text.split()[1] if text.startswith("oral") else text.split()[0]
        e = ents(text, (drug, "DRUG"), (detail, "DURATION" if "weeks" in detail else "SCHEDULE", "time amount" if "weeks" in detail else "days"))
        assert (drug, "HAS_DURATION" if "weeks" in detail else "HAS_SCHEDULE", detail) in pairs(text, e)



def test_rt_pcr_is_no_radiotherapy():
    from nlp_trials.link.regimen import _other_heads

    assert [h.text for h in _other_heads("remdesivir, and RT-PCR twice weekly; and RT 5 days a week", [])] == ["RT"]


def test_details_before_a_drug_that_states_its_own_are_another_drugs():
    # "HD-ARA-C" is no tagged drug: its route, infusion length and days are not CMA-676's, which
    # states each of its own.
    text = "Patients receive HD-ARA-C IV over 3 hours on days 1-5 and CMA-676 IV over 2 hours on day 7."
    e = ents(
        text, ("IV", "ROUTE", "intravenous"), ("over 3 hours", "DURATION", "time amount"), ("on days 1-5", "SCHEDULE", "days"),
        ("CMA-676", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 2 hours", "DURATION", "time amount"), ("on day 7", "SCHEDULE", "days"),
    )
    assert {p for p in pairs(text, e) if p[1] == "HAS_SCHEDULE"} == {("CMA-676", "HAS_SCHEDULE", "on day 7")}
    assert len([p for p in pairs(text, e) if p[1] == "HAS_ROUTE"]) == 1
    # Details the drug does not state itself stay its own: "On day 1, cisplatin 75 mg/m2 IV".
    text = "On day 1, patients receive cisplatin 75 mg/m2 IV."
    e = ents(text, ("On day 1", "SCHEDULE", "days"), ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE"), ("IV", "ROUTE", "intravenous"))
    assert ("cisplatin", "HAS_SCHEDULE", "On day 1") in pairs(text, e)


def test_a_detail_before_a_step_of_a_sequence_is_not_the_next_drugs():
    text = "Patients then undergo surgery on day 63, followed 4-6 weeks later by daily intravenous leucovorin."
    e = ents(text, ("on day 63", "SCHEDULE", "days"), ("daily", "FREQUENCY", "qd"), ("intravenous", "ROUTE", "intravenous"), ("leucovorin", "DRUG"))
    assert pairs(text, e) == {("leucovorin", "HAS_FREQUENCY", "daily"), ("leucovorin", "HAS_ROUTE", "intravenous")}


def test_plus_joins_a_list_that_days_close():
    text = "Patients receive doxorubicin IV over 20 minutes plus cisplatin IV over 4 hours on days 1 and 2."
    e = ents(
        text, ("doxorubicin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 20 minutes", "DURATION", "time amount"), ("cisplatin", "DRUG"),
        ("IV", "ROUTE", "intravenous"), ("over 4 hours", "DURATION", "time amount"), ("on days 1 and 2", "SCHEDULE", "days"),
    )
    got = pairs(text, e)
    assert ("doxorubicin", "HAS_SCHEDULE", "on days 1 and 2") in got and ("cisplatin", "HAS_SCHEDULE", "on days 1 and 2") in got


def test_doses_in_brackets_keep_a_list_whose_days_and_route_close_it():
    text = "doxorubicin (25 mg/m2), bleomycin (10 u/m2), and dacarbazine (375 mg/m2) intravenously (IV) on days 1 and 15"
    e = ents(
        text, ("doxorubicin", "DRUG"), ("25 mg/m2", "DOSE"), ("bleomycin", "DRUG"), ("10 u/m2", "DOSE"), ("dacarbazine", "DRUG"),
        ("375 mg/m2", "DOSE"), ("intravenously", "ROUTE", "intravenous"), ("IV", "ROUTE", "intravenous"), ("on days 1 and 15", "SCHEDULE", "days"),
    )
    got = pairs(text, e)
    for drug in ("doxorubicin", "bleomycin", "dacarbazine"):
        assert (drug, "HAS_SCHEDULE", "on days 1 and 15") in got and (drug, "HAS_ROUTE", "intravenously") in got
    assert ("doxorubicin", "HAS_DOSE", "10 u/m2") not in got
