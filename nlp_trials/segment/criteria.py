"""Split eligibility text into criteria with stable ids and exact character offsets.

The splitter works on lines and never rewrites the text: every criterion's ``text`` is
``source[start:end]`` (its list marker left out), so any later annotation maps straight back to the
characters a user saved.

It runs in three passes:

1. **Lines to entries** (:func:`_scan`). Each line is one of: blank; a *section heading*
   (``Inclusion Criteria:``, ``Key Exclusion Criteria``, ``INCLUSION CRITERIA``, ``Exclusion criteria
   for Part B:``, also ``**Inclusion Criteria:**`` and an inline heading followed by content on the
   same line, ``Inclusion Criteria: - Age ≥ 18``); a *sub-heading* (an unmarked short line ending in a
   colon that introduces a list, ``Hepatic:``, an upper-case label such as ``PATIENT
   CHARACTERISTICS:`` with or without content after it, or a short noun phrase alone after a blank
   line with marked items indented deeper under it, ``Renal``); a *marked item* (bullets ``* - • · ● ○ ▪ o``,
   numbers ``1.`` ``1)`` ``(1)`` ``1\\.`` ``9.Text``, hierarchical ``1.2``, letters ``a.`` ``(b)``,
   roman numerals ``i.`` ``(iv)``, and a bullet in front of a number, ``* 1\\.``, as web pages write
   them); or *text*. Text directly under an item (no blank line between) continues it, as do
   paragraphs after a blank line when the item ends with ``:`` (it announces them), ends with ``,`` or
   ``;`` or the paragraph starts in lower case, or the paragraph is indented deeper than the item's
   marker. Other paragraphs become unmarked criteria of their own.

2. **Section repairs** (:func:`_assign_sections`), for the damage web pages do:

   * *Carry-over*: when the first numbered items under a new heading continue the previous list's
     numbering (first number > 1 and greater than the previous list's last top-level number) and the
     same numbering later restarts lower (typically at ``1.``), the items before the restart belong to
     the previous list. Seed 001 shows inclusion items 10 and 11 under "Exclusion Criteria".
   * *Lost heading*: in an inclusion list, a top-level number that jumps back to a value above 1
     (``10.`` then ``2.``) when no exclusion heading follows anywhere starts the exclusion list: the
     page dropped the heading and the first exclusion item (seed 000).

3. **Nesting and ids** (:func:`_build_tree`). A stack of open list levels, each with its marker style
   and indentation. An item indented deeper than the current level opens a sub-list; one indented
   shallower closes levels. At the same indentation, an item whose style matches an open level
   continues the *outermost* level it numerically continues (``n == last + 1``), so ``3.`` after a
   nested ``1. 2.`` under ``2.`` returns to the outer list; a restart at ``1`` (or ``a``/``i``) opens a
   sub-list under the previous item even in the same style (seed 001, "7. ... 1. Blood tests"); a new
   style after an item that ends with ``:`` opens a sub-list (seed 000, "4. ...: 1. ... 2. ..."); any
   other style change stays at the current level. A section heading or a sub-heading at the list's
   own indentation closes all levels. A ``1.`` right after a lone ``1.`` is a sibling (a numbering
   slip), and lists nest at most ``MAX_DEPTH`` levels deep.

   Ids are ``I``/``E`` plus the item's number in its list, dotted for nesting (``E4.2``). The number
   is the source's own when every sibling is numbered (digits, letters or roman numerals) in strictly
   increasing order, so ids match what a reader sees on the page; otherwise positions 1, 2, 3, ....
   All top-level items of one kind are one sibling list, so ids are unique in a trial.

Items whose whole text is "None", "N/A" or "Not applicable" are dropped: they state that a list is
empty, not a criterion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..schema import Criterion

# --- line classification -------------------------------------------------------------------------

_QUALIFIER_WORDS = r"(?:key|main|major|general|additional|specific|study|patient|participant|subject|other)s?['’]?"
_HEADING_RE = re.compile(
    # Each optional part of the lead owns the blanks after it, so a long run of blanks splits one way
    # only (adjacent optional "[ \t]*" made a blank line cost O(n^4) to reject).
    r"""(?P<lead>[ \t]*(?:[#>]+[ \t]*)?(?:(?:[*\-•]|\d{1,2}(?:\.\d{1,2})*[.)]?|[A-Da-d][.)]|[IVX]{1,3}\.)[ \t]+)?(?:(?:\*\*|__)[ \t]*)?)
    (?P<label>
      (?:""" + _QUALIFIER_WORDS + r"""[ \t]+){0,2}
      (?P<word>inclusion[ \t]*(?:and|/|&)[ \t]*exclusion|inclusion|exclusion|eligibility|ineligibility|non[- ]?inclusion|selection)
      (?P<crit>[ \t]+criteri(?:a|on))?
      (?P<qual>[ \t]*\([^)\n]{0,80}\)|[ \t]+(?:for|in|of)[ \t]+[^:\n]{1,60}|[ \t]+[-–][ \t]+[^:\n]{1,40}(?=:))?
      (?:[ \t]+(?:include|includes|are|is)(?:[ \t]+(?:the[ \t]+)?following)?|[ \t]+as[ \t]+follows)?
    )
    [ \t]*(?:\*\*|__)?[ \t]*(?P<colon>[:：])?(?:\*\*|__)?[ \t]*""",
    re.I | re.X,
)

# A bullet, optionally followed by a number (``* 1\.``), or a number/letter/roman marker alone.
# The backslash in ``1\.`` is a markdown escape left by page exporters; it is part of the marker.
_BULLETS = "*\\-•·●○◦▪■□➢►–—"
_MARKER_RE = re.compile(
    r"""(?P<bullet>[""" + _BULLETS + r"""](?=[ \t])|[•·●○◦▪■□➢►](?=\S)|o(?=[ \t]+\S))?[ \t]*
    (?:
      (?P<hier>\d{1,2}(?:\.\d{1,2})+)\.?(?=[ \t]+[A-Z(])
    | \((?P<pnum>\d{1,3})\)
    | (?P<num>\d{1,3})(?P<npunct>\\?\.(?!\d)|\))
    | \((?P<palpha>[a-zA-Z])\)
    | (?P<alpha>[a-zA-Z])(?P<apunct>\\?\.|\))(?=[ \t])
    | \((?P<proman>(?:i{1,3}|iv|vi{0,3}|ix|x{1,2}|xi{1,2}))\)
    | (?P<roman>(?:i{1,3}|iv|vi{0,3}|ix|x{1,2}|xi{1,2}))(?P<rpunct>\\?\.|\))(?=[ \t])
    )?""",
    re.X,
)
_ROMAN_VALUES = {r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii".split(), 1)}

_SUBHEADING_MAX = 80
_CAPS_LABEL_RE = re.compile(r"(?P<label>[A-Z][A-Z0-9 ,/&()'’-]{2,60}?)[ \t]*:(?:[ \t]+(?=\S)|[ \t]*$)")
_EMPTY_ITEM_RE = re.compile(r"^(?:none|n/?a|not applicable|nil)\.?$", re.I)


@dataclass
class _Entry:
    kind: str  # "heading" | "subheading" | "item"
    start: int  # content start (after any marker)
    end: int  # content end (trailing white space excluded)
    indent: int
    blank_before: bool
    marker: str | None = None
    marker_start: int = 0
    style: tuple[str, ...] | None = None
    value: int | None = None
    section: str | None = None  # for headings: "inclusion", "exclusion" or None (neutral)
    label: str | None = None  # for sub-headings
    heading: str | None = None  # the sub-heading in force, for items
    tail_colon: bool = False  # the item's text ends with ":" (set after scanning)


def _indent_width(s: str) -> int:
    return len(s.expandtabs(4)) - len(s.expandtabs(4).lstrip(" "))


def _section_of(word: str) -> str | None:
    w = word.lower().replace(" ", "").replace("\t", "")
    if w.startswith("inclusion") and ("exclusion" in w):
        return None
    if w.startswith("inclusion"):
        return "inclusion"
    if w in ("exclusion", "ineligibility") or w.startswith("non"):
        return "exclusion"
    return None


def _match_marker(text: str, pos: int) -> tuple[str | None, tuple[str, ...] | None, int | None, int]:
    """Return (marker text, style, value, content offset) for the line content starting at ``pos``."""
    m = _MARKER_RE.match(text, pos)
    if not m or m.end() == pos:
        return None, None, None, pos
    bullet = m.group("bullet") or ""
    bkey = "b" if bullet else ""
    if m.group("hier"):
        parts = m.group("hier").split(".")
        style: tuple[str, ...] = ("hier", str(len(parts)), bkey)
        value: int | None = int(parts[-1])
    elif m.group("pnum"):
        style, value = ("num", "()", bkey), int(m.group("pnum"))
    elif m.group("num"):
        style, value = ("num", m.group("npunct").lstrip("\\"), bkey), int(m.group("num"))
    elif m.group("palpha") or m.group("alpha"):
        a = m.group("palpha") or m.group("alpha")
        punct = "()" if m.group("palpha") else m.group("apunct").lstrip("\\")
        style, value = ("alpha", "upper" if a.isupper() else "lower", punct, bkey), ord(a.lower()) - 96
    elif m.group("proman") or m.group("roman"):
        r = m.group("proman") or m.group("roman")
        punct = "()" if m.group("proman") else m.group("rpunct").lstrip("\\")
        style, value = ("roman", punct, bkey), _ROMAN_VALUES[r]
    else:
        style, value = ("bullet", bullet), None
    end = m.end()
    marker = text[pos:end].rstrip()
    while end < len(text) and text[end] in " \t":
        end += 1
    return marker, style, value, end


_LINE_BREAK = re.compile(r"\r\n?|\n")


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(line start, line end without the line break) pairs covering ``text[start:end]``.

    ``\n``, ``\r\n`` and a bare ``\r`` (old Mac files, some exports) all end a line.
    """
    out = []
    pos = start
    while pos < end:
        nl = _LINE_BREAK.search(text, pos, end)
        stop = end if nl is None else nl.start()
        out.append((pos, stop))
        pos = end if nl is None else nl.end()
    return out


