from django.db import transaction

from .models import PublicationStatus


@transaction.atomic
def set_publication_status(queryset, status: PublicationStatus) -> int:
    """Publish or unpublish every record in `queryset`; returns how many changed.

    Each record is saved on its own (not with `.update()`) so the change history records who
    published what, and the version goes up for anyone editing it at the same moment.
    """
    changed = 0
    for record in queryset.select_for_update(of=("self",)).exclude(publication_status=status):
        record.publication_status = status
        record.save(update_fields=["publication_status", "updated_at"])
        changed += 1
    return changed
