"""Streaming readers: files are read record by record, with the same results as reading them whole."""

from __future__ import annotations

import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

from nlp_trials import records
from nlp_trials.errors import RecordError
from nlp_trials.records import _stream, load_text, parse_file, parse_text
from nlp_trials.schema import Trial

FIXTURES = Path(__file__).parent.parent / "fixtures" / "records"


def _sig(items: list[Trial | RecordError]) -> list[object]:
    return [i.model_dump() if isinstance(i, Trial) else ("error", i.index, i.reason) for i in items]


def _study(n: int, criteria: str = "Inclusion Criteria:\n* Adults\nExclusion Criteria:\n* Pregnancy") -> dict[str, object]:
    return {
        "protocolSection": {
            "identificationModule": {"nctId": f"NCT{n:08d}", "briefTitle": f"Study {n} \u2028 caf\u00e9 [{{"},
            "eligibilityModule": {"eligibilityCriteria": criteria},
        }
    }


def _kinds(items: list[Trial | RecordError]) -> list[str]:
    return [f"T{i.source.index}" if isinstance(i, Trial) else f"E{i.index}:{i.reason[:6]}" for i in items]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_streamed_file_equals_whole_text(name: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # A 7-character chunk puts every value across chunk boundaries: escapes, strings, numbers, tags.
    monkeypatch.setattr(_stream, "CHUNK_CHARS", chunk)
    path = FIXTURES / name
    streamed = list(parse_file(path))
    whole = list(parse_text(load_text(path), path=str(path)))
    assert _sig(streamed) == _sig(whole)
    assert any(isinstance(i, Trial) for i in streamed)


@pytest.mark.parametrize("indent", [None, 2])
def test_page_streams_each_study_with_its_index(tmp_path: Path, indent: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_stream, "CHUNK_CHARS", 64)
    page = {"totalCount": 3, "studies": [_study(i) for i in range(3)], "nextPageToken": "x"}
    f = tmp_path / "page.json"
    f.write_text(json.dumps(page, indent=indent), encoding="utf-8")
    items = list(parse_file(f))
    assert [(t.id, t.source.index) for t in items] == [(f"NCT{i:08d}", i) for i in range(3)]  # type: ignore[union-attr]
    assert items[0].title == "Study 0 \u2028 caf\u00e9 [{"  # type: ignore[union-attr]


def test_truncated_page_keeps_the_studies_before_the_cut(tmp_path: Path) -> None:
    text = json.dumps({"studies": [_study(i) for i in range(4)]}, indent=2)
    cut = text[: text.index('"NCT00000003"') + 5]
    f = tmp_path / "cut.json"
    f.write_text(cut, encoding="utf-8")
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "T1", "T2", "E3:[E003]"]
    assert items[-1].one_line().startswith(f"{f} record #3: [E003] malformed JSON")  # type: ignore[union-attr]


def test_truncated_array_and_in_memory_text_behave_alike() -> None:
    text = json.dumps([_study(i) for i in range(3)])
    items = list(parse_text(text[:-40], path="a.json"))
    assert _kinds(items) == ["T0", "T1", "E2:[E003]"]


def test_malformed_element_costs_only_itself() -> None:
    good = json.dumps(_study(1))
    items = list(parse_text(f'[{good}, {{"a": [1, 2}}, {{"b": 1 "c": 2}}, {good}]'))
    assert _kinds(items) == ["T0", "E1:[E003]", "E2:[E003]", "T3"]


def test_deep_element_costs_only_itself() -> None:
    good = json.dumps(_study(1))
    items = list(parse_text(f'{{"studies": [{good}, {"[" * 50_000}{"]" * 50_000}, {good}]}}'))
    assert _kinds(items) == ["T0", "E1:[E010]", "T2"]


def test_oversized_study_is_skipped_and_the_page_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_RECORD_CHARS", 2_000)
    monkeypatch.setattr(_stream, "CHUNK_CHARS", 256)
    studies = [_study(0), _study(1, "* " + "x" * 5_000), _study(2)]
    f = tmp_path / "page.json"
    f.write_text(json.dumps({"studies": studies}), encoding="utf-8")
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "E1:[E009]", "T2"]


