"""The access matrix: every URL × every persona × an object in and out of scope.

Each app declares, next to its tests, in `netral/<app>/tests/access.py`:

- `build(fx, side)`: creates the app's objects for one side and sets them as attributes of
  `side` (e.g. `side.employee`). It is called twice: `fx.inside` (objects of UPT-A, under the
  Kanwil of admin, pimpinan and pengawas) and `fx.outside` (objects of UPT-C, in another Kanwil).
- `ACCESS = {url_name: Url(...)}`: who may use each named URL of the app, and how to fill its
  kwargs from a side.

`test_access_matrix.py` enumerates the whole URL conf; a named URL that no registry declares,
or whose kwargs the declared builder does not fill, fails the test: a new view without a declared
access rule cannot pass CI. See docs/security.md, "Access matrix".
"""

from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Callable

from netral.core.models import Role

ALL = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR, Role.PEGAWAI)
STAFF = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR)
OVERSIGHT = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS)
PUBLIC = "public"  # anyone, anonymous included
# Bearer-token URLs (the integration API, netral/api): no session persona, logged in or not, gets in;
# every request without a token is a 401 and a POST changes nothing. Tokens are tested in netral/api/tests.
TOKEN = "token"
# The POST data of a destructive action that has been confirmed (netral/core/confirm.py); without it the
# view only answers with a confirmation page.
CONFIRMED = {"confirmed": "yes"}


@dataclass
class Url:
    """The access rule of one named URL.

    roles:   the roles that may use it (PUBLIC: anyone, anonymous included). Anonymous visitors
             of a non-public URL are sent to the login page; a logged-in user without the role gets
             a 403 (or a 404).
    kwargs:  side -> the URL's kwargs. With `scoped=True` (default) the object belongs to the
             side's unit: a persona who does not see that unit gets a 404, and a POST changes nothing.
    post:    side -> POST data (or a dict). Declared for every view that accepts POST; the data
             should be valid, so that a view missing its scope check would really write.
    writes:  the in-scope POST with `post` must change the database (proves the data is valid, so
             that "nothing changed" for the out-of-scope personas means something).
    get:     False for POST-only views (a GET is then a 405 for allowed personas).
    query:   GET parameters (exports, filters); htmx=True sends the HX-Request header (partials).
    also:    more GET variants as (query, htmx) pairs, e.g. the htmx partial of a list or a second export format.
    namespace: the URL namespace to reverse the name in (the API's URLs live in "api").
    """

    roles: object
    kwargs: Callable | None = None
    scoped: bool = True
    post: object = None
    writes: bool = False
    get: bool = True
    query: dict = field(default_factory=dict)
    htmx: bool = False
    also: tuple = ()
    namespace: str = ""


def side_namespace(name, **kw):
    return SimpleNamespace(name=name, **kw)
