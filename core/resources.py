"""What every import/export resource of the researcher workspace shares.

Columns carry Dutch names, relations go by natural key (CBS code, slug), and an import is all or
nothing: one bad row, one unknown column or one formula, and the file changes nothing. Exports
neutralise formulas (core.spreadsheets), so a spreadsheet never runs a cell.

Speed: a file of 10,000 rows must import in seconds, not minutes. Records and natural keys are read
once per import instead of once per row, and the many-to-many links and the history are written in
bulk at the end of the import, still inside its single transaction (see ContentResource).
"""

import functools
from contextvars import ContextVar

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, ValidationError
from django.db.models import CheckConstraint
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff
from import_export.results import Error, Result, RowResult
from simple_history.manager import HistoryManager

from . import content_version, search
from .batches import batched
from .models import PublicationStatus
from .spreadsheets import looks_like_formula, restore_formula, spreadsheet_text

BULK_BATCH_SIZE = 500
PROGRESS_EVERY = 100
# Stored in the history as it is, in every language: the history shows a change came from a file.
IMPORT_CHANGE_REASON = "Import"
COMMAND_IMPORT_CHANGE_REASON = "Import via beheercommando"
# The file the `import` management command is reading (workspace.overrides), so its history says so.
command_import_file: ContextVar[str | None] = ContextVar("command_import_file", default=None)


def import_change_reason(file_name=None, by_command=False) -> str:
    reason = COMMAND_IMPORT_CHANGE_REASON if by_command else IMPORT_CHANGE_REASON
    return f"{reason}: {file_name}" if file_name else reason


class SpreadsheetRowResult(Result):
    """Rows numbered as the researcher's spreadsheet numbers them: the header is row 1.

    The library counts data rows from 1, so its "row 101" is the spreadsheet's row 102.
    """

    HEADER_ROWS = 1

    def __init__(self, rows_before=0):
        super().__init__()
        # A background import reads a large file a chunk at a time (core.imports): the rows of the
        # chunks before this one come first in the researcher's spreadsheet.
        self.rows_before = rows_before

    def spreadsheet_row(self, number) -> int:
        return number + self.rows_before + self.HEADER_ROWS

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(self.spreadsheet_row(number), row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(self.spreadsheet_row(number), row, errors)

    def row_errors(self):
        return [(number + self.rows_before + self.HEADER_ROWS, errors) for number, errors in super().row_errors()]

    @property
    def counts(self) -> dict[str, int]:
        """What the import does with the file's rows: new, updated, unchanged, refused."""
        totals = self.totals
        return {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "update": totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            "refused": totals[RowResult.IMPORT_TYPE_INVALID] + totals[RowResult.IMPORT_TYPE_ERROR],
        }


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
        self.reset_cache()

    def reset_cache(self):
        # Filled on first use, once per import: one query for the column instead of one per row.
        self._by_key = None

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            if self.required:
                raise ValueError(_("Dit veld is verplicht."))
            return None
        if self._by_key is None:
            self._by_key = {str(getattr(obj, self.field)): obj for obj in self.get_queryset(value, row, **kwargs)}
        if value not in self._by_key:
            raise ValueError(
                _("Onbekende %(model)s: ‘%(value)s’.") % {"model": self.model._meta.verbose_name, "value": value}
            )
        return self._by_key[value]


class NaturalKeyListWidget(widgets.ManyToManyWidget):
    """Several related records by natural key, separated by |; every one must exist."""

    def __init__(self, model, field):
        super().__init__(model, separator="|", field=field)
        self.reset_cache()

    def reset_cache(self):
        # Filled on first use, once per import: one query for the column instead of one per row.
        self._by_key = None

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in str(value or "").split(self.separator) if key.strip()]
        if self._by_key is None:
            self._by_key = {str(getattr(obj, self.field)): obj for obj in self.model.objects.all()}
        found = self._by_key
        unknown = [key for key in keys if key not in found]
        if unknown:
            raise ValueError(
                _("Onbekende %(model)s: %(values)s.")
                % {"model": self.model._meta.verbose_name_plural, "values": ", ".join(unknown)}
            )
        return [found[key] for key in keys]


