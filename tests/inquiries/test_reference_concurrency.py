"""Reference numbers stay unique and gap-free when many investors submit at the same moment."""

import threading

import pytest
from django.db import connection, connections

from inquiries.models import Inquiry
from inquiries.services import inquiry_submit

SUBMITTERS = 12

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers, so it cannot show a race; runs when DATABASE_URL is PostgreSQL",
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_consecutive_references():
    start = threading.Barrier(SUBMITTERS)
    references, errors = [], []

    def submit(n):
        try:
            start.wait()
            inquiry = inquiry_submit(
                form_data={
                    "contact_name": f"投资人{n}",
                    "company": "并发公司",
                    "email": f"p{n}@example.com",
                    "consent": True,
                },
                ip="192.0.2.1",
                language="zh-hans",
            )
            references.append(inquiry.reference)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(references) == len(set(references)) == SUBMITTERS
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in references)
    assert numbers == list(range(1, SUBMITTERS + 1))
    assert Inquiry.objects.count() == SUBMITTERS
