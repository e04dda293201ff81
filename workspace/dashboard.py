"""What the researcher workspace's start page shows: drafts waiting, and recent deletions."""

from dataclasses import dataclass

from django.urls import reverse

from core.models import PublicationStatus, publishable_models


@dataclass
class DraftCount:
    label: str
    count: int
    url: str


@dataclass
class Deletion:
    label: str
    title: str
    deleted_at: object
    deleted_by: str
    history_url: str


def draft_counts(user) -> list[DraftCount]:
    counts = []
    for model in publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        count = model.objects.filter(publication_status=PublicationStatus.DRAFT).count()
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        counts.append(DraftCount(str(opts.verbose_name_plural), count, f"{url}?publication_status__exact=draft"))
    return counts


def recent_deletions(user, limit: int = 10) -> list[Deletion]:
    """Deleted content a researcher can recover through its history page ("revert")."""
    deletions = []
    for model in publishable_models():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            continue
        records = model.history.filter(history_type="-").select_related("history_user").order_by("-history_date")
        for record in records[:limit]:
            deletions.append(
                Deletion(
                    label=str(opts.verbose_name),
                    title=str(record.instance),
                    deleted_at=record.history_date,
                    deleted_by=record.history_user.get_username() if record.history_user else "",
                    history_url=reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_history", args=[getattr(record, opts.pk.attname)]
                    ),
                )
            )
    deletions.sort(key=lambda deletion: deletion.deleted_at, reverse=True)
    return deletions[:limit]
