"""The assembled rule pipeline: build, save, load (with and without importing nlp_trials), run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import DocBin

from nlp_trials.errors import PatternError
from nlp_trials.pipeline.assemble import DEFAULT_PATTERNS, assemble


def test_pipeline_components_and_no_analysis_problems(nlp):
    assert nlp.pipe_names == [
        "trials_lexicon",
        "trials_measures",
        "trials_value_rules",
        "trials_drug_spelling",
        "trials_abbreviations",
        "trials_ellipsis",
        "trials_resolver",
        "trials_context",
        "trials_linker",
    ]
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert all(not p for p in problems.values()), problems


def test_tokenizer_is_the_trials_tokenizer(nlp):
    assert [t.text for t in nlp.make_doc("CrCl>=60mL/min")][:3] == ["CrCl", ">=", "60"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Histologically confirmed small cell lung cancer (SCLC).", [("small cell lung cancer", "DISEASE"), ("SCLC", "DISEASE")]),
        ("Prior treatment with warfarin is not allowed", [("warfarin", "DRUG")]),
        ("Active HBV or HCV infection", [("HBV", "DISEASE"), ("HCV infection", "DISEASE")]),
        ("active EBV infection or CMV disease; IgA nephropathy", [("EBV infection", "DISEASE"), ("CMV disease", "DISEASE"), ("IgA nephropathy", "DISEASE")]),
    ],
)
def test_drugs_and_diseases_are_tagged(nlp, text, expected):
    doc = nlp(text)
    got = [(e.text, e.label_) for e in doc.ents]
    for item in expected:
        assert item in got, got


def test_entities_carry_norm_code_and_context(nlp):
    doc = nlp("No history of interstitial lung disease or prior cisplatin.")
    by_text = {e.text: e for e in doc.ents}
    ild, cis = by_text["interstitial lung disease"], by_text["cisplatin"]
    assert ild._.norm == "interstitial lung disease" and ild._.code == "DOID:3082"
    assert ild._.context == {"negated": True}
    assert cis._.code == "DRUGBANK:DB00515" and cis._.context["historical"] is True


def test_spacy_load_works_without_importing_nlp_trials(model_dir):
    code = (
        "import sys, spacy\n"
        f"nlp = spacy.load({str(model_dir)!r})\n"
        "print([(e.text, e.label_) for e in nlp('Patients receiving cisplatin').ents])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "('cisplatin', 'DRUG')" in out.stdout


def test_docbin_keeps_context(nlp):
    doc = nlp("No prior cisplatin.")
    db = DocBin(store_user_data=True)
    db.add(doc)
    (back,) = DocBin(store_user_data=True).from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    assert [(e.text, e._.context) for e in back.ents] == [("cisplatin", {"negated": True})]


def test_multiprocessing_keeps_order(nlp):
    texts = [f"Patients with SCLC number {i} receiving cisplatin" for i in range(6)]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    assert [d.text for d in docs] == texts
    assert all([e.label_ for e in d.ents] == ["DISEASE", "DRUG"] for d in docs)


def test_a_bad_pattern_line_stops_the_build_with_file_and_line(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(DEFAULT_PATTERNS, patterns)
    with (patterns / "drugs_curated.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"label": "DRUGG", "pattern": "x"}) + "\n")
    with pytest.raises(PatternError, match=r"\[E102\].*drugs_curated\.jsonl, line \d+: .*'DRUGG' is not an allowed label"):
        assemble(patterns_dir=patterns)


def test_a_phrase_listed_twice_for_one_ruler_stops_the_build(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(DEFAULT_PATTERNS, patterns)
    with (patterns / "drugs_curated.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"label": "DRUG", "pattern": "Cisplatin", "id": "drug:other"}) + "\n")
    with pytest.raises(PatternError, match=r"\[E106\].*duplicate for 'cisplatin': DRUG drug:other at drugs_curated\.jsonl:\d+, DRUG drug:cisplatin\S* at drugs\.jsonl:\d+"):
        assemble(patterns_dir=patterns)


def test_a_missing_pipeline_folder_is_a_clear_error(tmp_path, monkeypatch, capsys):
    from nlp_trials.errors import NlpTrialsError
    from nlp_trials.pipeline.assemble import load

    with pytest.raises(NlpTrialsError, match=r"\[E108\] no pipeline at .*nowhere.*nlp-trials assemble"):
        load(tmp_path / "nowhere")
    # On the command line it is one line on standard error and exit code 2, not a traceback.
    import sys

    from nlp_trials.cli import main

    monkeypatch.setattr(sys, "argv", ["nlp-trials", "annotate", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "-m", str(tmp_path / "nowhere")])
    (tmp_path / "a.txt").write_text("Inclusion Criteria:\n- ANC > 1.5\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "[E108]" in err and "Traceback" not in err


def test_the_default_rule_pipeline_is_assembled_again_when_a_source_is_newer(tmp_path, monkeypatch):
    import os

    import nlp_trials.pipeline.assemble as assemble_module

    patterns = tmp_path / "patterns"
    shutil.copytree(DEFAULT_PATTERNS, patterns)
    model = tmp_path / "trials_rules"
    monkeypatch.setattr(assemble_module, "DEFAULT_PATTERNS", patterns)
    built: list[str] = []
    real = assemble_module.assemble

    def counting(**kwargs):
        built.append(str(kwargs.get("output")))
        return real(patterns_dir=patterns, **kwargs)

    monkeypatch.setattr(assemble_module, "assemble", counting)
    assemble_module.ensure_rules(model)  # first use
    assemble_module.ensure_rules(model)  # up to date: nothing to do
    assert built == [str(model)]
    later = (model / "config.cfg").stat().st_mtime + 10
    os.utime(patterns / "routes.jsonl", (later, later))
    assemble_module.ensure_rules(model)
    assert built == [str(model), str(model)]


def test_a_scale_known_by_the_shape_of_its_name_is_its_own_test(nlp) -> None:
    doc = nlp("Exclusion: score > 1 on the Richmond Agitation and Sedation Scale; Oswestry Walking Disability Index > 10")
    tests = [(e.text, e._.norm) for e in doc.ents if e.label_ == "LAB_TEST"]
    assert ("Richmond Agitation and Sedation Scale", "richmond agitation and sedation scale") in tests
    assert ("Oswestry Walking Disability Index", "oswestry walking disability index") in tests
    assert "unlisted score" not in {norm for _, norm in tests}
