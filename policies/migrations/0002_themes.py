"""The eight themes city policy platforms file policies under; staff may rename, reorder or add."""

from django.db import migrations

THEMES = [
    ("招商引资", "Investment attraction", "investment"),
    ("人才", "Talent", "talent"),
    ("科技创新", "Science and innovation", "innovation"),
    ("数字化转型", "Digital transformation", "digital"),
    ("企业上市", "Listing", "listing"),
    ("用地与亩均", "Land and output per mu", "land"),
    ("金融", "Finance", "finance"),
    ("企业服务", "Services to enterprises", "service"),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("policies", "Theme")
    for order, (name, name_en, slug) in enumerate(THEMES, start=1):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]

    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
