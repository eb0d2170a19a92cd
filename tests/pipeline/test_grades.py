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
