"""Hypothesis settings shared by the property tests: bounded, deterministic, no database of
examples (so every run, in CI too, tries the same cases)."""

from hypothesis import HealthCheck, settings


def bounded(examples: int):
    """At most ``examples`` cases, derandomized, no deadline; big generated inputs (1 MB
    cells, whole files) and function-scoped fixtures are expected, not health problems."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
