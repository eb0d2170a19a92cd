"""The one table of every ``Doc``/``Span`` extension nlp_trials sets.

Stored values are plain (ints, strings, lists and dicts of them) so that ``DocBin(store_user_data=True)``
and ``nlp.pipe(n_process=2)`` keep working; everything richer is a getter computed from offsets and
text. :func:`register_extensions` is idempotent and is called by the components that need the
extensions, never at package import.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from ..quantities import parse_duration, parse_quantity
from .drug_names import CODE_NAME_KEY, STEM_NAME_KEY, TARGET_CLASS_KEYS, code_name_norm, drug_kind, target_class_norm
from .grades import condition_grade
from .patterns import parse_pattern_id
from .qualifiers import ALTERATION_KEY
from .test_heads import MARKER_EXPRESSION_KEY, UNLISTED_SCORE_KEY
from .tokenizer import is_line_wrap

#: Labels whose text is parsed into numbers by :func:`span_value`.
QUANTITY_LABELS = frozenset({"DOSE", "LAB_VALUE"})
DURATION_LABELS = frozenset({"DURATION"})
CONTEXT_FLAGS: tuple[str, ...] = ("negated", "historical", "conditional", "exception", "hypothetical")


def span_norm(span: Span) -> str | None:
    """The normalized concept name from the pattern id (``drug:cisplatin|...`` -> ``cisplatin``).

    A sponsor code name without a vocabulary entry ("SYS6002") is its own name, upper-cased; a name
    known only by its INN stem ("tarlatamab"), a scale known only by the shape of its name
    ("Richmond Agitation and Sedation Scale"), a marker's expression ("CLDN18.2 expression") or a
    gene alteration ("KRAS G12C mutation") is its own text, lower-cased.
    """
    if not span.id_:
        if span.label_ == "DRUG" and drug_kind(span.text, None, None) == "code":
            return code_name_norm(span.text)
        return None
    try:
        key = parse_pattern_id(span.id_).key
    except ValueError:
        return None
    if key == CODE_NAME_KEY:
        return code_name_norm(span.text)
    if key in TARGET_CLASS_KEYS:
        return target_class_norm(span.text)
    if (
        key == STEM_NAME_KEY
        or (key in (UNLISTED_SCORE_KEY, MARKER_EXPRESSION_KEY) and span.label_ == "LAB_TEST")
        or (key == ALTERATION_KEY and span.label_ == "DISEASE")
    ):
        return " ".join(span.text.lower().split())
    return key


def span_code(span: Span) -> str | None:
    """The vocabulary code from the pattern id (``DRUGBANK:DB00515``), if the vocabulary has one."""
    if not span.id_:
        return None
    try:
        return parse_pattern_id(span.id_).code
    except ValueError:
        return None


def span_kind(span: Span) -> str | None:
    """For a DRUG: ``agent``, ``class`` or ``code`` (see :mod:`.drug_names`); None for other labels."""
    if span.label_ != "DRUG":
        return None
    key = None
    if span.id_:
        try:
            key = parse_pattern_id(span.id_).key
        except ValueError:
            key = None
    return drug_kind(span.text, key, span_code(span))


def span_value(span: Span) -> dict[str, Any] | None:
    """Parsed numbers of a DOSE, LAB_VALUE or DURATION span (see :mod:`nlp_trials.quantities`)."""
    if span.label_ in QUANTITY_LABELS:
        parsed = parse_quantity(span.text)
    elif span.label_ in DURATION_LABELS:
        parsed = parse_duration(span.text)
    else:
        return None
    return parsed.to_dict() if parsed else None


def span_grade(span: Span) -> dict[str, Any] | None:
    """The grade bound written next to a DISEASE span (see :mod:`.grades`), or None."""
    return condition_grade(span)


def span_broader(span: Span) -> dict[str, str | None] | None:
    """The concept a widened name holds (``doc._.trial_broader``): ``{"norm", "id"}`` of the rule
    disease inside a longer name the trained model proposed ("ventricular arrhythmias" holds
    "arrhythmias", cardiac arrhythmia), which names a broader concept than the span; None for others."""
    for start, end, inner_start, inner_end, pattern_id in span.doc._.trial_broader:
        if start == span.start_char and end == span.end_char:
            inner = span.doc.char_span(inner_start, inner_end, label=span.label_)
            if inner is None:
                return None
            inner.id_ = pattern_id
            norm = span_norm(inner)
            return {"norm": norm, "id": span_code(inner)} if norm else None
    return None


def span_context(span: Span) -> dict[str, bool]:
    """Context flags (negated, historical, ...) the context component stored for this span's offsets."""
    for start, end, flags in span.doc._.trial_context:
        if start == span.start_char and end == span.end_char:
            return dict(flags)
    return {}


#: The doc extensions that say where a doc's text comes from (set by the caller, see below); a doc
#: run again for its record (``abbreviations.annotate_record``) carries them over.
DOCUMENT_META_EXTENSIONS: tuple[str, ...] = ("trial_id", "trial_field", "criterion_id", "criterion_kind", "offset")

_DOC_EXTENSIONS: dict[str, dict[str, Any]] = {
    # Where the doc's text comes from: the record id, the field ("criteria", "arms[1].description"),
    # the criterion id, and the text's offset in that field, so spans map back to the source.
    "trial_id": {"default": None},
    "trial_field": {"default": None},
    "criterion_id": {"default": None},
    "criterion_kind": {"default": None},
    "offset": {"default": 0},
    # [[start_char, end_char, {"negated": true, ...}], ...] written by trials_context.
    "trial_context": {"default": []},
    # [{"head": [start_char, end_char], "tail": [start_char, end_char], "label": "HAS_DOSE"}, ...]
    "trial_relations": {"default": []},
    # [{"short": [start_char, end_char], "long": [start_char, end_char], "short_text", "long_text"}, ...]
    # written by trials_abbreviations: the abbreviations the text defines.
    "trial_abbreviations": {"default": []},
    # [[start_char, end_char, inner_start_char, inner_end_char, "disease:...|DOID:..."], ...] written by
    # trials_hybrid: a model name that widened a rule disease, and that disease's offsets and pattern id.
    "trial_broader": {"default": []},
    # [{"short": "SCLC", "label": "DISEASE", "id": "disease:..."}, ...] set by the caller before the
    # pipeline runs: what the record's other texts define (nlp_trials.pipeline.abbreviations).
    "record_abbreviations": {"default": []},
}
_SPAN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "norm": {"getter": span_norm},
    "code": {"getter": span_code},
    "kind": {"getter": span_kind},
    "value": {"getter": span_value},
    "context": {"getter": span_context},
    "grade": {"getter": span_grade},
    "broader": {"getter": span_broader},
}


#: Token attributes that patterns may test with ``{"_": {...}}``: ``line_wrap`` is the line break of
#: a wrapped line (:func:`nlp_trials.pipeline.tokenizer.is_line_wrap`), which context scopes cross.
_TOKEN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "line_wrap": {"getter": is_line_wrap},
}


def register_extensions() -> None:
    """Set every extension once; later calls do nothing."""
    for name, kwargs in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, **kwargs)
    for name, kwargs in _TOKEN_EXTENSIONS.items():
        if not Token.has_extension(name):
            Token.set_extension(name, **kwargs)
    for name, kwargs in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, **kwargs)
