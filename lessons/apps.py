from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Lessen en knelpunten")
    # Changes to its records move the content version (core.content_version), so cached pages refresh.
    holds_public_content = True
