"""Train the statistical NER: gold (any scheme, via :func:`nlp_trials.gold.load_gold`) and silver data -> DocBin -> spaCy.

Which documents a gold corpus gives to training is fixed here, so that the numbers in the README's
Results table are measured on data the model never saw:

* Chia and LCT ship no train/dev files. Their trials are halved by
  :func:`nlp_trials.evaluation.run.split_of`: half 1 is **held apart for evaluation and never read
  by training**; half 0 is for training, minus one trial in ten (a second, independent hash) kept as
  the dev set that picks ``model-best``.
* NeuroTrialNER ships ``train.json`` and ``dev.json``; training reads ``train.json`` only (minus one
  record in ten as its dev set), and ``dev.json`` is the evaluation set.
* Silver corpora (``nlp-trials corpus`` output) come already split: pass ``OUT/train`` to ``--train``
  and ``OUT/dev`` to ``--dev``.

Training uses spaCy's own loop (:func:`spacy.cli.train.train`) with the shipped config
``configs/ner.cfg`` and overrides; nothing calls a ``spacy`` executable.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from .errors import FormatError, GoldError, message
from .gold import LabeledDocument, load_gold
from .io import atomic_dir
from .pipeline import hybrid as hybrid_module

logger = logging.getLogger("nlp_trials")

NER_CONFIG = Path(__file__).resolve().parent / "configs" / "ner.cfg"
GOLD_SCHEMES: tuple[str, ...] = ("chia", "lct", "neurotrialner", "jsonl")
#: Corpora whose evaluation half (split_of == 1) training must never read.
HALVED_SCHEMES: frozenset[str] = frozenset({"chia", "lct"})
#: What the shipped NER learns. DRUG and LAB_TEST are learnt though the hybrid adds neither (see
#: nlp_trials.pipeline.hybrid.HYBRID_LABELS): they keep the model from taking drugs for diseases and
#: tests for values, and `assemble-hybrid --labels` can still admit them.
DEFAULT_LABELS: tuple[str, ...] = ("DRUG", "DISEASE", "LAB_VALUE", "LAB_TEST")
Part = Literal["train", "dev", "eval"]


def training_part(doc_id: str, scheme: str) -> Part:
    """Where a gold document goes: 'eval' (held apart), 'dev' (model selection) or 'train'."""
    from .evaluation.run import split_of

    if scheme in HALVED_SCHEMES and split_of(doc_id) == 1:
        return "eval"
    trial = doc_id.split("_")[0]
    if int(hashlib.sha1(f"dev\x00{trial}".encode()).hexdigest(), 16) % 10 == 0:
        return "dev"
    return "train"


@dataclass(frozen=True)
class DataSpec:
    """One ``--train``/``--dev`` argument: gold as ``SCHEME:PATH``, or DocBin data (a ``.spacy`` file or folder)."""

    path: Path
    scheme: str | None = None

    @classmethod
    def parse(cls, value: str) -> DataSpec:
        """``chia:../shared/corpora/chia`` -> gold; ``/tmp/silver/train`` -> DocBin.

        Raises:
            FormatError: [E231] unknown scheme, missing path, or a path that is not DocBin data.
        """
        schemes = ", ".join(GOLD_SCHEMES)
        head, sep, tail = value.partition(":")
        if sep and head in GOLD_SCHEMES:
            path = Path(tail)
            if not path.exists():
                raise FormatError(message("E231", value=value, detail=f"{path} does not exist", schemes=schemes))
            return cls(path=path, scheme=head)
        path = Path(value)
        if sep and not path.exists() and len(head) > 1:
            raise FormatError(message("E231", value=value, detail=f"unknown scheme {head!r}", schemes=schemes))
        if not path.exists():
            raise FormatError(message("E231", value=value, detail=f"{path} does not exist", schemes=schemes))
        if path.is_file() and path.suffix != ".spacy":
            raise FormatError(message("E231", value=value, detail="not a .spacy file", schemes=schemes))
        if path.is_dir() and not any(path.rglob("*.spacy")):
            raise FormatError(message("E231", value=value, detail="the folder holds no .spacy file", schemes=schemes))
        return cls(path=path)


def blank_nlp(config_path: str | Path = NER_CONFIG) -> Language:
    """An empty pipeline with the config's tokenizer: the tokens gold spans are aligned to."""
    from .pipeline import registrations  # noqa: F401  (the nlp_trials tokenizer)

    config = spacy.util.load_config(Path(config_path))
    return spacy.blank("en", config={"nlp": {"tokenizer": dict(config["nlp"]["tokenizer"])}})


