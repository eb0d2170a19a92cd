"""``build_regimens``: Regimen objects from annotated texts (hand-placed spans), and from the seeds through the pipeline."""

from __future__ import annotations

import pytest

from nlp_trials.documents import Document
from nlp_trials.enrich import enrich_trials
from nlp_trials.link.regimen import build_regimens, title_code_names
from nlp_trials.link.spans import AnnotatedText, Entity
from nlp_trials.schema import Arm, Intervention, Source, Trial

from regimen_util import ents

DOSE_12 = {"value": 1.2, "unit": "mg/m2", "basis": "m2"}


def _trial(**kw) -> Trial:
    return Trial(source=Source(format="ctgov-xml"), **kw)


def _text(field: str, text: str, entities: list[Entity], **meta) -> AnnotatedText:
    return AnnotatedText(Document(id=field, text=text, meta={"field": field, "offset": 0, **meta}), entities, [])


def test_a_regimen_with_dose_days_cycle_and_intensity():
    text = "gemcitabine (1000 mg/m^2 by IV on Days 1 and 8, every 21 days)"
    e = ents(text, ("gemcitabine", "DRUG", "gemcitabine"), ("1000 mg/m^2", "DOSE", "m2", {"value": 1000.0, "unit": "mg/m2", "basis": "m2"}),
             ("IV", "ROUTE", "intravenous"), ("on Days 1 and 8", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q3w"))
    trial = _trial(interventions=[Intervention(name="Gemcitabine", type="DRUG", description=text, arms=["Chemo"])])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention="Gemcitabine")])
    assert (r.drug, r.route, r.days, r.cycle_days, r.dose_intensity) == ("gemcitabine", "intravenous", [1, 8], 21, 666.7)
    assert r.dose is not None and (r.dose.value, r.dose.unit, r.dose.basis) == (1000.0, "mg/m2", "m2")
    assert r.frequency is not None and r.frequency.interval_days == 21
    assert (r.source, r.intervention, r.arm) == ("interventions[0].description", "Gemcitabine", "Chemo")
    assert r.text == text[r.start : r.end] == text[:-1]


def test_a_drug_without_details_gets_no_invented_dose():
    text = "Investigator's choice of one chemotherapy treatment (topotecan, gemcitabine, pemetrexed, or docetaxel)"
    e = ents(text, ("topotecan", "DRUG"), ("gemcitabine", "DRUG"), ("pemetrexed", "DRUG"), ("docetaxel", "DRUG"))
    trial = _trial(arms=[Arm(label="Chemotherapy", description=text)])
    regimens = build_regimens(trial, [_text("arms[0].description", text, e, arm="Chemotherapy")])
    assert [r.drug for r in regimens] == ["topotecan", "gemcitabine", "pemetrexed", "docetaxel"]
    assert all(r.dose is None and r.days == [] and r.arm == "Chemotherapy" for r in regimens)
    assert len({r.option_group for r in regimens}) == 1 and regimens[0].option_group is not None


def test_descriptions_give_only_drugs_with_details_and_match_interventions_by_name():
    text = "Pembrolizumab is an antibody. Patients receive pembrolizumab 200 mg IV Q3W for up to 35 cycles."
    e = ents(text, ("Pembrolizumab", "DRUG", "pembrolizumab"), ("pembrolizumab", "DRUG", "pembrolizumab"),
             ("200 mg", "DOSE", "flat", {"value": 200.0, "unit": "mg", "basis": "flat"}), ("IV", "ROUTE", "intravenous"),
             ("Q3W", "FREQUENCY", "q3w"), ("for up to 35 cycles", "SCHEDULE", "cycles"))
    trial = _trial(interventions=[Intervention(name="MK-3475", type="BIOLOGICAL", other_names=["Pembrolizumab", "Keytruda"], arms=["Arm A"])])
    (r,) = build_regimens(trial, [_text("detailed_description", text, e)])
    assert (r.drug, r.cycles, r.cycle_days, r.dose_intensity, r.intervention, r.arm) == ("pembrolizumab", 35, 21, 66.7, "MK-3475", "Arm A")


def test_the_same_drug_twice_with_the_same_details_is_one_regimen():
    text = "cisplatin 75 mg/m2 IV on day 1. Reminder: cisplatin 75 mg/m2 IV on day 1."
    dose = {"value": 75.0, "unit": "mg/m2", "basis": "m2"}
    e = ents(text, ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE", "m2", dose), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"),
             ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE", "m2", dose), ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"))
    assert len(build_regimens(_trial(), [_text("brief_summary", text, e)])) == 1


def test_a_mention_with_only_the_shared_cycle_of_a_fuller_one_gives_no_regimen():
    text = "This is a dose escalation study of gemcitabine. Patients receive gemcitabine IV on days 1 and 8. Courses repeat every 3 weeks."
    e = ents(text, ("gemcitabine", "DRUG", "gemcitabine"), ("gemcitabine", "DRUG", "gemcitabine"), ("IV", "ROUTE", "intravenous"),
             ("on days 1 and 8", "SCHEDULE", "days"), ("every 3 weeks", "FREQUENCY", "q3w"))
    (r,) = build_regimens(_trial(), [_text("detailed_description", text, e)])
    assert (r.drug, r.route, r.days, r.cycle_days) == ("gemcitabine", "intravenous", [1, 8], 21)


def test_days_written_before_each_dose_are_that_doses():
    text = "sorafenib Day 1-28 400 mg twice daily, Day 29-56 600 mg twice daily"
    e = ents(text, ("sorafenib", "DRUG", "sorafenib"), ("Day 1-28", "SCHEDULE", "days"), ("400 mg", "DOSE", "flat", {"value": 400.0, "unit": "mg", "basis": "flat"}),
             ("twice daily", "FREQUENCY", "bid"), ("Day 29-56", "SCHEDULE", "days"), ("600 mg", "DOSE", "flat", {"value": 600.0, "unit": "mg", "basis": "flat"}),
             ("twice daily", "FREQUENCY", "bid"))
    got = [(r.dose.value, r.days[0], r.days[-1]) for r in build_regimens(_trial(), [_text("brief_summary", text, e)]) if r.dose]
    assert got == [(400.0, 1, 28), (600.0, 29, 56)]


def test_a_repeat_that_names_its_drug_is_that_drugs_cycle():
    text = "Patients receive fludarabine IV on days 1-5. Treatment with fludarabine repeats every 28 days for 6 courses."
    e = ents(text, ("fludarabine", "DRUG", "fludarabine"), ("IV", "ROUTE", "intravenous"), ("on days 1-5", "SCHEDULE", "days"),
             ("fludarabine", "DRUG", "fludarabine"), ("every 28 days", "FREQUENCY", "q4w"), ("for 6 courses", "SCHEDULE", "cycles"))
    (r,) = build_regimens(_trial(), [_text("detailed_description", text, e)])
    assert (r.drug, r.route, r.days, r.cycle_days, r.cycles) == ("fludarabine", "intravenous", [1, 2, 3, 4, 5], 28, 6)
    # Two drugs each with its own repeat keep their own.
    text = "Patients receive paclitaxel IV and trastuzumab IV on day 1. Paclitaxel repeats every 3 weeks for 4 courses and trastuzumab repeats weekly for 10 courses."
    e = ents(text, ("paclitaxel", "DRUG", "paclitaxel"), ("IV", "ROUTE", "intravenous"), ("trastuzumab", "DRUG", "trastuzumab"),
             ("IV", "ROUTE", "intravenous"), ("on day 1", "SCHEDULE", "days"), ("Paclitaxel", "DRUG", "paclitaxel"),
             ("every 3 weeks", "FREQUENCY", "q3w"), ("for 4 courses", "SCHEDULE", "cycles"), ("trastuzumab", "DRUG", "trastuzumab"),
             ("weekly", "FREQUENCY", "qw"), ("for 10 courses", "SCHEDULE", "cycles"))
    got = {(r.drug, r.cycles) for r in build_regimens(_trial(), [_text("detailed_description", text, e)])}
    assert ("trastuzumab", 4) not in got and ("paclitaxel", 10) not in got


@pytest.mark.parametrize(
    "repeat",
    ["Patients continue treatment every 28 days for 6 courses.", "Chemotherapy is administered every 28 days for 6 courses.",
     "Treatment is continued every 28 days for 6 courses."],
)
def test_other_wordings_of_a_repeat(nlp, repeat):
    regimens = _description_regimens(nlp, f"Patients receive docetaxel IV over 1 hour and gemcitabine IV over 30 minutes on days 1 and 15. {repeat}")
    assert {(d, r.cycle_days, r.cycles) for d, r in regimens.items()} == {("docetaxel", 28, 6), ("gemcitabine", 28, 6)}


@pytest.mark.parametrize(
    ("repeat", "duration"),
    [
        ("Treatment repeats every 28 days in the absence of disease progression for a maximum of 1 year.", 365.0),
        ("Treatment repeats every 6 weeks for 17 courses (approximately 2 years).", 730.0),
        # The cycle said again, a stay in hospital: no length of treatment.
        ("The cycle is repeated every 6 weeks (42 days).", None),
        ("Treatment is given every six weeks and patients will be hospitalized for about one week for each treatment.", None),
        ("Chemotherapy is repeated later during radiation therapy given 5 days a week for 5 weeks.", None),
    ],
)
def test_how_long_a_repeat_goes_on(nlp, repeat, duration):
    assert _description_regimens(nlp, f"Patients receive cisplatin IV on day 1. {repeat}")["cisplatin"].duration_days == duration


