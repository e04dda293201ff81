"""Figures and tables built from the whole published data set: overview, comparison, about page.

Each function runs a fixed number of queries, whatever the number of municipalities.
"""

import html
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core import derived
from indicators import selectors as indicator_selectors
from indicators.models import NETHERLANDS
from investments.models import Intervention, Investment, InvestmentStatus, Theme, with_investment_counts
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, Province
from pages.charts import as_text
from rounds.models import interventions_in_use


@derived.kept_for_visitors("key-figures")
def key_figures(municipality_count: int | None = None, user=None) -> dict:
    """The home page's counts of published content, the same for everyone (researchers previewing
    drafts get them fresh). `municipality_count` saves a query when the caller holds the published
    municipalities."""
    investment_counts = Investment.objects.published().aggregate(
        completed=Count("pk", filter=Q(status=InvestmentStatus.COMPLETED)),
        planned=Count("pk", filter=Q(status=InvestmentStatus.PLANNED)),
    )
    return {
        "municipalities": Municipality.objects.published().count()
        if municipality_count is None
        else municipality_count,
        "completed": investment_counts["completed"],
        "planned": investment_counts["planned"],
        # In use, not merely named: a plan or an exploration of an intervention does not count.
        "interventions": Intervention.objects.published()
        .filter(pk__in=interventions_in_use(Investment.objects.published()))
        .count(),
        "lessons": Lesson.objects.published().count(),
        "bottlenecks": Bottleneck.objects.published().count(),
        "tips": Tip.objects.published().count(),
        "quotes": Quote.objects.published().count(),
    }


@dataclass
class ThemeBar:
    theme: Theme
    completed: int
    planned: int
    # Widths on a 0–100 scale for the chart's bars; the numbers themselves are in the table next to it.
    completed_width: float
    planned_width: float

    @property
    def total(self) -> int:
        return self.completed + self.planned


@derived.kept_for_visitors("investments-per-theme")
def investments_per_theme(user=None) -> list[ThemeBar]:
    themes = list(with_investment_counts(Theme.objects.order_by("position")))
    largest = max((theme.completed_count + theme.planned_count for theme in themes), default=0) or 1
    bars = [
        ThemeBar(
            theme=theme,
            completed=theme.completed_count,
            planned=theme.planned_count,
            completed_width=round(100 * theme.completed_count / largest, 1),
            planned_width=round(100 * theme.planned_count / largest, 1),
        )
        for theme in themes
    ]
    return sorted(bars, key=lambda bar: (-bar.total, bar.theme.position))


@dataclass
class MappedMunicipality:
    """What the home page shows of a published municipality: plain data, precomputed per content version."""

    pk: int
    name: str
    slug: str
    cbs_code: str
    province: str
    completed_count: int
    planned_count: int


@derived.kept_for_visitors("home-municipalities")
def mapped_municipalities(theme=None, user=None) -> list[MappedMunicipality]:
    """The published municipalities by name with their public investments (in `theme`, if given), one query."""
    rows = (
        with_investment_counts(Municipality.objects.published(), theme=theme)
        .order_by("name")
        .values_list("pk", "name", "slug", "cbs_code", "province", "completed_count", "planned_count")
    )
    return [MappedMunicipality(*row) for row in rows]


def municipalities_by_province(municipalities=None, url=None) -> list[dict]:
    """Published municipalities by province; pass them in (ordered by name) to save the query.

    With `url` (slug -> address, see geo.municipality_url) each gets its `url` without a reverse() each.
    """
    if municipalities is None:
        municipalities = Municipality.objects.published().order_by("name")
    grouped = defaultdict(list)
    for municipality in municipalities:
        grouped[municipality.province].append(municipality)
    labels = dict(Province.choices)
    return [
        {
            "province": labels[province],
            "municipalities": members,
            # A list item with a link per municipality, escaped: 342 of them cost too much through the
            # template engine.
            "links": format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                ((url(m.slug) if url else m.get_absolute_url(), m.name) for m in members),
            ),
        }
        for province, members in sorted(grouped.items(), key=lambda item: labels[item[0]])
    ]


# A comparison shows at most this many municipalities: beyond it a matrix is a wall of numbers.
MAX_COLUMNS = 40
# Without a selection: every municipality up to this number, else those with the most investments.
DEFAULT_COLUMNS = 16
HEAT_LEVELS = 4
# Up to this many municipalities the choice is a checkbox each; beyond it, one grouped select.
CHECKBOX_CHOICE_MAX = 40


