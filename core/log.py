"""Logging helpers referenced from settings.LOGGING."""

import logging


class OneLineWarning(logging.Filter):
    """Turns a record into a single WARNING line: no traceback, whatever level it was logged at."""

    def filter(self, record):
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
