from django.conf import settings

from netral.core.navigation import menu_for


def netral(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_menu": menu_for(request) if user is not None and user.is_authenticated else [],
    }
