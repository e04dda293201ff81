"""What every import/export resource of the researcher workspace shares.

Columns carry Dutch names, relations go by natural key (CBS code, slug), and an import is all or
nothing: one bad row, one unknown column or one formula, and the file changes nothing.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Error

from .models import PublicationStatus

FORMULA_PREFIX = "="


def text_widget():
    """A text column: an empty spreadsheet cell (None) becomes "", as the model's text fields expect."""
    return widgets.CharWidget(allow_blank=True)


class ChoiceWidget(widgets.Widget):
    """Dutch labels in the file, stored values in the database."""

    def __init__(self, mapping: dict[str, str], **kwargs):
        super().__init__(**kwargs)
        self.to_value = mapping
        self.to_label = {value: label for label, value in mapping.items()}

    def clean(self, value, row=None, **kwargs):
        label = str(value or "").strip().lower()
        if label not in self.to_value:
            raise ValueError(
                _("‘%(value)s’ is geen geldige waarde; kies uit: %(choices)s.")
                % {"value": value or "", "choices": ", ".join(self.to_value)}
            )
        return self.to_value[label]

    def render(self, value, obj=None, **kwargs):
        return self.to_label.get(value, value)


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by natural key that names an unknown value instead of failing obscurely."""

    def __init__(self, model, field, required=True, **kwargs):
        super().__init__(model, field=field, **kwargs)
        self.required = required

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            if self.required:
                raise ValueError(_("Dit veld is verplicht."))
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except self.model.DoesNotExist:
            raise ValueError(
                _("Onbekende %(model)s: ‘%(value)s’.") % {"model": self.model._meta.verbose_name, "value": value}
            ) from None


class NaturalKeyListWidget(widgets.ManyToManyWidget):
    """Several related records by natural key, separated by |; every one must exist."""

    def __init__(self, model, field):
        super().__init__(model, separator="|", field=field)

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        found = {str(getattr(obj, self.field)): obj for obj in self.model.objects.filter(**{f"{self.field}__in": keys})}
        unknown = [key for key in keys if key not in found]
        if unknown:
            raise ValueError(
                _("Onbekende %(model)s: %(values)s.")
                % {"model": self.model._meta.verbose_name_plural, "values": ", ".join(unknown)}
            )
        return [found[key] for key in keys]


def publication_field():
    return fields.Field(
        attribute="publication_status",
        column_name="publicatiestatus",
        widget=ChoiceWidget({"concept": PublicationStatus.DRAFT, "gepubliceerd": PublicationStatus.PUBLISHED}),
    )


class ContentResource(resources.ModelResource):
    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_data(self, dataset, *args, **kwargs):
        # All or nothing, also from the command line: one invalid row rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        result = super().import_data(dataset, *args, **kwargs)
        if result.has_validation_errors() and kwargs.get("user") is None:
            # The library's `import` command reports only errors, not invalid rows; without this
            # it would print "Import finished" for a file that changed nothing.
            for invalid_row in result.invalid_rows:
                for column, problems in invalid_row.error_dict.items():
                    for problem in problems:
                        result.append_base_error(
                            Error(ValueError(self.describe_problem(invalid_row.number, column, problem)))
                        )
        return result

    @staticmethod
    def describe_problem(row_number, column, problem) -> str:
        if column == NON_FIELD_ERRORS:
            return _("Regel %(row)s: %(problem)s") % {"row": row_number, "problem": problem}
        return _("Regel %(row)s, kolom ‘%(column)s’: %(problem)s") % {
            "row": row_number,
            "column": column,
            "problem": problem,
        }

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.validation_error is not None:
            row_result.validation_error = self._by_column(row_result.validation_error)
        return row_result

    def _by_column(self, error: ValidationError) -> ValidationError:
        """Key errors by the file's column names, which the researcher sees, not by model fields."""
        if not hasattr(error, "error_dict"):
            return error
        column_for = {field.attribute: field.column_name for field in self.get_import_fields()}
        return ValidationError({column_for.get(name, name): problems for name, problems in error.error_dict.items()})

    def before_import(self, dataset, **kwargs):
        expected = {field.column_name for field in self.get_import_fields()}
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        missing = sorted(expected - set(headers))
        unknown = sorted(set(headers) - expected)
        if missing or unknown:
            problems = []
            if missing:
                problems.append(_("ontbrekende kolommen: %(columns)s") % {"columns": ", ".join(missing)})
            if unknown:
                problems.append(_("onbekende kolommen: %(columns)s") % {"columns": ", ".join(unknown)})
            raise ValidationError(
                _("Het bestand heeft niet de juiste kolommen (%(problems)s). Verwacht: %(expected)s.")
                % {"problems": "; ".join(problems), "expected": ", ".join(sorted(expected))}
            )
        super().before_import(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        formulas = {
            column: _("Formules zijn niet toegestaan; gebruik alleen waarden.")
            for column, value in row.items()
            if isinstance(value, str) and value.lstrip().startswith(FORMULA_PREFIX)
        }
        if formulas:
            raise ValidationError(formulas)
        super().before_import_row(row, **kwargs)
