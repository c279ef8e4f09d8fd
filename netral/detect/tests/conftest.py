"""Detector tests: plain Python, no database, no ../shared/data."""

import pytest


@pytest.fixture(scope="session")
def detector():
    from netral.detect import Detector

    return Detector.load()


@pytest.fixture(scope="session")
def lexicon():
    from netral.detect import Lexicon

    return Lexicon.builtin()
