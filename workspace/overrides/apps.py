"""Management commands that replace Django's and django-import-export's own.

Django takes a command from the first installed app that has it, so this app is listed before
django.contrib.auth and import_export (portal/settings.py); it has no models and no templates.
"""

from django.apps import AppConfig


class OverridesConfig(AppConfig):
    name = "workspace.overrides"
    label = "workspace_overrides"
