"""The gazetteer table: every place of Sichuan with its names, level, parent and label point.

The table is read once from the boundary cache (``places.parquet``, written by
:mod:`geodata.build`). Turning a reference (成都, 仁寿县, 510100) into a place is
:mod:`geodata.places`'s job; this module only holds the table it searches.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geodata._errors import GeodataError
from geodata.build import ensure_cache


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """Return the cached gazetteer frame itself (shared: callers must not modify it)."""
    path = ensure_cache() / "places.parquet"
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as error:
        msg = f"{path}: cannot read the place table ({error}); run 'python -m geodata build'"
        raise GeodataError(msg) from error


def gazetteer() -> pd.DataFrame:
    """Return every place: province, 21 prefectures, 183 counties and Chongqing.

    Columns ``adcode``, ``name``, ``short_name``, ``name_en`` (curated for the province and
    prefectures, romanised for counties), ``name_en_romanised``, ``level``, ``parent_adcode``,
    ``label_lon``, ``label_lat``, ``aliases``.
    """
    return table().copy()
