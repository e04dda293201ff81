"""The roles keep meaning what their names say for the research rounds.

Onderzoeker (researcher) enters, imports and publishes rounds, interviews, answers and progress,
and edits questionnaires; Ministerie (ministry staff) looks at and exports them, and changes
nothing. The same rules as portal/migrations/0003_roles.py, copied so this migration keeps its
meaning later. Permissions are added to the groups, never replaced, so nothing else changes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLISHABLE = ["round", "interview", "answer", "progress"]
SUPPORTING = ["question", "topic"]

ROLES = {
    "Onderzoeker": {
        "publishable": ["add", "change", "view", "import", "export", "publish"],
        "supporting": ["add", "change", "view"],
    },
    "Ministerie": {
        "publishable": ["view", "export"],
        "supporting": ["view"],
    },
}


def codenames(role):
    actions = ROLES[role]
    for kind, model_names in (("publishable", PUBLISHABLE), ("supporting", SUPPORTING)):
        for model_name in model_names:
            for action in actions[kind]:
                yield f"{action}_{model_name}"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="rounds", codename__in=list(codenames(role)))
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="rounds"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_roles"),
        ("rounds", "0004_interview_round_required"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
