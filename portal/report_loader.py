"""Load the 2019 Movisie report from `fixtures/report/` into the database.

The load is one transaction and matches every record on its natural key. A record is only saved
when one of its values differs from the file, so a second run writes nothing at all: no
`updated_at` bump, no history entry. Records that researchers added themselves are left alone.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from investments.models import Intervention, Investment, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Interview, Municipality, MunicipalityLink
from portal.models import PublicationStatus, ReportSection

REPORT_DIR = Path(settings.BASE_DIR) / "fixtures" / "report"
# The report is public content, so it arrives published. After that, publishing is a researcher's
# decision: a reload restores the report's words but never republishes what was taken offline.
PUBLISH = {"publication_status": PublicationStatus.PUBLISHED}


class ReportDataError(Exception):
    """The report files are inconsistent; nothing has been written."""


@dataclass
class LoadSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _read(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise ReportDataError(f"{path.name}: {error}") from error


class _Writer:
    def __init__(self):
        self.summary = LoadSummary()
        self.where = ""

    def upsert(self, model, lookup: dict, values: dict, on_create: dict | None = None):
        """Create or update; `on_create` values only apply to a new record."""
        label = model._meta.verbose_name_plural
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(on_create or {}))
            self._validate(obj)
            obj.save()
            self.summary.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            self._validate(obj)
            obj.save(update_fields=[*changed, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
            self.summary.updated[label] += 1
        else:
            self.summary.unchanged[label] += 1
        return obj

    def _validate(self, obj):
        # Field validation (choices, CBS code format, lengths) with a message naming the record;
        # uniqueness and constraints are left to the database, inside the same transaction.
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ReportDataError(f"{self.where}: {error.message_dict}") from error

    def set_related(self, manager, objects):
        # RelatedManager.set() only inserts and deletes the difference.
        manager.set(objects)


def _lookup_many(index: dict, slugs: list[str], kind: str, where: str):
    missing = [slug for slug in slugs if slug not in index]
    if missing:
        raise ReportDataError(f"{where}: unknown {kind} {', '.join(missing)}")
    return [index[slug] for slug in slugs]


@transaction.atomic
def load_report(directory: Path = REPORT_DIR) -> LoadSummary:
    writer = _Writer()
    try:
        _load(directory, writer)
    except (KeyError, TypeError) as error:
        raise ReportDataError(f"{writer.where}: missing or malformed field {error}") from error
    return writer.summary


def _load(directory: Path, writer: "_Writer") -> None:

    themes = {}
    writer.where = "themes.json"
    for position, item in enumerate(_read(directory / "themes.json"), start=1):
        themes[item["slug"]] = writer.upsert(
            Theme,
            {"slug": item["slug"]},
            {"name": item["name"], "description": item.get("description", ""), "position": position},
        )

    target_groups = {}
    writer.where = "target_groups.json"
    for position, item in enumerate(_read(directory / "target_groups.json"), start=1):
        target_groups[item["slug"]] = writer.upsert(
            TargetGroup, {"slug": item["slug"]}, {"name": item["name"], "position": position}
        )

    interventions = {}
    writer.where = "interventions.json"
    for item in _read(directory / "interventions.json"):
        interventions[item["slug"]] = writer.upsert(
            Intervention,
            {"slug": item["slug"]},
            {
                "name": item["name"],
                "description": item.get("description", ""),
                "website": item.get("website", ""),
            },
            on_create=PUBLISH,
        )

    municipalities = {}
    partners = {}
    for path in sorted((directory / "municipalities").glob("*.json")):
        item = _read(path)
        writer.where = path.name
        municipality = writer.upsert(
            Municipality,
            {"cbs_code": item["cbs_code"]},
            {
                "name": item["name"],
                "slug": item["slug"],
                "province": item["province"],
                "report_section": item.get("report_section", ""),
                "context": item.get("context", ""),
                "approach_name": item.get("approach_name", ""),
                "programme": item.get("programme", ""),
                "website": item.get("website", ""),
            },
            on_create=PUBLISH,
        )
        municipalities[municipality.cbs_code] = municipality

        for position, link in enumerate(item.get("links", []), start=1):
            writer.upsert(
                MunicipalityLink,
                {"municipality": municipality, "url": link["url"]},
                {"title": link["title"], "position": position},
            )

        interview = item.get("interview")
        if interview:
            writer.upsert(
                Interview,
                {"municipality": municipality, "period": interview["period"]},
                {"mode": interview["mode"], "interviewee_role": interview.get("interviewee_role", "")},
            )

        for position, entry in enumerate(item["investments"], start=1):
            where = writer.where = f"{path.name}, {entry['slug']}"
            investment = writer.upsert(
                Investment,
                {"municipality": municipality, "slug": entry["slug"]},
                {
                    "status": entry["status"],
                    "title": entry["title"],
                    "text": entry["text"],
                    "reach": entry.get("reach", ""),
                    "position": position,
                },
                on_create=PUBLISH,
            )
            writer.set_related(investment.themes, _lookup_many(themes, entry.get("themes", []), "theme", where))
            writer.set_related(
                investment.target_groups,
                _lookup_many(target_groups, entry.get("target_groups", []), "target group", where),
            )
            writer.set_related(
                investment.interventions,
                _lookup_many(interventions, entry.get("interventions", []), "intervention", where),
            )
            investment_partners = []
            for name in entry.get("partners", []):
                if name not in partners:
                    partners[name] = writer.upsert(Partner, {"name": name}, {"slug": slugify(name)})
                investment_partners.append(partners[name])
            writer.set_related(investment.partners, investment_partners)

    for model, filename in ((Lesson, "lessons.json"), (Bottleneck, "bottlenecks.json")):
        for position, item in enumerate(_read(directory / filename), start=1):
            where = writer.where = f"{filename}, {item['slug']}"
            finding = writer.upsert(
                model,
                {"slug": item["slug"]},
                {"title": item["title"], "text": item["text"], "position": position},
                on_create=PUBLISH,
            )
            writer.set_related(
                finding.municipalities,
                _lookup_many(municipalities, item.get("municipalities", []), "municipality", where),
            )
            finding_field = "lesson" if model is Lesson else "bottleneck"
            for number, quote in enumerate(item.get("quotes", []), start=1):
                municipality = None
                if quote.get("municipality"):
                    municipality = _lookup_many(municipalities, [quote["municipality"]], "municipality", where)[0]
                writer.upsert(
                    Quote,
                    {"slug": f"{item['slug']}-citaat-{number}"},
                    {
                        "text": quote["text"],
                        "municipality": municipality,
                        "speaker_role": quote.get("speaker_role", ""),
                        finding_field: finding,
                        "position": number,
                    },
                    on_create=PUBLISH,
                )
            for number, tip in enumerate(item.get("tips", []), start=1):
                writer.upsert(
                    Tip,
                    {"slug": f"{item['slug']}-tip-{number}"},
                    {
                        "bottleneck": finding,
                        "municipality": _lookup_many(municipalities, [tip["municipality"]], "municipality", where)[0],
                        "text": tip["text"],
                        "position": number,
                    },
                    on_create=PUBLISH,
                )

    writer.where = "sections.json"
    for position, item in enumerate(_read(directory / "sections.json"), start=1):
        writer.upsert(
            ReportSection,
            {"slug": item["slug"]},
            {"number": item.get("number", ""), "title": item["title"], "text": item["text"], "position": position},
        )
