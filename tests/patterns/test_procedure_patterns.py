"""PROCEDURE: the generated patterns/procedures.jsonl, and procedures in the assembled rule pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest
import spacy

from testutil import load_script

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "patterns"
BUILD_SCRIPT = ROOT / "scripts" / "build_procedure_patterns.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    return load_script(BUILD_SCRIPT)


def test_regenerating_matches_the_committed_file(build: ModuleType) -> None:
    built = build.build_all()
    assert list(built) == ["procedures.jsonl"]
    assert (PATTERNS / "procedures.jsonl").read_text(encoding="utf-8") == built["procedures.jsonl"], (
        "procedures.jsonl is out of date: run python scripts/build_procedure_patterns.py"
    )


def test_a_name_another_file_lists_keeps_its_label(build: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "drugs_curated.jsonl").write_text(json.dumps({"label": "DRUG", "pattern": "chemotherapy", "id": "drug:chemotherapy"}) + "\n")
    text = build.build_all(tmp_path)["procedures.jsonl"]
    phrases = {json.loads(line)["pattern"] for line in text.splitlines() if isinstance(json.loads(line)["pattern"], str)}
    assert "chemotherapy" not in phrases and "radiotherapy" in phrases
    assert build.main(["--patterns", str(tmp_path), "--check"]) == 1


def procedures(nlp: spacy.Language, text: str) -> list[tuple[str, str]]:
    return [(e.text, e.id_.split(":", 1)[1]) for e in nlp(text).ents if e.label_ == "PROCEDURE"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Major surgery within 28 days prior to randomization", [("Major surgery", "major surgery")]),
        ("No prior chemotherapy or radiotherapy", [("chemotherapy", "chemotherapy"), ("radiotherapy", "radiotherapy")]),
        ("History of allogeneic stem cell transplantation", [("allogeneic stem cell transplantation", "allogeneic hematopoietic stem cell transplantation")]),
        ("Previous CABG or PCI", [("CABG", "coronary artery bypass grafting"), ("PCI", "percutaneous coronary intervention")]),
        ("Patients on hemodialysis or peritoneal dialysis", [("hemodialysis", "hemodialysis"), ("peritoneal dialysis", "peritoneal dialysis")]),
        ("Contraindication to MRI", [("MRI", "magnetic resonance imaging")]),
        ("Measurable disease by CT or MRI", [("CT", "computed tomography"), ("MRI", "magnetic resonance imaging")]),
        # Named operations by their ending, with their qualifiers; a site before a procedure noun.
        ("Prior radical prostatectomy or bilateral oophorectomy", [("radical prostatectomy", "named procedure"), ("bilateral oophorectomy", "named procedure")]),
        ("Kidney transplant recipients", [("Kidney transplant", "named procedure")]),
        ("whole brain radiotherapy (WBRT) within 14 days", [("whole brain radiotherapy", "whole brain radiotherapy"), ("WBRT", "whole brain radiotherapy")]),
        # Birth control is a procedure; a drug named as one is not ("oral contraceptives").
        ("Fertile patients must use effective contraception", [("contraception", "contraception")]),
        ("agree to use two methods of birth control or oral contraceptives", [("methods of birth control", "contraception")]),
    ],
)  # fmt: skip
def test_procedures_in_the_pipeline(nlp: spacy.Language, text: str, expected: list[tuple[str, str]]) -> None:
    assert procedures(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Platinum-based chemotherapy",  # a drug class (issue 3)
        "Known allergy to anticoagulants",
        "analysed by fluorescence microscopy",  # an ending that is no operation
        "outside the radiation field",  # "radiation" alone is not listed
        "American Society of Anesthesia score of I-II",  # a procedure in a society's name
    ],
)
def test_what_is_no_procedure(nlp: spacy.Language, text: str) -> None:
    assert procedures(nlp, text) == []


def test_a_therapy_named_by_its_class_is_a_procedure_and_the_class_a_drug(nlp: spacy.Language) -> None:
    doc = nlp("No anticoagulant therapy within 7 days; anticoagulants are not allowed; adjuvant endocrine therapy for 5 years")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in ("DRUG", "PROCEDURE")] == [
        ("anticoagulant therapy", "PROCEDURE"), ("anticoagulants", "DRUG"), ("endocrine therapy", "DRUG"),
    ]


def test_a_measured_procedure_is_the_test_of_its_value(nlp: spacy.Language) -> None:
    doc = nlp("New osseous lesions on bone scan > 25%. Normal cardiac stress test.")
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("bone scan", "LAB_TEST"), ("> 25%", "LAB_VALUE"), ("Normal", "LAB_VALUE"), ("cardiac stress test", "LAB_TEST"),
    ]


def test_procedures_carry_context(nlp: spacy.Language) -> None:
    doc = nlp("Prior radiotherapy is allowed. No hemodialysis.")
    got = {e.text: e._.context for e in doc.ents if e.label_ == "PROCEDURE"}
    assert got["radiotherapy"].get("historical") and not got["radiotherapy"].get("negated")
    assert got["hemodialysis"].get("negated") and not got["hemodialysis"].get("historical")
    # "naive" denies the treatment before it, a procedure as a drug.
    [chemo] = [e for e in nlp("Chemotherapy-naive patients").ents if e.label_ == "PROCEDURE"]
    assert chemo._.context.get("negated")
