"""`nlp-trials annotate` and its output formats: JSONL, brat, DocBin, HTML round trips."""

from __future__ import annotations

import json

import pytest
from spacy.tokens import DocBin
from typer.testing import CliRunner

from nlp_trials.annotate import annotate_documents, iter_documents
from nlp_trials.cli import app
from nlp_trials.export.spans import doc_spans
from nlp_trials.gold.brat import read_brat

runner = CliRunner()
TEXT = "Inclusion Criteria:\r\n* Small cell lung cancer (SCLC)\r\n* No prior cisplatin\r\n"


def _annotate(model_dir, inputs, out, fmt):
    result = runner.invoke(app, ["annotate", *map(str, inputs), "-o", str(out), "-f", fmt, "-m", str(model_dir), "-q"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def text_file(tmp_path):
    path = tmp_path / "criteria.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def test_text_file_is_one_document_with_offsets_into_the_exact_file(model_dir, text_file, tmp_path):
    out = tmp_path / "a.jsonl"
    _annotate(model_dir, [text_file], out, "jsonl")
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["id"] == "criteria" and record["text"] == TEXT
    assert all(TEXT[s["start"]:s["end"]] == s["text"] for s in record["spans"])
    by_text = {s["text"]: s for s in record["spans"]}
    assert by_text["Small cell lung cancer"]["label"] == "DISEASE"
    assert by_text["cisplatin"] == {
        "start": TEXT.index("cisplatin"), "end": TEXT.index("cisplatin") + 9, "label": "DRUG", "text": "cisplatin",
        "norm": "cisplatin", "id": "DRUGBANK:DB00515", "kind": "agent", "negated": True,
    }


def test_jsonl_spans_are_the_pipeline_spans(nlp, samples, model_dir, tmp_path):
    out = tmp_path / "s.jsonl"
    _annotate(model_dir, [samples["000"]], out, "jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    direct = [doc_spans(doc) for _, doc in annotate_documents(nlp, iter_documents([str(samples["000"])]))]
    assert [r["spans"] for r in records] == direct
    criteria = [r for r in records if r["meta"]["field"] == "eligibility.criteria"]
    page = samples["000"].read_text(encoding="utf-8")
    for r in criteria:
        assert page[r["meta"]["offset"]:r["meta"]["offset"] + len(r["text"])] == r["text"]
    assert {r["meta"]["field"] for r in records} >= {"eligibility.criteria", "arms[1].description", "interventions[1].description"}


def test_brat_offsets_match_the_text(model_dir, samples, text_file, tmp_path):
    out = tmp_path / "brat"
    _annotate(model_dir, [samples["001"], text_file], out, "brat")
    assert (out / "annotation.conf").exists()
    anns = sorted(out.glob("*.ann"))
    assert len(anns) > 50
    n_spans = 0
    for ann in anns:
        doc = read_brat(ann.with_suffix(".txt"), ann)
        assert not doc.warnings, doc.warnings
        for span in doc.spans:
            n_spans += 1
            assert doc.text[span.start:span.end].split() == span.text.split()
    assert n_spans > 30
    crlf = (out / "criteria.txt").read_bytes()
    assert crlf == TEXT.encode("utf-8")


def test_docbin_loads_with_entities_and_meta(model_dir, nlp, samples, tmp_path):
    out = tmp_path / "s.spacy"
    _annotate(model_dir, [samples["002"]], out, "spacy")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) > 20
    assert any(e.label_ == "DISEASE" for d in docs for e in d.ents)
    assert all(d.user_data.get("doc_id", "").startswith("NCT07289048") for d in docs)


def test_html_page_has_a_section_per_document(model_dir, samples, tmp_path):
    out = tmp_path / "s.html"
    _annotate(model_dir, [samples["004"]], out, "html")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    # 15 criteria, the arm's description and the four interventions' descriptions.
    assert page.count("<section>") == 15 + 1 + 4
    assert "DISEASE" in page


def test_bad_records_are_reported_and_the_rest_written(model_dir, text_file, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["annotate", str(bad), str(text_file), "-o", str(out), "-m", str(model_dir), "-q"])
    assert result.exit_code == 1
    assert "bad.json" in result.stderr and "[E003]" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_unknown_output_format_is_refused(model_dir, text_file, tmp_path):
    result = runner.invoke(app, ["annotate", str(text_file), "-o", str(tmp_path / "x"), "-f", "xml", "-m", str(model_dir)])
    assert result.exit_code == 2 and "allowed formats" in result.stderr


def test_an_enormous_document_is_reported_and_the_batch_goes_on(model_dir, text_file, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("* " + "ANC >= 1.5 x 10^9/L and " * 50_000, encoding="utf-8")
    out = tmp_path / "o.jsonl"
    result = runner.invoke(app, ["annotate", str(big), str(text_file), "-o", str(out), "-m", str(model_dir), "-q"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "big.txt" in errors[0] and "[E016]" in errors[0]
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["criteria"]


def test_annotate_tags_a_short_form_defined_in_another_criterion_of_the_record(nlp):
    from nlp_trials.annotate import records_documents
    from nlp_trials.schema import Criterion, Eligibility, Source, Trial

    texts = ["History of tumor lysis syndrome (TLS)", "TLS within 3 months"]
    crits = [Criterion(id=f"E{i + 1}", kind="exclusion", text=t, start=0, end=len(t)) for i, t in enumerate(texts)]
    trials = [Trial(id=f"NCT{n}", source=Source(format="ctgov-json", path="x.json", index=n), eligibility=Eligibility(criteria=crits[n:]))
              for n in (0, 1)]
    out = list(annotate_documents(nlp, records_documents((t, None) for t in trials)))
    tagged = [[e.text for e in doc.ents if e.label_ == "DISEASE"] for _, doc in out]
    # Record NCT0 defines TLS in its first criterion; record NCT1 holds only the second criterion.
    assert tagged == [["tumor lysis syndrome", "TLS"], ["TLS"], []]


def test_an_age_range_under_its_sub_heading_is_no_lab_value(nlp):
    from spacy.tokens import Span

    from nlp_trials.annotate import _drop_heading_ages, records_documents
    from nlp_trials.documents import Document
    from nlp_trials.schema import Criterion, Eligibility, Source, Trial

    # The criterion's sub-heading travels in the document's meta.
    crits = [Criterion(id="I1", kind="inclusion", text="15 to 65", start=0, end=8, heading="Age"), Criterion(id="I2", kind="inclusion", text="HIV negative", start=9, end=21)]
    trial = Trial(id="NCT1", source=Source(format="ctgov-xml", path="x.xml"), eligibility=Eligibility(criteria=crits))
    assert [document.meta.get("heading") for document, _ in annotate_documents(nlp, records_documents([(trial, None)]))] == ["Age", None]
    # Under "Age", a value no test takes is the age range (the model proposes such values).
    for heading, kept in (("Age", []), ("Renal", ["LAB_VALUE"])):
        doc = nlp.make_doc("15 to 65")
        doc.ents = [Span(doc, 0, len(doc), label="LAB_VALUE")]
        _drop_heading_ages(doc, Document(id="NCT1:I1", text=doc.text, meta={"heading": heading}))
        assert [e.label_ for e in doc.ents] == kept


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_document_the_pipeline_fails_on_is_reported_in_its_place(n_process):
    import spacy

    from nlp_trials.documents import Document
    from nlp_trials.errors import RecordError

    @spacy.Language.component("test_annotate_fails_on_boom")
    def fails_on_boom(doc):  # a function component: spaCy calls the error handler per document
        if "BOOM" in doc.text:
            raise ValueError("a component defect")
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_annotate_fails_on_boom")
    meta = {"source": "r.json", "index": 0, "trial_id": "T1"}
    docs = [Document(id=f"T1:I{i}", text=t, meta=meta) for i, t in enumerate(["fine", "BOOM", "also fine"])]
    docs.append(Document(id="T2:I0", text="next record", meta={**meta, "index": 1, "trial_id": "T2"}))
    out = list(annotate_documents(nlp, docs, batch_size=2, n_process=n_process))
    assert [o.reason.split(" ")[0].strip("[]") if isinstance(o, RecordError) else o[0].id for o in out] == ["T1:I0", "E018", "T1:I2", "T2:I0"]
    assert "document T1:I1" in out[1].reason and "a component defect" in out[1].reason and out[1].path == "r.json"
    assert [doc.text for o in out if not isinstance(o, RecordError) for doc in [o[1]]] == ["fine", "also fine", "next record"]
    assert nlp.default_error_handler.__name__ == "raise_error"


def test_a_failing_pipe_component_costs_only_its_document_in_worker_processes():
    import spacy

    from nlp_trials.enrich import pipe_isolating

    class FailsOnBoom:
        """A component with .pipe: a failure in a worker loses the worker's whole batch."""

        def __call__(self, doc):
            if "BOOM" in doc.text:
                raise ValueError("a batch defect")
            return doc

        def pipe(self, docs, **_):
            for doc in docs:
                yield self(doc)

    @spacy.Language.factory("test_annotate_fails_in_pipe")
    def make(nlp, name):
        return FailsOnBoom()

    nlp = spacy.blank("en")
    nlp.add_pipe("test_annotate_fails_in_pipe")
    texts = [(t, i) for i, t in enumerate(["a", "b", "BOOM", "c", "d", "e", "BOOM again", "f"])]
    out = list(pipe_isolating(nlp, texts, batch_size=2, n_process=2))
    assert [c for _, c in out] == list(range(8))
    assert [type(d).__name__ for d, _ in out] == ["Doc", "Doc", "ValueError", "Doc", "Doc", "Doc", "ValueError", "Doc"]
