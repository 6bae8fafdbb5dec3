"""Loading the cached WGS84 boundaries of Sichuan's province, prefectures and counties."""

from __future__ import annotations

import geopandas as gpd

from geodata._errors import GeodataError
from geodata.build import ensure_cache
from geodata.simplify import VARIANTS, VariantName

VARIANT_NAMES: tuple[VariantName, ...] = ("full", *VARIANTS)


def _load(layer: str, variant: str) -> gpd.GeoDataFrame:
    if variant not in VARIANT_NAMES:
        msg = f"unknown boundary variant {variant!r}; choose one of {', '.join(VARIANT_NAMES)}"
        raise GeodataError(msg)
    path = ensure_cache() / variant / f"{layer}.parquet"
    try:
        return gpd.read_parquet(path)
    except (OSError, ValueError) as error:
        msg = f"{path}: cannot read cached boundaries ({error}); run 'python -m geodata build'"
        raise GeodataError(msg) from error


def load_prefectures(*, variant: VariantName = "full") -> gpd.GeoDataFrame:
    """Return the 21 prefecture-level divisions of Sichuan in WGS84 (EPSG:4326).

    Parameters
    ----------
    variant
        ``"full"`` (source resolution), ``"web"`` (boundary error ≤ 400 m) or
        ``"overview"`` (≤ 1.5 km). Simplified variants keep shared borders shared.

    Returns
    -------
    GeoDataFrame
        Columns ``adcode`` ("510100"), ``name`` (成都市), ``short_name`` (成都),
        ``name_en`` (Chengdu), ``label_lon``, ``label_lat`` and ``geometry``, sorted by adcode.

    Examples
    --------
    >>> load_prefectures(variant="web").set_index("adcode").loc["513400", "short_name"]
    '凉山'
    """
    prefectures = _load("prefectures", variant)
    return _with_labels(prefectures)


def load_counties(*, variant: VariantName = "full") -> gpd.GeoDataFrame:
    """Return the 183 county-level divisions with ``prefecture_adcode``, in WGS84."""
    return _with_labels(_load("counties", variant))


def load_province(*, variant: VariantName = "full") -> gpd.GeoDataFrame:
    """Return the outline of Sichuan as a one-row GeoDataFrame in WGS84."""
    return _load("province", variant)


def _with_labels(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Attach the gazetteer's label point and, where missing, the English name to each row.

    The label point lies inside the polygon; counties' English names are romanised (see
    ``name_en_romanised``).
    """
    from geodata.gazetteer import gazetteer

    wanted = ["label_lon", "label_lat", "name_en", "name_en_romanised"]
    labels = gazetteer().set_index("adcode")[[c for c in wanted if c not in layer.columns]]
    layer = layer.join(labels, on="adcode")
    columns = [c for c in layer.columns if c != "geometry"] + ["geometry"]
    return layer[columns].sort_values("adcode").reset_index(drop=True)
