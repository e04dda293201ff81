"""The project package: settings and URLs.

It stays an installed app only so that existing databases keep the history of its old migrations
(the report sections were created here before they moved to `report`).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portaal")
