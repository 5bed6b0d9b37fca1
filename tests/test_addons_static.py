"""Static checks of the addons: manifests, declared files, access rules, translations.

They need no database, so they run in a second and catch the mistakes that would
otherwise only show when Odoo loads the module.
"""

import ast
import csv
import re
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def _inherited(stmt):
    """The model names of an ``_inherit = ...`` statement (a string or a list)."""
    value = stmt.value
    items = value.elts if isinstance(value, ast.List | ast.Tuple) else [value]
    return {item.value for item in items if isinstance(item, ast.Constant)}


def _model_names(addon):
    """Models declared with _name in the addon (abstract models excepted, and
    extensions that add a mixin to an existing model: ``_name = "x"`` with
    ``_inherit = ["x", "mixin"]``)."""
    names = set()
    for path in addon.rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            attrs, inherit = {}, set()
            for stmt in node.body:
                if not (
                    isinstance(stmt, ast.Assign)
                    and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)
                ):
                    continue
                if stmt.targets[0].id == "_inherit":
                    inherit = _inherited(stmt)
                elif isinstance(stmt.value, ast.Constant):
                    attrs[stmt.targets[0].id] = stmt.value.value
            if (
                "_name" in attrs
                and attrs["_name"] not in inherit
                and not attrs.get("_abstract", False)
            ):
                bases = {getattr(b, "attr", None) for b in node.bases}
                if "AbstractModel" not in bases:
                    names.add(attrs["_name"])
    return names


def test_addons_exist():
    assert {a.name for a in ADDONS} >= {
        "mc_qualification",
        "mc_credential",
        "mc_professional",
    }


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest_follows_house_style(addon):
    manifest = _manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "LGPL-3"
    assert manifest["author"] == "MC Registry Team"
    assert "description" not in manifest
    assert manifest.get("development_status") in {
        "Alpha",
        "Beta",
        "Production/Stable",
        "Mature",
    }


def test_dependency_chain():
    """mc_credential builds on mc_qualification; mc_professional signs its
    certificates and CPD credentials with mc_credential."""
    manifests = {a.name: _manifest(a) for a in ADDONS}
    assert "mc_qualification" in manifests["mc_credential"]["depends"]
    assert "mc_credential" in manifests["mc_professional"]["depends"]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_declared_data_files_exist_and_parse(addon):
    manifest = _manifest(addon)
    for key in ("data", "demo"):
        for rel in manifest.get(key, []):
            path = addon / rel
            assert path.is_file(), f"{addon.name}: {key} file {rel} is missing"
            if path.suffix == ".xml":
                etree.parse(str(path))


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_every_model_has_access_rules(addon):
    acl = addon / "security" / "ir.model.access.csv"
    models = _model_names(addon)
    if not models:
        pytest.skip(f"{addon.name} declares no model yet")
    with acl.open() as handle:
        covered = {
            row["model_id:id"].split(".")[-1].removeprefix("model_")
            for row in csv.DictReader(handle)
        }
    missing = {m for m in models if m.replace(".", "_") not in covered}
    assert not missing, f"models without ACL lines in {acl}: {sorted(missing)}"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_addon_layout(addon):
    for rel in (
        "README.rst",
        "readme/DESCRIPTION.md",
        "readme/USAGE.md",
        "static/description/icon.png",
        "tests/__init__.py",
    ):
        assert (addon / rel).is_file(), f"{addon.name}/{rel} is missing"
    assert not (addon / "i18n" / "en.po").exists(), "no en.po: English is the source"
