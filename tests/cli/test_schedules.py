"""`nlp-trials schedules` through typer's test runner, on the seed records."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from nlp_trials.cli import app
from nlp_trials.export.regimen_table import COLUMNS

runner = CliRunner()


def test_csv_table_of_seed_000(tmp_path, samples, model_dir):
    out = tmp_path / "regimens.csv"
    result = runner.invoke(app, ["schedules", str(samples["000"]), "-o", str(out), "--model", str(model_dir)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == COLUMNS
    gem = next(r for r in rows if r["drug"] == "gemcitabine" and r["dose"])
    assert (gem["trial_id"], gem["dose"], gem["unit"], gem["basis"], gem["route"], gem["days"], gem["cycle_days"], gem["dose_intensity"]) == (
        "NCT07230626", "1000", "mg/m2", "m2", "intravenous", "1,8", "21", "666.7",
    )
    assert gem["source"] == "interventions[1].description" and gem["text"].startswith("gemcitabine (1000 mg/m^2")
    assert f"schedules: {len(rows)} regimens from 1 records; 0 errors" in result.stderr


def test_jsonl_by_suffix_and_bad_records_are_reported_and_skipped(tmp_path, samples, model_dir):
    bad = tmp_path / "in" / "broken.json"
    bad.parent.mkdir()
    bad.write_text('{"protocolSection": ', encoding="utf-8")
    (tmp_path / "in" / "003.txt").write_text(samples["003"].read_text(encoding="utf-8"), encoding="utf-8")
    out, errors = tmp_path / "regimens.jsonl", tmp_path / "errors.jsonl"
    result = runner.invoke(app, ["schedules", str(tmp_path / "in"), "-o", str(out), "--model", str(model_dir), "--errors", str(errors), "-q"])
    assert result.exit_code == 1
    assert "broken.json" in result.stderr and "[E003]" in result.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    tmz = next(r for r in rows if r["drug_text"] == "Temozolomide" and r["low"] is not None)
    assert (tmz["low"], tmz["high"], tmz["days"], tmz["frequency"], tmz["route"], tmz["cycle_days"]) == (200, 300, [10, 11, 12, 13, 14], "QD", "oral", 21)
    assert [json.loads(line)["path"].endswith("broken.json") for line in errors.read_text(encoding="utf-8").splitlines()] == [True]


def test_unknown_table_format_is_refused(tmp_path, samples):
    result = runner.invoke(app, ["schedules", str(samples["000"]), "-t", "xlsx"])
    assert result.exit_code == 2 and "[E216]" in result.stderr and "csv, jsonl" in result.stderr
