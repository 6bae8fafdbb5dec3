"""The equal-area projection used for every area and distance in the project."""

from __future__ import annotations

from pyproj import CRS

SICHUAN_ALBERS = "+proj=aea +lat_1=26 +lat_2=34 +lat_0=30 +lon_0=103 +ellps=WGS84 +units=m +no_defs"
"""Albers equal-area conic with standard parallels bracketing Sichuan (26°N–34.3°N)."""


def equal_area_crs() -> CRS:
    """Return the Albers equal-area CRS for Sichuan (metres); use it for km² and error metres."""
    return CRS.from_proj4(SICHUAN_ALBERS)
