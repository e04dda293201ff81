"""Onderzoeker (researcher), the role that imports content, may upload a StatLine CSV export in the
workspace (indicators.admin). Ministerie (ministry staff) changes nothing and gets nothing here; the
indicator and value pages themselves stay the superuser's. The permission is added to the group,
never replacing its others, as rounds/migrations/0005_roles.py does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {"Onderzoeker": ["import_indicatorvalue"]}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the role needs this one now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLES.items():
        for group in Group.objects.filter(name=role):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("indicators", "0001_indicators_and_values"),
        ("portal", "0003_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="indicatorvalue",
            options={
                "default_permissions": ("add", "change", "delete", "view", "import"),
                "ordering": ["indicator", "area_code", "year", "age_group"],
                "verbose_name": "waarde",
                "verbose_name_plural": "waarden",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
