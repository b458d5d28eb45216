import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enterprises.models import Enterprise, Recognition
from tests.factories import EnterpriseFactory, RecognitionFactory, RecognitionTypeFactory

pytestmark = pytest.mark.django_db


def test_recognition_year_in_the_future_is_refused():
    recognition = RecognitionFactory.build(
        enterprise=EnterpriseFactory(), kind=RecognitionTypeFactory(), year=datetime.date.today().year + 1
    )
    with pytest.raises(ValidationError) as error:
        recognition.full_clean()
    assert "year" in error.value.message_dict


def test_same_recognition_twice_in_a_year_is_refused():
    first = RecognitionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Recognition.objects.create(enterprise=first.enterprise, kind=first.kind, level=first.level, year=first.year)


def test_listed_enterprise_needs_an_exchange():
    enterprise = EnterpriseFactory()
    enterprise.listing_status = Enterprise.ListingStatus.LISTED
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "exchange" in error.value.message_dict


def test_listing_date_without_listing_is_refused_by_the_database():
    enterprise = EnterpriseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.filter(pk=enterprise.pk).update(listed_on=datetime.date(2022, 3, 1))


def test_founded_year_in_the_future_is_refused():
    enterprise = EnterpriseFactory()
    enterprise.founded_year = datetime.date.today().year + 1
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert "founded_year" in error.value.message_dict


def test_duplicate_slug_is_refused_with_a_message():
    existing = EnterpriseFactory()
    duplicate = EnterpriseFactory.build(slug=existing.slug, zone=existing.zone, industry=existing.industry)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "slug" in error.value.message_dict