def _scan(text: str, start: int, end: int) -> list[_Entry]:
    """Pass 1: classify lines and fold continuation lines into the entry they continue."""
    entries: list[_Entry] = []
    blank = True
    last_line_was_subheading = False
    lines = _lines(text, start, end)
    width = _wrap_width(text, lines)
    # The indentation given to the lines of a list an unmarked item announces with a colon, one per
    # line and unmarked too, so that they nest under it ("... at least 1 of the following:" /
    # "Currently experiencing symptoms of COVID-19." / "Be clinically diagnosed ..."); None outside one.
    announced: int | None = None
    for li, (ls, le) in enumerate(lines):
        line = text[ls:le]
        content = line.rstrip()
        if not content.strip():
            blank = True
            announced = None
            continue
        indent = _indent_width(content)
        cs = ls + len(content) - len(content.lstrip())
        ce = ls + len(content)
        prev = entries[-1] if entries else None

        h = _HEADING_RE.match(text, ls, ce)
        if h and h.group("word"):
            rest_start = h.end()
            has_rest = rest_start < ce
            strong = bool(h.group("crit") or h.group("colon"))
            marker_lead = bool(re.search(r"[*\-•]|\d|[A-Da-d][.)]", h.group("lead")))
            # Content may follow a heading on its line only after a colon, a list marker, or (for
            # "... Criteria Patients must ...", squashed pages) a capital letter.
            rest_ok = (
                not has_rest
                or h.group("colon")
                or _match_marker(text, rest_start)[0] is not None
                or (h.group("crit") and text[rest_start].isupper())
            )
            # Without "criteria" or a colon only the bare word counts ("Exclusion"), never a
            # sentence ("Exclusion of HIV is required"); a list marker in front needs "criteria".
            shape_ok = strong or (not has_rest and not h.group("qual"))
            if shape_ok and not (marker_lead and (has_rest or not h.group("crit"))) and rest_ok:
                entries.append(
                    _Entry("heading", cs, ce, indent, blank, section=_section_of(h.group("word")), label=h.group("label").strip())
                )
                blank = True
                last_line_was_subheading = False
                if not has_rest:
                    continue
                # Inline content after the heading is read as a line of its own.
                cs, indent = rest_start, indent + 1
                prev = None

        marker, style, value, content_start = _match_marker(text, cs)
        if marker is not None and content_start >= ce and style and style[0] != "bullet":
            # A lone "12." line is more likely a number than an empty item; keep it as text.
            marker = None
        if marker is not None:
            entries.append(
                _Entry("item", content_start, ce, indent, blank, marker=marker, marker_start=cs, style=style, value=value)
            )
            blank = False
            last_line_was_subheading = False
            continue

        caps = _CAPS_LABEL_RE.match(text, cs, ce)
        body = text[cs:ce]
        is_sub = (
            (caps is not None and caps.end() >= ce)
            or (
                body.endswith((":", "："))
                and len(body) <= _SUBHEADING_MAX
                and not _continues(text, prev, blank, indent, cs, width)
                # "Age: Any age Performance status: WHO 0-2 Life expectancy:" runs sub-headings
                # together with their items (:func:`_split_inline_labels`): no heading of its own.
                and not any(m.start() > 0 for m in _INLINE_LABEL_RE.finditer(body))
            )
            or _bare_subheading(text, body, indent, blank, prev, lines, li + 1)
        )
        if is_sub or caps:
            label_end = caps.end() if caps else ce
            label = text[cs:label_end].strip().rstrip(":：").strip()
            entries.append(_Entry("subheading", cs, label_end, indent, blank, label=label))
            blank = False
            last_line_was_subheading = True
            if caps is None or caps.end() >= ce:
                continue
            cs = caps.end()
            prev = None

        if (
            prev is not None and prev.kind == "item" and prev.marker is None and blank and not last_line_was_subheading
            and text[prev.start:prev.end].endswith((":", "：")) and text[cs:cs + 1].isupper()
        ):
            announced = prev.indent + 2
            entries.append(_Entry("item", cs, ce, announced, blank))
        elif prev is not None and not last_line_was_subheading and _continues(text, prev, blank, indent, cs, width):
            prev.end = ce
        else:
            entries.append(_Entry("item", cs, ce, indent if announced is None else announced, blank))
        blank = False
        last_line_was_subheading = False
    entries = [item for e in entries for part in _split_inline_labels(text, e) for item in _split_run_on(text, part)]
    _drop_own_numbers(text, entries)
    for e in entries:
        e.tail_colon = text[e.start:e.end].rstrip().endswith((":", "："))
    return entries


