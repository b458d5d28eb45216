"""The services the admin calls, recorded: each function is wrapped, so a test sees every call and the
real service does the work.

efficiency.objections (objection_set_status, objection_resolve, objection_note_add,
objection_anonymise) is written beside the admin in another branch: until it is merged, a stand-in
with the same signatures and the same refusals (as that module's docstrings state them) takes its
place in `sys.modules` for the test only. Once the module exists the stand-ins are not used and can go.
"""

import functools
import importlib
import sys
import types

from django.core.exceptions import ValidationError
from django.utils import timezone

from efficiency.models import Objection, ObjectionNote, ObjectionStatusLog

# --- Stand-ins of efficiency.objections ------------------------------------------------------------


def _log(objection, previous, user, reason=""):
    ObjectionStatusLog.objects.create(
        objection=objection, from_stage=previous, to_stage=objection.status, changed_by=user, reason=reason
    )


def objection_set_status(*, objection, status, user, reason=""):
    previous = objection.status
    objection.status, objection.resolved_at = status, None
    objection.save()
    _log(objection, previous, user, reason)
    return objection


def objection_resolve(*, objection, status, resolution, user, rerun=False):
    if status != Objection.Status.WITHDRAWN and not (resolution or "").strip():
        raise ValidationError("Write the resolution the firm is told.")
    current = Objection.objects.get(pk=objection.pk)
    if current.status in (Objection.Status.UPHELD, Objection.Status.REJECTED, Objection.Status.WITHDRAWN):
        raise ValidationError("This objection has already been resolved.")
    previous = current.status
    current.status, current.resolution, current.resolved_at = status, resolution, timezone.now()
    current.save()
    _log(current, previous, user, resolution)
    return current


def objection_note_add(*, objection, text, user):
    return ObjectionNote.objects.create(objection=objection, text=text, author=user)


def objection_anonymise(*, objection):
    objection.contact_name, objection.phone, objection.email, objection.reason = "", "", "", ""
    objection.anonymised_at = timezone.now()
    objection.save()
    return objection


RECORDED = {
    "services": ["resultset_run", "resultset_start_notice", "resultset_finalise"],
    "objections": ["objection_set_status", "objection_resolve", "objection_note_add", "objection_anonymise"],
}
STAND_INS = {"objections": [objection_set_status, objection_resolve, objection_note_add, objection_anonymise]}


class Calls(list):
    """(function name, keyword arguments) of each call, in order."""

    def of(self, name) -> list[dict]:
        return [kwargs for called, kwargs in self if called == name]


def record(monkeypatch) -> Calls:
    calls = Calls()
    for module_name, names in RECORDED.items():
        full_name = f"efficiency.{module_name}"
        try:
            module = importlib.import_module(full_name)
        except ImportError:
            module = types.ModuleType(full_name)
            for function in STAND_INS[module_name]:
                setattr(module, function.__name__, function)
            monkeypatch.setitem(sys.modules, full_name, module)
        for name in names:
            real = getattr(module, name)

            def recorded(*args, _real=real, _name=name, **kwargs):
                calls.append((_name, kwargs))
                return _real(*args, **kwargs)

            monkeypatch.setattr(module, name, functools.wraps(real)(recorded))
    return calls