def test_a_repeat_that_names_a_phase_repeats_only_that_phase(nlp):
    text = ("Patients receive 2 courses of initial chemotherapy with carboplatin IV and etoposide IV. Patients with no response proceed "
            "to retrieval chemotherapy: cyclophosphamide IV and topotecan IV on days 1-5. Treatment with retrieval chemotherapy "
            "repeats every 21 days for up to 6 courses.")
    regimens = _description_regimens(nlp, text)
    assert {d: (r.cycle_days, r.cycles == 6) for d, r in regimens.items()} == {
        "carboplatin": (None, False), "etoposide": (None, False), "cyclophosphamide": (21, True), "topotecan": (21, True)}
    # A phase named once per arm repeats the drugs of every arm that names it.
    text = ("Arms I and II: Patients receive induction comprising oral melphalan on days 1-4. Arms III and IV: Patients receive "
            "induction comprising oral dexamethasone on days 1-4. Induction for arms I-IV continues every 4 weeks for 12 courses.")
    assert {d: r.cycle_days for d, r in _description_regimens(nlp, text).items()} == {"melphalan": 28, "dexamethasone": 28}
    # A phase the text named nowhere before repeats every drug before it.
    regimens = _description_regimens(nlp, "Patients receive cisplatin IV on day 1. Maintenance therapy repeats every 21 days.")
    assert regimens["cisplatin"].cycle_days == 21


def test_a_second_dose_of_a_drug_is_a_second_regimen():
    text = "temozolomide 75 mg/m2 daily during radiotherapy, then 150 mg/m2 on days 1-5 every 28 days"
    e = ents(text, ("temozolomide", "DRUG"), ("75 mg/m2", "DOSE", "m2", {"value": 75.0, "unit": "mg/m2", "basis": "m2"}), ("daily", "FREQUENCY", "qd"),
             ("150 mg/m2", "DOSE", "m2", {"value": 150.0, "unit": "mg/m2", "basis": "m2"}), ("on days 1-5", "SCHEDULE", "days"),
             ("every 28 days", "FREQUENCY", "q4w"))
    first, second = build_regimens(_trial(), [_text("detailed_description", text, e)])
    assert (first.dose.value, first.frequency.text, first.days) == (75.0, "daily", [])  # type: ignore[union-attr]
    assert (second.dose.value, second.days, second.cycle_days, second.dose_intensity) == (150.0, [1, 2, 3, 4, 5], 28, 187.5)  # type: ignore[union-attr]


def test_an_intervention_description_without_a_drug_is_its_interventions_regimen():
    text = "Pharmaceutical form: solution for infusion\nRoute of administration: intravenous"
    e = ents(text, ("intravenous", "ROUTE", "intravenous"))
    trial = _trial(interventions=[Intervention(name="SAR408701", type="DRUG", description=text)])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention="SAR408701")])
    assert (r.drug, r.drug_text, r.route, r.intervention, r.text) == ("SAR408701", "SAR408701", "intravenous", "SAR408701", "intravenous")


def test_details_before_the_drugs_other_name_are_that_drugs():
    text = "Three doses of 2 mg/kg IV prior to thymus transplantation. RATGAM is usually given on days -5, -4, and -3."
    e = ents(text, ("2 mg/kg", "DOSE", "kg", {"value": 2.0, "unit": "mg/kg", "basis": "kg"}), ("IV", "ROUTE", "intravenous"),
             ("on days -5, -4, and -3", "SCHEDULE", "days"))
    iv = Intervention(name="Rabbit anti-thymocyte globulin", other_names=["RATGAM"], type="DRUG", description=text)
    (r,) = build_regimens(_trial(interventions=[iv]), [_text("interventions[0].description", text, e, intervention=iv.name)])
    assert (r.drug_text, r.dose.value, r.route, r.days) == ("RATGAM", 2.0, "intravenous", [-5, -4, -3])  # type: ignore[union-attr]


def test_another_name_counts_only_written_whole(nlp):
    # Registries put whole sentences among the other names too.
    text = ("Twenty five patients will be administered a single dose (900 mg) of Nigella Sativa capsule twice daily, "
            "and single dose of vitamin D3 tablet (2000 IU) once daily plus standard therapy.")
    iv = Intervention(
        name="Nigella Sativa capsule twice daily", other_names=["single dose of vitamin D3 tablet (2000 IU) once daily"],
        type="DIETARY_SUPPLEMENT", arms=["group 4"],
    )
    trial = _trial(arms=[Arm(label="group 4", description=text, interventions=[iv.name])], interventions=[iv])
    (enriched,) = enrich_trials([trial], nlp)
    doses = {(r.drug, r.dose.value) for r in enriched.regimens if r.dose}  # type: ignore[union-attr]
    assert ("cholecalciferol", 900.0) not in doses and ("cholecalciferol", 2000.0) in doses


def test_untagged_intervention_names_head_regimens():
    text = "Patients receive KRN5500 IV over 1 hour on days 1-3. Courses repeat every 21 days."
    e = ents(text, ("IV", "ROUTE", "intravenous"), ("on days 1-3", "SCHEDULE", "days"), ("every 21 days", "FREQUENCY", "q3w"))
    trial = _trial(interventions=[Intervention(name="KRN5500", type="DRUG", arms=["KRN5500"])])
    (r,) = build_regimens(trial, [_text("detailed_description", text, e)])
    assert (r.drug, r.route, r.days, r.cycle_days, r.intervention) == ("KRN5500", "intravenous", [1, 2, 3], 21, "KRN5500")


def test_the_code_an_intervention_name_starts_with_heads_regimens():
    text = "Patients receive LMB-7 intrathecally on days 1, 3, and 5. Treatment may be repeated every 4 weeks."
    e = ents(text, ("intrathecally", "ROUTE", "intrathecal"), ("on days 1, 3, and 5", "SCHEDULE", "days"), ("every 4 weeks", "FREQUENCY", "q4w"))
    trial = _trial(interventions=[Intervention(name="LMB-7 immunotoxin", type="BIOLOGICAL")])
    (r,) = build_regimens(trial, [_text("detailed_description", text, e)])
    assert (r.drug, r.route, r.days, r.cycle_days, r.intervention) == ("LMB-7", "intrathecal", [1, 3, 5], 28, "LMB-7 immunotoxin")
    # Only when the rest of the name says what kind of agent it is.
    trial = _trial(interventions=[Intervention(name="Th2 cells", type="BIOLOGICAL")])
    assert build_regimens(trial, [_text("detailed_description", "Patients receive Th2 daily.", ents("Patients receive Th2 daily.", ("daily", "FREQUENCY", "qd")))]) == []


def test_code_names_of_a_treating_title_head_regimens():
    text = "Patients receive E7070 IV over 1 hour once every 3 weeks. SWOG-9346 closed."
    e = ents(text, ("IV", "ROUTE", "intravenous"), ("once every 3 weeks", "FREQUENCY", "q3w"))
    trial = _trial(title="E7070 in Treating Patients With Solid Tumors", interventions=[Intervention(name="indisulam", type="DRUG")])
    (r,) = build_regimens(trial, [_text("detailed_description", text, e)])
    assert (r.drug, r.route, r.cycle_days) == ("E7070", "intravenous", 21)


@pytest.mark.parametrize(
    "title, names",
    [
        ("Cytarabine and UCN-01 in Treating Patients With Refractory AML", ["UCN-01"]),
        ("SU-101 Compared With Procarbazine in Treating Patients With Glioblastoma", ["SU-101"]),
        ("3-AP in Treating Patients With Advanced Cancer", ["3-AP"]),
        ("S9623 Combination Chemotherapy in Treating Women With Breast Cancer", []),  # a SWOG protocol number
        ("Radiation Therapy in Treating Patients With Glioma", []),
        ("A Study of E7070 in Solid Tumors", []),
        (None, []),
    ],
)
def test_title_code_names(title, names):
    assert title_code_names(title) == names


def test_radiation_and_generic_intervention_names_do_not_head_regimens():
    text = "Chemotherapy: 60 Gy in 30 fractions"
    e = ents(text, ("60 Gy", "DOSE", "flat", {"value": 60.0, "unit": "Gy", "basis": "flat"}))
    trial = _trial(interventions=[Intervention(name="Radiotherapy", type="RADIATION", description=text), Intervention(name="Chemotherapy", type="DRUG")])
    assert build_regimens(trial, [_text("interventions[0].description", text, e, intervention="Radiotherapy")]) == []


def test_negated_and_historical_mentions_and_criteria_give_no_regimen():
    text = "Patients who progressed on prior cisplatin 75 mg/m2 receive docetaxel 75 mg/m2."
    dose = {"value": 75.0, "unit": "mg/m2", "basis": "m2"}
    e = ents(text, ("cisplatin", "DRUG"), ("75 mg/m2", "DOSE", "m2", dose), ("docetaxel", "DRUG"), ("75 mg/m2", "DOSE", "m2", dose))
    e[0] = Entity(e[0].start, e[0].end, "DRUG", "cisplatin", context={"historical": True})
    assert [r.drug for r in build_regimens(_trial(), [_text("brief_summary", text, e)])] == ["docetaxel"]
    assert build_regimens(_trial(), [_text("eligibility.criteria", text, e, criterion_id="I1")]) == []


