"""The CJK font used to draw receipts (raster mode, the virtual printer's PNG)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from common.errors import UserError

SYSTEM_FALLBACK = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def cjk_font_path() -> Path:
    """The bundled font (`forms.fonts`) when present, else WenQuanYi Micro Hei from the system."""
    bundled: Callable[[], Path] | None
    try:
        from forms.fonts import cjk_font_path as bundled  # noqa: PLC0415
    except ImportError:
        bundled = None
    if bundled is not None:
        path = Path(bundled())
        if path.exists():
            return path
    if SYSTEM_FALLBACK.exists():
        return SYSTEM_FALLBACK
    raise UserError(
        "no Chinese font found to draw the receipt; reinstall Station Desk",
        "找不到用于打印小票的中文字体,请重新安装本程序",
    )
