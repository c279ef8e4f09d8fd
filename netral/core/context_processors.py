from django.conf import settings

from django.utils.functional import SimpleLazyObject

from netral.core.models import office_for
from netral.core.navigation import menu_for


def netral(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Lazy: only pages that show the footer or a letterhead pay for the query.
        "OFFICE": SimpleLazyObject(lambda: office_for(getattr(user, "unit", None) if user is not None and user.is_authenticated else None)),
        "nav_menu": menu_for(request) if user is not None and user.is_authenticated else [],
    }