#: A number that opens an item's text ("- 1 Sign an informed consent form").
_OWN_NUMBER_RE = re.compile(r"(\d{1,2})[ \t]+(?=[A-Z])")
#: Marked items in a row that number themselves before their numbers are taken for list numbering.
_OWN_NUMBER_RUN = 3


def _drop_own_numbers(text: str, entries: list[_Entry]) -> None:
    """Move the start of marked items past the numbers their authors wrote after the registry's
    marker ("-  1 Sign an informed consent form", "-  2 Be able to complete ..."), when at least
    :data:`_OWN_NUMBER_RUN` items in a row count up so; a number that starts one item only is its
    content ("- 2 prior lines of therapy")."""
    run: list[tuple[_Entry, re.Match[str]]] = []

    def close() -> None:
        if len(run) >= _OWN_NUMBER_RUN:
            for e, m in run:
                e.start = m.end()
        run.clear()

    for e in entries:
        m = _OWN_NUMBER_RE.match(text, e.start, e.end) if e.kind == "item" and e.marker is not None else None
        if m is None:
            close()
            continue
        if run and (int(run[-1][1].group(1)) + 1 != int(m.group(1)) or run[-1][0].indent != e.indent):
            close()
        run.append((e, m))
    close()


#: The sub-headings of the PDQ layout that older ClinicalTrials.gov records run together on wrapped
#: lines: "Age: 18 and over Performance status: ECOG 0-2 Life expectancy: Not specified Hematopoietic: ...".
_PDQ_LABELS = (
    "Age", "Sex", "Menopausal status", "Performance status", "Life expectancy", "Hematopoietic",
    "Hepatic", "Renal", "Cardiovascular", "Pulmonary", "Neurologic", "Neurological", "Immunologic",
    "Metabolic", "Gastrointestinal", "Psychiatric", "Other", "Biologic therapy", "Chemotherapy",
    "Endocrine therapy", "Radiotherapy", "Surgery",
)
#: PDQ labels that name what their item measures, kept in the item's text.
_MEASURED_LABELS = frozenset({"age", "performance status", "life expectancy"})
_INLINE_LABEL_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<label>" + "|".join(l.replace(" ", r"\s+") for l in _PDQ_LABELS) + r"):(?=\s|$)"
)


