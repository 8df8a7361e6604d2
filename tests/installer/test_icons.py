"""The icons are rendered from resources/icon.svg, and the checked-in ones are up to date."""

import importlib.util

import pytest
from PIL import Image, ImageChops

from tests.conftest import REPO

SVG = REPO / "resources" / "icon.svg"


def _make_icons_module():
    spec = importlib.util.spec_from_file_location("make_icons", REPO / "installer" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("icons")
    return _make_icons_module().make_icons(SVG, out)


def test_png_ico_and_icns_are_written_with_every_size(generated):
    png = Image.open(generated["png"])
    assert png.size == (256, 256) and png.mode == "RGBA"
    ico = Image.open(generated["ico"])
    assert {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)} <= set(ico.info["sizes"])
    icns = Image.open(generated["icns"])
    assert icns.size == (1024, 1024)
    assert {(128, 128, 1), (256, 256, 2), (512, 512, 2)} <= set(icns.info["sizes"])


def test_pixels_come_from_the_svg(generated):
    png = Image.open(generated["png"]).convert("RGBA")
    assert png.getpixel((0, 0))[3] == 0, "the corner outside the rounded square is transparent"
    r, g, b, a = png.getpixel((128, 30))
    assert a == 255 and b > 150 and r < 100, "the background is the SVG's blue"
    r, g, b, a = png.getpixel((160, 170))
    assert a == 255 and r > 200 and g > 150 and b < 150, "the tallest bar is the SVG's amber"
    small = Image.open(generated["ico"])
    small.size = (16, 16)
    assert small.convert("RGBA").getpixel((8, 2))[3] > 0, "the 16 px icon is drawn, not empty"


def test_checked_in_icons_match_the_svg(generated):
    checked_in = REPO / "resources" / "icons" / "wfm_desktop.png"
    assert checked_in.is_file(), "run: python installer/make_icons.py"
    diff = ImageChops.difference(Image.open(checked_in).convert("RGBA"),
                                 Image.open(generated["png"]).convert("RGBA"))
    assert max(band_max for _, band_max in diff.getextrema()) <= 8, \
        "resources/icons/ is older than resources/icon.svg: run python installer/make_icons.py"


def test_missing_svg_is_a_clear_error(tmp_path):
    with pytest.raises(SystemExit, match="does not exist"):
        _make_icons_module().make_icons(tmp_path / "nothing.svg", tmp_path)