@dataclass
class ThemeCell:
    theme: Theme
    municipality: Municipality
    completed: int
    planned: int
    value: int = 0  # what the selection counts: completed, planned or both
    level: int = 0  # heat class 0..HEAT_LEVELS, always shown together with the number
    html: str = ""  # the table cell, set by _render_cells


@dataclass(slots=True)
class MunicipalityColumn:
    """A municipality as the comparison needs it: plain data, so that it can be kept per content version."""

    pk: int
    name: str
    slug: str
    province: str
    completed_count: int
    planned_count: int
    cbs_code: str = ""  # the key of its figures (indicators)
    url: str = ""  # reversed on first use: the page links each shown municipality three times

    def get_absolute_url(self) -> str:
        if not self.url:
            self.url = reverse("municipalities:detail", kwargs={"slug": self.slug})
        return self.url


def _comparison_options_data():
    municipalities = with_investment_counts(
        Municipality.objects.published().only("name", "slug", "province", "cbs_code")
    ).order_by("name")
    # Tuples, not objects: the cheapest to read back from the cache on every request.
    return {
        "municipalities": [
            (m.pk, m.name, m.slug, m.province, m.completed_count, m.planned_count, m.cbs_code) for m in municipalities
        ],
        "themes": list(Theme.objects.order_by("position")),
    }


def comparison_options():
    """Everything the selection form offers: computed once per content version (the same for every
    visitor, since only published municipalities are offered), so a request runs no query for it.

    Municipalities carry `completed_count`/`planned_count`, so the default selection needs no query.
    """
    options = derived.per_content_version("comparison-options:cbs", _comparison_options_data)
    municipalities = [MunicipalityColumn(*values) for values in options["municipalities"]]
    labels = dict(Province.choices)
    present = sorted({m.province for m in municipalities}, key=lambda value: labels[value])
    return {
        "municipalities": municipalities,
        "themes": options["themes"],
        "provinces": [(value, labels[value]) for value in present],
    }


def choose_municipalities(municipalities, slugs=(), province=""):
    """The columns of the comparison and whether the choice was cut at MAX_COLUMNS or defaulted."""
    if slugs:
        chosen = [m for m in municipalities if m.slug in set(slugs)]
    elif province:
        chosen = [m for m in municipalities if m.province == province]
    elif len(municipalities) <= DEFAULT_COLUMNS:
        return municipalities, {"default": False, "cut": False}
    else:
        busiest = sorted(municipalities, key=lambda m: -(m.completed_count + m.planned_count))[:DEFAULT_COLUMNS]
        return sorted(busiest, key=lambda m: m.name), {"default": True, "cut": False}
    return chosen[:MAX_COLUMNS], {"default": False, "cut": len(chosen) > MAX_COLUMNS}


