import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Creates the first administrator when none exists. The password comes from "
        "DJANGO_ADMIN_PASSWORD or is generated and printed once; it is never a fixed value."
    )

    def handle(self, *args, **options):
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
