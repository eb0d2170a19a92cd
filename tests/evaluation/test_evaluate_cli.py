"""`nlp-trials evaluate` on a tiny inline brat corpus with the assembled pipeline."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nlp_trials.cli import app

runner = CliRunner()


def test_evaluate_reports_per_label_scores(model_dir, tmp_path):
    gold = tmp_path / "chia"
    gold.mkdir()
    text = "No prior cisplatin.\r\nSmall cell lung cancer or asthma\r\n"
    (gold / "NCT00000001_exc.txt").write_bytes(text.encode("utf-8"))
    start = text.index("cisplatin")
    sclc = text.index("Small cell lung cancer")
    (gold / "NCT00000001_exc.ann").write_text(
        f"T1\tDrug {start} {start + 9}\tcisplatin\n"
        f"T2\tCondition {sclc} {sclc + 22}\tSmall cell lung cancer\n"
        f"T3\tCondition {text.index('asthma')} {text.index('asthma') + 6}\tasthma\n",
        encoding="utf-8",
    )
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["evaluate", str(gold), "--scheme", "chia", "-m", str(model_dir), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["labels"]["DRUG"]["exact"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert report["labels"]["DISEASE"]["exact"]["tp"] == 2
    assert "DRUG" in result.stdout and "overlap" in result.stdout


def test_evaluate_adds_a_diagnostic_without_the_unannotated_stretches(model_dir, tmp_path):
    gold = tmp_path / "chia"
    gold.mkdir()
    text = "No prior cisplatin.\nStill enrolled in the parent study of pasireotide.\n"
    (gold / "NCT00000001_exc.txt").write_text(text, encoding="utf-8")
    start, stretch = text.index("cisplatin"), text.index("Still")
    end = text.index(".", stretch)
    (gold / "NCT00000001_exc.ann").write_text(
        f"T1\tDrug {start} {start + 9}\tcisplatin\nT2\tCompeting_trial {stretch} {end}\t{text[stretch:end]}\n", encoding="utf-8"
    )
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["evaluate", str(gold), "--scheme", "chia", "-m", str(model_dir), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    # The record counts the pipeline's pasireotide as spurious; the diagnostic leaves it out.
    assert report["labels"]["DRUG"]["exact"]["fp"] == 1
    assert report["annotated_only"]["stretches"] == 1
    assert report["annotated_only"]["labels"]["DRUG"]["exact"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert "leaving out the 1 stretches" in result.stdout


def test_unknown_scheme_is_refused(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--scheme", "i2b2"])
    assert result.exit_code == 2 and "allowed schemes" in result.stderr


def test_several_models_side_by_side_on_one_half(model_dir, tmp_path):
    from nlp_trials.evaluation.run import split_of

    gold = tmp_path / "chia"
    gold.mkdir()
    trials = [f"NCT{n:08d}" for n in range(1, 40)]
    halves = {split_of(t): t for t in trials}
    for trial in halves.values():
        text = "No prior cisplatin.\n"
        (gold / f"{trial}_exc.txt").write_text(text, encoding="utf-8")
        (gold / f"{trial}_exc.ann").write_text("T1\tDrug 9 18\tcisplatin\n", encoding="utf-8")
    out = tmp_path / "report.json"
    args = ["evaluate", str(gold), "--scheme", "chia", "--half", "1", "-m", str(model_dir), "-m", str(model_dir), "--json", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["half"] == 1 and [m["model"] for m in report["models"]] == [str(model_dir)] * 2
    # Only the trial of half 1 is scored: one gold drug, found by both.
    assert [m["labels"]["DRUG"]["exact"]["tp"] for m in report["models"]] == [1, 1]
    assert [m["documents"] for m in report["models"]] == [1, 1]
    assert result.stdout.count(str(model_dir)) == 2 and "exact F" in result.stdout


def test_evaluate_values_scores_thresholds_and_windows(model_dir, tmp_path):
    forms, lct = tmp_path / "forms" / "annotator_1", tmp_path / "lct"
    forms.mkdir(parents=True)
    lct.mkdir()
    (lct / "NCT00000001.txt").write_text("Inclusion Criteria:\n  -  Hemoglobin greater or equal to 9 g/dL within 2 weeks\n", encoding="utf-8")
    (forms / "NCT00000001_1.js").write_text(
        "'INC'\n\n'-  Hemoglobin greater or equal to 9 g / dL within 2 weeks'\n\n'-  annotated'\n\n"
        'lab("Hemoglobin")\n    .num_filter(\n        eq(op(GTEQ), val("9"), unit("g"), unit("dL"))\n    )\n'
        '    .temporality(\n        eq(op(LTEQ), val("2"), temporal_unit(WEEK))\n    )\n',
        encoding="utf-8",
    )
    out = tmp_path / "values.json"
    result = runner.invoke(app, ["evaluate-values", str(tmp_path / "forms"), "--lct", str(lct), "-m", str(model_dir), "--json", str(out), "--misses", "5"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(out.read_text(encoding="utf-8"))["models"]
    assert report["kinds"]["threshold"]["correct"] == 1 and report["kinds"]["window"]["correct"] == 1
    assert report["misses"] == []
    assert "threshold" in result.stdout
