"""Rights on the space register and officers' public profiles (0001_roles is applied on some databases, so not edited).

Content editors keep the register (spaces, their images; the status log read-only) and may see
the profiles; investment officers see spaces and propose them to inquiries (`propose_space`, and
the proposal rows, which live in the inquiries app and so come with their whole-app rights), and
keep their own public profile (the admin narrows it to their own). Grid officers keep their own
profile too. Administrators get everything, as in 0001.
"""

from django.db import migrations

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
ADMINISTRATOR = "系统管理员"
CRUD = ("add", "change", "delete", "view")
OWN_PROFILE = {("staff", "officerprofile"): ("add", "change", "view")}

ROLE_PERMISSIONS = {
    CONTENT_EDITOR: {
        ("spaces", "space"): CRUD,
        ("spaces", "spaceimage"): CRUD,
        ("spaces", "spacestatuslog"): ("view",),
        ("staff", "officerprofile"): ("view",),
    },
    INVESTMENT_OFFICER: {
        ("spaces", "space"): ("view", "propose"),
        ("spaces", "spaceimage"): ("view",),
        ("spaces", "spacestatuslog"): ("view",),
        **OWN_PROFILE,
    },
    GRID_OFFICER: OWN_PROFILE,
}


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
            codenames = [f"{action}_{model_name}" for action in actions]
            found = list(
                Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model=model_name, codename__in=codenames
                )
            )
            if len(found) != len(codenames):
                missing = set(codenames) - {p.codename for p in found}
                raise RuntimeError(f"Missing permissions for {app_label}.{model_name}: {sorted(missing)}")
            group.permissions.add(*found)
    officer, _ = Group.objects.get_or_create(name=INVESTMENT_OFFICER)
    officer.permissions.add(*Permission.objects.filter(content_type__app_label="inquiries"))
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0003_officer_profile"),
        ("spaces", "0001_initial"),
        ("inquiries", "0004_space_needs_proposals_next_step"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
