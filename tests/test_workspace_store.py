"""The workspace store on SQLite and PostgreSQL: drafts, revisions, conflicts, revert."""

from __future__ import annotations

import threading

import pytest

from layout_rules import Rules, tier_table
from ui.errors import error_text
from ui.workspace import summary_text
from workspace import (
    Store,
    WorkspaceError,
    rationale_source,
    rules_with_drafts,
    set_tiers,
    tier_of,
)

CHENGDU, MIANYANG, YIBIN = "510100", "510700", "511500"


@pytest.fixture(scope="module")
def official(rules: Rules) -> Rules:
    return rules


@pytest.fixture
def store(store_url: str):
    store = Store(store_url)
    yield store
    store.dispose()


def _move(store: Store, draft, adcode: str, tier, why: str, *, author: str = "ann"):
    rules = set_tiers(draft.rules, "next-gen-it", {adcode: tier},
                      rationale_source(draft.id, draft.head + 1, why))  # fmt: skip
    return store.save(draft.id, rules, base=draft.head, author=author, rationale=why,
                      summary=f"{adcode} next-gen-it → {tier}")  # fmt: skip


def test_create_list_open(store: Store, official) -> None:
    empty = store.create("我的十五五布局草案", author="ann")
    copy = store.create("电子信息草案", author="bo", copy_of=official.document("sei-2016-2020"))
    assert (empty.head, copy.head) == (1, 1)
    listed = {d.id: d for d in store.list_drafts()}
    assert listed[empty.id].owner == "ann" and listed[empty.id].status == "draft"
    assert listed[copy.id].base_document == "sei-2016-2020"
    assert [d.id for d in store.list_drafts(viewer="ann")] == [empty.id]
    opened = store.open(copy.id)
    assert opened.rules.document.draft and opened.rules.document.id == copy.id
    assert tier_of(opened.rules, "next-gen-it", CHENGDU) == "core"
    assert len(opened.rules.industries) == len(official.document("sei-2016-2020").industries)


def test_save_records_who_when_what_why(store: Store, official) -> None:
    draft = store.create("草案", author="ann", copy_of=official.document("sei-2016-2020"))
    saved = _move(store, draft, CHENGDU, "expansion", "成都转向研发总部，制造外溢")
    assert saved.head == 2
    again = store.open(draft.id)
    assert again.head == 2 and tier_of(again.rules, "next-gen-it", CHENGDU) == "expansion"
    assert again.rules.industries[0].layout.source.quote == "成都转向研发总部，制造外溢"
    newest, first = store.revisions(draft.id)
    assert (newest.number, newest.author, newest.rationale) == (
        2,
        "ann",
        "成都转向研发总部，制造外溢",
    )
    assert "510100" in newest.summary and first.number == 1
    assert newest.created_at >= first.created_at


def test_stale_save_is_refused_showing_both_versions(store: Store, official) -> None:
    draft = store.create("草案", author="ann", copy_of=official.document("sei-2016-2020"))
    store.set_status(draft.id, "shared", base=1, author="ann", rationale="团队共同编辑")
    shared = store.open(draft.id)
    _move(store, shared, CHENGDU, "expansion", "第一位规划师的理由", author="bo")
    with pytest.raises(WorkspaceError, match="conflict") as caught:
        _move(store, shared, MIANYANG, None, "第二位规划师的理由", author="cy")
    conflict = caught.value.conflict
    assert conflict is not None and (conflict.base, conflict.head) == (2, 3)
    assert conflict.their_author == "bo" and conflict.their_rationale == "第一位规划师的理由"
    assert tier_of(conflict.theirs, "next-gen-it", CHENGDU) == "expansion"
    assert tier_of(conflict.mine, "next-gen-it", MIANYANG) is None
    assert conflict.my_rationale == "第二位规划师的理由"
    # Nothing lost: the winner's save stands, and the loser's change applies on the new head.
    head = store.open(draft.id)
    assert head.head == 3 and tier_of(head.rules, "next-gen-it", MIANYANG) == "core"
    final = _move(store, head, MIANYANG, None, conflict.my_rationale, author="cy")
    assert tier_of(final.rules, "next-gen-it", CHENGDU) == "expansion"
    assert tier_of(final.rules, "next-gen-it", MIANYANG) is None


def test_concurrent_saves_exactly_one_wins(store: Store, official) -> None:
    draft = store.create("草案", author="ann", copy_of=official.document("sei-2016-2020"))
    results: list[object] = []
    barrier = threading.Barrier(4)

    def save(i: int) -> None:
        barrier.wait()
        try:
            results.append(_move(store, draft, YIBIN, "core", f"并发保存第{i}号理由"))
        except WorkspaceError as error:
            results.append(error)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wins = [r for r in results if not isinstance(r, WorkspaceError)]
    losses = [r for r in results if isinstance(r, WorkspaceError)]
    assert len(wins) == 1 and len(losses) == 3
    assert all(loss.conflict is not None for loss in losses)
    assert store.open(draft.id).head == 2 and store.count_revisions(draft.id) == 2


