"""Staff accounts made as an administrator makes them: the user's add page, then its change page
(staff status and one role group), both posted by a superuser through the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

PASSWORD = "Correct-Horse-Battery-42"  # noqa: S105


def form_data(form) -> dict:
    """What the browser would post back for `form` as shown: each field's current value."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # a split date and time
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else part
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def create_staff(admin_client: Client, username: str, role: str | None, *, first_name="", last_name="", email=""):
    """A staff account with one role group (or none), made through the admin's user pages."""
    response = admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": username, "usable_password": "true", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302, response.content[:2000]
    user = get_user_model().objects.get(username=username)
    change_url = reverse("admin:auth_user_change", args=[user.pk])
    form = admin_client.get(change_url).context["adminform"].form
    data = form_data(form)
    data.update(is_staff="on", is_active="on", first_name=first_name, last_name=last_name, email=email)
    data["groups"] = [str(Group.objects.get(name=role).pk)] if role else []
    data.pop("user_permissions", None)
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    user.refresh_from_db()
    assert user.is_staff
    return user


def add_to_grid(admin_client: Client, grid, user) -> None:
    """Put `user` among the grid's officers through the grid's change page, as an administrator does."""
    change_url = reverse("admin:zones_servicegrid_change", args=[grid.pk])
    form = admin_client.get(change_url).context["adminform"].form
    data = form_data(form)
    data["officers"] = sorted({*data.get("officers", []), str(user.pk)})
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert grid.officers.filter(pk=user.pk).exists()
