"""brat standoff reader: every odd case real corpora write, on inline snippets."""

from __future__ import annotations

import pytest

from nlp_trials.errors import GoldError
from nlp_trials.gold import parse_brat, read_brat, read_brat_dir

TEXT = "Patients on cisplatin with ANC >= 1.5 x 10^9/L"


def _doc(ann: str, text: str = TEXT, **kwargs):
    return parse_brat(text, ann, doc_id="d1", path="d1.ann", **kwargs)


def test_continuous_span():
    doc = _doc("T1\tDrug 12 21\tcisplatin\n")
    (span,) = doc.spans
    assert (span.id, span.label, span.start, span.end, span.text) == ("T1", "Drug", 12, 21, "cisplatin")
    assert span.fragments == ((12, 21),)
    assert not span.discontinuous
    assert doc.warnings == ()


def test_discontinuous_span_keeps_fragments_and_covering_offsets():
    text = "renal or hepatic function"
    doc = _doc("T1\tCondition 0 5;17 25\trenal function\n", text)
    (span,) = doc.spans
    assert span.fragments == ((0, 5), (17, 25))
    assert (span.start, span.end) == (0, 25)
    assert span.text == "renal function"
    assert span.discontinuous
    assert doc.warnings == ()


def test_fragments_written_out_of_order_are_sorted_and_verified_in_written_order():
    # Chia writes some fragments out of text order ('111 162;88 95'), text in the written order.
    text = "function of the liver: impaired"
    doc = _doc("T1\tCondition 23 31;0 8\timpaired function\n", text)
    (span,) = doc.spans
    assert span.fragments == ((0, 8), (23, 31))
    assert span.text == "impaired function"
    assert doc.warnings == ()


def test_ids_with_suffixes():
    doc = _doc("T12_mml\tDrug 12 21\tcisplatin\nR3_x\tHas_value Arg1:T12_mml Arg2:T12_mml\n")
    assert [s.id for s in doc.spans] == ["T12_mml"]
    assert doc.relations[0].head == "T12_mml"


def test_equivalence_lines():
    doc = _doc("T1\tDrug 12 21\tcisplatin\nT2\tCondition 27 30\tANC\n*\tOR T1 T2\n")
    (eq,) = doc.equivalences
    assert (eq.label, eq.members, eq.line) == ("OR", ("T1", "T2"), 3)


def test_relation_with_trailing_tab():
    doc = _doc("T1\tMeasurement 27 30\tANC\nT2\tValue 31 36\t>= 1.\nR1\tHas_value Arg1:T1 Arg2:T2\t\n")
    (rel,) = doc.relations
    assert (rel.id, rel.label, rel.head, rel.tail) == ("R1", "Has_value", "T1", "T2")


def test_events_with_event_arguments_and_numbered_roles():
    ann = (
        "T1\tObservation 27 30\tANC\n"
        "T2\tObservation-Name 27 30\tANC\n"
        "T3\tEq-Comparison 31 46\t>= 1.5 x 10^9/L\n"
        "T4\tEq-Value 34 37\t1.5\n"
        "E2\tEq-Comparison:T3 Value:T4 Value2:T4\n"
        "E1\tObservation:T1 Name:T2 Numeric-Filter:E2\n"
    )
    doc = _doc(ann)
    events = {e.id: e for e in doc.events}
    assert events["E1"].label == "Observation"
    assert events["E1"].trigger == "T1"
    assert [(a.role, a.target) for a in events["E1"].arguments] == [("Name", "T2"), ("Numeric-Filter", "E2")]
    assert [a.role for a in events["E2"].arguments] == ["Value", "Value2"]
    assert doc.warnings == ()


def test_attributes_binary_valued_and_legacy_m():
    ann = "T1\tEq-Operator 31 33\t>=\nA1\tEq-Operator-Value T1 GTEQ\nA2\tNegated T1\nM3\tSpeculation T1\n"
    doc = _doc(ann)
    assert [(a.id, a.name, a.target, a.value) for a in doc.attributes] == [
        ("A1", "Eq-Operator-Value", "T1", "GTEQ"),
        ("A2", "Negated", "T1", None),
        ("M3", "Speculation", "T1", None),
    ]


