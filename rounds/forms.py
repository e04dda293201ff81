"""The forms of the interview page: the interview's facts, one answer per question, one choice per
investment still open, and new investments. rounds/services.py stores what they hold.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import OptimisticLockingForm
from core.text import refuse_control_characters
from investments.models import Intervention, Investment, InvestmentStatus, Partner, TargetGroup, Theme

from .models import Answer, Interview, Progress
from .services import NewInvestment, progress_rows, save_interview

# The vocabularies a new investment can be tagged with, each read once per page.
TERM_MODELS = {"themes": Theme, "target_groups": TargetGroup, "interventions": Intervention, "partners": Partner}
UNCHANGED = "unchanged"
NOT_DISCUSSED = "not_discussed"
# The statuses a later round can give, in the order a researcher thinks of them.
FOLLOW_UP_STATUSES = [
    InvestmentStatus.ONGOING,
    InvestmentStatus.COMPLETED,
    InvestmentStatus.POSTPONED,
    InvestmentStatus.CANCELLED,
    InvestmentStatus.PLANNED,
]


class InterviewFactsForm(OptimisticLockingForm):
    class Meta:
        model = Interview
        fields = ["held_on", "period", "mode", "interviewee_role", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class AnswerForm(OptimisticLockingForm):
    """The answer to one question; the question is the heading, its topics the only choices.

    The topics are a plain choice of ids from the round's topics read once, not a queryset per
    question, so the page's queries do not grow with its questions.
    """

    topics = forms.MultipleChoiceField(label=_("onderwerpen"), required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Answer
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, question, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.topics_in_order = _tree_order(topics)
        self.fields["text"].required = False
        self.fields["topics"].choices = [(topic.pk, topic.text) for topic in self.topics_in_order]
        if self.instance.pk:
            self.initial["topics"] = [str(topic.pk) for topic in self.instance.topics.all()]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("topics") and not cleaned_data.get("text"):
            self.add_error("text", _("Schrijf een antwoord bij de gekozen onderwerpen, of vink ze uit."))
        return cleaned_data

    def topic_tree(self):
        """The topic checkboxes as (checkbox, [sub-topic checkboxes]) for nested lists."""
        checkboxes = dict(zip((topic.pk for topic in self.topics_in_order), self["topics"], strict=True))
        return [
            (
                checkboxes[topic.pk],
                [checkboxes[child.pk] for child in self.topics_in_order if child.parent_id == topic.pk],
            )
            for topic in self.topics_in_order
            if topic.parent_id is None
        ]

    def entry(self):
        chosen = {int(pk) for pk in self.cleaned_data.get("topics", [])}
        return self.question, self.cleaned_data.get("text", ""), [t for t in self.topics_in_order if t.pk in chosen]


def _tree_order(topics):
    topics = list(topics)
    ordered = []
    for topic in topics:
        if topic.parent_id is None:
            ordered.append(topic)
            ordered.extend(child for child in topics if child.parent_id == topic.pk)
    return ordered


class ProgressForm(OptimisticLockingForm):
    """What became of one investment still open in the previous round: an explicit choice.

    "Unchanged" is stored as progress with the previous status; "not discussed" stores nothing.
    """

    outcome = forms.ChoiceField(label=_("Stand in deze ronde"), widget=forms.RadioSelect)

    class Meta:
        model = Progress
        fields = ["explanation"]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, investment, previous_status, **kwargs):
        super().__init__(*args, **kwargs)
        self.investment = investment
        self.previous_status = previous_status
        labels = dict(InvestmentStatus.choices)
        self.previous_label = labels.get(previous_status, "")
        self.fields["explanation"].label = _("Notitie")
        self.fields["outcome"].choices = [
            (UNCHANGED, _("ongewijzigd (%(status)s)") % {"status": self.previous_label}),
            *[(status.value, labels[status]) for status in FOLLOW_UP_STATUSES if status != previous_status],
            (NOT_DISCUSSED, _("niet besproken")),
        ]
        if not self.instance.pk:
            self.initial["outcome"] = NOT_DISCUSSED
        elif self.instance.status == previous_status:
            self.initial["outcome"] = UNCHANGED
        else:
            self.initial["outcome"] = self.instance.status

    def entry(self):
        outcome = self.cleaned_data["outcome"]
        status = {UNCHANGED: self.previous_status, NOT_DISCUSSED: None}.get(outcome, outcome)
        return self.investment, status, self.cleaned_data.get("explanation", "")


class NewInvestmentForm(forms.ModelForm):
    """An investment first named in this interview; a row left empty is simply not stored."""

    status = forms.ChoiceField(
        label=_("Stand in deze ronde"), choices=InvestmentStatus.choices, initial=InvestmentStatus.PLANNED
    )
    explanation = forms.CharField(label=_("Notitie"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Investment
        fields = ["title", "text", "reach", "themes", "target_groups", "interventions", "partners"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            **dict.fromkeys(TERM_MODELS, forms.CheckboxSelectMultiple),
        }

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "status"
            if isinstance(field, forms.CharField):
                # This form skips the model's own checks (_post_clean), which would refuse these.
                field.validators.append(refuse_control_characters)
            if name in terms:
                # The choices of each vocabulary are read once for all rows (see InterviewPage).
                field.choices = terms[name]

    def main_fields(self):
        return [self[name] for name in self.fields if name not in TERM_MODELS]

    def term_fields(self):
        return [self[name] for name in TERM_MODELS]

    def clean(self):
        cleaned_data = super().clean()
        if not (cleaned_data.get("title") and cleaned_data.get("text")):
            raise forms.ValidationError(_("Geef de nieuwe investering een titel en een tekst, of laat de rij leeg."))
        return cleaned_data

    def _post_clean(self):
        # The investment is created by the service, with its municipality and a free slug.
        pass

    def entry(self):
        data = self.cleaned_data
        return NewInvestment(
            title=data["title"],
            text=data["text"],
            status=data["status"],
            explanation=data["explanation"],
            reach=data["reach"],
            **{name: list(data[name]) for name in TERM_MODELS},
        )


NewInvestmentFormSet = forms.formset_factory(NewInvestmentForm, extra=1)


class InterviewPage:
    """Every form of one interview page, built from a fixed number of queries."""

    def __init__(self, interview, data=None):
        self.interview = interview
        self.facts = InterviewFactsForm(data, instance=interview, prefix="interview")
        stored_answers = {answer.question_id: answer for answer in interview.answers.prefetch_related("topics")}
        self.answers = [
            AnswerForm(
                data,
                instance=stored_answers.get(question.pk) or Answer(interview=interview, question=question),
                question=question,
                topics=question.topics.all(),
                prefix=f"vraag-{question.number}",
            )
            for question in interview.round.questions.prefetch_related("topics")
        ]
        self.progress = [
            ProgressForm(
                data,
                instance=stored or Progress(interview=interview, investment=investment),
                investment=investment,
                previous_status=previous_status,
                prefix=f"voortgang-{investment.pk}",
            )
            for investment, previous_status, stored in progress_rows(interview)
        ]
        terms = {name: [(term.pk, str(term)) for term in model.objects.all()] for name, model in TERM_MODELS.items()}
        self.new_investments = NewInvestmentFormSet(data, prefix="nieuw", form_kwargs={"terms": terms})

    def forms(self):
        return [self.facts, *self.answers, *self.progress]

    def is_valid(self) -> bool:
        # Every form, so that each shows its own errors at once.
        return all([*(form.is_valid() for form in self.forms()), self.new_investments.is_valid()])

    @property
    def has_errors(self) -> bool:
        return self.facts.is_bound and not self.is_valid()

    def save(self, reason=""):
        return save_interview(
            self.interview,
            interview_changed=self.facts.has_changed(),
            answers=[form.entry() for form in self.answers],
            progress=[form.entry() for form in self.progress],
            new_investments=[form.entry() for form in self.new_investments if form.has_changed()],
            reason=reason,
        )
