"""The investment card, worked out and written in Python once per card.

A page shows twenty to fifty cards. Rendered from the model, each card reversed a URL per
municipality, intervention and round, built a relation manager per relation, translated its labels
and included the timeline template: at national scale that was most of the page's time. Even from
plain values, the card template's loop (some thirty variable lookups per card) took half of an
intervention's page. So `InvestmentCard` holds plain values, `CardLinks` works out what the cards of
one page share (a term's link, a status's label) once for the page, and `card_html` writes the
markup the card template wrote, escaped the same way: a phrase as {% translate %} does, the values
inside a sentence as {% blocktranslate %} does.
"""

import html

from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from core.templatetags.portal_tags import municipality_links, report_text


def related_rows(investment, name):
    """The card's prefetched rows of a relation, read without a relation manager per card and relation."""
    prefetched = getattr(investment, "_prefetched_objects_cache", {})
    return prefetched[name] if name in prefetched else getattr(investment, name).all()


# The views of `Municipality.get_absolute_url()` and `Intervention.get_absolute_url()`.
MUNICIPALITY_VIEW = "municipalities:detail"
INTERVENTION_VIEW = "investments:intervention_detail"
# Stands in for a slug in a URL pattern; a valid slug, and never part of the portal's own paths.
_SLUG = "0-slug-0"


class CardLinks:
    """What the cards of one page share, each worked out once: URLs, links to terms, labels."""

    def __init__(self):
        self.list_url = reverse("investments:investment_list")
        self._memo = {}
        # The card's headings of its facts, in the current language; safe as `{% translate %}` takes them.
        labels = {
            "themes": gettext("Thema's"),
            "target_groups": gettext("Doelgroepen"),
            "interventions": gettext("Interventies"),
            "partners": gettext("Partners"),
            "reach": gettext("Bereik"),
        }
        self.labels = {name: mark_safe(label) for name, label in labels.items()}  # noqa: S308 - our own strings
        # What every card with a draft badge or a history writes, as {% translate %} writes it.
        self.draft_badge = format_html(
            '<strong class="portal-draft-badge">{}</strong>', conditional_escape(gettext("Concept, niet openbaar"))
        )
        self.history_label = conditional_escape(gettext("Verloop:"))

    def _once(self, key, build):
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def url_of(self, obj) -> str:
        return self._once((type(obj), obj.pk), obj.get_absolute_url)

    def slug_url(self, viewname, slug) -> str:
        """What `reverse(viewname, kwargs={"slug": slug})` gives, reversed once per page and view: a
        page names fifty municipalities, and a slug (letters, digits, hyphens) only takes its place."""
        pattern = self._once(("url", viewname), lambda: reverse(viewname, kwargs={"slug": _SLUG}))
        return pattern.replace(_SLUG, slug)

    def status_label(self, obj) -> str:
        return self._once(("status", type(obj), obj.status), obj.get_status_display)

    def filter_link(self, parameter, term):
        """A link to the list filtered by `term`, as `?thema=` or `?doelgroep=`."""
        return self._once(
            (parameter, term.pk),
            lambda: format_html('<a href="{}?{}={}">{}</a>', self.list_url, parameter, term.slug, term.label),
        )

    def intervention_link(self, intervention):
        return self._once(
            ("intervention", intervention.pk),
            lambda: format_html(
                '<a href="{}">{}</a>', self.slug_url(INTERVENTION_VIEW, intervention.slug), intervention.name
            ),
        )


def _joined(links):
    # Every part is escaped HTML already (format_html): joined with a comma, as the card always wrote them.
    return mark_safe(", ".join(links))  # noqa: S308


class TimelineStep:
    def __init__(self, progress, links):
        round_ = progress.interview.round
        self.status = links.status_label(progress)
        self.round_url = links.url_of(round_)
        self.round_slug = round_.slug


class InvestmentCard:
    """Everything one card shows; `investment` has its relations prefetched or attached."""

    def __init__(self, investment, links, show_municipality=True, heading_level=3):
        self.anchor = investment.anchor
        self.heading_tag = f"h{heading_level}"
        self.title = investment.title
        self.is_published = investment.is_published
        self.status = investment.status
        self.status_label = capfirst(links.status_label(investment))
        self.show_municipality = show_municipality
        if show_municipality:
            self.municipality_url = links.slug_url(MUNICIPALITY_VIEW, investment.municipality.slug)
            self.municipality_name = investment.municipality.name
        self.text = investment.text
        self.facts = self._facts(investment, links)
        self._set_timeline(investment, links)

    @staticmethod
    def _facts(investment, links):
        """(heading, value) for the card's list of facts, in the card's order; empty ones left out."""
        values = {
            "themes": _joined(links.filter_link("thema", term) for term in related_rows(investment, "themes")),
            "target_groups": _joined(
                links.filter_link("doelgroep", term) for term in related_rows(investment, "target_groups")
            ),
            "interventions": _joined(
                links.intervention_link(term) for term in related_rows(investment, "interventions")
            ),
            "partners": ", ".join(str(partner) for partner in related_rows(investment, "partners")),
            "reach": investment.reach,
        }
        return [(links.labels[name], value) for name, value in values.items() if value]

    def _set_timeline(self, investment, links):
        # A card shows its history when there is more than the report's status to tell.
        timeline = getattr(investment, "timeline", ())
        origin = timeline[0].interview.round if timeline else None
        self.show_timeline = len(timeline) > 1 or bool(origin and not origin.is_report)
        self.timeline = [TimelineStep(step, links) for step in timeline] if self.show_timeline else []
        # Added after the report: the round that first names it, and when it was entered.
        self.added_in = origin.name if self.show_timeline and not origin.is_report else ""
        self.added_on = format_date(investment.created_at, "j F Y") if self.added_in else ""


