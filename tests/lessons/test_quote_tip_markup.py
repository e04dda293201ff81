"""The exact markup of a quote and a tip (templates/includes/quote.html and tip.html, through the tags
of lessons/templatetags/lesson_tags.py): escaped, translated, with the draft badge and the round
where they apply; a list of them is each block in turn."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.models import PublicationStatus
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality
from rounds.models import Round


def _render(source, **context):
    return Template("{% load lesson_tags %}" + source).render(Context(context))


@pytest.mark.django_db
def test_a_quote_with_its_speaker_municipality_and_finding():
    municipality = Municipality.objects.get(slug="heerlen")
    lesson = Lesson.objects.order_by("position").first()
    quote = Quote(
        text='Samen <b>sterk</b> & "meer"',
        municipality=municipality,
        speaker_role="beleidsmedewerker",
        lesson=lesson,
        publication_status=PublicationStatus.PUBLISHED,
    )

    html = _render("{% quote_block quote show_finding=True %}", quote=quote)

    assert html == (
        '<figure class="portal-quote">\n  \n'
        '  <blockquote lang="nl"><p>“Samen &lt;b&gt;sterk&lt;/b&gt; &amp; &quot;meer&quot;”</p></blockquote>\n'
        '  <figcaption><span lang="nl">Beleidsmedewerker</span>, gemeente Heerlen · '
        f'<a href="/lessen/{lesson.slug}/">{lesson.title}</a></figcaption>\n</figure>\n'
    )


@pytest.mark.django_db
def test_a_draft_quote_from_a_later_round_without_municipality_in_english():
    bottleneck = Bottleneck.objects.order_by("position").first()
    later = Round(slug="2021", name="Ronde <2021>", is_report=False, pk=987654)
    quote = Quote(text="Tekst", bottleneck=bottleneck, publication_status=PublicationStatus.DRAFT)
    quote.round = later

    with translation.override("en"):
        html = _render("{% quote_block quote show_finding=True %}", quote=quote)

    assert '<strong class="portal-draft-badge">' in html and "Concept, niet openbaar" not in html
    assert f'<a href="/en/knelpunten/{bottleneck.slug}/">' in html
    assert "Ronde &lt;2021&gt;" in html and "<2021>" not in html
    assert "gemeente" not in html


@pytest.mark.django_db
def test_a_quote_without_finding_or_municipality_shown():
    quote = Quote(text="Tekst", publication_status=PublicationStatus.PUBLISHED)

    html = _render("{% quote_block quote show_municipality=False %}", quote=quote)

    assert "<figcaption></figcaption>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("flags", "caption"),
    [
        ("show_municipality=True", 'Tip van <a href="/gemeenten/heerlen/">gemeente Heerlen</a>'),
        ("show_bottleneck=True", 'Tip bij <a href="/knelpunten/{slug}/">{title}</a>'),
        (
            "show_municipality=True show_bottleneck=True",
            'Tip van <a href="/gemeenten/heerlen/">gemeente Heerlen</a> · '
            'Tip bij <a href="/knelpunten/{slug}/">{title}</a>',
        ),
    ],
)
def test_a_tip_names_what_the_page_asks_for(flags, caption):
    bottleneck = Bottleneck.objects.order_by("position").first()
    tip = Tip(
        text="Begin klein",
        municipality=Municipality.objects.get(slug="heerlen"),
        bottleneck=bottleneck,
        publication_status=PublicationStatus.PUBLISHED,
    )
    expected = caption.format(slug=bottleneck.slug, title=bottleneck.title)

    direct = _render(f"{{% tip_block tip {flags} %}}", tip=tip)
    # Pages that include the template get the same.
    context = {name.split("=")[0]: True for name in flags.split()}
    included = _render('{% include "includes/tip.html" %}', tip=tip, **context)

    assert (
        direct
        == included
        == (
            '<figure class="portal-quote portal-tip">\n  \n  <blockquote lang="nl"><p>“Begin klein”</p></blockquote>\n'
            f"  <figcaption>{expected}</figcaption>\n</figure>\n"
        )
    )


@pytest.mark.django_db
def test_a_draft_tip_is_marked():
    tip = Tip(
        text="Begin klein",
        municipality=Municipality.objects.get(slug="heerlen"),
        bottleneck=Bottleneck.objects.first(),
        publication_status=PublicationStatus.DRAFT,
    )

    assert '<strong class="portal-draft-badge">Concept, niet openbaar</strong>' in _render(
        "{% tip_block tip %}", tip=tip
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "flags", ["", "show_finding=True", "show_finding=True show_municipality=False", "show_municipality=False"]
)
def test_a_list_of_quotes_is_each_quote_block_in_turn(language, flags):
    quotes = list(Quote.objects.select_related("municipality", "lesson", "bottleneck", "round").order_by("pk")[:12])
    with translation.override(language):
        one_by_one = _render(
            f"{{% for quote in quotes %}}{{% quote_block quote {flags} %}}{{% endfor %}}", quotes=quotes
        )
        together = _render(f"{{% quote_blocks quotes {flags} %}}", quotes=quotes)
    assert together == one_by_one
    assert together.count("<figure") == len(quotes) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "flags", ["", "show_municipality=True", "show_bottleneck=True", "show_municipality=True show_bottleneck=True"]
)
def test_a_list_of_tips_is_each_tip_block_in_turn(language, flags):
    tips = list(Tip.objects.select_related("municipality", "bottleneck").order_by("pk"))
    with translation.override(language):
        one_by_one = _render(f"{{% for tip in tips %}}{{% tip_block tip {flags} %}}{{% endfor %}}", tips=tips)
        together = _render(f"{{% tip_blocks tips {flags} %}}", tips=tips)
    assert together == one_by_one
    assert together.count("<figure") == len(tips) >= 4
