"""Issue 13: the investment inquiry and the service request share one contact-and-consent block
(templates/includes/contact_consent.html), with the fields' ids, labels and the privacy link intact."""

import re

import pytest

pytestmark = pytest.mark.django_db

INCLUDE = "includes/contact_consent.html"


def _form_html(body: str) -> str:
    return re.search(r'<form method="post"[^>]*class="iq-form".*?</form>', body, re.S).group(0)


@pytest.mark.parametrize(
    ("path", "fields", "absent"),
    [
        ("/inquiry/", ["contact_name", "company", "job_title", "email", "phone", "country"], []),
        ("/service/request/", ["contact_name", "email", "phone"], ["company", "job_title", "country"]),
    ],
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_both_forms_render_the_one_contact_and_consent_include(client, seeded, path, fields, absent, prefix):
    from tests.service.conftest import ensure_desk_rows

    ensure_desk_rows()
    response = client.get(f"{prefix}{path}")
    assert response.status_code == 200
    assert INCLUDE in [template.name for template in response.templates]
    form = _form_html(response.content.decode())
    # The contact fieldset: every field once, its label pointing at it.
    assert form.count("<legend>") >= 2
    for name in fields:
        assert len(re.findall(rf'<input[^>]*name="{name}"|<select[^>]*name="{name}"', form)) == 1, name
        assert f'<label for="id_{name}">' in form, name
        assert f'id="id_{name}"' in form, name
    for name in absent:
        assert f'name="{name}"' not in form
    # The honeypot stays hidden from people and screen readers, the consent box keeps its label and the privacy link.
    assert re.search(r'<div class="iq-hp" aria-hidden="true">\s*<label for="id_website">', form)
    assert re.search(r'<input type="checkbox" name="consent"[^>]*id="id_consent"', form)
    assert '<label for="id_consent">' in form
    privacy = "/en/privacy/" if prefix else "/privacy/"
    assert f'<a href="{privacy}">' in form
    assert form.count('class="iq-consent') == 1
    # The consent comes last, after the contact details it covers, just before the button.
    assert form.index('name="contact_name"') < form.index('name="consent"') < form.index('type="submit"')


def test_neither_form_template_repeats_the_block():
    from pathlib import Path

    from django.conf import settings

    for name in ("inquiries/inquiry_form.html", "service/request_form.html"):
        source = (Path(settings.BASE_DIR) / "templates" / name).read_text()
        assert f'{{% include "{INCLUDE}" %}}' in source, name
        assert "iq-consent" not in source and "iq-hp" not in source and "How can we reach you?" not in source, name