# --- seeds through the pipeline ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_regimens(nlp, samples):
    import nlp_trials

    def run(key: str):
        (trial,) = enrich_trials(nlp_trials.read_results(samples[key]), nlp, fields=("arms", "interventions", "brief_summary", "detailed_description"))
        assert isinstance(trial, Trial)
        return trial.regimens

    return run


def test_seed_000_four_chemotherapy_options(seed_regimens):
    detailed = [r for r in seed_regimens("000") if r.dose is not None]
    by_drug = {r.drug: r for r in detailed}
    assert set(by_drug) == {"topotecan", "gemcitabine", "pemetrexed", "docetaxel"}
    assert len({r.option_group for r in detailed}) == 1 and detailed[0].option_group is not None
    expected = {"topotecan": (1.2, [1, 2, 3, 4, 5], 2.0), "gemcitabine": (1000, [1, 8], 666.7), "pemetrexed": (500, [1], 166.7), "docetaxel": (75, [1], 25.0)}
    for drug, (dose, days, intensity) in expected.items():
        r = by_drug[drug]
        assert r.dose is not None and (r.dose.value, r.dose.unit, r.dose.basis) == (dose, "mg/m2", "m2")
        assert (r.route, r.days, r.cycle_days, r.dose_intensity) == ("intravenous", days, 21, intensity)
        assert r.source.startswith("interventions[") and r.intervention == "Investigator's Choice of Chemotherapy"
    arm_options = [r for r in seed_regimens("000") if r.source == "arms[1].description"]
    assert [r.drug for r in arm_options] == ["topotecan", "gemcitabine", "pemetrexed", "docetaxel"]
    assert len({r.option_group for r in arm_options}) == 1 and arm_options[0].option_group != detailed[0].option_group


def test_seed_003_three_drugs_with_ranges_days_frequency_and_route(seed_regimens):
    described = {r.drug_text: r for r in seed_regimens("003") if r.source.startswith("interventions[") and r.dose is not None}
    suru, tmz, s1 = described["Surufatinib"], described["Temozolomide"], described["S-1"]
    assert (suru.dose.value, suru.dose.unit, suru.frequency.times_per_day, suru.route, suru.cycle_days) == (250, "mg", 1, "oral", 21)  # type: ignore[union-attr]
    assert suru.dose_intensity is None  # QD with a 3-week cycle: the days of the cycle are not stated
    assert tmz.dose_intensity == 416.7  # 250 mg (mean of 200-300) on 5 days of 21
    assert (tmz.dose.low, tmz.dose.high, tmz.days, tmz.frequency.text, tmz.route, tmz.cycle_days) == (200, 300, [10, 11, 12, 13, 14], "QD", "oral", 21)  # type: ignore[union-attr]
    assert (s1.dose.low, s1.dose.high, s1.days, s1.frequency.times_per_day, s1.route) == (40, 60, list(range(1, 15)), 2, "oral")  # type: ignore[union-attr]
    arm = [r for r in seed_regimens("003") if r.source == "arms[0].description"]
    assert {r.drug_text for r in arm} == {"surufatinib", "temozolomide", "S-1"} and all(r.cycle_days == 21 for r in arm)


def test_seed_003_s1_every_three_weeks(seed_regimens):
    described = {r.drug_text: r for r in seed_regimens("003") if r.source.startswith("interventions[") and r.dose is not None}
    assert described["S-1"].cycle_days == 21


def test_a_drug_of_another_intervention_is_attributed_to_it():
    text = "RAD001 will be taken orally at a dose of 30 mg every week, one hour prior to patupilone."
    e = ents(text, ("RAD001", "DRUG"), ("orally", "ROUTE", "oral"), ("30 mg", "DOSE", "flat", {"value": 30.0, "unit": "mg", "basis": "flat"}),
             ("every week", "FREQUENCY", "qw"), ("patupilone", "DRUG"))
    trial = _trial(interventions=[Intervention(name="Patupilone", type="DRUG", description=text), Intervention(name="RAD001", type="DRUG", other_names=["everolimus"])])
    regimens = build_regimens(trial, [_text("interventions[0].description", text, e, intervention="Patupilone")])
    assert [(r.drug, r.intervention, r.dose is not None) for r in regimens] == [("RAD001", "RAD001", True), ("patupilone", "Patupilone", False)]


def test_infusion_time_is_not_the_treatment_duration():
    text = "cisplatin IV over 24 hours on day 3 for 6 months"
    e = ents(text, ("cisplatin", "DRUG"), ("IV", "ROUTE", "intravenous"), ("over 24 hours", "DURATION", "time amount", {"days": 1.0}),
             ("on day 3", "SCHEDULE", "days"), ("for 6 months", "DURATION", "time amount", {"days": 180.0}))
    (r,) = build_regimens(_trial(), [_text("detailed_description", text, e)])
    assert r.duration_days == 180


def test_start_days_and_continuing_ranges():
    text = "filgrastim SC beginning on day 4 and continuing through day 13 of each course. G-CSF begins on day 6."
    e = ents(text, ("filgrastim", "DRUG", "filgrastim"), ("SC", "ROUTE", "subcutaneous"), ("on day 4", "SCHEDULE", "days"),
             ("day 13 of each course", "SCHEDULE", "days"), ("G-CSF", "DRUG", "filgrastim"), ("on day 6", "SCHEDULE", "days"))
    first, second = build_regimens(_trial(), [_text("detailed_description", text, e)])
    assert first.days == list(range(4, 14))
    assert second.days == [] and second.drug_text == "G-CSF"


def test_cycle_count_is_not_the_cycle_length():
    text = "cisplatin 50 mg/m2, IV Days 1 and 8, two 28 day cycles"
    e = ents(text, ("cisplatin", "DRUG"), ("50 mg/m2", "DOSE", "m2", {"value": 50.0, "unit": "mg/m2", "basis": "m2"}), ("IV", "ROUTE", "intravenous"),
             ("Days 1 and 8", "SCHEDULE", "days"), ("two 28 day cycles", "SCHEDULE", "cycles"))
    (r,) = build_regimens(_trial(), [_text("brief_summary", text, e)])
    assert (r.cycles, r.days) == (2, [1, 8])


def test_the_repeating_frequency_is_the_cycle_and_hours_are_no_treatment_length():
    text = "Recombinant IL-12 as a 24 hour infusion once weekly for 4 weeks, repeats every 4 weeks for up to 6 courses"
    e = ents(text, ("Recombinant IL-12", "DRUG"), ("24 hour", "DURATION", "time amount", {"unit": "h", "days": 1.0}), ("once weekly", "FREQUENCY", "qw"),
             ("for 4 weeks", "DURATION", "time amount", {"unit": "wk", "days": 28.0}), ("every 4 weeks", "FREQUENCY", "q4w"),
             ("for up to 6 courses", "SCHEDULE", "cycles"))
    (r,) = build_regimens(_trial(), [_text("detailed_description", text, e)])
    assert (r.cycle_days, r.frequency.text, r.cycles, r.duration_days) == (28, "once weekly", 6, 28)  # type: ignore[union-attr]


# --- dosing as European and combination products write it, through the pipeline ------------------


@pytest.fixture(scope="module")
def arm_regimens(nlp):
    from nlp_trials.schema import Arm

    def run(description: str):
        trial = _trial(arms=[Arm(label="A", description=description)])
        (enriched,) = enrich_trials([trial], nlp, fields=("arms",))
        assert isinstance(enriched, Trial)
        return enriched.regimens

    return run


def test_an_amount_per_interval_is_the_frequency(arm_regimens):
    (r,) = arm_regimens("Vancomycin 500 mg/12 h IV for 7 days.")
    assert r.dose is not None and (r.dose.value, r.dose.unit) == (500, "mg")
    assert r.frequency is not None and (r.frequency.text, r.frequency.times_per_day, r.route, r.duration_days) == ("/12 h", 2, "intravenous", 7)


def test_a_fixed_dose_combination_keeps_both_amounts(arm_regimens):
    (r,) = arm_regimens("Sacubitril/valsartan 49/51 mg twice daily.")
    assert r.dose is not None and (r.dose.value, r.dose.parts, r.dose.unit) == (None, [49, 51], "mg")
    assert r.dose_intensity is None  # no single amount to multiply


def test_a_two_drug_product_is_one_regimen_with_both_amounts(arm_regimens):
    (r,) = arm_regimens("Amoxicillin-clavulanic acid 875/125 mg orally twice daily for 7 days")
    assert (r.drug, r.dose.parts, r.dose.unit, r.route, r.duration_days) == ("amoxicillin and clavulanic acid", [875, 125], "mg", "oral", 7)  # type: ignore[union-attr]
    assert [r.drug for r in arm_regimens("carboplatin/paclitaxel every 3 weeks; bortezomib/dexamethasone")] == ["carboplatin", "paclitaxel", "bortezomib", "dexamethasone"]