#: Where a run-on list starts its next item: a capitalized "No" or "Not", or "At least" an amount
#: of time, after a word or number with no punctuation between ("No acute hepatitis No severe
#: bleeding Not pregnant", "See Disease Characteristics At least 4 weeks since prior chemotherapy").
_RUN_ON_RE = re.compile(
    r"(?<=[a-z0-9)%])[ \t]*\n?[ \t]*(?<=\s)"
    r"(?=(?:No|Not)\s+[A-Za-z(]|At\s+least\s+\S+\s+(?:days?|weeks?|months?|years?|hours?)\b"
    # The other items PDQ lists run on with ("Not pregnant Fertile patients must use effective
    # contraception", "Negative pregnancy test", "... allowed Prior adjuvant chemotherapy allowed").
    r"|Fertile\s+(?:patients|women|men|females|males)\b|Negative\s+(?:pregnancy|serum|urine)\b"
    r"|(?:Effective|Adequate)\s+contracept|Must\s+(?:have|be|not|meet|agree|use|weigh|receive)\b"
    r"|(?:Prior|Concurrent)\s+[a-z0-9]|Recovered\s+from\b|HIV\s+(?:negative|positive)\b)"
)


def _run_on_after(text: str, start: int, at: int) -> bool:
    """Can an item of a run-on list start at ``at``, in an item that starts at ``start``: not after a
    word that leaves its sentence open (:data:`_OPEN_ENDS`), nor after the item's own number alone
    ("1 Concurrent secondary malignancy"; "AUC at least 4 No other ..." is two items). Only the
    words right before ``at`` are read, so a long run-on item costs no more per cut."""
    before = text[max(start, at - _LOOK_BACK):at]
    words = before.split()
    if not words:
        return False
    alone = len(words) == 1 and at - start <= _LOOK_BACK
    return words[-1].lower() not in _OPEN_ENDS and not (alone and words[0].isdigit())


