"""The role vocabulary is data (roles.toml): one ranking, one strongest role, one entry per kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout_rules import LayoutRulesError, Rules, roles_table, vocab
from layout_rules.schema import Designation
from layout_rules.vocab import (
    ROLES_FILE,
    by_strength,
    load_vocabulary,
    role_colour,
    role_label,
    strongest_role,
)

HUB = """
[[role]]
id = "hub"
kind = "designation"
named = true
weight = 3
colour = "#123456"
clusters = ["hub_zone"]
"""


def test_the_shipped_vocabulary_in_rank_order() -> None:
    assert list(vocab.ROLES) == [
        "core", "expansion", "radiated", "lead", "named", "base", "pilot", "national_cluster",
        "none",
    ]  # fmt: skip
    assert vocab.TIERS == ("core", "expansion", "radiated")
    assert vocab.NAMED_TIERS == ("core", "expansion")
    assert dict(vocab.TIER_RANK) == {"core": 3, "expansion": 2, "radiated": 1}
    assert vocab.DESIGNATIONS == ("lead", "named", "base", "pilot", "national_cluster")
    assert "radiated" not in vocab.DESIGNATED and "none" not in vocab.DESIGNATED
    assert dict(vocab.CLUSTER_ROLES) == {
        "pilot_zone": "pilot", "demonstration_zone": "pilot",
        "national_cluster": "national_cluster",
    }  # fmt: skip
    assert (role_label("core"), role_label("core", lang="en")) == (
        "核心发展区",
        "Core development zone",
    )
    assert role_colour("core") == "#c0392b" and role_colour("") == role_colour("none")


def test_strongest_role_follows_the_one_ranking() -> None:
    assert strongest_role(["pilot", "radiated", "named"]) == "radiated"
    assert strongest_role(["base", "lead"]) == "lead"
    assert strongest_role(["national_cluster", "unheard-of"]) == "national_cluster"
    assert strongest_role([]) == ""
    rows = [("德阳", "pilot"), ("成都", "expansion"), ("绵阳", "pilot"), ("雅安", "")]
    assert by_strength(rows, role=lambda row: row[1]) == [
        ("成都", "expansion"), ("德阳", "pilot"), ("绵阳", "pilot"), ("雅安", ""),
    ]  # fmt: skip


def test_a_new_designation_kind_is_one_entry(tmp_path: Path) -> None:
    extended = tmp_path / "roles.toml"
    shipped = ROLES_FILE.read_text(encoding="utf-8")
    at_end = shipped.index('[[role]]\nid = "none"')
    extended.write_text(shipped[:at_end] + HUB.lstrip() + "\n" + shipped[at_end:], "utf-8")
    roles = load_vocabulary(extended)
    assert roles.of_kind("designation")[-1] == "hub"
    assert roles.rank("hub") == roles.rank("national_cluster") + 1 < roles.rank("none")
    assert roles.roles["hub"].clusters == ("hub_zone",)
    assert (roles.roles["hub"].colour, roles.roles["hub"].weight) == ("#123456", 3)


def test_the_rule_files_accept_exactly_the_vocabularys_designations() -> None:
    source = {"doc": "d", "section": "一", "quote": "四个字以上"}
    for kind in vocab.DESIGNATIONS:
        assert Designation(kind=kind, places=("成都",), source=source).kind == kind
    with pytest.raises(ValueError, match="unknown designation kind 'hub'; known: lead, named"):
        Designation(kind="hub", places=("成都",), source=source)


def test_roles_table_ranks_by_the_vocabulary(rules: Rules) -> None:
    roles = roles_table(rules)
    ranks = roles.groupby(["document", "industry_id"], sort=False)["role"].apply(
        lambda found: [vocab.role_rank(role) for role in found]
    )
    assert all(ranks_ == sorted(ranks_) for ranks_ in ranks)
    assert set(roles["role"]) <= set(vocab.ROLES) - {"none"}


@pytest.mark.parametrize(
    ("edit", "entry", "reason"),
    [
        (('kind = "tier"', 'kind = "zone"'), "role[0].kind", "must be one of tier, designation"),
        (('colour = "#c0392b"', 'colour = "red"'), "role[0].colour", "must be a colour"),
        (("weight = 3", 'weight = "3"'), "role[0].weight", "required int field"),
        (('id = "expansion"', 'id = "core"'), "role[1].id", "id 'core' repeats role[0]"),
        (('colour = "#c0392b"', 'colour = "#c0392b"\nrank = 1'), "role[0].rank", "unknown key"),
    ],
)
def test_a_broken_vocabulary_names_the_entry(tmp_path: Path, edit, entry, reason) -> None:
    broken = tmp_path / "roles.toml"
    broken.write_text(ROLES_FILE.read_text(encoding="utf-8").replace(*edit, 1), "utf-8")
    with pytest.raises(LayoutRulesError) as info:
        load_vocabulary(broken)
    assert f"roles.toml: {entry}: {reason}" in str(info.value)
