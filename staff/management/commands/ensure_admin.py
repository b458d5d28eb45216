import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from staff.roles import SERVICE_DESK


class Command(BaseCommand):
    help = (
        "Creates the first administrator and the 钱小二 service desk's account when they do not exist. "
        "Passwords come from DJANGO_ADMIN_PASSWORD / DJANGO_SERVICE_DESK_PASSWORD or are generated and "
        "printed once; never a fixed value. The desk's address is settings.SERVICE_DESK_EMAIL: requests "
        "that no grid officer has are mailed there."
    )

    def handle(self, *args, **options):
        self.ensure_admin()
        self.ensure_service_desk()

    def ensure_admin(self):
        User = get_user_model()
        username = os.environ.get("DJANGO_ADMIN_USERNAME", "admin")
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin account '{username}' already exists. Forgot the password? "
                f"Run: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        shown = "(from DJANGO_ADMIN_PASSWORD)" if os.environ.get("DJANGO_ADMIN_PASSWORD") else password
        self.stdout.write(self.style.SUCCESS(f"Admin account created. Username: {username}  Password: {shown}"))

    def ensure_service_desk(self):
        """A staff account in the desk's group with the desk's address, so that a request with no grid
        officer reaches someone who can route it (service.services.queue_for)."""
        User = get_user_model()
        username = os.environ.get("DJANGO_SERVICE_DESK_USERNAME", "service-desk")
        email = settings.SERVICE_DESK_EMAIL
        group = Group.objects.filter(name=SERVICE_DESK).first()
        if group is None:
            self.stderr.write(f"The group {SERVICE_DESK} is missing: run `manage.py migrate` first.")
            return
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Service desk account '{username}' already exists. Forgot the password? "
                f"Run: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = os.environ.get("DJANGO_SERVICE_DESK_PASSWORD") or secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username=username, email=email, password=password, is_staff=True, first_name="钱小二服务台"
        )
        user.groups.add(group)
        shown = "(from DJANGO_SERVICE_DESK_PASSWORD)" if os.environ.get("DJANGO_SERVICE_DESK_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Service desk (钱小二服务台) account created. Username: {username}  Password: {shown}  E-mail: {email}"
            )
        )
