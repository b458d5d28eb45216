"""Reference numbers counted per year: QK2026-00001 for inquiries, FW2026-00001 for service requests."""


def next_reference(sequence_model, *, prefix: str, year: int) -> str:
    """<prefix><year>-<5 digits>, counted in `sequence_model` (a ReferenceSequenceBase) per year,
    in a row locked until the caller's transaction ends."""
    sequence, _created = sequence_model.objects.select_for_update().get_or_create(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}{year}-{sequence.last_number:05d}"
