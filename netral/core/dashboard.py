"""Home dashboard cards by role. Apps register their cards in AppConfig.ready()."""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Card:
    key: str
    template: str
    roles: tuple
    context: Callable  # (request) -> dict
    order: int = 100


_cards: list[Card] = []


def register(key, template, roles, context, order=100):
    # Same key replaces: a feature swaps in its real card for core's placeholder.
    _cards[:] = [c for c in _cards if c.key != key]
    _cards.append(Card(key, template, tuple(roles), context, order))


def cards_for(request):
    out = []
    for card in sorted(_cards, key=lambda c: c.order):
        if request.user.has_role(*card.roles):
            out.append({"template": card.template, "ctx": card.context(request)})
    return out
