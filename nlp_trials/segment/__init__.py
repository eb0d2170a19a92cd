"""Text segmentation without spaCy: criteria lists into criteria with character offsets."""

from .criteria import split_criteria

__all__ = ["split_criteria"]