def test_water_taken_with_a_drug_is_no_dose_and_od_is_once_daily(arm_regimens):
    (r,) = arm_regimens("Metformin 500 mg orally with 240 mL of water OD.")
    assert r.dose is not None and r.dose.value == 500 and r.route == "oral"
    first, second = arm_regimens("Azithromycin 500 mg OD on the 1st day and 250 mg from day 2 to 5.")
    assert (first.dose.value, first.days, first.frequency.times_per_day) == (500, [1], 1)  # type: ignore[union-attr]
    assert (second.dose.value, second.days) == (250, [2, 3, 4, 5])  # type: ignore[union-attr]


# --- a code name takes the drug its intervention's other names resolve to -----------------------


def test_intervention_drug_ids_map_every_name_to_the_one_drug_they_resolve_to():
    from nlp_trials.link.regimen import intervention_drug_ids

    gefitinib = ("gefitinib", "DRUGBANK:DB00317")
    ivs = [
        Intervention(name="ZD1839", type="DRUG", other_names=["gefitinib", "Iressa"]),
        Intervention(name="FOLFOX", type="DRUG", other_names=["oxaliplatin", "fluorouracil"]),
        Intervention(name="Radiotherapy", type="RADIATION", other_names=["gefitinib"]),
    ]
    resolved = {"gefitinib": gefitinib, "iressa": gefitinib, "oxaliplatin": ("oxaliplatin", "DRUGBANK:DB00526"), "fluorouracil": ("fluorouracil", "DRUGBANK:DB00544")}
    assert intervention_drug_ids(ivs, resolved) == {"zd1839": gefitinib, "gefitinib": gefitinib, "iressa": gefitinib}
    # A combination's name among the other names of one of its drugs stays the combination.
    cyclophosphamide = ("cyclophosphamide", "DRUGBANK:DB00531")
    resolved = {"cyclophosphamide": cyclophosphamide, "chop": ("cyclophosphamide + doxorubicin + vincristine + prednisone", None)}
    ivs = [Intervention(name="Cyclophosphamide", type="DRUG", other_names=["CHOP"])]
    assert intervention_drug_ids(ivs, resolved) == {"cyclophosphamide": cyclophosphamide}


def test_a_code_name_regimen_carries_the_id_of_its_interventions_other_names(nlp):
    from nlp_trials.schema import Arm

    trial = _trial(
        arms=[Arm(label="A", description="ZD1839 250 mg orally once daily", interventions=["ZD1839"])],
        interventions=[Intervention(name="ZD1839", type="DRUG", other_names=["gefitinib", "Iressa"], arms=["A"])],
    )
    (enriched,) = enrich_trials([trial], nlp, fields=("arms",))
    assert isinstance(enriched, Trial)
    (r,) = enriched.regimens
    assert (r.drug_text, r.drug, r.drug_id, r.dose.value) == ("ZD1839", "gefitinib", "DRUGBANK:DB00317", 250)  # type: ignore[union-attr]


def test_a_daily_dose_divided_twice_daily_is_counted_once_a_day():
    text = "sorafenib 400 mg/day given as 200 mg BID"
    e = ents(text, ("sorafenib", "DRUG", "sorafenib"), ("400 mg/day", "DOSE", "flat", {"value": 400.0, "unit": "mg/d", "basis": "flat"}), ("BID", "FREQUENCY", "bid"))
    trial = _trial(interventions=[Intervention(name="Sorafenib", type="DRUG", description=text)])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention="Sorafenib")])
    assert (r.dose.unit, r.frequency.times_per_day, r.dose_intensity) == ("mg/d", 2.0, 2800.0)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "cycle", "frequency"),
    [
        ("irinotecan given weekly for 4 weeks every 6 weeks", 42, "weekly"),  # the longest is the cycle
        ("docetaxel IV over 1 hour weekly or every 3 weeks", 7, "weekly"),  # alternatives: the first, as written
        ("QS21 monthly for 4 doses, every 2 months for 4 doses", 30, "monthly"),  # a sequence: the first
    ],
)
def test_of_several_cycle_frequencies_the_longest_is_the_cycle_unless_they_are_alternatives(text, cycle, frequency):
    words = {"weekly": "qw", "every 6 weeks": "q6w", "every 3 weeks": "q3w", "monthly": "qmo", "every 2 months": "q2mo"}
    drug = text.split()[0]
    spans = [(drug, "DRUG", drug)] + [(w, "FREQUENCY", norm) for w, norm in words.items() if w in text]
    e = ents(text, *spans)
    trial = _trial(interventions=[Intervention(name=drug, type="DRUG", description=text)])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention=drug)])
    assert (r.cycle_days, r.frequency.text) == (cycle, frequency)  # type: ignore[union-attr]


def test_options_read_past_a_radiotherapy_joined_to_a_drug():
    text = "cyclophosphamide on 2 consecutive days and total body irradiation on 3 days OR busulfan on days -8, -7, -6, and -5"
    e = ents(text, ("cyclophosphamide", "DRUG", "cyclophosphamide"), ("on 2 consecutive days", "SCHEDULE", "days"),
             ("on 3 days", "SCHEDULE", "days"), ("busulfan", "DRUG", "busulfan"), ("on days -8, -7, -6, and -5", "SCHEDULE", "days"))
    trial = _trial()
    regimens = build_regimens(trial, [_text("detailed_description", text, e)])
    groups = {r.drug: r.option_group for r in regimens}
    assert groups["cyclophosphamide"] is not None and groups["cyclophosphamide"] == groups["busulfan"]


def test_a_weekly_drug_for_part_of_a_cycle_has_its_days_and_intensity():
    text = "Abraxane 150 mg/m2 IV weekly for 3 weeks of a 28-day cycle"
    e = ents(text, ("Abraxane", "DRUG", "paclitaxel"), ("150 mg/m2", "DOSE", "m2", {"value": 150.0, "unit": "mg/m2", "basis": "m2"}),
             ("IV", "ROUTE", "intravenous"), ("weekly", "FREQUENCY", "qw"), ("for 3 weeks", "DURATION", "time amount", {"value": 3.0, "unit": "wk", "days": 21.0}),
             ("of a 28-day cycle", "SCHEDULE", "cycle length"))
    trial = _trial(interventions=[Intervention(name="Abraxane", type="DRUG", description=text)])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention="Abraxane")])
    assert (r.days, r.cycle_days, r.dose_intensity) == ([1, 8, 15], 28, 112.5)


def test_an_intervention_named_with_its_dose_is_the_drug_without_it():
    text = "15mg BID for 12 weeks"
    e = ents(text, ("15mg", "DOSE", "flat", {"value": 15.0, "unit": "mg", "basis": "flat"}), ("BID", "FREQUENCY", "bid"))
    name = "PD 0299685 at 30mg BID"
    trial = _trial(interventions=[Intervention(name=name, type="DRUG", description=text)])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention=name)])
    assert (r.drug, r.drug_text, r.dose.value) == ("PD 0299685", name, 15.0)  # type: ignore[union-attr]


def _description_regimens(nlp, text: str):
    trial = _trial(detailed_description=text)
    (enriched,) = enrich_trials([trial], nlp, fields=("detailed_description",))
    assert isinstance(enriched, Trial)
    return {r.drug: r for r in enriched.regimens}


@pytest.mark.parametrize(
    ("text", "drug", "days", "cycle", "frequency"),
    [
        # "Treatment repeats every N" is the cycle of a drug given weekly for part of it.
        ("Patients receive irinotecan IV over 90 minutes weekly for 4 weeks. Treatment is repeated every six weeks.", "irinotecan", [1, 8, 15, 22], 42, "weekly"),
        ("Patients receive paclitaxel 80 mg/m2 IV weekly on days 1, 8, and 15 of each course. Courses repeat every 21 days.", "paclitaxel", [1, 8, 15], 21, "weekly"),
        # A drug whose own frequency fits its days keeps it as its cycle.
        ("Patients receive doxorubicin IV once every 3 weeks for 4 courses. Beginning 21 days later, patients receive cyclophosphamide IV weekly for 3 weeks. Treatment repeats every 4 weeks.", "doxorubicin", [], 21, "once every 3 weeks"),
        # Days past a frequency that read as the cycle: the cycle is not stated.
        ("everolimus 30 mg by mouth weekly on Days 1, 8, & 15 for 12 cycles", "everolimus", [1, 8, 15], None, "weekly"),
        ("Vincristine sulfate 1.5 mg/m2 IV push weekly x 2 Days 0 and 7", "vincristine", [0, 7], None, "weekly"),
    ],
)
def test_the_cycle_holds_the_days_given_in_it(nlp, text, drug, days, cycle, frequency):
    r = _description_regimens(nlp, text)[drug]
    assert (r.days, r.cycle_days, r.frequency.text) == (days, cycle, frequency)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "drug", "days", "cycle", "duration", "cycles"),
    [
        # The time given and the rest after it make the cycle; the rest is no length of treatment.
        ("Patients receive sunitinib 50 mg daily for 4 weeks followed by 2 weeks off.", "sunitinib", [], 42, 28.0, None),
        ("Oral procarbazine once daily on days 1-14 followed by 2 weeks of rest for a total of 6 courses.", "procarbazine", list(range(1, 15)), 28, None, 6),
        ("Arsenic trioxide 0.1 mg/kg/day x 28 days with 14 day rest for 3 cycles", "arsenic trioxide", [], 42, 28.0, 3),
        ("Patients receive paclitaxel weekly for 3 weeks followed by 1 week of rest.", "paclitaxel", [1, 8, 15], 28, 21.0, None),
        ("Patients receive gemcitabine IV on days 1, 8, and 15 followed by 1 week of rest.", "gemcitabine", [1, 8, 15], 28, None, None),
        ("Patients receive gemcitabine IV on days 1 and 15 followed by 2 weeks of rest.", "gemcitabine", [1, 15], None, None, None),
        # A stated cycle stands; a rest alone makes no duration.
        ("Patients receive capecitabine twice daily on days 1-14 followed by 1 week of rest every 28 days.", "capecitabine", list(range(1, 15)), 28, None, None),
        ("Patients receive vinorelbine weekly x3, with one week off.", "vinorelbine", [], 7, None, None),
    ],
)
def test_a_rest_after_the_days_given_closes_the_cycle(nlp, text, drug, days, cycle, duration, cycles):
    r = _description_regimens(nlp, text)[drug]
    assert (r.days, r.cycle_days, r.duration_days, r.cycles) == (days, cycle, duration, cycles)


