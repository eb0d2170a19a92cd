"""`nlp-trials extract` and `nlp-trials schema` through typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nlp_trials.cli import app
from nlp_trials.schema import Trial

runner = CliRunner()
CRITERIA = "Inclusion Criteria:\n* Age >= 18\n* ECOG 0-1\nExclusion Criteria:\n* Pregnancy\n"


def test_one_record_prints_indented_json(tmp_path):
    f = tmp_path / "c.txt"
    f.write_text(CRITERIA, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(f), "-q"])
    assert result.exit_code == 0, result.output
    trial = Trial.model_validate_json(result.stdout)
    assert [c.id for c in trial.eligibility.criteria] == ["I1", "I2", "E1"]
    assert result.stdout.startswith("{\n")


def test_several_records_go_out_as_json_lines_to_a_file(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(CRITERIA, encoding="utf-8")
    out = tmp_path / "out" / "trials.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert all(Trial.model_validate_json(line).source.format == "text" for line in lines)
    assert "3 records, 9 criteria from 3 files; 0 errors" in result.stderr


def test_stdin_dash(tmp_path):
    result = runner.invoke(app, ["extract", "-", "-q"], input=CRITERIA)
    assert result.exit_code == 0
    assert Trial.model_validate_json(result.stdout).source.path == "-"


def test_bad_records_are_reported_and_the_batch_goes_on(tmp_path):
    (tmp_path / "1_empty.txt").write_bytes(b"")
    (tmp_path / "2_binary.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "3_truncated.json").write_text('{"protocolSection": {"identificationModule": {"nctId": "NCT0', encoding="utf-8")
    (tmp_path / "4_truncated.xml").write_text("<clinical_study><id_info><nct_id>NCT1", encoding="utf-8")
    (tmp_path / "5_good.txt").write_text(CRITERIA, encoding="utf-8")
    out = tmp_path / "trials.jsonl"
    errors = tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(out), "--errors", str(errors)])
    assert result.exit_code == 1
    err_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(err_lines) == 4
    for name in ("1_empty.txt", "2_binary.txt", "3_truncated.json", "4_truncated.xml"):
        assert any(name in line for line in err_lines), name
    assert all("\n" not in line for line in err_lines)
    # The good record is written whole (one record: indented JSON).
    assert Trial.model_validate_json(out.read_text(encoding="utf-8")).eligibility.criteria
    reported = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(reported) == 4 and all(r["reason"] for r in reported)


def test_missing_path_is_an_error_line(tmp_path):
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.json"), "-q"])
    assert result.exit_code == 1
    assert "nope.json" in result.stderr and "[E012]" in result.stderr


def test_unknown_format_option_exits_2():
    result = runner.invoke(app, ["extract", "-", "--format", "pdf"], input="x")
    assert result.exit_code == 2
    assert "allowed formats" in result.stderr


def test_failed_run_leaves_no_partial_output(tmp_path, monkeypatch):
    from nlp_trials.cli import extract as extract_module

    (tmp_path / "a.txt").write_text(CRITERIA, encoding="utf-8")
    (tmp_path / "b.txt").write_text(CRITERIA, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    calls = {"n": 0}
    real = extract_module.parse_file

    def interrupted(path, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        yield from real(path, **kw)

    monkeypatch.setattr(extract_module, "parse_file", interrupted)
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(out), "-q"])
    assert result.exit_code != 0
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_schema_command_prints_the_trial_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Trial" and "eligibility" in schema["properties"]


def test_help_explains_every_command():
    for cmd in ("extract", "schema"):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout


def test_output_file_gets_ordinary_permissions(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(CRITERIA, encoding="utf-8")
    out = tmp_path / "o.json"
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(out), "-q"]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_extract_the_shipped_samples(tmp_path, samples):
    out = tmp_path / "samples.jsonl"
    result = runner.invoke(app, ["extract", str(next(iter(samples.values())).parent), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    trials = {t.id: t for t in map(Trial.model_validate_json, out.read_text(encoding="utf-8").splitlines())}
    assert set(trials) == {"NCT07230626", "NCT07103668", "NCT07289048", "NCT06038461", "NCT03324113"}
    for trial in trials.values():
        text = Path(trial.source.path).read_text(encoding="utf-8")
        kinds = {c.kind for c in trial.eligibility.criteria}
        assert kinds == {"inclusion", "exclusion"}, trial.id
        assert all(text[c.start:c.end] == c.text for c in trial.eligibility.criteria)
    assert [a.label for a in trials["NCT07230626"].arms] == ["SYS6002", "Chemotherapy"]
    assert "0 errors" in result.stderr