#: Characters before a cut that :func:`_run_on_after` reads (more than any word it looks for).
_LOOK_BACK = 40


def _split_run_on(text: str, entry: _Entry) -> list[_Entry]:
    """An item of a run-on list, as older records write a sub-heading's items on wrapped lines
    ("No septicemia or severe infection No acute hepatitis Not pregnant or nursing", 2,334 criteria
    of 704 XML records), as one item per "No"/"Not" (or another word that starts PDQ's items:
    "Fertile patients", "Negative pregnancy test", "Prior", "Must have") that starts one, siblings
    of the first."""
    if entry.kind != "item":
        return [entry]
    cuts = [
        m.end() for m in _RUN_ON_RE.finditer(text, entry.start, entry.end)
        # "Patients with\nNo signs of pneumonia": a word that leaves its sentence open goes on; so
        # does an item's own number ("1 Concurrent secondary malignancy").
        if entry.start < m.start() and m.end() < entry.end and _run_on_after(text, entry.start, m.start())
    ]
    if not cuts:
        return [entry]
    parts = [replace(entry, end=entry.start + len(text[entry.start:cuts[0]].rstrip()))]
    for a, b in zip(cuts, [*cuts[1:], entry.end]):
        parts.append(_Entry("item", a, a + len(text[a:b].rstrip()), entry.indent, False))
    return parts


def _split_inline_labels(text: str, entry: _Entry) -> list[_Entry]:
    """An unmarked entry that opens with a PDQ sub-heading ("Age: 18 and over Performance status:
    ECOG 0-2 ...", 1,360 criteria of the 1,610 XML records ran several together) as one item per
    label it holds, under a sub-heading of that label (the label kept in the item's text when it
    names what the item measures, :data:`_MEASURED_LABELS`); any other entry as it is."""
    if entry.kind != "item" or entry.marker is not None:
        return [entry]
    body = text[entry.start:entry.end]
    found = list(_INLINE_LABEL_RE.finditer(body))
    if not found or (found[0].start() != 0 and len(found) < 2):
        return [entry]
    parts: list[_Entry] = []
    if found[0].start() > 0:
        # "Recovery from toxicities of prior therapy required Biologic therapy: Not specified ...".
        parts.append(replace(entry, end=entry.start + len(body[: found[0].start()].rstrip())))
    for k, m in enumerate(found):
        label = " ".join(m.group("label").split())
        start = entry.start + m.start()
        parts.append(_Entry("subheading", start, start + m.end("label"), entry.indent, entry.blank_before if k == 0 else False, label=label))
        stop = entry.start + (found[k + 1].start() if k + 1 < len(found) else len(body))
        end = start + len(text[start:stop].rstrip())
        content = text[entry.start + m.end():end]
        if not content.strip():
            continue
        # A label that names what its item measures stays in the item's text ("Performance status:
        # SWOG 0-2", "Life expectancy: At least 8 weeks"); an organ or a therapy ("Renal:",
        # "Radiotherapy: No prior radiotherapy") would only be an entity the item does not state.
        if label.lower() not in _MEASURED_LABELS:
            start = end - len(content.lstrip())
        parts.append(_Entry("item", start, end, entry.indent, False))
    return parts


_BARE_SUBHEADING_RE = re.compile(r"[A-Z][A-Za-z/'’-]*(?:[ \t]+[A-Za-z][A-Za-z/'’-]*){0,4}")


def _bare_subheading(
    text: str, body: str, indent: int, blank: bool, prev: _Entry | None, lines: list[tuple[int, int]], after: int
) -> bool:
    """Is an unmarked line a sub-heading without a colon, as old PDQ records write them?

    "Renal", "Performance status", "Biologic therapy" on a line of their own after a blank line, with
    the marked items they head indented deeper on the next line that is not blank (``lines`` from
    index ``after``). Read as text
    they became criteria of their own ("Renal") and left their items under the section's heading.
    A sentence over a list ("Patients with any of the following") stays a criterion.
    """
    if not (blank or (prev is not None and prev.kind != "item")):
        return False
    if not _BARE_SUBHEADING_RE.fullmatch(body) or _SENTENCE_WORDS.intersection(body.lower().split()):
        return False
    for ls, le in (lines[k] for k in range(after, len(lines))):
        line = text[ls:le].rstrip()
        if not line.strip():
            continue
        cs = ls + len(line) - len(line.lstrip())
        return _indent_width(line) > indent and _match_marker(text, cs)[0] is not None
    return False


def _width(line: str) -> int:
    return len(line.rstrip().expandtabs(4))


