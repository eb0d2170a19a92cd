"""Property tests: the readers and the criteria splitter survive any input.

Every entry point gets arbitrary Unicode, control characters, invalid UTF-8, deep nesting, empty
sections and truncations of real records at random points. Whatever comes in, the only outcomes are
Trials and RecordErrors (no exception escapes), every criterion's offsets index its source text, and
every Trial is valid against the schema and serializes to JSON.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_trials.errors import RecordError
from nlp_trials.records import parse_file, parse_text
from nlp_trials.schema import SOURCE_FORMATS, Trial
from nlp_trials.segment import split_criteria

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "records"
SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "samples").glob("*.txt"))}
SEEDS.update({p.name: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.iterdir())})

# deadline=None: no timing assertions, only behaviour. Examples are kept few so the folder stays fast.
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text rich in what readers and the splitter react to: markers, headings, brackets, quotes, escapes,
# line breaks of every kind, control characters and non-ASCII letters.
_ATOMS = st.sampled_from(
    [
        "Inclusion Criteria:", "Exclusion Criteria:", "\n", "\r\n", "\r", "\u2028", "\x85", "\x0b", "\x0c", "\t", "  ",
        "* ", "- ", "1. ", "2) ", "(a) ", "a. ", "ii. ", "\\", "\\*", '"', "{", "}", "[", "]", "<", ">", "&", ":", ";",
        "NCT01234567", "Age >= 18 years", "ECOG 0-1", "≥", "µ", "é", "\u200b", "\ufeff", "\x00", "\x1f", "\x7f", "NCT ID:",
        "Eligibility Criteria", "Ages Eligible for Study:", "|", "---", "#", "**", "ClinicalTrials.gov Identifier:",
    ]
)
hostile_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_ATOMS, st.text(max_size=12)), max_size=60).map("".join),
)


def _check_items(items: list[object], source: str | None) -> list[Trial]:
    """The invariants every reader output must hold; returns the Trials."""
    trials = []
    for item in items:
        assert isinstance(item, (Trial, RecordError)), type(item)
        if isinstance(item, RecordError):
            assert item.reason.startswith("[E"), item.reason
            assert "\n" not in item.one_line()
            continue
        trials.append(item)
        assert Trial.model_validate(item.model_dump()) == item
        Trial.model_validate_json(item.model_dump_json())
        base = item.eligibility.text if item.source.format in ("ctgov-json", "ctgov-xml") else source
        for c in item.eligibility.criteria:
            assert base is not None
            assert 0 <= c.start <= c.end <= len(base)
            assert base[c.start : c.end] == c.text
    return trials


@FAST
@given(text=hostile_text, fmt=st.sampled_from((None,) + SOURCE_FORMATS))
def test_parse_text_any_text_any_format(text: str, fmt: str | None) -> None:
    _check_items(list(parse_text(text, path="x", format=fmt)), text)


@FAST
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".json", ".jsonl", ".xml"]))
def test_parse_file_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"r{suffix}"
        f.write_bytes(data)
        items = list(parse_file(f))
        try:
            text: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        trials = _check_items(items, text)
        if text is None:
            # Invalid UTF-8 is refused (or costs the lines it is on), never read as mojibake.
            assert all(t.source.format in ("ctgov-json", "ctgov-xml") for t in trials)


@FAST
@given(
    name=st.sampled_from(sorted(SEEDS)),
    cut=st.floats(min_value=0, max_value=1),
    junk=st.sampled_from(["", "\x00", "\xff", "}", "]]>", "<!ENTITY x 'y'>", "\\u00", '"', "\n{"]),
)
def test_truncated_seed_records(name: str, cut: float, junk: str) -> None:
    text = SEEDS[name]
    broken = text[: int(len(text) * cut)] + junk
    _check_items(list(parse_text(broken, path=name)), broken)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / name
        f.write_text(broken, encoding="utf-8")
        _check_items(list(parse_file(f)), broken)


@FAST
@given(
    name=st.sampled_from(sorted(n for n in SEEDS if n.endswith((".json", ".jsonl", ".xml")))),
    cut=st.integers(min_value=0, max_value=10_000),
)
def test_truncated_multi_record_files_keep_the_records_before_the_cut(name: str, cut: int) -> None:
    text = SEEDS[name]
    cut = min(cut, len(text))
    whole = [i for i in parse_text(text, path=name) if isinstance(i, Trial)]
    items = list(parse_text(text[:cut], path=name))
    _check_items(items, text[:cut])
    # At most one error per record lost to the cut, and never more records than the whole file.
    trials = [i for i in items if isinstance(i, Trial)]
    assert len(trials) <= len(whole)


@FAST
@given(depth=st.integers(min_value=1, max_value=30_000), opener=st.sampled_from(["[", '{"a":', '{"studies": [', '[{"protocolSection":']))
def test_deep_nesting_is_an_error_not_a_crash(depth: int, opener: str) -> None:
    closer = {"[": "]", '{"a":': "}", '{"studies": [': "]}", '[{"protocolSection":': "}]"}[opener]
    for text in (opener * depth, opener * depth + "1" + closer * depth):
        _check_items(list(parse_text(text)), text)


@FAST
@given(
    criteria=st.one_of(st.none(), hostile_text, st.integers(), st.lists(st.text(max_size=5), max_size=3)),
    title=st.one_of(st.none(), st.text(max_size=30), st.just(""), st.floats(allow_nan=True)),
    empty=st.sampled_from(["", " ", "\n\n", "Inclusion Criteria:", "Exclusion Criteria:\n\n*"]),
    surrogate=st.booleans(),
)
def test_json_studies_with_empty_or_odd_sections(criteria: object, title: object, empty: str, surrogate: bool) -> None:
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT00000001", "briefTitle": title},
            "eligibilityModule": {"eligibilityCriteria": criteria},
            "descriptionModule": {"briefSummary": empty},
            "armsInterventionsModule": {"armGroups": [{"label": empty, "description": empty}], "interventions": [{}]},
        }
    }
    text = json.dumps({"studies": [study, study]}, allow_nan=True)
    if surrogate:
        # JSON may escape a lone surrogate; it must not make the Trial unserializable.
        text = text.replace('"NCT00000001"', '"NCT\\ud800 \\udfff"')
    items = list(parse_text(text))
    assert len(_check_items(items, None)) == 2


@FAST
@given(body=hostile_text, wrap=st.booleans())
def test_xml_with_hostile_text_content(body: str, wrap: bool) -> None:
    from xml.sax.saxutils import escape

    safe = "".join(ch for ch in body if ch in "\t\n\r" or (ch >= " " and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff"))
    study = f"<clinical_study><brief_title>{escape(safe)}</brief_title><eligibility><criteria><textblock>{escape(safe)}</textblock></criteria></eligibility></clinical_study>"
    text = f"<r>{study}{study}</r>" if wrap else study
    trials = _check_items(list(parse_text(text)), None)
    assert len(trials) == (2 if wrap else 1)


@FAST
@given(text=hostile_text, bounds=st.tuples(st.integers(-5, 500), st.integers(-5, 500)))
def test_splitter_offsets_always_index_the_text(text: str, bounds: tuple[int, int]) -> None:
    start, end = bounds
    for c in split_criteria(text, start, end):
        lo, hi = max(0, min(start, len(text))), min(max(end, 0), len(text))
        assert lo <= c.start <= c.end <= max(hi, lo)
        assert text[c.start : c.end] == c.text
        assert c.text.strip(), c  # an item is never empty or blank


def test_ten_megabyte_single_criterion() -> None:
    text = "Inclusion Criteria:\n* " + "age over eighteen and " * 480_000
    assert len(text) > 10_000_000
    (trial,) = parse_text(text)
    assert isinstance(trial, Trial)
    (c,) = trial.eligibility.criteria
    assert text[c.start : c.end] == c.text and len(c.text) > 10_000_000 - 100
