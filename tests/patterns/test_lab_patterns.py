"""LAB_TEST, LAB_VALUE and DURATION patterns (scripts/build_lab_patterns.py) and the value rules.

The pipeline here is the rule pipeline's front half, built from the committed files: the trial-text
tokenizer, one LOWER span ruler with labs.jsonl, lab_values.jsonl and durations.jsonl, then
:func:`nlp_trials.pipeline.value_rules.apply_value_rules` and
:func:`nlp_trials.pipeline.resolve.resolve_spans` over the ruler's candidates.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp_trials.pipeline.registrations  # noqa: F401  (registers the tokenizer)
from nlp_trials.labels import DURATION, LAB_TEST, LAB_VALUE
from nlp_trials.pipeline.patterns import parse_pattern_id, read_pattern_file
from nlp_trials.pipeline.resolve import resolve_spans
from nlp_trials.pipeline.term_lists import read_term_lists
from nlp_trials.pipeline.value_rules import NEEDS_TEST_VALUE_KINDS, apply_value_rules
from nlp_trials.quantities import parse_duration, parse_quantity
from testutil import load_script

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "patterns"
BUILD_SCRIPT = ROOT / "scripts" / "build_lab_patterns.py"
FILES = {LAB_TEST: "labs.jsonl", LAB_VALUE: "lab_values.jsonl", DURATION: "durations.jsonl"}
VALUE_KINDS = {"quantity", "limit multiple", "measure", "amount", "number", "range", "class", "stage", "qualitative"}
DURATION_KINDS = {"time amount", "anchored time amount", "recent period", "time point", "calendar period"}
SPANS_KEY = "trials_entities"
TERMS = read_term_lists(PATTERNS / "term_lists.jsonl")


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_script(BUILD_SCRIPT)


@pytest.fixture(scope="module")
def records() -> dict[str, list[dict[str, Any]]]:
    """The committed records of each file, validated by the project's reader."""
    return {label: read_pattern_file(PATTERNS / name) for label, name in FILES.items()}


@pytest.fixture(scope="module")
def nlp(records: dict[str, list[dict[str, Any]]]) -> Language:
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})
    ruler = nlp.add_pipe(
        "span_ruler",
        config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "validate": True},
    )
    for found in records.values():
        ruler.add_patterns(found)
    return nlp


def entities(nlp: Language, text: str, *, rules: bool = True) -> list[tuple[str, str]]:
    doc = nlp(text)
    candidates = list(doc.spans[SPANS_KEY])
    if rules:
        candidates = apply_value_rules(candidates, TERMS)
    return [(span.text, span.label_) for span in resolve_spans(candidates)]


# --------------------------------------------------------------------------- committed files


def test_regenerating_matches_committed_files(build: ModuleType) -> None:
    built = build.build_all()
    assert set(built) == set(FILES.values())
    stale = [name for name, text in built.items() if (PATTERNS / name).read_text(encoding="utf-8") != text]
    assert stale == [], f"run python scripts/build_lab_patterns.py (stale: {stale})"


def test_check_mode_reports_nothing_stale(build: ModuleType) -> None:
    assert build.main(["--check"]) == 0


@pytest.mark.parametrize("label", sorted(FILES))
def test_each_file_holds_one_label_with_matching_ids(label: str, records: dict[str, list[dict[str, Any]]]) -> None:
    assert records[label]
    for record in records[label]:
        assert record["label"] == label
        assert parse_pattern_id(record["id"]).kind == label.lower()


def test_value_and_duration_ids_name_a_known_kind(records: dict[str, list[dict[str, Any]]]) -> None:
    assert {parse_pattern_id(r["id"]).key for r in records[LAB_VALUE]} == VALUE_KINDS
    assert {parse_pattern_id(r["id"]).key for r in records[DURATION]} == DURATION_KINDS
    assert NEEDS_TEST_VALUE_KINDS - {"roman numeral"} <= VALUE_KINDS


def test_lab_phrases_are_lower_cased_and_unique(records: dict[str, list[dict[str, Any]]]) -> None:
    phrases = [r["pattern"] for r in records[LAB_TEST] if isinstance(r["pattern"], str)]
    assert phrases == [p.lower() for p in phrases]
    assert len(phrases) == len(set(phrases))


def test_files_are_small() -> None:
    # Generated, but committed and read in review: the three files stay around a megabyte.
    assert sum((PATTERNS / name).stat().st_size for name in FILES.values()) < 1_200_000


