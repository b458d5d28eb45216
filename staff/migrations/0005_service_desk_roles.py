"""Rights on the 钱小二 service desk.

Grid officers see and work service requests (the admin narrows them to their own grids) and export
them; the service desk role (钱小二服务台) does the same for every grid and keeps the category times.
Investment officers get nothing here: they see requests only when also given one of these roles.
Administrators get everything, as in 0001.
"""

from django.db import migrations

GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
ADMINISTRATOR = "系统管理员"
WORK = {
    ("service", "servicerequest"): ("view", "change", "export"),
    ("service", "servicerequestnote"): ("view",),
    ("service", "servicestagelog"): ("view",),
    ("service", "serviceattachment"): ("view",),
    ("service", "servicecategory"): ("view",),
    ("spaces", "space"): ("view",),
    ("staff", "officerprofile"): ("add", "change", "view"),
}
ROLE_PERMISSIONS = {
    GRID_OFFICER: WORK,
    SERVICE_DESK: {
        **WORK,
        ("service", "servicerequest"): ("view", "change", "export", "view_all"),
        ("service", "servicecategory"): ("view", "change"),
    },
}
CODENAMES = {"export": "export_servicerequest", "view_all": "view_all_service_requests"}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, table in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for (app_label, model_name), actions in table.items():
            codenames = [CODENAMES.get(action, f"{action}_{model_name}") for action in actions]
            found = list(
                Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model_name, codename__in=codenames
                )
            )
            if len(found) != len(codenames):
                missing = set(codenames) - {p.codename for p in found}
                raise RuntimeError(f"Missing permissions for {app_label}.{model_name}: {sorted(missing)}")
            group.permissions.add(*found)
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0004_space_roles"),
        ("service", "0002_categories_and_job_schedules"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
