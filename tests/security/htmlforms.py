"""Reads the fields of an HTML form the way a browser would submit it (for admin round trips)."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (self.form_id is None or a.get("id") == self.form_id):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._select_value = value
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self._select is not None:
            value = self._select_value if self._select_value is not None else self._select_first
            if value is not None:
                self.fields.append((self._select, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(html: str, form_id: str | None = None) -> dict[str, str]:
    """The name → value pairs a browser would send for the form (the first one, or ``form_id``)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    return dict(parser.fields)