@pytest.mark.parametrize(
    "phrase,concept",
    [
        ("absolute neutrophil count", "absolute neutrophil count"),
        ("anc", "absolute neutrophil count"),
        ("cd4%", "cd4 percentage"),
        ("o2 sat", "oxygen saturation"),
        ("fev in one second", "fev1"),
        ("neutrophils", "absolute neutrophil count"),
        ("serum creatinine", "serum creatinine"),
        ("creatinine clearance", "creatinine clearance"),
        ("crcl", "creatinine clearance"),
        ("total bilirubin", "total bilirubin"),
        ("alanine aminotransferase", "alanine aminotransferase"),
        ("sgpt", "alanine aminotransferase"),
        ("qtcf", "qtc interval"),
        ("qtc f", "qtc interval"),
        ("corrected qt interval", "qtc interval"),
        ("eastern cooperative oncology group (ecog) performance status", "ecog performance status"),
        ("ecog ps", "ecog performance status"),
        ("karnofsky performance status", "karnofsky performance status"),
        ("kps", "karnofsky performance status"),
        ("left ventricular ejection fraction", "left ventricular ejection fraction"),
        ("blood oxygen saturation", "oxygen saturation"),
        ("spo2", "oxygen saturation"),
        ("systolic blood pressure", "systolic blood pressure"),
        ("hbv-dna", "hbv-dna"),
        ("hbv dna", "hbv-dna"),
        ("hcv rna", "hcv rna"),
        ("hcv-rna", "hcv rna"),
        ("hbsag", "hbsag"),
        ("hiv antibody", "hiv antibody"),
        ("life expectancy", "life expectancy"),
        ("anti-nuclear antibodies", "antinuclear antibodies"),
        ("urea breath test", "helicobacter pylori test"),
        ("stool guaiac", "fecal occult blood test"),
        ("qp/qs", "pulmonary-to-systemic flow ratio"),
        ("peak vo2", "peak oxygen uptake"),
        ("apgar score", "apgar score"),
        ("m-protein", "monoclonal protein"),
        ("serum protein electrophoresis", "serum protein electrophoresis"),
        ("free light chain ratio", "serum free light chains"),
        ("fev_1", "fev1"),
        ("po2", "pao2"),
        ("fractional shortening", "shortening fraction"),
        ("serum igg", "immunoglobulin g"),
        ("breslow depth", "breslow thickness"),
        ("mgmt", "mgmt status"),
        ("etdrs letter score", "visual acuity"),
        ("timed up and go", "timed up and go test"),
        ("gamma-glutamyl-transferase", "gamma-glutamyl transferase"),
        ("forced expiratory volume at 1 second", "fev1"),
        ("handgrip strength", "grip strength"),
        ("walking speed", "gait speed"),
        ("saliva ph", "ph value"),
        ("clonal bone marrow plasma cells", "bone marrow plasma cells"),
        # The tuberculosis screening test, not interferon the drug.
        ("ifn-gamma release assay", "interferon-gamma release assay"),
        ("ifn-γ release assay", "interferon-gamma release assay"),
    ],
)
def test_lab_test_vocabulary(phrase: str, concept: str, records: dict[str, list[dict[str, Any]]]) -> None:
    ids = {r["pattern"]: r["id"] for r in records[LAB_TEST] if isinstance(r["pattern"], str)}
    assert ids.get(phrase) == f"lab_test:{concept}"


# --------------------------------------------------------------------------- build script pieces


@pytest.mark.parametrize(
    "phrase,expected",
    [
        ("hbv-dna level", "HBV-DNA level"),
        ("cha2ds2-vasc score", "CHA2DS2-VASC score"),
        ("ldl-c", "LDL-C"),
        ("d-dimer", "d-dimer"),
        ("anti-hbc", "anti-hbc"),
        ("alanine aminotransferase", "alanine aminotransferase"),
    ],
)
def test_code_cased(build: ModuleType, phrase: str, expected: str) -> None:
    assert build.code_cased(phrase) == expected


def test_code_names_get_a_token_pattern_for_their_written_form(build: ModuleType) -> None:
    # The tokenizer keeps "HBV-DNA" whole but splits the lower-cased phrase "hbv - dna".
    assert build.code_cased_pattern("hbv-dna") == [{"LOWER": "hbv-dna"}]
    assert build.code_cased_pattern("serum creatinine") is None


