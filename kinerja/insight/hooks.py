"""Reactions to events of earlier apps (see kinerja.core.extensions)."""

from kinerja.insight.summary import refresh_aggregates


def on_period_closed(periode) -> None:
    """Store the dashboard's figures of a period once its results are frozen."""
    refresh_aggregates(periode)


def verification_warnings(*, skp, realisasi_ids) -> dict:
    """The data-error warnings a rater sees before verifying (``{realisasi_id: [...]}``;
    key None for warnings about the SKP as a whole)."""
    from kinerja.insight.warnings import warnings_for_verification

    return warnings_for_verification(skp, realisasi_ids=realisasi_ids)
