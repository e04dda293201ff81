"""Load the 2019 Movisie report from `fixtures/report/` into the database.

The load is one transaction and matches every record on its natural key. A record is only saved
when one of its values differs from the file, so a second run writes nothing at all: no
`updated_at` bump, no history entry. Records that researchers added themselves are left alone.
"""

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from core import search
from core.models import PublicationStatus, SearchDocument
from investments.models import Intervention, Investment, Partner, TargetGroup, Theme
from lessons.models import Bottleneck, Lesson, Quote, Tip
from municipalities.models import Municipality, MunicipalityLink
from report.models import ReportSection
from rounds.models import InterventionStageNote, Interview, Progress, Question, Round, Topic

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


class _ReportLoader:
    """Writes the report's files in order; keeps the records it loaded to resolve references."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.summary = LoadSummary()
        self.where = ""  # the file and record being loaded, for error messages
        self.themes, self.target_groups, self.interventions, self.municipalities, self.partners = {}, {}, {}, {}, {}

    def load(self) -> LoadSummary:
        self.load_vocabularies()
        self.load_round()
        for path in sorted((self.directory / "municipalities").glob("*.json")):
            self.load_municipality(path)
        self.load_findings(Lesson, "lessons.json")
        self.load_findings(Bottleneck, "bottlenecks.json")
        self.load_sections()
        self.load_questionnaire()
        return self.summary

    def upsert(self, model, lookup: dict, values: dict, on_create: dict | None = None):
        """Create or update; `on_create` values only apply to a new record."""
        label = model._meta.verbose_name_plural
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values, **(on_create or {}))
            self.validate(obj)
            obj.save()
            self.summary.created[label] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            self.validate(obj)
            obj.save(update_fields=[*changed, *(["updated_at"] if hasattr(obj, "updated_at") else [])])
            self.summary.updated[label] += 1
        else:
            self.summary.unchanged[label] += 1
        return obj

    def validate(self, obj):
        # Field validation (choices, CBS code format, lengths) with a message naming the record;
        # uniqueness and constraints are left to the database, inside the same transaction.
        try:
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ReportDataError(f"{self.where}: {error.message_dict}") from error

    def resolve(self, index: dict, keys: list[str], kind: str) -> list:
        missing = [key for key in keys if key not in index]
        if missing:
            raise ReportDataError(f"{self.where}: unknown {kind} {', '.join(missing)}")
        return [index[key] for key in keys]

    def load_vocabularies(self):
        self.where = "themes.json"
        for position, item in enumerate(_read(self.directory / "themes.json"), start=1):
            self.themes[item["slug"]] = self.upsert(
                Theme,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "name_en": item.get("name_en", ""),
                    "description": item.get("description", ""),
                    "position": position,
                },
            )
        self.where = "target_groups.json"
        for position, item in enumerate(_read(self.directory / "target_groups.json"), start=1):
            self.target_groups[item["slug"]] = self.upsert(
                TargetGroup,
                {"slug": item["slug"]},
                {"name": item["name"], "name_en": item.get("name_en", ""), "position": position},
            )
        self.where = "interventions.json"
        for item in _read(self.directory / "interventions.json"):
            self.interventions[item["slug"]] = self.upsert(
                Intervention,
                {"slug": item["slug"]},
                {
                    "name": item["name"],
                    "description": item.get("description", ""),
                    "description_is_editorial": item.get("description_is_editorial", False),
                    "website": item.get("website", ""),
                },
                on_create=PUBLISH,
            )

    def load_municipality(self, path: Path):
        item = _read(path)
        self.where = path.name
        municipality = self.upsert(
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
        self.municipalities[municipality.cbs_code] = municipality

        for position, link in enumerate(item.get("links", []), start=1):
            self.upsert(
                MunicipalityLink,
                {"municipality": municipality, "url": link["url"]},
                {"title": link["title"], "position": position},
            )
        interview = None
        if data := item.get("interview"):
            interview = self.upsert(
                Interview,
                {"municipality": municipality, "round": self.round},
                {
                    "period": data["period"],
                    "mode": data["mode"],
                    "interviewee_role": data.get("interviewee_role", ""),
                },
                on_create=PUBLISH,
            )
        for position, entry in enumerate(item["investments"], start=1):
            self.where = f"{path.name}, {entry['slug']}"
            self.load_investment(municipality, position, entry, interview)

    def load_investment(self, municipality, position: int, entry: dict, interview=None):
        # The report's status is the investment's status in the 2019 round; its current status
        # follows from the rounds (rounds/services.py), so a reload never overwrites a later one.
        status = {"status": entry["status"]}
        investment = self.upsert(
            Investment,
            {"municipality": municipality, "slug": entry["slug"]},
            {
                **({} if interview else status),
                "title": entry["title"],
                "text": entry["text"],
                "reach": entry.get("reach", ""),
                "position": position,
            },
            on_create={**PUBLISH, **status},
        )
        if interview is not None:
            self.upsert(Progress, {"interview": interview, "investment": investment}, status, on_create=PUBLISH)
        # RelatedManager.set() writes only the difference, so an unchanged set writes nothing.
        investment.themes.set(self.resolve(self.themes, entry.get("themes", []), "theme"))
        investment.target_groups.set(self.resolve(self.target_groups, entry.get("target_groups", []), "target group"))
        interventions = self.resolve(self.interventions, entry.get("interventions", []), "intervention")
        investment.interventions.set(interventions)
        self.load_stage_notes(investment, entry.get("intervention_stages", []), interventions)
        for name in entry.get("partners", []):
            if name not in self.partners:
                self.partners[name] = self.upsert(Partner, {"name": name}, {"slug": slugify(name)})
        investment.partners.set([self.partners[name] for name in entry.get("partners", [])])

    def load_stage_notes(self, investment, notes: list[dict], interventions: list):
        """Where the text decides an intervention's stage (rounds.models.intervention_stage), with its evidence."""
        named = {intervention.slug: intervention for intervention in interventions}
        for note in notes:
            if note["intervention"] not in named:
                raise ReportDataError(
                    f"{self.where}: stage of {note['intervention']}, which the investment does not name"
                )
            self.upsert(
                InterventionStageNote,
                {"investment": investment, "intervention": named[note["intervention"]]},
                {"stage": note["stage"], "evidence": note["evidence"]},
            )
        # A note for a link the investment no longer has would contradict nothing and mislead later.
        investment.intervention_stage_notes.exclude(intervention__in=interventions).delete()

    def load_findings(self, model, filename: str):
        finding_field = "lesson" if model is Lesson else "bottleneck"
        findings = {}
        for position, item in enumerate(_read(self.directory / filename), start=1):
            self.where = f"{filename}, {item['slug']}"
            # "(zoals hierboven beschreven)": a reference points back to a finding loaded before it.
            target = item.get("refers_to")
            refers_to = self.resolve(findings, [target], "earlier finding")[0] if target else None
            finding = self.upsert(
                model,
                {"slug": item["slug"]},
                {"title": item["title"], "text": item["text"], "position": position, "refers_to": refers_to},
                on_create=PUBLISH,
            )
            findings[item["slug"]] = finding
            finding.municipalities.set(
                self.resolve(self.municipalities, item.get("municipalities", []), "municipality")
            )
            for number, quote in enumerate(item.get("quotes", []), start=1):
                speaker = quote.get("municipality")
                self.upsert(
                    Quote,
                    {"slug": f"{item['slug']}-citaat-{number}"},
                    {
                        "text": quote["text"],
                        "municipality": self.resolve(self.municipalities, [speaker], "municipality")[0]
                        if speaker
                        else None,
                        "speaker_role": quote.get("speaker_role", ""),
                        finding_field: finding,
                        "position": number,
                        "paragraph": quote.get("paragraph"),
                        "in_text": quote.get("in_text", False),
                    },
                    on_create=PUBLISH,
                )
            for number, tip in enumerate(item.get("tips", []), start=1):
                self.upsert(
                    Tip,
                    {"slug": f"{item['slug']}-tip-{number}"},
                    {
                        "bottleneck": finding,
                        "municipality": self.resolve(self.municipalities, [tip["municipality"]], "municipality")[0],
                        "text": tip["text"],
                        "position": number,
                    },
                    on_create=PUBLISH,
                )

    def load_sections(self):
        self.where = "sections.json"
        for position, item in enumerate(_read(self.directory / "sections.json"), start=1):
            self.upsert(
                ReportSection,
                {"slug": item["slug"]},
                {"number": item.get("number", ""), "title": item["title"], "text": item["text"], "position": position},
            )

    def load_round(self):
        """The report's research round; its method is chapter 2 (the section named in the file)."""
        self.where = "round.json"
        self.round_data = data = _read(self.directory / "round.json")
        sections = {section["slug"]: section for section in _read(self.directory / "sections.json")}
        self.round = self.upsert(
            Round,
            {"slug": data["slug"]},
            {
                "name": data["name"],
                "starts_on": datetime.date.fromisoformat(data["starts_on"]),
                "ends_on": datetime.date.fromisoformat(data["ends_on"]),
                "description": sections[data["method_section"]]["text"],
                "is_report": True,
                "period": data.get("period", ""),
            },
            on_create=PUBLISH,
        )

    def load_questionnaire(self):
        """The appendix's questions with their topics; a topic's own topics are the third level."""
        for number, item in enumerate(self.round_data["questions"], start=1):
            self.where = f"round.json, question {number}"
            question = self.upsert(
                Question,
                {"round": self.round, "number": number},
                {"text": item["text"], "guidance": item.get("guidance", "")},
            )
            self.load_topics(question, item.get("topics", []), parent=None)

    def load_topics(self, question, items, parent):
        for position, item in enumerate(items, start=1):
            topic = self.upsert(
                Topic,
                {"question": question, "slug": item["slug"]},
                {"text": item["text"], "position": position, "parent": parent},
            )
            self.load_topics(question, item.get("topics", []), parent=topic)


@transaction.atomic
def load_report(directory: Path = REPORT_DIR) -> LoadSummary:
    loader = _ReportLoader(directory)
    try:
        # The search index is written once at the end rather than after every saved record.
        with search.updates_paused():
            summary = loader.load()
    except (KeyError, TypeError) as error:
        raise ReportDataError(f"{loader.where}: missing or malformed field {error}") from error
    if summary.changed or not SearchDocument.objects.exists():
        search.rebuild_index()
    return summary
