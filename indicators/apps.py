from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicatoren")
    # A new load moves the content version (core.content_version), so factsheets and the map refresh.
    holds_public_content = True