@pytest.mark.parametrize(
    ("text", "drugs"),
    [
        # A results-era arm tells the study's treatment in the past tense.
        ("Participants received capecitabine 1250 mg/m2 orally twice a day for 14 days.", ["capecitabine"]),
        ("Patients in this arm received pembrolizumab 200 mg IV every 3 weeks.", ["pembrolizumab"]),
        ("early atherosclerosis cases, received 20mg lutein, once a day", ["lutein"]),
        # ... to a group a condition defines.
        ("Participants with a rash graded less than 2 according to NCI-CTC version (v.) 3.0 received erlotinib, 100 mg, PO, once per day.", ["erlotinib"]),
        # History stays history.
        ("Patients who received prior cisplatin 75 mg/m2 receive docetaxel 75 mg/m2 IV.", ["docetaxel"]),
        ("Patients received previous treatment with cisplatin 75 mg/m2.", []),
        ("Fatigue in patients with melanoma who have received high-dose interferon alfa for 8-24 weeks.", []),
        # ... and another group's treatment is no detail of the drug before it.
        (
            "Group A volunteers received voriconazole (2 x 200mg) along with clarithromycin (500mg) while group B volunteers received Voriz (2 x 200mg) only.",
            ["clarithromycin", "voriconazole"],
        ),
    ],
)
def test_a_treatment_told_in_the_past_tense_is_a_regimen(nlp, text, drugs):
    assert sorted(_description_regimens(nlp, text)) == drugs


def test_the_drugs_of_one_product_share_what_follows_it_but_its_dose(nlp):
    regimens = _description_regimens(nlp, "Patients take rifampin/isoniazid/pyrazinamide FDC tablets orally, once daily. Others take aspirin 100 mg.")
    assert {d: (r.route, r.frequency.text if r.frequency else None) for d, r in regimens.items() if d != "aspirin"} == {
        d: ("oral", "once daily") for d in ("rifampin", "isoniazid", "pyrazinamide")
    }
    regimens = _description_regimens(nlp, "Patients receive carboplatin/paclitaxel 400 mg IV every 3 weeks.")
    assert (regimens["carboplatin"].dose, regimens["carboplatin"].route, regimens["carboplatin"].cycle_days) == (None, "intravenous", 21)


def test_a_repeat_closing_the_clause_is_every_drugs_cycle_whatever_its_daily_frequency(nlp):
    text = "Oral Estramustine 3 x day + oral Etoposide 2 x day on days 1-14 + Paclitaxel IV over 1 hour Day 2, repeats every 21 days."
    got = {d: (r.frequency.text if r.frequency else None, r.days, r.cycle_days) for d, r in _description_regimens(nlp, text).items()}
    assert got == {
        "estramustine": ("3 x day", [], 21),
        "etoposide": ("2 x day", list(range(1, 15)), 21),
        "paclitaxel": ("every 21 days", [2], 21),
    }


def test_an_offset_after_a_remission_is_no_duration(nlp):
    text = "Patients receive methotrexate IT on days 2 and 16. Patients who achieve complete remission after 4 weeks repeat consolidation therapy."
    assert _description_regimens(nlp, text)["methotrexate"].duration_days is None
    text = "Patients receive prednisone 60 mg/m2 PO 4 x day and undergo DLI if no response is obtained after a 2 month monitoring period."
    r = _description_regimens(nlp, text)["prednisone"]
    assert (r.duration_days, r.frequency.times_per_day if r.frequency else None) == (None, 4.0)


def test_bare_days_after_a_bracketed_dose_are_the_drugs(nlp):
    r = _description_regimens(nlp, "Thiotepa 10 mg/kg (2 x 5 mg/kg) day -5 Fludarabine 30 mg/m2 (5 x 6 mg/m2) day -6 to -2")
    assert (r["thiotepa"].days, r["fludarabine"].days) == ([-5], [-6, -5, -4, -3, -2])


def test_a_bare_day_in_brackets_after_a_drug_or_heading_it_is_the_drugs(nlp):
    text = "Each cycle lasts 21 days and consists of Etoposide (Days 0-2), Doxorubicin (Day 0), Bleomycin (Day 7), Vincristine (Day 7)."
    r = _description_regimens(nlp, text)
    assert {d: (x.days, x.cycle_days) for d, x in r.items()} == {
        "etoposide": ([0, 1, 2], 21), "doxorubicin": ([0], 21), "bleomycin": ([7], 21), "vincristine": ([7], 21)}
    r = _description_regimens(nlp, "Day 0: Marrow infusion; Day 1: rest; Day 4: Etopophos 40 mg/kg over four hours; Day 5: TBI")
    assert [x.days for x in r.values()] == [[4]]
    # Not every "Day 1": a visit is no schedule.
    assert _description_regimens(nlp, "Study Day 1 visit: cisplatin levels are drawn.") == {}


def test_days_close_a_list_whose_drugs_have_short_names_in_brackets(nlp):
    r = _description_regimens(nlp, "Patients receive cyclophosphamide (CTX) IV, doxorubicin (DOX) IV, and vincristine (VCR) IV on day 1.")
    assert {d: x.days for d, x in r.items()} == {"cyclophosphamide": [1], "doxorubicin": [1], "vincristine": [1]}
    r = _description_regimens(nlp, "Patients receive cisplatin (CDDP) IV on day 1 and fluorouracil (5-FU) IV on days 1-4.")
    assert {d: x.days for d, x in r.items()} == {"cisplatin": [1], "fluorouracil": [1, 2, 3, 4]}


def test_a_packages_strength_is_no_dose_of_a_regimen(nlp):
    # (API NCT05481619, with its full-width colons.)
    text = "Generic Name：vedolizumab Specification：300mg/bottle Dosage and Method of Administration：Usual adult dose for ulcerative colitis.300 mg IV every 8 weeks"
    trial = _trial(interventions=[Intervention(name="Vedolizumab", type="DRUG", description=text)])
    (enriched,) = enrich_trials([trial], nlp, fields=("interventions",))
    assert [(x.dose.value, x.route) for x in enriched.regimens] == [(300.0, "intravenous")]  # type: ignore[union-attr]


def test_an_nci_number_listed_after_a_name_is_another_name_of_it(nlp):
    r = _description_regimens(nlp, "Fluorouracil, 5-FU, NSC-19893; with Leucovorin calcium, CF, NSC-3590. Intravenous infusion.")
    assert r["leucovorin"].route == "intravenous"
    assert not any(d.upper().startswith("NSC") for d in r)


def test_doses_joined_by_a_slash_go_to_drugs_joined_by_a_slash_in_order(nlp):
    r = _description_regimens(nlp, "Two 300mg/100mg Darunavir/Ritonavir tablets twice daily for 144 weeks.")
    assert {d: (x.dose.value if x.dose else None, x.duration_days) for d, x in r.items()} == {"darunavir": (300.0, 1008.0), "ritonavir": (100.0, 1008.0)}


def test_a_later_dose_keeps_the_route_until_another_is_written(nlp):
    trial = _trial(interventions=[Intervention(name="Dupilumab", type="DRUG", description=(
        "Two subcutaneous injections of Dupilumab 300 mg as a loading dose on Day 1, followed by a single 300 mg injection qw from Week 1 to Week 15."))])
    (enriched,) = enrich_trials([trial], nlp, fields=("interventions",))
    assert [(x.days, x.route) for x in enriched.regimens] == [([1], "subcutaneous"), ([], "subcutaneous")]  # type: ignore[union-attr]
    r = _description_regimens(nlp, "Dexamethasone 20 mg IV on day 1, then 8 mg PO on days 2-4.")
    assert r["dexamethasone"].route == "oral"


def test_a_drug_mixed_in_another_shares_its_details(nlp):
    r = _description_regimens(nlp, "Patients receive ifosfamide mixed with mesna IV over 24 hours on days 1-5.")
    assert {d: (x.route, x.days) for d, x in r.items()} == {"ifosfamide": ("intravenous", [1, 2, 3, 4, 5]), "mesna": ("intravenous", [1, 2, 3, 4, 5])}


