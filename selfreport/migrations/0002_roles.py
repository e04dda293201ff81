"""The roles for self-reporting: Onderzoeker (researcher) invites municipalities and reviews their
submissions; Ministerie (ministry staff) looks at them and changes nothing. Permissions are added
to the groups, never replaced, as rounds/migrations/0005_roles.py does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Onderzoeker": ["add_invitation", "change_invitation", "view_invitation", "change_submission", "view_submission"],
    "Ministerie": ["view_invitation", "view_submission"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="selfreport", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="selfreport"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("rounds", "0005_roles"),
        ("selfreport", "0001_invitations_and_submissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
