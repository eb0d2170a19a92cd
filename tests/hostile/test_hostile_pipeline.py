"""Property tests: the tokenizer and ``annotate`` survive any input.

The pipeline gets arbitrary Unicode, control characters, empty sections and truncated seed records;
no exception may escape, the Doc must keep its text exactly, and every token, entity and span must
index that text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_trials.annotate import annotate_documents, iter_documents
from nlp_trials.documents import Document
from nlp_trials.errors import RecordError

ROOT = Path(__file__).resolve().parents[2]
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))}

# Few examples: each runs the whole pipeline. No deadline: behaviour only, never timing.
PIPE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

_ATOMS = st.sampled_from(
    [
        "ANC ≥ 1.5 x 10^9/L", "cisplatin 75 mg/m2 IV q3w", "no prior", "ULN", "x", "×", "<", ">=", "±", "%", "/", "(",
        ")", "[", "\n", "\r\n", "\t", "\u2028", "\x0b", "\x00", "\x7f", "\u200b", "\ufeff", "é", "µg", "10⁹", "  ",
        "- ", "* ", "1. ", "Inclusion Criteria:", "Exclusion Criteria:", "NCT01234567", "-", ".", ",", ";", "\\",
    ]
)
hostile_text = st.one_of(st.text(max_size=300), st.lists(st.one_of(_ATOMS, st.text(max_size=8)), max_size=50).map("".join))


def _check_doc(source: str, doc) -> None:
    assert doc.text == source
    for t in doc:
        assert source[t.idx : t.idx + len(t.text)] == t.text
    for e in doc.ents:
        assert 0 <= e.start_char <= e.end_char <= len(source)
        assert source[e.start_char : e.end_char] == e.text
    for group in doc.spans.values():
        for s in group:
            assert source[s.start_char : s.end_char] == s.text


@PIPE
@given(text=hostile_text)
def test_tokenizer_keeps_every_character(nlp, text: str) -> None:
    doc = nlp.tokenizer(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    for t in doc:
        assert text[t.idx : t.idx + len(t.text)] == t.text


@PIPE
@given(text=hostile_text)
def test_pipeline_on_any_text(nlp, text: str) -> None:
    _check_doc(text, nlp(text))


@PIPE
@given(
    texts=st.lists(hostile_text, min_size=1, max_size=4),
    name=st.sampled_from(sorted(SEEDS)),
    cut=st.floats(min_value=0, max_value=1),
)
def test_annotate_files_of_hostile_and_truncated_records(nlp, texts: list[str], name: str, cut: float) -> None:
    seed = SEEDS[name]
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for i, text in enumerate(texts):
            files[f"h{i}.txt"] = text
        files["seed.txt"] = seed[: int(len(seed) * cut)]
        for fname, text in files.items():
            (Path(tmp) / fname).write_text(text, encoding="utf-8", newline="")
        (Path(tmp) / "bad.txt").write_bytes(b"\xff\xfe\x00 not text")
        out = list(annotate_documents(nlp, iter_documents([tmp]), batch_size=4))
    errors = [o for o in out if isinstance(o, RecordError)]
    assert any(e.path and e.path.endswith("bad.txt") for e in errors)
    for item in out:
        if isinstance(item, RecordError):
            assert item.reason.startswith("[E")
            continue
        document, doc = item
        assert isinstance(document, Document)
        _check_doc(document.text, doc)


@PIPE
@given(text=hostile_text)
def test_annotate_documents_in_memory(nlp, text: str) -> None:
    docs = [Document(id="a", text=text), Document(id="b", text=""), Document(id="c", text=text[::-1])]
    out = list(annotate_documents(nlp, docs))
    assert [d.id for d, _ in out] == ["a", "b", "c"]  # type: ignore[union-attr]
    for document, doc in out:  # type: ignore[misc]
        _check_doc(document.text, doc)


def test_document_longer_than_the_pipeline_limit_is_one_error(nlp) -> None:
    big = Document(id="big", text="x " * (nlp.max_length // 2 + 1), meta={"source": "big.txt"})
    out = list(annotate_documents(nlp, [Document(id="a", text="aspirin"), big, Document(id="b", text="ok")]))
    assert [type(o).__name__ for o in out] == ["tuple", "RecordError", "tuple"]
    assert out[1].reason.startswith("[E016]")  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["", " ", "\n" * 1000, "\x00" * 50, "\u2028" * 100, "a" * 100_000, "(" * 5_000, "1." * 20_000])
def test_pipeline_degenerate_texts(nlp, text: str) -> None:
    _check_doc(text, nlp(text))
