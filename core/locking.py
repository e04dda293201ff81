"""Optimistic locking: a save based on an outdated version is refused, never silently applied.

The form remembers the version the researcher opened. When it is saved, the row is read again
under a lock; if someone else saved in between, the form reports who changed what, using the
change history, and nothing is written.
"""

from django import forms
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from simple_history.models import to_historic


def describe_changes_since(instance, seen_version: int) -> str:
    history = getattr(instance, "history", None)
    if history is None:
        return ""
    seen = history.filter(version=seen_version).order_by("-history_date", "-history_id").first()
    latest = history.order_by("-history_date", "-history_id").first()
    if seen is None or latest is None or latest.version == seen_version:
        return ""
    changed_fields = [
        instance._meta.get_field(change.field).verbose_name for change in latest.diff_against(seen).changes
    ]
    who = latest.history_user.get_username() if latest.history_user else _("een import of een beheercommando")
    parts = [
        _("gewijzigd door %(who)s op %(when)s")
        % {"who": who, "when": date_format(localtime(latest.history_date), "DATETIME_FORMAT")}
    ]
    if changed_fields:
        parts.append(_("gewijzigde velden: %(fields)s") % {"fields": ", ".join(str(name) for name in changed_fields)})
    return "; ".join(parts)


class OptimisticLockingForm(forms.ModelForm):
    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            return
        record = to_historic(self.instance)
        if record is None:
            self.fields["version_seen"].initial = self.instance.version
            return
        # A revert from the history page: the instance is the old version, so the version to
        # guard is the one stored now (none for a deleted record being recovered), and the
        # many-to-many values come from the historical snapshot, not from the current record.
        self.fields["version_seen"].initial = self._stored_version()
        for field in self.instance._meta.many_to_many:
            if field.name in self.fields and hasattr(record, field.name):
                target = f"{field.m2m_reverse_field_name()}_id"
                self.initial[field.name] = list(getattr(record, field.name).values_list(target, flat=True))

    def _stored_version(self, lock=False):
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            stored = stored.select_for_update()
        return stored.values_list("version", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        if not self.instance.pk:
            return cleaned_data
        # Read the stored version under a row lock, so two saves cannot both pass this check.
        current_version = self._stored_version(lock=True)
        if current_version is None:
            return cleaned_data  # a deleted record recovered from its history: nothing to overwrite
        seen_version = cleaned_data.get("version_seen")
        if seen_version is None:
            # Without the version the editor opened, a save cannot tell whether it overwrites someone
            # else's: refused rather than applied unchecked.
            raise forms.ValidationError(
                _(
                    "Dit formulier zegt niet welke versie van het record u opende, dus uw wijzigingen zijn niet "
                    "opgeslagen. Laad de pagina opnieuw en breng uw wijziging daarna opnieuw aan."
                ),
                code="version_missing",
            )
        if current_version != seen_version:
            details = describe_changes_since(self.instance, seen_version)
            message = _(
                "Iemand anders heeft dit record opgeslagen nadat u het opende, dus uw wijzigingen zijn niet "
                "opgeslagen. Open het record opnieuw, bekijk de nieuwe versie en breng uw wijziging daarna "
                "opnieuw aan."
            )
            if details:
                message = f"{message} ({details})"
            raise forms.ValidationError(message, code="stale_version")
        # Number on from the stored version (a revert starts from an older instance).
        self.instance.version = current_version
        return cleaned_data
