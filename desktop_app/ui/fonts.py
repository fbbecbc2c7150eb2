"""The UI's typeface: the system's, unless it cannot write Vietnamese; then the one we ship.

The app carries Noto Serif (``resources/fonts/``, there for the certificate PDF), which has
every Vietnamese letter. A laptop whose own fonts lack them (a minimal X install with only
the URW Type 1 fonts, a stripped image with none) showed the very first dialog as boxes or
with its accented letters dropped ("Nh p m t kh u"), and nobody could read what to type.

At start (``use_shipped_fonts``) the shipped fonts are registered with Qt. That alone makes
them the fallback the platform's font matching finds for a letter the UI font lacks, and the
default when the system has no font at all. Then, if the system's UI font has not every
Vietnamese letter in its own face, Noto Serif becomes the UI's font outright: letters
borrowed one by one from a serif face into a sans-serif word ("Nhập" with a serif "ậ") are
readable but patchy in almost every word, since most Vietnamese syllables carry a mark; one
face reads evenly. A system font with every letter (Segoe UI, DejaVu Sans, Noto Sans) is
left as it is: the app looks like the laptop's other programs.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop_app.bundled import resources_dir

# Every letter of the Vietnamese alphabet that is not plain ASCII, lower and upper case: the
# seven letters of their own and the twelve vowels with each of the five tone marks.
_LOWER = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE_LETTERS = _LOWER + _LOWER.upper()
SHIPPED_FONTS = ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf")

_registered: list[str] = []  # the shipped families, once registered in this process


def missing_letters(font: QFont) -> str:
    """The Vietnamese letters ``font``'s own face lacks (no other font filling in), all of
    them when the system has no font at all."""
    own = QFont(font)
    own.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    if not QFontInfo(own).family():
        return VIETNAMESE_LETTERS
    metrics = QFontMetrics(own)
    return "".join(c for c in VIETNAMESE_LETTERS if not metrics.inFontUcs4(ord(c)))


def shipped_families() -> list[str]:
    """Register the fonts in ``resources/fonts/`` with Qt (once a process); their families."""
    if not _registered:
        for name in SHIPPED_FONTS:
            font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in _registered:
                    _registered.append(family)
    return list(_registered)


def use_shipped_fonts(app: QApplication) -> str:
    """Make the UI write Vietnamese whatever fonts the laptop has; the family it shows."""
    shipped = shipped_families()
    system = app.font()
    if not shipped or not missing_letters(system):
        return QFontInfo(system).family()
    ours = QFont(system)  # the system's size and weight, our face
    ours.setFamilies(shipped)
    app.setFont(ours)
    return QFontInfo(ours).family()
