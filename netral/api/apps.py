from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "netral.api"
    label = "api"
    verbose_name = "API integrasi"

    def ready(self):
        from netral.core import navigation
        from netral.core.models import Role

        navigation.register(_("Token API"), "api_token_list", "bi-key", [Role.ADMIN], order=915,
                            group=_("Administrasi"))
