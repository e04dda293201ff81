from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = _("Onderzoeksrondes")
    # Rounds, questionnaires, interviews, answers and progress are public content: a change to any
    # of them moves the content version, so no cached page or precomputed figure outlives it.
    holds_public_content = True

    def ready(self):
        from . import signals  # noqa: F401 - connects the status bookkeeping (see services.py)