class NamesColumn(fields.Field):
    """The names beside a key column (`gemeente_naam` beside `gemeente`), so a person can read the file.

    Exported for reading; on import it only checks: empty, or the names of what the key column
    names. A name that disagrees with its code refuses the row, since either could be the mistake.
    With `key_column`, the names are read from that column's records (a list of codes, as in
    `gemeenten`); without it, from the imported record by `attribute`.
    """

    def __init__(self, attribute, column_name, key_column=None, separator="|"):
        super().__init__(attribute=attribute, column_name=column_name, readonly=True, widget=text_widget())
        self.key_column = key_column
        self.separator = separator

    def export(self, instance, **kwargs):
        if self.key_column is None:
            return super().export(instance, **kwargs)
        related = self.get_value(instance)
        return self.separator.join(str(obj.name) for obj in related.all()) if related is not None else ""

    def split(self, value) -> list[str]:
        return [name.strip() for name in str(value or "").split(self.separator) if name.strip()]

    def problem(self, resource, instance, row):
        """Why the row's names disagree with its key column, or None."""
        given = self.split(row.get(self.column_name))
        if not given:
            return None
        if self.key_column is None:
            expected = self.split(self.get_value(instance))
        else:
            expected = [str(obj.name) for obj in resource.fields[self.key_column].clean(row)]
        if [name.casefold() for name in given] == [name.casefold() for name in expected]:
            return None
        return _(
            "‘%(given)s’ hoort niet bij de code in kolom ‘%(key)s’ (die staat voor ‘%(expected)s’). "
            "Deze kolom is ter informatie: maak hem leeg of verbeter de code of de naam."
        ) % {
            "given": self.separator.join(given),
            "key": self.key_column or resource.names_key_column,
            "expected": self.separator.join(expected) or "-",
        }


def publication_field():
    return fields.Field(
        attribute="publication_status",
        column_name="publicatiestatus",
        widget=ChoiceWidget({"concept": PublicationStatus.DRAFT, "gepubliceerd": PublicationStatus.PUBLISHED}),
    )


