"""The public pages: overview, municipalities, investments, interventions, lessons, bottlenecks,
comparison, search, about and the static pages.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Publieke pagina's")

    def ready(self):
        from pages.search import register_kinds

        register_kinds()