#: Last words of a line that the next line must finish ("treated with ART OR" / "HIV positive").
_OPEN_ENDS = frozenset(
    """and or nor of with without to the a an in on at by for from as than who which that whose
    including include includes except plus per vs versus e.g. i.e. eg ie is are was were be been
    have has had must should will would can may any all no not""".split()
)
#: Words of a sentence, which a bare sub-heading ("Renal", "Biologic therapy") never holds: "Patients
#: with any of the following" over a list is a criterion whose sub-items say what it allows ("and"
#: joins the words of a heading too: "Signs and symptoms").
_SENTENCE_WORDS = (_OPEN_ENDS - {"and"}) | {"following", "none", "if"}
#: Columns a wrapped line may fall short of the widest line (the next word did not fit).
_WRAP_SLACK = 12


def _wrap_width(text: str, lines: list[tuple[int, int]]) -> int | None:
    """The width a text is hard-wrapped at, or None when its lines are not wrapped.

    ClinicalTrials.gov XML text blocks wrap at about 97 columns; the API's text and most pages do
    not wrap at all, and there the widest line is one long criterion. A wrapped text shows it: some
    line close to the widest breaks in the middle of a sentence (the next line goes on in lower case).
    """
    widths = [(_width(text[ls:le]), ls, le) for ls, le in lines]
    widest = max((w for w, _, _ in widths), default=0)
    for (w, _, _), (_, ns, ne) in zip(widths, widths[1:]):
        if w >= widest - _WRAP_SLACK and text[ns:ne].strip()[:1].islower():
            return widest
    return None


#: The word a line starts with (its first run of non-space characters).
_FIRST_WORD_RE = re.compile(r"\S+")


def _line_ended(text: str, prev: _Entry, cs: int, width: int | None) -> bool:
    """Did the line before ``cs`` end its item, although no blank line or marker follows?

    Records whose list markers were stripped (the ClinicalTrials.gov API before v2 wrote "Squamous
    cell carcinoma", "Adenocarcinoma", ... on lines of their own) put one criterion per line. A
    hard-wrapped text breaks a line only where the next word would not fit, so a line that leaves
    room for the next line's first word (``width``, see :func:`_wrap_width`) ended there; a text not
    wrapped at all (``width`` None) breaks lines only where its author did. Either way a next line
    that starts in capitals after a line that leaves nothing open starts a criterion of its own.
    """
    line_start = text.rfind("\n", 0, prev.end) + 1
    prev_line = text[line_start:prev.end]
    first = _FIRST_WORD_RE.match(text, cs)
    if first is None or not first.group()[0].isupper():
        return False
    last = prev_line.rstrip()
    if not last or last.endswith((",", ":", "：", "(", "/", "-", "–", "&", " +")):
        return False  # a "+" glued to its word is a sign ("LGBT+", "HER2+"), not "plus"
    if last.rsplit(None, 1)[-1].lower() in _OPEN_ENDS:
        return False
    return width is None or _width(prev_line) + 1 + len(first.group()) < width


def _continues(text: str, prev: _Entry | None, blank: bool, indent: int, cs: int, width: int | None) -> bool:
    """Does unmarked text at ``cs`` continue the entry ``prev``? (See the module docstring.)"""
    if prev is None or prev.kind != "item":
        return False
    if prev.end <= prev.start:  # a marker with nothing after it takes the next text as its content
        prev.start = cs
        return True
    if not blank:
        # A line indented past a marked item's marker is that item's text wrapped ("  -  ... with
        # Aortic\n     Coarctation"); only a line at the marker's column or left of it may start anew.
        return (prev.marker is not None and indent > prev.indent) or not _line_ended(text, prev, cs, width)
    tail = text[prev.start:prev.end].rstrip()
    if tail.endswith((":", "：", ",", ";")):
        return True
    first = text[cs:cs + 1]
    if first.islower():
        return True
    return prev.marker is not None and indent > prev.indent + 1


def _repair_first_indent(entries: list[_Entry]) -> None:
    """Give the first item the indentation of its siblings when the source dropped it.

    ClinicalTrials.gov text blocks print their first line at the base indent even when it is a list
    item whose siblings sit two columns deeper ("1. Patients ...\n  2. ..."); read literally, every
    later item would nest under the first.
    """
    items = [e for e in entries if e.kind == "item"]
    if len(items) < 2 or items[0].marker is None or entries[0] is not items[0]:
        return
    first = items[0]
    for e in items[1:]:
        if e.style != first.style:
            if e.indent <= first.indent + 1:
                return
            continue
        if first.indent < e.indent <= first.indent + 4 and (
            (e.value is not None and first.value is not None and e.value == first.value + 1)
            or (e.value is None and not first.tail_colon)
        ):
            first.indent = e.indent
        return


# --- sections ------------------------------------------------------------------------------------


