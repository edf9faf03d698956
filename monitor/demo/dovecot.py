"""A throw-away Dovecot (IMAP + LMTP) on free loopback ports, for tests, benchmarks and `replywatch demo`.

A real server rather than a fake one, because what the product must get right
(UIDVALIDITY, INTERNALDATE, IDLE wake-ups, reconnects) only shows against a
real IMAP implementation. Its whole state lives in one temporary directory, so
it runs next to a system Dovecot and leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import time
from pathlib import Path

NOBODY_UID = 65534
NOGROUP_GID = 65534


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


_CONF = """\
instance_name = rw-{name}
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
listen = {host}
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
protocols = imap lmtp
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
first_valid_gid = 1
mail_fsync = never
mail_location = maildir:{root}/mail/%n/Maildir
recipient_delimiter = +
lmtp_save_to_detail_mailbox = yes
lmtp_hdr_delivery_address = none
imap_idle_notify_interval = 2 mins
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/mail/%n
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Junk {{
    auto = subscribe
    special_use = \\Junk
  }}
  mailbox Sent {{
    auto = subscribe
    special_use = \\Sent
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = {imap_port}
  }}
  inet_listener imaps {{
    port = {imaps_port}
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = {host}
    port = {lmtp_port}
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
service anvil {{
  unix_listener anvil {{
    mode = 0666
  }}
}}
"""


def world_traversable(path: Path) -> bool:
    """Can an unprivileged user reach ``path``? (Every existing ancestor has o+x.)"""
    for p in (path.resolve(), *path.resolve().parents):
        try:
            if not p.stat().st_mode & 0o001:
                return False
        except FileNotFoundError:
            continue
    return True


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (nobody may reap a daemon here)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


class PrivateDovecot:
    """Start with ``start()`` (or as a context manager); ``deliver()`` puts a message in a mailbox.

    ``users`` maps user name -> password. Any recipient whose local part is not a
    user is delivered to ``catch_all`` (like a catch-all domain's MX would),
    and the original recipient is recorded in a ``Delivered-To`` header.
    """

    def __init__(
        self,
        users: dict[str, str] | None = None,
        *,
        catch_all: str = "shopper",
        host: str = "127.0.0.1",
        root: Path | None = None,
        extra_conf: str = "",
        tls: bool = False,
    ) -> None:
        self.users = users or {"shopper": "secret"}
        if catch_all not in self.users:
            raise ValueError(f"catch_all user {catch_all!r} is not among the users")
        self.catch_all = catch_all
        self.host = host
        if root is not None and not world_traversable(Path(root)):
            # Dovecot's own users (auth, login, mail as nobody) could not reach it: a dir under a
            # private parent (pytest's tmp_path, a 0700 home) would fail at the first login.
            root = None
        self._own_root = root is None
        self.root = Path(root or tempfile.mkdtemp(prefix="rw-dovecot-"))
        self.imap_port = free_port(host)
        self.lmtp_port = free_port(host)
        self.conf_path = self.root / "dovecot.conf"
        self.tls = tls  # also serve IMAPS on imaps_port, with a self-signed certificate for the host
        self.imaps_port = free_port(host) if tls else 0
        self.extra_conf = extra_conf  # appended verbatim, e.g. to hide a capability in a test
        self._running = False
        self._started_once = False

    # ------------------------------------------------------------------ lifecycle

    def _write_config(self) -> None:
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "users").write_text(
            "".join(f"{u}:{{PLAIN}}{p}::::::\n" for u, p in self.users.items()), encoding="utf-8"
        )
        ssl = "ssl = no"
        if self.tls:
            cert, key = self._self_signed()
            ssl = f"ssl = yes\nssl_cert = <{cert}\nssl_key = <{key}"
        self.conf_path.write_text(
            _CONF.format(
                name=self.root.name,
                root=self.root,
                host=self.host,
                ssl=ssl,
                imaps_port=self.imaps_port,
                imap_port=self.imap_port,
                lmtp_port=self.lmtp_port,
            )
            + self.extra_conf
            + "\n",
            encoding="utf-8",
        )
        self.root.chmod(0o755)
        if os.geteuid() == 0:
            os.chown(self.root / "mail", NOBODY_UID, NOGROUP_GID)

    def _self_signed(self) -> tuple[Path, Path]:
        """A certificate no client trusts by default: for testing that clients verify TLS."""
        cert, key = self.root / "cert.pem", self.root / "key.pem"
        if not cert.exists():
            subprocess.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    f"/CN={self.host}",
                    "-addext",
                    f"subjectAltName=IP:{self.host}",
                    "-keyout",
                    str(key),
                    "-out",
                    str(cert),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        return cert, key

    def start(self, timeout: float = 30.0, attempts: int = 3) -> PrivateDovecot:
        """Start (or restart, on the same ports); a failed try is killed, never left running."""
        for attempt in range(attempts):
            log = self.root / "dovecot.log"
            mark = log.stat().st_size if log.exists() else 0
            try:
                self._launch()
                self._wait_port(self.imap_port, timeout)
                self._wait_port(self.lmtp_port, timeout)
                if self.imaps_port:
                    self._wait_port(self.imaps_port, timeout)
                new = log.read_bytes()[mark:] if log.exists() else b""
                if b"Address already in use" in new:
                    raise RuntimeError("a port was taken by another process")
                self._started_once = True
                return self
            except (RuntimeError, OSError):
                self.stop()
                if attempt == attempts - 1:
                    raise
                if not self._started_once:  # a first start may move to other free ports
                    self.imap_port, self.lmtp_port = free_port(self.host), free_port(self.host)
                    self.imaps_port = free_port(self.host) if self.tls else 0
                time.sleep(0.2)
        return self

    def _launch(self) -> None:
        # Dovecot's own users (auth, login, nobody) must read what we write and what it creates,
        # whatever umask the monitor runs under (replywatch uses 077 for its own files).
        old = os.umask(0o022)
        try:
            self._launch_open()
        finally:
            os.umask(old)

    def _launch_open(self) -> None:
        self._write_config()
        shutil.rmtree(self.root / "run", ignore_errors=True)
        (self.root / "run").mkdir()
        # The master daemonises; its output goes to a file so no pipe keeps this call waiting.
        with open(self.root / "start.log", "ab") as out:
            res = subprocess.run(
                ["dovecot", "-c", str(self.conf_path)], stdout=out, stderr=out, stdin=subprocess.DEVNULL
            )
        if res.returncode != 0:
            raise RuntimeError(f"dovecot failed to start: {(self.root / 'start.log').read_text()}")
        self._running = True

    def _wait_port(self, port: int, timeout: float) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with socket.create_connection((self.host, port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"dovecot did not listen on {self.host}:{port}; log:\n{self.log_tail()}")

    def _pid(self) -> int | None:
        try:
            return int((self.root / "run" / "master.pid").read_text().strip())
        except (OSError, ValueError):
            return None

    def stop(self, grace: float = 0.3) -> None:
        """Stop the server, keeping the mail (``restart()`` brings it back on the same ports).

        SIGTERM first, so connected clients get a BYE as from a real shutdown; after a
        short grace the whole process group is killed, because Dovecot's own orderly
        shutdown takes seconds and tests restart it often.
        """
        if not self._running:
            return
        pid = self._pid()
        if pid is not None and _alive(pid):
            pgid = os.getpgid(pid)
            os.kill(pid, signal.SIGTERM)
            end = time.monotonic() + grace
            while _alive(pid) and time.monotonic() < end:
                time.sleep(0.02)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            end = time.monotonic() + 5
            while _alive(pid) and time.monotonic() < end:
                time.sleep(0.02)
        self._running = False

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop and remove every trace (the temp directory)."""
        self.stop()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivateDovecot:
        # `with PrivateDovecot(...).start()` must not start a second instance on the same ports.
        return self if self._running else self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join((self.root / "dovecot.log").read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    # ------------------------------------------------------------------ mail

    def envelope_for(self, rcpt: str, folder: str | None = None) -> str:
        """The LMTP recipient for an address: its user (or the catch-all), +folder for another mailbox."""
        local, _, domain = rcpt.partition("@")
        user = local.split("+", 1)[0]
        if user not in self.users:
            user = self.catch_all
        return f"{user}+{folder}@{domain or 'localhost'}" if folder else f"{user}@{domain or 'localhost'}"

    def deliver(self, rcpt: str, raw: bytes, folder: str | None = None) -> None:
        """Deliver like an MX would: record the recipient in Delivered-To, hand over by LMTP."""
        data = b"Delivered-To: " + rcpt.encode("ascii") + b"\r\n" + raw
        with smtplib.LMTP(self.host, self.lmtp_port, timeout=30) as lmtp:
            lmtp.sendmail("mailer@localhost", [self.envelope_for(rcpt, folder)], data)