class PrefetchKeepingDiff(Diff):
    """The library's preview diff, reading the record's relations without a query per row.

    The library compares a row with a deep copy of its record, and a deep copy drops what a
    queryset has fetched: so the values before the change are read from the record itself, which
    the library has not changed yet when it makes the diff (its relations prefetched by the
    instance loader). The values after it read the links this row gives (`import_links`, set by
    `ContentResource.save_m2m`), which are written in bulk only after the last row.
    """

    def __init__(self, resource, instance, new):
        source = getattr(resource, "_current_instance", None)
        # Not the library's __init__: it reads the values without the resource's dehydrate methods.
        self.left = self._values(resource, source if instance is not None and source is not None else instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self._values(resource, instance)

    @staticmethod
    def _values(resource, instance):
        """As an export writes them (dehydrate methods included), so the preview shows the key columns a
        resource resolves itself and where a status change goes (`ronde`)."""
        if instance is None:
            return ["" for _field in resource.get_import_fields()]
        values = []
        links = getattr(instance, "import_links", {})
        for field in resource.get_import_fields():
            linked = PrefetchKeepingDiff._linked(field, links.get(field.attribute))
            if linked is not None:
                values.append(linked)
                continue
            try:
                values.append(resource.export_field(field, instance))
            except (ObjectDoesNotExist, ValueError):
                values.append("")  # a new record before its keys are resolved and it has links
        return values

    @staticmethod
    def _linked(field, records) -> str | None:
        """A relation's column as an export writes it, from the records this row links; None for
        another column, or when the row gives no links for it."""
        if records is None:
            return None
        if isinstance(field, NamesColumn) and field.key_column is not None:
            return field.separator.join(str(obj.name) for obj in records)
        if isinstance(field.widget, widgets.ManyToManyWidget):
            return field.widget.render(_Records(records))
        return None


class _Records(list):
    """Records read as a relation manager reads them (`.all()`), for a widget's `render`."""

    def all(self):
        return self


class NaturalKeyInstanceLoader(BaseInstanceLoader):
    """Finds a row's existing record in memory: one query for all records instead of one per row.

    Records are keyed by their import-id columns as an export writes them (CBS code, slug), and
    come from the resource's queryset with its prefetched relations, so comparing a row with its
    record needs no query either. Records the import creates never join the index: a key named
    twice in one file is refused before it is looked up (ContentResource._refuse_repeated_key).
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        names = resource.get_import_id_fields()
        # A resource that finds its records itself (several keys resolved together) has no
        # import-id columns to index by, and no use for this index.
        self.id_fields = [resource.fields[name] for name in names] if set(names) <= set(resource.fields) else []
        self.instances = (
            {self.key_of(instance): instance for instance in self._candidates(resource, dataset)}
            if self.id_fields
            else {}
        )

    def _candidates(self, resource, dataset):
        """The records the file may name: every one whose key column holds a value of the file.

        Reading every record with its relations cost seconds at 10,000 records, while a file of new
        records names none of them. The column with the most distinct values selects, in chunks
        (databases limit a query's parameters); a record outside them cannot match a row. Only
        text keys are compared in the database; with none, every record is read as before.
        """
        queryset = resource.get_queryset()
        textual = [
            field for field in self.id_fields if isinstance(field.widget, (widgets.CharWidget, NaturalKeyWidget))
        ]
        if dataset is None or not textual:
            return queryset
        values = {field: set() for field in textual}
        for row in dataset.dict:
            for field in textual:
                value = row.get(field.column_name)
                # As key_of_row reads it, before and after before_import_row restores a formula.
                values[field].update({str(value or "").strip(), str(restore_formula(value) or "").strip()})
        field = max(textual, key=lambda field: len(values[field]))
        lookup = (
            field.attribute
            if not isinstance(field.widget, NaturalKeyWidget)
            else f"{field.attribute}__{field.widget.field}"
        )
        return (
            instance
            for batch in batched(sorted(values[field]))
            for instance in queryset.filter(**{f"{lookup}__in": batch})
        )

    def key_of(self, instance):
        return tuple(str(field.export(instance)).strip() for field in self.id_fields)

    def key_of_row(self, row):
        return tuple(str(row.get(field.column_name) or "").strip() for field in self.id_fields)

    def get_instance(self, row):
        for field in self.id_fields:
            # An unknown key (a CBS code that does not exist) is an error of the row, as in the
            # database lookup this replaces; the widgets' caches make this free.
            field.clean(row)
        return self.instances.get(self.key_of_row(row))


class ContentResource(resources.ModelResource):
    # The plural Dutch name of the open-data dataset and resource: names export files and sheets.
    dataset_name = ""
    # Columns added after files were already in use: a file without them keeps the stored values.
    optional_columns: tuple = ()
    # The key column a NamesColumn without its own key column stands beside.
    names_key_column = "gemeente"

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        instance_loader_class = NaturalKeyInstanceLoader

    # Rows of the same file that earlier chunks imported (core.imports reads a large file in chunks).
    rows_before = 0
    # Set between the chunks of one file, so a key repeated across chunks is still refused.
    continues_file = False
    # Whether the running import only previews: import_data's own `dry_run`, kept here because the
    # library passes it to the row hooks but not to before_import, nor to after_import for a file
    # without rows. Only a real import writes the links, the history and the new content version.
    dry_run = False

    def get_result_class(self):
        return functools.partial(SpreadsheetRowResult, rows_before=self.rows_before)

    def import_data(self, dataset, dry_run=False, **kwargs):
        self.dry_run = dry_run
        # All or nothing, also from the command line: one invalid row rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        # The search index is written once for the whole file (after_import), not row by row.
        with search.updates_paused():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
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
        # A read-only column (a NamesColumn) may share its attribute with the key column it explains.
        column_for = {field.attribute: field.column_name for field in self.get_import_fields() if not field.readonly}
        return ValidationError({column_for.get(name, name): problems for name, problems in error.error_dict.items()})

    def _check_columns(self, dataset):
        expected = {field.column_name for field in self.get_import_fields()}
        headers = [str(header or "").strip() for header in (dataset.headers or [])]
        missing = sorted(expected - set(headers) - set(self.optional_columns))
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

    def before_import_row(self, row, **kwargs):
        formulas = {
            column: _("Formules zijn niet toegestaan; gebruik alleen waarden.")
            for column, value in row.items()
            if looks_like_formula(value)
        }
        if formulas:
            raise ValidationError(formulas)
        # A cell our export neutralised ('- een opsomming) comes back as it was stored.
        for column, value in row.items():
            row[column] = restore_formula(value)
        self._refuse_repeated_key(row, kwargs.get("row_number"))
        super().before_import_row(row, **kwargs)

    def record_key_columns(self) -> list[str]:
        """The columns that together name one record: two rows with the same values are one record."""
        return [self.fields[name].column_name for name in self.get_import_id_fields() if name in self.fields]

    def _refuse_repeated_key(self, row, row_number):
        columns = self.record_key_columns()
        if not columns or row_number is None:
            return
        key = tuple(str(row.get(column) or "").strip() for column in columns)
        spreadsheet_row = row_number + self.rows_before + SpreadsheetRowResult.HEADER_ROWS
        first = self._rows_by_key.setdefault(key, spreadsheet_row)
        if first != spreadsheet_row:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: _(
                        "Deze regel noemt hetzelfde record (%(key)s) als regel %(first)s; een record mag maar "
                        "één keer in een bestand staan. Voeg regel %(first)s en regel %(row)s samen tot één regel."
                    )
                    % {
                        "key": ", ".join(f"{column} ‘{value}’" for column, value in zip(columns, key, strict=True)),
                        "first": first,
                        "row": spreadsheet_row,
                    }
                }
            )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            # A names column is only checked against a key that could be read (its own error says why not).
            key_failed = field.attribute and field.attribute.split("__")[0] in errors
            if isinstance(field, NamesColumn) and field.column_name in row and not key_failed:
                try:
                    problem = field.problem(self, instance, row)
                except ValueError:
                    problem = None  # the key column itself is wrong, and its own error says so
                if problem:
                    errors.setdefault(field.column_name, []).append(ValidationError(problem))
        if errors:
            raise ValidationError(errors)

    # --- Export --------------------------------------------------------------------------------------

    def after_export(self, queryset, dataset, **kwargs):
        # A spreadsheet's sheet is named after the dataset, not "Tablib Dataset".
        dataset.title = self.dataset_name or None
        super().after_export(queryset, dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        # Every export (admin and `manage.py export`, every format) goes through here, so a control
        # character stored before they were refused cannot break the file either.
        return spreadsheet_text(super().export_field(field, instance, **kwargs))

    # --- Writing in bulk ----------------------------------------------------------------------------
    #
    # Each row is still checked and saved on its own (so its errors name the row and the model's
    # save() numbers the version), but without simple_history's per-save record and without
    # many-to-many writes, which cost a dozen queries a row. Both are written at the end, in bulk,
    # in the same transaction: one bad row still rolls everything back.

    # Whether full_clean() checks the model's check constraints: one query per constraint and row.
    # A resource whose constraints only repeat what the field checks already do (choices, not
    # blank) turns this off; the database enforces them in any case.
    validate_check_constraints = True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's validation, with uniqueness checked in memory instead of a query per row."""
        errors = dict(import_validation_errors or {})
        # A relation found by natural key came from the database in this import: no need to ask again.
        exclude = set(errors) | {
            field.attribute for field in self.get_import_fields() if isinstance(field.widget, NaturalKeyWidget)
        }
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if self.validate_check_constraints:
            # Also those on relations found by natural key (a quote's lesson and bottleneck), which
            # full_clean() skips with their fields; otherwise the database refuses the row in English.
            # Unique constraints are checked in memory below.
            model = self._meta.model
            for constraint in model._meta.constraints:
                if isinstance(constraint, CheckConstraint):
                    try:
                        constraint.validate(model, instance, exclude=set(errors))
                    except ValidationError as error:
                        errors = error.update_error_dict(errors)
        for name, error in self._uniqueness_errors(instance).items():
            errors.setdefault(name, []).append(error)
        if errors:
            raise ValidationError(errors)

    def _unique_field_sets(self):
        opts = self._meta.model._meta
        sets = [(field.name,) for field in opts.local_fields if field.unique and not field.primary_key]
        sets += [tuple(names) for names in opts.unique_together]
        sets += [tuple(constraint.fields) for constraint in opts.total_unique_constraints if constraint.fields]
        return list(dict.fromkeys(sets))

    def _uniqueness_index(self):
        if getattr(self, "_unique_index", None) is None:
            model = self._meta.model
            self._unique_index = {}
            for names in self._unique_field_sets():
                attnames = [model._meta.get_field(name).attname for name in names]
                values = model._default_manager.values_list("pk", *attnames)
                self._unique_index[names] = {"attnames": attnames, "by_key": {}, "by_pk": {}}
                for pk, *key in values:
                    self._remember_unique(names, pk, tuple(key))
        return self._unique_index

    def _remember_unique(self, names, pk, key):
        index = self._unique_index[names]
        old = index["by_pk"].pop(pk, None)
        if old is not None and index["by_key"].get(old) == pk:
            del index["by_key"][old]
        index["by_pk"][pk] = key
        index["by_key"][key] = pk

    def _uniqueness_errors(self, instance):
        errors = {}
        for names, index in self._uniqueness_index().items():
            key = tuple(getattr(instance, attname) for attname in index["attnames"])
            if None in key:
                continue
            holder = index["by_key"].get(key)
            if holder is not None and holder != instance.pk:
                name = names[0] if len(names) == 1 else NON_FIELD_ERRORS
                errors[name] = instance.unique_error_message(self._meta.model, names)
        return errors

    def _m2m_fields(self):
        return [field for field in self.get_import_fields() if isinstance(field.widget, widgets.ManyToManyWidget)]

    def before_import(self, dataset, **kwargs):
        self._saved = []  # (instance, created)
        self._links = []  # (instance, created, field, related records)
        self._through_rows = {}  # (field name, record id): its links as written
        if not self.continues_file:
            self._unique_index = None
            self._rows_by_key = {}  # a record's key: the spreadsheet row that first named it
        for field in self.fields.values():
            if hasattr(field.widget, "reset_cache"):
                field.widget.reset_cache()
        self._check_columns(dataset)
        super().before_import(dataset, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        instance.skip_history_when_saving = True
        super().before_save_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        del instance.skip_history_when_saving
        if not self.dry_run:
            self._saved.append((instance, instance._import_is_new))
        for names, index in self._uniqueness_index().items():
            self._remember_unique(names, instance.pk, tuple(getattr(instance, a) for a in index["attnames"]))
        super().after_save_instance(instance, row, **kwargs)

    # Whether each row's result keeps its comparison (the preview's diff and the record before the
    # change). A background import shows only counts and problems, and for 100,000 rows these copies
    # were most of a gigabyte (core.imports turns this off).
    keep_row_details = True

    def after_import_row(self, row, row_result, **kwargs):
        # A background import reports how far it is (core.imports).
        on_progress = getattr(self, "on_progress", None)
        done = self.rows_before + kwargs.get("row_number", 0)
        if on_progress is not None and done % PROGRESS_EVERY == 0:
            on_progress(done)
        if not self.keep_row_details:
            row_result.diff = row_result.original = None
        super().after_import_row(row, row_result, **kwargs)

    def get_diff_class(self):
        return PrefetchKeepingDiff

    def after_init_instance(self, instance, new, row, **kwargs):
        instance._import_is_new = new
        self._current_instance = instance
        super().after_init_instance(instance, new, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        # Writes nothing (the links are written in bulk after the last row), so a preview runs it too.
        for field in self._m2m_fields():
            if field.column_name not in row:
                continue
            related = list(field.clean(row))
            # The preview reads the new links from here (PrefetchKeepingDiff): they are written after the last row.
            instance.__dict__.setdefault("import_links", {})[field.attribute] = related
            if not self.dry_run:
                self._links.append((instance, instance._import_is_new, field, related))

    def after_import(self, dataset, result, **kwargs):
        if not self.dry_run and not result.has_errors() and not result.has_validation_errors():
            self._write_links()
            self._write_history(user=kwargs.get("user"), file_name=kwargs.get("file_name"))
            # Bulk writes send no signals: cached pages and the search index must still follow.
            search.reindex_records(self._meta.model, [instance.pk for instance, _created in self._saved])
            content_version.bump()
        super().after_import(dataset, result, **kwargs)

    def _write_links(self):
        model = self._meta.model
        by_field = {}
        for instance, created, field, related in self._links:
            by_field.setdefault(field.attribute, []).append((instance, created, related))
        for attribute, entries in by_field.items():
            model_field = model._meta.get_field(attribute)
            through = model_field.remote_field.through
            source = model_field.m2m_field_name()
            target = model_field.m2m_reverse_field_name()
            changed = [instance.pk for instance, created, _related in entries if not created]
            for batch in batched(changed):
                through.objects.filter(**{f"{source}_id__in": batch}).delete()
            links = [
                through(**{f"{source}_id": instance.pk, f"{target}_id": obj.pk})
                for instance, _created, related in entries
                for obj in related
            ]
            through.objects.bulk_create(links, batch_size=BULK_BATCH_SIZE)
            for link in links:
                self._through_rows.setdefault((attribute, getattr(link, f"{source}_id")), []).append(link)

    def _write_history(self, user, file_name):
        history = getattr(self._meta.model, "history", None)
        if history is None or not self._saved:
            return
        command_file = command_import_file.get()
        reason = import_change_reason(file_name or command_file, by_command=command_file is not None and user is None)
        records = []
        for created in (True, False):
            instances = [instance for instance, was_new in self._saved if was_new is created]
            if instances:
                records += history.bulk_history_create(
                    instances,
                    batch_size=BULK_BATCH_SIZE,
                    update=not created,
                    default_user=user,
                    default_change_reason=reason,
                )
        self._write_m2m_history(history.model, records)

    def _write_m2m_history(self, history_model, records):
        """The links of each new history record, as simple_history stores them for a normal save."""
        through_rows = self._through_rows
        for model_field, m2m_history_model in self._m2m_histories(history_model):
            through = model_field.remote_field.through
            source = model_field.m2m_field_name()
            names = [field.attname for field in through._meta.fields]
            written = {record.id for record in records if (model_field.name, record.id) in through_rows}
            # Links of records whose links this file did not touch: read them once.
            existing = {}
            for batch in batched(record.id for record in records if record.id not in written):
                for link in through.objects.filter(**{f"{source}_id__in": batch}):
                    existing.setdefault(getattr(link, f"{source}_id"), []).append(link)
            rows = [
                m2m_history_model(history=record, **{name: getattr(link, name) for name in names})
                for record in records
                for link in through_rows.get((model_field.name, record.id), existing.get(record.id, []))
            ]
            m2m_history_model.objects.bulk_create(rows, batch_size=BULK_BATCH_SIZE)

    def _m2m_histories(self, history_model):
        """(field, history model of its links) for each many-to-many field the model's history keeps.

        A model names them in HistoricalRecords(m2m_fields=...). For those fields, and only those,
        simple_history gives a historical record a manager of its links under the field's name
        (`record.themes.all()`).
        """
        for model_field in self._meta.model._meta.many_to_many:
            links = getattr(history_model, model_field.name, None)
            if isinstance(links, HistoryManager):
                yield model_field, links.model
