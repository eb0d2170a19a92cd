"""Drug names misspelt by one letter (nlp_trials.pipeline.drug_spelling)."""

from __future__ import annotations

import pytest
import spacy

from nlp_trials.errors import ComponentError
from nlp_trials.pipeline.drug_spelling import NAMES_FILE, TrialsDrugSpelling, canonical_names, correct, edge_index, one_edit, spelling_vocabulary
from nlp_trials.pipeline.registrations import create_drug_spellings_reader

NAMES = {
    "temozolomide": "drug:temozolomide|DRUGBANK:DB00853",
    "capecitabine": "drug:capecitabine|DRUGBANK:DB01101",
    "doxorubicin": "drug:doxorubicin|DRUGBANK:DB00997",
    "daunorubicin": "drug:daunorubicin|DRUGBANK:DB00694",
    "glutarates": "drug:glutarates|DRUGBANK:DB00000",
}
INDEX = edge_index(NAMES)


@pytest.mark.parametrize(
    "word,expected",
    [
        ("temzolomide", "temozolomide"),  # a letter dropped
        ("temozolamide", "temozolomide"),  # a letter changed
        ("Capectiabine", "capecitabine"),  # two letters swapped
        ("capeciitabine", "capecitabine"),  # a letter added
        ("doxorubucin", "doxorubicin"),
        ("Doxorubucin", "doxorubicin"),
        ("doxorubicin", None),  # the name itself
        ("daunorubucin", "daunorubicin"),
        ("glutarate", None),  # one letter from "glutarates", but the last letters differ
        ("temozolomido", None),  # the last letters differ
        ("xemozolomide", None),  # the first letters differ
        ("temozo", None),
    ],
)
def test_correct(word, expected):
    assert correct(word, NAMES, INDEX) == expected


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ("abcd", "abce", True), ("abcd", "abc", True), ("abc", "abcd", True), ("abcd", "bacd", True),
        ("abcd", "abdc", True), ("abcd", "abcd", False), ("abxcd", "abcyd", False), ("abcd", "acbe", False),
        ("abcd", "ab", False),
    ],
)
def test_one_edit(a, b, expected):
    assert one_edit(a, b) is expected


def test_a_word_one_edit_from_two_names_is_no_drug():
    names = {"abcdefghij": "drug:a|DRUGBANK:DB1", "abcdefghkj": "drug:b|DRUGBANK:DB2"}
    assert correct("abcdefghxj", names, edge_index(names)) is None


def test_canonical_names_keep_long_single_word_drugbank_names_of_their_own_id():
    records = [
        {"label": "DRUG", "pattern": "temozolomide", "id": "drug:temozolomide|DRUGBANK:DB00853"},
        {"label": "DRUG", "pattern": "temodar", "id": "drug:temozolomide|DRUGBANK:DB00853"},  # a brand
        {"label": "DRUG", "pattern": "testostérone", "id": "drug:testosterone|DRUGBANK:DB13946"},  # a variant
        {"label": "DRUG", "pattern": "homocystine", "id": "drug:homocystine"},  # no DrugBank id
        {"label": "DRUG", "pattern": "cisplatin", "id": "drug:cisplatin|DRUGBANK:DB00515"},
        {"label": "DRUG", "pattern": "5-fluorouracil", "id": "drug:fluorouracil|DRUGBANK:DB00544"},
        {"label": "DRUG", "pattern": [{"LOWER": "doxorubicin"}], "id": "drug:doxorubicin|DRUGBANK:DB00997"},
        {"label": "DISEASE", "pattern": "carcinomatosis", "id": "disease:carcinomatosis"},
    ]
    assert canonical_names(records) == {"temozolomide": "drug:temozolomide|DRUGBANK:DB00853", "cisplatin": "drug:cisplatin|DRUGBANK:DB00515"}


def test_a_known_word_is_never_corrected():
    vocabulary = spelling_vocabulary([
        {"label": "DRUG", "pattern": "quinbolone", "id": "drug:quinbolone|DRUGBANK:DB01234"},
        {"label": "DRUG", "pattern": "quinolone", "id": "drug:quinolones"},
        {"label": "DRUG", "pattern": "quinolone antibiotics", "id": "drug:quinolones"},
    ])
    assert vocabulary == {"names": {"quinbolone": "drug:quinbolone|DRUGBANK:DB01234"}, "known": ["quinolone"]}
    names = vocabulary["names"]
    assert correct("quinolone", names, edge_index(names)) == "quinbolone"
    assert correct("quinolone", names, edge_index(names), vocabulary["known"]) is None


def test_the_shipped_drug_patterns_give_thousands_of_names():
    from nlp_trials.pipeline.assemble import DEFAULT_PATTERNS

    vocabulary = create_drug_spellings_reader(str(DEFAULT_PATTERNS), ["drugs_curated.jsonl", "drugs.jsonl"])
    names, known = vocabulary["names"], frozenset(vocabulary["known"])
    assert len(names) > 3000 and len(known) > 10000
    assert names["temozolomide"].startswith("drug:temozolomide|DRUGBANK:")
    # English words, and drug names of other spellings, one letter from a drug are not corrected.
    index = edge_index(names)
    for word in ("glutamate", "fertility", "homocysteine", "penetrates", "targeting", "testosterone", "quinolone", "thymoglobulin"):
        assert correct(word, names, index, known) is None, word
    assert correct("dexamethazone", names, index, known) == "dexamethasone"


def test_in_the_pipeline(nlp):
    doc = nlp("Temzolomide (TMZ) 150 mg/m2 daily on days 1-5; oxalipatin 130 mg/m2 IV; glutamate levels")
    drugs = [(e.text, e.ent_id_) for e in doc.ents if e.label_ == "DRUG"]
    assert drugs == [
        ("Temzolomide", "drug:temozolomide|DRUGBANK:DB00853"),
        ("TMZ", "drug:temozolomide|DRUGBANK:DB00853"),
        ("oxalipatin", "drug:oxaliplatin|DRUGBANK:DB00526"),
    ]


def test_a_word_another_span_covers_is_left_alone():
    nlp = spacy.blank("en")
    component = TrialsDrugSpelling(spans_key="sc", names=NAMES)
    doc = nlp("temzolomide and doxorubucin")
    doc.spans["sc"] = [doc[0:1]]
    component(doc)
    assert [(s.text, s.label_) for s in doc.spans["sc"]] == [("temzolomide", ""), ("doxorubucin", "DRUG")]


def test_round_trips(tmp_path):
    component = TrialsDrugSpelling(spans_key="sc", names=NAMES, known=["temodal"])
    from_bytes = TrialsDrugSpelling(spans_key="sc").from_bytes(component.to_bytes())
    assert (from_bytes.names, from_bytes.known) == (NAMES, frozenset({"temodal"}))
    component.to_disk(tmp_path / "c")
    assert (tmp_path / "c" / NAMES_FILE).is_file()
    loaded = TrialsDrugSpelling(spans_key="sc").from_disk(tmp_path / "c")
    assert loaded.names == NAMES and loaded.known == frozenset({"temodal"})
    assert correct("temzolomide", loaded.names, loaded.index) == "temozolomide"
    with pytest.raises(ComponentError, match="E138"):
        TrialsDrugSpelling(spans_key="sc").from_disk(tmp_path / "missing")
