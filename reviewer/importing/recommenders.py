"""Recognising the recommender of a folder: from its name, its summary table or its letter.

Full names, short names (宁波, 兵团, 内蒙古) and numbered prefixes (``03_浙江省``);
when several names occur in one text the longest wins, so 新疆生产建设兵团 is not
taken for 新疆.
"""

from __future__ import annotations

import re

from reviewer.call import Call, Recommender

_PREFIX = re.compile(r"^[\d\s_\-.、()（）]+")


def recommender_in(text: str, call: Call) -> Recommender | None:
    """The recommender a text names: exactly, else the longest name or short name it contains."""
    compact = re.sub(r"\s+", "", _PREFIX.sub("", text))
    if not compact:
        return None
    exact = call.recommender(compact)
    if exact is not None:
        return exact
    best: tuple[int, Recommender] | None = None
    for rec in call.recommenders:
        for name in (rec.name, *rec.short):
            if name and name in compact and (best is None or len(name) > best[0]):
                best = (len(name), rec)
    return best[1] if best else None
