"""Fictitious data for measuring the portal at national scale, never for the public."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaledataConfig(AppConfig):
    name = "scaledata"
    verbose_name = _("Testgegevens voor metingen")