def _heat(cells):
    largest = max((cell.value for cell in cells), default=0) or 1
    for cell in cells:
        cell.level = 0 if not cell.value else min(HEAT_LEVELS, -(-HEAT_LEVELS * cell.value // largest))


def _render_cells(cells, round_slug: str = "") -> None:
    """Each cell's <td>, built once in Python and shown in both tables (wide and phone).

    A template include per cell cost most of the page's time at national scale. Every value is
    escaped here (html.escape, as Django's escape does, without its lazy-string wrapper per call):
    names and slugs once per municipality and theme, the aria-label after its substitution.
    """
    list_url = html.escape(reverse("investments:investment_list"))
    round_part = f"&amp;ronde={html.escape(round_slug)}" if round_slug else ""
    empty = SafeString(
        '<td class="portal-cell--empty"><span aria-hidden="true">–</span>'
        f'<span class="portal-visually-hidden">{html.escape(_("geen"))}</span></td>'
    )
    theme_labels = {}
    patterns = {}  # the translated aria-label per count: ngettext picks the plural form once per number
    for cell in cells:
        if not cell.value:
            cell.html = empty
            continue
        theme = cell.theme
        if theme.pk not in theme_labels:
            theme_labels[theme.pk] = theme.label
        if cell.value not in patterns:
            patterns[cell.value] = ngettext(
                "%(counter)s investering — %(municipality)s, %(theme)s: %(completed)s gedaan, %(planned)s gepland",
                "%(counter)s investeringen — %(municipality)s, %(theme)s: %(completed)s gedaan, %(planned)s gepland",
                cell.value,
            )
        label = patterns[cell.value] % {
            "counter": cell.value,
            "municipality": cell.municipality.name,
            "theme": theme_labels[theme.pk],
            "completed": cell.completed,
            "planned": cell.planned,
        }
        cell.html = SafeString(
            f'<td class="portal-cell--filled"><a class="portal-heat portal-heat--{cell.level}" '
            f'href="{list_url}?gemeente={html.escape(cell.municipality.slug)}&amp;thema={html.escape(theme.slug)}'
            f'{round_part}" aria-label="{html.escape(label)}">{cell.value}</a></td>'
        )


def _joined(cells) -> SafeString:
    """A row's cells as one string: one template variable per row instead of a loop per cell."""
    return SafeString("".join(cell.html for cell in cells))


def _current_counts() -> dict:
    """Public investments per municipality, theme and current status, over every municipality.

    Kept per content version: any selection of the comparison then needs no query for its numbers.
    Per municipality one flat tuple (completed, planned for each theme in `theme_ids` order), the
    cheapest shape to read back from the cache.
    """
    theme_ids = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    position = {theme_id: index for index, theme_id in enumerate(theme_ids)}
    rows = (
        Investment.objects.published()
        .filter(themes__isnull=False)
        .values_list("municipality_id", "themes", "status")
        .annotate(number=Count("pk"))
        .order_by()
    )
    counts = {}
    for municipality_id, theme_id, status, number in rows:
        numbers = counts.setdefault(municipality_id, [0] * (2 * len(theme_ids)))
        if status == InvestmentStatus.COMPLETED:
            numbers[2 * position[theme_id]] = number
        elif status == InvestmentStatus.PLANNED:
            numbers[2 * position[theme_id] + 1] = number
    return {"theme_ids": theme_ids, "counts": {key: tuple(numbers) for key, numbers in counts.items()}}


def comparison_matrix(
    municipalities, themes, status: str | None = None, progress=None, *, round_slug: str = "", for_page: bool = True
) -> dict:
    """Themes × municipalities with row and column totals, and the lessons and bottlenecks named.

    `status` (an InvestmentStatus or None for both) decides what a cell counts. `progress` (the
    published progress of one research round) compares by that round's statuses instead (one query);
    the current statuses come from counts kept per content version (no query). Four queries for the
    findings, whatever the number of municipalities. A download (`for_page=False`) needs neither the
    findings nor the cells' HTML. `round_slug` travels along in the cells' links.
    """
    ids = [m.pk for m in municipalities]
    theme_ids = [theme.pk for theme in themes]
    pairs = {}  # (municipality id, theme id) -> [completed, planned]
    if progress is not None:
        # By round: the statuses that round recorded, instead of the current ones.
        rows = (
            progress.filter(investment__themes__isnull=False, investment__municipality_id__in=ids)
            .values_list("investment__municipality_id", "investment__themes", "status")
            .annotate(number=Count("pk"))
            .order_by()
        )
        sides = {InvestmentStatus.COMPLETED: 0, InvestmentStatus.PLANNED: 1}
        for municipality_id, theme_id, row_status, number in rows:
            if (side := sides.get(row_status)) is not None:
                pairs.setdefault((municipality_id, theme_id), [0, 0])[side] = number
    else:
        current = derived.per_content_version("comparison-counts", _current_counts)
        position = {theme_id: index for index, theme_id in enumerate(current["theme_ids"])}
        for municipality_id in ids:
            if (numbers := current["counts"].get(municipality_id)) is None:
                continue
            for theme_id in theme_ids:
                if (index := position.get(theme_id)) is not None:
                    pairs[municipality_id, theme_id] = numbers[2 * index : 2 * index + 2]

    counted = {InvestmentStatus.COMPLETED: 0, InvestmentStatus.PLANNED: 1}.get(status)

    def cell(theme, theme_id, municipality):
        completed, planned = pairs.get((municipality.pk, theme_id), (0, 0))
        value = completed + planned if counted is None else (completed, planned)[counted]
        return ThemeCell(theme, municipality, completed, planned, value)

    grid = [
        [cell(theme, theme_id, municipality) for municipality in municipalities]
        for theme, theme_id in zip(themes, theme_ids, strict=True)
    ]
    cells = [c for row in grid for c in row]
    _heat(cells)
    if for_page:
        _render_cells(cells, round_slug)
    theme_rows = [
        {
            "theme": theme,
            "cells": row,
            "total": sum(c.value for c in row),
            "cells_html": _joined(row) if for_page else "",
        }
        for theme, row in zip(themes, grid, strict=True)
    ]
    column_totals = [sum(row[index].value for row in grid) for index in range(len(municipalities))]
    municipality_rows = [
        {"municipality": municipality, "cells": [row[index] for row in grid], "total": column_totals[index]}
        for index, municipality in enumerate(municipalities)
    ]
    if for_page:
        for row in municipality_rows:
            row["cells_html"] = _joined(row["cells"])

    return {
        "municipalities": municipalities,
        "themes": themes,
        "theme_rows": theme_rows,
        "municipality_rows": municipality_rows,
        "column_totals": column_totals,
        "grand_total": sum(column_totals),
        **(_findings(municipalities) if for_page else {}),
    }


def _finding_links_data() -> dict:
    """The published lessons and bottlenecks (kind, id, title, slug), in their order, and per
    municipality id the (kind, id) of each that names it: three queries over every link.

    Kept per content version: at national scale a lesson names hundreds of municipalities, and
    reading the links of the shown ones on every request cost more than the rest of the matrix.
    """
    findings, named = [], defaultdict(set)
    for model, key in ((Lesson, "lesson_id"), (Bottleneck, "bottleneck_id")):
        kind = model._meta.model_name
        findings += [(kind, *row) for row in model.objects.published().values_list("pk", "title", "slug")]
        for finding_id, municipality_id in model.municipalities.through.objects.values_list(key, "municipality_id"):
            named[municipality_id].add((kind, finding_id))
    return {"findings": findings, "named": dict(named)}


def finding_links() -> dict:
    """`_finding_links_data()` for the current content version: the comparison and the municipality
    pages read which lessons and bottlenecks name a municipality from it, without a query."""
    return derived.per_content_version("finding-links", _finding_links_data, in_process=True)


def comparison_findings(municipalities) -> dict:
    """The lessons and bottlenecks that name `municipalities` (a part of the matrix): no query."""
    return _findings(municipalities)


def _findings(municipalities) -> dict:
    """Which lessons and bottlenecks name which of the shown municipalities; no query once the
    links are kept for this content version. The shown municipalities are published already, so
    their links need no publication check."""
    links = finding_links()
    models = {"lesson": Lesson, "bottleneck": Bottleneck}
    # Title and slug are all the table shows of a finding (a link).
    findings = [models[kind](pk=pk, title=title, slug=slug) for kind, pk, title, slug in links["findings"]]
    named = [links["named"].get(m.pk, set()) for m in municipalities]

    # Each row's cells joined in Python, as for the heat map: a template loop per cell was slow.
    yes = f'<td class="portal-cell--filled">{html.escape(_("ja"))}</td>'
    no = (
        '<td class="portal-cell--empty"><span aria-hidden="true">–</span>'
        f'<span class="portal-visually-hidden">{html.escape(_("nee"))}</span></td>'
    )
    rows = []
    for finding in findings:
        key = (finding._meta.model_name, finding.pk)
        cells = [key in names for names in named]
        rows.append(
            {"finding": finding, "cells": cells, "cells_html": SafeString("".join(yes if c else no for c in cells))}
        )
    return {"findings": findings, "finding_rows": rows}


def comparison_table(matrix, figures=None) -> tuple[list[str], list[list]]:
    """The shown matrix as a header and rows of plain values, for CSV and XLSX.

    With `figures` (comparison_figures), a row per indicator column below the totals, and a last
    column for Nederland, the reference: the columns a download always had keep their place.
    """
    header = [str(_("Thema")), *(m.name for m in matrix["municipalities"]), str(_("Totaal"))]
    rows = [[row["theme"].label, *(c.value for c in row["cells"]), row["total"]] for row in matrix["theme_rows"]]
    rows.append([str(_("Totaal")), *matrix["column_totals"], matrix["grand_total"]])
    if figures:
        header.append(str(_("Nederland")))
        for row in rows:
            row.append("")
        values = figures["values"]

        def plain(index, code):
            value = values.get((index, code))
            return "" if value is None else float(value)  # a number in the spreadsheet, empty: no figure

        for index, column in enumerate(figures["columns"]):
            rows.append(
                [
                    column_label(column),
                    *(plain(index, m.cbs_code) for m in matrix["municipalities"]),
                    "",
                    plain(index, NETHERLANDS),
                ]
            )
    return header, rows


# Units stored in Dutch (indicators.definitions) as the English page names them; "%" needs none.
UNIT_LABELS = {"inwoners": gettext_lazy("inwoners")}


def column_label(column) -> str:
    """An indicator column's name with its age group, year and unit: "Eenzaam, 18 jaar en ouder, 2020 (%)"."""
    unit = column.indicator.unit
    parts = {"indicator": column.indicator.label, "year": column.year, "unit": UNIT_LABELS.get(unit, unit)}
    if column.age_group:
        return _("%(indicator)s, %(age)s, %(year)s (%(unit)s)") % {**parts, "age": column.age_label}
    return _("%(indicator)s, %(year)s (%(unit)s)") % parts


def comparison_figures(municipalities, columns) -> dict:
    """The indicator columns of the compared municipalities, Nederland as the reference row, and the
    sources to name: one query (indicators.selectors.comparison_values). Empty without columns."""
    if not columns:
        return {}
    values = indicator_selectors.comparison_values(columns, [m.cbs_code for m in municipalities])
    none = _("geen cijfer")  # a municipality merged after 2020 has no figure, not a guessed one

    def cells(code):
        return [as_text(values.get((index, code)), c.indicator) or none for index, c in enumerate(columns)]

    # One indicator per source line: indicators of one table share their source, licence and method.
    sources = {}
    for column in columns:
        indicator = column.indicator
        sources.setdefault((indicator.source, indicator.licence, indicator.method_note), indicator)
    return {
        "columns": columns,
        "labels": [column_label(column) for column in columns],
        "rows": [{"municipality": m, "cells": cells(m.cbs_code)} for m in municipalities],
        "national": cells(NETHERLANDS),
        "sources": list(sources.values()),
        "values": values,
    }


# What a narrow table of one theme or one municipality counts, by the comparison's status choice:
# completed and planned side by side (no third column for their sum, so that it fits 360 px).
_SINGLE_COLUMNS = {
    None: ("completed", "planned"),
    InvestmentStatus.COMPLETED: ("completed",),
    InvestmentStatus.PLANNED: ("planned",),
}
SINGLE_VIEWS = ("thema", "gemeente")


def single_view(matrix, kind: str, slug: str, status: str | None = None, round_slug: str = "") -> dict:
    """One theme (a row per municipality) or one municipality (a row per theme) of the matrix, as a
    narrow table that fits a phone; `slug` names which, and an unknown one shows the first (`found`
    False, so the page can say so). Empty for an unknown `kind` or an empty matrix."""
    if kind == "thema":
        lines, key = matrix["theme_rows"], (lambda line: line["theme"].slug)
    elif kind == "gemeente":
        lines, key = matrix["municipality_rows"], (lambda line: line["municipality"].slug)
    else:
        return {}
    if not lines or not matrix["municipalities"]:
        return {}
    chosen = next((line for line in lines if key(line) == slug), None)
    found = chosen is not None
    chosen = chosen or lines[0]
    fields = _SINGLE_COLUMNS.get(status, _SINGLE_COLUMNS[None])
    labels = {"completed": _("Gedaan"), "planned": _("Gepland")}
    list_url = reverse("investments:investment_list")
    rows = []
    for cell in chosen["cells"]:
        if kind == "thema":
            label, url = cell.municipality.name, cell.municipality.get_absolute_url()
        else:
            query = {"gemeente": cell.municipality.slug, "thema": cell.theme.slug}
            url = f"{list_url}?{urlencode({**query, **({'ronde': round_slug} if round_slug else {})})}"
            label = cell.theme.label
        rows.append({"label": label, "url": url, "numbers": [getattr(cell, name) for name in fields]})
    return {
        "kind": kind,
        "subject": chosen["theme"].label if kind == "thema" else chosen["municipality"].name,
        "slug": key(chosen),
        "found": found or not slug,
        "headers": [labels[name] for name in fields],
        "rows": rows,
        "totals": [sum(row["numbers"][index] for row in rows) for index in range(len(fields))],
    }


def municipality_select_html(groups) -> SafeString:
    """The municipality choice at national scale: one <select multiple> grouped by province.

    A checkbox per municipality (342 of them) made a fifth of the page and most of its rendering
    time; a select offers the same choice in a tenth of the bytes. Built in Python, every name
    escaped, since a template loop over every municipality is what made the page slow.
    """
    parts = ['<select class="utrecht-select utrecht-select--html-select portal-compare-choice__select" ']
    parts.append('name="gemeente" id="id_gemeente" multiple size="12" aria-describedby="id_gemeente_hint">')
    for group in groups:
        parts.append(f'<optgroup label="{html.escape(str(group["label"]))}">')
        parts.extend(
            f'<option value="{html.escape(m.slug)}"{" selected" if checked else ""}>{html.escape(m.name)}</option>'
            for m, checked in group["municipalities"]
        )
        parts.append("</optgroup>")
    parts.append("</select>")
    return SafeString("".join(parts))
