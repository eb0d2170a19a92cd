"""Error types and coded messages.

Every message names what was wrong, where, and what is allowed. Codes are stable so users can grep
logs and tests can match them (``[E001]``).
"""

from __future__ import annotations


class Errors:
    E001 = "empty record: the file has no content"
    E002 = "binary or non-UTF-8 content (byte {pos}): expected UTF-8 text, JSON or XML"
    E003 = "malformed JSON: {detail}"
    E004 = "malformed XML: {detail}"
    E005 = "unknown JSON layout: expected an API v2 study ('protocolSection'), a page ('studies'), an API v1 'FullStudiesResponse', or JSON Lines of studies; found keys {keys}"
    E006 = "unknown XML layout: expected a <clinical_study> root, found <{tag}>"
    E007 = "XML uses a DTD or entity declarations, which are refused for safety"
    E008 = "unknown format {value!r}: allowed formats are {allowed}"
    E009 = "record too large: {size} characters, the limit is {limit}"
    E010 = "JSON nested deeper than {limit} levels"
    E011 = "not a study: JSON Lines entry is a {kind}, expected an object"
    E012 = "cannot read {path}: {detail}"
    E013 = "no eligibility criteria, study fields or trial page structure found: the text is not a recognized {format} layout"
    E014 = "not a study: entry {index} of the {container} is a JSON {kind}, expected an object"
    E015 = "internal error in the {format} reader ({detail}); please report it"
    E016 = "document {doc_id} has {size} characters, more than the pipeline's limit of {limit} (nlp.max_length); it was skipped"
    E017 = "record took longer than {seconds} s; skipped (the per-record time limit guards a batch against one pathological record; raise it with time_limit=)"
    E018 = "the pipeline failed on document {doc_id} ({error}); the document was left unannotated, the rest of the record was read; please report it"
    E019 = "{path} is being written by another run (its partial file {partial} is locked): wait for that run, or write to another file with -o"
    # E100-E119: pattern files (patterns/*.jsonl), nlp_trials.pipeline.patterns
    E100 = "{path}, line {line}: invalid JSON ({detail}); each line must be one JSON object such as {example}"
    E101 = "{path}, line {line}: expected a JSON object, found {kind}; each line must be one JSON object such as {example}"
    E102 = "{path}, line {line}: invalid pattern record: {detail}. Allowed keys: {keys}; allowed labels: {labels}; 'pattern' is a phrase (string) or a spaCy token pattern (list of objects); 'id' is '<kind>:<key>' or '<kind>:<key>|<PREFIX>:<code>' with <kind> the label lower-cased"
    E103 = "cannot read pattern file {path}: {detail}"
    E104 = "{path}: the pattern file is empty"
    E105 = "pattern directory {path} does not exist or holds no *.jsonl files"
    E106 = "{count} pattern conflict(s) in {path}: {detail}. A phrase (compared lower-cased, as the ruler matches it) may appear once, with one label and one id, across all pattern files"
    # E110-E112: the trials_ruler component (nlp_trials.pipeline.ruler)
    E110 = "component {component!r}, pattern {index}: {detail}; a pattern is {{'label': str, 'pattern': a phrase (string) or a spaCy token pattern (list of objects), 'id': optional str}}"
    E111 = "cannot load component {component!r} from {path}: {detail}; expected a directory written by its to_disk (rules.msgpack)"
    E112 = "component {component!r}: phrase_matcher_attr {value!r} is not allowed; allowed values are LOWER and ORTH"
    # E113: the trials_ellipsis component (nlp_trials.pipeline.ellipsis)
    E113 = "component {component!r}: its lexicon {value!r} is not a trials_ruler of this pipeline; the pipeline's components are {allowed}"
    # E200-E229: gold corpora (nlp_trials.gold) and the span/relation scorer (nlp_trials.evaluation).
    # E200-E210 and E217 are reported as GoldWarning records (the line or document is skipped, the
    # read goes on); the others are raised.
    E200 = "{path}, line {line}: malformed brat line ({reason}); the line is skipped: {text!r}"
    E201 = "{path}, line {line}: offsets {offsets!r} of {id} are invalid ({reason}); the text has {length} characters; the annotation is skipped"
    E202 = "{path}, line {line}: the stored text of {id} does not match the document: the annotation says {stored!r}, offsets {offsets} hold {actual!r}; {action}"
    E203 = "{path}, line {line}: duplicate annotation id {id}; the first definition is kept"
    E204 = "{path}, line {line}: {id} refers to {ref}, which is not defined (or was skipped); the annotation is skipped"
    E205 = "{path}, line {line}: span {id} had whitespace at its edges; offsets {offsets} trimmed to {trimmed}"
    E206 = "{path}: no .txt file beside the .ann file; the document is skipped"
    E207 = "{path}: no .ann file beside the .txt file; the document is read with no annotations"
    E208 = "{path}, line {line}: invalid JSON ({detail}); the line is skipped"
    E209 = "{path}, {where}: invalid gold record ({detail}); {action}"
    E210 = "{path}: duplicate document id {id!r}; the first document is kept"
    E211 = "gold path {path} does not exist"
    E212 = "gold path {path} holds no {what}"
    E213 = "unknown gold corpus {value!r}: allowed corpora are {allowed}"
    E214 = "cannot read {path}: {detail}"
    E215 = "invalid label mapping {path}: {detail}"
    E216 = "invalid option {name}={value!r}: allowed values are {allowed}"
    E217 = "{path}, {where}: record {id!r} has answer {answer!r}; only accepted records are gold; skipped"
    E218 = "document {id!r}: the predicted text differs from the gold text (first difference at character {pos}); offsets cannot be compared"
    E219 = "duplicate {side} document id {id!r}: each document may be scored once"
    E220 = "{path}: no logical forms; expected <NCT id>_<line>.js files, in one folder per annotator (lct-logical-forms)"
    E221 = "{path}: not a logical form: {detail}; expected 'INC' or 'EXC' and the criterion's text, each quoted on its own line, then the annotated text and the tree"
    # E230-E239: silver corpora (nlp_trials.corpus), training (nlp_trials.train), the hybrid pipeline.
    E230 = "invalid split {value!r}: expected two or three non-negative fractions separated by commas that sum to 1, such as 0.8,0.1,0.1"
    E231 = "invalid training data {value!r}: {detail}. Expected a .spacy file, a folder of .spacy files, or SCHEME:PATH with SCHEME one of {schemes}"
    E232 = "no training documents in {value}: {detail}"
    E233 = "cannot use {path} as the trained NER: {detail}; expected the model-best or model-last folder that nlp-trials train writes, with an 'ner' component"
    E234 = "cannot use {path} as the rule pipeline of the hybrid: {detail}; expected the folder nlp-trials assemble writes (models/trials_rules)"
    # E120-E129: ConText rules (patterns/context.jsonl) and the trials_context component,
    # nlp_trials.pipeline.context
    E120 = "{where}: invalid JSON ({detail}); each line must be one JSON object such as {example}"
    E121 = "{where}: expected a JSON object, found {kind}; each line must be one JSON object such as {example}"
    E122 = "{where}: invalid context rule {literal!r}: {detail}. Allowed keys: {keys}; categories: {categories}; directions: {directions}; allowed_types: {types}; terminated_by: {terminators}"
    E123 = "cannot read context rule file {path}: {detail}"
    E124 = "{path}: the context rule file holds no rule"
    E125 = "{where}: duplicate context rule literal {literal!r} (first at {first}); the literal names the rule and must be unique"
    E126 = "cannot load component {component!r} from {path}: {detail}; expected a directory written by its to_disk (rules.jsonl, cfg)"
    E127 = "{where}: expected a context rule (a JSON object such as {example}), found {kind}"
    # E130-E136: term lists (patterns/term_lists.jsonl), nlp_trials.pipeline.term_lists, and the
    # trials_value_rules component that carries them
    E130 = "{where}: invalid JSON ({detail}); each line must be one JSON object such as {example}"
    E131 = "{where}: expected a term record (a JSON object such as {example}), found {kind}"
    E132 = "{where}: invalid term record: {detail}. Keys: list, term, means; allowed lists: {lists}"
    E133 = "{where}: term {term!r} is already in list {list!r} (first at {first}); a term appears once per list"
    E134 = "cannot read term list file {path}: {detail}"
    E135 = "{path}: the term list file holds no record"
    E137 = "component {component!r}: {value!r} is not a trials_value_rules component of this pipeline; the pipeline's components are {allowed}"
    E136 = "cannot load component {component!r} from {path}: {detail}; expected a directory written by its to_disk (terms.jsonl)"
    # E138: the trials_drug_spelling component (nlp_trials.pipeline.drug_spelling)
    E138 = "cannot load component {component!r} from {path}: {detail}; expected a directory written by its to_disk (names.json)"


