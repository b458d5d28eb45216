import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from enterprises.models import Enterprise, Recognition, RecognitionType
from industries.models import Industry
from inquiries.models import Inquiry
from portal.models import Indicator
from projects.models import Project
from spaces.models import Space
from spaces.services import space_prepare
from staff.models import OfficerProfile
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


class SpaceFactory(factory.django.DjangoModelFactory):
    """A published, available standard factory; pass kind=Space.Kind.LAND with area_mu for a parcel.

    The derived fields (area in m², search text) are filled by the service's own helper, so a
    factory row looks exactly like one saved through spaces.services.space_save.
    """

    class Meta:
        model = Space

    code = factory.Sequence(lambda n: f"ZT-2026-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"测试载体{n}")
    slug = factory.Sequence(lambda n: f"space-{n}")
    kind = Space.Kind.FACTORY
    zone = factory.SubFactory(ZoneFactory)
    status = Space.Status.AVAILABLE
    floor_area_m2 = Decimal("5000")
    offers_lease = True
    last_verified_on = factory.LazyFunction(datetime.date.today)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        space = model_class(*args, **kwargs)
        space_prepare(space)
        space.save()
        return space


class OfficerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficerProfile

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"专员{n}")
    title = "招商专员"
    phone = "0571-00000000"
    email = factory.Sequence(lambda n: f"officer{n}@example.gov.cn")
