"""Property-based checks: whatever the text, the splitter returns exact, unique, in-range criteria."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_trials.segment import split_criteria

# Lines built from the pieces real criteria lists are made of, so the search reaches the heuristics.
_pieces = st.sampled_from(
    [
        "Inclusion Criteria:", "Exclusion Criteria", "EXCLUSION CRITERIA:", "Hepatic:", "PATIENT CHARACTERISTICS:",
        "* ", "- ", "• ", "1. ", "2. ", "10.", "(a) ", "ii. ", "* 3\\. ", "1.1 ", "  ", "    ", "\t",
        "Age ≥ 18", "ANC \\> 1.5", "including:", "none", "\r", "", ";", ",",
    ]
)
_line = st.lists(st.one_of(_pieces, st.text(max_size=12)), max_size=5).map("".join)
_doc = st.lists(_line, max_size=25).map("\n".join)


def _check(text: str, start: int = 0, end: int | None = None) -> None:
    crit = split_criteria(text, start, end)
    stop = len(text) if end is None else min(end, len(text))
    ids = [c.id for c in crit]
    assert len(ids) == len(set(ids))
    for c in crit:
        assert start <= c.start <= c.end <= stop
        assert text[c.start:c.end] == c.text
        assert c.text.strip()
        assert c.parent is None or c.parent in ids
    assert [c.start for c in crit] == sorted(c.start for c in crit)


@settings(max_examples=300, deadline=None)
@given(_doc)
def test_structured_documents(text):
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.integers(-5, 50), st.integers(-5, 80))
def test_arbitrary_unicode_and_regions(text, start, end):
    if end < start:
        start, end = end, start
    _check(text, max(start, 0), end)


def test_adversarial_lines_finish():
    # Long runs of the characters the regexes look at; the suite would hang if one backtracked badly.
    for text in (
        "Inclusion " * 20000,
        "(" * 100000,
        "1." * 50000,
        "A" * 100000 + ":",
        "Exclusion criteria for " + "x " * 50000,
        "* " * 50000,
        ("1. a\n" * 20000) + "2. b",
    ):
        _check(text)