@pytest.mark.parametrize(("text", "drug", "duration"), [
    ("If indicated, patients receive five years of tamoxifen 20 mg daily.", "tamoxifen", 1825.0),
    ("Patients receive 2 years of adjuvant imatinib 400 mg daily.", "imatinib", 730.0),
    # Not a time before the drug that is no length of it.
    ("After the assay (approximately 7 days), patients receive paclitaxel IV on day 1.", "paclitaxel", None),
])
def test_a_length_written_before_its_drug_with_of(nlp, text, drug, duration):
    assert _description_regimens(nlp, text)[drug].duration_days == duration


@pytest.mark.parametrize(("text", "duration"), [
    ("Patients receive filgrastim SC daily beginning on day 2 and continuing until blood counts have recovered for 2 days.", None),
    ("Patients receive filgrastim SC daily until the ANC is greater than 1,500/mm3 for 3 consecutive days.", None),
    ("Patients receive filgrastim SC daily for 10 days or until blood counts recover.", 10.0),
])
def test_the_time_a_recovery_must_hold_is_no_length_of_treatment(nlp, text, duration):
    assert _description_regimens(nlp, text)["filgrastim"].duration_days == duration


def test_a_drug_then_given_on_days_keeps_them(nlp):
    r = _description_regimens(nlp, "Radiotherapy starts on day 50. Fluorouracil IV is then given on days 57-60 concurrently with radiotherapy.")
    assert r["fluorouracil"].days == [57, 58, 59, 60]


def test_a_sentence_stating_the_cycle_is_every_drugs_cycle(nlp):
    r = _description_regimens(nlp, "Paclitaxel 175 mg/m2 IV on day 1 and carboplatin AUC 6 IV on day 1. Each cycle = 3 weeks.")
    assert {d: x.cycle_days for d, x in r.items()} == {"paclitaxel": 21, "carboplatin": 21}
    r = _description_regimens(nlp, "Patients receive cisplatin IV on day 1 and etoposide IV on days 1-3. Each course consists of four weeks.")
    assert {d: x.cycle_days for d, x in r.items()} == {"cisplatin": 28, "etoposide": 28}


def test_a_salt_on_the_next_line_of_a_wrapped_one_is_the_drugs(nlp):
    # A wrapped line of a record (lines shorter than 60 characters end a clause instead).
    r = _description_regimens(nlp, "Patients receive first-line chemotherapy comprising leucovorin\ncalcium IV over 2 hours on day 1 followed by fluorouracil IV.")
    assert (r["leucovorin"].drug_text, r["leucovorin"].route, r["leucovorin"].days) == ("leucovorin\ncalcium", "intravenous", [1])


def test_days_the_cycle_does_not_hold_give_no_dose_intensity(nlp):
    # Days past a stated cycle: the planned amount per week is not known from them.
    past = _description_regimens(nlp, "Patients receive sunitinib 50 mg orally once daily on days 1-28 of each 21-day cycle.")["sunitinib"]
    assert (past.cycle_days, past.dose_intensity) == (21, None)


@pytest.mark.parametrize(
    ("text", "drug", "dose", "frequency", "intensity"),
    [
        # The same dose said again in other terms is one regimen, with the dose first written.
        ("Patients receive sorafenib 400 mg/day given as 200 mg BID.", "sorafenib", "400 mg/day", "BID", 2800.0),
        ("Olaparib 600 mg daily (2 doses of 300 mg (2*2 tablets of 150 mg) taken approximately 12 hours apart) po", "olaparib", "600 mg", "daily", 4200.0),
        ("prednisone 5 mg twice daily (10 mg/day)", "prednisone", "5 mg", "twice daily", 70.0),
        ("capecitabine 1000 mg/m2 orally twice daily (total daily dose 2000 mg/m2) on days 1-14 every 21 days", "capecitabine", "1000 mg/m2", "twice daily", 9333.3),
        ("Sorafenib will be administered (400 mg; 2 tablets x 200 mg) orally twice daily", "sorafenib", "400 mg", "twice daily", 5600.0),
        # A total in brackets is the same dose; the maintenance dose after "followed by a single" is the drug's.
        ("Dupilumab 300 mg (for a total of 600 mg) as a loading dose on Day 1, followed by a single 300 mg injection qw", "dupilumab", "300 mg", "qw", 300.0),
    ],
)
def test_a_restated_dose_is_no_second_regimen(nlp, text, drug, dose, frequency, intensity):
    trial = _trial(detailed_description=text)
    (enriched,) = enrich_trials([trial], nlp, fields=("detailed_description",))
    (r,) = [r for r in enriched.regimens if r.drug == drug and r.frequency is not None]  # type: ignore[union-attr]
    assert (r.dose.text, r.frequency.text, r.dose_intensity) == (dose, frequency, intensity)  # type: ignore[union-attr]
    assert not [r for r in enriched.regimens if r.drug == drug and r.dose.text != dose]  # type: ignore[union-attr]


def test_a_bracketed_other_dose_is_a_second_regimen_sharing_the_details_after_the_bracket(nlp):
    for text, doses in [
        ("pembrolizumab 200 mg (or 2 mg/kg) IV every 3 weeks", ["200 mg", "2 mg/kg"]),
        ("dexamethasone 20 mg (40 mg for patients under 75 years) on days 1, 8, 15", ["20 mg", "40 mg"]),
    ]:
        (enriched,) = enrich_trials([_trial(detailed_description=text)], nlp, fields=("detailed_description",))
        regimens = enriched.regimens  # type: ignore[union-attr]
        assert [r.dose.text for r in regimens] == doses  # type: ignore[union-attr]
        assert len({(r.route, r.cycle_days, tuple(r.days)) for r in regimens}) == 1
    # A sequence in brackets shares nothing: the loading dose is not given weekly.
    text = "Trastuzumab (4mg/kg IV loading dose followed by 2mg/kg IV weekly) for 12 weeks"
    (enriched,) = enrich_trials([_trial(detailed_description=text)], nlp, fields=("detailed_description",))
    loading, weekly = enriched.regimens  # type: ignore[union-attr]
    assert (loading.dose.text, loading.frequency, weekly.dose.text, weekly.frequency.text) == ("4mg/kg", None, "2mg/kg", "weekly")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "drug", "doses", "times_per_day", "intensity"),
    [
        ("cytarabine 3 g/m2 IV every 12 hours for 6 doses. Courses repeat every 28 days.", "cytarabine", 6, 2.0, 4.5),
        ("cyclophosphamide 1.5 g/m2 IV over 1 hr every 3 hrs x 3 on day -6", "cyclophosphamide", 3, 8.0, None),
        # A count per day is how many times a day: 3, not the 6 of "every 4 hours".
        ("mesna 400 mg/m2 IV every 4 hours x 3 doses daily on days 1-5 every 21 days", "mesna", None, 3.0, 2000.0),
        # A count of a weekly drug is recorded; the intensity is the weekly one.
        ("rituximab 375 mg/m2 IV weekly x 4", "rituximab", 4, None, 375.0),
        # A count before the drug.
        ("they will receive four weekly doses of Rituxan 375 mg/m2 IV", "rituximab", 4, None, 375.0),
    ],
)
def test_a_counted_number_of_doses(nlp, text, drug, doses, times_per_day, intensity):
    r = _description_regimens(nlp, text)[drug]
    assert (r.doses, r.frequency.times_per_day, r.dose_intensity) == (doses, times_per_day, intensity)  # type: ignore[union-attr]


def test_doses_some_time_apart_are_no_cycle(nlp):
    r = _description_regimens(nlp, "Participants receive 2 doses of mRNA-1273 100 µg IM 28 days apart")["mRNA-1273"]
    assert (r.doses, r.cycle_days, r.frequency.interval_days) == (2, None, 28.0)  # type: ignore[union-attr]
    # Courses some time apart are.
    r = _description_regimens(nlp, "Patients receive two more courses, 4 weeks apart, of fluorouracil 400 mg/m2 IV")["fluorouracil"]
    assert (r.cycles, r.cycle_days) == (2, 28)
    # Doses "at N-week intervals" are spaced so; courses or treatment repeated at intervals cycle.
    r = _description_regimens(nlp, "Patients receive doxorubicin at 2 week intervals (weeks 9, 11, 13, and 15) for a total of 4 doses.")["doxorubicin"]
    assert (r.doses, r.cycle_days, r.frequency.interval_days, r.duration_days) == (4, None, 14.0, None)  # type: ignore[union-attr]
    r = _description_regimens(nlp, "Two doses of the vaccine, with a 8 week interval between the two doses.")["vaccines"]
    assert (r.doses, r.cycle_days, r.frequency.interval_days, r.duration_days) == (2, None, 56.0, None)  # type: ignore[union-attr]
    for text in ("cisplatin 75 mg/m2 IV on day 1. Courses repeat at 21-day intervals for 6 courses.",
                 "cisplatin 75 mg/m2 IV on day 1. Treatment is repeated at intervals of 3 weeks for 6 courses."):
        r = _description_regimens(nlp, text)["cisplatin"]
        assert (r.cycles, r.cycle_days, r.days) == (6, 21, [1]), text
    # "the 2 doses of" and "two different doses of" are dose levels, not a count.
    for text in ("Compare the toxicity between the 2 doses of arzoxifene IV", "followed by two different doses of phenylbutyrate CIV"):
        assert all(r.doses is None for r in _description_regimens(nlp, text).values()), text


