"""Format detection, decoding, the read() API and per-record error reporting."""

from __future__ import annotations

import pytest

import nlp_trials
from nlp_trials.errors import FormatError, RecordError
from nlp_trials.records import decode, detect_format, parse_text, read_results


@pytest.mark.parametrize(
    "text,fmt",
    [
        ('{"protocolSection": {}}', "ctgov-json"),
        ('\ufeff  [{"protocolSection": {}}]', "ctgov-json"),
        ("<clinical_study></clinical_study>", "ctgov-xml"),
        ("Inclusion Criteria:\n- Adults with NCT01234567 follow-up", "text"),
        ("- Age 18 or older", "text"),
    ],
)
def test_detect_format(text, fmt):
    assert detect_format(text) == fmt


def test_seed_pages_are_detected(samples):
    found = {k: detect_format(p.read_text(encoding="utf-8")) for k, p in samples.items()}
    assert found == {
        "000": "ctgov-page",
        "001": "ctgov-page",
        "002": "veeva-page",
        "003": "ctgov-classic-page",
        "004": "ctgov-page",
    }


def test_decode_refuses_binary_with_a_coded_message():
    with pytest.raises(RecordError, match=r"\[E002\]"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", path="x.png")
    with pytest.raises(RecordError, match=r"\[E002\]"):
        decode(b"caf\xe9", path="latin1.txt")


def test_decode_strips_a_byte_order_mark():
    assert decode("\ufeffInclusion".encode("utf-8"), path=None) == "Inclusion"


def test_empty_text_is_one_record_error():
    (item,) = list(parse_text("  \n", path="e.txt"))
    assert isinstance(item, RecordError) and "[E001]" in item.one_line() and item.one_line().startswith("e.txt:")


def test_read_parses_text_given_in_memory():
    (trial,) = nlp_trials.read("Inclusion Criteria:\n* Adults\nExclusion Criteria:\n* Pregnancy")
    assert trial.source.format == "text" and trial.source.path is None
    assert [(c.id, c.text) for c in trial.eligibility.criteria] == [("I1", "Adults"), ("E1", "Pregnancy")]


def test_read_takes_paths_and_folders(tmp_path):
    (tmp_path / "a.txt").write_text("* One\n* Two", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text("- Three", encoding="utf-8")
    (sub / "ignored.png").write_bytes(b"\x00")
    trials = list(nlp_trials.read(tmp_path))
    assert [len(t.eligibility.criteria) for t in trials] == [2, 1]
    assert trials[0].source.path.endswith("a.txt")


def test_read_raises_or_skips_bad_records(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("* One", encoding="utf-8")
    with pytest.raises(RecordError, match="bad.txt"):
        list(nlp_trials.read(tmp_path))
    assert len(list(nlp_trials.read(tmp_path, on_error="skip"))) == 1
    results = list(read_results(tmp_path))
    assert [type(r).__name__ for r in results] == ["RecordError", "Trial"]


def test_unknown_forced_format_is_refused():
    with pytest.raises(FormatError, match=r"\[E008\].*ctgov-xml"):
        list(parse_text("x", format="pdf"))


def test_forced_text_format_reads_json_looking_text_as_criteria():
    (trial,) = nlp_trials.read('{"not": "a study"}', format="text")
    assert trial.source.format == "text"


def test_a_reader_crash_costs_one_record_not_the_batch(monkeypatch):
    from nlp_trials import records

    def boom(text, *, path=None):
        raise KeyError("surprise")

    monkeypatch.setitem(records.PARSERS, "text", boom)
    (item,) = list(parse_text("* x", path="p.txt"))
    assert isinstance(item, RecordError) and "internal error" in item.reason
