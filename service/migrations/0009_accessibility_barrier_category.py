"""A request category of its own for barriers on the website, reported from /accessibility/ (issue 26).

Its requests need no enterprise: the category says so (needs_enterprise), so the enterprise name may be
blank in it, and the enterprises' request form does not offer it. The contact person is optional in the
model (the barrier form asks for it without requiring it); the enterprises' form still requires one.
"""

from django.db import migrations, models

SLUG = "accessibility"


def create(apps, schema_editor):
    ServiceCategory = apps.get_model("service", "ServiceCategory")
    last = ServiceCategory.objects.order_by("-order").values_list("order", flat=True).first() or 0
    ServiceCategory.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "无障碍问题",
            "name_en": "Accessibility barrier",
            "acknowledge_working_days": 1,
            "resolve_working_days": 10,
            "order": last + 1,
            "needs_enterprise": False,
        },
    )


def delete(apps, schema_editor):
    ServiceCategory = apps.get_model("service", "ServiceCategory")
    ServiceCategory.objects.filter(slug=SLUG, servicerequest__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("service", "0008_request_queue"),
    ]

    operations = [
        migrations.AddField(
            model_name="servicecategory",
            name="needs_enterprise",
            field=models.BooleanField(
                default=True,
                help_text="A request of this kind names the enterprise (its name, and its credit code when it is not listed) and is offered on the enterprises' request form. Off: anyone may send it (a barrier on the website).",
                verbose_name="needs an enterprise",
            ),
        ),
        migrations.AlterField(
            model_name="historicalservicerequest",
            name="contact_name",
            field=models.CharField(blank=True, max_length=80, verbose_name="contact person"),
        ),
        migrations.AlterField(
            model_name="historicalservicerequest",
            name="enterprise_name",
            field=models.CharField(blank=True, max_length=160, verbose_name="enterprise name"),
        ),
        migrations.AlterField(
            model_name="servicerequest",
            name="contact_name",
            field=models.CharField(blank=True, max_length=80, verbose_name="contact person"),
        ),
        migrations.AlterField(
            model_name="servicerequest",
            name="enterprise_name",
            field=models.CharField(blank=True, max_length=160, verbose_name="enterprise name"),
        ),
        migrations.RunPython(create, delete),
    ]
