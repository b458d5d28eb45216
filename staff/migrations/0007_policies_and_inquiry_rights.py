"""Rights as docs/roles.md states them (issue 22's role matrix found where the groups differed).

- Content editors keep the policy register (policies, measures, conditions, attachments, themes); none had
  granted it, so only administrators could edit a policy.
- Investment officers, grid officers and the service desk read policies, to answer investors and
  enterprises about them.
- Investment officers no longer delete inquiries: a closed inquiry is anonymised (its stage log and
  the reference sequence stay whole); administrators still may.
- Administrators get every permission there is, as in 0001.
Earlier migrations are applied on some databases, so they are not edited.
"""

from django.db import migrations

CONTENT_EDITOR = "内容编辑"
INVESTMENT_OFFICER = "招商专员"
GRID_OFFICER = "网格服务专员"
SERVICE_DESK = "钱小二服务台"
ADMINISTRATOR = "系统管理员"
POLICY_MODELS = ("theme", "policy", "measure")
CRUD = ("add", "change", "delete", "view")


def _permissions(Permission, app_label, model_name, actions):
    codenames = [f"{action}_{model_name}" for action in actions]
    found = list(
        Permission.objects.filter(
            content_type__app_label=app_label, content_type__model=model_name, codename__in=codenames
        )
    )
    if len(found) != len(codenames):
        missing = set(codenames) - {p.codename for p in found}
        raise RuntimeError(f"Missing permissions for {app_label}.{model_name}: {sorted(missing)}")
    return found


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editor, _ = Group.objects.get_or_create(name=CONTENT_EDITOR)
    for model_name in (*POLICY_MODELS, "policyattachment", "condition"):
        editor.permissions.add(*_permissions(Permission, "policies", model_name, CRUD))
    for role in (INVESTMENT_OFFICER, GRID_OFFICER, SERVICE_DESK):
        group, _ = Group.objects.get_or_create(name=role)
        for model_name in POLICY_MODELS:
            group.permissions.add(*_permissions(Permission, "policies", model_name, ("view",)))
    officer, _ = Group.objects.get_or_create(name=INVESTMENT_OFFICER)
    officer.permissions.remove(*_permissions(Permission, "inquiries", "inquiry", ("add", "delete")))
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0006_officer_profile_grids"),
        ("policies", "0004_english_drift_from_history"),
        ("inquiries", "0008_staff_notices"),
        ("service", "0004_staff_notices"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
