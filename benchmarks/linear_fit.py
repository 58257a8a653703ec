"""Least squares without an intercept, for the benchmarks' cost models (no numpy here)."""

from __future__ import annotations

SINGULAR = 1e-9  # a pivot this small beside its column's largest entry: the terms are not apart


def fit(points: list[tuple[float, ...]]) -> list[float] | None:
    """The coefficients of the last value of each point on the others (normal equations,
    solved by elimination with partial pivoting); None when the points cannot tell the terms
    apart (a run repeated, or runs in proportion)."""
    k = len(points[0]) - 1
    m = [[sum(p[i] * p[j] for p in points) for j in range(k)]
         + [sum(p[i] * p[k] for p in points)] for i in range(k)]
    scale = [max(abs(x) for x in row[:k]) or 1.0 for row in m]
    for col in range(k):
        best = max(range(col, k), key=lambda r: abs(m[r][col]) / scale[r])
        m[col], m[best], scale[col], scale[best] = m[best], m[col], scale[best], scale[col]
        if abs(m[col][col]) <= SINGULAR * scale[col]:
            return None
        for row in range(k):
            if row != col:
                f = m[row][col] / m[col][col]
                m[row] = [x - f * y for x, y in zip(m[row], m[col], strict=True)]
    return [m[i][k] / m[i][i] for i in range(k)]
