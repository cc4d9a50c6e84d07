"""Small statistics for rater calibration, on plain numbers (no Django, no numpy).

- :func:`t_quantile`: Student's t quantile: the CDF from the regularised incomplete beta
  function (Lentz's continued fraction, Numerical Recipes §6.4), inverted by Newton's method
  from the Cornish–Fisher start; checked in the tests against the printed table (df 1 →
  12.706, df 10 → 2.228) and against the CDF itself.
- :func:`welch_interval`: the difference of two means with Welch's confidence interval
  (Welch–Satterthwaite degrees of freedom). A small team gives few degrees of freedom and a
  wide interval, so a rater of three people is not called lenient on one generous rating.
- :func:`pearson`: the correlation coefficient of paired values.

Every function takes summaries (``Summary``: n, mean, sample variance) or sequences, so
100,000 results are summarised once in a single pass and compared per rater in O(raters).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """Count, mean and sample variance (n − 1 denominator) of a set of values."""

    n: int
    mean: float
    variance: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Summary:
        n = len(values)
        if n == 0:
            return cls(0, 0.0, 0.0)
        mean = statistics.fmean(values)
        return cls(n, mean, statistics.variance(values, mean) if n > 1 else 0.0)

    @classmethod
    def from_sums(cls, n: int, total: float, total_sq: float) -> Summary:
        """From n, Σx and Σx² (how the database and a one-pass loop hand them over)."""
        if n == 0:
            return cls(0, 0.0, 0.0)
        mean = total / n
        variance = max(0.0, (total_sq - n * mean * mean) / (n - 1)) if n > 1 else 0.0
        return cls(n, mean, variance)


@dataclass
class Sums:
    """Running n, Σx, Σx², to subtract one group from the whole (leave-one-out)."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    def add(self, x: float) -> Sums:
        """Add one value in place (one pass over 100,000 results); returns itself."""
        self.n += 1
        self.total += x
        self.total_sq += x * x
        return self

    def __sub__(self, other: Sums) -> Sums:
        return Sums(self.n - other.n, self.total - other.total, self.total_sq - other.total_sq)

    def summary(self) -> Summary:
        return Summary.from_sums(self.n, self.total, self.total_sq)


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x)
        + b * math.log1p(-x)
    )  # fmt: skip
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with ``df`` degrees of freedom (df may be fractional)."""
    if df <= 0:
        raise ValueError("derajat bebas harus positif")
    x = df / (df + t * t)
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, x)
    return 1.0 - tail if t >= 0 else tail


def t_pdf(t: float, df: float) -> float:
    """The density of Student's t."""
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2 * math.log1p(t * t / df))


def t_quantile(p: float, df: float) -> float:
    """The t value with P(T ≤ t) = p: exact closed forms for df 1 and 2; otherwise the
    Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5) as a start, refined by Newton's
    method on :func:`t_cdf` (a few steps to 1e-10)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p harus di antara 0 dan 1")
    if df == 1:
        return math.tan(math.pi * (p - 0.5))
    if df == 2:
        return (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    z = statistics.NormalDist().inv_cdf(p)
    t = (
        z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )  # fmt: skip
    for _ in range(50):
        step = (t_cdf(t, df) - p) / t_pdf(t, df)
        t -= step
        if abs(step) < 1e-10:
            break
    return t


@dataclass(frozen=True)
class Interval:
    """A difference of means with its confidence interval."""

    difference: float
    low: float
    high: float
    df: float
    confidence: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


def welch_interval(group: Summary, rest: Summary, *, confidence: float = 0.95) -> Interval | None:
    """Mean of ``group`` minus mean of ``rest`` with Welch's t interval.

    ``se = √(s₁²/n₁ + s₂²/n₂)``; ``df = se⁴ / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1))``;
    interval ``d ± t(1 − α/2, df) · se``. None when either side has fewer than two values.
    When both variances are zero the interval is the point itself (df taken as n₁ + n₂ − 2).
    """
    if group.n < 2 or rest.n < 2:
        return None
    difference = group.mean - rest.mean
    a, b = group.variance / group.n, rest.variance / rest.n
    se2 = a + b
    if se2 == 0:
        return Interval(difference, difference, difference, group.n + rest.n - 2, confidence)
    df = se2 * se2 / (a * a / (group.n - 1) + b * b / (rest.n - 1))
    half = t_quantile(1.0 - (1.0 - confidence) / 2.0, df) * math.sqrt(se2)
    return Interval(difference, difference - half, difference + half, df, confidence)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r of paired values; None with fewer than three pairs or no spread."""
    if len(xs) != len(ys):
        raise ValueError("pasangan nilai harus sama panjang")
    n = len(xs)
    if n < 3:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def shares(codes: Iterable[str], order: Sequence[str]) -> dict[str, float]:
    """The share of each code of ``order`` among ``codes`` (0 for a code never seen)."""
    counts = dict.fromkeys(order, 0)
    total = 0
    for code in codes:
        if code in counts:
            counts[code] += 1
            total += 1
    return {code: (count / total if total else 0.0) for code, count in counts.items()}
