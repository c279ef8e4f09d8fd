"""Demo cases (filled in below)."""


def seed_cases():
    return None