def test_oversized_xml_study_is_skipped_and_the_wrapper_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_RECORD_CHARS", 2_000)
    monkeypatch.setattr(_stream, "CHUNK_CHARS", 256)

    def study(n: int, body: str = "ok") -> str:
        return f"<clinical_study><id_info><nct_id>NCT{n:08d}</nct_id></id_info><brief_title>{body}</brief_title></clinical_study>"

    f = tmp_path / "w.xml"
    f.write_text(f"<search_results>{study(0)}{study(1, 'y' * 6_000)}<other>x</other>{study(2)}</search_results>", encoding="utf-8")
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "E1:[E009]", "T2"]


def test_truncated_xml_wrapper_keeps_the_studies_before_the_cut(tmp_path: Path) -> None:
    text = (FIXTURES / "ctgov_wrapper.xml").read_text(encoding="utf-8")
    f = tmp_path / "cut.xml"
    f.write_text(text[: text.rindex("<clinical_study") + 30], encoding="utf-8")
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "E1:[E004]"]
    assert "line" in items[1].reason  # type: ignore[union-attr]


def test_xml_refusals_still_hold_when_streamed(tmp_path: Path) -> None:
    f = tmp_path / "bomb.xml"
    f.write_text('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "b">]>\n<r><clinical_study/></r>', encoding="utf-8")
    (item,) = list(parse_file(f))
    assert isinstance(item, RecordError) and item.reason.startswith("[E007]")


def test_json_lines_file_is_checked_line_by_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_RECORD_CHARS", 3_000)
    good = json.dumps(_study(1)).encode()
    lines = [
        b"\xef\xbb\xbf" + good,  # a byte-order mark on the first line only
        good.replace(b"Study", b"St\xe9dy"),  # Latin-1, not UTF-8
        b"",
        json.dumps(_study(2, "x" * 4_000)).encode(),  # longer than a record may be
        good.replace(b"Study", b"Stu\x00dy"),
        b"[1]",
        good,
    ]
    f = tmp_path / "s.jsonl"
    f.write_bytes(b"\n".join(lines) + b"\n")
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "E1:[E002]", "E2:[E009]", "E3:[E002]", "E4:[E011]", "T5"]
    # The byte offset is the file's, so the bad byte can be found with a hex viewer.
    assert f"byte {len(lines[0]) + 1 + good.index(b'Study') + 2}" in items[1].reason  # type: ignore[union-attr]


def test_invalid_utf8_part_way_through_a_page_keeps_what_came_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_stream, "CHUNK_CHARS", 128)
    monkeypatch.setattr(records, "SNIFF_BYTES", 16)
    head = json.dumps({"studies": [_study(0), _study(1)]})[:-2].encode()
    f = tmp_path / "p.json"
    f.write_bytes(head + b', {"x": "\xff"}]}')
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "T1", "E2:[E002]"]
    assert f"byte {len(head) + 9}" in items[-1].reason  # type: ignore[union-attr]


def test_standard_input_is_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n".join(json.dumps(_study(i)) for i in range(3)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert _kinds(list(parse_file("-"))) == ["T0", "T1", "T2"]


def test_a_page_is_read_with_memory_bounded_by_one_study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A 2.5 MB page read with 16 KB chunks must never hold the page: the peak of traced Python
    # allocations stays a fraction of the file (whole-file reading peaks at several times its size).
    monkeypatch.setattr(_stream, "CHUNK_CHARS", 16 * 1024)
    f = tmp_path / "big.json"
    with f.open("w", encoding="utf-8") as fh:
        fh.write('{"studies": [')
        for i in range(1_500):
            fh.write(("," if i else "") + json.dumps(_study(i, "* criterion " * 140)))
        fh.write("]}")
    size = f.stat().st_size
    assert size > 2_000_000
    tracemalloc.start()
    try:
        count = sum(isinstance(i, Trial) for i in parse_file(f, time_limit=None))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 1_500
    assert peak < size / 4, (peak, size)


def test_json_lines_with_a_long_first_record_are_still_json_lines(tmp_path: Path) -> None:
    # Longer than the up-front look-ahead: recognized when the first object is followed by another.
    lines = [json.dumps(_study(0, "* " + "long criterion " * 10_000)), json.dumps(_study(1))]
    f = tmp_path / "no-suffix.json"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(parse_file(f))
    assert _kinds(items) == ["T0", "T1"]
    assert _sig(items) == _sig(list(parse_text(f.read_text(encoding="utf-8"), path=str(f))))
