"""The value rules' word lists as data (patterns/term_lists.jsonl, nlp_trials.pipeline.term_lists)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Span

import nlp_trials.pipeline.registrations  # noqa: F401  (registers the tokenizer)
from nlp_trials.errors import ComponentError, PatternError
from nlp_trials.pipeline.assemble import DEFAULT_PATTERNS
from nlp_trials.pipeline.hybrid import SPANS_KEY_MODEL, TrialsHybrid
from nlp_trials.pipeline.term_lists import LISTS, NO_TERMS, TermLists, read_term_lists, validate_term_records
from nlp_trials.pipeline.value_rules import TERMS_FILE, ValueRules, apply_value_rules

SHIPPED = DEFAULT_PATTERNS / "term_lists.jsonl"


@pytest.fixture(scope="module")
def terms() -> TermLists:
    return read_term_lists(SHIPPED)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), encoding="utf-8")
    return path


def test_the_shipped_file_fills_every_list(terms: TermLists) -> None:
    assert {name for name in LISTS if terms.mapping(name)} == set(LISTS)
    assert terms.mapping("measured_condition")["thrombocytopenia"] == "platelet count"
    assert terms.mapping("treatment_short_form")["TBI"] == "total body irradiation"
    assert terms.mapping("treatment_context")["conditioning"] == "TBI"


def test_the_measured_terms_name_tests_the_lab_patterns_know(terms: TermLists) -> None:
    # A misspelt test would give thresholds an id no other mention of the test has.
    tests = {json.loads(line)["id"].split("|")[0] for line in (DEFAULT_PATTERNS / "labs.jsonl").open(encoding="utf-8")}
    # Weight loss is a test only where it is compared ("weight loss of > 10%"), so no lab pattern names it.
    unknown = {
        (name, term, means)
        for name in ("measured_condition", "measured_adjective", "signed_receptor")
        for term, means in terms.mapping(name).items()
        if f"lab_test:{means}" not in tests and means != "weight loss"
    }
    # Lists of test keys: a staging system or an organ function the lab patterns do not name would never match.
    unknown |= {(name, term, None) for name in ("staging_test", "organ_function") for term in terms.mapping(name) if f"lab_test:{term}" not in tests}
    assert unknown == set()
    # The disorder an abnormal organ function names is a curated condition.
    curated = {json.loads(line)["id"] for line in (DEFAULT_PATTERNS / "diseases_curated.jsonl").open(encoding="utf-8")}
    assert set(terms.mapping("organ_function").values()) <= curated


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "[E130]"),
        ('["measured_condition", "anemia"]', "[E131]"),
        ({"list": "measured_conditions", "term": "anemia", "means": "hemoglobin"}, "unknown list 'measured_conditions'"),
        ({"list": "measured_condition", "term": "Anemia", "means": "hemoglobin"}, "must be lower-cased"),
        ({"list": "measured_condition", "term": "anemia"}, "needs 'means'"),
        ({"list": "measured_condition", "term": "anemia", "means": "lab_test:hemoglobin"}, "lower-cased test name"),
        ({"list": "treatment_given_after", "term": "dose", "means": "TBI"}, "takes no 'means'"),
        ({"list": "measured_condition", "term": "anemia", "means": "hemoglobin", "note": "x"}, "note: Extra inputs"),
        ({"list": "treatment_context", "term": "conditioning", "means": "XRT"}, "'XRT' is no treatment_short_form"),
        ({"list": "organ_function", "term": "renal function", "means": "kidney failure"}, "must be a DISEASE pattern id"),
    ],
)
def test_a_bad_line_names_file_line_and_what_is_allowed(tmp_path: Path, line: object, expected: str) -> None:
    path = _write(tmp_path / "term_lists.jsonl", [{"list": "treatment_short_form", "term": "TBI", "means": "total body irradiation"}, line])
    with pytest.raises(PatternError) as e:
        read_term_lists(path)
    assert expected in str(e.value)
    assert f"{path}, line 2" in str(e.value)


def test_a_term_appears_once_per_list(tmp_path: Path) -> None:
    record = {"list": "measured_condition", "term": "anemia", "means": "hemoglobin"}
    with pytest.raises(PatternError, match=r"\[E133\].*line 2.*'anemia'.*line 1"):
        read_term_lists(_write(tmp_path / "t.jsonl", [record, {**record, "means": "hematocrit"}]))
    # The same word in two lists is two meanings, which is allowed.
    both = [record, {"list": "measured_adjective", "term": "anemia", "means": "hemoglobin"}]
    assert len(read_term_lists(_write(tmp_path / "u.jsonl", both))) == 2


def test_an_empty_or_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match=r"\[E135\]"):
        read_term_lists(_write(tmp_path / "empty.jsonl", [""]))
    with pytest.raises(PatternError, match=r"\[E134\]"):
        read_term_lists(tmp_path / "absent.jsonl")


def test_the_lists_change_what_the_rules_do(nlp, terms: TermLists) -> None:
    doc = nlp("Anemia < 10 g/dL")
    spans = [Span(doc, 0, 1, label="DISEASE", span_id="disease:anemia"), Span(doc, 1, 4, label="LAB_VALUE", span_id="lab_value:quantity")]
    assert [(s.text, s.label_, s.id_) for s in apply_value_rules(spans, terms)][0] == ("Anemia", "LAB_TEST", "lab_test:hemoglobin")
    # Without the lists the condition stays a condition.
    assert apply_value_rules(spans, NO_TERMS)[0].label_ == "DISEASE"
    # A line added to the data is a new rule: "sarcopenia < 7 kg/m2" is a threshold on muscle mass.
    more = validate_term_records([*terms.to_dicts(), {"list": "measured_condition", "term": "sarcopenia", "means": "skeletal muscle index"}])
    doc = nlp("Sarcopenia < 7 kg/m2")
    spans = [Span(doc, 0, 1, label="DISEASE"), Span(doc, 1, 4, label="LAB_VALUE", span_id="lab_value:quantity")]
    assert apply_value_rules(spans, more)[0].id_ == "lab_test:skeletal muscle index"


def test_the_component_carries_its_lists_to_disk_and_bytes(tmp_path: Path, terms: TermLists) -> None:
    rules = ValueRules(spans_key="trials_entities")
    rules.initialize(terms=terms.to_dicts())
    assert rules.terms == terms
    rules.to_disk(tmp_path / "vr")
    assert (tmp_path / "vr" / TERMS_FILE).is_file()
    assert ValueRules(spans_key="trials_entities").from_disk(tmp_path / "vr").terms == terms
    assert ValueRules(spans_key="trials_entities").from_bytes(rules.to_bytes()).terms == terms
    (tmp_path / "old").mkdir()
    with pytest.raises(ComponentError, match=r"\[E136\].*no terms.jsonl"):
        ValueRules(spans_key="trials_entities").from_disk(tmp_path / "old")


def test_the_hybrid_reads_the_treatment_words_of_the_value_rules(nlp, terms: TermLists) -> None:
    pipeline = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})
    pipeline.add_pipe("trials_value_rules", config={"spans_key": "trials_entities"}).initialize(terms=terms)
    hybrid = TrialsHybrid("h", nlp=pipeline)
    for text in ("allogeneic BMT without TBI", "Undergo TBI on day 0"):
        doc = pipeline.make_doc(text)
        doc.spans[SPANS_KEY_MODEL] = [Span(doc, i, i + 1, label="DISEASE") for i, t in enumerate(doc) if t.text == "TBI"]
        assert list(hybrid(doc).ents) == [], text
    doc = pipeline.make_doc("History of TBI or stroke")
    doc.spans[SPANS_KEY_MODEL] = [Span(doc, 2, 3, label="DISEASE")]
    assert [e.text for e in hybrid(doc).ents] == ["TBI"]
    # Naming a component that is no value rules component is an error that lists the components.
    with pytest.raises(ComponentError, match=r"\[E137\].*'absent'.*components are trials_value_rules"):
        TrialsHybrid("h", nlp=pipeline, value_rules="absent").terms()


def test_the_hybrid_drops_model_conditions_in_institution_names(terms: TermLists) -> None:
    pipeline = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})
    pipeline.add_pipe("trials_value_rules", config={"spans_key": "trials_entities"}).initialize(terms=terms)
    hybrid = TrialsHybrid("h", nlp=pipeline)
    doc = pipeline.make_doc("staged by The American Joint Committee on Cancer (AJCC) criteria; Myasthenia Gravis")
    words = [t.text for t in doc]
    # The model proposes a name without a vocabulary id: "American Joint Committee", "Cancer".
    committee = Span(doc, words.index("American"), words.index("Committee") + 1, label="DISEASE")
    cancer = Span(doc, words.index("Cancer"), words.index("Cancer") + 1, label="DISEASE")
    gravis = Span(doc, words.index("Myasthenia"), words.index("Gravis") + 1, label="DISEASE")
    doc.spans[SPANS_KEY_MODEL] = [committee, cancer, gravis]
    assert [e.text for e in hybrid(doc).ents] == ["Myasthenia Gravis"]
