"""Why a site database could not be opened, said so that a site manager knows what to do."""

from __future__ import annotations

from pathlib import Path


class DatabaseError(Exception):
    """Base of the errors ``open_database`` raises; ``message(lang)`` is for people."""

    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(f"{type(self).__name__}: {path}: {detail}".rstrip(": "))
        self.path = path
        self.detail = detail

    def message(self, lang: str = "vi") -> str:
        raise NotImplementedError


class DatabaseLocked(DatabaseError):
    def message(self, lang: str = "vi") -> str:
        if lang == "en":
            return (
                f"The database {self.path} is already open in another VaxDesk window. "
                "Switch to that window, or close it and try again."
            )
        return (
            f"Cơ sở dữ liệu {self.path} đang được mở trong một cửa sổ VaxDesk khác. "
            "Hãy chuyển sang cửa sổ đó, hoặc đóng nó rồi thử lại."
        )


class DatabaseDamaged(DatabaseError):
    """The file failed its integrity check. We never re-create it: it may hold the only copy."""

    def __init__(self, path: Path, detail: str, backups: list[Path]) -> None:
        super().__init__(path, detail)
        self.backups = backups

    def message(self, lang: str = "vi") -> str:
        newest = str(self.backups[0]) if self.backups else None
        if lang == "en":
            restore = (
                f"Restore the newest backup: close VaxDesk, copy {newest} over {self.path}."
                if newest
                else "No backup copy was found; contact technical support before doing anything "
                "with this file."
            )
            return (
                f"The database {self.path} is damaged ({self.detail}). VaxDesk stopped so that "
                f"nothing more is lost; the file is left untouched. {restore}"
            )
        restore = (
            f"Khôi phục bản sao lưu mới nhất: đóng VaxDesk, chép {newest} đè lên {self.path}."
            if newest
            else "Không tìm thấy bản sao lưu; hãy liên hệ bộ phận kỹ thuật trước khi làm gì "
            "với tệp này."
        )
        return (
            f"Cơ sở dữ liệu {self.path} bị hỏng ({self.detail}). VaxDesk đã dừng để không mất "
            f"thêm dữ liệu; tệp được giữ nguyên. {restore}"
        )


class DatabaseTooNew(DatabaseError):
    def message(self, lang: str = "vi") -> str:
        if lang == "en":
            return (
                f"The database {self.path} was written by a newer VaxDesk ({self.detail}). "
                "Update VaxDesk on this laptop."
            )
        return (
            f"Cơ sở dữ liệu {self.path} được tạo bởi phiên bản VaxDesk mới hơn ({self.detail}). "
            "Hãy cập nhật VaxDesk trên máy này."
        )
