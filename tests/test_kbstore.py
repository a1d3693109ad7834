"""Which knowledge base a store's builds use: bundled, an older bundled one, or an updated one."""

from __future__ import annotations

from kg.kb import KnowledgeBase, kb_to_quads
from kg.kbstore import UPDATED_PREFIX, reset_kb, resolve_kb, stored_kb_version
from kg.store import EmbeddedStore
from kg.vocab import KB_GRAPH


def _store_with(kb: KnowledgeBase, version: str) -> EmbeddedStore:
    """A store holding the bundled KB's content under another version."""
    store = EmbeddedStore.in_memory()
    renamed = KnowledgeBase(version, kb.sources, kb.entities.values(), kb.holdings, kb.forms)
    store.replace_kb(kb_to_quads(renamed, KB_GRAPH))
    return store


def test_kbstore_new_store_gets_the_bundled_kb(kb):
    store = EmbeddedStore.in_memory()
    assert stored_kb_version(store) is None
    assert resolve_kb(store).version == kb.version
    assert stored_kb_version(store) == kb.version


def test_kbstore_older_bundled_kb_is_replaced_by_the_current_one(kb):
    store = _store_with(kb, "0123456789abcdef")
    assert resolve_kb(store).version == kb.version
    assert stored_kb_version(store) == kb.version


def test_kbstore_updated_kb_is_kept_until_reset(kb):
    updated = UPDATED_PREFIX + "feedbeef"
    store = _store_with(kb, updated)
    assert resolve_kb(store).version == updated
    assert stored_kb_version(store) == updated
    reset_kb(store)
    assert stored_kb_version(store) == kb.version
