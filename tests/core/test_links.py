import pytest

from core.links import link_url


def test_a_registered_link_carries_its_query():
    # portal/related.py registers the inquiry form for the directories' buttons.
    assert link_url("inquiry-form") == "/inquiry/"
    assert link_url("inquiry-form", space=7) == "/inquiry/?space=7"
    assert link_url("inquiry-form", zone="qianjiang-east") == "/inquiry/?zone=qianjiang-east"


def test_an_unregistered_link_is_an_error_not_a_dead_button():
    with pytest.raises(LookupError):
        link_url("nowhere")
