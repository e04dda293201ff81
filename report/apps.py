"""The 2019 report: its sections and the loader behind `manage.py load_report`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportConfig(AppConfig):
    name = "report"
    verbose_name = _("Rapport")
    # Changes to its records move the content version (core.content_version), so cached pages refresh.
    holds_public_content = True
