"""Annotated-document writers. Each writes its output whole when closed, or nothing on failure."""

from __future__ import annotations

import contextlib
import html
import json
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

from spacy import displacy
from spacy.tokens import Doc, DocBin

from ..io import atomic_dir, atomic_write
from ..labels import ENTITY_LABELS
from .spans import doc_relations, doc_spans

FORMATS: tuple[str, ...] = ("jsonl", "brat", "spacy", "html")

#: displaCy colours per label, also the HTML legend.
COLORS: dict[str, str] = {
    "DRUG": "#7aecec", "DOSE": "#bfeeb7", "ROUTE": "#feca74", "FREQUENCY": "#ff9561", "SCHEDULE": "#aa9cfc",
    "LAB_TEST": "#c887fb", "LAB_VALUE": "#9cc9cc", "DISEASE": "#ffeb80", "DURATION": "#e4e7d2",
    "PROCEDURE": "#f2b5d4",
}
CONTEXT_ATTRIBUTES: dict[str, str] = {
    "negated": "Negated", "historical": "Historical", "conditional": "Conditional", "exception": "Exception",
}


class Writer(Protocol):
    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None: ...


def jsonl_record(doc_id: str, doc: Doc, meta: dict[str, Any]) -> dict[str, Any]:
    """The Prodigy-style record of one annotated document."""
    return {"id": doc_id, "text": doc.text, "meta": meta, "spans": doc_spans(doc), "relations": doc_relations(doc)}


class JsonlWriter:
    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        self._fh.write(json.dumps(jsonl_record(doc_id, doc, meta), ensure_ascii=False) + "\n")
        self._fh.flush()  # what an interrupted run finished stays on disk for --resume


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def brat_name(doc_id: str) -> str:
    """A file stem brat and every file system accept: ``NCT01:E4.2`` -> ``NCT01_E4.2``."""
    return _UNSAFE.sub("_", doc_id).strip("._") or "doc"


def grade_label(grade: dict[str, Any]) -> str:
    """A condition's grade for a reader: ``>=2 ("Grade ≥2")``, ``3-4 ("grade 3 or 4")``."""
    if grade.get("comparator") == "between":
        bound = f"{grade['low']:g}-{grade['high']:g}"
    else:
        bound = f"{'' if grade.get('comparator') == '=' else grade.get('comparator', '')}{grade['value']:g}"
    return f'{bound} ("{" ".join(str(grade.get("text", "")).split())}")'


def broader_label(broader: dict[str, Any]) -> str:
    """A name's broader concept for a reader: ``candidiasis (DOID:1508)``."""
    return str(broader["norm"]) + (f" ({broader['id']})" if broader.get("id") else "")


def brat_ann(doc: Doc) -> str:
    """The ``.ann`` standoff of a doc: T lines, context attributes, notes with parsed values, relations."""
    lines: list[str] = []
    ids: dict[tuple[int, int], str] = {}
    n_attr = n_note = 0
    for i, span in enumerate(doc_spans(doc), start=1):
        tid = f"T{i}"
        ids[(span["start"], span["end"])] = tid
        # brat cannot hold a line break inside a fragment: split the span at line breaks.
        text = span["text"]
        frags, pos = [], span["start"]
        for part in text.split("\n"):
            if part.strip():
                lead = len(part) - len(part.lstrip())
                tail = len(part.rstrip())
                frags.append(f"{pos + lead} {pos + tail}")
            pos += len(part) + 1
        shown = " ".join(p.strip() for p in text.split("\n") if p.strip())
        lines.append(f"{tid}\t{span['label']} {';'.join(frags)}\t{shown}")
        for flag, name in CONTEXT_ATTRIBUTES.items():
            if span.get(flag):
                n_attr += 1
                lines.append(f"A{n_attr}\t{name} {tid}")
        extra = {k: v for k, v in span.items() if k not in {"start", "end", "label", "text", "grade", "broader", *CONTEXT_ATTRIBUTES}}
        if "grade" in span:
            extra["grade"] = grade_label(span["grade"])
        if "broader" in span:
            extra["broader"] = broader_label(span["broader"])
        if extra:
            n_note += 1
            note = " ".join(f"{k}={v}" for k, v in extra.items())
            lines.append(f"#{n_note}\tAnnotatorNotes {tid}\t{note}")
    for j, rel in enumerate(doc_relations(doc), start=1):
        head = ids.get((rel["head_span"]["start"], rel["head_span"]["end"]))
        tail = ids.get((rel["child_span"]["start"], rel["child_span"]["end"]))
        if head and tail:
            lines.append(f"R{j}\t{rel['label']} Arg1:{head} Arg2:{tail}")
    return "".join(line + "\n" for line in lines)


