"""The regimen rules (DOSE, ROUTE, FREQUENCY, SCHEDULE): build script, committed files, seed regimens.

The pipeline built here is the rule pipeline's regimen part: the trial tokenizer, one ``LOWER`` span
ruler with the four regimen files and the drug files, then ``resolve_spans`` (longest first, then
label priority). Expected entities are exact ``(text, label)`` lists in text order.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import spacy

import nlp_trials.pipeline.registrations  # noqa: F401  (registers nlp_trials.tokenizer.v1)
from nlp_trials.pipeline.patterns import read_pattern_file
from nlp_trials.pipeline.resolve import resolve_spans
from nlp_trials.quantities import parse_quantity
from testutil import load_script

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "patterns"
BUILD_SCRIPT = ROOT / "scripts" / "build_regimen_patterns.py"
REGIMEN_FILES = ("doses.jsonl", "routes.jsonl", "frequencies.jsonl", "schedules.jsonl")
DRUG_FILES = tuple(sorted(p.name for p in PATTERNS.glob("drugs*.jsonl")))
SPANS_KEY = "trials_entities"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_script(BUILD_SCRIPT)


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    """Trial tokenizer + one LOWER span ruler with the regimen and drug files."""
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})
    ruler = nlp.add_pipe(
        "span_ruler",
        config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": True},
    )
    for name in (*REGIMEN_FILES, *DRUG_FILES):
        ruler.add_patterns(read_pattern_file(PATTERNS / name))
    return nlp


def entities(nlp: spacy.Language, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_) for span in resolve_spans(doc.spans[SPANS_KEY])]


def spans_with_ids(nlp: spacy.Language, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_, span.id_) for span in resolve_spans(doc.spans[SPANS_KEY])]


# --------------------------------------------------------------------------- build script


def test_regenerating_matches_committed_files(build: ModuleType) -> None:
    built = build.build_all()
    assert sorted(built) == sorted(REGIMEN_FILES)
    for name, text in built.items():
        assert (PATTERNS / name).read_text(encoding="utf-8") == text, (
            f"{name} is out of date: run python scripts/build_regimen_patterns.py"
        )


def test_check_mode_reports_stale_files(build: ModuleType, tmp_path: Path) -> None:
    assert build.main(["--patterns", str(PATTERNS), "--check"]) == 0
    (tmp_path / "doses.jsonl").write_text("{}\n", encoding="utf-8")
    assert build.main(["--patterns", str(tmp_path), "--check"]) == 1


@pytest.mark.parametrize("name", REGIMEN_FILES)
def test_regimen_files_validate(name: str) -> None:
    records = read_pattern_file(PATTERNS / name)
    assert records
    assert all(r["id"].split(":", 1)[0] == r["label"].lower() for r in records)


@pytest.mark.parametrize(
    "n,unit,key",
    [
        (21, "d", "q3w"), (14, "d", "q2w"), (7, "d", "qw"), (1, "d", "qd"), (2, "d", "qod"),
        (28, "d", "q4w"), (10, "d", "q10d"), (3, "w", "q3w"), (1, "w", "qw"), (12, "h", "q12h"),
        (24, "h", "qd"), (48, "h", "qod"), (1, "mo", "qmo"), (3, "mo", "q3mo"),
    ],
)  # fmt: skip
def test_frequency_key_normalizes_intervals(build: ModuleType, n: int, unit: str, key: str) -> None:
    assert build.frequency_key(n, unit) == key


def test_times_key(build: ModuleType) -> None:
    assert [build.times_key(n, "d") for n in (1, 2, 3, 4, 5)] == ["qd", "bid", "tid", "qid", "5x/d"]
    assert [build.times_key(n, "wk") for n in (1, 3)] == ["qw", "3x/wk"]


def test_generated_patterns_are_unique(build: ModuleType) -> None:
    with pytest.raises(ValueError, match="generated as"):
        build._unique([
            {"label": "DOSE", "pattern": [{"LOWER": "x"}], "id": "dose:flat"},
            {"label": "DOSE", "pattern": [{"LOWER": "x"}], "id": "dose:m2"},
        ])


# --------------------------------------------------------------------------- seed regimens

SEED_000 = (
    "topotecan (1.2 mg/m\\^2 of by IV on Days 1 to 5, every 21 days), gemcitabine (1000 mg/m\\^2 by IV "
    "on Days 1 and 8, every 21 days), pemetrexed (500 mg/m\\^2 by IV on Day 1, every 21 days), or "
    "docetaxel (75 mg/m\\^2 by IV on Day 1, every 21 days)"
)
SEED_003 = (
    "Surufatinib: 250mg, QD, PO, Q3W; Temozolomide: 200-300mg, d10-d14, QD, PO, Q3W; "
    "S-1: 40-60mg, d1-d14, BID, PO, Q3W"
)
SEED_004 = (
    "SAR408701 Dose escalation administered as a single agent intravenously, on Day 1 and once every "
    "two weeks"
)
EPIRUBICIN = (
    "Epirubicin (E) 90 mg/ m2 intravenous (iv) in combination with Cyclophosphamide (C) 600 mg/ m2 iv "
    "every 21 days for 4 cycles, followed by docetaxel (D)100 mg/m2 iv every 21 days for 4 cycles"
)

D, DOSE, RT, FQ, SC, LV = "DRUG", "DOSE", "ROUTE", "FREQUENCY", "SCHEDULE", "LAB_VALUE"


@pytest.mark.parametrize(
    "text,expected",
    [
        pytest.param(SEED_000, [
            ("topotecan", D), ("1.2 mg/m\\^2", DOSE), ("IV", RT), ("on Days 1 to 5", SC), ("every 21 days", FQ),
            ("gemcitabine", D), ("1000 mg/m\\^2", DOSE), ("IV", RT), ("on Days 1 and 8", SC), ("every 21 days", FQ),
            ("pemetrexed", D), ("500 mg/m\\^2", DOSE), ("IV", RT), ("on Day 1", SC), ("every 21 days", FQ),
            ("docetaxel", D), ("75 mg/m\\^2", DOSE), ("IV", RT), ("on Day 1", SC), ("every 21 days", FQ),
        ], id="seed-000"),
        pytest.param(SEED_003, [
            ("Surufatinib", D), ("250mg", DOSE), ("QD", FQ), ("PO", RT), ("Q3W", FQ),
            ("Temozolomide", D), ("200-300mg", DOSE), ("d10-d14", SC), ("QD", FQ), ("PO", RT), ("Q3W", FQ),
            ("S-1", D), ("40-60mg", DOSE), ("d1-d14", SC), ("BID", FQ), ("PO", RT), ("Q3W", FQ),
        ], id="seed-003"),
        pytest.param(SEED_004, [
            ("intravenously", RT), ("on Day 1", SC), ("once every two weeks", FQ),
        ], id="seed-004"),
        pytest.param("Patients receive oral indinavir sulfate 350 mg/m^2 administered every 8 hours", [
            ("oral", RT), ("indinavir sulfate", D), ("350 mg/m^2", DOSE), ("every 8 hours", FQ),
        ], id="indinavir"),
        pytest.param(EPIRUBICIN, [
            ("Epirubicin", D), ("90 mg/ m2", DOSE), ("intravenous", RT), ("iv", RT),
            ("Cyclophosphamide", D), ("600 mg/ m2", DOSE), ("iv", RT), ("every 21 days", FQ), ("for 4 cycles", SC),
            # "(D)100" is split into ( D ) 100, so the dose has tokens of its own.
            ("docetaxel", D), ("100 mg/m2", DOSE), ("iv", RT), ("every 21 days", FQ), ("for 4 cycles", SC),
        ], id="epirubicin"),
        pytest.param("carboplatin AUC 5", [("carboplatin", D), ("AUC 5", DOSE)], id="auc"),
        pytest.param("10 mg/kg IV Q2W", [("10 mg/kg", DOSE), ("IV", RT), ("Q2W", FQ)], id="per-kg"),
        pytest.param("aspirin ≥ 100 mg/day; clopidogrel ≥ 75 mg/day", [
            ("aspirin", D), ("≥ 100 mg/day", DOSE), ("clopidogrel", D), ("≥ 75 mg/day", DOSE),
        ], id="daily-dose"),
        pytest.param(">15 mg/day of prednisone", [(">15 mg/day", DOSE), ("prednisone", D)], id="comparator"),
        pytest.param("\\>15 mg/day of prednisone", [("\\>15 mg/day", DOSE), ("prednisone", D)], id="escaped"),
        pytest.param("Route of administration: eye drop", [("eye drop", RT)], id="eye-drop"),
        pytest.param("Pharmaceutical form: tablet Route of administration: oral", [("oral", RT)], id="form"),
    ],
)  # fmt: skip
def test_seed_regimens(nlp: spacy.Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert entities(nlp, text) == expected


def test_glued_bracket_keeps_the_dose(nlp: spacy.Language) -> None:
    assert ("100 mg/m2", DOSE) in entities(nlp, "docetaxel (D)100 mg/m2 iv")
    assert ("100mg", DOSE) in entities(nlp, "docetaxel (D)100mg iv")


# --------------------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1000 mg/m2", "1000 mg/m2"), ("75mg/m²", "75mg/m²"), ("2 g/m^2/day", "2 g/m^2/day"),
        ("5 mcg/kg/min", "5 mcg/kg/min"), ("40 mg per square meter", "40 mg per square meter"),
        ("at least 10 mg", "at least 10 mg"), ("no more than 20 mg/day", "no more than 20 mg/day"),
        ("between 200 and 300 mg", "between 200 and 300 mg"), ("60 Gy", "60 Gy"),
        ("1.8 Gy/fraction", "1.8 Gy/fraction"), ("3 million units", "3 million units"),
        ("2 x 10^6 CAR-T cells/kg", "2 x 10^6 CAR-T cells/kg"), ("AUC = 6 mg/mL/min", "AUC = 6 mg/mL/min"),
        ("AUC of 5", "AUC of 5"), ("AUC5", "AUC5"), ("0.5 mL", "0.5 mL"), ("400 IU", "400 IU"),
        ("49/51 mg", "49/51 mg"), ("160/800 mg", "160/800 mg"),
        ("area under the curve (AUC) of 6", "area under the curve (AUC) of 6"), ("area under the curve [AUC] 5", "area under the curve [AUC] 5"), ("area under the curve 5", "area under the curve 5"),
        # An exposure's unit in the ways records write it; m² as a converter's superscript.
        ("AUC 6 mg/mL x min", "AUC 6 mg/mL x min"), ("AUC of 7 mg-min/mL", "AUC of 7 mg-min/mL"),
        ("AUC 5 mg·min/mL", "AUC 5 mg·min/mL"), ("AUC = 5 mg/ml*min", "AUC = 5 mg/ml*min"), ("130 mg/m(2)", "130 mg/m(2)"),
        # Counts in E notation.
        ("1 x 10E6 cells/kg", "1 x 10E6 cells/kg"), ("2.5e8 vg/kg", "2.5e8 vg/kg"), ("5E+05 TCID50", "5E+05 TCID50"),
        # Volumes as blood products and mouthwashes are given.
        ("500 mls", "500 mls"), ("250 milliliters", "250 milliliters"), ("20 cc", "20 cc"),
    ],
)  # fmt: skip
def test_dose_shapes(nlp: spacy.Language, text: str, expected: str) -> None:
    assert (expected, DOSE) in entities(nlp, text)


@pytest.mark.parametrize(
    "text",
    ["1.2 mg/m\\^2", "90 mg/ m2", "200-300mg", "AUC 5", "AUC = 6 mg/mL/min", "≥ 100 mg/day", "\\>15 mg/day",
     "2 x 10^6 CAR-T cells/kg", "5 mcg/kg/min", "40 mg per square meter", "1.8 Gy/fraction", "3 million units",
     "not exceeding 10 mg", "4 mg/sq. m", "130 mg/m(2)", "AUC 6 mg/mL x min", "2.5e8 vg/kg", "5E+05 TCID50",
     "exceeding 15,000 IU per day", "in excess of 10 mg/day"],
)  # fmt: skip
def test_dose_spans_parse_with_a_basis(nlp: spacy.Language, text: str) -> None:
    doses = [span for span, label in entities(nlp, f"drug {text} daily") if label == DOSE]
    assert len(doses) == 1
    quantity = parse_quantity(doses[0])
    assert quantity is not None and quantity.unit_known and quantity.basis in ("flat", "m2", "kg", "auc")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("every 21 days", "frequency:q3w"), ("Q3W", "frequency:q3w"), ("q21d", "frequency:q3w"),
        ("every three weeks", "frequency:q3w"), ("3-weekly", "frequency:q3w"), ("q 3 weeks", "frequency:q3w"),
        ("once every two weeks", "frequency:q2w"), ("every other week", "frequency:q2w"), ("eow", "frequency:q2w"), ("QOW", "frequency:q2w"),
        ("every 8 hours", "frequency:q8h"), ("q12h", "frequency:q12h"), ("4-hourly", "frequency:q4h"), ("every 24 hours", "frequency:qd"),
        ("QD", "frequency:qd"), ("once a day", "frequency:qd"), ("once-daily", "frequency:qd"),
        ("daily", "frequency:qd"), ("BID", "frequency:bid"), ("b.i.d.", "frequency:bid"),
        ("twice daily", "frequency:bid"), ("2 times a day", "frequency:bid"), ("TID", "frequency:tid"),
        ("QW", "frequency:qw"), ("weekly", "frequency:qw"), ("three times a week", "frequency:3x/wk"),
        ("3x/week", "frequency:3x/wk"), ("5 days a week", "frequency:5x/wk"), ("every other day", "frequency:qod"),
        ("every 3 months", "frequency:q3mo"), ("every 3-4 weeks", "frequency:q3-4w"), ("prn", "frequency:prn"),
        ("/12 h", "frequency:q12h"), ("/3 weeks", "frequency:q3w"), ("3-4 times a day", "frequency:3-4x/d"),
        ("2 or 3 times per week", "frequency:2-3x/wk"), ("TIW", "frequency:3x/wk"), ("BIW", "frequency:2x/wk"),
    ],
)  # fmt: skip
def test_frequency_ids(nlp: spacy.Language, text: str, expected: str) -> None:
    assert spans_with_ids(nlp, text) == [(text, FQ, expected)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Days 1 to 5", ("Days 1 to 5", "schedule:days")),
        ("on Days 1 and 8", ("on Days 1 and 8", "schedule:days")),
        ("Days 1, 8 and 15", ("Days 1, 8 and 15", "schedule:days")),
        ("days 1,8,15", ("days 1,8,15", "schedule:days")),
        ("on days 1-5", ("on days 1-5", "schedule:days")),
        ("on Day 1", ("on Day 1", "schedule:days")),
        ("on day -1", ("on day -1", "schedule:days")),
        ("Day 1 of each 21-day cycle", ("Day 1 of each 21-day cycle", "schedule:days")),
        ("Days 1-21 of a 28 day cycle", ("Days 1-21 of a 28 day cycle", "schedule:days")),
        ("d10-d14", ("d10-d14", "schedule:days")),
        ("D1-14", ("D1-14", "schedule:days")),
        ("d1", ("d1", "schedule:days")),
        ("on the 1st day", ("on the 1st day", "schedule:days")),
        ("on the first day", ("on the first day", "schedule:days")),
        ("weeks 1-3", ("weeks 1-3", "schedule:weeks")),
        ("for 4 cycles", ("for 4 cycles", "schedule:cycles")),
        ("for up to 6 courses", ("for up to 6 courses", "schedule:cycles")),
        ("x 6 cycles", ("x 6 cycles", "schedule:cycles")),
        ("x 3 cycles of 8 weeks", ("x 3 cycles of 8 weeks", "schedule:cycles")),
        ("cycles of 8 weeks", ("cycles of 8 weeks", "schedule:cycle length")),
        ("for 2 doses", ("for 2 doses", "schedule:doses")),
        ("21-day cycles", ("21-day cycles", "schedule:cycle length")),
        ("Each cycle lasts 21 days", ("Each cycle lasts 21 days", "schedule:stated cycle")),
        ("each course consists of four weeks", ("each course consists of four weeks", "schedule:stated cycle")),
    ],
)
def test_schedule_shapes(nlp: spacy.Language, text: str, expected: tuple[str, str]) -> None:
    assert spans_with_ids(nlp, text) == [(expected[0], SC, expected[1])]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("given IV over 30 minutes", ("IV", "route:intravenous")),
        ("by vein", ("by vein", "route:intravenous")),
        ("bleomycin by continuous infusion for 72 hours", ("by continuous infusion", "route:intravenous")),
        ("Topotecan is administered as a 72 hour continuous infusion", ("as a 72 hour continuous infusion", "route:intravenous")),
        ("BCG by catheter into the bladder once weekly", ("into the bladder", "route:intravesical")),
        ("as an IV infusion", ("IV infusion", "route:intravenous")),
        ("i.v.", ("i.v.", "route:intravenous")),
        ("60 mg/m2 IVP on day 1", ("IVP", "route:intravenous")),  # IV push
        ("SC", ("SC", "route:subcutaneous")),
        ("subcutaneously", ("subcutaneously", "route:subcutaneous")),
        ("by mouth", ("by mouth", "route:oral")),
        ("p.o.", ("p.o.", "route:oral")),
        ("IM", ("IM", "route:intramuscular")),
        ("methotrexate IT on day 1", ("IT", "route:intrathecal")),
        ("inhaled", ("inhaled", "route:inhalation")),
        ("eye drops", ("eye drops", "route:ophthalmic")),
        ("topical", ("topical", "route:topical")),
        ("rectal suppository", ("rectal suppository", "route:rectal")),
    ],
)
def test_route_ids(nlp: spacy.Language, text: str, expected: tuple[str, str]) -> None:
    assert [(t, i) for t, label, i in spans_with_ids(nlp, text) if label == RT] == [expected]


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text,expected",
    [
        # concentrations and rates are lab values, never doses
        ("≥ 8.0 g/dL", [("≥ 8.0 g/dL", LV)]),
        ("hemoglobin greater than or equal to 9 g/dL", [("greater than or equal to 9 g/dL", LV)]),
        ("creatinine clearance > 60 mL/min", [("> 60 mL/min", LV)]),
        ("proteinuria < 1 g/24 h", [("< 1 g/24 h", LV)]),
        ("HbA1c \\> 8%", []),
        # the Roman numeral IV is a stage, grade or class value, not a route
        ("stage IV NSCLC", [("stage IV", LV)]),
        ("grade IV toxicity", [("grade IV", LV)]),
        ("NYHA class IV heart failure", [("NYHA class IV", LV)]),
        ("NYHA class III or IV", [("NYHA class III or IV", LV)]),
        ("stage IIIB/IV", [("stage IIIB/IV", LV)]),
        ("stage III vs IV", [("stage III vs IV", LV)]),
        ("IM or IV", [("IM", RT), ("IV", RT)]),
        # words that are not regimen entities
        ("given once", []),
        ("SCLC", []),
        ("digital rectal examination", []),
        ("infusion reactions", []),
        ("AUC 0-24", []),
    ],
)
def test_negatives(nlp: spacy.Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert entities(nlp, text) == expected


def test_doses_some_days_apart_are_a_frequency(nlp: spacy.Language) -> None:
    assert ("28 days apart", "FREQUENCY") in entities(nlp, "two doses of the vaccine 28 days apart")


@pytest.mark.parametrize(
    "text,day",
    [
        ("Rituximab 375 mg/m2 IV Day 1 This regimen is repeated", "Day 1"),
        ("pemetrexed 500 mg/m2, Day 1 every 21 days", "Day 1"),
        ("Fludarabine 30 mg/m2 Day -10 thru Day -6", "Day -10 thru Day -6"),
        ("capecitabine 1000 mg/m^2 orally twice daily day 2-15", "day 2-15"),
        # A visit day is no dosing schedule: a bare "Day N" needs a dose or route right before it.
        ("Study Day 1 visit", None),
        ("assessed at Day 28", None),
    ],
)
def test_a_bare_day_is_a_schedule_only_right_after_a_dose_or_route(rules_nlp: spacy.Language, text: str, day: str | None) -> None:
    # The patterns only propose "schedule:bare day"; rule 13 of the value rules decides.
    schedules = [(e.text, e.ent_id_) for e in rules_nlp(text).ents if e.label_ == SC]
    assert schedules == ([(day, "schedule:days")] if day else [])


@pytest.fixture(scope="module")
def rules_nlp(model_dir) -> spacy.Language:
    """The assembled rule pipeline (the value rules included), unlike this module's ``nlp``."""
    return spacy.load(model_dir)


@pytest.mark.parametrize(
    "text, span",
    [
        ("doxorubicin at 2 week intervals for 4 doses", "at 2 week intervals"),
        ("Cycles are repeated at 21-day intervals", "at 21-day intervals"),
        ("two doses with a 8 week interval between them", "with a 8 week interval"),
        ("two doses at an interval of four weeks", "at an interval of four weeks"),
    ],
)
def test_doses_spaced_at_intervals_are_a_frequency(nlp: spacy.Language, text: str, span: str) -> None:
    assert (span, "FREQUENCY") in entities(nlp, text)
