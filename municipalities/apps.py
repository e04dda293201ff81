from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Gemeenten")
    # Changes to its records move the content version (core.content_version), so cached pages refresh.
    holds_public_content = True