def _trim(span: Span) -> Span | None:
    """``span`` without whitespace tokens at its edges (spaCy refuses entities that start or end on one)."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return Span(doc, start, end, label=span.label) if end > start else None


def labeled_to_doc(nlp: Language, document: LabeledDocument, labels: Iterable[str] | None) -> tuple[Doc, Counter[str]]:
    """A Doc of ``document.text`` whose ``ents`` are its spans of ``labels`` (all labels if None).

    Spans are aligned to tokens by expanding to the tokens they touch. Where spans overlap (NER
    allows none), the longer one is kept, then the earlier. Counts: 'kept', 'overlap', 'unaligned'.
    """
    wanted = None if labels is None else set(labels)
    doc = nlp.make_doc(document.text or "")
    counts: Counter[str] = Counter()
    taken = [False] * len(doc)
    ents: list[Span] = []
    for s in sorted(document.spans, key=lambda s: (-(s.end - s.start), s.start, s.label)):
        if wanted is not None and s.label not in wanted:
            continue
        span = doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
        span = _trim(span) if span is not None else None
        if span is None:
            counts["unaligned"] += 1
            continue
        if any(taken[span.start : span.end]):
            counts["overlap"] += 1
            continue
        taken[span.start : span.end] = [True] * (span.end - span.start)
        ents.append(span)
        counts["kept"] += 1
    doc.set_ents(sorted(ents, key=lambda e: e.start), default="outside")
    doc.user_data["doc_id"] = document.id
    return doc, counts


def gold_docs(
    nlp: Language, spec: DataSpec, *, part: Part, labels: Iterable[str] | None
) -> Iterator[tuple[Doc, Counter[str]]]:
    """The Docs of the ``part`` ('train' or 'dev') of a gold corpus, see :func:`training_part`."""
    assert spec.scheme is not None
    gold = load_gold(spec.path, corpus=spec.scheme)
    for document in gold.documents:
        if training_part(document.id, spec.scheme) == part:
            yield labeled_to_doc(nlp, document, labels)


def docbin_docs(nlp: Language, spec: DataSpec, *, labels: Iterable[str] | None) -> Iterator[tuple[Doc, Counter[str]]]:
    """The Docs of a ``.spacy`` file or a folder of them, with only the entities of ``labels``."""
    wanted = None if labels is None else set(labels)
    files = [spec.path] if spec.path.is_file() else sorted(spec.path.rglob("*.spacy"))
    for path in files:
        for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
            kept = [e for e in doc.ents if wanted is None or e.label_ in wanted]
            counts: Counter[str] = Counter(kept=len(kept))
            doc.set_ents(kept, default="outside")
            yield doc, counts


@dataclass
class DataReport:
    """What went into a training run: documents and entity counts per part."""

    documents: Counter[str] = field(default_factory=Counter)
    entities: dict[str, Counter[str]] = field(default_factory=dict)
    alignment: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": dict(self.documents),
            "entities": {part: dict(sorted(c.items())) for part, c in self.entities.items()},
            "alignment": dict(self.alignment),
        }


def write_docbins(
    nlp: Language,
    specs: Sequence[DataSpec],
    folder: Path,
    *,
    part: Part,
    labels: Iterable[str] | None,
    report: DataReport,
    shard_size: int = 2000,
) -> int:
    """Convert ``specs`` into DocBin shards in ``folder``; returns the number of documents written."""
    folder.mkdir(parents=True, exist_ok=True)
    labels = None if labels is None else tuple(labels)
    n = shard = 0
    bin_ = DocBin()
    entities = report.entities.setdefault(part, Counter())
    for spec in specs:
        stream = gold_docs(nlp, spec, part=part, labels=labels) if spec.scheme else docbin_docs(nlp, spec, labels=labels)
        for doc, counts in stream:
            bin_.add(doc)
            n += 1
            entities.update(e.label_ for e in doc.ents)
            report.alignment.update(counts)
            if len(bin_) >= shard_size:
                bin_.to_disk(folder / f"{shard:03d}.spacy")
                shard += 1
                bin_ = DocBin()
    if len(bin_):
        bin_.to_disk(folder / f"{shard:03d}.spacy")
    report.documents[part] += n
    return n


def train_ner(
    train: Sequence[DataSpec],
    output: str | Path,
    *,
    dev: Sequence[DataSpec] = (),
    config: str | Path = NER_CONFIG,
    labels: Iterable[str] | None = DEFAULT_LABELS,
    max_epochs: int | None = None,
    max_steps: int | None = None,
    eval_frequency: int | None = None,
    seed: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> DataReport:
    """Train the NER on ``train`` and pick ``model-best`` on ``dev`` (default: the gold ``train`` specs).

    Gold specs give their 'train' part to training and their 'dev' part to dev, wherever they are
    listed (:func:`training_part`); DocBin specs are read whole.

    ``output`` gets ``model-best`` and ``model-last`` (spaCy's layout) and appears only when the run
    finished. Raises :class:`GoldError` [E232] when a part has no document.
    """
    from spacy.cli.train import train as spacy_train

    from .pipeline import registrations  # noqa: F401

    nlp = blank_nlp(config)
    report = DataReport()
    with tempfile.TemporaryDirectory(prefix="nlp_trials_train_") as tmp:
        data = Path(tmp)
        n_train = write_docbins(nlp, train, data / "train", part="train", labels=labels, report=report)
        dev_specs = list(dev) or [s for s in train if s.scheme]
        n_dev = write_docbins(nlp, dev_specs, data / "dev", part="dev", labels=labels, report=report) if dev_specs else 0
        for name, n, specs in (("training", n_train, train), ("dev", n_dev, dev_specs)):
            if not n:
                what = ", ".join(str(s.path) for s in specs) or "(nothing given)"
                raise GoldError(message("E232", value=what, detail=f"no {name} document; give --dev, or gold with a train part"))
        settings: dict[str, Any] = {"paths.train": str(data / "train"), "paths.dev": str(data / "dev")}
        if max_epochs is not None:
            settings["training.max_epochs"] = max_epochs
        if max_steps is not None:
            settings["training.max_steps"] = max_steps
        if eval_frequency is not None:
            settings["training.eval_frequency"] = eval_frequency
        if seed is not None:
            settings["system.seed"] = seed
        settings.update(overrides or {})
        with atomic_dir(output) as out:
            spacy_train(Path(config), out, use_gpu=-1, overrides=settings)
            for model in ("model-best", "model-last"):
                _forget_data_paths(out / model / "config.cfg")
    return report


def _forget_data_paths(config_path: Path) -> None:
    """Null the saved config's data paths: they name a temporary folder that is gone after training."""
    if not config_path.exists():
        return
    saved = spacy.util.load_config(config_path, interpolate=False)
    saved["paths"]["train"] = None
    saved["paths"]["dev"] = None
    saved.to_disk(config_path)


def assemble_hybrid(
    ner: str | Path,
    output: str | Path,
    *,
    rules: str | Path | None = None,
    labels: Sequence[str] = hybrid_module.HYBRID_LABELS,
    extend_labels: Sequence[str] = hybrid_module.EXTEND_LABELS,
    min_chars: int = 2,
    paired_labels: Mapping[str, str] = hybrid_module.PAIRED_LABELS,
    pair_gap: int = hybrid_module.PAIR_GAP,
) -> Language:
    """The rule pipeline (``rules``, default ``models/trials_rules``) with the trained ``ner`` merged in.

    Pipeline: ``ner`` (sourced from the trained model) -> ``trials_model_spans`` -> the rule
    components -> ``trials_hybrid`` right after ``trials_resolver`` -> context, linker. See
    :mod:`nlp_trials.pipeline.hybrid` for the merge policy. ``output`` is written whole or not at all.

    Raises:
        GoldError: [E233] ``ner`` is not a trained pipeline with an 'ner' component; [E234] ``rules``
            is not a rule pipeline (no trials_resolver, or a trained 'ner' already in it).
    """
    from .pipeline import factories  # noqa: F401
    from .pipeline.assemble import DEFAULT_MODEL, load

    ner_path = Path(ner)
    try:
        trained = spacy.load(ner_path)
    except (OSError, ValueError) as e:
        raise GoldError(message("E233", path=ner_path, detail=str(e).splitlines()[0])) from None
    if "ner" not in trained.pipe_names:
        raise GoldError(message("E233", path=ner_path, detail=f"its components are {trained.pipe_names}"))
    # load(None) is the default pipeline, which is the hybrid itself once models/ner_trials exists.
    nlp = load(rules if rules is not None else DEFAULT_MODEL)
    if "trials_resolver" not in nlp.pipe_names:
        raise GoldError(message("E234", path=rules or DEFAULT_MODEL, detail="it has no trials_resolver to merge after"))
    if "ner" in nlp.pipe_names:
        raise GoldError(message("E234", path=rules or DEFAULT_MODEL, detail="it already has a trained 'ner' component (a hybrid pipeline?)"))
    nlp.add_pipe("ner", source=trained, first=True)
    nlp.add_pipe("trials_model_spans", after="ner")
    nlp.add_pipe("trials_hybrid", after="trials_resolver", config={
        "labels": list(labels), "extend_labels": list(extend_labels), "min_chars": min_chars,
        "paired_labels": dict(paired_labels), "pair_gap": pair_gap,
    })
    nlp.meta["name"] = "trials_hybrid"
    nlp.meta["description"] = f"Rules of nlp_trials plus the NER trained in {ner_path}; merge policy in nlp_trials.pipeline.hybrid"
    with atomic_dir(output) as out:
        nlp.to_disk(out)
    return nlp


def _project_models() -> Path:
    from .pipeline.assemble import PROJECT_DIR

    return PROJECT_DIR / "models"


#: The trained NER the hybrid default is built from (4 MB; see README "Results").
DEFAULT_NER = _project_models() / "ner_trials"
DEFAULT_HYBRID = _project_models() / "trials_hybrid"


def ensure_hybrid(
    ner: str | Path = DEFAULT_NER, output: str | Path = DEFAULT_HYBRID, *, rules: str | Path | None = None
) -> Path | None:
    """The hybrid pipeline's folder, (re)assembled when missing or older than the rules or the NER.

    Returns None when there is no trained NER at ``ner`` (then the rules are the pipeline). The rule
    pipeline (default ``models/trials_rules``) is assembled first if it is missing, so the hybrid
    always carries the current patterns after ``nlp-trials assemble``.
    """
    from .pipeline.assemble import DEFAULT_MODEL, assemble, ensure_rules

    ner, output = Path(ner), Path(output)
    if not (ner / "config.cfg").exists():
        return None
    rules_dir = Path(rules) if rules is not None else DEFAULT_MODEL
    if rules is None:
        ensure_rules(rules_dir)
    elif not (rules_dir / "config.cfg").exists():
        logger.warning("assembling the rule pipeline into %s (first use)", rules_dir)
        assemble(output=rules_dir)
    built = output / "config.cfg"
    # The merge policy's defaults are written into the hybrid's config, so its code is a source too.
    sources = [rules_dir / "config.cfg", ner / "config.cfg", ner / "ner" / "model", Path(hybrid_module.__file__)]
    newest = max(p.stat().st_mtime for p in sources if p.exists())
    if not built.exists() or built.stat().st_mtime < newest:
        logger.warning("assembling the hybrid pipeline into %s from %s and %s", output, rules_dir, ner)
        assemble_hybrid(ner, output, rules=rules_dir)
    return output
