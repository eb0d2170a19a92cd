"""Resuming a JSON Lines output: keys of the records already written, a torn last line cut off."""

from __future__ import annotations

import json
from pathlib import Path

import nlp_trials
from nlp_trials.resume import line_key, open_for_append, scan_output, trial_key


def _trial_line(trial_id: str | None, path: str = "in.json", index: int | None = 0) -> str:
    return json.dumps({"id": trial_id, "source": {"path": path, "format": "ctgov-json", "index": index}}) + "\n"


def test_missing_output_holds_nothing(tmp_path: Path) -> None:
    state = scan_output(tmp_path / "none.jsonl")
    assert state.keys == frozenset() and state.lines == 0 and not state.torn


def test_keys_of_trials_with_and_without_ids(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_trial_line("NCT00000001") + _trial_line(None, "a.json", 3) + _trial_line(None, "b.txt", None) + "\n", encoding="utf-8")
    state = scan_output(out)
    assert state.keys == {"NCT00000001", "a.json#3", "b.txt#"}
    assert state.lines == 4 and not state.torn and state.complete_bytes == out.stat().st_size


def test_trial_key_matches_the_key_of_its_written_line(tmp_path: Path) -> None:
    f = tmp_path / "crit.txt"
    f.write_text("* Adults", encoding="utf-8")
    (trial,) = nlp_trials.read(f)
    assert trial.id is None
    assert trial_key(trial) == line_key(json.loads(trial.model_dump_json())) == f"{f}#"


def test_annotate_lines_are_keyed_by_their_trial() -> None:
    assert line_key({"id": "NCT1:I1", "meta": {"trial_id": "NCT1", "source": "x.json"}}) == "NCT1"
    assert line_key({"id": "x:I1", "meta": {"trial_id": None, "source": "x.json", "index": 2}}) == "x.json#2"
    # No id and no index: the line cannot say which record it was, so nothing is skipped for it.
    assert line_key({"id": "x:I1", "meta": {"trial_id": None, "source": "x.json"}}) is None
    assert line_key({"unrelated": 1}) is None


def test_unterminated_last_line_is_torn_and_cut_before_appending(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    good = _trial_line("NCT1") + _trial_line("NCT2")
    out.write_text(good + _trial_line("NCT3")[:-10], encoding="utf-8")
    state = scan_output(out)
    assert state.keys == {"NCT1", "NCT2"} and state.torn and state.complete_bytes == len(good.encode())
    fh, keys = open_for_append(out)
    with fh:
        assert keys == {"NCT1", "NCT2"}
        fh.write(_trial_line("NCT3"))
    assert out.read_text(encoding="utf-8") == good + _trial_line("NCT3")
    assert scan_output(out).keys == {"NCT1", "NCT2", "NCT3"}


def test_corrupt_last_line_is_torn_but_one_in_the_middle_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(_trial_line("NCT1") + '{"id": "NC\n' + _trial_line("NCT2") + '{"id": \n', encoding="utf-8")
    state = scan_output(out)
    assert state.keys == {"NCT1", "NCT2"} and state.torn and state.lines == 3
    fh, _ = open_for_append(out)
    fh.close()
    assert out.read_text(encoding="utf-8") == _trial_line("NCT1") + '{"id": "NC\n' + _trial_line("NCT2")


def test_a_complete_output_is_appended_to_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "out.jsonl"
    fh, keys = open_for_append(out)
    with fh:
        assert keys == frozenset()
        fh.write(_trial_line("NCT9"))
    fh, keys = open_for_append(out)
    fh.close()
    assert keys == {"NCT9"} and out.read_text(encoding="utf-8") == _trial_line("NCT9")


def test_the_last_record_of_a_multi_line_output_is_dropped_when_it_may_be_cut(tmp_path: Path) -> None:
    def doc(trial: str, n: int) -> str:
        return json.dumps({"id": f"{trial}:I{n}", "meta": {"trial_id": trial, "source": "x.json"}}) + "\n"

    out = tmp_path / "docs.jsonl"
    head = doc("NCT1", 1) + doc("NCT1", 2)
    out.write_text(head + doc("NCT2", 1) + doc("NCT2", 2), encoding="utf-8")
    whole = scan_output(out)
    assert whole.keys == {"NCT1", "NCT2"} and whole.complete_bytes == out.stat().st_size
    cut = scan_output(out, last_record_whole=False)
    assert cut.keys == {"NCT1"} and cut.lines == 2 and cut.complete_bytes == len(head.encode())
    fh, keys = open_for_append(out, last_record_whole=False)
    fh.close()
    assert keys == {"NCT1"} and out.read_text(encoding="utf-8") == head


def test_schedule_rows_are_keyed_by_their_trial() -> None:
    assert line_key({"trial_id": "NCT1", "drug": "cisplatin"}) == "NCT1"
    assert line_key({"trial_id": None, "drug": "cisplatin"}) is None
