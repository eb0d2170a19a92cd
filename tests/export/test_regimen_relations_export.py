"""Regimen relations of the linker in `annotate` output: Prodigy-style JSONL relations and brat R lines."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from nlp_trials.cli import app
from nlp_trials.export.writers import ANNOTATION_CONF
from nlp_trials.link.spans import RELATION_LABELS

runner = CliRunner()


def _annotate(model_dir, inputs, out, fmt):
    result = runner.invoke(app, ["annotate", *map(str, inputs), "-o", str(out), "-f", fmt, "-m", str(model_dir), "-q"])
    assert result.exit_code == 0, result.output


def test_jsonl_relations_of_seed_000(model_dir, samples, tmp_path):
    out = tmp_path / "s.jsonl"
    _annotate(model_dir, [samples["000"]], out, "jsonl")
    records = {r["meta"]["field"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if "criterion_id" not in r["meta"]}
    rec = records["interventions[1].description"]
    text = rec["text"]
    got = {(text[r["head_span"]["start"] : r["head_span"]["end"]], r["label"], text[r["child_span"]["start"] : r["child_span"]["end"]]) for r in rec["relations"]}
    assert {("gemcitabine", "HAS_DOSE", "1000 mg/m^2"), ("gemcitabine", "HAS_SCHEDULE", "on Days 1 and 8"), ("gemcitabine", "HAS_FREQUENCY", "every 21 days")} <= got
    assert ("topotecan", "HAS_DOSE", "1000 mg/m^2") not in got


def test_brat_relations_of_seed_003(model_dir, samples, tmp_path):
    out = tmp_path / "brat"
    _annotate(model_dir, [samples["003"]], out, "brat")
    ann = next(p for p in out.glob("*.ann") if "Temozolomide: 200-300mg" in p.with_suffix(".txt").read_text(encoding="utf-8"))
    lines = ann.read_text(encoding="utf-8").splitlines()
    spans = {m.group(1): m.group(2) for m in (re.match(r"(T\d+)\t\S+ [\d ;]+\t(.*)", line) for line in lines) if m}
    rels = {(spans[a], label, spans[b]) for label, a, b in (re.match(r"R\d+\t(\S+) Arg1:(T\d+) Arg2:(T\d+)", line).groups() for line in lines if line.startswith("R"))}  # type: ignore[union-attr]
    assert ("Temozolomide", "HAS_DOSE", "200-300mg") in rels and ("Temozolomide", "HAS_SCHEDULE", "d10-d14") in rels
    assert ("Surufatinib", "HAS_SCHEDULE", "d10-d14") not in rels


def test_annotation_conf_declares_every_relation_label():
    declared = {line.split("\t")[0] for line in ANNOTATION_CONF.split("[relations]")[1].split("[events]")[0].splitlines() if "\t" in line}
    assert set(RELATION_LABELS) <= declared
