"""rollagg.unpack_timings (every row's timing blob at once) against Agg.decode row by row."""

from __future__ import annotations

import numpy as np

from monitor.store.rollagg import Agg, unpack_timings


def _agg(rng: np.random.Generator) -> Agg:
    answered, reached = int(rng.integers(0, 6)), int(rng.integers(0, 9))
    reached = max(reached, answered)
    censored = reached - answered
    end = rng.random(censored) * 1e9
    end[rng.random(censored) < 0.3] = np.nan  # still waiting: censored at "now"
    return Agg(
        counts=[reached, reached, answered, 0, 0, 0, 0, 0, 0, 0],
        lat=rng.integers(0, 10**8, answered).astype(np.int64),
        lat_slot=rng.integers(0, 168, answered).astype(np.int64),
        lat_day=rng.integers(19_000, 20_000, answered).astype(np.int64),
        rs_slot=rng.integers(0, 168, reached).astype(np.int64),
        rs_day=rng.integers(19_000, 20_000, reached).astype(np.int64),
        cen_sub=rng.random(censored) * 1e9,
        cen_end=end,
    )


def test_it_gives_every_rows_timing_as_decoding_row_by_row_does() -> None:
    rng = np.random.default_rng(7)
    rows = [Agg.decode(*_agg(rng).encode()) for _ in range(200)]  # as stored, then read back
    blobs = [r.encode()[4] for r in rows]
    lat = np.concatenate([r.lat for r in rows])
    lat_len = np.array([len(r.lat) for r in rows], dtype=np.int64)
    got = unpack_timings(lat, lat_len, blobs)
    for name in ("lat", "lat_slot", "lat_day", "rs_slot", "rs_day", "cen_sub"):
        assert np.array_equal(getattr(got, name), np.concatenate([getattr(r, name) for r in rows])), name
    want_end = np.concatenate([r.cen_end for r in rows])
    assert np.array_equal(np.isnan(got.cen_end), np.isnan(want_end)) and np.any(np.isnan(want_end))
    assert np.array_equal(got.cen_end[~np.isnan(want_end)], want_end[~np.isnan(want_end)])
    for name, part in (("lat_row", "lat"), ("rs_row", "rs_slot"), ("cen_row", "cen_sub")):
        want_rows = np.concatenate([np.full(len(getattr(r, part)), i) for i, r in enumerate(rows)])
        assert np.array_equal(getattr(got, name), want_rows), name


def test_it_reads_no_rows_and_empty_rows() -> None:
    empty = unpack_timings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])
    assert len(empty.lat) == len(empty.rs_slot) == len(empty.cen_sub) == 0
    blob = Agg().encode()[4]
    one = unpack_timings(np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), [blob])
    assert len(one.rs_row) == len(one.cen_row) == 0
