"""Spreadsheet columns of the research rounds: the contract for anyone preparing a round in Excel.

Answers and progress are identified by what a researcher knows — the municipality's CBS code, the
round's slug, the question's number or the investment's slug — not by database ids. Those keys are
resolved before a row is read, and an unknown one is a row error naming it.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import (
    ChoiceWidget,
    ContentResource,
    NamesColumn,
    NaturalKeyWidget,
    publication_field,
    text_widget,
)
from investments.models import STATUS_BY_SLUG, STATUS_SLUGS, Investment
from investments.resources import StatusChanges
from municipalities.models import Municipality

from .models import MODE_SLUGS, ROUND_ORDER, Answer, Interview, Progress, Question, Round
from .services import copy_questionnaire, record_status_change

DATE_FORMAT = "%Y-%m-%d"


class DateWidget(widgets.DateWidget):
    """YYYY-MM-DD, or empty; a spreadsheet's own date cells are accepted too."""

    def __init__(self):
        super().__init__(format=DATE_FORMAT)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(_("‘%(value)s’ is geen datum; gebruik JJJJ-MM-DD.") % {"value": value}) from None


class RoundResource(ContentResource):
    dataset_name = "rondes"

    slug = fields.Field(attribute="slug", column_name="slug", widget=text_widget())
    naam = fields.Field(attribute="name", column_name="naam", widget=text_widget())
    begin = fields.Field(attribute="starts_on", column_name="begin", widget=DateWidget())
    einde = fields.Field(attribute="ends_on", column_name="einde", widget=DateWidget())
    omschrijving = fields.Field(attribute="description", column_name="omschrijving", widget=text_widget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Round
        fields = ("slug", "naam", "begin", "einde", "omschrijving", "publicatiestatus")
        import_id_fields = ["slug"]

    def after_save_instance(self, instance, row, **kwargs):
        # A round imported without questions starts with the previous round's questionnaire.
        super().after_save_instance(instance, row, **kwargs)
        copy_questionnaire(instance)


def _municipality(row):
    return NaturalKeyWidget(Municipality, "cbs_code").clean(row.get("gemeente"))


def _round(row):
    return NaturalKeyWidget(Round, "slug").clean(row.get("ronde"))


class InterviewResource(ContentResource):
    dataset_name = "interviews"
    optional_columns = ("gemeente_naam",)

    gemeente = fields.Field(
        attribute="municipality", column_name="gemeente", widget=NaturalKeyWidget(Municipality, "cbs_code")
    )
    gemeente_naam = NamesColumn("municipality__name", "gemeente_naam")
    ronde = fields.Field(attribute="round", column_name="ronde", widget=NaturalKeyWidget(Round, "slug"))
    datum = fields.Field(attribute="held_on", column_name="datum", widget=DateWidget())
    periode = fields.Field(attribute="period", column_name="periode", widget=text_widget())
    vorm = fields.Field(
        attribute="mode", column_name="vorm", widget=ChoiceWidget({slug: mode for mode, slug in MODE_SLUGS.items()})
    )
    geinterviewden = fields.Field(attribute="interviewee_role", column_name="geinterviewden", widget=text_widget())
    publicatiestatus = publication_field()

    class Meta(ContentResource.Meta):
        model = Interview
        fields = (
            "gemeente",
            "gemeente_naam",
            "ronde",
            "datum",
            "periode",
            "vorm",
            "geinterviewden",
            "publicatiestatus",
        )
        import_id_fields = ["gemeente", "ronde"]

    def get_queryset(self):
        return super().get_queryset().select_related("municipality", "round")


class ResolvedKeyResource(ContentResource):
    """A record found by keys that are resolved together (see `resolve`), not column by column."""

    key_columns: tuple = ()
    optional_columns = ("gemeente_naam",)

    def record_key_columns(self):
        return list(self.key_columns)

    def resolve(self, row) -> dict:
        """The model attributes that the key columns stand for; ValidationError by column if unknown."""
        raise NotImplementedError

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._resolved = self.resolve(row)

    def get_instance(self, instance_loader, row):
        lookup = {name: value for name, value in self._resolved.items() if name in self.lookup_fields}
        return self._meta.model.objects.filter(**lookup).first()

    def import_instance(self, instance, row, **kwargs):
        for name, value in self._resolved.items():
            if name in self.lookup_fields:
                setattr(instance, name, value)
        super().import_instance(instance, row, **kwargs)

    @staticmethod
    def _collect(errors: dict, column: str, lookup):
        try:
            return lookup()
        except ValueError as error:
            errors[column] = str(error)
            return None


class AnswerResource(ResolvedKeyResource):
    dataset_name = "antwoorden"
    key_columns = ("gemeente", "ronde", "vraag")

    gemeente = fields.Field(column_name="gemeente")
    gemeente_naam = NamesColumn("interview__municipality__name", "gemeente_naam")
    ronde = fields.Field(column_name="ronde")
    vraag = fields.Field(column_name="vraag")
    antwoord = fields.Field(attribute="text", column_name="antwoord", widget=text_widget())
    onderwerpen = fields.Field(column_name="onderwerpen")
    publicatiestatus = publication_field()

    lookup_fields = ("interview", "question")

    class Meta(ContentResource.Meta):
        model = Answer
        fields = ("gemeente", "gemeente_naam", "ronde", "vraag", "antwoord", "onderwerpen", "publicatiestatus")

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Topics are saved after the answer; an unchanged text must not hide a change to them.
        if original.pk is not None:
            stored = {topic.pk for topic in original.topics.all()}
            if stored != {topic.pk for topic in self._resolved["topics"]}:
                return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def resolve(self, row):
        errors = {}
        municipality = self._collect(errors, "gemeente", lambda: _municipality(row))
        round_ = self._collect(errors, "ronde", lambda: _round(row))
        if errors:
            raise ValidationError(errors)
        interview = Interview.objects.filter(municipality=municipality, round=round_).first()
        if interview is None:
            errors["ronde"] = _("%(municipality)s heeft geen interview in ronde ‘%(round)s’.") % {
                "municipality": municipality,
                "round": round_.slug,
            }
        number = str(row.get("vraag") or "").strip()
        question = Question.objects.filter(round=round_, number=number).first() if number.isdigit() else None
        if question is None:
            errors["vraag"] = _("Ronde ‘%(round)s’ heeft geen vraag ‘%(number)s’.") % {
                "round": round_.slug,
                "number": number,
            }
            raise ValidationError(errors)
        slugs = [slug.strip() for slug in str(row.get("onderwerpen") or "").split(",") if slug.strip()]
        topics = {topic.slug: topic for topic in question.topics.filter(slug__in=slugs)}
        if unknown := [slug for slug in slugs if slug not in topics]:
            errors["onderwerpen"] = _("Vraag %(number)s heeft geen onderwerp %(topics)s.") % {
                "number": question.number,
                "topics": ", ".join(f"‘{slug}’" for slug in unknown),
            }
        if errors:
            raise ValidationError(errors)
        return {"interview": interview, "question": question, "topics": [topics[slug] for slug in slugs]}

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        instance.topics.set(self._resolved["topics"])

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("interview__municipality", "interview__round", "question")
            .prefetch_related("topics")
            .order_by("interview__round__starts_on", "interview__municipality__name", "question__number")
        )

    def dehydrate_gemeente(self, answer):
        return answer.interview.municipality.cbs_code

    def dehydrate_ronde(self, answer):
        return answer.interview.round.slug

    def dehydrate_vraag(self, answer):
        return answer.question.number

    def dehydrate_onderwerpen(self, answer):
        return ",".join(topic.slug for topic in answer.topics.all())


