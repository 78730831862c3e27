"""The map as a picture (mapview.export.image): opened as an image, measured, its places found
inside the frame and its attribution in it."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from mapview.web.view import View, located_ids, options_for, visible_places

DISTRICTS = ("district:AZ-DAS", "district:AZ-KAL", "district:AZ-LAC")
ATTRIBUTION = "All Content by Mehr News Agency is licensed under a Creative Commons Attribution 4.0"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def view_of(doc, geoparser):
    opts = options_for(doc, (doc.article.id,))
    view = View(doc.article.id, opts.types, opts.kinds)
    visible = visible_places(doc, view, opts)
    return visible, located_ids(visible, view), geoparser.taxonomy.types, view.types


def draw(doc, view_of, fmt: str) -> bytes:
    from mapview.export.image import map_image

    visible, located, taxonomy, types = view_of
    return map_image(doc, visible, taxonomy, types, located=located, fmt=fmt)


def test_the_png_is_print_size_and_carries_the_attribution(doc, view_of):
    from PIL import Image

    image = Image.open(io.BytesIO(draw(doc, view_of, "png")))
    assert image.format == "PNG" and image.size == (2000, 1250)
    assert ATTRIBUTION in image.text["Copyright"]  # in the file's metadata
    # and drawn: the strip under the map (where the source and licence lines are) has dark text
    pixels = image.convert("L")
    strip = pixels.crop((40, int(1250 * 0.9) + 10, 1300, 1250 - 10))
    dark = sum(1 for v in strip.tobytes() if v < 110)
    assert dark > 2000, dark
    # the armed clashes' colour (the districts' markers) is in the picture
    data = image.convert("RGB").tobytes()
    red = sum(1 for i in range(0, len(data), 3) if data[i] > 180 and 30 < data[i + 1] < 90 and data[i + 2] < 60)
    assert red > 300, red


def test_the_svg_draws_the_three_border_districts_inside_the_frame_and_says_whose_it_is(doc, view_of):
    root = ET.fromstring(draw(doc, view_of, "svg"))
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    # the map's frame: the axes' box, 2% in from the sides, from 10% to 90% of the height
    left, right, top, bottom = 0.02 * width, 0.98 * width, 0.1 * height, 0.9 * height
    for district in DISTRICTS:
        group = root.find(f".//{SVG}g[@id='{district}']")
        assert group is not None, district
        uses = group.findall(f".//{SVG}use")
        assert uses, district
        for use in uses:
            x, y = float(use.get("x")), float(use.get("y"))
            assert left < x < right and top < y < bottom, (district, x, y)
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert ATTRIBUTION in texts  # as text, not only as shapes of letters
    assert "Dashkasan District" in texts and "Iran" in texts  # names and the title
    assert "km" in texts  # the scale bar


def test_an_unknown_format_is_refused(doc, view_of):
    with pytest.raises(ValueError):
        draw(doc, view_of, "gif")
