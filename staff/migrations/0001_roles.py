"""Create the four staff groups with the least rights each role needs.

The permission table is frozen here on purpose: a later change of rights is a new migration,
so every database walks the same history. Permissions are created first, because Django only
creates them after `migrate` finishes (post_migrate) and a fresh database has none yet.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
ADMINISTRATOR = "系统管理员"

# (app_label, model_name): actions
VIEW_REFERENCE = {
    ("zones", "zone"): ("view",),
    ("zones", "servicegrid"): ("view",),
    ("zones", "platform"): ("view",),
    ("industries", "industry"): ("view",),
}

ROLE_PERMISSIONS = {
    CONTENT_EDITOR: {
        ("zones", "zone"): CRUD,
        ("zones", "servicegrid"): CRUD,
        ("zones", "platform"): CRUD,
        ("industries", "industry"): CRUD,
        ("projects", "project"): CRUD,
        ("projects", "projectimage"): CRUD,
        ("projects", "projectstagelog"): ("view",),
        ("enterprises", "enterprise"): CRUD,
        ("enterprises", "recognition"): CRUD,
        ("enterprises", "recognitiontype"): CRUD,
        ("portal", "indicator"): CRUD,
        ("portal", "pageblock"): CRUD,
    },
    INVESTMENT_OFFICER: {
        **VIEW_REFERENCE,
        ("projects", "project"): ("view",),
        ("projects", "projectimage"): ("view",),
        ("projects", "projectstagelog"): ("view",),
        ("enterprises", "enterprise"): ("view",),
        ("enterprises", "recognition"): ("view",),
        ("enterprises", "recognitiontype"): ("view",),
        # Every permission of the inquiries app is added below, custom ones included.
    },
    GRID_OFFICER: {
        **VIEW_REFERENCE,
        # change_enterprise is narrowed to the officer's own grids by staff.permissions.
        ("enterprises", "enterprise"): ("view", "change"),
        ("enterprises", "recognition"): ("view",),
        ("enterprises", "recognitiontype"): ("view",),
    },
}

WHOLE_APPS = {INVESTMENT_OFFICER: ["inquiries"]}


def create_all_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    create_all_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for role, table in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for (app_label, model_name), actions in table.items():
            codenames = [f"{action}_{model_name}" for action in actions]
            found = list(
                Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model_name, codename__in=codenames
                )
            )
            if len(found) != len(codenames):
                missing = set(codenames) - {p.codename for p in found}
                raise RuntimeError(f"Missing permissions for {app_label}.{model_name}: {sorted(missing)}")
            wanted += found
        for app_label in WHOLE_APPS.get(role, []):
            wanted += list(Permission.objects.filter(content_type__app_label=app_label))
        group.permissions.set(wanted)

    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[CONTENT_EDITOR, INVESTMENT_OFFICER, GRID_OFFICER, ADMINISTRATOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("zones", "0001_initial"),
        ("industries", "0001_initial"),
        ("projects", "0001_initial"),
        ("enterprises", "0001_initial"),
        ("inquiries", "0002_initial"),
        ("portal", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
