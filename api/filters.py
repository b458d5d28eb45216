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
        """One optional query parameter per filter; `sort` with its allowed values."""
        parameters = []
        for name, field in view.filterset_class(data={}).form.fields.items():
            schema = {"type": "string"}
            if name == "sort":
                schema["enum"] = [value for value, _label in field.choices]
            elif getattr(field, "max_length", None):
                schema["maxLength"] = field.max_length
            parameters.append(
                {"name": name, "required": False, "in": "query", "description": str(field.label), "schema": schema}
            )
        return parameters