def test_a_drug_given_as_elsewhere_shares_no_closing_cycle(nlp):
    regimens = _description_regimens(nlp, "Patients receive tamoxifen as in Arm I and octreotide IM every 21 days for 4 doses.")
    assert regimens["octreotide"].cycle_days == 21
    assert "tamoxifen" not in regimens  # nothing of its own here
    # Without the reference, the closing cycle is the combination's.
    regimens = _description_regimens(nlp, "Patients receive tamoxifen and octreotide IM every 21 days.")
    assert regimens["tamoxifen"].cycle_days == regimens["octreotide"].cycle_days == 21


def test_days_after_a_transplant_are_its_own(nlp):
    # The stem cell infusion's day is no drug's, after a list or after the drug mobilizing the cells.
    regimens = _description_regimens(nlp, "Patients receive doxorubicin and cyclophosphamide IV on day 1, with PBSC infused on day 3.")
    assert regimens["cyclophosphamide"].days == [1]
    # (A drug mentioned with no detail of its own in a description makes no regimen.)
    assert "filgrastim" not in _description_regimens(nlp, "Patients receive G-CSF-mobilized PBSC on day 0.")
    r = _description_regimens(nlp, "PBPCs are reinfused on day 0 and G-CSF is administered SC daily until blood counts recover.")["filgrastim"]
    assert (r.days, r.route) == ([], "subcutaneous")
    # Days before the transplant, or of a drug after it, stay the drug's; a transplant the days are
    # counted from is no treatment of its own.
    r = _description_regimens(nlp, "Autologous PBSC are infused on day 0. Patients receive melphalan 100 mg/m2 IV on days -2 and -1 before transplantation.")["melphalan"]
    assert r.days == [-2, -1]


def test_a_placebo_named_after_its_drug_is_no_regimen_of_the_drug(nlp):
    for text in (
        "Megestrol Acetate Placebo 20 mg/day taken for 3 months",
        "Patients receive placebo for PD 0299685 30 mg BID",
        "olaparib-matching placebo tablets BID",
        "Participants will receive placebo matched to 600 mg olaparib capsules BID orally from Day 1 to Day 21",
        "Olaparib tablets (Placebo), 300 mg twice daily",
    ):
        assert _description_regimens(nlp, text) == {}, text
    # The drug itself, with a placebo as its alternative or companion, still is.
    r = _description_regimens(nlp, "oral tamoxifen or a placebo once daily for 5 years")
    assert {d: (x.frequency.times_per_day if x.frequency else None, x.duration_days) for d, x in r.items()} == {"tamoxifen": (1.0, 1825.0)}
    # A placebo given besides the drugs takes the details written after it.
    text = "Patients receive paclitaxel 200 mg/m2 and carboplatin AUC 6 on day 1 of each 3 week cycle for 6 cycles and placebo 125mg QD orally."
    r = _description_regimens(nlp, text)
    assert {d: (x.dose.value if x.dose else None, x.route, x.frequency, x.cycles) for d, x in r.items()} == {
        "paclitaxel": (200.0, None, None, 6), "carboplatin": (6.0, None, None, 6)}
    r = _description_regimens(nlp, "Patients receive fluorouracil IV on day 1 and placebo intranasally three times daily on days 1-28.")
    assert (r["fluorouracil"].route, r["fluorouracil"].days) == ("intravenous", [1])
    # ... and a dummy given with the drug shares them.
    r = _description_regimens(nlp, "Arm I: Participants receive oral tamoxifen plus placebo daily for 5 years.")
    assert (r["tamoxifen"].route, r["tamoxifen"].duration_days) == ("oral", 1825.0)
    placebo_arm = _trial(
        arms=[Arm(label="Placebo", description="Megestrol Acetate Placebo 40 mg/day", interventions=["Megestrol Acetate Placebo"])],
        interventions=[Intervention(name="Megestrol Acetate Placebo", type="DRUG", arms=["Placebo"])],
    )
    (enriched,) = enrich_trials([placebo_arm], nlp, fields=("arms",))
    assert enriched.regimens == []  # type: ignore[union-attr]
    # Nor does an intervention named as a placebo that its description writes out.
    name = "Placebo comparison"
    trial = _trial(interventions=[Intervention(name=name, type="DRUG", description=f"{name}, dosage 2 g/d, frequency twice/d, duration 3 months")])
    (enriched,) = enrich_trials([trial], nlp, fields=("interventions",))
    assert enriched.regimens == []  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "drug", "days", "intensity"),
    [
        # The days of each week, repeated over the weeks the drug is given.
        ("Patients receive ascorbic acid 1 g IV on days 1-5 weekly for 5 weeks. Treatment repeats every 7 weeks.", "ascorbic acid",
         [d + 7 * k for k in range(5) for d in range(1, 6)], 3.571),
        ("Patients receive estramustine 280 mg orally twice a day on days 1-3 of each week for 6 weeks. Courses repeat every 8 weeks.", "estramustine",
         [d + 7 * k for k in range(6) for d in (1, 2, 3)], 1260.0),
        ("Patients receive bryostatin 1 25 mcg/m2 IV on day 1 weekly for 3 weeks. Courses repeat every 4 weeks.", "bryostatin 1", [1, 8, 15], 18.8),
    ],
)
def test_days_of_each_week_repeat_over_the_weeks_given(nlp, text, drug, days, intensity):
    r = _description_regimens(nlp, text)[drug]
    assert (r.days, r.dose_intensity) == (days, intensity)


def test_a_dose_step_is_no_dose(nlp):
    # An escalation increment or a titration step changes the dose; it is not a dose of its own.
    text = "Paclitaxel (qwk, starting dose of 20mg/m2 with planned dose escalation increments of 5mg/m2)"
    (r,) = _description_regimens(nlp, text).values()
    assert (r.dose.text, r.dose_intensity) == ("20mg/m2", 20.0)  # type: ignore[union-attr]
    text = "200 mg thalidomide at bedtime. The dose is then increased by 100 mg every week as tolerated up to a total dose of 1000 mg"
    (r,) = _description_regimens(nlp, text).values()
    assert (r.dose.text, r.frequency.text, r.cycle_days) == ("200 mg", "at bedtime", None)  # type: ignore[union-attr]
    # A cap in brackets neither: "(maximum 2mg)".
    (r,) = _description_regimens(nlp, "Vincristine sulfate 1.5mg/m2/day IV push (maximum 2mg) days 1 and 15").values()
    assert (r.dose.text, r.days) == ("1.5mg/m2/day", [1, 15])  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "drug", "duration"),
    [
        # "for N" says how long, whatever event it is counted from.
        ("Patients receive oral tamoxifen daily for 5 years following chemotherapy.", "tamoxifen", 1825.0),
        # A tolerance on a day is no length of treatment.
        ("Paclitaxel 200 mg/m2 on day 1 of each 3 week cycle +/- 3 days for a max of 6 cycles", "paclitaxel", None),
        ("Patients receive carboplatin IV on day 1 (± 3 days) every 21 days", "carboplatin", None),
        ("carboplatin at AUC of 6 on day 1 of each 3 week cycle + - 3 days for a maximum of 6 cycles", "carboplatin", None),
        # A stretch "over a 12 day period" is a length; "over 2 hours" is an infusion's.
        ("Patients receive topotecan intraperitoneally in 6 applications over a 12 day period", "topotecan", 12.0),
        ("Patients receive topotecan IV over 24 hours", "topotecan", None),
        # Doses spaced apart: no length of treatment.
        ("Participants receive two doses of Shingrix 0.5 mL IM given 2 to 6 months apart", "recombinant zoster (shingles) vaccine (rzv)", None),
        # A washout is the time between two treatments.
        ("Clarithromycin (Dose: 500mg, Frequency: Once (OD), Kind of administration: Oral).After a washout period of two weeks, patients cross over", "clarithromycin", None),
    ],
)
def test_the_length_of_treatment(nlp, text, drug, duration):
    assert _description_regimens(nlp, text)[drug].duration_days == duration


def test_an_intervention_description_without_its_drug_gives_it_the_length_beside_its_details(nlp):
    def regimen(description: str):
        trial = _trial(interventions=[Intervention(name="glutamine", type="DIETARY_SUPPLEMENT", description=description)])
        (enriched,) = enrich_trials([trial], nlp, fields=("interventions",))
        return enriched.regimens  # type: ignore[union-attr]

    (r,) = regimen("20 cc three times daily for 60 days")
    assert (r.drug, r.frequency.times_per_day, r.duration_days) == ("glutamine", 3.0, 60.0)  # type: ignore[union-attr]
    (r,) = regimen("10 g IV over 1 hour followed by 2 weeks of rest")
    assert (r.dose.value, r.route, r.duration_days) == (10.0, "intravenous", None)  # type: ignore[union-attr]
    # A length alone makes no regimen of its own.
    assert regimen("for 60 days") == []


