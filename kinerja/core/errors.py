"""The refusals every app raises: one hierarchy, so pages, API and commands map them alike.

A DomainError says, in Indonesian, why a change cannot be made and what to do next; ``kolom``
names the field at fault when there is one (the API reports it as ``kolom``). NotAllowed and
VersionConflict are the two refusals every app shares; an app derives its own kinds from
DomainError (``skp``'s PeriodClosed, ``org``'s OrgError) so one ``except DomainError`` catches
them all.
"""


class DomainError(ValueError):
    """A change that cannot be made; the message says why and what to do, in Indonesian."""

    def __init__(self, message: str, *, kolom: str | None = None):
        super().__init__(message)
        self.kolom = kolom


class NotAllowed(DomainError):
    """The acting user may not do this."""


class VersionConflict(DomainError):
    """Someone else saved the same row since it was opened: nothing was overwritten."""
