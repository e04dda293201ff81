from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = _("Onderzoeksrondes")

    def ready(self):
        from . import signals  # noqa: F401 - connects the status bookkeeping (see services.py)
