"""The one error type services raise for bad input or forbidden actions."""

from __future__ import annotations


class ApplicationError(Exception):
    """A user-facing error: a message and, where it applies, messages per field.

    Services raise it before writing anything; views turn it into form errors, the API into a
    400 (or 403 for ``PermissionDenied``) JSON body naming each field.
    """

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[str, list[str]] = errors or {}

    @classmethod
    def for_field(cls, field: str, message: str) -> ApplicationError:
        return cls(message, errors={field: [message]})


class PermissionDenied(ApplicationError):
    """The actor may not take this action on this object."""


def require(decision: tuple[bool, str]) -> None:
    """Raise ``PermissionDenied`` with the reason when a ``can_*`` decision says no."""
    allowed, reason = decision
    if not allowed:
        raise PermissionDenied(reason)
