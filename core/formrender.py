"""A form renderer that writes Django's plainest widget templates in Python, for forms rendered on every
request with many fields (the policy checker: its form was a third of the page's time).

``PythonWidgetRenderer`` is Django's ``DjangoTemplates`` renderer; for the templates in ``WRITERS`` —
the field label, ``<input>`` of every type, radio and checkbox options, ``<select>`` and its options —
it writes the same HTML in Python instead of rendering the template, byte for byte (the templates are
those of ``django/forms/templates/django/forms/``; tests/core/test_formrender.py renders every widget
both ways, the templates as Django's renderer finds them, and compares). Any other template (a widget
of a third-party app, say) is rendered as usual, so the renderer is safe to give any form.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

FORMS = "django/forms/"
WIDGETS = FORMS + "widgets/"


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: str(), escaped unless the value is marked safe."""
    text = "%s" % (value,)  # noqa: UP031 - exactly what stringformat:'s' does, tuples included
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs) -> str:
    """``django/forms/attrs.html`` and ``widgets/attrs.html``."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_formatted(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _input_option(widget: dict) -> str:
    if not widget.get("wrap_label"):
        return _input(widget)
    label_for = widget["attrs"].get("id")
    opening = f'<label for="{conditional_escape(label_for)}">' if label_for else "<label>"
    # The included input template keeps its closing newline.
    return f"{opening}{_input(widget)}\n {conditional_escape(widget['label'])}</label>"


def _select_option(widget: dict) -> str:
    return (
        f'<option value="{_formatted(widget["value"])}"{_attrs(widget["attrs"])}>'
        f"{conditional_escape(widget['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            writer = OPTION_WRITERS.get(option["template_name"])
            if writer is None:
                return None  # an option template of another kind: render the whole select as usual
            parts.append(f"\n  {writer(option)}\n")  # an included template keeps its closing newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _label(context: dict) -> str:
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{conditional_escape(context['label'])}</{tag}>"


OPTION_WRITERS = {WIDGETS + "select_option.html": _select_option}
INPUT_TYPES = ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search")
WRITERS = {
    **{f"{WIDGETS}{name}.html": lambda context: _input(context["widget"]) for name in INPUT_TYPES},
    WIDGETS + "tel.html": lambda context: _input(context["widget"]),
    WIDGETS + "checkbox.html": lambda context: _input(context["widget"]),
    WIDGETS + "radio_option.html": lambda context: _input_option(context["widget"]),
    WIDGETS + "checkbox_option.html": lambda context: _input_option(context["widget"]),
    WIDGETS + "input_option.html": lambda context: _input_option(context["widget"]),
    WIDGETS + "select.html": lambda context: _select(context["widget"]),
    WIDGETS + "select_option.html": lambda context: _select_option(context["widget"]),
    FORMS + "label.html": _label,
}


class PythonWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        writer = WRITERS.get(template_name)
        html = writer(context) if writer is not None else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html
