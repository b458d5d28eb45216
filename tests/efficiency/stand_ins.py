"""The services the admin calls, recorded: the real ones where their modules exist, else stand-ins.

efficiency.services (the engine's run, the notice, the final step), efficiency.analysis and
efficiency.objections are written beside the admin in other branches. Where a module is present its
functions are wrapped, so a test sees each call and the real service does the work; where it is not
(yet), a stand-in with the same signature and the same refusals (as their docstrings state them) takes
its place in `sys.modules` for the test only.
"""

import datetime
import functools
import importlib
import sys
import types

from django.core.exceptions import ValidationError
from django.utils import timezone

from efficiency.models import Objection, ObjectionNote, ObjectionStatusLog, ResultSet

# --- Stand-ins -----------------------------------------------------------------------------------------


def resultset_run(*, rule_set, user):
    latest = rule_set.result_sets.order_by("-version").first()
    if latest is not None and not latest.is_frozen:
        result_set = latest
    else:
        result_set = ResultSet(rule_set=rule_set, version=(latest.version + 1) if latest else 1)
    result_set.computed_at, result_set.computed_by = timezone.now(), user
    result_set.save()
    return result_set


def resultset_start_notice(*, result_set, starts_on, ends_on, show_classes, user):
    if result_set.is_frozen:
        raise ValidationError("Final sets are frozen.")
    if result_set.status != ResultSet.Status.DRAFT:
        raise ValidationError("Only a draft can be put on public notice.")
    result_set.status = ResultSet.Status.NOTICE
    result_set.notice_starts_on, result_set.notice_ends_on = starts_on, ends_on
    result_set.show_classes_during_notice = show_classes
    result_set.save()
    return result_set


def resultset_finalise(*, result_set, user, today: datetime.date | None = None):
    if result_set.is_frozen:
        raise ValidationError("Final sets are frozen.")
    if result_set.status != ResultSet.Status.NOTICE:
        raise ValidationError("Only a set on public notice can be finalised.")
    if (today or timezone.localdate()) <= result_set.notice_ends_on:
        raise ValidationError(f"The notice runs until {result_set.notice_ends_on}; finalise the set after that day.")
    if Objection.objects.open().filter(result_set=result_set).exists():
        raise ValidationError("Objections are still open; resolve them first.")
    result_set.status, result_set.finalised_at, result_set.finalised_by = ResultSet.Status.FINAL, timezone.now(), user
    result_set.save()
    return result_set


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


def class_distribution(result_set):
    return []


def score_histogram(result_set, **kwargs):
    return {}


def previous_final(result_set):
    return None


def movers(result_set, **kwargs):
    return []


def near_cutoff(result_set, **kwargs):
    return []


STAND_INS = {
    "services": [resultset_run, resultset_start_notice, resultset_finalise],
    "objections": [objection_set_status, objection_resolve, objection_note_add, objection_anonymise],
    "analysis": [class_distribution, score_histogram, previous_final, movers, near_cutoff],
}


class Calls(list):
    """(function name, keyword arguments) of each call, in order."""

    def of(self, name) -> list[dict]:
        return [kwargs for called, kwargs in self if called == name]


def record(monkeypatch) -> Calls:
    calls = Calls()
    for module_name, functions in STAND_INS.items():
        full_name = f"efficiency.{module_name}"
        try:
            module = importlib.import_module(full_name)
        except ImportError:
            module = types.ModuleType(full_name)
            for function in functions:
                setattr(module, function.__name__, function)
            monkeypatch.setitem(sys.modules, full_name, module)
        for function in functions:
            real = getattr(module, function.__name__)

            def recorded(*args, _real=real, _name=function.__name__, **kwargs):
                calls.append((_name, kwargs))
                return _real(*args, **kwargs)

            monkeypatch.setattr(module, function.__name__, functools.wraps(real)(recorded))
    return calls
