"""Access rules every view uses.

- `role_required(...)`: login plus one of the roles; a wrong role is a 403 (it reveals nothing
  about any object).
- `get_scoped_or_404(model_or_qs, user, **lookup)`: fetch one object through the model's
  `for_user()` scope. An object outside the user's units is a 404, never a 403, so that
  guessing ids in URLs does not tell which ones exist.
- `scoped(model_or_qs, user)`: the list version.
- `as_pk(value)`: an id typed into a form field, a query string or a hidden input, as an int, or None when it is
  not one (text, "²" that `str.isdigit` accepts and `int` refuses, a number past the database's integer range):
  such a value is "no object", never a 500.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from netral.core.models import Role

ALL_ROLES = tuple(Role.values)
STAFF_ROLES = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS, Role.OPERATOR)
OVERSIGHT_ROLES = (Role.ADMIN, Role.PIMPINAN, Role.PENGAWAS)


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = roles
        return wrapper

    return decorator


def _queryset(model_or_qs):
    if hasattr(model_or_qs, "_default_manager"):
        return model_or_qs._default_manager.all()
    return model_or_qs


def scoped(model_or_qs, user):
    return _queryset(model_or_qs).for_user(user)


def get_scoped_or_404(model_or_qs, user, **lookup):
    return get_object_or_404(scoped(model_or_qs, user), **lookup)


MAX_PK = 2**63 - 1


def as_pk(value):
    value = str(value if value is not None else "").strip()
    if not (value.isascii() and value.isdigit()):
        return None
    n = int(value)
    return n if 0 < n <= MAX_PK else None
