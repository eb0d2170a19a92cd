"""Conjuncts that share a disease's head: the pure reading on inline spans, and the assembled pipeline."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from nlp_trials.pipeline.ellipsis import elided_conjuncts

VOCABULARY = {
    ("breast", "cancer"): "disease:breast cancer",
    ("ovarian", "cancer"): "disease:ovarian cancer",
    ("lung", "metastases"): "disease:lung metastases",
    ("liver", "metastases"): "disease:liver metastases",
    ("hepatitis", "c"): "disease:hepatitis c",
    ("metabolic", "disorders"): "disease:metabolic disorders",
    ("acute", "disease"): "disease:acute disease",
}


def lookup(tokens, label):
    return VOCABULARY.get(tuple(tokens)) if label == "DISEASE" else None


def read(text: str, *names: str) -> list[tuple[str, str]]:
    doc = spacy.blank("en")(text)
    spans = []
    for name in names:
        start = text.index(name)
        spans.append(doc.char_span(start, start + len(name), label="DISEASE"))
    return [(s.text, s.id_) for s in elided_conjuncts(doc, spans, lookup)]


def test_a_conjunct_before_takes_the_head_after_it():
    assert read("History of breast or ovarian cancer", "ovarian cancer") == [("breast", "disease:breast cancer")]
    assert read("lung, liver or brain metastases", "brain metastases") == [
        ("liver", "disease:liver metastases"), ("lung", "disease:lung metastases"),
    ]


def test_a_conjunct_after_takes_the_head_before_it():
    assert read("Active hepatitis B or C infection", "hepatitis B") == [("C", "disease:hepatitis c")]


def test_no_name_the_vocabulary_lacks_no_disease_of_its_own_and_no_qualifier():
    assert read("History of kidney or ovarian cancer", "ovarian cancer") == []
    # "breast" is a disease candidate already: nothing is added over it.
    assert read("breast or ovarian cancer", "breast", "ovarian cancer") == []
    # A course word qualifies the shared name; a generic head after a shared first part starts a new name.
    assert read("acute or chronic disease", "chronic disease") == []
    assert read("severe metabolic diseases, disorders such as diabetes", "metabolic diseases") == []
    # Nothing crosses a line break.
    assert read("breast\nor ovarian cancer", "ovarian cancer") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("History of breast or ovarian cancer", [("breast", "breast cancer"), ("ovarian cancer", "ovarian cancer")]),
        ("Active hepatitis B or C infection", [("Active hepatitis B", "hepatitis b"), ("C", "hepatitis c")]),
        ("small cell or non-small cell lung cancer", [("small cell", "lung small cell carcinoma"), ("non-small cell lung cancer", "lung non-small cell carcinoma")]),
        ("cancer of the breast or colon", [("cancer of the breast", "breast cancer"), ("colon", "colon cancer")]),
        ("bacterial, fungal, or viral infection", [("bacterial", "bacterial infection"), ("fungal", "fungal infectious disease"), ("viral infection", "viral infection")]),
        # Gynaecologic oncology's usual list.
        ("epithelial ovarian, fallopian tube, or primary peritoneal cancer",
         [("epithelial ovarian", "ovary epithelial cancer"), ("fallopian tube", "fallopian tube cancer"), ("primary peritoneal cancer", "peritoneal carcinoma")]),
        # PDQ's skin-cancer exception, either way round.
        ("basal cell or squamous cell skin cancer", [("basal cell", "basal cell carcinoma"), ("squamous cell skin cancer", "skin squamous cell carcinoma")]),
        ("squamous or basal cell skin cancer", [("squamous", "skin squamous cell carcinoma"), ("basal cell skin cancer", "basal cell carcinoma")]),
        # Lab tests are completed from the measures ruler's phrases.
        ("total or direct bilirubin > 1.5 x ULN", [("total", "total bilirubin"), ("direct bilirubin", "direct bilirubin")]),
    ],
)
def test_the_pipeline_names_the_elided_names(nlp, text, expected):
    doc = nlp(text)
    assert [(e.text, e._.norm) for e in doc.ents if e.label_ in ("DISEASE", "LAB_TEST") and e.text != "infection"] == expected


def test_a_missing_lexicon_is_named():
    from nlp_trials.errors import ComponentError

    blank = spacy.blank("en")
    component = blank.add_pipe("trials_ellipsis", config={"lexicons": ["no_such_ruler"]})
    doc = blank.make_doc("breast or ovarian cancer")
    doc.spans["trials_entities"] = []
    with pytest.raises(ComponentError, match="E113.*no_such_ruler"):
        component(doc)


@pytest.mark.parametrize(
    "text, alteration, expected",
    [
        ("BRCA1 or BRCA2 mutation", "BRCA2 mutation", [("BRCA1", "disease:brca1 mutation")]),
        ("KRAS, NRAS or BRAF mutations", "BRAF mutations", [("NRAS", "disease:nras mutations"), ("KRAS", "disease:kras mutations")]),
        ("history of ALK rearrangement", "ALK rearrangement", []),  # no symbol listed before it
        ("HIV or EGFR mutation", "EGFR mutation", []),  # HIV is a disease of its own
        ("patients or EGFR mutation", "EGFR mutation", []),  # no symbol
    ],
)
def test_gene_symbols_listed_before_an_alteration_share_it(text, alteration, expected):
    from nlp_trials.pipeline.ellipsis import elided_alterations

    doc = spacy.blank("en")(text)
    start = text.index(alteration)
    cand = doc.char_span(start, start + len(alteration))
    candidates = [Span(doc, cand.start, cand.end, label="DISEASE", span_id="disease:gene alteration")]
    if text.startswith("HIV"):
        candidates.append(Span(doc, 0, 1, label="DISEASE", span_id="disease:hiv"))
    assert [(s.text, s.id_) for s in elided_alterations(doc, candidates)] == expected


def test_listed_gene_symbols_through_the_pipeline(nlp):
    doc = nlp("Known KRAS, NRAS or BRAF mutations")
    assert {e.text: e._.norm for e in doc.ents} == {"KRAS": "kras mutations", "NRAS": "nras mutations", "BRAF mutations": "braf mutations"}