def test_variants_of_a_table_row(build: ModuleType) -> None:
    phrases, cased = build.lab_test_phrases("total bilirubin", ("bilirubin",), ("tbil", "(tb)"), "analyte")
    assert {"total bilirubin", "serum total bilirubin", "bilirubin level", "serum bilirubin level", "tbil"} <= set(phrases)
    # "(tb)" only in brackets after a name: "TB" alone is tuberculosis.
    assert "serum total bilirubin (tb)" in phrases and "tb" not in phrases
    assert cased == []


def test_a_name_ending_in_its_own_abbreviation_is_two_mentions(build: ModuleType) -> None:
    phrases, cased = build.lab_test_phrases("prothrombin time", ("prothrombin time (pt)",), ("PT",), "other")
    assert phrases == ["prothrombin time"]
    assert cased == ["PT"]


def test_two_rows_generating_one_phrase_is_an_error(build: ModuleType) -> None:
    table = (("albumin", (), (), "analyte"), ("serum albumin", (), (), "other"))
    with pytest.raises(ValueError, match="serum albumin"):
        build.pattern_lab_tests(table)


def test_written_output_is_sorted_compact_jsonl(build: ModuleType) -> None:
    text = build.to_jsonl(
        [
            {"label": "DURATION", "pattern": [{"LOWER": "b"}], "id": "duration:time amount"},
            {"label": "DURATION", "pattern": [{"LOWER": "a"}], "id": "duration:time amount"},
        ]
    )
    lines = text.splitlines()
    assert [json.loads(line)["pattern"][0]["LOWER"] for line in lines] == ["a", "b"]
    assert ", " not in lines[0]


# --------------------------------------------------------------------------- pipeline examples

SEED_001_EXAMPLES = [
    (
        "neutrophil count ≥ 1.5×10 9 /L; platelet count (PLT) ≥ 75×10 9 /L; hemoglobin content (Hb) ≥ 8.0 g/dL",
        [
            ("neutrophil count", LAB_TEST), ("≥ 1.5×10 9 /L", LAB_VALUE),
            ("platelet count", LAB_TEST), ("PLT", LAB_TEST), ("≥ 75×10 9 /L", LAB_VALUE),
            ("hemoglobin content", LAB_TEST), ("Hb", LAB_TEST), ("≥ 8.0 g/dL", LAB_VALUE),
        ],
    ),
    (
        "alanine aminotransferase (ALT) ≤ 2.5×ULN",
        [("alanine aminotransferase", LAB_TEST), ("ALT", LAB_TEST), ("≤ 2.5×ULN", LAB_VALUE)],
    ),
    (
        "serum total bilirubin (TB) ≤ 2×ULN",
        [("serum total bilirubin (TB)", LAB_TEST), ("≤ 2×ULN", LAB_VALUE)],
    ),
    ("AST and ALT \\< 5×ULN", [("AST", LAB_TEST), ("ALT", LAB_TEST), ("\\< 5×ULN", LAB_VALUE)]),
    ("creatinine clearance \\> 50 mL/min", [("creatinine clearance", LAB_TEST), ("\\> 50 mL/min", LAB_VALUE)]),
    ("qualitative urine protein ≤ 1+", [("qualitative urine protein", LAB_TEST), ("≤ 1+", LAB_VALUE)]),
    ("Blood oxygen saturation is ≤ 95%", [("Blood oxygen saturation", LAB_TEST), ("≤ 95%", LAB_VALUE)]),
    (
        "Amylase and lipase ≤ 1.5 × ULN; alkaline phosphatase (ALP) ≤ 2.5 × ULN.",
        [
            ("Amylase", LAB_TEST), ("lipase", LAB_TEST), ("≤ 1.5 × ULN", LAB_VALUE),
            ("alkaline phosphatase", LAB_TEST), ("ALP", LAB_TEST), ("≤ 2.5 × ULN", LAB_VALUE),
        ],
    ),
    ("ECOG performance status score is 0-1.", [("ECOG performance status score", LAB_TEST), ("0-1", LAB_VALUE)]),
    # Older records: grams and milligrams per 100 mL, and a misspelt alkaline phosphatase.
    (
        "bilirubin less than 2.0 mg%; hemoglobin greater than 8.0 gm%",
        [("bilirubin", LAB_TEST), ("less than 2.0 mg%", LAB_VALUE), ("hemoglobin", LAB_TEST), ("greater than 8.0 gm%", LAB_VALUE)],
    ),
    ("Alkaline phosphate no greater than twice normal", [("Alkaline phosphate", LAB_TEST), ("no greater than twice normal", LAB_VALUE)]),
    (
        "QTc F \\>450 ms (male) or QTcF \\> 480 ms (female)",
        [("QTc F", LAB_TEST), ("\\>450 ms", LAB_VALUE), ("QTcF", LAB_TEST), ("\\> 480 ms", LAB_VALUE)],
    ),
    (
        "HBsAg positive and/or HBc antibody positive, and HBV-DNA positive",
        [
            ("HBsAg", LAB_TEST), ("positive", LAB_VALUE), ("HBc antibody", LAB_TEST), ("positive", LAB_VALUE),
            ("HBV-DNA", LAB_TEST), ("positive", LAB_VALUE),
        ],
    ),
    ("Positive ANA OR anti-dsDNA", [("Positive", LAB_VALUE), ("ANA", LAB_TEST), ("anti-dsDNA", LAB_TEST)]),
    ("Negative H. pylori test", [("Negative", LAB_VALUE), ("H. pylori test", LAB_TEST)]),
]  # fmt: skip