class ProgressResource(ResolvedKeyResource):
    dataset_name = "voortgang"
    key_columns = ("gemeente", "investering", "ronde")

    gemeente = fields.Field(column_name="gemeente")
    gemeente_naam = NamesColumn("interview__municipality__name", "gemeente_naam")
    investering = fields.Field(column_name="investering")
    ronde = fields.Field(column_name="ronde")
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(STATUS_BY_SLUG))
    toelichting = fields.Field(attribute="explanation", column_name="toelichting", widget=text_widget())
    publicatiestatus = publication_field()

    lookup_fields = ("interview", "investment")

    class Meta(ContentResource.Meta):
        model = Progress
        fields = ("gemeente", "gemeente_naam", "investering", "ronde", "status", "toelichting", "publicatiestatus")

    def resolve(self, row):
        errors = {}
        municipality = self._collect(errors, "gemeente", lambda: _municipality(row))
        round_ = self._collect(errors, "ronde", lambda: _round(row))
        if municipality is None:
            raise ValidationError(errors)
        slug = str(row.get("investering") or "").strip()
        investment = Investment.objects.filter(municipality=municipality, slug=slug).first()
        if investment is None:
            errors["investering"] = _("%(municipality)s heeft geen investering ‘%(slug)s’.") % {
                "municipality": municipality,
                "slug": slug,
            }
        if round_ is None:
            raise ValidationError(errors)
        interview = Interview.objects.filter(municipality=municipality, round=round_).first()
        if interview is None:
            errors["ronde"] = _("%(municipality)s heeft geen interview in ronde ‘%(round)s’.") % {
                "municipality": municipality,
                "round": round_.slug,
            }
        if errors:
            raise ValidationError(errors)
        return {"interview": interview, "investment": investment}

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("interview__municipality", "interview__round", "investment")
            .order_by("interview__round__starts_on", "interview__municipality__name", "investment__position")
        )

    def dehydrate_gemeente(self, progress):
        return progress.interview.municipality.cbs_code

    def dehydrate_investering(self, progress):
        return progress.investment.slug

    def dehydrate_ronde(self, progress):
        return progress.interview.round.slug


