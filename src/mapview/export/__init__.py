"""What a parsed document becomes outside mapview: GeoJSON, CSV, JSON, and ACLED-style events.

Each function takes a :class:`~mapview.model.document.GeoDoc` (and, where it makes sense, the
places of the current view) and returns plain data or text; nothing here parses or resolves.
"""

from mapview.export.acled import events_csv, events_geojson
from mapview.export.csv import to_csv
from mapview.export.geojson import to_geojson
from mapview.export.json import dumps, place_to_dict, to_dict, to_jsonl_record

__all__ = [
    "dumps",
    "events_csv",
    "events_geojson",
    "place_to_dict",
    "to_csv",
    "to_dict",
    "to_geojson",
    "to_jsonl_record",
]
