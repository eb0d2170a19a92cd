"""ClinicalTrials.gov classic XML (``<clinical_study>``, the pre-2024 bulk download format).

Parsed with ``defusedxml`` with DTDs refused outright: the schema never needs one, and refusing it
also refuses every entity declaration, so an entity-expansion bomb fails before anything expands.
The parser is fed in chunks and builds one study at a time, so a wrapper of many studies or one huge
file is read with memory bounded by one study (:data:`~nlp_trials.records.MAX_RECORD_CHARS`).
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Callable, Iterator
from typing import IO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from ..errors import RecordError, message
from ..guard import DEFAULT_SECONDS, guarded
from ..schema import Arm, Eligibility, Enrollment, Intervention, Outcome, Source, Trial
from ..segment import split_criteria
from . import normalize as norm
from . import _stream
from ._stream import Utf8Chunks

logger = logging.getLogger("nlp_trials")

FORMAT = "ctgov-xml"
ROOT = "clinical_study"


def normalize_textblock(text: str | None) -> str | None:
    """Normalize a ``<textblock>``: one line-end style, no shared indentation, no trailing blanks.

    The XML writes ``"\\r\\n"`` (from ``&#xD;``) and indents every line by 8-10 spaces. Line ends become
    ``"\\n"``, each line is right-stripped, outer blank lines go, and the indentation common to all lines
    is removed (``textwrap.dedent``) while relative indentation stays: nested bullets are indented deeper,
    and the criterion splitter reads that. When the text starts on the tag's own line (no leading line
    break) that first line has no indentation to share, so only the lines after it are dedented.
    """
    if text is None:
        return None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    head: list[str] = []
    if lines[0].strip():
        head, lines = [lines[0].strip()], lines[1:]
    lines = head + textwrap.dedent("\n".join(lines)).split("\n")
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) or None


def _plain(text: str | None) -> str | None:
    """A plain (non-textblock) element: unified line ends, lines right-stripped, outer white space removed."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text or None


def _find(el: Element, path: str) -> str | None:
    node = el.find(path)
    return _plain(node.text) if node is not None else None


def _find_all(el: Element, path: str) -> list[str]:
    out: list[str] = []
    for node in el.findall(path):
        value = _plain(node.text)
        if value is not None and value not in out:
            out.append(value)
    return out


def _textblock(el: Element, path: str) -> str | None:
    node = el.find(path)
    return normalize_textblock(node.text) if node is not None else None


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def _interventions(study: Element) -> list[Intervention]:
    out: list[Intervention] = []
    for node in study.findall("intervention"):
        name = _find(node, "intervention_name")
        if name is None:
            continue
        out.append(
            Intervention(
                name=name,
                type=norm.intervention_type(_find(node, "intervention_type")),
                description=_find(node, "description"),
                other_names=_find_all(node, "other_name"),
                arms=_find_all(node, "arm_group_label"),
            )
        )
    return out


def _arms(study: Element, interventions: list[Intervention]) -> list[Arm]:
    # The XML lists arms per intervention only; invert that so each arm names its interventions.
    by_label: dict[str, list[str]] = {}
    for iv in interventions:
        for label in iv.arms:
            names = by_label.setdefault(_label_key(label), [])
            if iv.name not in names:
                names.append(iv.name)
    arms: list[Arm] = []
    for node in study.findall("arm_group"):
        label = _find(node, "arm_group_label")
        if label is None:
            continue
        arms.append(
            Arm(
                label=label,
                type=norm.arm_type(_find(node, "arm_group_type")),
                description=_find(node, "description"),
                interventions=by_label.get(_label_key(label), []),
            )
        )
    return arms


def _outcomes(study: Element) -> list[Outcome]:
    out: list[Outcome] = []
    for kind in ("primary", "secondary", "other"):
        for node in study.findall(f"{kind}_outcome"):
            measure = _find(node, "measure")
            if measure is None:
                continue
            out.append(
                Outcome(
                    kind=kind,  # type: ignore[arg-type]
                    measure=measure,
                    time_frame=_find(node, "time_frame"),
                    description=_find(node, "description"),
                )
            )
    return out


