"""The six document languages: every addon ships complete .po files for French, German,
Spanish, Italian and Dutch (English is the source language, so there is no en.po).

The .pot files are produced by `make i18n`; an Odoo test (test_i18n_current) checks that
they are current with the code. Here we check, without a database, that each .po file
translates every term of its .pot, that no translation is fuzzy or empty, and that the
placeholders of a term survive in its translation.
"""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))
LANGUAGES = ("fr", "de", "es", "it", "nl")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}")
CASES = [(addon, lang) for addon in ADDONS for lang in LANGUAGES]


def _pot(addon):
    return polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_no_english_po_and_a_template(addon):
    assert (addon / "i18n" / f"{addon.name}.pot").is_file()
    assert not (addon / "i18n" / "en.po").exists()


@pytest.mark.parametrize(
    ("addon", "lang"), CASES, ids=[f"{a.name}-{lang}" for a, lang in CASES]
)
def test_po_translates_every_term(addon, lang):
    path = addon / "i18n" / f"{lang}.po"
    assert path.is_file(), f"{path} is missing"
    po = polib.pofile(str(path))
    template = {e.msgid for e in _pot(addon)}
    translated = {e.msgid for e in po if e.msgstr and not e.fuzzy and not e.obsolete}
    missing = sorted(template - translated)
    assert not missing, f"{path}: {len(missing)} terms untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize(
    ("addon", "lang"), CASES, ids=[f"{a.name}-{lang}" for a, lang in CASES]
)
def test_placeholders_survive_translation(addon, lang):
    path = addon / "i18n" / f"{lang}.po"
    if not path.is_file():
        pytest.fail(f"{path} is missing")
    for entry in polib.pofile(str(path)):
        if not entry.msgstr:
            continue
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        assert (
            sorted(PLACEHOLDER.findall(entry.msgstr)) == expected
        ), f"{path}: placeholders differ in {entry.msgid!r}"
