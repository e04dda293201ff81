"""Spreadsheet columns of the research rounds: the contract for anyone preparing a round in Excel.

Answers and progress are identified by what a researcher knows — the municipality's CBS code, the
round's slug, the question's number or the investment's slug — not by database ids. Those keys are
resolved before a row is read, and an unknown one is a row error naming it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, widgets

from core.resources import ChoiceWidget, ContentResource, NaturalKeyWidget, publication_field, text_widget
from investments.models import STATUS_BY_SLUG, Investment
from municipalities.models import Municipality

from .models import MODE_SLUGS, Answer, Interview, Progress, Question, Round
from .services import copy_questionnaire

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
    gemeente = fields.Field(
        attribute="municipality", column_name="gemeente", widget=NaturalKeyWidget(Municipality, "cbs_code")
    )
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
        fields = ("gemeente", "ronde", "datum", "periode", "vorm", "geinterviewden", "publicatiestatus")
        import_id_fields = ["gemeente", "ronde"]

    def get_queryset(self):
        return super().get_queryset().select_related("municipality", "round")


class ResolvedKeyResource(ContentResource):
    """A record found by keys that are resolved together (see `resolve`), not column by column."""

    key_columns: tuple = ()

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
    gemeente = fields.Field(column_name="gemeente")
    ronde = fields.Field(column_name="ronde")
    vraag = fields.Field(column_name="vraag")
    antwoord = fields.Field(attribute="text", column_name="antwoord", widget=text_widget())
    onderwerpen = fields.Field(column_name="onderwerpen")
    publicatiestatus = publication_field()

    lookup_fields = ("interview", "question")

    class Meta(ContentResource.Meta):
        model = Answer
        fields = ("gemeente", "ronde", "vraag", "antwoord", "onderwerpen", "publicatiestatus")
        # Topics are saved after the answer; an unchanged text must not hide a change to them.
        skip_unchanged = False

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
    gemeente = fields.Field(column_name="gemeente")
    investering = fields.Field(column_name="investering")
    ronde = fields.Field(column_name="ronde")
    status = fields.Field(attribute="status", column_name="status", widget=ChoiceWidget(STATUS_BY_SLUG))
    toelichting = fields.Field(attribute="explanation", column_name="toelichting", widget=text_widget())
    publicatiestatus = publication_field()

    lookup_fields = ("interview", "investment")

    class Meta(ContentResource.Meta):
        model = Progress
        fields = ("gemeente", "investering", "ronde", "status", "toelichting", "publicatiestatus")

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
