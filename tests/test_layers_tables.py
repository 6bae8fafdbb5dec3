"""The joined data behind the map: roles per city, counts, clusters, parks, corridors."""

from __future__ import annotations

import pytest
import shapely

import geodata
from layers import (
    LayersError,
    city_roles,
    cluster_shapes,
    cluster_table,
    corridor_table,
    industry_counts,
    park_table,
    role_counts,
)
from layout_rules import Rules

SEI = "sei-2016-2020"


@pytest.mark.parametrize(
    ("industry", "expected"),
    [
        ("next-gen-it", {"core": 2, "expansion": 12, "radiated": 7}),
        ("biotech", {"core": 1, "expansion": 15, "radiated": 5}),
    ],
)
def test_tier_counts_match_the_text(rules: Rules, industry: str, expected: dict) -> None:
    cities = city_roles(rules, document=SEI, industry=industry)
    assert len(cities) == 21
    assert role_counts(cities) == expected


def test_city_row_carries_focus_themes_and_source(rules: Rules) -> None:
    cities = city_roles(rules, document=SEI, industry="next-gen-it").set_index("city")
    chengdu = cities.loc["成都"]
    assert chengdu["role"] == "core"
    assert "集成电路" in chengdu["themes"]
    assert "核心发展区" in chengdu["quote"]
    assert cities.loc["泸州", "role"] == "expansion"
    assert bool(chengdu["open_list"]) is True


def test_documents_without_layout_show_designations(rules: Rules) -> None:
    cities = city_roles(rules, document="new-economy-2021", industry="biotech").set_index("city")
    assert cities.loc["成都", "role"] == "national_cluster"
    assert cities.loc["自贡", "role"] == ""


def test_unknown_industry_is_an_error_naming_the_known_ones(rules: Rules) -> None:
    with pytest.raises(LayersError, match="unknown industry nope in sei-2016-2020; known: next"):
        city_roles(rules, document=SEI, industry="nope")


def test_industry_counts_count_core_and_expansion(rules: Rules) -> None:
    industries = [i.id for i in rules.document(SEI).industries]
    counts = industry_counts(rules, document=SEI, industries=industries).set_index("city")
    assert counts.loc["成都", "count"] == 8
    assert len(counts.loc["成都", "core"]) == 8
    assert counts.loc["泸州", "core"] == ("new-energy-vehicles",)
    assert counts["count"].between(0, 8).all()


def test_overlays_follow_the_chosen_industries(rules: Rules) -> None:
    aviation = "chengde-mian-aviation-cluster"
    assert aviation in set(cluster_table(rules, document=SEI, industries=["high-end-equipment"]).id)
    assert aviation not in set(cluster_table(rules, document=SEI, industries=["biotech"]).id)
    parks = park_table(rules, document=SEI, industries=["biotech"])
    assert "tianfu-international-bio-town" in set(parks.id)
    assert "zigong-national-new-materials-base" not in set(parks.id)


def test_unlinked_overlays_always_show(rules: Rules) -> None:
    doc = "new-industrialisation-2023"
    clusters = cluster_table(rules, document=doc, industries=["uav"])
    assert "chengdu-metropolitan-area" in set(clusters.id)


def test_clusters_are_dissolved_member_boundaries(rules: Rules) -> None:
    prefectures = geodata.load_prefectures(variant="web")
    clusters = cluster_table(rules, document=SEI, industries=["high-end-equipment"])
    shapes = cluster_shapes(
        clusters,
        province=geodata.load_province(variant="web"),
        prefectures=prefectures,
        counties=geodata.load_counties(variant="web"),
    ).set_index("id")
    aviation = shapes.loc["chengde-mian-aviation-cluster"]
    members = prefectures[prefectures.short_name.isin(["成都", "德阳", "绵阳"])]
    expected = shapely.area(members.geometry.values).sum()
    assert aviation.geometry.area == pytest.approx(expected, rel=1e-6)
    assert aviation.geometry.geom_type in {"Polygon", "MultiPolygon"}
    assert shapely.Point(aviation.label_lon, aviation.label_lat).within(aviation.geometry)


def test_a_clusters_union_is_made_once_per_boundary_set(rules: Rules) -> None:
    # Views of other industries reuse the union; other boundaries (a smaller cut) do not.
    frames = {"province": geodata.load_province(variant="web"),
              "prefectures": geodata.load_prefectures(variant="web"),
              "counties": geodata.load_counties(variant="web")}  # fmt: skip
    industries = ["high-end-equipment"]
    first = cluster_shapes(cluster_table(rules, document=SEI, industries=industries), **frames)
    again = cluster_shapes(cluster_table(rules, document=SEI, industries=industries), **frames)
    ids = first.set_index("id").geometry
    assert all(ids[i] is shape for i, shape in again.set_index("id").geometry.items())
    inner = shapely.buffer(frames["prefectures"].geometry.values, -0.01)  # degrees: a rim cut
    smaller = {**frames, "prefectures": frames["prefectures"].set_geometry(inner)}
    other = cluster_shapes(cluster_table(rules, document=SEI, industries=industries), **smaller)
    aviation = "chengde-mian-aviation-cluster"
    assert other.set_index("id").geometry[aviation].area < ids[aviation].area


def test_clusters_beyond_sichuan_list_the_outside_member(rules: Rules) -> None:
    clusters = cluster_table(rules, document="digital-economy-2021", industries=["cyber-security"])
    park = clusters.set_index("id").loc["chengdu-chongqing-cyber-security-park"]
    assert park["outside"] == ("重庆",)
    assert park["members"] == ("510100",)


def test_parks_sit_at_their_host_label_point(rules: Rules) -> None:
    parks = park_table(rules, document="meishan-new-economy-2022", industries=["biomedicine"])
    renshou = geodata.place(geodata.resolve("仁寿县"))
    row = parks.set_index("id").loc["tianfu-meishan-innovation-centre"]
    assert (row["lon"], row["lat"]) == (renshou.label_lon, renshou.label_lat)
    assert row["host_name"] == "仁寿县"


def test_corridors_join_distinct_consecutive_stops(rules: Rules) -> None:
    corridors = corridor_table(rules, document="meishan-new-economy-2022", industries=[])
    east = corridors.set_index("id").loc["east-tianfu-innovation-corridor"]
    assert len(east["labels"]) == 3
    assert len(east["coords"]) == 2
    chongqing = corridor_table(
        rules, document="new-economy-2021", industries=["new-energy-smart-vehicles"]
    )
    hydrogen = chongqing.set_index("id").loc["chengdu-chongqing-hydrogen-corridor"]
    assert hydrogen["coords"][-1][0] > 106
