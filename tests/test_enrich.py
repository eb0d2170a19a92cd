"""enrich_trials: streaming Trials through the pipeline and the linker, and extract with and without NLP."""

from __future__ import annotations

import json

import pytest
import spacy
from typer.testing import CliRunner

from nlp_trials.cli import app
from nlp_trials.enrich import enrich_trials
from nlp_trials.errors import RecordError
from nlp_trials.records import parse_file
from nlp_trials.schema import Arm, Criterion, Eligibility, Source, Trial

runner = CliRunner()


def _trial(name: str, *criteria: str, arm: str | None = None) -> Trial:
    crits = [Criterion(id=f"I{i + 1}", kind="inclusion", text=t, start=0, end=len(t)) for i, t in enumerate(criteria)]
    arms = [Arm(label="A", description=arm)] if arm else []
    return Trial(id=name, source=Source(format="text", path=f"{name}.txt"), eligibility=Eligibility(criteria=crits), arms=arms)


@pytest.fixture(scope="module")
def blank():
    """A pipeline with no components: enough to test streaming, order and limits quickly."""
    return spacy.blank("en")


def test_order_is_kept_across_trials_with_none_and_many_documents(blank):
    items: list[Trial | RecordError] = [
        _trial("T0"),
        _trial("T1", *(f"criterion number {i}" for i in range(150)), arm="Drug X 10 mg daily"),
        _trial("T2"),
        RecordError("broken record", path="bad.json", index=3),
        _trial("T3", "one criterion"),
        _trial("T4"),
    ]
    out = list(enrich_trials(items, blank, batch_size=7))
    assert [o.id if isinstance(o, Trial) else o.reason for o in out] == ["T0", "T1", "T2", "broken record", "T3", "T4"]
    t1 = out[1]
    assert isinstance(t1, Trial) and len(t1.eligibility.criteria) == 150
    assert all(c.entities == [] and c.lab_thresholds == [] for c in t1.eligibility.criteria)


def test_record_errors_pass_through_in_place(blank):
    err = RecordError("not a study", path="x.json", index=0)
    out = list(enrich_trials([err, _trial("T1", "a"), err], blank))
    assert out[0] is err and out[2] is err and isinstance(out[1], Trial)


def test_document_over_max_length_is_reported_and_its_trial_still_written():
    nlp = spacy.blank("en")
    nlp.max_length = 40
    long = "x" * 41
    out = list(enrich_trials([_trial("T1", "short criterion", long), _trial("T2", "fine")], nlp))
    assert [type(o).__name__ for o in out] == ["Trial", "RecordError", "Trial"]
    trial, error = out[0], out[1]
    assert isinstance(trial, Trial) and len(trial.eligibility.criteria) == 2
    assert isinstance(error, RecordError) and "E016" in error.one_line() and "T1:I2" in error.reason


@spacy.Language.component("test_fails_on_boom")
def _fails_on_boom(doc):
    if "BOOM" in doc.text:
        raise ValueError("a component defect")
    return doc


def test_a_document_the_pipeline_fails_on_costs_only_that_document():
    nlp = spacy.blank("en")
    nlp.add_pipe("test_fails_on_boom")
    items = [_trial("T1", "fine", "BOOM here", "also fine"), _trial("T2", *(f"criterion {i}" for i in range(9)))]
    out = list(enrich_trials(items, nlp, batch_size=4))
    assert [type(o).__name__ for o in out] == ["Trial", "RecordError", "Trial"]
    trial, error = out[0], out[1]
    # The record is written whole, its other documents annotated; the error names the document.
    assert isinstance(trial, Trial) and [c.text for c in trial.eligibility.criteria] == ["fine", "BOOM here", "also fine"]
    assert isinstance(error, RecordError) and "E018" in error.one_line() and "T1:I2" in error.reason
    assert "ValueError: a component defect" in error.reason and error.path == "T1.txt"
    assert isinstance(out[2], Trial) and len(out[2].eligibility.criteria) == 9


def test_enrich_fills_seed_objects(nlp, samples):
    [trial] = list(enrich_trials(parse_file(samples["001"]), nlp))
    assert isinstance(trial, Trial)
    assert sum(len(c.lab_thresholds) for c in trial.eligibility.criteria) >= 25
    assert sum(len(c.time_windows) for c in trial.eligibility.criteria) >= 10
    assert all(c.entities for c in trial.eligibility.criteria if c.id in ("I7.1", "E14"))


def test_extract_gives_regimens_and_thresholds_and_no_nlp_gives_none(model_dir, samples, tmp_path):
    out = tmp_path / "trials.jsonl"
    result = runner.invoke(app, ["extract", str(samples["000"]), str(samples["001"]), "-m", str(model_dir), "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    t000, t001 = [json.loads(line) for line in out.read_text().splitlines()]
    assert t000["regimens"]
    assert any(c["lab_thresholds"] for c in t001["eligibility"]["criteria"])
    assert any(c["time_windows"] for c in t001["eligibility"]["criteria"])
    bare = tmp_path / "bare.jsonl"
    result = runner.invoke(app, ["extract", str(samples["000"]), str(samples["001"]), "--no-nlp", "-q", "-o", str(bare)])
    assert result.exit_code == 0, result.output
    for line in bare.read_text().splitlines():
        t = json.loads(line)
        assert t["regimens"] == []
        assert all(not c["lab_thresholds"] and not c["time_windows"] and not c["entities"] for c in t["eligibility"]["criteria"])
        assert t["eligibility"]["ecog"] is None


def test_two_processes_give_the_same_stream_as_one(nlp, model_dir, samples):
    """By-record workers: same Trials, same order, errors in place, E016 right after its Trial."""
    items: list[Trial | RecordError] = [t for key in ("000", "001", "002", "003", "004") for t in parse_file(samples[key])]
    items.insert(2, RecordError("broken record", path="bad.json", index=7))
    # over max_length: E016. First, so that it goes to the worker (the first chunks always do).
    items.insert(0, _trial("LONG", "short criterion", "x " * 600_000))
    items.append(_trial("LAST", "No history of HIV."))

    def as_text(out):
        return [o.model_dump_json() if isinstance(o, Trial) else o.one_line() for o in out]

    one = as_text(enrich_trials(items, nlp))
    two = as_text(enrich_trials(items, nlp, n_process=2, model_path=model_dir, chunk_size=2))
    assert two == one
    assert len(one) == len(items) + 1 and one[4].startswith("bad.json record #7")
    assert '"id":"LONG"' in one[0] and "E016" in one[1] and '"id":"LAST"' in one[-1]


def test_a_short_form_defined_in_one_criterion_is_tagged_in_the_others(nlp):
    trial = _trial("NCT1", "History of tumor lysis syndrome (TLS) requiring dialysis", "TLS within 3 months")
    [enriched] = list(enrich_trials([trial], nlp))
    second = enriched.eligibility.criteria[1]
    assert [(e.text, e.label) for e in second.entities if e.label == "DISEASE"] == [("TLS", "DISEASE")]
