"""createsuperuser that holds a password from DJANGO_SUPERUSER_PASSWORD (--noinput) to the same rules.

Django checks AUTH_PASSWORD_VALIDATORS (at least 12 characters, not common, not only digits) only
when the password is typed; with --noinput it would accept "1234" for an account that can do anything.
"""

import os

from django.contrib.auth.management.commands import createsuperuser
from django.contrib.auth.password_validation import validate_password
from django.core import exceptions
from django.core.management.base import CommandError


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            fields = {self.UserModel.USERNAME_FIELD: options.get(self.UserModel.USERNAME_FIELD)}
            for name in self.UserModel.REQUIRED_FIELDS:
                fields[name] = options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}")
            if fields[self.UserModel.USERNAME_FIELD] is None:
                fields[self.UserModel.USERNAME_FIELD] = os.environ.get(
                    f"DJANGO_SUPERUSER_{self.UserModel.USERNAME_FIELD.upper()}"
                )
            try:
                validate_password(password, self.UserModel(**{k: v for k, v in fields.items() if v is not None}))
            except exceptions.ValidationError as error:
                raise CommandError("DJANGO_SUPERUSER_PASSWORD is refused: " + " ".join(error.messages)) from None
        return super().handle(*args, **options)
