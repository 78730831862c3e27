"""mapview: read a news story on a map.

The pipeline is pure and usable without Streamlit::

    from mapview import geoparse, load_article
    doc = geoparse(load_article("data/articles/mehr-armenia-azerbaijan-clashes.txt"))
    for place in doc.places:
        print(place.name, place.kind, place.lat, place.lon, place.event_types)
"""

from mapview.errors import ArticleError, CacheError, GeocoderError, InputError, MapviewError
from mapview.model.article import Article
from mapview.model.document import GeoDoc
from mapview.model.enums import Kind, MentionRole, ServedFrom, Source
from mapview.nlp.article import article_from_text, discover_articles, load_article
from mapview.pipeline import geoparse

__all__ = [
    "Article",
    "ArticleError",
    "CacheError",
    "GeoDoc",
    "GeocoderError",
    "InputError",
    "Kind",
    "MapviewError",
    "MentionRole",
    "ServedFrom",
    "Source",
    "article_from_text",
    "discover_articles",
    "geoparse",
    "load_article",
]
__version__ = "0.1.0"
