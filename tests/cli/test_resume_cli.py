"""Interrupted runs of `extract`, `schedules` and `annotate`: the output is whole or absent, and
`--resume` finishes the job with exactly what an uninterrupted run writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp_trials.cli.extract as extract_cli
from nlp_trials.cli import app
from nlp_trials.io import partial_path

runner = CliRunner()


def _study(n: int, *, drug: str = "cisplatin") -> dict:
    nct = f"NCT{n:08d}"
    return {
        "protocolSection": {
            "identificationModule": {"nctId": nct, "briefTitle": f"Trial {n}"},
            "eligibilityModule": {
                "eligibilityCriteria": "Inclusion Criteria:\n\n* ANC >= 1.5 x 10^9/L\n* ECOG 0-1\n\nExclusion Criteria:\n\n* Pregnancy\n"
            },
            "armsInterventionsModule": {
                "armGroups": [{"label": "A", "type": "EXPERIMENTAL", "description": f"{drug} 75 mg/m2 IV on day 1 every 21 days"}],
                "interventions": [{"type": "DRUG", "name": drug, "description": f"{drug} 75 mg/m2 IV on day 1"}],
            },
        }
    }


@pytest.fixture()
def studies(tmp_path: Path) -> Path:
    f = tmp_path / "in" / "studies.jsonl"
    f.parent.mkdir()
    drugs = ["cisplatin", "carboplatin", "docetaxel", "gemcitabine", "etoposide"]
    f.write_text("".join(json.dumps(_study(i + 1, drug=d)) + "\n" for i, d in enumerate(drugs)), encoding="utf-8")
    return f


def _interrupt(out: Path, full: Path, keep_lines: int) -> None:
    """The partial file an interrupted run leaves: ``keep_lines`` whole lines and half of the next."""
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    partial_path(out).write_text("".join(lines[:keep_lines]) + lines[keep_lines][: len(lines[keep_lines]) // 2], encoding="utf-8")


def test_extract_resume_equals_an_uninterrupted_run(tmp_path: Path, studies: Path) -> None:
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(studies), "-o", str(full), "--no-nlp"]).exit_code == 0
    _interrupt(out, full, 2)
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--no-nlp", "--resume"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == full.read_bytes()
    assert not partial_path(out).exists()
    assert "3 records" in result.stderr and "2 already in the output (resumed)" in result.stderr
    # Resuming a finished output runs nothing and changes nothing.
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--no-nlp", "--resume"])
    assert result.exit_code == 0 and out.read_bytes() == full.read_bytes()
    assert "0 records" in result.stderr and "5 already in the output" in result.stderr


def test_extract_resume_runs_the_pipeline_only_on_what_is_left(tmp_path: Path, studies: Path, model_dir: Path) -> None:
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    model = ["-m", str(model_dir)]
    assert runner.invoke(app, ["extract", str(studies), "-o", str(full), *model]).exit_code == 0
    _interrupt(out, full, 3)
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--resume", *model])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == full.read_bytes()


def test_an_interrupted_run_leaves_the_old_output_and_a_partial_file(tmp_path: Path, studies: Path, monkeypatch) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old complete output\n", encoding="utf-8")
    real = extract_cli.read_records

    def interrupted(*args, **kwargs):
        for i, item in enumerate(real(*args, **kwargs)):
            if i == 3:
                raise KeyboardInterrupt
            yield item

    monkeypatch.setattr(extract_cli, "read_records", interrupted)
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--no-nlp"])
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "old complete output\n"
    assert "rerun with --resume to finish" in result.stderr
    written = partial_path(out).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in written] == ["NCT00000001", "NCT00000002", "NCT00000003"]
    monkeypatch.setattr(extract_cli, "read_records", real)
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--no-nlp", "--resume"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == [f"NCT{i:08d}" for i in range(1, 6)]


def test_a_single_record_output_is_resumed_as_json_lines(tmp_path: Path, studies: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(_study(1)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(one), "-o", str(out), "--no-nlp"]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("{\n")  # one record: indented JSON
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--no-nlp", "--resume"])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"NCT{i:08d}" for i in range(1, 6)]


@pytest.mark.parametrize("command", [["extract", "--no-nlp"], ["schedules"]])
def test_resume_needs_an_output_file(studies: Path, command: list[str]) -> None:
    result = runner.invoke(app, [command[0], str(studies), "--resume", *command[1:]])
    assert result.exit_code == 2
    assert "--resume needs an output file" in result.stderr


def test_schedules_resume_keeps_each_trial_whole(tmp_path: Path, studies: Path, model_dir: Path) -> None:
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    model = ["-m", str(model_dir)]
    result = runner.invoke(app, ["schedules", str(studies), "-o", str(full), *model])
    assert result.exit_code == 0, result.output
    rows = full.read_text(encoding="utf-8").splitlines()
    assert len(rows) >= 5
    _interrupt(out, full, 3)
    result = runner.invoke(app, ["schedules", str(studies), "-o", str(out), "--resume", *model])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == full.read_bytes()
    csv_run = runner.invoke(app, ["schedules", str(studies), "-o", str(tmp_path / "t.csv"), "--resume"])
    assert csv_run.exit_code == 2 and "JSON Lines" in csv_run.stderr


def test_annotate_resume_redoes_a_record_cut_between_its_documents(tmp_path: Path, studies: Path, model_dir: Path) -> None:
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    model = ["-m", str(model_dir)]
    result = runner.invoke(app, ["annotate", str(studies), "-o", str(full), "-q", *model])
    assert result.exit_code == 0, result.output
    lines = full.read_text(encoding="utf-8").splitlines()
    per_record = len(lines) // 5
    assert per_record > 1 and [json.loads(line)["meta"]["index"] for line in lines[:: per_record]] == [0, 1, 2, 3, 4]
    # Cut inside the third record: its first document was written, the rest were not.
    _interrupt(out, full, 2 * per_record + 1)
    result = runner.invoke(app, ["annotate", str(studies), "-o", str(out), "--resume", *model])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == full.read_bytes()
    assert "2 records already in the output" in result.stderr
    html = runner.invoke(app, ["annotate", str(studies), "-o", str(tmp_path / "x.html"), "--resume"])
    assert html.exit_code == 2 and "jsonl output only" in html.stderr


def test_annotate_reports_bad_records_and_writes_the_good_ones(tmp_path: Path, studies: Path, model_dir: Path) -> None:
    bad = studies.parent / "bad.jsonl"
    bad.write_text(json.dumps(_study(9)) + "\n{not json\n" + json.dumps(_study(10)) + "\n", encoding="utf-8")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["annotate", str(bad), "-o", str(out), "--errors", str(errors), "-m", str(model_dir)])
    assert result.exit_code == 1
    ids = {json.loads(line)["meta"]["trial_id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert ids == {"NCT00000009", "NCT00000010"}
    [failure] = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert failure["path"] == str(bad) and failure["index"] == 1 and "[E003]" in failure["reason"]


def test_a_stale_partial_file_is_started_afresh_without_resume(tmp_path: Path, studies: Path) -> None:
    full, out = tmp_path / "full.jsonl", tmp_path / "out.jsonl"
    assert runner.invoke(app, ["extract", str(studies), "-o", str(full), "--no-nlp"]).exit_code == 0
    _interrupt(out, full, 2)
    result = runner.invoke(app, ["extract", str(studies), "-o", str(out), "--no-nlp"])
    assert result.exit_code == 0, result.output
    assert "started afresh (use --resume to continue it)" in result.stderr
    assert out.read_bytes() == full.read_bytes() and not partial_path(out).exists()


def test_a_second_run_on_the_same_output_stops_and_spares_the_first(tmp_path: Path) -> None:
    pytest.importorskip("fcntl")  # the lock is POSIX's flock
    from nlp_trials.errors import OutputError
    from nlp_trials.io import resumable_output

    out = tmp_path / "out.jsonl"
    with resumable_output(out) as (fh, _):
        fh.write('{"trial_id": "NCT00000001"}\n')
        fh.flush()
        # Another run on the same output, resumed or not: one clear error, the first run's records kept.
        for resume in (False, True):
            with pytest.raises(OutputError, match="being written by another run"):
                with resumable_output(out, resume=resume):
                    pass
        assert partial_path(out).read_text(encoding="utf-8") == '{"trial_id": "NCT00000001"}\n'
    assert out.read_text(encoding="utf-8") == '{"trial_id": "NCT00000001"}\n' and not partial_path(out).exists()
    # Once the first run is done, a new run may write the file again.
    with resumable_output(out, resume=True) as (fh, done):
        assert done == frozenset({"NCT00000001"})
