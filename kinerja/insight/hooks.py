"""Reactions to events of earlier apps (see kinerja.core.extensions)."""

from kinerja.insight.summary import refresh_aggregates


def on_period_closed(periode) -> None:
    """Store the dashboard's figures of a period once its results are frozen."""
    refresh_aggregates(periode)
