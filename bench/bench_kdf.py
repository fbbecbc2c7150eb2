"""What one passphrase guess costs an attacker holding a stolen file, per secret.

    python -m bench.bench_kdf [--runs 5]

Prints, beside the load average, the time of one key derivation for the database key and
the signing key (Argon2id, target issue #14: at least 100 ms) and, in the same run, the
PKCS#8 PBKDF2 the signing key used before (the naive way).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import time

from cryptography.hazmat.primitives import serialization

from desktop_app.certificates import keys
from desktop_app.db import cipher


def timed(label: str, guess, runs: int) -> None:  # noqa: ANN001
    samples = []
    for i in range(runs):
        t0 = time.perf_counter()
        guess(i)
        samples.append((time.perf_counter() - t0) * 1000)
    print(f"{label:<44} median {statistics.median(samples):7.1f} ms  "
          f"range {min(samples):.1f}–{max(samples):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    salt = os.urandom(16)
    timed("database key (Argon2id 64 MiB, 2 passes)",
          lambda i: cipher.derive_key.__wrapped__(f"đoán {i}", salt), runs)
    sealed = keys.lock_key(keys.new_site_key(), "mật khẩu khoá ký")

    def signing_guess(i: int) -> None:
        with contextlib.suppress(keys.CertificateError):
            keys.unlock_key(sealed, f"đoán {i}")

    timed("signing key (Argon2id 64 MiB, 2 passes)", signing_guess, runs)
    legacy = keys.new_site_key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption("mật khẩu khoá ký".encode()))

    def legacy_guess(i: int) -> None:
        with contextlib.suppress(ValueError):
            serialization.load_pem_private_key(legacy, f"đoán {i}".encode())

    timed("signing key before (PKCS#8, PBKDF2 2,048)", legacy_guess, runs)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