ISSUE_EXAMPLES = [
    # "within" a multiple of a limit bounds it as "up to" does.
    ("AST within 3 times the upper limit of normal", [("AST", LAB_TEST), ("within 3 times the upper limit of normal", LAB_VALUE)]),
    # Seconds of a clotting time, next to its test.
    ("PTT less than 35 sec", [("PTT", LAB_TEST), ("less than 35 sec", LAB_VALUE)]),
    ("aPTT < 40 seconds", [("aPTT", LAB_TEST), ("< 40 seconds", LAB_VALUE)]),
    # "then" misspelt for "than".
    ("creatinine less then 1.5 mg/dL", [("creatinine", LAB_TEST), ("less then 1.5 mg/dL", LAB_VALUE)]),
    # Limits by sex written with a slash are one value, its unit after both.
    ("Waist circumference >89/102 cm; F/M", [("Waist circumference", LAB_TEST), (">89/102 cm", LAB_VALUE)]),
    ("Serum HDL-C: <50/40 mg/dl; F/M", [("HDL-C", LAB_TEST), ("<50/40 mg/dl", LAB_VALUE)]),
    # A range written with a full-width or wave-dash tilde, as registries in Chinese and Japanese do.
    ("fasting plasma glucose (FPG) of 70～110mg/dL", [("fasting plasma glucose", LAB_TEST), ("FPG", LAB_TEST), ("70～110mg/dL", LAB_VALUE)]),
    ("FPG 70〜110 mg/dL", [("FPG", LAB_TEST), ("70〜110 mg/dL", LAB_VALUE)]),
    # Physical function, speeds and letters read on a chart.
    ("gait speed < 1 m/s", [("gait speed", LAB_TEST), ("< 1 m/s", LAB_VALUE)]),
    ("handgrip strength < 26 kg", [("handgrip strength", LAB_TEST), ("< 26 kg", LAB_VALUE)]),
    ("ETDRS letter score between 24 and 70 letters", [("ETDRS letter score", LAB_TEST), ("between 24 and 70 letters", LAB_VALUE)]),
    ("urine pH > 7", [("urine pH", LAB_TEST), ("> 7", LAB_VALUE)]),
    ("clonal bone marrow plasma cells ≥10%", [("clonal bone marrow plasma cells", LAB_TEST), ("≥10%", LAB_VALUE)]),
    # A range opened by "range" or "ranging" is one value, as one opened by "between".
    ("BMI in the range of 18.5 to 30 kg/m2", [("BMI", LAB_TEST), ("range of 18.5 to 30 kg/m2", LAB_VALUE)]),
    ("BMI within the range 18 and 30 kg/m2", [("BMI", LAB_TEST), ("range 18 and 30 kg/m2", LAB_VALUE)]),
    # A cooperative group names the scale the value is on, not a test of its own.
    ("Performance status: SWOG 0 or 1", [("Performance status", LAB_TEST), ("0 or 1", LAB_VALUE)]),
    # A promoter's methylation status is a biomarker result.
    ("MGMT promoter methylation status unmethylated", [("MGMT promoter methylation status", LAB_TEST), ("unmethylated", LAB_VALUE)]),
    ("ECOG performance status of 0 or 1", [("ECOG performance status", LAB_TEST), ("0 or 1", LAB_VALUE)]),
    ("ECOG 0 - 2", [("ECOG", LAB_TEST), ("0 - 2", LAB_VALUE)]),
    ("Karnofsky performance status 60-100%", [("Karnofsky performance status", LAB_TEST), ("60-100%", LAB_VALUE)]),
    ("ANC greater than or equal to 1,500/mm3", [("ANC", LAB_TEST), ("greater than or equal to 1,500/mm3", LAB_VALUE)]),
    ("CrCl>=60mL/min", [("CrCl", LAB_TEST), (">=60mL/min", LAB_VALUE)]),
    ("HbA1c \\>8%", [("HbA1c", LAB_TEST), ("\\>8%", LAB_VALUE)]),
    ("AST < 5 X ULN", [("AST", LAB_TEST), ("< 5 X ULN", LAB_VALUE)]),
    ("eGFR ≥ 60 mL/min/1.73 m2", [("eGFR", LAB_TEST), ("≥ 60 mL/min/1.73 m2", LAB_VALUE)]),
    ("bilirubin ≤ 1.5 x the upper limit of normal", [("bilirubin", LAB_TEST), ("≤ 1.5 x the upper limit of normal", LAB_VALUE)]),
    ("platelets ≥ 100 x 10^9/L", [("platelets", LAB_TEST), ("≥ 100 x 10^9/L", LAB_VALUE)]),
    ("WBC >= 3.0 x 10e9/L", [("WBC", LAB_TEST), (">= 3.0 x 10e9/L", LAB_VALUE)]),
    ("NYHA class III or IV heart failure", [("NYHA", LAB_TEST), ("class III or IV", LAB_VALUE)]),
    # The class word goes to the value, not to a test pattern that ends in it.
    ("Child-Pugh class A liver function", [("Child-Pugh", LAB_TEST), ("class A", LAB_VALUE), ("liver function", LAB_TEST)]),
    ("Mallampati class III or IV", [("Mallampati", LAB_TEST), ("class III or IV", LAB_VALUE)]),
    # Older records' "times normal" is a multiple of the upper limit of normal.
    ("Creatinine no greater than 1.25 times normal", [("Creatinine", LAB_TEST), ("no greater than 1.25 times normal", LAB_VALUE)]),
    ("ALT less than twice normal", [("ALT", LAB_TEST), ("less than twice normal", LAB_VALUE)]),
    ("ECOG performance status < or = 2", [("ECOG performance status", LAB_TEST), ("< or = 2", LAB_VALUE)]),
    ("bilirubin <or= 1.5 x ULN", [("bilirubin", LAB_TEST), ("<or= 1.5 x ULN", LAB_VALUE)]),
    # A dipstick grade as plus signs, next to its test only.
    ("Urine protein < ++ .", [("Urine protein", LAB_TEST), ("< ++", LAB_VALUE)]),
    ("Urine protein<++", [("Urine protein", LAB_TEST), ("<++", LAB_VALUE)]),
    # Temperature scales written out.
    ("body temperature > 38.5 degrees Celsius", [("body temperature", LAB_TEST), ("> 38.5 degrees Celsius", LAB_VALUE)]),
    ("temperature greater than 100.5 Fahrenheit", [("temperature", LAB_TEST), ("greater than 100.5 Fahrenheit", LAB_VALUE)]),
    # A range with any unit, compound units included.
    ("BMI between 18 and 30 kg/m2", [("BMI", LAB_TEST), ("between 18 and 30 kg/m2", LAB_VALUE)]),
    ("Type B natriuretic peptide (BNP) >150 pg/ml", [("Type B natriuretic peptide", LAB_TEST), ("BNP", LAB_TEST), (">150 pg/ml", LAB_VALUE)]),
    ("HBV DNA < 2000 IU/mL", [("HBV DNA", LAB_TEST), ("< 2000 IU/mL", LAB_VALUE)]),
    ("systolic blood pressure > 160 mmHg", [("systolic blood pressure", LAB_TEST), ("> 160 mmHg", LAB_VALUE)]),
    ("LVEF ≥ 50%", [("LVEF", LAB_TEST), ("≥ 50%", LAB_VALUE)]),
    ("serum potassium < 3.5 mmol/L", [("serum potassium", LAB_TEST), ("< 3.5 mmol/L", LAB_VALUE)]),
    ("CD4 count ≥ 200 cells/µL", [("CD4 count", LAB_TEST), ("≥ 200 cells/µL", LAB_VALUE)]),
    ("Hb>9", [("Hb", LAB_TEST), (">9", LAB_VALUE)]),
    # Letter stages and a lone "I" are values right after a staging system only.
    ("moderate (Child-Pugh B) hepatic impairment", [("Child-Pugh", LAB_TEST), ("B", LAB_VALUE)]),
    ("Child-Pugh class B7 or worse", [("Child-Pugh", LAB_TEST), ("class B7 or worse", LAB_VALUE)]),
    ("BCLC stage of 0-B", [("BCLC stage", LAB_TEST), ("0-B", LAB_VALUE)]),
    ("Barcelona Clinic Liver Cancer stage A", [("Barcelona Clinic Liver Cancer", LAB_TEST), ("stage A", LAB_VALUE)]),
    ("Healthy patients (ASA I)", [("ASA", LAB_TEST), ("I", LAB_VALUE)]),
    ("ASIA C or D", [("ASIA", LAB_TEST), ("C or D", LAB_VALUE)]),
    ("Rai stage III or IV", [("Rai", LAB_TEST), ("stage III or IV", LAB_VALUE)]),
    ("Hunt Hess Grade 5", [("Hunt Hess Grade", LAB_TEST), ("5", LAB_VALUE)]),
    # Older records write the cube of "/mm3" with a caret.
    ("Platelet count greater than 100,000/mm^3", [("Platelet count", LAB_TEST), ("greater than 100,000/mm^3", LAB_VALUE)]),
    ("WBC at least 3,000 cells/mm\\^3", [("WBC", LAB_TEST), ("at least 3,000 cells/mm\\^3", LAB_VALUE)]),
    # French-style units ("mUI/ml", "UI") and areas.
    ("FSH> 30mUI/ml", [("FSH", LAB_TEST), ("> 30mUI/ml", LAB_VALUE)]),
    ("cholinesterase < 2000 UI", [("cholinesterase", LAB_TEST), ("< 2000 UI", LAB_VALUE)]),
    # Comparators as some records type or translate them.
    ("creatinine clearance >_60 cc/min", [("creatinine clearance", LAB_TEST), (">_60 cc/min", LAB_VALUE)]),
    ("HbA1c inferior or equal to 7%", [("HbA1c", LAB_TEST), ("inferior or equal to 7%", LAB_VALUE)]),
    ("TSH out of normal limits", [("TSH", LAB_TEST), ("out of normal limits", LAB_VALUE)]),
    # Tumour biomarkers are tests with a status or level.
    ("PD-L1 combined positive score (CPS) ≥ 10", [("PD-L1 combined positive score", LAB_TEST), ("CPS", LAB_TEST), ("≥ 10", LAB_VALUE)]),
    ("HER2-positive breast cancer (IHC 3+ or FISH positive)", [("HER2", LAB_TEST), ("positive", LAB_VALUE), ("IHC", LAB_TEST), ("3+", LAB_VALUE), ("FISH", LAB_TEST), ("positive", LAB_VALUE)]),
    ("tumor mutational burden ≥ 10 mutations/megabase", [("tumor mutational burden", LAB_TEST), ("≥ 10 mutations/megabase", LAB_VALUE)]),
    # A short bracketed aside between a test and its value.
    ("progesterone receptor (PR) positive", [("progesterone receptor", LAB_TEST), ("positive", LAB_VALUE)]),
    # A closing bracket glued to the next word closes the aside between a test and its value.
    ("ECOG (Eastern Cooperative Oncology Group)score: 0-2", [("ECOG", LAB_TEST), ("Eastern Cooperative Oncology Group", LAB_TEST), ("0-2", LAB_VALUE)]),
]  # fmt: skip

