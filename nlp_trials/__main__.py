"""``python -m nlp_trials`` runs the command-line interface."""

from .cli import main

main()
