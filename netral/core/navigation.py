"""Navigation by role.

Apps add their own entries with `register()` in their AppConfig.ready(), so the menu grows with
the features without this module knowing about them.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    label: str
    url_name: str
    icon: str
    roles: tuple
    order: int = 100
    group: str = ""


_items: list[Item] = []


def register(label, url_name, icon, roles, order=100, group=""):
    if any(i.url_name == url_name for i in _items):
        return
    _items.append(Item(label, url_name, icon, tuple(roles), order, group))


def menu_for(request):
    user = request.user
    path = request.path
    out = []
    # A group is shown once, where its first entry falls: apps register entries with their own order
    # numbers, and two apps sharing a group name must not split it in two.
    first = {}
    for item in _items:
        first[item.group] = min(first.get(item.group, item.order), item.order)
    for item in sorted(_items, key=lambda i: (first[i.group], i.order)):
        if not user.has_role(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"label": item.label, "url": url, "icon": item.icon, "active": False, "group": item.group})
    # One entry highlighted: the one whose address is the longest prefix of this page's
    # ("/pegawai/impor/" lights "Impor pegawai", not also "Daftar pegawai").
    matches = [e for e in out if path == e["url"] or (e["url"] != "/" and path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return out


_ = _  # gettext_lazy re-exported for apps registering labels