ANNOTATION_CONF = (
    "[entities]\n" + "\n".join(ENTITY_LABELS) + "\n\n[relations]\n"
    "HAS_DOSE\tArg1:DRUG, Arg2:DOSE\nHAS_ROUTE\tArg1:DRUG, Arg2:ROUTE\nHAS_FREQUENCY\tArg1:DRUG, Arg2:FREQUENCY\n"
    "HAS_SCHEDULE\tArg1:DRUG, Arg2:SCHEDULE\nHAS_VALUE\tArg1:LAB_TEST, Arg2:LAB_VALUE\n"
    "APPLIES_WHEN\tArg1:LAB_VALUE, Arg2:<ENTITY>\nAPPLIES_UNLESS\tArg1:LAB_VALUE, Arg2:<ENTITY>\n"
    "HAS_DURATION\tArg1:<ENTITY>, Arg2:DURATION\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n"
    "[events]\n\n[attributes]\n"
    + "\n".join(f"{name}\tArg:<ENTITY>" for name in CONTEXT_ATTRIBUTES.values())
    + "\n"
)


class BratWriter:
    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._seen: dict[str, int] = {}
        (folder / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        stem = brat_name(doc_id)
        n = self._seen.get(stem, 0)
        self._seen[stem] = n + 1
        if n:
            stem = f"{stem}-{n + 1}"
        # newline="" keeps "\r\n" as two characters, as brat counts them.
        with open(self._folder / f"{stem}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(doc.text)
        with open(self._folder / f"{stem}.ann", "w", encoding="utf-8", newline="") as fh:
            fh.write(brat_ann(doc))


class DocBinWriter:
    def __init__(self) -> None:
        self.docbin = DocBin(store_user_data=True)

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        doc.user_data["doc_id"] = doc_id
        self.docbin.add(doc)


def _legend() -> str:
    items = "".join(
        f'<span style="background:{color};padding:0.2em 0.5em;margin:0 0.3em;border-radius:0.3em">{label}</span>'
        for label, color in COLORS.items()
    )
    return f'<p style="font-family:sans-serif">{items}</p>'


class HtmlWriter:
    """One self-contained page: a legend, then one section per document rendered by displaCy."""

    def __init__(self, fh: IO[str]) -> None:
        self._fh = fh
        fh.write(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>nlp_trials annotations</title>'
            "<style>body{font-family:sans-serif;margin:2em}section{border-top:1px solid #ddd;padding:0.5em 0}"
            "h2{font-size:1em;color:#444}.meta{font-size:0.8em;color:#777}</style></head><body>\n"
            f"<h1>nlp_trials annotations</h1>{_legend()}\n"
        )

    def add(self, doc_id: str, doc: Doc, meta: dict[str, Any]) -> None:
        with warnings.catch_warnings():
            # W006 "no entities to visualize": a criterion without entities is normal here.
            warnings.filterwarnings("ignore", message=r"\[W006\]")
            markup = displacy.render(doc, style="ent", page=False, options={"colors": COLORS, "ents": list(COLORS)})
        where = ", ".join(f"{k}={v}" for k, v in meta.items() if v is not None and k in ("field", "kind", "arm", "intervention"))
        # displaCy draws labels only: a condition's grade and broader concept are listed under the text.
        graded = "; ".join(
            [f"{e.text}: grade {grade_label(e._.grade)}" for e in doc.ents if e._.grade]
            + [f"{e.text}: a kind of {broader_label(e._.broader)}" for e in doc.ents if e._.broader]
        )
        notes = f'<div class="meta">{html.escape(graded)}</div>' if graded else ""
        self._fh.write(
            f"<section><h2>{html.escape(doc_id)}</h2><div class=\"meta\">{html.escape(where)}</div>{markup}{notes}</section>\n"
        )

    def close(self) -> None:
        self._fh.write("</body></html>\n")


@contextlib.contextmanager
def open_writer(fmt: str, output: Path) -> Iterator[Writer]:
    """A writer for ``fmt`` whose output appears at ``output`` only if the whole run succeeds."""
    if fmt == "jsonl":
        with atomic_write(output) as fh:
            yield JsonlWriter(fh)
    elif fmt == "html":
        with atomic_write(output) as fh:
            writer = HtmlWriter(fh)
            yield writer
            writer.close()
    elif fmt == "brat":
        with atomic_dir(output) as folder:
            yield BratWriter(folder)
    elif fmt == "spacy":
        writer_ = DocBinWriter()
        yield writer_
        with atomic_write(output, binary=True) as fh:
            fh.write(writer_.docbin.to_bytes())
    else:
        raise ValueError(f"unknown output format {fmt!r}: allowed formats are {', '.join(FORMATS)}")