def _eligibility(study: Element) -> Eligibility:
    node = study.find("eligibility")
    if node is None:
        return Eligibility()
    text = _textblock(node, "criteria/textblock")
    return Eligibility(
        minimum_age=norm.age(_find(node, "minimum_age")),
        maximum_age=norm.age(_find(node, "maximum_age")),
        sex=norm.sex(_find(node, "gender")),  # type: ignore[arg-type]
        healthy_volunteers=norm.yes_no(_find(node, "healthy_volunteers")),
        text=text,
        criteria=split_criteria(text) if text else [],
    )


def _enrollment(study: Element) -> Enrollment | None:
    node = study.find("enrollment")
    if node is None:
        return None
    value = (node.text or "").strip()
    count = int(value) if value.isdigit() else None
    kind = norm.enrollment_type(node.get("type"))
    if count is None and kind is None:
        return None
    return Enrollment(count=count, type=kind)  # type: ignore[arg-type]


def _other_ids(study: Element) -> list[str]:
    ids = _find_all(study, "id_info/org_study_id")
    for value in _find_all(study, "id_info/secondary_id"):
        if value not in ids:
            ids.append(value)
    return ids


def study_to_trial(study: Element, *, path: str | None, index: int | None) -> Trial:
    """Map one ``<clinical_study>`` element onto a Trial."""
    interventions = _interventions(study)
    study_type = _find(study, "study_type")
    return Trial(
        id=_find(study, "id_info/nct_id"),
        source=Source(path=path, format=FORMAT, index=index),
        other_ids=_other_ids(study),
        title=_find(study, "brief_title"),
        official_title=_find(study, "official_title"),
        acronym=_find(study, "acronym"),
        status=norm.status(_find(study, "overall_status")),
        phases=norm.phases(_find(study, "phase")),
        study_type=None if norm.not_applicable(study_type) else norm.study_type(study_type),
        enrollment=_enrollment(study),
        start_date=norm.iso_date(_find(study, "start_date")),
        completion_date=norm.iso_date(_find(study, "completion_date")),
        conditions=_find_all(study, "condition"),
        sponsor=_find(study, "sponsors/lead_sponsor/agency"),
        brief_summary=_textblock(study, "brief_summary/textblock"),
        detailed_description=_textblock(study, "detailed_description/textblock"),
        arms=_arms(study, interventions),
        interventions=interventions,
        eligibility=_eligibility(study),
        outcomes=_outcomes(study),
    )


def _local(tag: object) -> str:
    # Namespaced tags read "{uri}name"; comments and processing instructions have non-string tags.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)\b")
_POSITION = re.compile(r"line (\d+), column (\d+)")


def _parse_error(e: ParseError) -> str:
    line, column = getattr(e, "position", (None, None))
    reason = _POSITION.sub("", str(e)).rstrip(": ,") or "not well-formed"
    if line is not None:
        return message("E004", detail=f"{reason} at line {line} column {column}")
    return message("E004", detail=reason)


def _build(study: Element, *, path: str | None, index: int | None) -> Trial | RecordError:
    try:
        return study_to_trial(study, path=path, index=index)
    except Exception as e:  # noqa: BLE001 - one study's surprise must not end a wrapper file
        logger.debug("ctgov-xml: study %s of %s failed", index, path, exc_info=True)
        detail = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
        return RecordError(message("E015", format=FORMAT, detail=detail), path=path, index=index)