DURATION_EXAMPLES = [
    ("surgery lasting more then 1 hour", [("more then 1 hour", DURATION)]),
    # A comparator only an amount of time takes.
    ("enrollment no later than 40 days post-implant", [("no later than 40 days", DURATION)]),
    ("not earlier than 4 weeks before enrollment", [("not earlier than 4 weeks before enrollment", DURATION)]),
    ("laser treatment within the former 4 months", [("within the former 4 months", DURATION)]),
    ("within 4 weeks prior to randomization", [("within 4 weeks prior to randomization", DURATION)]),
    # A number spelled out and restated in digits, as US registry text writes it.
    ("within six (6) weeks prior to registration", [("within six (6) weeks prior to registration", DURATION)]),
    ("at least two (2) years since diagnosis", [("at least two (2) years since diagnosis", DURATION)]),
    ("within 7 days prior to randomization", [("within 7 days prior to randomization", DURATION)]),
    ("within 7 days prior to treatment", [("within 7 days prior to treatment", DURATION)]),
    (
        "the last dose at least7 months after termination of study therapy",
        [("at least7 months after termination of study therapy", DURATION)],
    ),
    ("treated for ≥ 12 weeks", [("for ≥ 12 weeks", DURATION)]),
    ("≥ 12 weeks", [("≥ 12 weeks", DURATION)]),
    ("6 months", [("6 months", DURATION)]),
    ("24 months of therapy", [("24 months of therapy", DURATION)]),
    ("at least 7 months after the last dose", [("at least 7 months after the last dose", DURATION)]),
    ("within the past 6 months", [("within the past 6 months", DURATION)]),
    ("stroke in the past year", [("in the past year", DURATION)]),
    ("for at least six consecutive months", [("for at least six consecutive months", DURATION)]),
    ("within 4 weeks prior to the first dose of pembrolizumab", [("within 4 weeks prior to the first dose", DURATION)]),
    ("6 weeks or more", [("6 weeks or more", DURATION)]),
    # A stretch named as a period, with its lead: "a 2-week cycle" alone stays a schedule's.
    ("within a 6-month period before enrollment", [("within a 6-month period before enrollment", DURATION)]),
    ("during a 12 week period", [("during a 12 week period", DURATION)]),
    # Halves of a unit.
    ("surgery within half a year before enrollment", [("within half a year before enrollment", DURATION)]),
    ("diabetes for at least one and a half years", [("for at least one and a half years", DURATION)]),
    ("infarction within a year and a half", [("within a year and a half", DURATION)]),
    # One unit, compared.
    ("with at least a year of experience", [("at least a year", DURATION)]),
]  # fmt: skip

