"""django-import-export's `import`, recorded in the history as an import by a management command.

The command passes no user, so without this its changes would show as made by nobody for no
reason; now each says "Import via beheercommando: <file>".
"""

from importlib import import_module
from pathlib import Path

from core.resources import command_import_file

# `import` is a keyword, so the library's module cannot be named in an import statement.
library_command = import_module("import_export.management.commands.import")


class Command(library_command.Command):
    def handle(self, *args, **options):
        name = options.get("import_file_name")
        token = command_import_file.set("stdin" if name == "-" else Path(name).name)
        try:
            return super().handle(*args, **options)
        finally:
            command_import_file.reset(token)
