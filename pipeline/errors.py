"""The base of every expected failure: the CLI prints its message as one line and exits 1.

Modules subclass `ComplaintsError` for failures a user can fix (bad input, a database
that cannot be reached); anything else is a bug and keeps its traceback.
"""


class ComplaintsError(Exception):
    """An expected failure with a one-line, user-facing explanation."""


EXPECTED: tuple[type[BaseException], ...] = (ComplaintsError,)
