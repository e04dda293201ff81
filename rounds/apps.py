from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = _("Onderzoeksrondes")
    # Rounds, questionnaires, interviews, answers and progress are public content: a change to any
    # of them moves the content version, so no cached page or precomputed figure outlives it.
    holds_public_content = True

    def ready(self):
        from investments.resources import InvestmentResource

        from . import signals  # noqa: F401 - connects the status bookkeeping (see services.py)
        from .resources import StatusChangesInRounds

        # An imported investment's changed status becomes progress in a round (investments cannot
        # import this app, so it asks for the rounds' implementation through this hook).
        InvestmentResource.status_changes = StatusChangesInRounds()
