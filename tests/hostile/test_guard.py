"""The per-record time guard: a slow record becomes one [E017] error and the batch goes on."""

from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

import pytest

from nlp_trials import guard, records
from nlp_trials.errors import RecordError
from nlp_trials.records import ctgov_json, ctgov_xml, parse_file, parse_text

pytestmark = pytest.mark.skipif(not guard.available(), reason="needs SIGALRM (POSIX, main thread)")

BUDGET = 0.2  # seconds; the slow fakes below would take 60 s unguarded


def _slow(*args: object, **kwargs: object) -> list:
    time.sleep(60)
    return []


def _spin(*args: object, **kwargs: object) -> list:
    # Pure Python busy work, which only a signal can interrupt (no sleep to cut short).
    end = time.monotonic() + 60
    while time.monotonic() < end:
        pass
    return []


@pytest.mark.parametrize("work", [_slow, _spin])
def test_run_with_budget_interrupts_slow_work(work) -> None:
    with pytest.raises(guard.RecordTimeout):
        guard.run_with_budget(work, BUDGET)


def test_guarded_turns_a_timeout_into_a_coded_record_error() -> None:
    err = guard.guarded(_spin, BUDGET, path="f.json", index=3)
    assert isinstance(err, RecordError)
    assert err.reason.startswith("[E017] record took longer than 0.2 s; skipped")
    assert err.one_line().startswith("f.json record #3: [E017]")


def test_fast_work_returns_its_value_and_leaves_no_alarm_behind() -> None:
    before = signal.getsignal(signal.SIGALRM)
    assert guard.guarded(lambda: 42, 5.0, path=None, index=None) == 42
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_a_pending_outer_alarm_is_restored() -> None:
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        assert guard.guarded(lambda: "ok", 5.0, path=None, index=None) == "ok"
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0  # the caller's timer runs again
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_nested_budgets_run_under_the_outer_one() -> None:
    def inner() -> str:
        # An inner budget longer than the outer one must not cancel the outer deadline.
        return guard.run_with_budget(_spin, 60.0)

    start = time.monotonic()
    with pytest.raises(guard.RecordTimeout):
        guard.run_with_budget(inner, BUDGET)
    assert time.monotonic() - start < 30


def test_no_budget_means_no_alarm() -> None:
    assert guard.run_with_budget(lambda: "x", None) == "x"
    assert guard.run_with_budget(lambda: "x", 0) == "x"


def test_outside_the_main_thread_work_runs_unguarded() -> None:
    out: list[object] = []

    def work() -> None:
        out.append(guard.available())
        out.append(guard.guarded(lambda: time.sleep(0.3) or "done", 0.05, path=None, index=None))

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert out == [False, "done"]


def test_a_slow_single_record_reader_costs_its_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = records.PARSERS["text"]

    def sometimes_slow(text: str, *, path: str | None = None):
        if "stall" in text:
            _spin()
        return real(text, path=path)

    monkeypatch.setitem(records.PARSERS, "text", sometimes_slow)
    (tmp_path / "a.txt").write_text("* stall here", encoding="utf-8")
    (tmp_path / "b.txt").write_text("* fine", encoding="utf-8")
    items = [item for path in records.iter_paths([tmp_path]) for item in parse_file(path, time_limit=BUDGET)]
    assert [type(i).__name__ for i in items] == ["RecordError", "Trial"]
    assert items[0].reason.startswith("[E017]") and items[0].path.endswith("a.txt")  # type: ignore[union-attr]


def test_a_slow_study_costs_that_study_and_the_page_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ctgov_json.split_criteria

    def split(text: str, *args: object):
        if "stall" in text:
            _spin()
        return real(text, *args)

    monkeypatch.setattr(ctgov_json, "split_criteria", split)
    studies = [{"protocolSection": {"eligibilityModule": {"eligibilityCriteria": t}}} for t in ("* a", "* stall", "* b")]
    items = list(parse_text(json.dumps({"studies": studies}), path="p.json", time_limit=BUDGET))
    assert [type(i).__name__ for i in items] == ["Trial", "RecordError", "Trial"]
    assert items[1].index == 1 and items[1].reason.startswith("[E017]")  # type: ignore[union-attr]


def test_a_slow_xml_study_costs_that_study(monkeypatch: pytest.MonkeyPatch) -> None:
    real = ctgov_xml.split_criteria

    def split(text: str, *args: object):
        if "stall" in text:
            _spin()
        return real(text, *args)

    monkeypatch.setattr(ctgov_xml, "split_criteria", split)

    def study(t: str) -> str:
        return f"<clinical_study><eligibility><criteria><textblock>{t}</textblock></criteria></eligibility></clinical_study>"

    items = list(parse_text(f"<r>{study('* a')}{study('* stall')}{study('* b')}</r>", time_limit=BUDGET))
    assert [type(i).__name__ for i in items] == ["Trial", "RecordError", "Trial"]
    assert items[1].index == 1 and items[1].reason.startswith("[E017]")  # type: ignore[union-attr]
