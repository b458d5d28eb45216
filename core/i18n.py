"""Chinese-first content with optional English, and the English that has fallen behind the Chinese.

Pairs
    A translated pair is a Chinese field and its optional English twin (``summary``/``summary_en``),
    declared once, by the public read ``summary_i18n = Localized("summary")``. A model's pairs are its
    ``Localized`` descriptors (``TranslatedModel.translated_pairs()``): nothing else lists them.

Out of date ("drift", issue 13)
    A ``TranslatedModel`` keeps, in ``english_out_of_date``, the English fields whose Chinese changed
    after the English last did. Each write applies these rules, pair by pair, to what the row held:

    - the Chinese changed and the English did not, and the English is not empty → out of date;
    - the English changed (edited, filled in or emptied) → up to date;
    - an editor confirms the English (``english_confirm``: the admin's "English still correct") →
      up to date, with a history record;
    - an empty English is never out of date: it already falls back to the Chinese.

    What the row held is remembered when it is loaded (``from_db``, ``refresh_from_db``) and after
    each save; a row saved without having been loaded (a revert rebuilt from a history record, a
    hand-built instance with a primary key) is compared with the database instead. The set is a
    column of the row itself, derived from the row's own values like ``updated_at``, so it is kept
    by ``save()`` — the one place every admin form, inline, service and shell write passes — and by
    ``core.bulk.bulk_save_with_history`` for the bulk imports (``bulk_update`` calls no
    ``save()``). Other bulk writes of Chinese text (``QuerySet.update``) must call
    ``english_states`` themselves; there are none today. A new row keeps what it is given (empty).

    The admin's list filter "English out of date" is one query over the column; the initial state
    was computed from the edit history by each app's migration (``english_drift_from_history``).

Reading
    ``Localized`` gives the English while English is active, it is filled in and not out of date;
    otherwise the Chinese. When it gives the Chinese in place of an out-of-date English it tells the
    ``{% translation_note %}`` block around it (core/templatetags/translations.py), which adds one
    note per block: "The English translation of this text is being updated; the Chinese original is
    shown." Saving or confirming moves the page cache's content version (post_save, core/cache/).
"""

import contextlib
import contextvars

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The fallbacks read inside the innermost {% translation_note %} block being rendered, or None.
_shown_fallbacks: contextvars.ContextVar[list | None] = contextvars.ContextVar("shown_fallbacks", default=None)


@contextlib.contextmanager
def collect_fallbacks():
    """Collects the English fields shown in Chinese (out of date) while the block renders."""
    shown: list[str] = []
    token = _shown_fallbacks.set(shown)
    try:
        yield shown
    finally:
        _shown_fallbacks.reset(token)


def english_active() -> bool:
    return (get_language() or "").startswith("en")


class Localized:
    """Reads `<field>_en` while English is active, it is filled in and not out of date, else `<field>`.

    Content is written in Chinese first; English versions are optional and fall back to it.
    Used as `name_i18n = Localized("name")` on a model, `{{ obj.name_i18n }}` in templates; the
    declaration also makes `name`/`name_en` a translated pair of a `TranslatedModel`.
    """

    def __init__(self, field: str):
        self.field = field
        self.english = f"{field}_en"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        if english_active():
            value = getattr(obj, self.english, "")
            if value:
                if self.english not in (getattr(obj, "english_out_of_date", None) or ()):
                    return value
                shown = _shown_fallbacks.get()
                if shown is not None:
                    shown.append(self.english)
        return getattr(obj, self.field)


def english_drift(state, pairs, before: dict | None, after: dict) -> list[str]:
    """The rules of the module docstring: the out-of-date English fields after a write.

    `state` is what was out of date, `pairs` the Chinese fields, `before`/`after` each field's value
    before and after the write (`before` None for a new row). Also run over the edit history by the
    migrations (`english_drift_from_history`).
    """
    order = [f"{field}_en" for field in pairs]
    result = {name for name in (state or []) if name in order}
    for field in pairs:
        english = f"{field}_en"
        if before is not None:
            if after[english] != before[english]:
                result.discard(english)
            elif after[field] != before[field]:
                result.add(english)
        if not after[english]:
            result.discard(english)
    return [name for name in order if name in result]


def english_drift_from_history(apps, app_label: str, models: dict[str, tuple[str, ...]]) -> None:
    """A data migration's step: each row's out-of-date English fields from its edit history.

    `models` maps a model name to its pairs' Chinese fields, frozen in the migration. The records of
    each row are replayed in order through `english_drift` (the first as the creation), then the row
    as it is now (a write that bypassed history still counts).
    """
    for model_name, pairs in models.items():
        model = apps.get_model(app_label, model_name)
        historical = apps.get_model(app_label, f"Historical{model_name}")
        fields = [name for field in pairs for name in (field, f"{field}_en")]
        last, states = {}, {}
        records = historical.objects.order_by("id", "history_date", "history_id").values("id", "history_type", *fields)
        for record in records.iterator(chunk_size=2000):
            pk = record.pop("id")
            if record.pop("history_type") == "-":
                last.pop(pk, None)
                states.pop(pk, None)
                continue
            states[pk] = english_drift(states.get(pk, []), pairs, last.get(pk), record)
            last[pk] = record
        changed: dict[tuple, list] = {}
        for row in model.objects.order_by("pk").values("pk", *fields).iterator(chunk_size=2000):
            pk = row.pop("pk")
            state = english_drift(states.get(pk, []), pairs, last.get(pk), row)
            if state:
                changed.setdefault(tuple(state), []).append(pk)
        for state, pks in changed.items():
            for start in range(0, len(pks), 500):
                model.objects.filter(pk__in=pks[start : start + 500]).update(english_out_of_date=list(state))


