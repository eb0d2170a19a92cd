"""`nlp-trials bench` and nlp_trials.bench: what is counted and reported (never how fast: no timing asserts)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from nlp_trials.bench import BenchReport, bench, count_words, format_report, peak_rss_mb, read_trials
from nlp_trials.cli import app
from nlp_trials.documents import ALL_FIELDS, trial_documents
from nlp_trials.errors import RecordError
from nlp_trials.schema import Trial

runner = CliRunner()


def test_count_words_counts_whitespace_chunks_and_characters():
    assert count_words(["ANC ≥ 1.5×10^9/L", "", "  two\twords \n"]) == (5, 29)


def test_read_trials_stops_at_the_limit(samples):
    folder = str(next(iter(samples.values())).parent)
    assert len(list(read_trials([folder]))) == 5
    assert len(list(read_trials([folder], limit=2))) == 2


def test_read_trials_yields_errors_in_place(tmp_path):
    (tmp_path / "a.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Inclusion Criteria:\n* Age >= 18\n", encoding="utf-8")
    items = list(read_trials([str(tmp_path)]))
    assert [type(i) for i in items] == [RecordError, Trial]


def test_peak_rss_is_a_plausible_number_of_mib():
    assert 10 < peak_rss_mb() < 100_000


def test_bench_counts_the_texts_the_pipeline_read(model_dir, samples):
    folder = str(next(iter(samples.values())).parent)
    seen: list[object] = []
    report = bench([folder], model=model_dir, limit=3, on_item=seen.append)
    trials = [t for t in read_trials([folder], limit=3) if isinstance(t, Trial)]
    texts = [d.text for t in trials for d in trial_documents(t, fields=ALL_FIELDS)]
    assert (report.records, report.errors, len(seen)) == (3, 0, 3)
    assert (report.documents, (report.words, report.chars)) == (len(texts), count_words(texts))
    assert report.words_per_s > 0 and report.bare_words_per_s > 0
    assert abs(report.ratio - report.words_per_s / report.bare_words_per_s) < 0.01
    assert report.model == str(model_dir) and report.n_process == 1
    assert "ratio" in format_report(report)


def test_bench_cli_prints_and_writes_the_report(model_dir, samples, tmp_path):
    folder = str(next(iter(samples.values())).parent)
    out = tmp_path / "bench.json"
    result = runner.invoke(app, ["bench", folder, "--limit", "2", "-m", str(model_dir), "--json", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = BenchReport.model_validate(json.loads(out.read_text(encoding="utf-8")))
    assert report.records == 2 and report.paths == [folder]
    assert "full extract" in result.stdout and "bare tokenizer" in result.stdout


def test_bench_cli_refuses_standard_input():
    result = runner.invoke(app, ["bench", "-"])
    assert result.exit_code == 2 and "not - (standard input)" in result.stderr
