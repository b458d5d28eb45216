from django.core.management.base import BaseCommand
from django.db import transaction

from enterprises.models import Enterprise, Recognition, RecognitionType
from enterprises.services import enterprise_save
from industries.models import Industry
from news.models import NewsItem
from news.services import news_publish_unattended, news_save
from portal import seed
from portal.models import Indicator, PageBlock
from projects.models import Project
from projects.services import project_save
from spaces.models import Space
from spaces.services import space_save
from zones.models import Platform, ServiceGrid, Zone


class Command(BaseCommand):
    help = "Loads the seed content from the 2022 report. Creates what is missing and never overwrites staff edits."

    @transaction.atomic
    def handle(self, *args, **options):
        self.created = 0
        zones = {}
        for data in seed.ZONES:
            zones[data["slug"]] = self._get_or_create(Zone, {"slug": data["slug"]}, data)
        industries = {}
        for order, (slug, category, name, name_en) in enumerate(seed.INDUSTRIES, start=1):
            industries[slug] = self._get_or_create(
                Industry, {"slug": slug}, {"category": category, "name": name, "name_en": name_en, "order": order}
            )
        for number, name, name_en in seed.GRIDS:
            self._get_or_create(ServiceGrid, {"number": number}, {"name": name, "name_en": name_en, "order": number})
        kinds = {}
        for order, (slug, name, name_en) in enumerate(seed.RECOGNITION_TYPES, start=1):
            kinds[slug] = self._get_or_create(
                RecognitionType, {"slug": slug}, {"name": name, "name_en": name_en, "order": order}
            )
        for data in seed.ENTERPRISES:
            data = dict(data)
            recognitions = data.pop("recognitions", [])
            data["zone"] = zones[data["zone"]]
            data["industry"] = industries[data["industry"]]
            enterprise = Enterprise.objects.filter(slug=data["slug"]).first()
            if enterprise is None:
                enterprise = enterprise_save(enterprise=Enterprise(**data))
                self.created += 1
            for kind, level, year, note in recognitions:
                self._get_or_create(
                    Recognition,
                    {"enterprise": enterprise, "kind": kinds[kind], "level": level, "year": year},
                    {"note": note},
                )
        for data in seed.PROJECTS:
            if not Project.objects.filter(code=data["code"]).exists():
                data = dict(data, zone=zones[data["zone"]], industry=industries[data["industry"]])
                project_save(project=Project(**data))
                self.created += 1
        for data in seed.SPACES:
            if not Space.objects.filter(code=data["code"]).exists():
                data = dict(data, zone=zones[data["zone"]])
                log = data.pop("status_log")
                space_save(space=Space(**data), **log)
                self.created += 1
        for data in seed.PLATFORMS:
            self._get_or_create(Platform, {"slug": data["slug"]}, data)
        for label, label_en, value, lower_bound, unit, unit_en, order in seed.INDICATORS:
            self._get_or_create(
                Indicator,
                {"label": label, "period": seed.PERIOD},
                {
                    "label_en": label_en,
                    "value": value,
                    "is_lower_bound": lower_bound,
                    "unit": unit,
                    "unit_en": unit_en,
                    "period_en": seed.PERIOD_EN,
                    "source": seed.SOURCE,
                    "source_en": seed.SOURCE_EN,
                    "order": order,
                },
            )
        for data in seed.ABOUT_BLOCKS:
            self._get_or_create(PageBlock, {"page": "about", "key": data["key"]}, data)
        for data in seed.NEWS:
            if not NewsItem.objects.filter(slug=data["slug"]).exists():
                # No person wrote it: published as the system, at the time of loading (news.services).
                news_publish_unattended(item=news_save(item=NewsItem(**data)))
                self.created += 1
        self.stdout.write(self.style.SUCCESS(f"Seed content loaded: {self.created} objects created."))

    def _get_or_create(self, model, lookup, values):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**{**lookup, **values})
            obj.full_clean()
            obj.save()
            self.created += 1
        return obj