class TranslatedModel(models.Model):
    """A model whose `Localized` pairs track whether the English has fallen behind (module docstring)."""

    english_out_of_date = models.JSONField(
        _("English out of date"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("The English fields whose Chinese text changed after they were last edited."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding and self.pk is None:
            self.english_out_of_date = self.english_state(None)
        else:  # a loaded row, or one built with its primary key (a revert from history): may exist
            english_states([self])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.tracked_fields()):
            kwargs["update_fields"] = {*update_fields, "english_out_of_date"}
        super().save(*args, **kwargs)
        self._remember_texts()

    @classmethod
    def translated_pairs(cls) -> tuple[str, ...]:
        """The Chinese field of each pair, in declaration order (the `Localized` descriptors)."""
        cached = cls.__dict__.get("_translated_pairs")
        if cached is None:
            seen = {}
            for klass in reversed(cls.__mro__):
                for value in vars(klass).values():
                    if isinstance(value, Localized):
                        seen[value.field] = None
            cached = tuple(seen)
            cls._translated_pairs = cached
        return cached

    @classmethod
    def tracked_fields(cls) -> list[str]:
        return [name for field in cls.translated_pairs() for name in (field, f"{field}_en")]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._remember_texts()
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_texts()

    def _remember_texts(self) -> None:
        """What the row holds now (only the fields loaded: reading a deferred one would query)."""
        loaded = dict(getattr(self, "_stored_texts", None) or {})
        for name in self.tracked_fields():
            if name in self.__dict__:
                loaded[name] = self.__dict__[name]
        self._stored_texts = loaded

    def stored_texts(self) -> dict | None:
        """The pairs' values the row holds in the database, as far as this instance knows, or None."""
        stored = getattr(self, "_stored_texts", None)
        if stored is None or any(name not in stored for name in self.tracked_fields()):
            return None
        return stored

    def english_state(self, stored: dict | None) -> list[str]:
        """The out-of-date English fields once this instance is written over the row `stored` (None: new)."""
        now = {name: getattr(self, name) for name in self.tracked_fields()}
        return english_drift(self.english_out_of_date, self.translated_pairs(), stored, now)

    def english_out_of_date_labels(self) -> list[str]:
        """The out-of-date English fields by their labels, for the admin."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.english_out_of_date or []]


def english_states(rows: list) -> None:
    """Set `english_out_of_date` on existing rows about to be written (by `save()` or in bulk).

    Rows that do not know what the database holds (never loaded) are compared with it: one query.
    """
    if not rows:
        return
    model = type(rows[0])
    unknown = [row.pk for row in rows if row.stored_texts() is None]
    from_database = {}
    if unknown:
        fields = model.tracked_fields()
        for values in model._base_manager.filter(pk__in=unknown).values("pk", *fields):
            from_database[values.pop("pk")] = values
    for row in rows:
        stored = row.stored_texts()
        if stored is None:
            stored = from_database.get(row.pk)
        row.english_out_of_date = row.english_state(stored)


def english_confirm(*, obj: TranslatedModel, user=None, fields=None) -> list[str]:
    """The editor says the English of `fields` (default: every out-of-date one) is still correct.

    Saves the row with a history record naming the fields (where the model keeps history; the admin
    also logs it); the save moves the page cache's version. Returns the fields confirmed.
    """
    current = list(obj.english_out_of_date or [])
    confirmed = [name for name in current if fields is None or name in fields]
    if not confirmed:
        return []
    obj.english_out_of_date = [name for name in current if name not in confirmed]
    labels = "、".join(str(obj._meta.get_field(name).verbose_name) for name in confirmed)
    obj._change_reason = str(_("English confirmed as still correct: %(fields)s") % {"fields": labels})
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user
    obj.save(update_fields=["english_out_of_date"])
    return confirmed


class Photo(TranslatedModel):
    """A directory row's photo with its alternative text and caption in both languages; the thumbnail is
    made once, at upload. A concrete photo model adds the row it belongs to and its own upload folders."""

    image = models.ImageField(_("image"))
    thumbnail = models.ImageField(_("thumbnail"), blank=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"), max_length=200, help_text=_("Describes the image for screen readers.")
    )
    alt_text_en = models.CharField(_("alternative text (English)"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    alt_text_i18n = Localized("alt_text")
    caption_i18n = Localized("caption")

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return self.alt_text