def _rounds_after(round_):
    return Round.objects.filter(Q(starts_on__gt=round_.starts_on) | Q(starts_on=round_.starts_on, slug__gt=round_.slug))


class StatusChangesInRounds(StatusChanges):
    """A changed `investeringen.status` becomes progress in a round after the report.

    The round is the row's `ronde`, or else the latest round after the report in which the
    municipality has an interview. What the 2019 report says is never rewritten, and a status that a
    later round would hide at once is refused too: either way the file's value would not be current.
    """

    def plan(self, investment, status, round_slug, changed):
        if investment.pk is None:
            if round_slug:
                raise ValidationError(
                    {
                        "ronde": _(
                            "Een nieuwe investering krijgt de status uit het bestand; kolom ‘ronde’ geldt alleen "
                            "voor een gewijzigde status van een bestaande investering. Maak ‘ronde’ leeg."
                        )
                    }
                )
            return None
        municipality = investment.municipality
        interview = self._interview(municipality, round_slug)
        if not changed:
            recorded = Progress.objects.filter(interview=interview, investment=investment).first()
            if recorded is not None and recorded.status == status:
                return None
            raise ValidationError(
                {
                    "ronde": _(
                        "De status is niet gewijzigd, dus kolom ‘ronde’ heeft hier geen betekenis. Maak ‘ronde’ "
                        "leeg, of leg voortgang zonder statuswijziging vast met de import van voortgang."
                    )
                }
            )
        later = (
            Progress.objects.filter(investment=investment, interview__round__in=_rounds_after(interview.round))
            .order_by(*(f"-interview__round__{name}" for name in ROUND_ORDER))
            .select_related("interview__round")
            .first()
        )
        if later is not None:
            raise ValidationError(
                {
                    "ronde": _(
                        "Een latere ronde (‘%(later)s’) noemt deze investering al, met status ‘%(status)s’; "
                        "een status in ronde ‘%(round)s’ zou dus niet de huidige worden. Kies ronde "
                        "‘%(later)s’ of maak ‘ronde’ leeg."
                    )
                    % {
                        "later": later.interview.round.slug,
                        "status": STATUS_SLUGS[later.status],
                        "round": interview.round.slug,
                    }
                }
            )
        return interview, status

    def record(self, investment, plan) -> None:
        interview, status = plan
        record_status_change(interview, investment, status)
        investment._status_round_slug = interview.round.slug

    @staticmethod
    def _interview(municipality, round_slug):
        if round_slug:
            round_ = Round.objects.filter(slug=round_slug).first()
            if round_ is None:
                raise ValidationError(
                    {
                        "ronde": _("Onbekende %(model)s: ‘%(value)s’.")
                        % {"model": Round._meta.verbose_name, "value": round_slug}
                    }
                )
            if round_.is_report:
                raise ValidationError(
                    {
                        "ronde": _(
                            "Ronde ‘%(round)s’ is het rapport uit 2019; wat dat zegt, verandert niet. Kies een "
                            "latere ronde, of maak ‘ronde’ leeg voor de laatste ronde met een interview met "
                            "%(municipality)s."
                        )
                        % {"round": round_.slug, "municipality": municipality}
                    }
                )
            interview = Interview.objects.filter(municipality=municipality, round=round_).first()
            if interview is None:
                raise ValidationError(
                    {
                        "ronde": _(
                            "%(municipality)s heeft geen interview in ronde ‘%(round)s’. Leg eerst dat interview "
                            "vast (Onderzoeksrondes › Interviews) en importeer het bestand dan opnieuw."
                        )
                        % {"municipality": municipality, "round": round_.slug}
                    }
                )
            return interview
        interview = (
            Interview.objects.filter(municipality=municipality, round__is_report=False)
            .select_related("round")
            .order_by(*(f"-round__{name}" for name in ROUND_ORDER))
            .first()
        )
        if interview is None:
            raise ValidationError(
                {
                    "status": _(
                        "De status volgt uit de onderzoeksrondes, en wat het rapport uit 2019 zegt, verandert niet. "
                        "%(municipality)s heeft nog geen interview in een latere ronde: leg eerst een interview vast "
                        "in een latere ronde (Onderzoeksrondes › Interviews) en importeer het bestand dan opnieuw."
                    )
                    % {"municipality": municipality}
                }
            )
        return interview