# The card's markup, as the card template wrote it; `{badge}`, `{history}` and `{facts}` are written
# below (empty when the card has none).
_CARD = (
    '<article class="portal-investment" id="{anchor}" aria-labelledby="{anchor}-title">\n'
    '  <{heading} id="{anchor}-title" lang="nl">{title}</{heading}>\n'
    "  {badge}\n"
    '  <p class="portal-status-line"><span class="portal-status portal-status--{status}">{status_label}</span>'
    "{municipality}</p>\n"
    "  {history}\n"
    '  <div class="portal-text" lang="nl">{text}</div>\n'
    '  <dl class="portal-meta">\n'
    "    {facts}\n"
    "  </dl>\n"
    "</article>"
)


def _history(card, links) -> SafeString:
    if not card.show_timeline:
        return ""
    steps = format_html_join(
        "", '<li>{} <a href="{}">{}</a></li>', ((s.status, s.round_url, s.round_slug) for s in card.timeline)
    )
    added = ""
    if card.added_in:
        sentence = gettext("Na het rapport toegevoegd: %(round)s, ingevoerd op %(date)s") % {
            "round": conditional_escape(card.added_in),
            "date": conditional_escape(card.added_on),
        }
        added = format_html(' · <span class="portal-provenance">{}</span>', mark_safe(sentence))  # noqa: S308 - values escaped
    return format_html(
        '<div class="portal-history">{} <ol class="portal-timeline">{}</ol>{}</div>', links.history_label, steps, added
    )


def _escaped(value) -> str:
    """What `conditional_escape` gives, without its lazy-string wrapper: a card has some twenty values."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def card_html(card, links) -> SafeString:
    """One card's HTML, as the card template wrote it."""
    municipality = (
        f' · <a href="{_escaped(card.municipality_url)}">{_escaped(card.municipality_name)}</a>'
        if card.show_municipality
        else ""
    )
    facts = "".join(f"<dt>{_escaped(heading)}</dt><dd>{_escaped(value)}</dd>" for heading, value in card.facts)
    markup = _CARD.format(
        anchor=_escaped(card.anchor),
        heading=_escaped(card.heading_tag),
        title=_escaped(card.title),
        badge="" if card.is_published else links.draft_badge,
        status=_escaped(card.status),
        status_label=_escaped(card.status_label),
        municipality=municipality,
        history=_history(card, links),
        text=report_text(card.text),
        facts=facts,
    )
    return mark_safe(markup)  # noqa: S308 - every value escaped


def cards_html(investments, links, show_municipality=True, heading_level=3) -> SafeString:
    """The cards of `investments` one after another, as the card template's loop wrote them."""
    cards = (InvestmentCard(investment, links, show_municipality, heading_level) for investment in investments)
    return mark_safe("".join(card_html(card, links) for card in cards) + "\n")  # noqa: S308 - each card escaped


def _counted(singular, plural, count) -> str:
    """What {% blocktranslate count counter=count %} writes: the number as the page localizes it."""
    return ngettext(singular, plural, count) % {"counter": _escaped(localize(count))}


def intervention_cards_html(interventions, sample_size) -> SafeString:
    """The list of interventions' cards, as the list's template loop wrote them.

    Each has `investment_count`, `municipality_count` and `municipality_sample` (links) set by the
    view. Written here rather than through the template: three counted phrases and two links per
    card, for every intervention, were most of that page's time.
    """
    editorial = format_html(
        '<p class="portal-muted">{}</p>', gettext("Redactionele omschrijving, samengevat uit het rapport.")
    )
    municipalities = _escaped(gettext("Gemeenten:"))
    unused = format_html(
        '<p class="portal-muted">{}</p>', gettext("Genoemd in het rapport, niet als investering van een gemeente.")
    )
    cards = []
    for intervention in interventions:
        url = _escaped(intervention.get_absolute_url())
        description = ""
        if intervention.description:
            description = f'<p lang="nl">{_escaped(intervention.description)}</p>'
            if intervention.description_is_editorial:
                description += editorial
        count = intervention.municipality_count
        if intervention.municipality_sample:
            everyone = ""
            if count > sample_size:
                all_of_them = _counted("Alle %(counter)s gemeenten", "Alle %(counter)s gemeenten", count)
                everyone = f' · <a href="{url}">{all_of_them}</a>'
            uses = (
                f"<p>{municipalities} {municipality_links(intervention.municipality_sample)}{everyone}</p>\n"
                '    <p class="portal-muted">'
                f"{_counted('%(counter)s investering', '%(counter)s investeringen', intervention.investment_count)}, "
                f"{_counted('%(counter)s gemeente', '%(counter)s gemeenten', count)}</p>"
            )
        else:
            uses = unused
        cards.append(
            '\n  <li class="portal-card">\n'
            f'    <h2><a href="{url}">{_escaped(intervention.name)}</a></h2>\n'
            f"    {description}\n"
            f"    {uses}\n"
            "  </li>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value escaped
