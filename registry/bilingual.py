"""One shape for every bilingual table of the register: {key: (Finnish, English)}, the shape of the
field labels (registry/fields.py), the statistics' label words and the dashboard's texts (ui/texts/),
so that a text's two languages stand side by side and cannot drift apart.

The letters, receipts and notices are written in one language at a time, so their tables are
turned into {"fi": {key: text}, "en": {key: text}} once, at import (`by_language`). A value may be a
group of such entries (a dict) or a list of (Finnish, English) pairs (the notice's rights)."""

from __future__ import annotations

LANGUAGES = ("fi", "en")


def _in(value, index: int):
    if isinstance(value, dict):
        return {key: _in(item, index) for key, item in value.items()}
    if isinstance(value, list):
        return [_in(item, index) for item in value]
    fi, en = value  # a pair: one text in both languages
    return (fi, en)[index]


def by_language(table: dict) -> dict[str, dict]:
    """{key: (fi, en)} -> {"fi": {key: fi}, "en": {key: en}}, groups and lists alike."""
    return {language: _in(table, index) for index, language in enumerate(LANGUAGES)}


def in_both(fi: str, en: str) -> dict[str, str]:
    """One text in both languages, by language."""
    return {"fi": fi, "en": en}