def _numeric_key(style: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """Style of a numbered list, ignoring a bullet in front of the number (``* 1\\.`` ~ ``1.``)."""
    if style is None or style[0] == "bullet":
        return None
    return style[:-1]


def _top_items(items: list[_Entry]) -> list[_Entry]:
    if not items:
        return []
    base = min(e.indent for e in items)
    return [e for e in items if e.indent <= base + 1]


def _assign_sections(entries: list[_Entry]) -> list[tuple[str, list[_Entry]]]:
    """Pass 2: cut the entries into (kind, entries) runs, repairing carry-over and lost headings."""
    runs: list[tuple[str, list[_Entry]]] = []
    kind = "inclusion"
    current: list[_Entry] = []
    headings = [e for e in entries if e.kind == "heading"]
    for i, e in enumerate(entries):
        if e.kind == "heading":
            runs.append((kind, current))
            current = [e]
            if e.section:
                kind = e.section
            continue
        current.append(e)
    runs.append((kind, current))
    runs = [(k, r) for k, r in runs if r]

    # Carry-over: leading items under a heading that continue the previous run's numbering.
    for ri in range(1, len(runs)):
        kind, run = runs[ri]
        prev_kind, prev_run = runs[ri - 1]
        if kind == prev_kind:
            continue
        prev_top = [e for e in _top_items([x for x in prev_run if x.kind == "item"]) if e.value is not None]
        items = [x for x in run if x.kind == "item"]
        top = _top_items(items)
        if not prev_top or not top or top[0].value is None:
            continue
        key = _numeric_key(top[0].style)
        if key is None or key != _numeric_key(prev_top[-1].style):
            continue
        first, last = top[0].value, prev_top[-1].value or 0
        if first <= 1 or first <= last:
            continue
        restart = None
        expected = first
        for e in top:
            if _numeric_key(e.style) != key or e.value is None:
                continue
            if e.value == expected:
                expected += 1
                continue
            if e.value < first:
                restart = e
            break
        if restart is None:
            continue
        cut = run.index(restart)
        # The heading travels with the carried items too: it closes the previous list's sub-lists.
        carried = [x for x in run[:cut] if x.kind != "heading"]
        closing = [x for x in run[:cut] if x.kind == "heading"]
        runs[ri - 1] = (prev_kind, prev_run + closing + carried)
        runs[ri] = (kind, [x for x in run[:cut] if x.kind == "heading"] + run[cut:])

    # Lost heading: a top-level restart above 1 inside inclusion when no exclusion heading exists.
    if not any(h.section == "exclusion" for h in headings):
        fixed: list[tuple[str, list[_Entry]]] = []
        for kind, run in runs:
            if kind != "inclusion":
                fixed.append((kind, run))
                continue
            top = _top_items([x for x in run if x.kind == "item" and x.marker is not None])
            split_at = None
            last_value = None
            key = _numeric_key(top[0].style) if top else None
            for e in top:
                if e.value is None or _numeric_key(e.style) != key:
                    continue
                if last_value is not None and 1 < e.value < last_value:
                    split_at = run.index(e)
                    break
                last_value = e.value
            if split_at is None:
                fixed.append((kind, run))
            else:
                fixed.append((kind, run[:split_at]))
                fixed.append(("exclusion", run[split_at:]))
        runs = fixed
    return runs


# --- nesting and ids -----------------------------------------------------------------------------


@dataclass
class _Node:
    entry: _Entry
    children: list[_Node] = field(default_factory=list)


@dataclass
class _Level:
    style: tuple[str, ...] | None
    indent: int
    siblings: list[_Node]

    @property
    def last(self) -> _Node | None:
        return self.siblings[-1] if self.siblings else None


def _ends_with_colon(text: str, e: _Entry) -> bool:
    return text[e.start:e.end].rstrip().endswith((":", "："))


def _is_restart(e: _Entry) -> bool:
    return e.value == 1 and e.style is not None and e.style[0] != "bullet"


#: Deeper lists than this are kept flat: no real criteria list nests so deep, and a bound keeps
#: hostile input (thousands of "1." lines) linear.
MAX_DEPTH = 8


def _place(text: str, stack: list[_Level], e: _Entry) -> None:
    """Put item ``e`` into the open levels ``stack`` (the root level is ``stack[0]``)."""
    node = _Node(e)
    if len(stack) >= MAX_DEPTH:
        stack[-1].siblings.append(node)
        return
    # Close levels indented deeper than this item.
    while len(stack) > 1 and e.indent < stack[-1].indent - 1:
        stack.pop()
    top = stack[-1]
    if top.last is None:
        top.siblings.append(node)
        top.style = top.style or e.style
        top.indent = e.indent
        return
    continues_top = (
        e.style == top.style and e.value is not None and top.last.entry.value is not None
        and e.value == top.last.entry.value + 1
    )
    if e.indent > top.indent + 1 and not continues_top:
        _open(stack, top.last, node)
        return
    same = [lvl for lvl in stack if lvl.style == e.style and abs(lvl.indent - e.indent) <= 1 and lvl.last is not None]
    if same:
        if e.value is not None:
            for lvl in same:  # outermost first
                if lvl.last.entry.value is not None and e.value == lvl.last.entry.value + 1:
                    _pop_to(stack, lvl).siblings.append(node)
                    return
            # "1." right after a lone "1." is a numbering slip, not a sub-list of one item.
            if _is_restart(e) and not (same[-1].last.entry.value == 1 and len(same[-1].siblings) == 1 and not _ends_with_colon(text, same[-1].last.entry)):
                lvl = same[-1]
                _pop_to(stack, lvl)
                _open(stack, lvl.last, node)
                return
            # A gap (items lost by the page): the level it continues with the smallest jump.
            ahead = [lvl for lvl in same if lvl.last.entry.value is not None and e.value > lvl.last.entry.value]
            if ahead:
                best = min(ahead, key=lambda lvl: (e.value - lvl.last.entry.value, -stack.index(lvl)))  # type: ignore[operator]
                _pop_to(stack, best).siblings.append(node)
                return
        _pop_to(stack, same[-1]).siblings.append(node)
        return
    if e.style is not None and (_ends_with_colon(text, top.last.entry) or (_is_restart(e) and top.style != e.style)):
        _open(stack, top.last, node)
        return
    top.siblings.append(node)


def _open(stack: list[_Level], parent: _Node, node: _Node) -> None:
    """Open a sub-list under ``parent`` whose first item is ``node``; the level shares the parent's children."""
    parent.children.append(node)
    stack.append(_Level(node.entry.style, node.entry.indent, parent.children))


def _pop_to(stack: list[_Level], level: _Level) -> _Level:
    while stack[-1] is not level:
        stack.pop()
    return level


def _numbers(nodes: list[_Node]) -> list[int]:
    """Source numbers when siblings are all numbered and strictly increasing, else positions."""
    values = [n.entry.value for n in nodes]
    if all(v is not None for v in values) and all(a < b for a, b in zip(values, values[1:])):  # type: ignore[operator]
        return values  # type: ignore[return-value]
    return list(range(1, len(nodes) + 1))


def _emit(text: str, nodes: list[_Node], prefix: str, kind: str, parent: str | None, out: list[tuple[int, Criterion]]) -> None:
    for node, number in zip(nodes, _numbers(nodes)):
        e = node.entry
        cid = f"{prefix}{number}" if parent is None else f"{parent}.{number}"
        out.append(
            (
                e.start,
                Criterion(
                    id=cid,
                    kind=kind,  # type: ignore[arg-type]
                    text=text[e.start:e.end],
                    start=e.start,
                    end=e.end,
                    parent=parent,
                    marker=e.marker,
                    heading=e.heading,
                ),
            )
        )
        _emit(text, node.children, prefix, kind, cid, out)


def _build_tree(text: str, runs: list[tuple[str, list[_Entry]]]) -> list[Criterion]:
    """Pass 3: nest items per kind and give them ids; criteria come back in source order."""
    roots: dict[str, _Level] = {"inclusion": _Level(None, 0, []), "exclusion": _Level(None, 0, [])}
    stacks: dict[str, list[_Level]] = {k: [lvl] for k, lvl in roots.items()}
    for kind, run in runs:
        stack = stacks[kind]
        heading: str | None = None
        for e in run:
            if e.kind == "heading":
                del stack[1:]
                heading = None
                continue
            if e.kind == "subheading":
                heading = e.label
                root = stack[0]
                if root.last is None or e.indent <= root.indent + 1:
                    del stack[1:]
                continue
            if e.end <= e.start or _EMPTY_ITEM_RE.match(text[e.start:e.end]):
                continue
            e.heading = heading
            _place(text, stack, e)
    out: list[tuple[int, Criterion]] = []
    _emit(text, roots["inclusion"].siblings, "I", "inclusion", None, out)
    _emit(text, roots["exclusion"].siblings, "E", "exclusion", None, out)
    out.sort(key=lambda pair: pair[0])
    return [c for _, c in out]


def split_criteria(text: str, start: int = 0, end: int | None = None) -> list[Criterion]:
    """Split the eligibility text ``text[start:end]`` into criteria.

    Args:
        text: the whole source text (a page file, or a record's eligibility text).
        start: where the eligibility region starts in ``text``.
        end: where it ends (default: the end of ``text``).

    Returns:
        Criteria in source order; each one's ``start``/``end`` index ``text`` and
        ``text[c.start:c.end] == c.text``. Items before any heading are inclusion criteria.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    entries = _scan(text, start, end)
    _repair_first_indent(entries)
    runs = _assign_sections(entries)
    return _build_tree(text, runs)
