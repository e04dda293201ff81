"""django-axes, the login lockout, under a Dutch name in the workspace.

The library names its admin section after its label ("Axes"), which means nothing to a Dutch
reader; its app config takes a name of our choosing only through a subclass.
"""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginLockoutConfig(AppConfig):
    verbose_name = _("Inlogbeveiliging")