def test_notes_and_normalizations():
    ann = "T1\tDrug 12 21\tcisplatin\n#1\tAnnotatorNotes T1\tplatinum agent\nN1\tReference T1 DrugBank:DB00515\tCisplatin\n"
    doc = _doc(ann)
    note, norm = doc.notes
    assert (note.kind, note.label, note.target, note.text) == ("note", "AnnotatorNotes", "T1", "platinum agent")
    assert (norm.kind, norm.reference, norm.text) == ("normalization", "DrugBank:DB00515", "Cisplatin")


def test_empty_ann_file(write_brat):
    txt = write_brat("NCT1_inc", "Age 18 or older\n", "")
    doc = read_brat(txt)
    assert doc.id == "NCT1_inc"
    assert doc.text == "Age 18 or older\n"
    assert doc.spans == () and doc.warnings == ()


def test_crlf_offsets_count_two_characters(write_brat):
    # "Adults\r\n" is 8 characters, so "cisplatin" starts at 17 (16 if '\r\n' were translated).
    text = "Adults\r\nNo prior cisplatin\r\n"
    assert text.index("cisplatin") == 17
    txt = write_brat("doc", text, "T1\tDrug 17 26\tcisplatin\r\n")
    doc = read_brat(txt)
    assert doc.text == text  # nothing translated
    (span,) = doc.spans
    assert (span.start, span.end, span.text) == (17, 26, "cisplatin")
    assert doc.warnings == ()


def test_entity_running_over_a_line_break_single_fragment(write_brat):
    text = "Chronic kidney\r\ndisease stage 3"
    start, end = 0, text.index("disease") + len("disease")
    txt = write_brat("doc", text, f"T1\tCondition {start} {end}\tChronic kidney  disease\n")
    doc = read_brat(txt)
    (span,) = doc.spans
    assert span.text == "Chronic kidney\r\ndisease"
    assert not span.discontinuous
    assert doc.warnings == ()


def test_entity_split_by_brat_at_a_line_break_is_not_discontinuous(write_brat):
    text = "Chronic kidney\r\ndisease stage 3"
    second = text.index("disease")
    txt = write_brat("doc", text, f"T1\tCondition 0 14;{second} {second + 7}\tChronic kidney disease\n")
    (span,) = read_brat(txt).spans
    assert span.fragments == ((0, 14), (second, second + 7))
    assert not span.discontinuous


@pytest.mark.parametrize(
    "line",
    [
        "T1\tDrug 12 21",  # no text field
        "T1\tDrug\tcisplatin",  # no offsets
        "T1\tDrug 12 x\tcisplatin",  # not a number
        "R1\tHas_value Arg1:T9",  # one argument
        "R1\tHas_value T9 T8",  # no roles
        "E1\tObservation",  # no trigger
        "A1\tNegated",  # no target
        "*\tOR T1",  # one member
        "#1\tAnnotatorNotes",  # no target
        "X1\twhat is this",  # unknown type
    ],
)
def test_malformed_line_is_reported_with_file_and_line_and_skipped(line):
    ann = f"T9\tDrug 12 21\tcisplatin\n{line}\nT8\tCondition 27 30\tANC\n"
    doc = _doc(ann)
    assert [s.id for s in doc.spans] == ["T9", "T8"]  # reading went on after the bad line
    (warning,) = doc.warnings
    assert (warning.code, warning.kind, warning.path, warning.line) == ("E200", "malformed_line", "d1.ann", 2)
    assert warning.message.startswith("[E200] d1.ann, line 2: malformed brat line")


@pytest.mark.parametrize("offsets", ["30 27", "12 12", "40 99", "12 25;20 30"])
def test_invalid_offsets_are_reported_and_skipped(offsets):
    doc = _doc(f"T1\tDrug {offsets}\tx\n")
    assert doc.spans == ()
    (warning,) = doc.warnings
    assert (warning.code, warning.kind, warning.line) == ("E201", "bad_offsets", 1)


def test_text_mismatch_is_reported_and_skipped():
    doc = _doc("T1\tDrug 12 21\tcarboplatin\nT2\tCondition 27 30\tANC\n")
    assert [s.id for s in doc.spans] == ["T2"]
    (warning,) = doc.warnings
    assert (warning.code, warning.kind, warning.line) == ("E202", "text_mismatch", 1)
    assert "'carboplatin'" in warning.message and "'cisplatin'" in warning.message


