"""folium layers of the explorer: tiers, several industries, overlays, base maps, legend, assets.

Pure data first (:mod:`layers.tables`), then folium builders that take those frames and
compact geometry (:mod:`layers.geometry`) and return feature groups; :mod:`layers.view`
puts one view together for the app and for the offline HTML export. folium is used only in
this package, and every piece of data text is escaped with
:func:`layout_rules.text.escape_html` before it reaches folium.
"""

from __future__ import annotations

from layers._errors import LayersError
from layers.assets import ensure_installed, inline_assets, install, localise
from layers.basemaps import BASEMAPS, BaseMap, base_map, city_places, click_to_wgs84
from layers.geometry import decode_shape, encode_frame, encode_shape
from layers.overlays import (
    OVERLAY_TYPES,
    OVERLAYS,
    OverlayData,
    Overlays,
    OverlayType,
    Selection,
    cluster_layer,
    corridor_layer,
    county_layer,
    overlay_data,
    park_layer,
)
from layers.small_multiples import small_multiples_svg
from layers.svg import MapLayers, map_layers, role_map_svg
from layers.tables import (
    Boundaries,
    city_roles,
    cluster_shapes,
    cluster_table,
    corridor_table,
    focus_table,
    industry_counts,
    park_table,
)
from layers.tiers import (
    count_layer,
    count_legend,
    label_layer,
    ramp,
    role_counts,
    tier_layer,
    tier_legend,
)
from layers.view import (
    JoinedData,
    MapData,
    MapParts,
    MapView,
    boundary_shapes,
    county_data,
    explorer_map,
    export_html,
    industry_names,
    joined_data,
    joined_frame,
    layer_control,
    locate,
    map_data,
    standalone_map,
    view_layers,
)

__all__ = [
    "BASEMAPS",
    "OVERLAYS",
    "OVERLAY_TYPES",
    "BaseMap",
    "Boundaries",
    "JoinedData",
    "LayersError",
    "MapData",
    "MapLayers",
    "MapParts",
    "MapView",
    "OverlayData",
    "OverlayType",
    "Overlays",
    "Selection",
    "base_map",
    "boundary_shapes",
    "city_places",
    "city_roles",
    "click_to_wgs84",
    "cluster_layer",
    "cluster_shapes",
    "cluster_table",
    "corridor_layer",
    "corridor_table",
    "count_layer",
    "count_legend",
    "county_data",
    "county_layer",
    "decode_shape",
    "encode_frame",
    "encode_shape",
    "ensure_installed",
    "explorer_map",
    "export_html",
    "focus_table",
    "industry_counts",
    "industry_names",
    "inline_assets",
    "install",
    "joined_data",
    "joined_frame",
    "label_layer",
    "layer_control",
    "localise",
    "locate",
    "map_data",
    "map_layers",
    "overlay_data",
    "park_layer",
    "park_table",
    "ramp",
    "role_counts",
    "role_map_svg",
    "small_multiples_svg",
    "standalone_map",
    "tier_layer",
    "tier_legend",
    "view_layers",
]
