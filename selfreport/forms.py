"""The questionnaire behind an invitation link: one form, built from the round and the municipality.

Every choice offered is that round's and that municipality's (selfreport.selectors.questionnaire),
so a posted id of another round's topic or another municipality's investment is refused like any
unknown choice. Every text has a size limit and refuses control characters.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import refuse_control_characters
from investments.models import InvestmentStatus

from .models import ANSWER_MAX, CONTACT_MAX, EXPLANATION_MAX, REACH_MAX, TEXT_MAX, TITLE_MAX
from .services import SubmissionContent

# The most new investments one submission holds; the page offers two empty rows more than stored.
MAX_NEW_INVESTMENTS = 10
NEW_PREFIX = "nieuw"
# What a new investment can be: it is new in this round, so not yet cancelled or postponed.
NEW_STATUSES = [InvestmentStatus.PLANNED, InvestmentStatus.ONGOING, InvestmentStatus.COMPLETED]
BUDGET_MAX = 1_000_000_000


def _text(label, max_length, *, required=False, rows=None, help_text=""):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        help_text=help_text,
        validators=[refuse_control_characters],
    )


def _choices(items, label=str):
    return [(str(item.pk), label(item)) for item in items]


class QuestionnaireForm(forms.Form):
    contact_name = _text(
        _("Naam contactpersoon"), CONTACT_MAX, help_text=_("Alleen voor de onderzoekers; nooit openbaar.")
    )
    contact_role = _text(
        _("Functie contactpersoon"),
        CONTACT_MAX,
        help_text=_("Bijvoorbeeld ‘beleidsmedewerker’. Gepubliceerde antwoorden noemen alleen de functie."),
    )

    def __init__(self, questionnaire, submission=None, data=None, *, submitting=False):
        super().__init__(data=data, initial=self._initial(submission))
        self.submitting = submitting
        self.questionnaire = questionnaire
        self.question_rows = []
        for question in questionnaire.questions:
            text_name, topics_name = f"antwoord_{question.pk}", f"onderwerpen_{question.pk}"
            self.fields[text_name] = _text(_("Uw antwoord"), ANSWER_MAX, rows=5)
            self.fields[topics_name] = forms.MultipleChoiceField(
                label=_("Onderwerpen die uw antwoord raakt"),
                required=False,
                choices=_choices(question.topic_list, lambda topic: topic.text),
                widget=forms.CheckboxSelectMultiple,
            )
            self.question_rows.append((question, self[text_name], self[topics_name]))
        self.investment_rows = []
        for investment in questionnaire.investments:
            status_name, explanation_name = f"status_{investment.pk}", f"toelichting_{investment.pk}"
            self.fields[status_name] = forms.ChoiceField(label=_("Status nu"), choices=InvestmentStatus.choices)
            self.fields[explanation_name] = _text(_("Toelichting"), EXPLANATION_MAX, rows=3)
            self.investment_rows.append((investment, self[status_name], self[explanation_name]))
        stored = len(submission.new_investments) if submission else 0
        slots = min(MAX_NEW_INVESTMENTS, stored + 2)
        if data is not None:
            slots = sum(1 for index in range(MAX_NEW_INVESTMENTS) if f"{NEW_PREFIX}{index}_titel" in data)
        self.new_rows = [self._new_investment_fields(index) for index in range(slots)]

    def _new_investment_fields(self, index):
        q = self.questionnaire
        name = f"{NEW_PREFIX}{index}_"
        fields = {
            "titel": _text(_("Titel"), TITLE_MAX),
            "tekst": _text(_("Omschrijving"), TEXT_MAX, rows=4),
            "status": forms.ChoiceField(
                label=_("Status"), choices=[(s.value, s.label) for s in NEW_STATUSES], required=False
            ),
            "bereik": _text(_("Bereik"), REACH_MAX, help_text=_("Bijvoorbeeld ‘150 inwoners’.")),
            "budget": forms.IntegerField(
                label=_("Budget in euro (als bekend)"), required=False, min_value=0, max_value=BUDGET_MAX
            ),
            "themas": forms.MultipleChoiceField(
                label=_("Thema's"), required=False, choices=_choices(q.themes), widget=forms.CheckboxSelectMultiple
            ),
            "doelgroepen": forms.MultipleChoiceField(
                label=_("Doelgroepen"),
                required=False,
                choices=_choices(q.target_groups),
                widget=forms.CheckboxSelectMultiple,
            ),
            "interventies": forms.MultipleChoiceField(
                label=_("Interventies"),
                required=False,
                choices=_choices(q.interventions),
                widget=forms.CheckboxSelectMultiple,
            ),
            "partners": _text(
                _("Partners"), TITLE_MAX * 2, help_text=_("Namen van partnerorganisaties, gescheiden door komma's.")
            ),
        }
        for key, form_field in fields.items():
            self.fields[name + key] = form_field
        return {key: self[name + key] for key in fields}

    @staticmethod
    def _initial(submission):
        if submission is None:
            return {}
        initial = {"contact_name": submission.contact_name, "contact_role": submission.contact_role}
        for key, entry in submission.answers.items():
            initial[f"antwoord_{key}"] = entry.get("text", "")
            initial[f"onderwerpen_{key}"] = [str(pk) for pk in entry.get("topics", [])]
        for key, entry in submission.progress.items():
            initial[f"status_{key}"] = entry.get("status")
            initial[f"toelichting_{key}"] = entry.get("explanation", "")
        for index, item in enumerate(submission.new_investments):
            name = f"{NEW_PREFIX}{index}_"
            initial.update(
                {
                    name + "titel": item.get("title", ""),
                    name + "tekst": item.get("text", ""),
                    name + "status": item.get("status", ""),
                    name + "bereik": item.get("reach", ""),
                    name + "budget": item.get("budget_eur"),
                    name + "themas": [str(pk) for pk in item.get("themes", [])],
                    name + "doelgroepen": [str(pk) for pk in item.get("target_groups", [])],
                    name + "interventies": [str(pk) for pk in item.get("interventions", [])],
                    name + "partners": item.get("partners", ""),
                }
            )
        return initial

    def with_investment_defaults(self):
        """Unbound, each open investment starts at its current status (the municipality changes what moved)."""
        for investment, status, _explanation in self.investment_rows:
            self.initial.setdefault(status.name, investment.status)
        return self

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not cleaned.get("contact_role"):
            # Accepted content is attributed to this role; a draft may leave it for later.
            self.add_error("contact_role", _("Vul uw functie in voordat u indient."))
        for index, row in enumerate(self.new_rows):
            title, text = cleaned.get(row["titel"].name), cleaned.get(row["tekst"].name)
            if (title or text) and not (title and text):
                self.add_error(
                    row["titel"].name if not title else row["tekst"].name,
                    _("Een nieuwe investering heeft een titel en een omschrijving (rij %(number)d).")
                    % {"number": index + 1},
                )
            if title and not cleaned.get(row["status"].name):
                self.add_error(row["status"].name, _("Kies de status van de nieuwe investering."))
        return cleaned

    def content(self) -> SubmissionContent:
        data = self.cleaned_data
        answers = {}
        for question, text, topics in self.question_rows:
            if data[text.name] or data[topics.name]:
                answers[str(question.pk)] = {"text": data[text.name], "topics": [int(pk) for pk in data[topics.name]]}
        progress = {
            str(investment.pk): {"status": data[status.name], "explanation": data[explanation.name]}
            for investment, status, explanation in self.investment_rows
        }
        new = [
            {
                "title": data[row["titel"].name],
                "text": data[row["tekst"].name],
                "status": data[row["status"].name],
                "reach": data[row["bereik"].name],
                "budget_eur": data[row["budget"].name],
                "themes": [int(pk) for pk in data[row["themas"].name]],
                "target_groups": [int(pk) for pk in data[row["doelgroepen"].name]],
                "interventions": [int(pk) for pk in data[row["interventies"].name]],
                "partners": data[row["partners"].name],
            }
            for row in self.new_rows
            if data[row["titel"].name]
        ]
        return SubmissionContent(
            contact_name=data["contact_name"],
            contact_role=data["contact_role"],
            answers=answers,
            progress=progress,
            new_investments=new,
        )


class ReviewForm(forms.Form):
    ACCEPT, RETURN, REJECT = "accept", "return", "reject"
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[(ACCEPT, _("Accepteren")), (RETURN, _("Terugsturen met opmerking")), (REJECT, _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    comment = _text(_("Opmerking voor de gemeente"), 5000, rows=4)
