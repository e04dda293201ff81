from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PrimaryButton
from investments.forms import SELECT_CLASS, InvestmentFilterForm, SlugChoiceField
from investments.models import STATUS_BY_SLUG, STATUS_SLUGS, InvestmentStatus, Theme, with_public_investment_in_theme
from municipalities.models import Province
from rounds.models import Progress, Round


class MunicipalityFilterForm(forms.Form):
    provincie = forms.ChoiceField(label=_("Provincie"), required=False, choices=[("", _("Alle")), *Province.choices])
    thema = SlugChoiceField(Theme.objects.all(), label=_("Thema"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = SELECT_CLASS
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "municipality-filters"
        self.helper.attrs = {"aria-label": _("Filters")}
        self.helper.add_input(PrimaryButton(_("Filter")))

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        if province := data.get("provincie"):
            queryset = queryset.filter(province=province)
        if theme := data.get("thema"):
            queryset = with_public_investment_in_theme(queryset, theme)
        return queryset


class RoundInvestmentFilterForm(InvestmentFilterForm):
    """/investeringen/ with a research round: `ronde=2019&status=gepland` is what was planned in 2019.

    Without `ronde`, `status` is the current status (the latest published round's).
    """

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Alle statussen")),
            *((STATUS_SLUGS[value], label.capitalize()) for value, label in InvestmentStatus.choices),
        ],
    )
    ronde = SlugChoiceField(Round.objects.published(), label=_("Ronde"))

    field_order = ["q", "status", "ronde"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ronde"].widget.attrs["class"] = SELECT_CLASS

    def filter(self, queryset):
        data = self.cleaned_data if self.is_bound else {}
        round_ = data.get("ronde")
        status = data.get("status")
        if round_ is not None:
            # The status filter applies to what the round said, so the parent must not see it.
            self.cleaned_data = {**data, "status": ""}
            in_round = Progress.objects.published().filter(interview__round=round_)
            if status:
                in_round = in_round.filter(status=STATUS_BY_SLUG[status])
            queryset = queryset.filter(pk__in=in_round.values("investment_id"))
        queryset = super().filter(queryset)
        self.cleaned_data = data
        return queryset
