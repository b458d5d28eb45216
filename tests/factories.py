import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from enterprises.models import Enterprise, Recognition, RecognitionType
from industries.models import Industry
from inquiries.models import Inquiry
from portal.models import Indicator
from projects.models import Project
from zones.models import Platform, ServiceGrid, Zone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("pass-word-123")
    is_staff = True


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"zone-{n}")
    name = factory.Sequence(lambda n: f"片区{n}")
    order = factory.Sequence(int)


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"industry-{n}")
    name = factory.Sequence(lambda n: f"产业{n}")
    category = Industry.Category.CHAIN


class ServiceGridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceGrid

    number = factory.Sequence(lambda n: n % 90 + 10)  # 10–99: clear of the seeded grids 1–5
    name = factory.Sequence(lambda n: f"网格{n}")


class RecognitionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognitionType
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"recognition-{n}")
    name = factory.Sequence(lambda n: f"荣誉{n}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"测试企业{n}")
    slug = factory.Sequence(lambda n: f"enterprise-{n}")
    zone = factory.SubFactory(ZoneFactory)
    industry = factory.SubFactory(IndustryFactory)
    founded_year = 2015
    last_verified_on = factory.LazyFunction(datetime.date.today)


class RecognitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recognition

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = factory.SubFactory(RecognitionTypeFactory)
    level = Recognition.Level.NATIONAL
    year = 2021


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    code = factory.Sequence(lambda n: f"QK-2021-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    investor = "某投资方"
    industry = factory.SubFactory(IndustryFactory)
    zone = factory.SubFactory(ZoneFactory)
    investment = Decimal("10.50")
    investment_disclosed = True
    signed_on = datetime.date(2021, 6, 1)
    last_verified_on = factory.LazyFunction(datetime.date.today)


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    name = factory.Sequence(lambda n: f"平台{n}")
    slug = factory.Sequence(lambda n: f"platform-{n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    label = factory.Sequence(lambda n: f"指标{n}")
    value = Decimal("124")
    unit = "个"
    period = "2019—2022年"
    source = "报道"


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    reference = factory.Sequence(lambda n: f"QK2026-{n + 1:05d}")
    contact_name = "张三"
    company = "某公司"
    email = "zhang@example.com"
    consent_at = factory.Faker("date_time", tzinfo=datetime.UTC)
    due_at = factory.Faker("future_datetime", tzinfo=datetime.UTC)
