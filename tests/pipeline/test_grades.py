"""The grade a criterion puts on a condition (nlp_trials.pipeline.grades), alone and through the pipeline."""

from __future__ import annotations

import json

import pytest


def grades(nlp, text):
    return {e.text: e._.grade for e in nlp(text).ents if e.label_ == "DISEASE"}


@pytest.mark.parametrize(
    "text, disease, bound, phrase",
    [
        ("Grade ≥2 neuropathy prior to randomization", "neuropathy", {"comparator": ">=", "value": 2.0}, "Grade ≥2"),
        ("unresolved diarrhea greater than Grade 1", "diarrhea", {"comparator": ">", "value": 1.0}, "greater than Grade 1"),
        ("peripheral neuropathy of grade ≥ 2", "peripheral neuropathy", {"comparator": ">=", "value": 2.0}, "grade ≥ 2"),
        ("grade 3 or 4 hypertension", "hypertension", {"comparator": "between", "low": 3.0, "high": 4.0}, "grade 3 or 4"),
        ("grade 2 or higher peripheral neuropathy", "peripheral neuropathy", {"comparator": ">=", "value": 2.0}, "grade 2 or higher"),
        ("neuropathy (grade ≥ 2)", "neuropathy", {"comparator": ">=", "value": 2.0}, "grade ≥ 2"),
        ("WHO grade II glioma", "glioma", {"comparator": "=", "value": 2.0}, "grade II"),
    ],
)
def test_a_grade_next_to_a_condition_is_its_bound(nlp, text, disease, bound, phrase):
    grade = grades(nlp, text)[disease]
    assert {k: v for k, v in grade.items() if k not in ("start", "end", "text")} == bound
    assert grade["text"] == phrase and text[grade["start"] : grade["end"]] == phrase


@pytest.mark.parametrize("text", ["history of neuropathy", "upgrade 2 neuropathy", "stage 2 hypertension", "neuropathy; Grade"])
def test_no_grade_without_a_grade_phrase(nlp, text):
    assert all(g is None for g in grades(nlp, text).values())


@pytest.mark.parametrize(
    "text, toxicity, bound, phrase",
    [
        ("Toxicities from prior therapy must have resolved to ≤ Grade 1", "Toxicities", {"comparator": "<=", "value": 1.0}, "≤ Grade 1"),
        # Resolved to grade 1: grade 1 at most.
        ("Adverse events of prior anticancer therapy recovered to CTCAE Grade 1 or baseline", "Adverse events", {"comparator": "<=", "value": 1.0}, "CTCAE Grade 1"),
        ("Resolution of all acute toxic effects of prior therapy to grade ≤ 1 (except alopecia)", "toxic effects", {"comparator": "<=", "value": 1.0}, "grade ≤ 1"),
        # Read to the end of the clause, past the exceptions, which get no grade.
        (
            "All toxicities attributed to prior anti-cancer therapy other than alopecia and fatigue must have resolved to baseline or grade 1 (NCI CTCAE version 5.0)",
            "toxicities", {"comparator": "<=", "value": 1.0}, "grade 1",
        ),
        ("History of grade ≥ 3 immune-related adverse events on PD-1 therapy", "immune-related adverse events", {"comparator": ">=", "value": 3.0}, "grade ≥ 3"),
        ("all adverse events due to prior therapy have resolved to a grade 1 or better", "adverse events", {"comparator": "<=", "value": 1.0}, "grade 1 or better"),
        # Not recovered to grade 1 at most: above grade 1.
        ("Adverse events from prior antitumor therapy not recovered to ≤ Grade 1", "Adverse events", {"comparator": ">", "value": 1.0}, "≤ Grade 1"),
        ("toxicity that has not recovered to Grade 1 or pre-treatment levels", "toxicity", {"comparator": ">", "value": 1.0}, "Grade 1"),
        # A grade before the toxicity wins, across a bracketed aside and a qualifier.
        ("any Grade ≥ 3 (according to NCI CTCAE v5.0 criteria) hematologic toxicity that has not recovered to Grade 1", "toxicity", {"comparator": ">=", "value": 3.0}, "Grade ≥ 3"),
        # A grade later in the clause, with no other condition before it.
        ("Persistent toxicities from prior chemotherapy ≥ Grade 2 (NCI CTCAE)", "Persistent toxicities", {"comparator": ">=", "value": 2.0}, "≥ Grade 2"),
    ],
)
def test_a_toxicity_takes_the_grade_it_must_have_resolved_to(nlp, text, toxicity, bound, phrase):
    found = grades(nlp, text)
    grade = found[toxicity]
    assert {k: v for k, v in grade.items() if k not in ("start", "end", "text")} == bound
    assert text[grade["start"] : grade["end"]] == phrase
    assert found.get("alopecia") is None and found.get("fatigue") is None


@pytest.mark.parametrize(
    "text",
    [
        "Unresolved toxicity of prior therapy",
        # A grade in the next item is that item's.
        "Toxicities of prior therapy must have resolved\nGrade 2 neuropathy is allowed",
        "Side effects of the study drug; resolved to grade 1 later",
        # The grade of the next condition is that one's.
        "toxicity of prior therapy or grade 2 neuropathy",
        "toxicity of prior therapy, neuropathy grade 2",
        "immune-related adverse events (irAEs) or ≥ Grade 2 immune-related myocarditis",
    ],
)
def test_no_resolution_grade_outside_the_clause(nlp, text):
    found = grades(nlp, text)
    assert all(g is None for name, g in found.items() if name.lower() in ("toxicity", "toxicities", "side effects", "iraes"))


def test_a_grade_before_the_next_condition_is_that_ones(nlp):
    found = grades(nlp, "such as alopecia, Grade 2 peripheral neuropathy, or hypothyroidism")
    assert found["alopecia"] is None and found["peripheral neuropathy"]["value"] == 2.0
    found = grades(nlp, "alopecia Grade 2 peripheral neuropathy")
    assert found["alopecia"] is None


def test_the_grade_travels_in_annotate_jsonl_and_extract(nlp, tmp_path):
    from nlp_trials.export.spans import doc_spans
    from nlp_trials.link.eligibility import criterion_entities
    from nlp_trials.link.spans import entities_of

    doc = nlp("Grade ≥2 neuropathy")
    [span] = [s for s in doc_spans(doc) if s["label"] == "DISEASE"]
    assert json.loads(json.dumps(span))["grade"]["comparator"] == ">="
    [entity] = [e for e in criterion_entities(entities_of(doc)) if e.label == "DISEASE"]
    assert entity.grade is not None and entity.grade["value"] == 2.0


def test_the_grade_is_readable_in_brat_notes_and_the_html_page(nlp, tmp_path):
    from nlp_trials.export.writers import HtmlWriter, brat_ann, grade_label

    doc = nlp("Grade ≥2 neuropathy; grade 3 or 4 hypertension")
    assert grade_label({"comparator": ">=", "value": 2.0, "text": "Grade ≥2"}) == '>=2 ("Grade ≥2")'
    ann = brat_ann(doc)
    assert 'grade=>=2 ("Grade ≥2")' in ann and 'grade=3-4 ("grade 3 or 4")' in ann
    page = tmp_path / "p.html"
    with page.open("w", encoding="utf-8") as fh:
        writer = HtmlWriter(fh)
        writer.add("d1", doc, {})
        writer.close()
    assert "neuropathy: grade &gt;=2" in page.read_text(encoding="utf-8")
