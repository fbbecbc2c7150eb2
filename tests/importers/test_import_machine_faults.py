"""A backfill import the machine stops part-way: on a disk that fills (a 900 KB tmpfs, the
site's 380 KB file on it), or at the largest file the drive takes. One sentence in the
clerk's language saying which, the exit code the README's table gives for it (9, as
`setup-site` and `backup` on a full disk), nothing stored half."""

import os
import shlex
import subprocess

import pytest

from desktop_app import exit_codes
from tests.faults.machine import site_database, vaxdesk_cmd
from tests.importers.sheets import name_of, person_row, write_xlsx


def _in_a_small_tmpfs(database, mount, size, *commands):
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    if subprocess.run([*unshare, "true"], capture_output=True).returncode != 0:
        pytest.skip("no private mount namespace here")
    mount.mkdir()
    steps = [f"mount -t tmpfs -o size={size} tmpfs {mount}", f"cp {database} {mount}/"]
    for command in commands:
        steps.append(f"echo '<<<'; {shlex.join(command)} 2>&1; echo \">>>$?\"")
    out = subprocess.run([*unshare, "sh", "-c", "\n".join(steps)],
                         env=dict(os.environ, VAXDESK_DATA_DIR=str(mount)),
                         capture_output=True, text=True, timeout=300).stdout
    results = []
    for part in out.split("<<<\n")[1:]:
        output, _, code = part.rpartition(">>>")
        results.append((int(code.strip()), output))
    return results


def test_an_import_that_fills_the_disk_exits_with_the_disk_full_code(tmp_path):
    database = site_database(tmp_path / "data")
    sheet = write_xlsx(tmp_path / "f.xlsx", [
        person_row(i, name=name_of(i), cccd=f"001090{i:06d}", dose=1, when="01/08/2021")
        for i in range(1, 3001)])
    results = _in_a_small_tmpfs(database, tmp_path / "small", "900k",
                                vaxdesk_cmd("setup-site", "HN-01", "Trạm Y tế"),
                                vaxdesk_cmd("import", str(sheet)),
                                vaxdesk_cmd("info"))
    (setup, _), (imported, said), (info, after) = results
    assert setup == 0, results
    assert "ổ đĩa đã đầy" in said, said  # the disk really filled during the import
    assert "Traceback" not in said
    assert info == 0 and "số mũi: 0" in after, after  # nothing stored half
    assert imported == exit_codes.DISK_FULL == 9, (imported, said)


def test_an_import_stopped_by_a_file_size_limit_is_said_in_vietnamese(tmp_path):
    """The file may grow no more (a file-size limit: RLIMIT_FSIZE, as a FAT32 drive's 4 GB):
    the clerk reads what happened in Vietnamese, not SQLite's English "disk I/O error", and
    is not sent to free space that would not help."""
    import resource

    data = tmp_path / "data"
    database = site_database(data)
    sheet = write_xlsx(tmp_path / "f.xlsx", [
        person_row(i, name=name_of(i), cccd=f"001090{i:06d}", dose=1, when="01/08/2021")
        for i in range(1, 3001)])
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data))
    subprocess.run(vaxdesk_cmd("setup-site", "HN-01", "Trạm Y tế"), env=env, check=True,
                   capture_output=True)
    limit = database.stat().st_size + 200_000

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = subprocess.run(vaxdesk_cmd("import", str(sheet)), env=env, capture_output=True,
                         text=True, timeout=300, preexec_fn=small_files)
    said = out.stderr
    assert "dừng giữa chừng" in said, (out.returncode, said)  # the limit really stopped it
    assert "Traceback" not in said
    assert "disk I/O error" not in said, said
    assert "lớn tới mức tối đa" in said, said
    assert out.returncode == exit_codes.DISK_FULL, (out.returncode, said)
