"""Text that cannot break a file: the one rule for invisible control characters.

A control character is invisible on a page but fatal in a file: XML (and so XLSX) may not contain
most of them at all, so one vertical tab (Word's soft line break, which comes along when text is
pasted from Word) in one title made every visitor's download of that dataset fail. Every input
path refuses them (`refuse_control_characters`, applied by core.models.CheckedText to every text
field, which the admin's forms and the imports both run); every file writer also removes them
(`writable`), so text stored before this rule existed can still never break a file.

Tab, newline and carriage return are ordinary text and stay allowed.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, newline and carriage return; DEL; the C1 controls.
_CONTROL_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F))
# What a file writer leaves out: the controls above, plus what XML 1.0 and UTF-8 cannot carry at all
# (lone surrogates and the non-characters U+FFFE and U+FFFF).
_UNWRITABLE_RANGES = (*_CONTROL_RANGES, (0xD800, 0xDFFF), (0xFFFE, 0xFFFF))


def _character_class(ranges) -> re.Pattern:
    return re.compile("[" + "".join(f"\\u{first:04x}-\\u{last:04x}" for first, last in ranges) + "]")


CONTROL_CHARACTERS = _character_class(_CONTROL_RANGES)
UNWRITABLE_CHARACTERS = _character_class(_UNWRITABLE_RANGES)
# For writers that look at a cell's first character only (a fast path for the many plain cells).
UNWRITABLE = frozenset(chr(code) for first, last in _UNWRITABLE_RANGES for code in range(first, last + 1))

CONTROL_CHARACTER_MESSAGE = _(
    "Deze tekst bevat een onzichtbaar stuurteken (%(character)s, op positie %(position)s) dat niet is "
    "toegestaan. Zo'n teken komt vaak mee bij kopiëren uit Word; verwijder het en probeer het opnieuw."
)


def refuse_control_characters(value) -> None:
    """A validator: text with a control character other than tab, newline or carriage return is refused."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found is not None:
        raise ValidationError(
            CONTROL_CHARACTER_MESSAGE,
            code="control_character",
            params={"character": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
        )


def writable(text: str) -> str:
    """The text without the characters a file may not contain."""
    return UNWRITABLE_CHARACTERS.sub("", text)
