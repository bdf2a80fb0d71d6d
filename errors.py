"""Errors shared across the package."""


class CliError(Exception):
    """A command cannot do its job. ``str(exc)`` is the one-line English message for the operator.

    ``exit_code`` defaults to 1; the CLI prints ``error: <message>`` and never a traceback.
    """

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
