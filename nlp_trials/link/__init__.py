"""The linker: tagged spans become relations, then structured trial objects.

Everything here works on plain data (:mod:`.spans`), never on spaCy objects, so every rule is a pure
function that a test can call with inline offsets:

* :mod:`.spans` — :class:`Entity`, :class:`Relation`, :class:`AnnotatedText` and their conversion
  from an annotated ``Doc``.
* :mod:`.regimen` — what is given, how much, how, on which days and how often: relations from a
  DRUG to its DOSE, ROUTE, FREQUENCY, SCHEDULE and DURATION, and the ``regimens`` built from them.
* :mod:`.eligibility` — a LAB_TEST and its LAB_VALUE (also one value shared by several tests, and
  thresholds that apply only to some patients), time windows and their anchors, and the objects
  added to each criterion (``lab_thresholds``, ``time_windows``, ``entities``) and to
  ``eligibility`` (summary facts).

The spaCy side is thin: ``trials_linker`` (:mod:`nlp_trials.pipeline.linker`) calls
:func:`.regimen.regimen_relations` and :func:`.eligibility.eligibility_relations` and stores plain
offsets in ``doc._.trial_relations``; :mod:`nlp_trials.enrich` runs the pipeline over a Trial's texts
and fills its objects.
"""
