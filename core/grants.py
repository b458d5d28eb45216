"""Role grants, written by each app's own data migration (docs/roles.md; issue 23).

Each app with models in the role table ends its migrations with a `00NN_role_grants` migration
that names the role groups and, for each, the permissions of the app's own models it holds — a
literal table frozen in the migration, since a migration never reads the docs. `set_app_grants`
makes each named group hold exactly those of the app's permissions (it adds what is missing and
removes the app's others), so the end state is the table whichever order the apps migrate in and
whatever earlier migrations granted. It creates a missing group by name: an app may migrate before
`staff`, whose migrations create the groups too. Roles are named by their literal group names (the
constants in `staff/roles.py` sit a floor above this module and may change; a migration may not).

It lives in `core` because every app with models, `core` included, calls it from its migrations.
"""

from collections.abc import Iterable, Mapping

EVERY = "*"  # a role that holds every permission of the app (the administrator), custom ones included


def create_app_permissions(apps, app_label: str) -> None:
    """Django creates permissions only after `migrate` ends (post_migrate); a fresh database has none yet."""
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def set_app_grants(apps, app_label: str, grants: Mapping[str, Mapping[str, Iterable[str]] | str]) -> None:
    """`grants`: {group name: {model name: [codename, …]} or EVERY}. Idempotent."""
    create_app_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    of_app = Permission.objects.filter(content_type__app_label=app_label)
    for role, models in grants.items():
        group, _ = Group.objects.get_or_create(name=role)
        if models == EVERY:
            wanted = list(of_app)
        else:
            wanted = []
            for model_name, codenames in models.items():
                found = list(of_app.filter(content_type__model=model_name, codename__in=codenames))
                missing = set(codenames) - {p.codename for p in found}
                if missing:
                    raise RuntimeError(f"Missing permissions for {app_label}.{model_name}: {sorted(missing)}")
                wanted += found
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label=app_label).exclude(pk__in=[p.pk for p in wanted])
        )
        group.permissions.add(*wanted)
