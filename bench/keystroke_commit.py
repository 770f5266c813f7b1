"""Benchmark: one keystroke's committed score edit, through the product's engine and through a bare one.

The store's changes for issue 10 (the error hook that turns SQLite's file faults
into StoreErrors, the busy timeout, the migrations' read-write version check)
must not make a scoring edit slower. Timed, in one process, on two copies of the
demo review: ``Review.set_points`` through ``open_engine`` (the product), and the
same call on a Review whose engine is a bare SQLAlchemy engine with only the
pragmas (WAL, synchronous=FULL, foreign keys) — the baseline, no hook. Each edit
is a committed transaction with an fsync, as in the window. Medians of ``--runs``
rounds of ``--edits`` edits; the ratio product/baseline should be about 1.

    python bench/keystroke_commit.py [--edits 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402
from sqlmodel import create_engine  # noqa: E402

from reviewer.review import Review  # noqa: E402
from reviewer.setup import ensure_demo_review  # noqa: E402
from reviewer.store import database  # noqa: E402


def _bare(path: Path) -> Review:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", database._pragmas)
    return Review(path, engine, None)


def _round(review: Review, edits: int) -> float:
    ids = [d.id for d in review.declarations()]
    started = time.perf_counter()
    for n in range(edits):
        review.set_points(ids[n % len(ids)], "C1", float(n % 20) / 2)
    return (time.perf_counter() - started) / edits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = ensure_demo_review(Path(folder) / "demo.sqlite")
        copies = [Path(folder) / f"{name}.sqlite" for name in ("product", "bare")]
        for copy in copies:
            shutil.copy(template, copy)
        product, bare = Review.open(copies[0]), _bare(copies[1])
        _round(product, 20), _round(bare, 20)  # warm-up: imports, statements, page cache
        timings: dict[str, list[float]] = {"product": [], "bare": []}
        for _ in range(args.runs):  # interleaved, so both meet the same machine load
            timings["product"].append(_round(product, args.edits))
            timings["bare"].append(_round(bare, args.edits))
        product.close(), bare.close()
    p, b = statistics.median(timings["product"]), statistics.median(timings["bare"])
    print(f"keystroke commit, product engine (open_engine): {1000 * p:.2f} ms per edit")
    print(f"keystroke commit, bare engine (baseline):       {1000 * b:.2f} ms per edit")
    print(f"ratio product/baseline: {p / b:.2f}")


if __name__ == "__main__":
    main()
