"""The directories' own FilterSets, applied to the API exactly as to the HTML lists.

A list endpoint names the FilterSet of its HTML list (``filterset_class``); the same form validates
the same query parameters, so ``/api/v1/projects/?zone=north&year=2021`` lists the rows of
``/projects/?zone=north&year=2021`` in the same order. A bad value is a 400 whose JSON body names the
field (``{"year": ["Ensure this value is less than or equal to 2100."]}``), never ignored. Parameters
the FilterSet does not know (``page``, ``page_size``, ``format``, ``utm_source``…) are left to
pagination and content negotiation, or ignored as on the pages.
"""

from rest_framework.exceptions import ValidationError


def directory_filterset(view, request, queryset):
    """The bound FilterSet of `view` over `queryset`; a 400 naming the fields when a value is bad."""
    filterset = view.filterset_class(data=request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError({name: [str(e) for e in errors] for name, errors in filterset.form.errors.items()})
    return filterset


class DirectoryFilterBackend:
    """A DRF filter backend over a directory FilterSet (see the module docstring)."""

    def filter_queryset(self, request, queryset, view):
        filterset = directory_filterset(view, request, queryset)
        view.valid_filter_form = filterset.form
        return filterset.qs

    def get_schema_operation_parameters(self, view):
        """One optional query parameter per filter, described as tightly as its form field validates it."""
        form = view.filterset_class(data={}).form
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": str(field.help_text or field.label),
                "schema": field_schema(field),
            }
            for name, field in form.fields.items()
        ]


def field_schema(field) -> dict:
    """The OpenAPI schema of the values a filter form field accepts (its choices: the current ones).

    An empty value is accepted everywhere and means "not given", as in the HTML form.
    """
    from django import forms

    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": ["", *(str(value) for value, _label in field.choices if value != "")]}
    if isinstance(field, forms.DecimalField) and field.decimal_places == 0:
        number = {"type": "integer"}
        if field.min_value is not None:
            number["minimum"] = int(field.min_value)
        if field.max_value is not None:
            number["maximum"] = int(field.max_value)
        return {"anyOf": [number, {"type": "string", "enum": [""]}]}
    if isinstance(field, forms.DecimalField):
        whole = (field.max_digits or 12) - (field.decimal_places or 0)
        return {"type": "string", "pattern": rf"^([0-9]{{1,{whole}}}(\.[0-9]{{1,{field.decimal_places}}})?)?$"}
    schema = {"type": "string", "pattern": "^[^\\x00]*$"}  # PostgreSQL text holds no NUL; forms refuse it
    if getattr(field, "max_length", None):
        schema["maxLength"] = field.max_length
    return schema
