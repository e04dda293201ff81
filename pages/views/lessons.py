from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html_join
from django.utils.translation import get_language

from core.derived import per_content_version
from core.models import previews_drafts
from lessons.body import finding_body
from lessons.models import Bottleneck, Lesson, Quote, Tip, named_municipalities
from pages.downloads import selection_downloads
from pages.forms import QuoteFilterForm, TipFilterForm

from .selection import MUNICIPALITY_SAMPLE, links, with_urls

# A finding's page shows this many of its quotes and tips, and links to the full filtered lists. The
# report has far fewer per finding, so its own content shows in full; at national scale, where every
# municipality may add some, the page stays readable.
QUOTES_SHOWN = 30
TIPS_SHOWN = 30


def _named(model, user, pk=None, sample=MUNICIPALITY_SAMPLE):
    """{finding pk: (count, [(url, name)...])}: the municipalities that the lessons or bottlenecks
    (`model`), or the one with `pk`, name; the first `sample` of them, or all with None.

    Plain data, kept per content version (and language, for the URLs) for the public; staff, who
    may see drafts, get it computed afresh.
    """

    def build(user=None):
        findings = model.objects.visible_to(user)
        if pk is not None:
            findings = findings.filter(pk=pk)
        named = named_municipalities(findings, user, sample)
        return {key: (count, with_urls(selection)) for key, (count, selection) in named.items()}

    if previews_drafts(user):
        return build(user)
    name = f"named-municipalities:{model._meta.model_name}:{pk or 'all'}:{sample}:{get_language()}"
    return per_content_version(name, build)


def _with_named_municipalities(findings, user):
    """The findings as a list, each with `municipality_count` and `municipality_sample` (links)."""
    named = _named(findings.model, user)
    findings = list(findings)
    for finding in findings:
        finding.municipality_count, sample = named.get(finding.pk, (0, ()))
        finding.municipality_sample = links(sample)
    return findings


def lesson_list(request):
    lessons = _with_named_municipalities(Lesson.objects.visible_to(request.user), request.user)
    return render(request, "lessons/lesson_list.html", {"lessons": lessons, "sample_size": MUNICIPALITY_SAMPLE})


def _finding(model, request, slug):
    # refers_to is only linked to, so a draft target is not revealed: its URL answers 404 to visitors.
    finding = get_object_or_404(model.objects.visible_to(request.user).select_related("refers_to"), slug=slug)
    # Every municipality it names: the one page that lists them all, from plain data. Hundreds at
    # national scale, so the list items are joined here (escaped) rather than by a template loop.
    _count, named = _named(model, request.user, pk=finding.pk, sample=None).get(finding.pk, (0, ()))
    finding.named_municipalities = format_html_join("", '<li><a href="{}">{}</a></li>', named)
    return finding


def _first(queryset, number, user, name):
    """The first `number` rows and how many there are in all.

    For the public, which rows and in what order is kept per content version under `name` (the
    publication rules join each row to its municipality, finding, round and answer, and counting
    thousands at national scale was most of a finding's page): a request reads its rows by id.
    Staff, who may see drafts, get one query that counts along.
    """
    if previews_drafts(user):
        rows = list(queryset.with_total()[:number])
        return rows, (rows[0].total if rows else 0)
    pks = per_content_version(name, lambda: list(queryset.values_list("pk", flat=True)), in_process=True)
    shown = pks[:number]
    by_pk = queryset.model._default_manager.select_related("municipality").in_bulk(shown)
    return [by_pk[pk] for pk in shown if pk in by_pk], len(pks)


def _quotes_of(finding, request, **lookup):
    # Quotes placed in the text come first, so a selection never leaves a gap in the text; within
    # each group the order stays the report's.
    quotes = (
        Quote.objects.visible_to(request.user)
        .filter(**lookup)
        .select_related("municipality")
        .order_by(F("paragraph").asc(nulls_last=True), "position", "pk")
    )
    return _first(quotes, QUOTES_SHOWN, request.user, f"finding-quotes:{finding._meta.model_name}:{finding.pk}")


def lesson_detail(request, slug):
    lesson = _finding(Lesson, request, slug)
    quotes, quote_count = _quotes_of(lesson, request, lesson=lesson)
    return render(
        request,
        "lessons/lesson_detail.html",
        {
            "finding": lesson,
            "body": finding_body(lesson, quotes),
            "quote_count": quote_count,
            "quotes_shown": len(quotes),
            "all_quotes_query": f"les={lesson.slug}",
        },
    )


def bottleneck_list(request):
    user = request.user
    bottlenecks = Bottleneck.objects.visible_to(user).annotate(
        tip_count=Count("tips", filter=Q(tips__in=Tip.objects.visible_to(user)))
    )
    return render(
        request,
        "lessons/bottleneck_list.html",
        {"bottlenecks": _with_named_municipalities(bottlenecks, user), "sample_size": MUNICIPALITY_SAMPLE},
    )


def bottleneck_detail(request, slug):
    bottleneck = _finding(Bottleneck, request, slug)
    quotes, quote_count = _quotes_of(bottleneck, request, bottleneck=bottleneck)
    tips, tip_count = _first(
        Tip.objects.visible_to(request.user).filter(bottleneck=bottleneck).select_related("municipality"),
        TIPS_SHOWN,
        request.user,
        f"bottleneck-tips:{bottleneck.pk}",
    )
    return render(
        request,
        "lessons/bottleneck_detail.html",
        {
            "finding": bottleneck,
            "body": finding_body(bottleneck, quotes),
            "quote_count": quote_count,
            "quotes_shown": len(quotes),
            "all_quotes_query": f"knelpunt={bottleneck.slug}",
            "tips": tips,
            "tip_count": tip_count,
        },
    )


PAGE_SIZE = 20


class _KnownCount:
    """`queryset` with its number of rows known: the paginator reads `count()` instead of counting."""

    def __init__(self, queryset, count):
        self.queryset, self.number = queryset, count

    def count(self):
        return self.number

    def __len__(self):
        return self.number

    def __getitem__(self, index):
        return self.queryset[index]


def _filtered_list(request, form, queryset, dataset, template):
    narrowed = False
    if form.is_bound:
        form.is_valid()  # invalid filters are shown to the user and ignored, never a 500
        queryset = form.filter(queryset)
        narrowed = any(form.cleaned_data.values())
    if not narrowed and not previews_drafts(request.user):
        # All of them, as most visitors see the list: how many is a count over all public content,
        # the same for every visitor, so counted once per content version.
        queryset = _KnownCount(queryset, per_content_version(f"{dataset}:public-count", queryset.count))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query_without_page = request.GET.copy()
    query_without_page.pop("pagina", None)
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "page_query": query_without_page.urlencode(),
            # The words filter is no open-data filter: the files are cut by the other filters only.
            "downloads": selection_downloads(dataset, form, [name for name in form.fields if name != "q"]),
        },
    )


def tip_list(request):
    tips = (
        Tip.objects.visible_to(request.user)
        .select_related("municipality", "bottleneck")
        .order_by("bottleneck__position", "position", "pk")
    )
    return _filtered_list(request, TipFilterForm(request.GET or None), tips, "tips", "lessons/tip_list.html")


def quote_list(request):
    quotes = (
        Quote.objects.visible_to(request.user).select_related("municipality", "lesson", "bottleneck").in_report_order()
    )
    return _filtered_list(request, QuoteFilterForm(request.GET or None), quotes, "citaten", "lessons/quote_list.html")
