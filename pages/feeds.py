"""Atom feeds of new and changed published findings, and the "Recent gewijzigd" page that lists the
same changes.

A finding here is what has a page or a place on one: an investment (on its municipality's page), a
lesson and a bottleneck. The feeds carry the most recently changed of them: all, per municipality
(its investments and the lessons and bottlenecks that name it), per theme (its investments) and per
research round (the investments that round records progress for). Only published content: each
domain queryset's `published()` decides, as on every public page.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.derived import per_content_version
from investments.models import Investment, Theme
from lessons.models import Bottleneck, Lesson
from municipalities.models import Municipality
from rounds.models import Progress, Round

FEED_LENGTH = 50
SUMMARY_WORDS = 60


@dataclass(frozen=True)
class Change:
    kind: str
    title: str
    url: str
    municipality: str
    text: str
    created: datetime.datetime
    updated: datetime.datetime


def _latest(queryset, limit):
    return queryset.order_by("-updated_at", "-pk")[:limit]


def recent_changes(municipality=None, theme=None, round_=None, limit=FEED_LENGTH) -> list[Change]:
    """The `limit` most recently changed published findings, newest first.

    Kept per content version, language (labels and links) and selection: at national scale the
    newest of 10,000 investments is a sort of them all, and the page and its feed ask for the same.
    """
    selection = ":".join(str(getattr(item, "pk", "")) for item in (municipality, theme, round_))
    return per_content_version(
        f"recent-changes:{get_language()}:{selection}:{limit}",
        lambda: _recent_changes(municipality, theme, round_, limit),
    )


def _recent_changes(municipality, theme, round_, limit) -> list[Change]:
    """One query per kind of finding."""
    investments = Investment.objects.published().select_related("municipality")
    if municipality is not None:
        investments = investments.filter(municipality=municipality)
    if theme is not None:
        investments = investments.filter(themes=theme)
    if round_ is not None:
        investments = investments.filter(pk__in=Progress.objects.published().mentioned_in(round_))
    fields = ("title", "slug", "text", "created_at", "updated_at", "municipality__name", "municipality__slug")
    changes = [
        Change(
            _("Investering"),
            investment.title,
            investment.get_absolute_url(),
            investment.municipality.name,
            investment.text,
            investment.created_at,
            investment.updated_at,
        )
        for investment in _latest(investments.only(*fields), limit)
    ]
    if theme is None and round_ is None:
        for model, label in ((Lesson, _("Les")), (Bottleneck, _("Knelpunt"))):
            findings = model.objects.published()
            if municipality is not None:
                findings = findings.filter(municipalities=municipality)
            changes += [
                Change(
                    label,
                    finding.title,
                    finding.get_absolute_url(),
                    "",
                    finding.text,
                    finding.created_at,
                    finding.updated_at,
                )
                for finding in _latest(findings.only("title", "slug", "text", "created_at", "updated_at"), limit)
            ]
    changes.sort(key=lambda change: (change.updated, change.url), reverse=True)
    return changes[:limit]


class ChangesFeed(Feed):
    """All published findings, newest change first."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return _("Lokale aanpak eenzaamheid: nieuw en gewijzigd")

    def subtitle(self, obj):
        return _(
            "Nieuwe en gewijzigde investeringen, lessen en knelpunten uit het onderzoek naar de lokale "
            "aanpak van eenzaamheid."
        )

    def link(self, obj):
        return reverse("recent")

    def feed_url(self, obj):
        return reverse("feed")

    def author_name(self, obj):
        return settings.OPEN_DATA_PUBLISHER_NAME

    def items(self, obj):
        return recent_changes()

    def item_title(self, item):
        return f"{item.title} ({item.municipality})" if item.municipality else item.title

    def item_link(self, item):
        return item.url

    def item_description(self, item):
        return Truncator(item.text).words(SUMMARY_WORDS)

    def item_pubdate(self, item):
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [item.kind]


class MunicipalityFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Municipality.objects.published(), slug=slug)

    def title(self, obj):
        return _("Gemeente %(name)s: nieuw en gewijzigd") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("municipality_feed", args=[obj.slug])

    def items(self, obj):
        return recent_changes(municipality=obj)


class ThemeFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("Thema %(name)s: nieuw en gewijzigd") % {"name": obj.label}

    def link(self, obj):
        return f"{reverse('investments:investment_list')}?thema={obj.slug}"

    def feed_url(self, obj):
        return reverse("theme_feed", args=[obj.slug])

    def items(self, obj):
        return recent_changes(theme=obj)


class RoundFeed(ChangesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Round.objects.published(), slug=slug)

    def title(self, obj):
        return _("Ronde %(name)s: nieuw en gewijzigd") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

    def feed_url(self, obj):
        return reverse("round_feed", args=[obj.slug])

    def items(self, obj):
        return recent_changes(round_=obj)