def test_revert_to_any_revision(store: Store, official) -> None:
    draft = store.create("草案", author="ann", copy_of=official.document("sei-2016-2020"))
    second = _move(store, draft, CHENGDU, "expansion", "第二版的理由")
    third = _move(store, second, MIANYANG, None, "第三版的理由")
    reverted = store.revert(draft.id, 1, base=third.head, author="ann", rationale="回到原文布局")
    assert reverted.head == 4
    assert reverted.rules == store.revision_content(draft.id, 1)
    assert tier_of(store.open(draft.id).rules, "next-gen-it", CHENGDU) == "core"
    assert summary_text(store.revisions(draft.id)[0].summary, "en") == "revert to r1"
    assert summary_text(store.revisions(draft.id)[0].summary, "zh") == "恢复到第 1 版"
    assert tier_of(store.revision_content(draft.id, 3), "next-gen-it", MIANYANG) is None


def test_private_drafts_and_status(store: Store) -> None:
    draft = store.create("私人草案", author="ann")
    with pytest.raises(WorkspaceError, match="private to ann"):
        store.save(draft.id, draft.rules, base=1, author="bo", rationale="别人的修改", summary="x")
    with pytest.raises(WorkspaceError, match="only the owner"):
        store.set_status(draft.id, "shared", base=1, author="bo", rationale="分享出去吧")
    shared = store.set_status(draft.id, "shared", base=1, author="ann", rationale="请团队审阅")
    assert [d.id for d in store.list_drafts(viewer="bo")] == [draft.id]
    archived = store.set_status(draft.id, "archived", base=shared.head, author="ann",
                                rationale="本轮结束归档")  # fmt: skip
    assert store.list_drafts(viewer="ann") == []
    assert store.list_drafts(viewer="ann", archived=True)[0].status == "archived"
    with pytest.raises(WorkspaceError, match="archived"):
        store.save(draft.id, draft.rules, base=archived.head, author="ann", rationale="再改一下",
                   summary="x")  # fmt: skip


def test_bad_input_is_refused_with_reasons(store: Store) -> None:
    draft = store.create("草案", author="ann")
    with pytest.raises(WorkspaceError, match="rationale"):
        store.save(draft.id, draft.rules, base=1, author="ann", rationale="短", summary="x")
    with pytest.raises(WorkspaceError, match="author"):
        store.save(
            draft.id, draft.rules, base=1, author="  ", rationale="足够长的理由", summary="x"
        )
    with pytest.raises(WorkspaceError, match="no draft 'draft-00000000'"):
        store.open("draft-00000000")
    with pytest.raises(WorkspaceError, match="title"):
        store.create("   ", author="ann")
    other = store.create("另一个", author="ann")
    with pytest.raises(WorkspaceError, match="cannot be saved as draft"):
        store.save(draft.id, other.rules, base=1, author="ann", rationale="错放的内容", summary="x")
    assert store.count_revisions(draft.id) == 1


def test_the_page_words_the_store_s_refusals_in_its_language(store: Store) -> None:
    """A Chinese page says why in Chinese (a planner's short rationale, say), not in English."""
    draft = store.create("草案", author="ann")
    refusals = []
    for attempt in (
        lambda: store.save(
            draft.id, draft.rules, base=1, author="ann", rationale="短", summary="x"
        ),
        lambda: store.save(
            draft.id, draft.rules, base=1, author="bo", rationale="别人的修改", summary="x"
        ),
        lambda: store.open("draft-00000000"),
        lambda: store.create("   ", author="ann"),
    ):
        with pytest.raises(WorkspaceError) as caught:
            attempt()
        refusals.append(caught.value)
    chinese = [error_text(error, "zh") for error in refusals]
    assert chinese == [
        "理由至少需要 4 个字符；现在是 '短'",
        "此草案为 ann 私有；所有者可将其共享（状态：共享），团队才能编辑",
        "工作区中没有草案 'draft-00000000'",
        "草案需要标题",
    ]
    assert str(refusals[0]) == "a rationale of at least 4 characters is required; got '短'"


def test_drafts_reach_the_rules_as_documents(store: Store, official) -> None:
    draft = store.create("草案", author="ann", copy_of=official.document("sei-2016-2020"))
    moved = _move(store, draft, CHENGDU, "expansion", "成都转向研发总部")
    rules = rules_with_drafts(official, [moved])
    assert list(rules.documents)[-1] == draft.id
    before = rules_with_drafts(official, [draft]).data_version
    assert rules.data_version not in {official.data_version, before}
    table = tier_table(rules, document=draft.id)
    chengdu = table[(table["adcode"] == CHENGDU) & (table["industry_id"] == "next-gen-it")]
    assert chengdu.iloc[0]["tier"] == "expansion"
    assert chengdu.iloc[0]["quote"] == "成都转向研发总部"


def test_unreachable_database_says_so() -> None:
    store = Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(WorkspaceError, match=r"unreachable|cannot be used"):
        store.list_drafts()


def test_a_store_at_the_newest_schema_is_not_migrated_again(store: Store) -> None:
    """The schema check reads Alembic's record as Alembic would, without importing it."""
    from alembic.script import ScriptDirectory

    from workspace.db import MIGRATIONS, at_head, head_revisions

    assert head_revisions() == tuple(sorted(ScriptDirectory(str(MIGRATIONS)).get_heads()))
    with store._engine.connect() as connection:
        assert not at_head(connection)  # a new database: to be migrated
    assert store.list_drafts() == []
    with store._engine.connect() as connection:
        assert at_head(connection)
