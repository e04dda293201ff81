from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfReportConfig(AppConfig):
    name = "selfreport"
    verbose_name = _("Zelfrapportage")
    # Invitations and submissions are never public: what a municipality types becomes content only
    # when a researcher accepts it (as draft interview content in `rounds`). So this app does not
    # declare `holds_public_content`: 342 drafts and submissions leave the content version, and the
    # page cache keyed by it, alone while a round is open.
