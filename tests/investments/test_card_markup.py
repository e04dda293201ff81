"""The investment card's exact markup (templates/includes/investment_card.html): escaped values,
facts in the card's order with empty ones left out, the draft badge, the municipality and the history."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.models import PublicationStatus
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme
from municipalities.models import Municipality
from rounds.models import Interview, Progress, Round


def _investment(**values):
    fields = {
        "slug": "tablet-<proef>",
        "title": 'Compaan & "tablet"',
        "status": InvestmentStatus.COMPLETED,
        "text": "Inleiding\n\n- een\n- twee",
        "reach": "150 <inwoners>",
        "publication_status": PublicationStatus.PUBLISHED,
        "municipality": Municipality(name="Den <Haag>", slug="den-haag"),
        "created_at": datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC),
    }
    investment = Investment(**(fields | values))
    investment.card_terms = {
        "themes": [Theme(slug="technologie", name="Technologie", name_en="Technology")],
        "target_groups": [
            TargetGroup(slug="ouderen", name="Ouderen", name_en="Older people"),
            TargetGroup(slug="mantelzorgers", name="Mantelzorgers", name_en=""),
        ],
        "interventions": [Intervention(slug="compaan", name="Compaan")],
        "partners": [Partner(slug="bieb", name="Bieb & co")],
    }
    return investment


def _render(investment, show_municipality=True, heading_level=3):
    return render_to_string(
        "includes/investment_card.html",
        {
            "investment": investment,
            "show_municipality": show_municipality,
            "heading_level": heading_level,
            "list_url": reverse("investments:investment_list"),
        },
    )


def test_a_published_card_with_every_fact():
    assert _render(_investment()) == (
        '<article class="portal-investment" id="investering-tablet-&lt;proef&gt;"'
        ' aria-labelledby="investering-tablet-&lt;proef&gt;-title">\n'
        '  <h3 id="investering-tablet-&lt;proef&gt;-title" lang="nl">Compaan &amp; &quot;tablet&quot;</h3>\n'
        "  \n"
        '  <p class="portal-status-line"><span class="portal-status portal-status--completed">Gedaan</span>'
        ' · <a href="/gemeenten/den-haag/">Den &lt;Haag&gt;</a></p>\n'
        "  \n"
        '  <div class="portal-text" lang="nl"><p>Inleiding</p>\n<ul><li>een</li><li>twee</li></ul></div>\n'
        '  <dl class="portal-meta">\n'
        '    <dt>Thema\'s</dt><dd><a href="/investeringen/?thema=technologie">Technologie</a></dd>'
        '<dt>Doelgroepen</dt><dd><a href="/investeringen/?doelgroep=ouderen">Ouderen</a>, '
        '<a href="/investeringen/?doelgroep=mantelzorgers">Mantelzorgers</a></dd>'
        '<dt>Interventies</dt><dd><a href="/interventies/compaan/">Compaan</a></dd>'
        "<dt>Partners</dt><dd>Bieb &amp; co</dd>"
        "<dt>Bereik</dt><dd>150 &lt;inwoners&gt;</dd>\n"
        "  </dl>\n"
        "</article>"
    )


def test_a_draft_card_without_municipality_or_facts_in_english():
    investment = _investment(publication_status=PublicationStatus.DRAFT)
    investment.reach = ""
    investment.card_terms = {"themes": [], "target_groups": [], "interventions": [], "partners": []}
    with translation.override("en"):
        html = _render(investment, show_municipality=False, heading_level=2)

    assert html == (
        '<article class="portal-investment" id="investering-tablet-&lt;proef&gt;"'
        ' aria-labelledby="investering-tablet-&lt;proef&gt;-title">\n'
        '  <h2 id="investering-tablet-&lt;proef&gt;-title" lang="nl">Compaan &amp; &quot;tablet&quot;</h2>\n'
        f'  <strong class="portal-draft-badge">{_en("Concept, niet openbaar")}</strong>\n'
        f'  <p class="portal-status-line"><span class="portal-status portal-status--completed">'
        f"{_en('gedaan').capitalize()}</span></p>\n"
        "  \n"
        '  <div class="portal-text" lang="nl"><p>Inleiding</p>\n<ul><li>een</li><li>twee</li></ul></div>\n'
        '  <dl class="portal-meta">\n'
        "    \n"
        "  </dl>\n"
        "</article>"
    )
    assert _en("Concept, niet openbaar") != "Concept, niet openbaar"


def _en(message):
    with translation.override("en"):
        return translation.gettext(message)


def test_the_history_of_an_investment_added_after_the_report():
    investment = _investment()
    later = Round(slug="2021", name="Ronde <2021>", is_report=False)
    investment.timeline = [Progress(status=InvestmentStatus.PLANNED, interview=Interview(round=later))]

    html = _render(investment)

    assert (
        '  <div class="portal-history">Verloop: <ol class="portal-timeline">'
        '<li>gepland <a href="/rondes/2021/">2021</a></li></ol>'
        ' · <span class="portal-provenance">Na het rapport toegevoegd: Ronde &lt;2021&gt;, ingevoerd op 4 maart 2026'
        "</span></div>\n"
    ) in html


def test_a_card_with_only_the_reports_status_shows_no_history():
    investment = _investment()
    report = Round(slug="2019", name="Rapport 2019", is_report=True)
    investment.timeline = [Progress(status=InvestmentStatus.COMPLETED, interview=Interview(round=report))]

    assert "portal-history" not in _render(investment)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_list_of_cards_is_each_card_in_turn_and_a_line_end(language):
    first, second = _investment(), _investment(slug="tweede")
    with translation.override(language):
        one_by_one = "".join(_render(investment) for investment in (first, second))
        together = render_to_string(
            "includes/investment_cards.html",
            {"cards": [first, second], "show_municipality": True, "heading_level": 3},
        )

    assert together == one_by_one + "\n"


def test_a_known_budget_follows_the_reach_as_the_language_writes_it():
    investment = _investment(budget_eur=1250000)
    with translation.override("en"):
        english = _render(investment)

    assert "<dt>Bereik</dt><dd>150 &lt;inwoners&gt;</dd><dt>Budget</dt><dd>€&nbsp;1.250.000</dd>\n" in _render(
        investment
    )
    assert "<dt>Reach</dt><dd>150 &lt;inwoners&gt;</dd><dt>Budget</dt><dd>€&nbsp;1,250,000</dd>\n" in english
