"""Where the page keeps parsed documents: each text is parsed once per version of the shared
corrections, and no reader's text or correction reaches another reader's map.

A bundled article without the reader's own corrections is shared by every session (a
:class:`~mapview.util.SharedLRU`); anything else (a pasted text, an article the reader
corrected) lives in that reader's session only, one version per article.
"""

from __future__ import annotations

from collections.abc import Hashable, MutableMapping

from mapview.model.article import Article
from mapview.model.document import GeoDoc
from mapview.model.place import PlaceRecord
from mapview.util import SharedLRU

DocKey = tuple[Hashable, ...]


def doc_key(article: Article, decisions: dict[str, PlaceRecord], overrides_version: Hashable) -> DocKey:
    chosen = tuple(sorted((query, place.id) for query, place in decisions.items()))
    return (article.id, article.digest, article.source_home, overrides_version, chosen)


class DocumentStore:
    def __init__(self, shared_size: int = 16):
        self.shared: SharedLRU[DocKey, GeoDoc] = SharedLRU(shared_size)

    def get(self, key: DocKey, own: MutableMapping[DocKey, GeoDoc], *, shared: bool) -> GeoDoc | None:
        return self.shared.get(key) if shared else own.get(key)

    def put(self, key: DocKey, doc: GeoDoc, own: MutableMapping[DocKey, GeoDoc], *, shared: bool) -> None:
        if shared:
            self.shared.put(key, doc)
            return
        for stale in [k for k in own if k[0] == key[0]]:
            del own[stale]  # one version of each of the reader's articles
        own[key] = doc