class _Studies:
    """Parser target that builds one ``<clinical_study>`` at a time and drops everything else.

    The root is the study itself or a wrapper whose children are studies; each finished study (or
    the coded error of one that grew past ``max_chars``) is queued in ``done`` for the reader to map.
    Outside a study nothing is built, so memory holds one study whatever the file's size; a study
    past the limit stops being built at once and is only scanned to its end.
    """

    def __init__(self, chars: Callable[[], int], max_chars: int) -> None:
        self._chars = chars
        self._max = max_chars
        self.depth = 0
        self.root: str | None = None
        self.single = False
        self.count = 0
        self.done: list[tuple[int | None, Element | str]] = []
        self._builder: TreeBuilder | None = None
        self._in_study = False
        self._study_depth = 0
        self._start = 0

    def reading_index(self) -> int | None:
        """Index of the study being read, for an error that stops the file inside it."""
        if self.single:
            return None
        return self.count if self._in_study or self.count else None

    def _fits(self) -> bool:
        if self._builder is not None and self._chars() - self._start > self._max:
            self._builder = None  # drop what was built; the rest of this study is only scanned
        return self._builder is not None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = _local(tag)
        if self.depth == 0:
            self.root = local
            self.single = local == ROOT
        if not self._in_study and local == ROOT and (self.depth == 0 or (self.depth == 1 and not self.single)):
            self._in_study = True
            self._study_depth = self.depth
            self._start = self._chars()
            self._builder = TreeBuilder()
        if self._in_study and self._fits():
            self._builder.start(local, attrib)  # type: ignore[union-attr]
        self.depth += 1

    def end(self, tag: str) -> None:
        self.depth -= 1
        if not self._in_study:
            return
        if self._fits():
            self._builder.end(_local(tag))  # type: ignore[union-attr]
        if self.depth == self._study_depth:
            index = None if self.single else self.count
            if self._builder is not None:
                self.done.append((index, self._builder.close()))
            else:
                size = f"more than {self._chars() - self._start}"
                self.done.append((index, message("E009", size=size, limit=self._max)))
            self.count += 1
            self._in_study = False
            self._builder = None

    def data(self, text: str) -> None:
        if self._in_study and self._fits():
            self._builder.data(text)  # type: ignore[union-attr]

    def close(self) -> None:
        return None


def _parse_chunks(read: Callable[[], str], chars: Callable[[], int], *, path: str | None, time_limit: float | None) -> Iterator[Trial | RecordError]:
    """Feed the parser chunk by chunk, yielding each study as soon as it is complete."""
    from . import MAX_RECORD_CHARS

    studies = _Studies(chars, MAX_RECORD_CHARS)
    parser = DefusedXMLParser(target=studies, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    head = ""  # the start of the text, to tell a refused declaration from a syntax error

    def finished() -> Iterator[Trial | RecordError]:
        while studies.done:
            index, item = studies.done.pop(0)
            if isinstance(item, str):
                yield RecordError(item, path=path, index=index)
            else:
                yield guarded(lambda: _build(item, path=path, index=index), time_limit, path=path, index=index)  # noqa: B023

    try:
        while True:
            chunk = read()
            if len(head) < 65536:
                head += chunk[: 65536 - len(head)]
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            yield from finished()
            if not chunk:
                break
    except DefusedXmlException:
        yield from finished()
        yield RecordError(message("E007"), path=path, index=studies.reading_index())
        return
    except ParseError as e:
        yield from finished()
        # A stray declaration outside a DOCTYPE is a syntax error to expat; still report the refusal.
        reason = message("E007") if _DECLARATION.search(head) else _parse_error(e)
        yield RecordError(reason, path=path, index=studies.reading_index())
        return
    except RecordError as e:  # undecodable bytes part-way through a file
        yield from finished()
        e.index = studies.reading_index()
        yield e
        return
    if studies.count == 0:
        yield RecordError(message("E006", tag=studies.root or ""), path=path)


def parse(text: str, *, path: str | None = None, time_limit: float | None = DEFAULT_SECONDS) -> Iterator[Trial | RecordError]:
    """Yield one Trial (or RecordError) per ``<clinical_study>`` in ``text``.

    The root is the study itself (``source.index`` null) or a wrapper element whose
    ``<clinical_study>`` children are read in order (``source.index`` = position among them). Studies
    are parsed and mapped one at a time (see :func:`parse_stream`), each under ``time_limit`` seconds.
    """
    text = text.lstrip("\ufeff")
    pos = 0

    def read() -> str:
        nonlocal pos
        chunk = text[pos : pos + _stream.CHUNK_CHARS]
        pos += len(chunk)
        return chunk

    yield from _parse_chunks(read, lambda: pos, path=path, time_limit=time_limit)


def parse_stream(fh: IO[bytes], *, path: str | None = None, time_limit: float | None = DEFAULT_SECONDS) -> Iterator[Trial | RecordError]:
    """Like :func:`parse`, reading a binary file chunk by chunk with memory bounded by one study.

    The bytes must be UTF-8 (as for every reader; a declared encoding is not followed). When the
    file ends or breaks inside a wrapper, the studies before are yielded and the break gets one error.
    """
    chunks = Utf8Chunks(fh, path=path)
    yield from _parse_chunks(chunks, lambda: chunks.chars, path=path, time_limit=time_limit)
