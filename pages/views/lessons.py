from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from lessons import selectors
from lessons.body import finding_body
from lessons.models import Bottleneck, Lesson, Quote, Tip
from pages.downloads import selection_downloads
from pages.forms import QuoteFilterForm, TipFilterForm

from .selection import MUNICIPALITY_SAMPLE, links

# A finding's page shows this many of its quotes and tips, and links to the full filtered lists. The
# report has far fewer per finding, so its own content shows in full; at national scale, where every
# municipality may add some, the page stays readable.
QUOTES_SHOWN = 30
TIPS_SHOWN = 30


def _with_named_municipalities(findings, user):
    """The findings as a list, each with `municipality_count` and `municipality_sample` (links)."""
    named = selectors.municipalities_named(findings.model._meta.model_name, None, MUNICIPALITY_SAMPLE, user=user)
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
    # Every municipality it names: the one page that lists them all (hundreds at national scale).
    kind = model._meta.model_name
    _count, named = selectors.municipalities_named(kind, finding.pk, None, user=request.user).get(finding.pk, (0, ()))
    finding.named_municipalities = links(named)
    return finding


def _quotes_of(finding, request):
    return selectors.first_rows(Quote, selectors.finding_quote_ids(finding, user=request.user), QUOTES_SHOWN)


def lesson_detail(request, slug):
    lesson = _finding(Lesson, request, slug)
    quotes, quote_count = _quotes_of(lesson, request)
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
    bottlenecks = selectors.bottlenecks_with_tip_counts(user)
    return render(
        request,
        "lessons/bottleneck_list.html",
        {"bottlenecks": _with_named_municipalities(bottlenecks, user), "sample_size": MUNICIPALITY_SAMPLE},
    )


def bottleneck_detail(request, slug):
    bottleneck = _finding(Bottleneck, request, slug)
    quotes, quote_count = _quotes_of(bottleneck, request)
    tips, tip_count = selectors.first_rows(Tip, selectors.bottleneck_tip_ids(bottleneck, user=request.user), TIPS_SHOWN)
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


def _filtered_list(request, form, queryset, kind, dataset, template):
    narrowed = False
    if form.is_bound:
        form.is_valid()  # invalid filters are shown to the user and ignored, never a 500
        queryset = form.filter(queryset)
        narrowed = any(form.cleaned_data.values())
    if not narrowed:
        # All of them, as most visitors see the list: how many is a count over all public content,
        # the same for every visitor, so counted once per content version.
        queryset = _KnownCount(queryset, selectors.count_of(kind, user=request.user))
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
    tips = selectors.tips_in_order(request.user)
    return _filtered_list(request, TipFilterForm(request.GET or None), tips, "tips", "tips", "lessons/tip_list.html")


def quote_list(request):
    quotes = selectors.quotes_in_report_order(request.user)
    form = QuoteFilterForm(request.GET or None)
    return _filtered_list(request, form, quotes, "quotes", "citaten", "lessons/quote_list.html")
