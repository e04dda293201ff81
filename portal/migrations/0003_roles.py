"""The two roles of the researcher workspace.

Onderzoeker (researcher): enters, corrects, imports and publishes content.
Ministerie (ministry staff): may look at everything and export it, and change nothing.
The role definitions are copied here, not imported, so this migration keeps its meaning later.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PUBLISHABLE = {
    "municipalities": ["municipality"],
    "investments": ["investment", "intervention"],
    "lessons": ["lesson", "bottleneck", "tip", "quote"],
}
SUPPORTING = {
    "municipalities": ["interview", "municipalitylink"],
    "investments": ["theme", "targetgroup", "partner"],
    "portal": ["reportsection"],
}

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


def codenames(models_by_app, actions):
    for app_label, model_names in models_by_app.items():
        for model_name in model_names:
            for action in actions:
                yield app_label, f"{action}_{model_name}"


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            *codenames(PUBLISHABLE, actions["publishable"]),
            *codenames(SUPPORTING, actions["supporting"]),
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0002_history"),
        ("municipalities", "0003_history_and_versions"),
        ("investments", "0003_history_and_versions"),
        ("lessons", "0003_history_and_versions"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