#: A time amount that is a test's threshold is the test's value (the corpora annotate it so).
TEST_VALUE_DURATIONS = [
    ("The subject's expected survival period is ≥12 weeks.", [("expected survival period", LAB_TEST), ("≥12 weeks", LAB_VALUE)]),
    ("life expectancy of at least 3 months", [("life expectancy", LAB_TEST), ("at least 3 months", LAB_VALUE)]),
    # The weeks are the value, not part of the test's name.
    ("women at 37 weeks of gestation", [("37 weeks", LAB_VALUE), ("gestation", LAB_TEST)]),
]  # fmt: skip

NEGATIVE_EXAMPLES = [
    "exercise for > 30 seconds",  # seconds make a value only next to a test
    "history of hepatitis B",
    "prior therapy with platinum",
    "active infection",
    "Grade 1 or lower neuropathy",
    "any Grade ≥ 3 hematologic toxicity",
    "2 prior lines of therapy",
    "RECIST 1.1",
    "NCI CTCAE v5.0 criteria",
    "Age ≥ 18 years old",
    "aged 18-75 years",
    "18 years of age or older",
    "Adults 18-65 years",
    "≥ 2 times within 1 week",
    # No staging system before them: an arm, a vitamin, a pronoun, a phase.
    "Arm B: vitamin D and I agree to phase I",
    "Waist C",
]


