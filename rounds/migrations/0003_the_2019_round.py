"""Existing interviews and investments belong to the 2019 round: the only round there was.

Before rounds existed, every interview was one of the report's and was public, and every
investment's status was its status in 2019. So: the 2019 round is created if it is missing (as
`load_report` would create it), every interview without a round joins it and stays public, and
every investment with a 2019 interview of its municipality gets its 2019 progress. Values are
copied here, not imported, so this migration keeps its meaning later.
"""

import datetime

from django.db import migrations

ROUND_2019 = {
    "name": "Interviewronde 2019",
    "starts_on": datetime.date(2019, 11, 1),
    "ends_on": datetime.date(2019, 11, 30),
    "is_report": True,
    "publication_status": "published",
}


def assign_2019(apps, schema_editor):
    Round = apps.get_model("rounds", "Round")
    Interview = apps.get_model("rounds", "Interview")
    Investment = apps.get_model("investments", "Investment")
    Progress = apps.get_model("rounds", "Progress")
    ReportSection = apps.get_model("report", "ReportSection")
    if not Interview.objects.exists() and not Investment.objects.exists():
        return  # a new database: load_report creates the round with the report
    method = ReportSection.objects.filter(slug="onderzoeksopzet").values_list("text", flat=True).first() or ""
    round_2019, _ = Round.objects.get_or_create(slug="2019", defaults={**ROUND_2019, "description": method})
    Interview.objects.filter(round__isnull=True).update(round=round_2019, publication_status="published")
    interviews = {interview.municipality_id: interview for interview in Interview.objects.filter(round=round_2019)}
    Progress.objects.bulk_create(
        [
            Progress(
                interview=interviews[investment.municipality_id],
                investment=investment,
                status=investment.status,
                publication_status="published",
            )
            for investment in Investment.objects.filter(municipality_id__in=interviews).exclude(
                progress__interview__round=round_2019
            )
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0002_rounds_questions_answers_progress"),
        ("report", "0001_initial"),
    ]

    operations = [migrations.RunPython(assign_2019, migrations.RunPython.noop)]
