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


def _rows(n: int, rows: np.ndarray, *columns: np.ndarray) -> list[list[tuple[float, ...]]]:
    """Per row of ``n``, its (value, ...) tuples sorted: the multiset a row holds, in whatever order stored."""
    out: list[list[tuple[float, ...]]] = [[] for _ in range(n)]
    for i, r in enumerate(rows.tolist()):
        out[r].append(tuple(float(c[i]) for c in columns))
    return [sorted(x) for x in out]


def test_it_gives_back_every_rows_timing_as_it_was_encoded() -> None:
    rng = np.random.default_rng(7)
    made = [_agg(rng) for _ in range(200)]
    encoded = [a.encode() for a in made]
    lat = np.concatenate([np.frombuffer(e[1], dtype=np.int64) for e in encoded])
    lat_len = np.array([len(a.lat) for a in made], dtype=np.int64)
    got = unpack_timings(lat, lat_len, [e[4] for e in encoded])

    def want(*names: str) -> list[list[tuple[float, ...]]]:
        per_row = [sorted(zip(*(getattr(a, n).tolist() for n in names), strict=True)) for a in made]
        return [[tuple(float(v) for v in t) for t in row] for row in per_row]

    n = len(made)
    assert _rows(n, got.lat_row, got.lat, got.lat_slot, got.lat_day) == want("lat", "lat_slot", "lat_day")
    assert _rows(n, got.rs_row, got.rs_slot, got.rs_day) == want("rs_slot", "rs_day")
    assert np.isnan(got.cen_end).any()  # still waiting: NaN, compared below as -1
    for a in made:
        a.cen_end = np.nan_to_num(a.cen_end, nan=-1.0)
    assert _rows(n, got.cen_row, got.cen_sub, np.nan_to_num(got.cen_end, nan=-1.0)) == want(
        "cen_sub", "cen_end"
    )
    # and one row at a time, as the write path decodes them, gives the same arrays
    for a, e in zip(made[:20], encoded[:20], strict=True):
        back = Agg.decode(*e)
        assert sorted(
            zip(back.lat.tolist(), back.lat_slot.tolist(), back.lat_day.tolist(), strict=True)
        ) == sorted(zip(a.lat.tolist(), a.lat_slot.tolist(), a.lat_day.tolist(), strict=True))


def test_it_reads_no_rows_and_empty_rows() -> None:
    empty = unpack_timings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])
    assert len(empty.lat) == len(empty.rs_slot) == len(empty.cen_sub) == 0
    blob = Agg().encode()[4]
    one = unpack_timings(np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), [blob])
    assert len(one.rs_row) == len(one.cen_row) == 0
