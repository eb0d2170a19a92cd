"""Silver corpora: split guarantees, deduplication, bad records, and each output format read back."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import nlp_trials
from spacy.tokens import DocBin

from nlp_trials.corpus import (
    SPLIT_NAMES,
    assign_split,
    build_corpus,
    dedup_key,
    normalize_for_dedup,
    parse_split,
)
from nlp_trials.errors import FormatError
from nlp_trials.gold import read_brat_dir


def test_parse_split_accepts_two_or_three_fractions_summing_to_one():
    assert parse_split("0.8,0.1,0.1") == (0.8, 0.1, 0.1)
    assert parse_split("0.5,0.5") == (0.5, 0.5)
    for bad in ("0.8,0.1", "1", "0.5,0.6,-0.1", "a,b", "0.2,0.2,0.2,0.4"):
        with pytest.raises(FormatError, match=r"\[E230\]"):
            parse_split(bad)


def test_assign_split_is_stable_seeded_and_follows_the_fractions():
    ids = [f"NCT{n:08d}" for n in range(4000)]
    first = [assign_split(i, (0.8, 0.1, 0.1), seed=3) for i in ids]
    assert first == [assign_split(i, (0.8, 0.1, 0.1), seed=3) for i in ids]
    # Order-free: the split of an id depends on the id and the seed only.
    assert [assign_split(i, (0.8, 0.1, 0.1), seed=3) for i in reversed(ids)] == first[::-1]
    shares = [first.count(k) / len(ids) for k in range(3)]
    assert abs(shares[0] - 0.8) < 0.03 and abs(shares[1] - 0.1) < 0.03 and abs(shares[2] - 0.1) < 0.03
    other = [assign_split(i, (0.8, 0.1, 0.1), seed=4) for i in ids]
    assert other != first
    assert {assign_split(i, (1.0, 0.0, 0.0)) for i in ids} == {0}
    assert {assign_split(i, (0.0, 0.0, 1.0)) for i in ids} == {2}


def test_dedup_ignores_case_spacing_markers_and_edge_punctuation():
    assert normalize_for_dedup("  2. Pregnant  or\nbreast-feeding women;") == "pregnant or breast-feeding women"
    assert dedup_key("* Pregnant or breast-feeding women") == dedup_key("pregnant or BREAST-FEEDING women.")
    assert dedup_key("ANC >= 1.5") != dedup_key("ANC >= 1.0")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, samples) -> list[Path]:
    """The five seed records, one of them twice (a duplicate trial), and a broken JSON record."""
    root = tmp_path_factory.mktemp("records")
    for key, path in samples.items():
        shutil.copy(path, root / path.name)
    shutil.copy(samples["001"], root / "copy_of_001.txt")
    (root / "broken.json").write_text('{"protocolSection": {"identificationModule": ', encoding="utf-8")
    return sorted(root.iterdir())


def _build(nlp, inputs, out, fmt, *, seed=0, errors=None):
    return build_corpus(nlp, [str(p) for p in inputs], out, fmt=fmt, split=(0.5, 0.3, 0.2), seed=seed, on_error=errors.append if errors is not None else None)


def test_spacy_corpus_splits_by_trial_dedups_and_reports_the_bad_record(nlp, inputs, samples, tmp_path):
    errors: list = []
    out = tmp_path / "silver"
    stats = _build(nlp, inputs, out, "spacy", errors=errors)
    assert len(errors) == 1 and "broken.json" in errors[0].one_line()
    report = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert report["errors"] == 1 and report["trials"] == 5

    trials_of: dict[str, set[str]] = {}
    total_spans: dict[str, int] = {}
    for name in SPLIT_NAMES:
        docs = [d for f in sorted((out / name).glob("*.spacy")) for d in DocBin().from_disk(f).get_docs(nlp.vocab)]
        assert len(docs) == report["splits"][name]["documents"]
        spans: dict[str, int] = {}
        for doc in docs:
            trials_of.setdefault(doc.user_data["doc_id"].split(":")[0], set()).add(name)
            for ent in doc.ents:
                spans[ent.label_] = spans.get(ent.label_, 0) + 1
                total_spans[ent.label_] = total_spans.get(ent.label_, 0) + 1
        assert spans == report["splits"][name]["spans"]
    assert all(len(splits) == 1 for splits in trials_of.values()), trials_of
    # The copied record repeats every document of 001: each is skipped as a duplicate.
    copied = next(iter(nlp_trials.read(samples["001"]))).id
    n_copied = sum(1 for line in _doc_ids(nlp, out) if line.startswith(f"{copied}:"))
    assert n_copied > 10 and report["duplicates_skipped"] >= n_copied
    assert total_spans == report["spans"]
    assert report["documents"] == sum(s["documents"] for s in report["splits"].values())


def _doc_ids(nlp, out: Path) -> list[str]:
    return [d.user_data["doc_id"] for name in SPLIT_NAMES for f in sorted((out / name).glob("*.spacy")) for d in DocBin().from_disk(f).get_docs(nlp.vocab)]


def test_split_does_not_depend_on_input_order(nlp, inputs, tmp_path):
    a = _build(nlp, inputs, tmp_path / "a", "jsonl", errors=[])
    b = _build(nlp, list(reversed(inputs)), tmp_path / "b", "jsonl", errors=[])
    for name in SPLIT_NAMES:
        ids_a = {json.loads(line)["id"].split(":")[0] for line in (tmp_path / "a" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()}
        ids_b = {json.loads(line)["id"].split(":")[0] for line in (tmp_path / "b" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()}
        assert ids_a == ids_b
    # Which copy of a text shared by two trials is kept follows the input order; the texts kept do not.
    assert a.total.documents == b.total.documents
    texts = [{json.loads(line)["text"] for n in SPLIT_NAMES for line in (tmp_path / d / f"{n}.jsonl").read_text(encoding="utf-8").splitlines()} for d in "ab"]
    assert {dedup_key(t) for t in texts[0]} == {dedup_key(t) for t in texts[1]}


def test_jsonl_spans_are_those_of_the_pipeline(nlp, inputs, tmp_path):
    _build(nlp, inputs, tmp_path / "j", "jsonl", errors=[])
    lines = [json.loads(line) for name in SPLIT_NAMES for line in (tmp_path / "j" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines
    for record in lines[:40]:
        doc = nlp(record["text"])
        assert [(s["start"], s["end"], s["label"]) for s in record["spans"]] == [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        assert all(record["text"][s["start"] : s["end"]] == s["text"] for s in record["spans"])


def test_brat_offsets_match_the_text(nlp, inputs, tmp_path):
    stats = _build(nlp, inputs, tmp_path / "b", "brat", errors=[])
    n_docs = 0
    for name in SPLIT_NAMES:
        corpus = read_brat_dir(tmp_path / "b" / name)
        assert not [w for w in corpus.all_warnings() if w.kind in ("bad_offsets", "text_mismatch", "malformed_line")]
        n_docs += len(corpus.documents)
        for document in corpus.documents:
            for span in document.spans:
                assert " ".join(document.text[s:e] for s, e in span.fragments) == span.text
    assert n_docs == stats.total.documents


def test_a_failing_run_leaves_no_output(nlp, inputs, tmp_path):
    out = tmp_path / "never"

    def boom(stream):
        for i, item in enumerate(stream):
            if i == 3:
                raise RuntimeError("interrupted")
            yield item

    with pytest.raises(RuntimeError):
        build_corpus(nlp, [str(p) for p in inputs], out, fmt="jsonl", progress=boom)
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".never")]


def test_corpus_cli_reports_a_bad_record_on_one_line_and_writes_the_rest(model_dir, inputs, tmp_path):
    from typer.testing import CliRunner

    from nlp_trials.cli import app

    out = tmp_path / "cli"
    report_file = tmp_path / "errors.jsonl"
    args = ["corpus", *map(str, inputs), "-o", str(out), "-f", "jsonl", "--split", "0.5,0.5", "--seed", "7", "-m", str(model_dir), "-q", "--errors", str(report_file)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "broken.json" in errors[0]
    [failure] = [json.loads(line) for line in report_file.read_text(encoding="utf-8").splitlines()]
    assert failure["path"].endswith("broken.json") and failure["index"] is None and failure["reason"]  # the whole file is unreadable
    report = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    assert set(report["splits"]) == {"train", "dev"} and report["seed"] == 7 and report["documents"] > 100
    assert sorted(p.name for p in out.iterdir()) == ["dev.jsonl", "stats.json", "train.jsonl"]
    bad = CliRunner().invoke(app, ["corpus", str(inputs[0]), "-o", str(tmp_path / "x"), "--split", "0.9,0.2"])
    assert bad.exit_code == 2 and "[E230]" in bad.stderr
