import datetime

import factory

from policies.models import Condition, Measure, Policy, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"主题{n}")


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy

    title = factory.Sequence(lambda n: f"政策{n}")
    slug = factory.Sequence(lambda n: f"policy-{n}")
    document_number = factory.Sequence(lambda n: f"测试〔2025〕{n}号")
    issuer = "钱江经济开发区管委会"
    level = Policy.Level.ZONE
    published_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=100))
    in_force_from = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    in_force_until = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=400))
    summary = "摘要"
    source_url = "https://www.example.gov.cn/policy.html"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    policy = factory.SubFactory(PolicyFactory)
    title = factory.Sequence(lambda n: f"条款{n}")
    benefit = "补助"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    measure = factory.SubFactory(MeasureFactory)
    kind = Condition.Kind.IN_ZONE
