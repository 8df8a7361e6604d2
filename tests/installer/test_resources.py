"""resource_path finds resources from the source tree and, first, from a frozen bundle."""

import sys

import pytest

from tests.conftest import REPO
from wfm_desktop.core.errors import WfmError
from wfm_desktop.resources import resource_path, resource_roots


def test_source_tree_resources_are_found():
    assert resource_path("icon.svg") == REPO / "resources" / "icon.svg"
    assert resource_path("icons", "wfm_desktop.png").is_file()


def test_a_frozen_bundle_comes_first(tmp_path, monkeypatch):
    bundled = tmp_path / "resources" / "icons" / "wfm_desktop.png"
    bundled.parent.mkdir(parents=True)
    bundled.write_bytes(b"png")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_roots()[0] == tmp_path / "resources"
    assert resource_path("icons", "wfm_desktop.png") == bundled
    # what the bundle lacks still comes from the next place
    assert resource_path("icon.svg") == REPO / "resources" / "icon.svg"


def test_a_missing_resource_names_every_place_looked_in():
    with pytest.raises(WfmError, match="'icons/none.png' is not installed") as info:
        resource_path("icons", "none.png")
    assert str(REPO / "resources" / "icons" / "none.png") in str(info.value)


def test_user_documentation_is_found_in_the_checkout_and_first_in_a_frozen_bundle(tmp_path, monkeypatch):
    from wfm_desktop.resources import docs_path

    assert docs_path() == REPO / "docs" / "user-guide.md"
    bundled = tmp_path / "resources" / "docs" / "user-guide.md"
    bundled.parent.mkdir(parents=True)
    bundled.write_text("# guide\n", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert docs_path() == bundled
    with pytest.raises(WfmError, match="'nothing.md' is not installed"):
        docs_path("nothing.md")
