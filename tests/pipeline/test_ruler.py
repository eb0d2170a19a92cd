"""trials_ruler and its token-pattern trie: the same spans as spaCy's span_ruler, saved pre-tokenized."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.matcher import Matcher

import nlp_trials.pipeline.factories  # noqa: F401  (registers trials_ruler)
import nlp_trials.pipeline.registrations  # noqa: F401  (registers the trial tokenizer)
from nlp_trials.errors import ComponentError
from nlp_trials.pipeline.patterns import read_pattern_file
from nlp_trials.pipeline.ruler import TrialsRuler
from nlp_trials.pipeline.token_matcher import TokenTrie, compile_pattern, supports, token_attr_name

ROOT = Path(__file__).resolve().parents[2]
PATTERNS = ROOT / "patterns"
MEASURE_FILES = ("lab_values.jsonl", "durations.jsonl", "doses.jsonl", "routes.jsonl", "frequencies.jsonl", "schedules.jsonl")
KEY = "trials_entities"

#: Token patterns that exercise every operator and predicate the trie implements.
OPERATOR_PATTERNS = [
    [{"LOWER": "every"}, {"LIKE_NUM": True, "OP": "?"}, {"LOWER": {"IN": ["day", "days", "week", "weeks"]}}],
    [{"LOWER": "on", "OP": "?"}, {"LOWER": "days"}, {"TEXT": {"REGEX": r"^\d+$"}}, {"LOWER": {"IN": [",", "and", "to"]}, "OP": "*"}, {"TEXT": {"REGEX": r"^\d+$"}, "OP": "*"}],
    [{"ORTH": {"IN": ["≥", ">="]}, "OP": "+"}, {"TEXT": {"REGEX": r"^\d+(?:\.\d+)?$"}}],
    [{"LOWER": "for"}, {"LOWER": "the", "OP": "!"}, {"LOWER": {"REGEX": "^cycles?$"}}],
    [{"IS_DIGIT": True, "OP": "{1,3}"}, {"LOWER": "mg"}],
    [{"LOWER": {"NOT_IN": ["no", "not"]}}, {"LOWER": "history"}],
    [{"IS_TITLE": True}, {"IS_ALPHA": True, "OP": "{,2}"}, {"LOWER": "cancer"}],
    [{"LOWER": "a", "OP": "?"}, {"LOWER": "b", "OP": "?"}, {"LOWER": "c", "OP": "*"}],
    [{"LOWER": "x", "OP": "{2}"}, {"LOWER": "x", "OP": "{2,}"}],
]
TEXTS = [
    "Given every 3 weeks, every week, on days 1, 8 and 15 to 21 of each cycle; for 2 cycles, for the cycles.",
    "Hb ≥ 9 g/dL, ANC >= 1.5, ≥≥ 2 and 100 100 mg, 1 2 3 4 mg.",
    "A history of asthma; no history of cancer. Small Cell Lung cancer and Breast cancer.",
    "a b c c c, a c, b, c; x x x x x x.",
    "",
]


@pytest.fixture(scope="module")
def blank() -> spacy.Language:
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})


def trie_matches(nlp: spacy.Language, patterns: list[list[dict]], text: str) -> list[tuple[int, int, int]]:
    trie = TokenTrie()
    for key, pattern in enumerate(patterns):
        assert trie.add(key, pattern)
    doc = nlp.make_doc(text)
    tokens = {a: [getattr(t, token_attr_name(a)) for t in doc] for a in trie.attrs}
    return trie.find(tokens, len(doc))


def spacy_matches(nlp: spacy.Language, patterns: list[list[dict]], text: str) -> list[tuple[int, int, int]]:
    matcher = Matcher(nlp.vocab)
    for key, pattern in enumerate(patterns):
        matcher.add(str(key), [pattern])
    doc = nlp.make_doc(text)
    return sorted(((int(nlp.vocab.strings[m]), s, e) for m, s, e in matcher(doc)), key=lambda m: (m[1], m[2], m[0]))


@pytest.mark.parametrize("text", TEXTS)
def test_trie_finds_what_spacys_matcher_finds(blank, text):
    got = trie_matches(blank, OPERATOR_PATTERNS, text)
    assert got == spacy_matches(blank, OPERATOR_PATTERNS, text)
    if text:
        assert got  # the texts are written to hit the patterns


def test_trie_finds_what_spacys_matcher_finds_with_the_measure_files_on_the_seeds(blank, samples):
    patterns = [r["pattern"] for name in MEASURE_FILES for r in read_pattern_file(PATTERNS / name) if isinstance(r["pattern"], list)]
    assert len(patterns) > 1000
    for path in samples.values():
        text = path.read_text(encoding="utf-8")
        assert trie_matches(blank, patterns, text) == spacy_matches(blank, patterns, text)


def test_unsupported_predicates_are_left_to_spacy():
    assert supports([{"LOWER": {"IN": ["a"]}, "OP": "{1,3}"}])
    assert not supports([{"POS": "NOUN"}])
    assert not supports([{"LENGTH": {">=": 3}}])
    assert not supports([{"LOWER": {"FUZZY": "cisplatin"}}])
    assert not supports([{"LOWER": "a", "OP": "{3,1}"}])
    assert compile_pattern([{"TEXT": "a", "OP": "{1,2}"}]) == [((("ORTH", "eq", "a"),), "1"), ((("ORTH", "eq", "a"),), "?")]


def make_pipeline() -> spacy.Language:
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})


RECORDS = [
    {"label": "DRUG", "pattern": "cisplatin", "id": "drug:cisplatin|DRUGBANK:DB00515"},
    {"label": "DISEASE", "pattern": "small cell lung cancer", "id": "disease:small cell lung cancer"},
    {"label": "LAB_TEST", "pattern": "creatinine", "id": "lab_test:creatinine"},
    {"label": "LAB_TEST", "pattern": "creatinine clearance", "id": "lab_test:creatinine clearance"},
    # The same lower-cased tokens as the phrase above, under another id: span_ruler gives both spans.
    {"label": "LAB_TEST", "pattern": "Creatinine Clearance", "id": "lab_test:crcl"},
    {"label": "DISEASE", "pattern": [{"ORTH": "NET"}], "id": "disease:neuroendocrine tumor"},
    {"label": "LAB_VALUE", "pattern": [{"ORTH": {"IN": ["≥", "<"]}}, {"TEXT": {"REGEX": r"^\d+(?:\.\d+)?$"}}, {"LOWER": "mg", "OP": "?"}], "id": "lab_value:quantity"},
    {"label": "DURATION", "pattern": [{"LENGTH": 1}, {"LOWER": "weeks"}]},  # LENGTH: spaCy's Matcher runs it
]
RULER_TEXTS = [
    "No prior CISPLATIN; creatinine clearance ≥ 60 mg, small cell lung cancer or NET (not a net), 4 weeks.",
    "Serum creatinine(Cr) < 1.5 and Small Cell Lung Cancer",
]


def spans(doc) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label_, s.id_) for s in doc.spans[KEY]]


@pytest.fixture(scope="module")
def pair() -> tuple[spacy.Language, spacy.Language]:
    """The same records in span_ruler and in trials_ruler."""
    reference, ours = make_pipeline(), make_pipeline()
    reference.add_pipe("span_ruler", config={"spans_key": KEY, "phrase_matcher_attr": "LOWER"}).add_patterns(RECORDS)
    ours.add_pipe("trials_ruler", config={"spans_key": KEY}).add_patterns(RECORDS)
    return reference, ours


@pytest.mark.parametrize("text", RULER_TEXTS)
def test_ruler_gives_span_rulers_spans(pair, text):
    reference, ours = pair
    assert spans(ours(text)) == spans(reference(text))


def test_ruler_spans_carry_label_and_id(pair):
    _, ours = pair
    doc = ours("creatinine clearance and NET")
    assert ("creatinine clearance", "LAB_TEST", "lab_test:crcl") in [(s.text, s.label_, s.id_) for s in doc.spans[KEY]]
    assert ("NET", "DISEASE", "disease:neuroendocrine tumor") in [(s.text, s.label_, s.id_) for s in doc.spans[KEY]]


def test_ruler_adds_to_earlier_spans_unless_overwrite():
    nlp = make_pipeline()
    nlp.add_pipe("trials_ruler", name="first", config={"spans_key": KEY}).add_patterns(RECORDS[:1])
    nlp.add_pipe("trials_ruler", name="second", config={"spans_key": KEY}).add_patterns(RECORDS[2:3])
    doc = nlp("cisplatin, creatinine")
    assert [s.text for s in doc.spans[KEY]] == ["cisplatin", "creatinine"]
    nlp.get_pipe("second").overwrite = True
    doc = nlp("cisplatin, creatinine")
    assert [s.text for s in doc.spans[KEY]] == ["creatinine"]


def test_ruler_round_trips_without_tokenizing_phrases(pair, tmp_path, monkeypatch):
    _, ours = pair
    ruler = ours.get_pipe("trials_ruler")
    ruler.to_disk(tmp_path / "ruler")
    fresh = make_pipeline()
    loaded = fresh.add_pipe("trials_ruler", config={"spans_key": KEY})

    class NoTokenizing:
        def __call__(self, *args, **kwargs):
            raise AssertionError("phrases were re-tokenized on load")

        pipe = __call__

    monkeypatch.setattr(fresh, "tokenizer", NoTokenizing())
    loaded.from_disk(tmp_path / "ruler")
    monkeypatch.undo()
    assert loaded.patterns == ruler.patterns == RECORDS
    for text in RULER_TEXTS:
        assert spans(fresh(text)) == spans(ours(text))
    again = make_pipeline().add_pipe("trials_ruler", config={"spans_key": KEY}).from_bytes(ruler.to_bytes())
    assert again.patterns == ruler.patterns


def test_assembled_pipeline_round_trips(nlp, tmp_path):
    nlp.to_disk(tmp_path / "model")
    back = spacy.load(tmp_path / "model")
    text = "ANC ≥ 1.5 x 10^9/L; cisplatin 75 mg/m2 IV on Day 1 every 3 weeks; no prior HBV infection"
    assert spans(back(text)) == spans(nlp(text))
    assert len(back.get_pipe("trials_lexicon")) == len(nlp.get_pipe("trials_lexicon")) > 50_000


@pytest.mark.parametrize(
    "record,detail",
    [
        ({"label": "DRUG"}, "'pattern' must be"),
        ({"label": "DRUG", "pattern": " "}, "an empty phrase"),
        ({"label": "DRUG", "pattern": "x", "kind": "agent"}, "unknown key(s) kind"),
        ({"label": 3, "pattern": "x"}, "'label' must be"),
        ("cisplatin", "expected an object"),
    ],
)
def test_ruler_rejects_malformed_records_with_their_position(record, detail):
    ruler = make_pipeline().add_pipe("trials_ruler", config={"spans_key": KEY})
    with pytest.raises(ComponentError, match=r"\[E110\].*pattern 1: ") as err:
        ruler.add_patterns([RECORDS[0], record])
    assert detail in str(err.value)


def test_ruler_rejects_other_phrase_attributes():
    with pytest.raises(ComponentError, match=r"\[E112\].*'NORM'.*LOWER and ORTH"):
        make_pipeline().add_pipe("trials_ruler", config={"spans_key": KEY, "phrase_matcher_attr": "NORM"})


def test_ruler_names_a_bad_rules_file(tmp_path):
    (tmp_path / "ruler").mkdir()
    (tmp_path / "ruler" / "rules.msgpack").write_bytes(b"\x93\x01\x02\x03")
    ruler = make_pipeline().add_pipe("trials_ruler", config={"spans_key": KEY})
    with pytest.raises(ComponentError, match=r"\[E111\].*rules.msgpack"):
        ruler.from_disk(tmp_path / "ruler")


def test_ruler_is_a_plain_class():
    nlp = make_pipeline()
    ruler = TrialsRuler(nlp, spans_key=KEY)
    ruler.add_patterns(RECORDS)
    assert len(ruler) == len(RECORDS)
    assert ruler.labels == ("DISEASE", "DRUG", "DURATION", "LAB_TEST", "LAB_VALUE")


def test_phrases_and_values_match_across_a_wrapped_line(nlp):
    text = "Creatinine\n     clearance at least 60 mL/min; ALT no greater than 2 times upper\n          limit of normal"
    doc = nlp(text)
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ents == [
        ("Creatinine\n     clearance", "LAB_TEST"), ("at least 60 mL/min", "LAB_VALUE"),
        ("ALT", "LAB_TEST"), ("no greater than 2 times upper\n          limit of normal", "LAB_VALUE"),
    ]
    assert next(e for e in doc.ents if e.text.startswith("no greater"))._.value["reference"] == "ULN"
    # Each value is linked to its test across the wrap.
    assert len([r for r in doc._.trial_relations if r["label"] == "HAS_VALUE"]) == 2


def test_without_line_wraps_maps_the_view_back(nlp):
    from nlp_trials.pipeline.ruler import without_line_wraps

    doc = nlp.make_doc("small cell lung\n  cancer")
    view, positions = without_line_wraps(doc)
    assert view.text == "small cell lung cancer" and positions == [0, 1, 2, 4]
    assert without_line_wraps(nlp.make_doc("no wrap here")) is None
