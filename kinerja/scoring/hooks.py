"""Reactions to events of earlier apps (see kinerja.core.extensions)."""


def on_skp_changed(*, skp_id: int) -> None:
    """An SKP's inputs changed (committed): its results follow at once."""
    from kinerja.scoring.services.results import recompute_skp

    recompute_skp(skp_id)
