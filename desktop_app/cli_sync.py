"""The headless sync's output: progress on one line, then a summary a site manager can read."""

from __future__ import annotations

import sys

from desktop_app.db.database import Database
from desktop_app.services.sync import sync_issues, sync_round
from desktop_app.sync.client import SyncClient
from desktop_app.sync.engine import drain


def run_and_report(db: Database, client: SyncClient, en: bool) -> int:
    """0: everything synced; 1: some records need a person (rejected or conflict)."""
    summary = drain(sync_round(db, client), lambda p: print(
        f"\r{p.phase} {p.done}/{p.total}  ", end="", file=sys.stderr, flush=True))
    print(file=sys.stderr)
    lines = [
        ("sent", "đã gửi", summary.sent), ("synced", "đã đồng bộ", summary.synced),
        ("rejected", "bị từ chối", summary.rejected),
        ("conflicts", "xung đột", summary.conflicts),
        ("recovered after a lost answer", "khôi phục sau khi mất phản hồi", summary.recovered),
        ("central changes applied", "thay đổi từ trung tâm đã áp dụng", summary.pulled),
        ("still waiting", "còn chờ", summary.waiting),
        ("bytes sent", "byte đã gửi", summary.bytes_sent),
    ]
    for label_en, label_vi, value in lines:
        print(f"{label_en if en else label_vi}: {value}")
    print(f"{'seconds' if en else 'giây'}: {summary.seconds:.1f}")
    if summary.clock_warning:
        minutes = round(summary.clock_offset / 60)
        print(f"WARNING: this laptop's clock is {abs(minutes)} min "
              f"{'behind' if minutes > 0 else 'ahead of'} the server." if en else
              f"CẢNH BÁO: đồng hồ máy này lệch {abs(minutes)} phút so với máy chủ.")
    if summary.signer_enrolled:
        print("The central platform certified this site's signing key." if en else
              "Hệ thống trung ương đã cấp chứng thư cho khoá ký của cơ sở.")
    if summary.signer_revoked:
        print("WARNING: this site's signing key was revoked; make a new one." if en else
              "CẢNH BÁO: khoá ký của cơ sở đã bị thu hồi; hãy tạo khoá mới.")
    for issue in sync_issues(db, limit=50):
        reason = issue.reason("en" if en else "vi")
        print(f"  [{issue.state}] {issue.person_name} {issue.label}: {reason}")
    return 0 if summary.rejected == 0 and summary.conflicts == 0 else 1
