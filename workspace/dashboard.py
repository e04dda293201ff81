"""What the researcher workspace's start page shows: the workflow of a round, its progress per round,
drafts waiting, and recent deletions. Each link only where the user's permissions let it lead."""

from dataclasses import dataclass

from django.urls import reverse

from core.models import PublicationStatus, publishable_models
from indicators.models import IMPORT_PERMISSION
from rounds.models import Round


@dataclass
class DraftCount:
    label: str
    count: int
    url: str


@dataclass
class WorkflowLinks:
    """Where each step of a round is done; None where the user may not go."""

    rounds: str | None
    round_add: str | None
    interview_add: str | None
    interviews: str | None


@dataclass
class RoundProgress:
    name: str
    interviewed: int
    interviewed_url: str
    drafts: int
    drafts_url: str
    published: int
    published_url: str


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


def workflow_links(user) -> WorkflowLinks:
    may_see_rounds = user.has_perm("rounds.view_round") or user.has_perm("rounds.change_round")
    may_see_interviews = user.has_perm("rounds.view_interview") or user.has_perm("rounds.change_interview")
    return WorkflowLinks(
        rounds=reverse("admin:rounds_round_changelist") if may_see_rounds else None,
        round_add=reverse("admin:rounds_round_add") if user.has_perm("rounds.add_round") else None,
        interview_add=reverse("admin:rounds_interview_add") if user.has_perm("rounds.add_interview") else None,
        interviews=reverse("admin:rounds_interview_changelist") if may_see_interviews else None,
    )


def statline_import_url(user) -> str | None:
    """The upload of a StatLine export (indicators.admin), for whoever may import one."""
    return reverse("admin:indicators_indicatorvalue_statline") if user.has_perm(IMPORT_PERMISSION) else None


def round_progress(user) -> list[RoundProgress]:
    """Per round, newest first: municipalities interviewed, interviews in draft, interviews published.

    One query for every round; each number links to the interview list filtered to it.
    """
    if not (user.has_perm("rounds.view_interview") or user.has_perm("rounds.change_interview")):
        return []
    interviews = reverse("admin:rounds_interview_changelist")
    progress = []
    for round_ in Round.objects.with_interview_counts().order_by("-starts_on", "-slug"):
        in_round = f"{interviews}?round__id__exact={round_.pk}"
        progress.append(
            RoundProgress(
                name=round_.name,
                interviewed=round_.interviews_total,
                interviewed_url=in_round,
                drafts=round_.interviews_draft,
                drafts_url=f"{in_round}&publication_status__exact={PublicationStatus.DRAFT}",
                published=round_.interviews_published,
                published_url=f"{in_round}&publication_status__exact={PublicationStatus.PUBLISHED}",
            )
        )
    return progress
