"""Netral's detector: political, partisan, hate-speech and hoax screening of Indonesian social-media text.

Plain Python (no Django). Usage::

    from netral.detect import Detector
    d = Detector.load()              # or Detector.load(lexicon=Lexicon.from_csv("paslon.csv"))
    r = d.classify("coblos 02 ya ✌️", interaction="comment")
    r.to_dict()

See docs/detector.md.
"""

from __future__ import annotations

from .lexicon import Contestant, Lexicon, Match
from .model import Detector, Result, _model_meta
from .text import normalize, normalize_text

__version__ = "1.0"


def _version() -> str:
    sha = _model_meta().get("sha256", "untrained")
    return f"netral-detect/{__version__}+{sha[:12]}"


#: Tag for scan results: library version and the hash of the model weights.
DETECTOR_VERSION = _version()

__all__ = ["DETECTOR_VERSION", "Contestant", "Detector", "Lexicon", "Match", "Result", "normalize", "normalize_text"]
