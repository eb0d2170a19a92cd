"""The ConText component: rules (patterns/context.jsonl), scopes, flags, serialization."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from nlp_trials.errors import ComponentError, PatternError
from nlp_trials.labels import SPANS_KEY_CONTEXT
from nlp_trials.pipeline import factories  # noqa: F401  (registers the factories it declares)
from nlp_trials.pipeline.context import (
    CATEGORIES,
    ContextRule,
    Cue,
    TrialsContext,
    context_records,
    cue_bounds,
    read_context_rules,
    scope_cues,
    select_cues,
    validate_context_rules,
)
from nlp_trials.pipeline.extensions import register_extensions

ROOT = Path(__file__).resolve().parents[2]
CONTEXT_RULES = ROOT / "patterns" / "context.jsonl"

@pytest.fixture(scope="module")
def rules() -> list[ContextRule]:
    return read_context_rules(CONTEXT_RULES)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def context(nlp: Language, rules: list[ContextRule]) -> TrialsContext:
    return TrialsContext(nlp, rules=rules)


def make_doc(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """A doc whose ents are the given phrases (first occurrence after the previous one)."""
    doc = nlp.make_doc(text)
    spans, pos = [], 0
    for phrase, label in ents:
        start = text.index(phrase, pos)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, f"{phrase!r} is not on token boundaries"
        spans.append(span)
        pos = start + len(phrase)
    doc.ents = spans
    return doc


def flags_by_text(doc: Doc) -> dict[str, dict[str, bool]]:
    return {ent.text: ent._.context for ent in doc.ents}


# --------------------------------------------------------------------------- committed rules


def test_committed_rules_validate(rules: list[ContextRule]) -> None:
    assert len(rules) > 50
    assert {r.category for r in rules} == set(CATEGORIES)
    assert len({r.literal for r in rules}) == len(rules)


def test_committed_rules_round_trip_through_to_dict(rules: list[ContextRule]) -> None:
    lines = CONTEXT_RULES.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines if line.strip()] == [r.to_dict() for r in rules]


# --------------------------------------------------------------------------- criteria

CRITERIA: list[tuple[str, list[tuple[str, str]], dict[str, dict[str, bool]]]] = [
    # "no history of" is one negation cue: the history is what is negated, not a historical fact
    ("No history of HIV", [("HIV", "DISEASE")], {"HIV": {"negated": True}}),
    ("History of ILD", [("ILD", "DISEASE")], {"ILD": {"historical": True}}),
    # "not allowed" restates the criterion's kind (PSEUDO): warfarin is a past exposure, not absent
    (
        "Prior treatment with warfarin is not allowed",
        [("warfarin", "DRUG")],
        {"warfarin": {"historical": True}},
    ),
    ("Patients without brain metastases", [("brain metastases", "DISEASE")], {"brain metastases": {"negated": True}}),
    ("free of HBV infection", [("HBV infection", "DISEASE")], {"HBV infection": {"negated": True}}),
    ("No prior chemotherapy", [("chemotherapy", "DRUG")], {"chemotherapy": {"negated": True}}),
    ("HIV-negative", [("HIV", "DISEASE")], {"HIV": {"negated": True}}),
    ("chemotherapy-naive patients", [("chemotherapy", "DRUG")], {"chemotherapy": {"negated": True}}),
    (
        "Patients must not have received cisplatin",
        [("cisplatin", "DRUG")],
        {"cisplatin": {"negated": True, "historical": True}},
    ),
    # what patients receive now ends the history of what they received
    (
        "Patients who received prior cisplatin receive docetaxel",
        [("cisplatin", "DRUG"), ("docetaxel", "DRUG")],
        {"cisplatin": {"historical": True}, "docetaxel": {}},
    ),
    ("History of receiving chemotherapy", [("chemotherapy", "DRUG")], {"chemotherapy": {"historical": True}}),
    # what patients without a condition will be given ends the condition's negation; "will not" does not
    (
        "Patients without fasting hyperglycemia will be treated with repaglinide",
        [("fasting hyperglycemia", "DISEASE"), ("repaglinide", "DRUG")],
        {"fasting hyperglycemia": {"negated": True}, "repaglinide": {}},
    ),
    ("Patients will not receive cisplatin", [("cisplatin", "DRUG")], {"cisplatin": {"negated": True}}),
    (
        "Patients who received prior cisplatin will receive docetaxel",
        [("cisplatin", "DRUG"), ("docetaxel", "DRUG")],
        {"cisplatin": {"historical": True}, "docetaxel": {}},
    ),
    ("except for basal cell carcinoma", [("basal cell carcinoma", "DISEASE")], {"basal cell carcinoma": {"exception": True}}),
    (
        "other malignancies, except cervical carcinoma in situ",
        [("malignancies", "DISEASE"), ("cervical carcinoma in situ", "DISEASE")],
        {"malignancies": {}, "cervical carcinoma in situ": {"exception": True}},
    ),
    # the exception ends the negation: the carcinoma is excepted, not absent
    (
        "No malignancy except basal cell carcinoma",
        [("malignancy", "DISEASE"), ("basal cell carcinoma", "DISEASE")],
        {"malignancy": {"negated": True}, "basal cell carcinoma": {"exception": True}},
    ),
    # the condition of applicability is the liver metastasis; the comma ends the condition
    (
        "for patients with liver metastasis, AST < 5×ULN",
        [("liver metastasis", "DISEASE"), ("AST", "LAB_TEST")],
        {"liver metastasis": {"conditional": True}, "AST": {}},
    ),
    (
        "AST ≤ 5 × ULN in patients with liver metastases",
        [("AST", "LAB_TEST"), ("liver metastases", "DISEASE")],
        {"AST": {}, "liver metastases": {"conditional": True}},
    ),
    (
        "if HBsAg positive, HBV DNA must be < 500 IU/mL",
        [("HBsAg", "LAB_TEST"), ("HBV DNA", "LAB_TEST")],
        {"HBsAg": {"conditional": True}, "HBV DNA": {}},
    ),
    ("unless HIV is controlled", [("HIV", "DISEASE")], {"HIV": {"conditional": True}}),
    ("Should the patient develop pneumonitis", [("pneumonitis", "DISEASE")], {"pneumonitis": {"conditional": True}}),
    # an obligation, not a condition
    ("Patients should have hypertension", [("hypertension", "DISEASE")], {"hypertension": {}}),
    # scope ends at ";" and at "but"
    (
        "No HIV; hepatitis B is allowed",
        [("HIV", "DISEASE"), ("hepatitis B", "DISEASE")],
        {"HIV": {"negated": True}, "hepatitis B": {}},
    ),
    (
        "No active infection but HBV carriers are eligible",
        [("infection", "DISEASE"), ("HBV", "DISEASE")],
        {"infection": {"negated": True}, "HBV": {}},
    ),
    # a comma does not end a negation: lists stay negated
    (
        "No HBV, HCV, or HIV infection",
        [("HBV", "DISEASE"), ("HCV", "DISEASE"), ("HIV infection", "DISEASE")],
        {"HBV": {"negated": True}, "HCV": {"negated": True}, "HIV infection": {"negated": True}},
    ),
    # brackets bound a cue inside them, not one outside them
    (
        "HIV (except treated HBV) or HCV",
        [("HIV", "DISEASE"), ("HBV", "DISEASE"), ("HCV", "DISEASE")],
        {"HIV": {}, "HBV": {"exception": True}, "HCV": {}},
    ),
    (
        "no HIV (or AIDS) or HBV",
        [("HIV", "DISEASE"), ("AIDS", "DISEASE"), ("HBV", "DISEASE")],
        {"HIV": {"negated": True}, "AIDS": {"negated": True}, "HBV": {"negated": True}},
    ),
    # pseudo-cues hide the shorter cue inside them
    (
        "not only hypertension but also diabetes",
        [("hypertension", "DISEASE"), ("diabetes", "DISEASE")],
        {"hypertension": {}, "diabetes": {}},
    ),
    ("no increase in seizures", [("seizures", "DISEASE")], {"seizures": {}}),
    ("Grade ≥2 neuropathy within 4 weeks prior to randomization", [("neuropathy", "DISEASE")], {"neuropathy": {}}),
    ("No contraindication to cisplatin", [("cisplatin", "DRUG")], {"cisplatin": {}}),
    ("including but not limited to stroke", [("stroke", "DISEASE")], {"stroke": {}}),
    # what follows "for" is the indication, which is present
    (
        "No prior chemotherapy for metastatic breast cancer",
        [("chemotherapy", "DRUG"), ("metastatic breast cancer", "DISEASE")],
        {"chemotherapy": {"negated": True}, "metastatic breast cancer": {}},
    ),
    (
        "Absence of HIV or presence of HBV",
        [("HIV", "DISEASE"), ("HBV", "DISEASE")],
        {"HIV": {"negated": True}, "HBV": {}},
    ),
    # cues act forward: the entity before "not" is not negated
    (
        "Hypertension not controlled by amlodipine",
        [("Hypertension", "DISEASE"), ("amlodipine", "DRUG")],
        {"Hypertension": {}, "amlodipine": {}},
    ),
]


@pytest.mark.parametrize("text,ents,expected", CRITERIA, ids=[c[0] for c in CRITERIA])
def test_criterion_flags(
    nlp: Language,
    context: TrialsContext,
    text: str,
    ents: list[tuple[str, str]],
    expected: dict[str, dict[str, bool]],
) -> None:
    doc = context(make_doc(nlp, text, ents))
    assert flags_by_text(doc) == expected


def test_labels_outside_allowed_types_are_not_flagged(nlp: Language, context: TrialsContext) -> None:
    doc = context(make_doc(nlp, "no AST or 5 mg", [("AST", "LAB_TEST"), ("5 mg", "DOSE")]))
    assert doc._.trial_context == []


def test_lab_test_takes_conditional(nlp: Language, context: TrialsContext) -> None:
    doc = context(make_doc(nlp, "if AST is high", [("AST", "LAB_TEST")]))
    assert flags_by_text(doc) == {"AST": {"conditional": True}}


def test_line_break_ends_scope(nlp: Language, context: TrialsContext) -> None:
    doc = context(make_doc(nlp, "No HIV\nHBV", [("HIV", "DISEASE"), ("HBV", "DISEASE")]))
    assert flags_by_text(doc) == {"HIV": {"negated": True}, "HBV": {}}


def test_the_line_break_of_a_wrapped_line_does_not_end_scope(nlp: Language, context: TrialsContext) -> None:
    # ClinicalTrials.gov XML wraps long criteria: the scope of "No history of" goes on.
    doc = context(make_doc(nlp, "No history of\n   hepatitis B or\n   tuberculosis", [("hepatitis B", "DISEASE"), ("tuberculosis", "DISEASE")]))
    assert flags_by_text(doc) == {"hepatitis B": {"negated": True}, "tuberculosis": {"negated": True}}


# --------------------------------------------------------------------------- doc._.trial_context


def test_trial_context_lists_flagged_entities_only(nlp: Language, context: TrialsContext) -> None:
    doc = context(make_doc(nlp, "Hypertension; no HIV", [("Hypertension", "DISEASE"), ("HIV", "DISEASE")]))
    assert doc._.trial_context == [[17, 20, {"negated": True}]]
    assert doc.ents[0]._.context == {}
    assert doc.ents[1]._.context == {"negated": True}


def test_unflagged_doc_gets_its_own_empty_list(nlp: Language, context: TrialsContext) -> None:
    register_extensions()
    untouched = nlp.make_doc("HIV")
    doc = context(make_doc(nlp, "HIV", [("HIV", "DISEASE")]))
    assert doc._.trial_context == []
    doc._.trial_context.append([0, 0, {}])
    assert untouched._.trial_context == []


def test_doc_without_ents(nlp: Language, context: TrialsContext) -> None:
    assert context(nlp.make_doc("No history of anything")).ents == ()


def test_cues_go_to_doc_spans(nlp: Language, context: TrialsContext) -> None:
    doc = context(make_doc(nlp, "No history of HIV; prior to randomization", [("HIV", "DISEASE")]))
    cues = [(s.text, s.label_, s.id_) for s in doc.spans[SPANS_KEY_CONTEXT]]
    assert cues == [
        ("No history of", "NEGATED_EXISTENCE", "no history of"),
        (";", "TERMINATE", ";"),
        ("prior to", "PSEUDO", "prior to"),
    ]


def test_spans_key_none_keeps_no_cues(nlp: Language, rules: list[ContextRule]) -> None:
    component = TrialsContext(nlp, rules=rules, spans_key=None)
    doc = component(make_doc(nlp, "No HIV", [("HIV", "DISEASE")]))
    assert SPANS_KEY_CONTEXT not in doc.spans
    assert doc._.trial_context == [[3, 6, {"negated": True}]]


def test_trial_context_survives_docbin(nlp: Language, context: TrialsContext) -> None:
    doc = context(make_doc(nlp, "History of ILD; no HIV", [("ILD", "DISEASE"), ("HIV", "DISEASE")]))
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (loaded,) = DocBin().from_bytes(data).get_docs(spacy.blank("en").vocab)
    # msgpack gives the lists back as tuples
    assert [list(item) for item in loaded._.trial_context] == doc._.trial_context
    assert [e._.context for e in loaded.ents] == [{"historical": True}, {"negated": True}]
    assert [s.text for s in loaded.spans[SPANS_KEY_CONTEXT]] == ["History of", ";", "no"]


def test_errors_go_to_the_error_handler(nlp: Language, rules: list[ContextRule]) -> None:
    component = TrialsContext(nlp, rules=rules)
    seen: list[str] = []

    def broken(doc: Doc, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    def handler(name: str, proc: Any, docs: list[Doc], e: Exception) -> Doc:
        seen.append(f"{name}: {e}")
        return docs[0]

    component.match = broken  # type: ignore[method-assign]
    component.set_error_handler(handler)
    doc = nlp.make_doc("No HIV")
    assert component(doc) is doc
    assert seen == ["trials_context: boom"]


# --------------------------------------------------------------------------- pure functions


def _rule(literal: str, category: str, direction: str, **kw: Any) -> ContextRule:
    return ContextRule(literal=literal, category=category, direction=direction, **kw)


def test_select_cues_prefers_longest_then_rule_order() -> None:
    no = _rule("no", "NEGATED_EXISTENCE", "FORWARD")
    no_hist = _rule("no history of", "NEGATED_EXISTENCE", "FORWARD")
    hist = _rule("history of", "HISTORICAL", "FORWARD")
    a = _rule("a", "HISTORICAL", "FORWARD")
    b = _rule("b", "HYPOTHETICAL", "FORWARD")
    chosen = select_cues([(no, 0, 1), (hist, 1, 3), (no_hist, 0, 3), (b, 4, 5), (a, 4, 5)], {"a": 0, "b": 1})
    assert [(c.rule.literal, c.start, c.end) for c in chosen] == [("no history of", 0, 3), ("a", 4, 5)]


def test_scope_cues_respects_max_scope_and_direction(nlp: Language) -> None:
    doc = nlp.make_doc("w0 w1 w2 w3 w4 w5 w6")
    fwd = Cue(_rule("f", "NEGATED_EXISTENCE", "FORWARD", max_scope=2), 1, 2)
    back = Cue(_rule("b", "NEGATED_EXISTENCE", "BACKWARD"), 4, 5)
    both = Cue(_rule("x", "HISTORICAL", "BIDIRECTIONAL", max_scope=1), 3, 4)
    scoped = scope_cues(doc, [fwd, both, back])
    assert [(c.scope_start, c.scope_end) for c in scoped] == [(2, 4), (2, 5), (0, 4)]


def test_category_terminator_ends_only_its_category(nlp: Language) -> None:
    doc = nlp.make_doc("if a , b")
    cond = _rule("if", "HYPOTHETICAL", "FORWARD")
    neg = _rule("no", "NEGATED_EXISTENCE", "FORWARD")
    comma = _rule(",", "HYPOTHETICAL", "TERMINATE")
    scoped = scope_cues(doc, [Cue(cond, 0, 1), Cue(comma, 2, 3)])
    assert (scoped[0].scope_start, scoped[0].scope_end) == (1, 2)
    scoped = scope_cues(doc, [Cue(neg, 0, 1), Cue(comma, 2, 3)])
    assert (scoped[0].scope_start, scoped[0].scope_end) == (1, 4)


def test_terminated_by_names_modifying_categories(nlp: Language) -> None:
    doc = nlp.make_doc("no a except b")
    neg = _rule("no", "NEGATED_EXISTENCE", "FORWARD", terminated_by=["EXCEPTION"])
    exc = _rule("except", "EXCEPTION", "FORWARD")
    scoped = scope_cues(doc, [Cue(neg, 0, 1), Cue(exc, 2, 3)])
    assert [(c.scope_start, c.scope_end) for c in scoped] == [(1, 2), (3, 4)]


def test_cue_bounds_uses_sentences_when_set() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("No HIV here! HBV there.")
    assert cue_bounds(doc, 0, 1) == (0, 4)
    assert cue_bounds(doc, 4, 5) == (4, 7)


def test_context_records_without_a_pipeline(nlp: Language) -> None:
    doc = make_doc(nlp, "no HIV", [("HIV", "DISEASE")])
    rule = _rule("no", "NEGATED_EXISTENCE", "FORWARD")
    assert context_records(doc, [(rule, 0, 1)]) == [[3, 6, {"negated": True}]]
    other = Span(doc, 0, 1, label="DISEASE")
    assert context_records(doc, [(rule, 0, 1)], ents=[other]) == []


# --------------------------------------------------------------------------- rule validation


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "context.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = '{"literal": "no", "category": "NEGATED_EXISTENCE", "direction": "FORWARD", "pattern": null}'


@pytest.mark.parametrize(
    "line,fragment",
    [
        ('{"literal": "x", "category": "NEGATED_EXISTENCE", "direction": "FORWARDS"}', "'FORWARDS' is not a direction; allowed: FORWARD, BACKWARD, BIDIRECTIONAL, TERMINATE, PSEUDO"),
        ('{"literal": "x", "category": "NEGATED", "direction": "FORWARD"}', "'NEGATED' is not a category; allowed: NEGATED_EXISTENCE"),
        ('{"literal": "x", "category": "HISTORICAL", "direction": "FORWARD", "scope": 3}', "scope: unknown key"),
        ('{"literal": "x", "category": "HISTORICAL", "direction": "FORWARD", "max_scope": 0}', "max_scope: 0 is not a positive whole number"),
        ('{"literal": "x", "category": "HISTORICAL", "direction": "FORWARD", "allowed_types": ["CONDITION"]}', "'CONDITION' is not a label; allowed: DRUG"),
        ('{"literal": "x", "category": "HISTORICAL", "direction": "FORWARD", "terminated_by": ["PSEUDO"]}', "'PSEUDO' is not a terminating category"),
        ('{"literal": "x", "category": "HISTORICAL", "direction": "FORWARD", "pattern": "x+"}', "a string pattern (regex) is not supported"),
        ('{"literal": "x", "category": "HISTORICAL", "direction": "FORWARD", "pattern": [{"LOWERCASE": "x"}]}', "invalid token pattern"),
        ('{"literal": "x", "category": "PSEUDO", "direction": "FORWARD"}', "a PSEUDO rule must have direction PSEUDO"),
        ('{"literal": "x", "category": "TERMINATE", "direction": "TERMINATE", "max_scope": 3}', "max_scope applies only to FORWARD, BACKWARD, BIDIRECTIONAL rules"),
        ('{"literal": " x", "category": "HISTORICAL", "direction": "FORWARD"}', "leading/trailing whitespace"),
        ('{"category": "HISTORICAL", "direction": "FORWARD"}', "literal: required key missing"),
    ],
)
def test_invalid_rule_names_file_line_and_allowed_values(tmp_path: Path, line: str, fragment: str) -> None:
    path = _write(tmp_path, GOOD, line)
    with pytest.raises(PatternError, match=r"\[E122\]") as info:
        read_context_rules(path)
    text = str(info.value)
    assert f"{path}, line 2" in text
    assert fragment in text
    assert "Allowed keys: literal, category, direction, pattern, max_scope, allowed_types, terminated_by" in text


def test_values_are_upper_cased(tmp_path: Path) -> None:
    path = _write(tmp_path, '{"literal": "x", "category": "historical", "direction": "forward", "allowed_types": ["drug"]}')
    (rule,) = read_context_rules(path)
    assert (rule.category, rule.direction, rule.allowed_types) == ("HISTORICAL", "FORWARD", ("DRUG",))


@pytest.mark.parametrize(
    "lines,code",
    [
        ((GOOD, "{not json"), "E120"),
        ((GOOD, "[1, 2]"), "E121"),
        (("", "  "), "E124"),
        ((GOOD, GOOD), "E125"),
    ],
)
def test_bad_rule_files(tmp_path: Path, lines: tuple[str, ...], code: str) -> None:
    with pytest.raises(PatternError, match=rf"\[{code}\]"):
        read_context_rules(_write(tmp_path, *lines))


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(PatternError, match=r"\[E123\] cannot read context rule file"):
        read_context_rules(tmp_path / "nope.jsonl")


def test_validate_context_rules_positions() -> None:
    with pytest.raises(PatternError, match=r"\[E127\] <rules>, rule 2: .*found str"):
        validate_context_rules([json.loads(GOOD), "no"])
    with pytest.raises(PatternError, match=r"\[E122\] <rules>, rule 1: invalid context rule 'x'"):
        validate_context_rules([{"literal": "x", "category": "X", "direction": "FORWARD"}])


def test_add_rules_rejects_a_literal_already_used(nlp: Language) -> None:
    component = TrialsContext(nlp, rules=[json.loads(GOOD)])
    with pytest.raises(PatternError, match=r"\[E125\].*'no'"):
        component.add_rules([json.loads(GOOD)])


# --------------------------------------------------------------------------- pipeline and serialization


def _pipeline(rules: list[ContextRule] | None = None) -> Language:
    nlp = spacy.blank("en")
    component = nlp.add_pipe("trials_context")
    if rules is not None:
        component.initialize(rules=rules)
    return nlp


def _run(nlp: Language) -> list[list[Any]]:
    doc = make_doc(nlp, "History of ILD; no HIV", [("ILD", "DISEASE"), ("HIV", "DISEASE")])
    return nlp.get_pipe("trials_context")(doc)._.trial_context


def test_initialize_reads_rules_from_the_config() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("trials_context")
    nlp.config["initialize"]["components"]["trials_context"] = {
        "rules": {"@readers": "srsly.read_jsonl.v1", "path": str(CONTEXT_RULES)}
    }
    nlp.initialize()
    assert len(nlp.get_pipe("trials_context").rules) == len(read_context_rules(CONTEXT_RULES))
    assert _run(nlp) == [[11, 14, {"historical": True}], [19, 22, {"negated": True}]]


def test_analyze_pipes_has_no_problems() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler")
    nlp.add_pipe("trials_context")
    assert nlp.analyze_pipes()["problems"] == {"entity_ruler": [], "trials_context": []}


def test_to_bytes_from_bytes_into_a_fresh_pipeline(rules: list[ContextRule]) -> None:
    nlp = _pipeline(rules)
    nlp.get_pipe("trials_context").spans_key = "cues"
    data = nlp.to_bytes()
    fresh = _pipeline()
    assert fresh.get_pipe("trials_context").rules == ()
    fresh.from_bytes(data)
    loaded = fresh.get_pipe("trials_context")
    assert loaded.rules == tuple(rules)
    assert loaded.spans_key == "cues"
    assert _run(fresh) == _run(nlp) == [[11, 14, {"historical": True}], [19, 22, {"negated": True}]]


def test_to_disk_from_disk(tmp_path: Path, rules: list[ContextRule]) -> None:
    nlp = _pipeline(rules)
    nlp.to_disk(tmp_path / "model")
    saved = tmp_path / "model" / "trials_context" / "rules.jsonl"
    assert read_context_rules(saved) == rules  # the saved rules are a valid rule file
    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("trials_context").rules == tuple(rules)
    assert _run(loaded) == _run(nlp)


def test_component_round_trip_without_rules(tmp_path: Path, nlp: Language) -> None:
    empty = TrialsContext(nlp)
    empty.to_disk(tmp_path / "ctx")
    assert TrialsContext(nlp).from_disk(tmp_path / "ctx").rules == ()
    assert TrialsContext(nlp).from_bytes(empty.to_bytes()).rules == ()


def test_from_disk_missing_directory(tmp_path: Path, nlp: Language) -> None:
    with pytest.raises(ComponentError, match=r"\[E126\] cannot load component 'trials_context' .*no such directory"):
        TrialsContext(nlp).from_disk(tmp_path / "missing")


def test_from_disk_directory_without_rules(tmp_path: Path, nlp: Language) -> None:
    (tmp_path / "ctx").mkdir()
    with pytest.raises(ComponentError, match=r"\[E126\].*no rules.jsonl file"):
        TrialsContext(nlp).from_disk(tmp_path / "ctx")


def test_from_disk_reports_a_bad_saved_rule(tmp_path: Path, nlp: Language) -> None:
    (tmp_path / "ctx").mkdir()
    (tmp_path / "ctx" / "rules.jsonl").write_text('{"literal": "x"}\n', encoding="utf-8")
    with pytest.raises(PatternError, match=r"\[E122\] .*rules.jsonl, line 1"):
        TrialsContext(nlp).from_disk(tmp_path / "ctx")


def test_multiprocessing(rules: list[ContextRule]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "DISEASE", "pattern": "HIV"}])
    nlp.add_pipe("trials_context").initialize(rules=rules)
    texts = ["No HIV", "History of HIV", "HIV"] * 4
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    expected = [[[3, 6, {"negated": True}]], [[11, 14, {"historical": True}]], []] * 4
    assert [[list(item) for item in doc._.trial_context] for doc in docs] == expected


# --------------------------------------------------------------------------- the trie engine


def test_trie_matches_are_spacy_matchers_and_unsupported_patterns_fall_back(
    nlp: Language, rules: list[ContextRule]
) -> None:
    from spacy.matcher import Matcher

    # IS_SENT_START is not a trie predicate: this rule must go to the fallback Matcher and still match
    odd = {"literal": "nope", "category": "NEGATED_EXISTENCE", "direction": "FORWARD",
           "pattern": [{"LOWER": "nope"}, {"IS_SENT_START": False, "OP": "?"}]}
    from nlp_trials.pipeline.token_matcher import supports

    component = TrialsContext(nlp, rules=[*rules, odd])
    # The shipped rules the trie cannot take (the line break that is no wrap tests an extension
    # attribute) fall back too.
    unsupported = sum(1 for r in rules if r.pattern is not None and not supports(r.pattern))
    assert len(component.matcher) == 1 + unsupported
    assert component.trie.size == sum(1 for r in rules if r.pattern is not None) - unsupported
    reference = Matcher(nlp.vocab)
    for rule in component.rules:
        if rule.pattern is not None:
            reference.add(rule.literal, [rule.pattern])
    texts = [
        "No history of HIV (except treated HBV) or HCV; not to exceed 5 mg, nope diabetes.",
        "Patients without any known prior history of stroke, with or without chemotherapy,\nwhen needed.",
        "s/p CABG, h/o MI, previously untreated, not be adequately controlled, ruled out.",
        "",
    ]
    for text in texts:
        doc = nlp(text)
        expected = {(nlp.vocab.strings[k], s, e) for k, s, e in reference(doc)}
        got = {(r.literal, s, e) for r, s, e in component.match(doc) if r.pattern is not None}
        assert got == expected
    assert any(r.literal == "nope" for r, _, _ in component.match(nlp("nope diabetes")))


def test_a_section_label_of_an_older_record_ends_scope(nlp: Language, context: TrialsContext) -> None:
    text = "Biologic therapy: No prior vaccines Chemotherapy: At least 2 weeks since hydroxyurea"
    doc = context(make_doc(nlp, text, [("vaccines", "DRUG"), ("hydroxyurea", "DRUG")]))
    assert flags_by_text(doc) == {"vaccines": {"negated": True}, "hydroxyurea": {}}
    doc = context(make_doc(nlp, "No history of the following: HIV, HBV", [("HIV", "DISEASE"), ("HBV", "DISEASE")]))
    assert flags_by_text(doc) == {"HIV": {"negated": True}, "HBV": {"negated": True}}