def test_a_diluent_and_a_drug_a_time_counts_from_head_no_regimen_of_an_intervention(nlp):
    def regimens(name: str, description: str):
        trial = _trial(interventions=[Intervention(name=name, type="DRUG", description=description)])
        (enriched,) = enrich_trials([trial], nlp, fields=("interventions",))
        return [(r.drug, r.dose.value if r.dose else None, r.route, r.days[:2], r.duration_days) for r in enriched.regimens]  # type: ignore[union-attr]

    assert regimens("suramin", "3.192 g/m2 total dose given in 250 cc normal saline IV over 1 hour on days 1, 2, 8 and 9.") == [
        ("suramin", 3.192, "intravenous", [1, 2], None)]
    assert regimens("Prednisone", "100mg p.o daily for 5 days, 24-48h post-ofatumumab infusion start") == [("prednisone", 100.0, "oral", [], 5.0)]
    # Saline given as the intervention is one.
    assert regimens("Normal saline", "Normal saline 500 mL IV over 2 hours") == [("saline solution", 500.0, "intravenous", [], None)]


def test_interventions_of_one_name_each_give_their_implicit_drug_its_details(nlp):
    trial = _trial(interventions=[
        Intervention(name="suramin", type="DRUG", description="3.192 g/m2 IV over 1 hour on days 1 and 2", arms=["Low dose"]),
        Intervention(name="suramin", type="DRUG", description="5.320 g/m2 IV over 1 hour on days 1 and 2", arms=["High dose"]),
    ])
    (enriched,) = enrich_trials([trial], nlp, fields=("interventions",))
    assert [(r.drug, r.dose.value, r.source, r.arm) for r in enriched.regimens] == [  # type: ignore[union-attr]
        ("suramin", 3.192, "interventions[0].description", "Low dose"), ("suramin", 5.32, "interventions[1].description", "High dose")]


def test_an_intervention_of_type_other_named_as_a_drug_and_a_dose_before_a_radiotherapy(nlp):
    trial = _trial(
        detailed_description="Patients receive antithymocyte globulin (ATG) IV.",
        interventions=[
            Intervention(name="ATG", type="OTHER", description="1.25 mg/kg by vein on Day -4 for patients older than 55"),
            Intervention(name="Melphalan", type="DRUG", description="140 mg/m2 by vein on Day -2 for patients who cannot receive Total Body Irradiation (TBI)"),
        ],
    )
    (enriched,) = enrich_trials([trial], nlp, fields=("interventions", "detailed_description"))
    got = {r.source: (r.drug, r.dose.value, r.days) for r in enriched.regimens if r.dose}  # type: ignore[union-attr]
    assert got == {"interventions[0].description": ("antithymocyte globulin", 1.25, [-4]), "interventions[1].description": ("melphalan", 140.0, [-2])}


def test_a_run_in_outline_number_gives_no_route(nlp):
    text = "OBJECTIVES: I. Evaluate filgrastim to mobilize stem cells. II. Evaluate toxicity. III. Evaluate response. IV. Assess the time to peak."
    assert _description_regimens(nlp, text) == {}
    assert _description_regimens(nlp, "Patients receive cisplatin IV. Treatment repeats every 21 days.")["cisplatin"].route == "intravenous"


def test_details_of_a_test_or_a_sample_are_no_drugs():
    text = "Trastuzumab is administered intravenously weekly. CT scans will be performed after 2 cycles."
    e = ents(text, ("Trastuzumab", "DRUG", "trastuzumab"), ("intravenously", "ROUTE", "intravenous"), ("weekly", "FREQUENCY", "qw"),
             ("2 cycles", "SCHEDULE", "cycles"))
    trial = _trial(interventions=[Intervention(name="Trastuzumab", type="DRUG", description=text)])
    (r,) = build_regimens(trial, [_text("interventions[0].description", text, e, intervention="Trastuzumab")])
    assert (r.route, r.cycle_days, r.cycles) == ("intravenous", 7, None)


def test_a_deadline_is_no_length_of_treatment(nlp):
    r = _description_regimens(nlp, "Patients receive oral tretinoin daily and proceed to consolidation within 2 weeks.")["tretinoin"]
    assert (r.frequency.text, r.duration_days) == ("daily", None)  # type: ignore[union-attr]


def test_a_repeated_test_is_no_repeated_course(nlp):
    text = "Patients receive lupron and letrozole 5 mg daily for 14 days. The FSH stimulation test will be repeated at 5 weeks."
    regimens = _description_regimens(nlp, text)
    assert (regimens["letrozole"].duration_days, "leuprolide" in regimens) == (14.0, False)
    # A course repeated still reaches the drugs before it.
    r = _description_regimens(nlp, "Patients receive oral etoposide daily on days 1-21. Courses repeat every 28 days.")["etoposide"]
    assert r.cycle_days == 28


@pytest.mark.parametrize(
    ("text", "drug", "doses", "days", "frequency"),
    [
        # One span listing amounts: a regimen per amount, not a range.
        ("Patients receive sorafenib 200 or 400 mg orally twice daily.", "sorafenib", [200.0, 400.0], [], "twice daily"),
        ("Carboplatin (1600, 1700 or 1800 mg/m2 on days -6, -5, -4 and -3)", "carboplatin", [1600.0, 1700.0, 1800.0], [-6, -5, -4, -3], None),
        # Doses joined by "or" share the details after the last.
        ("Patients receive capecitabine 1000 mg/m2 or 1250 mg/m2 orally twice daily on days 1-14 every 21 days.", "capecitabine",
         [1000.0, 1250.0], list(range(1, 15)), "twice daily"),
        ("Patients receive oral lonafarnib 100 mg, 200 mg, or 300 mg twice daily.", "lonafarnib", [100.0, 200.0, 300.0], [], "twice daily"),
        # Rising levels of one unit listed with commas, the details written before them.
        ("Participants receive DS-1205c (at planned doses given orally twice daily: 200 mg, 400 mg, 600 mg, 800 mg) with gefitinib",
         "DS-1205C", [200.0, 400.0, 600.0, 800.0], [], "twice daily"),
    ],
)
def test_doses_offered_as_alternatives_are_options(nlp, text, drug, doses, days, frequency):
    (enriched,) = enrich_trials([_trial(detailed_description=text)], nlp, fields=("detailed_description",))
    regimens = [r for r in enriched.regimens if r.drug == drug]  # type: ignore[union-attr]
    assert [r.dose.value for r in regimens] == doses  # type: ignore[union-attr]
    assert all(r.days == days and (r.frequency.text if r.frequency else None) == frequency for r in regimens)
    assert len({r.option_group for r in regimens}) == 1 and regimens[0].option_group is not None


def test_a_cycle_count_with_its_length_after_it(nlp):
    (r,) = _description_regimens(nlp, "5-fluorouracil 250 mg/m^2/day, continuous infusion, daily for 56 days x 3 cycles of 8 weeks.").values()
    assert (r.cycles, r.cycle_days) == (3, 56)


def test_a_taper_listed_with_commas_is_no_options(nlp):
    text = "Patients receive prednisone orally 60 mg, 40 mg, 20 mg on days 1-3, 4-6 and 7-9."
    (enriched,) = enrich_trials([_trial(detailed_description=text)], nlp, fields=("detailed_description",))
    assert [(r.dose.value, r.option_group) for r in enriched.regimens] == [(60.0, None), (40.0, None), (20.0, None)]  # type: ignore[union-attr]


def test_a_dose_range_and_listed_days_are_no_options(nlp):
    (r,) = _description_regimens(nlp, "Temozolomide 200-300 mg d10-d14 QD PO").values()
    assert (r.dose.low, r.dose.high, r.option_group) == (200.0, 300.0, None)  # type: ignore[union-attr]
    (enriched,) = enrich_trials([_trial(detailed_description="sorafenib on days 1, 8, 200 or 400 mg")], nlp, fields=("detailed_description",))
    assert [r.dose.value for r in enriched.regimens] == [200.0, 400.0]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "drug", "days", "duration", "anchor"),
    [
        # A drug named as the event another's time counts from gives its details to that other drug.
        ("Patients receive filgrastim SC daily beginning 24 hours after completion of ifosfamide infusion and continuing for 10 days.",
         "filgrastim", [], 10.0, "ifosfamide"),
        ("Patients receive cisplatin IV over 4 hours beginning after completion of vinorelbine infusion on day 1.", "cisplatin", [1], None, "vinorelbine"),
        ("Beginning 8 weeks after the last CHOP course, patients receive rituximab IV once every 3 months for up to 2 years.",
         "rituximab", [], 730.0, "cyclophosphamide + doxorubicin + vincristine + prednisone"),
    ],
)
def test_a_drug_named_as_an_anchor_heads_no_regimen(nlp, text, drug, days, duration, anchor):
    regimens = _description_regimens(nlp, text)
    assert (regimens[drug].days, regimens[drug].duration_days, anchor in regimens) == (days, duration, False)


def test_a_drug_given_before_another_with_its_own_dose_keeps_it(nlp):
    regimens = _description_regimens(nlp, "Patients receive dexamethasone 20 mg IV 30 minutes prior to paclitaxel 175 mg/m2 IV over 3 hours.")
    assert (regimens["dexamethasone"].dose.value, regimens["paclitaxel"].dose.value) == (20.0, 175.0)  # type: ignore[union-attr]


def test_a_cycle_written_as_days_as_a_cycle_is_the_cycle_length(arm_regimens):
    (r,) = arm_regimens("Paclitaxel 80 mg/m2 IV on days 1, 8 and 15, 28 days as a treatment cycle.")
    assert (r.days, r.cycle_days, r.duration_days) == ([1, 8, 15], 28, None)