def test_text_mismatch_can_be_kept_on_request():
    doc = _doc("T1\tDrug 12 21\tcarboplatin\n", keep_mismatched=True)
    assert [s.text for s in doc.spans] == ["cisplatin"]
    assert [w.kind for w in doc.warnings] == ["text_mismatch"]


def test_span_ending_on_carriage_return_is_trimmed_and_reported():
    # Chia has spans whose end offset includes the '\r' of a '\r\n'.
    text = "first trimester\r\nnext"
    doc = _doc("T1\tCondition 0 16\tfirst trimester\n", text)
    (span,) = doc.spans
    assert (span.start, span.end, span.text) == (0, 15, "first trimester")
    (warning,) = doc.warnings
    assert (warning.code, warning.kind) == ("E205", "whitespace_trimmed")


def test_duplicate_id_keeps_the_first():
    doc = _doc("T1\tDrug 12 21\tcisplatin\nT1\tCondition 27 30\tANC\n")
    assert [(s.id, s.label) for s in doc.spans] == [("T1", "Drug")]
    (warning,) = doc.warnings
    assert (warning.code, warning.kind, warning.line) == ("E203", "duplicate_id", 2)


def test_references_to_skipped_or_undefined_ids_are_reported_and_cascade():
    ann = (
        "T1\tDrug 12 21\tWRONG\n"  # skipped: text mismatch
        "R1\tHas_value Arg1:T1 Arg2:T2\n"  # T2 never defined
        "T3\tObservation 27 30\tANC\n"
        "E1\tEq-Comparison:T1\n"  # trigger was skipped
        "E2\tObservation:T3 Numeric-Filter:E1\n"  # points at the dropped event
        "A1\tNegated E2\n"
        "*\tOR T1 T3\n"
    )
    doc = _doc(ann)
    assert [s.id for s in doc.spans] == ["T3"]
    assert doc.relations == () and doc.events == () and doc.attributes == () and doc.equivalences == ()
    dangling = sorted((w.line, w.code) for w in doc.warnings if w.kind == "dangling_reference")
    assert dangling == [(2, "E204"), (4, "E204"), (5, "E204"), (6, "E204"), (7, "E204")]


def test_ann_with_crlf_line_endings_and_blank_lines():
    doc = _doc("T1\tDrug 12 21\tcisplatin\r\n\r\n\r\nT2\tCondition 27 30\tANC\r\n")
    assert [s.text for s in doc.spans] == ["cisplatin", "ANC"]
    assert doc.warnings == ()


def test_read_brat_without_ann_is_empty_with_a_warning(write_brat):
    txt = write_brat("doc", "text", None)
    doc = read_brat(txt)
    assert doc.spans == ()
    assert [w.code for w in doc.warnings] == ["E207"]


def test_read_brat_dir_pairs_files_and_reports_missing_ones(write_brat, tmp_path):
    write_brat("NCT2_inc", TEXT, "T1\tDrug 12 21\tcisplatin\n")
    write_brat("NCT1_exc", TEXT, "")
    write_brat("NCT3_inc", TEXT, None)
    (tmp_path / "orphan.ann").write_text("T1\tDrug 0 1\tP\n", encoding="utf-8")
    write_brat("NCT4_inc", TEXT, "T1\tDrug 12 21\tcisplatin\n", folder="sub")
    corpus = read_brat_dir(tmp_path)
    assert [d.id for d in corpus.documents] == ["NCT1_exc", "NCT2_inc", "NCT3_inc", "sub/NCT4_inc"]
    assert [w.code for w in corpus.warnings] == ["E206"]
    assert [w.code for w in corpus.all_warnings()] == ["E206", "E207"]


def test_read_brat_dir_errors(tmp_path):
    with pytest.raises(GoldError, match=r"\[E211\]"):
        read_brat_dir(tmp_path / "nope")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(GoldError, match=r"\[E212\]"):
        read_brat_dir(tmp_path)


def test_non_utf8_text_is_skipped_with_a_warning_in_a_directory(tmp_path, write_brat):
    write_brat("good", TEXT, "")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bad")
    (tmp_path / "bad.ann").write_text("", encoding="utf-8")
    corpus = read_brat_dir(tmp_path)
    assert [d.id for d in corpus.documents] == ["good"]
    assert [(w.code, w.kind) for w in corpus.warnings] == [("E214", "unreadable")]
