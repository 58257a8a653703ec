"""The ingest benchmark's cost model: CPU = a × events + b × orders written + c × orders
changed, fitted by least squares over its runs. Runs that cannot tell the terms apart (the same
run repeated to see its spread) give no fit, not a crash after the runs were measured."""

from __future__ import annotations

import pytest

from benchmarks.linear_fit import fit


def test_the_fit_recovers_known_coefficients():
    truth = (80e-6, 20e-6, 70e-6)
    runs = [(10_000, 200, 200), (10_000, 2_000, 2_000), (10_000, 10_000, 5_000),
            (5_000, 5_000, 2_500), (10_000, 10_000, 0)]
    points = [(*r, sum(t * x for t, x in zip(truth, r, strict=True))) for r in runs]
    assert fit(points) == pytest.approx(truth, rel=1e-9)


def test_repeated_runs_give_no_fit():
    assert fit([(10_000, 200, 200, 1.5), (10_000, 200, 200, 1.6), (10_000, 200, 200, 1.7)]
               ) is None
    assert fit([(10_000, 200, 200, 1.5), (20_000, 400, 400, 3.1)]) is None  # proportional