@pytest.mark.parametrize("text,expected", SEED_001_EXAMPLES + ISSUE_EXAMPLES)
def test_lab_tests_and_values(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert entities(nlp, text) == expected


@pytest.mark.parametrize("text,expected", DURATION_EXAMPLES + TEST_VALUE_DURATIONS)
def test_durations(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert entities(nlp, text) == expected


@pytest.mark.parametrize(
    "text, period",
    [
        ("Diagnosed between January 2019 and July 2020.", "between January 2019 and July 2020"),
        ("Treated since 01 January, 2018", "since 01 January, 2018"),
        ("Enrolled from 2008 to 2015", "from 2008 to 2015"),
        ("Surgery between 4/1/2019 and 12/31/2020", "between 4/1/2019 and 12/31/2020"),
        ("Vaccinated before 2019", "before 2019"),
        ("Treated between Dec 2017 and Feb. 2018", "between Dec 2017 and Feb. 2018"),
        ("Diagnosed prior to Sept. 2015", "prior to Sept. 2015"),
    ],
)
def test_calendar_periods_are_durations(nlp: Language, text: str, period: str) -> None:
    assert (period, DURATION) in entities(nlp, text)


def test_a_number_like_a_year_is_no_period_without_its_word(nlp: Language) -> None:
    assert [t for t, label in entities(nlp, "2019 patients; ICD 2010 codes") if label == DURATION] == []


@pytest.mark.parametrize("text", NEGATIVE_EXAMPLES)
def test_context_words_grades_ages_and_versions_are_not_values_or_durations(nlp: Language, text: str) -> None:
    found = [(t, label) for t, label in entities(nlp, text) if label in (LAB_VALUE, DURATION)]
    # "within 1 week" is a real window; the "≥ 2 times" before it is not a value.
    assert found in ([], [("within 1 week", DURATION)])


def test_bare_values_need_the_value_rules(nlp: Language) -> None:
    # Without the rules, "≥ 3" after "Grade" would be a value; the rules drop it (no test before it).
    assert ("≥ 3", LAB_VALUE) in entities(nlp, "any Grade ≥ 3 toxicity", rules=False)
    assert entities(nlp, "any Grade ≥ 3 toxicity") == []


@pytest.mark.parametrize("text,expected", SEED_001_EXAMPLES + ISSUE_EXAMPLES + DURATION_EXAMPLES)
def test_found_values_and_durations_parse(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    for span_text, label in entities(nlp, text):
        if label == LAB_VALUE and span_text.lower() not in {"positive", "negative", "out of normal limits", "unmethylated"}:  # words, not numbers
            parsed = parse_quantity(span_text)
            if span_text in {"class A", "B", "class B7 or worse", "0-B", "stage A", "C or D"}:
                # A letter class is a category, not a number: it is kept as its text.
                assert parsed is None
                continue
            assert parsed is not None and (parsed.value is not None or parsed.low is not None or parsed.parts), span_text
        elif label == DURATION:
            parsed = parse_duration(span_text)
            assert parsed is not None and parsed.unit is not None, span_text


def test_seed_lab_block_values_parse_to_the_thresholds(nlp: Language) -> None:
    text = SEED_001_EXAMPLES[0][0]
    values = [t for t, label in entities(nlp, text) if label == LAB_VALUE]
    parsed = [parse_quantity(v) for v in values]
    assert [(q.comparator, q.value, q.unit) for q in parsed if q] == [
        (">=", 1.5, "10*9/L"), (">=", 75.0, "10*9/L"), (">=", 8.0, "g/dL"),
    ]  # fmt: skip


def test_lab_test_spans_carry_the_canonical_id(nlp: Language) -> None:
    doc = nlp("ANC and absolute neutrophil count; SGPT")
    ids = {(s.text, s.id_) for s in doc.spans[SPANS_KEY] if s.label_ == LAB_TEST}
    assert ("ANC", "lab_test:absolute neutrophil count") in ids
    assert ("absolute neutrophil count", "lab_test:absolute neutrophil count") in ids
    assert ("SGPT", "lab_test:alanine aminotransferase") in ids


@pytest.mark.parametrize(
    "text, name",
    [
        ("a score < -1 on the Richmond Agitation and Sedation Scale", "Richmond Agitation and Sedation Scale"),
        ("Boston Diagnostic Aphasia Examination", "Boston Diagnostic Aphasia Examination"),
        ("the Alcohol Use Disorders Identification Test", "Alcohol Use Disorders Identification Test"),
        ("Neuropsychiatric Inventory", "Neuropsychiatric Inventory"),
        ("a score on the Token Test", "Token Test"),
        ("Oswestry Walking Disability Index > 10", "Oswestry Walking Disability Index"),
    ],
)
def test_instruments_unlisted_in_the_table_are_tests_by_the_shape_of_their_name(nlp: Language, text: str, name: str) -> None:
    assert (name, "LAB_TEST") in entities(nlp, text)


@pytest.mark.parametrize("text, value", [("smoking history of ≥ 30 pack-years", "≥ 30 pack-years"), (">7 drinks/week", ">7 drinks/week"), ("more than 2 drinks per day", "more than 2 drinks per day")])
def test_exposures_are_values(nlp: Language, text: str, value: str) -> None:
    assert (value, "LAB_VALUE") in entities(nlp, text)


def test_cased_abbreviations_that_are_words_in_lower_case(nlp: Language) -> None:
    assert ("METs", "LAB_TEST") in entities(nlp, "unable to achieve 4 METs")
    assert ("mets", "LAB_TEST") not in entities(nlp, "brain mets allowed")
    assert ("TAPSE", "LAB_TEST") in entities(nlp, "TAPSE <16 mm")


@pytest.mark.parametrize("text", ["Population Index", "Baseline Examination", "Preoperative Assessment", "The Questionnaire", "a stress test was done"])
def test_a_capitalised_word_before_a_generic_head_is_no_instrument(nlp: Language, text: str) -> None:
    assert [label for _, label in entities(nlp, text)] == []
