"""core.formrender.PythonWidgetRenderer writes exactly what Django's templates render, widget by widget."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.formrender import WRITERS, PythonWidgetRenderer

CHOICES = [("", "—"), ("a", "A & <b>"), (1, "One"), ("Group", [("g1", "G1"), ("g2", mark_safe("<i>G2</i>"))])]


class EveryWidget(forms.Form):
    text = forms.CharField(label="Text <&>", required=False, help_text="help")
    number = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))
    decimal = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    email = forms.EmailField(required=True)
    url = forms.URLField(required=False)
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    secret = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    flag = forms.BooleanField(required=False)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    choices = forms.MultipleChoiceField(choices=CHOICES, required=False)
    radio = forms.ChoiceField(choices=CHOICES[:3], required=False, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=CHOICES[:3], required=False, widget=forms.CheckboxSelectMultiple)
    area = forms.CharField(required=False, widget=forms.Textarea)


DATA = [
    None,
    {},
    {"text": 'a "quoted" <value> & more', "number": "12", "decimal": "3.50", "email": "x@example.com"},
    {"number": "not a number", "email": "", "choice": "a", "choices": ["a", "g2"], "radio": "1", "boxes": ["", "a"]},
    {"flag": "on", "secret": "s3cr<t", "day": "2026-12-07", "hidden": "h", "phone": "+86 571", "area": "x\ny"},
]


def _render_both(form_class, data):
    html = []
    for renderer in (DjangoTemplates(), PythonWidgetRenderer()):
        form = form_class(data, renderer=renderer)
        parts = []
        for field in form:
            parts += [str(field), field.label_tag(), field.label_tag(attrs={"class": "x"}, label_suffix=":")]
            parts += [choice.tag() for choice in field.subwidgets] + [choice.tag(wrap_label=True) for choice in field]
        html.append(parts)
    return html


@pytest.mark.parametrize("data", DATA)
def test_every_widget_renders_as_djangos_templates_do(data):
    templates, python = _render_both(EveryWidget, data)
    assert python == templates


def test_a_label_without_an_id_is_the_text_alone():
    templates, python = _render_both(type("NoIds", (EveryWidget,), {}), None)
    form = EveryWidget(auto_id=False, renderer=PythonWidgetRenderer())
    reference = EveryWidget(auto_id=False, renderer=DjangoTemplates())
    assert [f.label_tag() for f in form] == [f.label_tag() for f in reference]
    assert [str(f) for f in form] == [str(f) for f in reference]
    assert python == templates


def test_the_policy_checker_form_renders_as_with_djangos_templates(db):
    from policies.forms import CheckerForm

    data = {"industry": "new-energy", "in_zone": "yes", "founded_year": "2015", "employees": "x", "recognitions": ["a"]}
    python, templates = CheckerForm(data), CheckerForm(data, renderer=DjangoTemplates())
    assert isinstance(python.renderer, PythonWidgetRenderer)
    assert [str(f) + f.label_tag() for f in python] == [str(f) + f.label_tag() for f in templates]
    assert [[c.tag() for c in f] for f in python] == [[c.tag() for c in f] for f in templates]


def test_templates_it_does_not_write_are_rendered_as_usual():
    renderer = PythonWidgetRenderer()
    assert "django/forms/widgets/textarea.html" not in WRITERS
    field = EveryWidget({"area": "x<y"}, renderer=renderer)["area"]
    assert str(field) == str(EveryWidget({"area": "x<y"}, renderer=DjangoTemplates())["area"])