def _coded(code: str, template: str, **kwargs: object) -> str:
    return f"[{code}] " + template.format(**kwargs)


def message(code: str, **kwargs: object) -> str:
    """Format the coded message ``code`` (e.g. ``"E003"``) with ``kwargs``."""
    return _coded(code, getattr(Errors, code), **kwargs)


class NlpTrialsError(Exception):
    """Base class of every error nlp_trials raises on purpose."""


class RecordError(NlpTrialsError, ValueError):
    """A record could not be read. Carries the file and the record's index for one-line reports."""

    def __init__(self, reason: str, *, path: str | None = None, index: int | None = None) -> None:
        self.reason = reason
        self.path = path
        self.index = index
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``path[#index]: reason`` on one line, as the CLI prints it."""
        where = self.path or "<text>"
        if self.index is not None:
            where += f" record #{self.index}"
        return f"{where}: " + " ".join(self.reason.split())

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "index": self.index, "reason": self.reason}


class FormatError(NlpTrialsError, ValueError):
    """A caller asked for an unknown format."""


class PatternError(NlpTrialsError, ValueError):
    """A pattern file or pattern directory is invalid. The message names the file, line and what is allowed."""


class GoldError(NlpTrialsError, ValueError):
    """A gold corpus, file or label mapping cannot be used at all (a bad line is a warning, not this)."""


class EvaluationError(NlpTrialsError, ValueError):
    """Gold and predicted documents cannot be compared (duplicate ids, different texts)."""


class ComponentError(NlpTrialsError, ValueError):
    """A pipeline component cannot be configured, saved or loaded (missing or incomplete directory)."""


class OutputError(NlpTrialsError, OSError):
    """An output file cannot be written now (another run is writing it)."""
