from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from lessons.body import finding_body
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from pages.downloads import selection_downloads
from pages.forms import QuoteFilterForm, TipFilterForm


def _named_municipalities(user):
    return Prefetch("municipalities", queryset=Municipality.objects.visible_to(user).order_by("name"))


def lesson_list(request):
    lessons = Lesson.objects.visible_to(request.user).prefetch_related(_named_municipalities(request.user))
    return render(request, "lessons/lesson_list.html", {"lessons": lessons})


def _findings(model, request):
    # refers_to is only linked to, so a draft target is not revealed: its URL answers 404 to visitors.
    return (
        model.objects.visible_to(request.user)
        .select_related("refers_to")
        .prefetch_related(_named_municipalities(request.user))
    )


def lesson_detail(request, slug):
    lesson = get_object_or_404(_findings(Lesson, request), slug=slug)
    quotes = Quote.objects.visible_to(request.user).filter(lesson=lesson).select_related("municipality")
    return render(request, "lessons/lesson_detail.html", {"finding": lesson, "body": finding_body(lesson, quotes)})


def bottleneck_list(request):
    bottlenecks = Bottleneck.objects.visible_to(request.user).prefetch_related(
        _named_municipalities(request.user),
        Prefetch(
            "tips", queryset=Tip.objects.visible_to(request.user).select_related("municipality"), to_attr="public_tips"
        ),
    )
    return render(request, "lessons/bottleneck_list.html", {"bottlenecks": bottlenecks})


def bottleneck_detail(request, slug):
    bottleneck = get_object_or_404(_findings(Bottleneck, request), slug=slug)
    quotes = Quote.objects.visible_to(request.user).filter(bottleneck=bottleneck).select_related("municipality")
    tips = Tip.objects.visible_to(request.user).filter(bottleneck=bottleneck).select_related("municipality")
    return render(
        request,
        "lessons/bottleneck_detail.html",
        {"finding": bottleneck, "body": finding_body(bottleneck, quotes), "tips": tips},
    )


PAGE_SIZE = 20


def _filtered_list(request, form, queryset, dataset, template):
    if form.is_bound:
        form.is_valid()  # invalid filters are shown to the user and ignored, never a 500
        queryset = form.filter(queryset)
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
            "downloads": selection_downloads(dataset, form, form.fields),
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
        Quote.objects.visible_to(request.user)
        .select_related("municipality", "lesson", "bottleneck")
        .order_by("lesson__position", "bottleneck__position", "position", "pk")
    )
    return _filtered_list(request, QuoteFilterForm(request.GET or None), quotes, "citaten", "lessons/quote_list.html")
