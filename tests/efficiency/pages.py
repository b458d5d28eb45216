"""Posting an admin page as the browser would: the form, its inlines and their management forms as shown."""


def _add(data: dict, form) -> None:
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets") and hasattr(widget, "decompress"):  # a split date and time
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{key}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = str(value)


def page_data(response) -> dict:
    """What the change page in `response` posts back unchanged."""
    data: dict = {}
    _add(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            _add(data, form)
    return data


def inline_rows(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """An inline's management form and rows, replacing what the page showed for that prefix."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


def messages_of(response) -> list[str]:
    from django.contrib.messages import get_messages

    return [str(message) for message in get_messages(response.wsgi_request)]
