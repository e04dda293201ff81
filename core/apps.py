"""The kernel: publication state, natural keys, locking, the import/export and admin base, search,
the content version and the anonymous page cache. Imports no local app.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Kern")

    def ready(self):
        from . import content_version, derived, health  # noqa: F401 - health registers the cache system check

        content_version.connect()
        derived.connect()
