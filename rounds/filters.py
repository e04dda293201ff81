"""The investment filters with a research round: `ronde=2019&status=gepland` is what was planned in
2019. Here rather than in investments.filters because rounds sit above investments."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.derived import per_content_version
from core.filters import FilterError
from core.forms import OptionField, Options, option_rows
from investments.filters import InvestmentFilterForm
from investments.models import STATUS_BY_SLUG

from .models import Progress, Round


def round_filter_options() -> Options:
    """The published rounds to filter by, once per content version and language (the "Alle" option)."""
    return per_content_version(
        f"round-filter-options:{get_language()}",
        lambda: Options(option_rows(Round.objects.published().only("slug", "name"))),
    )


class RoundInvestmentFilterForm(InvestmentFilterForm):
    """/investeringen/ (and open data's `investeringen`) with a research round.

    Without `ronde`, `status` is the current status (the latest published round's); with it, the
    status that round recorded.
    """

    ronde = OptionField(label=_("Ronde"))

    field_order = ["q", "status", "ronde"]
    filter_names = (*InvestmentFilterForm.filter_names, "ronde")

    def offer_options(self):
        super().offer_options()
        self.fields["ronde"].offer(round_filter_options())

    def round_and_status(self):
        """The chosen round's primary key and the status asked for in it (a slug or ""), or None."""
        data = self.cleaned_data if self.is_bound else {}
        round_ = data.get("ronde")
        return None if round_ is None else (round_, data.get("status") or "")

    def narrows_besides_round(self) -> bool:
        """Whether a filter other than the round (and the status in it) narrows the list."""
        data = self.cleaned_data if self.is_bound else {}
        # The text search is not among them: the page searches by its own path (ranked).
        names = (name for name in self.filter_names if name not in ("q", "status", "ronde"))
        return any(data.get(name) for name in names) or bool(data.get("status") and data.get("ronde") is None)

    def filter_besides_round(self, queryset):
        """`filter()` without the round: what the round's own precomputed mentions leave to the database."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("ronde") is not None:
            data = {**data, "ronde": None, "status": ""}
        return self.narrow(queryset, data)

    def narrow(self, queryset, data):
        round_ = data.get("ronde")
        if round_ is None:
            return super().narrow(queryset, data)
        status = data.get("status")
        mentioned = Progress.objects.published().mentioned_in(round_, STATUS_BY_SLUG[status] if status else None)
        # The status is the one the round recorded, so the current status must not narrow as well.
        return super().narrow(queryset.filter(pk__in=mentioned), {**data, "status": ""})

    def refusal(self, name, value) -> FilterError:
        if name != "ronde":
            return super().refusal(name, value)
        return FilterError(
            _("Onbekende ronde voor filter ‘ronde’: ‘%(value)s’. Mogelijk: %(allowed)s."),
            value=value,
            allowed=", ".join(Round.objects.published().chronological().values_list("slug", flat=True)) or "-",
        )
