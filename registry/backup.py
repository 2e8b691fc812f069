"""Encrypted backups, and restores that keep erasures (REGISTER.md section 11).

`take_backup` copies the store while it holds it open: DuckDB lets one process at a time open a
store file read-write, so after a CHECKPOINT the file's bytes are a consistent copy until the
connection closes, and no plaintext copy is ever written to disk. The bytes are encrypted with
AES-256-GCM (the `cryptography` package) in chunks of 1 MiB: each chunk's nonce is a random
prefix and its number, and its associated data binds the file's header, its number and whether
it is the last, so a changed, reordered, dropped or appended byte fails authentication.

`restore_backup` decrypts into a file beside the store (`<store>.restore`), migrates it if it is
older, purges again every person the erasure ledger records whom it holds unpurged (the purge's
own code path, `purge.plan_reapply`), writes its audit entry, rewrites it so that no erased
value is in its bytes, and only then swaps it in. A journal (`<store>.restore-journal`) written
just before the swap lets the next command finish a restore killed after it (`db.connect`); a
restore killed before it leaves the store as it was and its decrypted file is removed by the
next command.

The key is 32 random bytes in URL-safe base64 (the form of `Fernet.generate_key()`): from
`$REGISTRY_BACKUP_KEY`, else from the key file beside the store (`<store>.backup-key`, made 0600
on the first backup). The key protects the backups that leave the machine: keep a copy of it
where the backups are not (docs/operations.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .store import db, files, ledger, locks, recovery
from .access import Actor, require
from .audit import utc_now, write_audit
from .errors import BadInput
from .store.schema import CURRENT_VERSION, migrate, schema_version

MAGIC = b"MOLENTUM-REGISTRY-BACKUP/1\n"
CHUNK = 1 << 20
KEY_ENV = "REGISTRY_BACKUP_KEY"
FOLDER_ENV = "REGISTRY_BACKUP_DIR"  # where the dashboard saves backups (else they are downloaded)

FACTS_SQL = """SELECT (SELECT count(*) FROM customers), (SELECT max(seq) FROM audit_log),
       (SELECT count(*) FROM erasures)"""
RECORD_BACKUP_SQL = "INSERT INTO backups VALUES (?, ?, ?, ?, ?, ?)"
LAST_BACKUP_SQL = "SELECT taken_at, size_bytes, file_name, taken_by FROM backups ORDER BY taken_at DESC LIMIT 1"
# A restored store's own rows end before the backup it came from was recorded (the row is written
# after the copy): the restore records that backup, so the store knows it.
RECORD_SOURCE_SQL = "INSERT INTO backups VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
LAST_RESTORE_SQL = """SELECT logged_at, actor, details->>'backup' FROM audit_log WHERE action = 'restore'
ORDER BY seq DESC LIMIT 1"""
UNKNOWN_TAKER = "?"  # a backup written before its header named who took it
STORE_IDS_SQL = "SELECT purge_id FROM erasures"
ERASED_IDS_SQL = "SELECT DISTINCT unnest(customer_ids) FROM erasures"


# --- the key -----------------------------------------------------------------------------------

def key_file(store: Path) -> Path:
    return files.StorePaths(Path(store)).backup_key


def key_from_environment() -> bool:
    """Whether the key is `$REGISTRY_BACKUP_KEY` (else the key file beside the store, `key_file`)."""
    return bool(os.environ.get(KEY_ENV))


def _decode_key(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        key = b""
    if len(key) != 32:
        raise BadInput(f"the backup key in {where} is not 32 bytes in URL-safe base64 (make one with "
                       "'python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\"')",
                       code="bad_backup_key", where=where)
    return key


def backup_key(store: Path, create: bool) -> bytes:
    """The key: `$REGISTRY_BACKUP_KEY`, else the key file beside the store, made on first use
    when `create` (a backup); a restore without either is refused."""
    if os.environ.get(KEY_ENV):
        return _decode_key(os.environ[KEY_ENV], f"${KEY_ENV}")
    path = key_file(store)
    if path.exists():
        return _decode_key(path.read_text(), str(path))
    if not create:
        raise BadInput(f"no backup key: set ${KEY_ENV} or put the key file at {path}", code="no_backup_key",
                       path=str(path))
    text = base64.urlsafe_b64encode(secrets.token_bytes(32))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, text + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return base64.urlsafe_b64decode(text)


def _key_check(key: bytes) -> str:
    """Names the key without revealing it: a wrong key is told apart from a changed file."""
    return hmac.new(key, b"molentum-registry-backup-key-check", hashlib.sha256).hexdigest()[:16]


# --- the file format ---------------------------------------------------------------------------

def _aad(header_digest: bytes, number: int, last: bool) -> bytes:
    return header_digest + struct.pack(">Q?", number, last)


def _encrypt_file(source, out, key: bytes, facts: dict) -> int:
    """Write MAGIC, the header (facts, nonce prefix, key check) and the chunks of `source`."""
    prefix = secrets.token_bytes(4)
    header = json.dumps({**facts, "chunk_size": CHUNK, "nonce_prefix": prefix.hex(), "key_check": _key_check(key)},
                        sort_keys=True).encode()
    out.write(MAGIC + struct.pack(">I", len(header)) + header)
    digest = hashlib.sha256(MAGIC + header).digest()
    aes = AESGCM(key)
    written, number = 0, 0
    block = source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        sealed = aes.encrypt(prefix + struct.pack(">Q", number), block, _aad(digest, number, last))
        out.write(struct.pack(">I", len(sealed)) + sealed)
        written += len(block)
        if last:
            return written
        block, number = following, number + 1


def read_header(path: Path) -> dict:
    """The backup's facts (taken_at, persons, audit_seq, schema_version, …), before decrypting.
    A file `backup` did not write is refused."""
    try:
        with open(path, "rb") as f:
            start = f.read(len(MAGIC) + 4)
            if len(start) < len(MAGIC) + 4 or not start.startswith(MAGIC):
                raise BadInput(f"{path} is not a backup written by 'python -m registry backup'; nothing changed",
                               code="not_a_backup", path=str(path))
            (size,) = struct.unpack(">I", start[len(MAGIC):])
            header = json.loads(f.read(size))
    except FileNotFoundError:
        raise BadInput(f"no backup at {path}", code="no_backup", path=str(path)) from None
    except (ValueError, UnicodeDecodeError):
        raise BadInput(f"{path} is not a backup written by 'python -m registry backup'; nothing changed",
                       code="not_a_backup", path=str(path)) from None
    return header


def _decrypt_file(path: Path, out_path: Path, key: bytes) -> dict:
    """Decrypt `path` into `out_path` (0600), checking every chunk; a wrong key or a changed,
    missing or added byte raises BadInput and leaves no `out_path`."""
    header = read_header(path)
    if header.get("key_check") != _key_check(key):
        raise BadInput(f"{path} was encrypted with another key; nothing changed", code="backup_wrong_key",
                       path=str(path))
    tampered = BadInput(f"{path} fails its authentication (it was changed or cut short); nothing changed",
                        code="backup_tampered", path=str(path))
    try:
        with open(path, "rb") as f, open(_new_private(out_path), "wb") as out:
            f.seek(len(MAGIC))
            (size,) = struct.unpack(">I", f.read(4))
            raw_header = f.read(size)
            digest = hashlib.sha256(MAGIC + raw_header).digest()
            prefix = bytes.fromhex(header["nonce_prefix"])
            aes, number = AESGCM(key), 0
            while True:
                length = f.read(4)
                if len(length) < 4:
                    raise tampered  # the last chunk never came
                sealed = f.read(struct.unpack(">I", length)[0])
                plain, last = _open_chunk(aes, prefix + struct.pack(">Q", number), sealed, digest, number)
                if plain is None:
                    raise tampered
                out.write(plain)
                if last:
                    if f.read(1):
                        raise tampered  # bytes after the last chunk
                    break
                number += 1
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        out_path.unlink(missing_ok=True)
        raise
    return header


def _open_chunk(aes: AESGCM, nonce: bytes, sealed: bytes, digest: bytes, number: int):
    """(plaintext, is it the last chunk), or (None, False) when the chunk fails authentication."""
    for last in (False, True):
        try:
            return aes.decrypt(nonce, sealed, _aad(digest, number, last)), last
        except InvalidTag:
            continue
    return None, False


def _new_private(path: Path) -> Path:
    """Create `path` empty and 0600 whatever the umask (the caller then opens it for writing)."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


# --- backup ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupInfo:
    file: Path
    taken_at: datetime
    persons: int
    audit_seq: int | None
    size: int

    def as_json(self) -> dict:
        return {"file": str(self.file), "taken_at": self.taken_at.isoformat() + "Z", "persons": self.persons,
                "audit_seq": self.audit_seq}


def configured_folder() -> Path | None:
    """Where the dashboard saves backups on the server (`$REGISTRY_BACKUP_DIR`), or None: downloaded."""
    folder = os.environ.get(FOLDER_ENV)
    return Path(folder) if folder else None


def default_name(taken_at: datetime) -> str:
    return f"registry-{taken_at:%Y-%m-%dT%H%M%SZ}.backup"


def take_backup(store: Path, out: Path, actor: Actor, now: datetime | None = None) -> BackupInfo:
    """Encrypt a consistent copy of `store` into `out` (a file, or a folder to put it in)."""
    require(actor, "take_backup")
    now = (now or utc_now()).replace(microsecond=0)
    out = Path(out)
    if out.is_dir():
        out = out / default_name(now)
    if not out.parent.is_dir():
        raise BadInput(f"the directory {out.parent} does not exist", code="out_dir_missing", path=str(out.parent))
    key = backup_key(Path(store), create=True)
    partial = out.with_name(out.name + ".partial")
    # Exclusive: no session of this process writes while the file is read (other processes are
    # kept out by DuckDB itself while this connection is open).
    with db.connect(store, exclusive=True) as conn:
        conn.execute("CHECKPOINT")  # the file alone now holds every committed change
        persons, audit_seq, erasures = conn.execute(FACTS_SQL).fetchone()
        facts = {"taken_at": now.isoformat() + "Z", "taken_by": actor.name, "persons": persons, "audit_seq": audit_seq,
                 "schema_version": schema_version(conn), "erasures": erasures, "store": Path(store).name}
        try:
            # No other process can open the store while this connection holds it: its bytes
            # stay as checkpointed until the copy is done.
            with open(locks.store_paths(conn).store, "rb") as source, open(_new_private(partial), "wb") as target:
                files.fault_point("backup_started")
                _encrypt_file(source, target, key, facts)
                target.flush()
                os.fsync(target.fileno())
            files.fault_point("backup_written")
            os.replace(partial, out)
            files.fsync_dir(out.parent)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        size = out.stat().st_size
        with db.transaction(conn):
            conn.execute(RECORD_BACKUP_SQL, [now, actor.name, out.name, size, persons, audit_seq])
            write_audit(conn, actor.name, "backup_taken", {"file": out.name, "size": size, "persons": persons,
                                                            "audit_seq": audit_seq}, at=now)
    return BackupInfo(out, now, persons, audit_seq, size)


STALE_AFTER_DAYS = 7  # the Overview turns amber after a week without a backup
LEDGER_SUMMARY_SQL = """SELECT count(*), (SELECT count(DISTINCT i) FROM (SELECT unnest(customer_ids) AS i FROM erasures)),
       max(erased_at) FROM erasures"""


@dataclass(frozen=True)
class BackupStatus:
    """The last backup (None when none was taken) and the erasure ledger, for the dashboard."""
    taken_at: datetime | None  # UTC
    size: int | None
    file_name: str | None
    taken_by: str | None
    stale: bool  # no backup, or none for STALE_AFTER_DAYS
    ledger_entries: int
    ledger_persons: int
    ledger_last_at: datetime | None
    ledger_file: Path
    restored_at: datetime | None = None  # UTC: when the store was last restored from a backup
    restored_by: str | None = None
    restored_from: str | None = None  # that backup's file name

    @property
    def restored_from_last(self) -> bool:
        """Whether the last backup is the one the store was restored from (no backup since)."""
        return self.restored_at is not None and self.file_name == self.restored_from


def backup_status(conn, now: datetime | None = None) -> BackupStatus:
    now = now or utc_now()
    last = conn.execute(LAST_BACKUP_SQL).fetchone()
    entries, persons, last_at = conn.execute(LEDGER_SUMMARY_SQL).fetchone()
    taken_at, size, name, by = last or (None, None, None, None)
    restored_at, restored_by, restored_from = conn.execute(LAST_RESTORE_SQL).fetchone() or (None, None, None)
    stale = taken_at is None or (now - taken_at).total_seconds() > STALE_AFTER_DAYS * 86400
    return BackupStatus(taken_at, size, name, by, stale, entries, persons or 0, last_at,
                        ledger.ledger_path(locks.store_paths(conn).store), restored_at, restored_by, restored_from)


# --- restore -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    backup_taken_at: str
    reapplied: tuple[int, ...]
    without_ledger: bool
    dry_run: bool

    def as_json(self) -> dict:
        return {"restored_from": str(self.restored_from), "backup_taken_at": self.backup_taken_at,
                "reapplied": list(self.reapplied), "dry_run": self.dry_run, "without_ledger": self.without_ledger}


def _header_time(text: str) -> datetime:
    """A header's time ("2026-12-05T08:15:00Z", UTC) as the naive UTC timestamp the store keeps."""
    return datetime.fromisoformat(text.removesuffix("Z"))


def _ledger_entries(store: Path, ledger_file: Path | None, without_ledger: bool) -> list[ledger.Erasure]:
    path = Path(ledger_file) if ledger_file else ledger.ledger_path(store)
    if ledger_file and not path.is_file():
        raise BadInput(f"no erasure ledger at {path}; nothing changed", code="no_ledger", path=str(path))
    if not path.exists():
        if without_ledger:
            return []
        raise BadInput(f"no erasure ledger at {path}: without it, persons purged after the backup would come back. "
                       "Give --ledger PATH (a copy kept elsewhere), or --without-ledger to restore knowingly "
                       "without one; nothing changed", code="no_ledger", path=str(path))
    return ledger.read_ledger(path)


def restore_backup(store: Path, source: Path, actor: Actor, today, *, dry_run: bool, ledger_file: Path | None = None,
                   without_ledger: bool = False, now: datetime | None = None) -> RestoreResult:
    """Replace `store` with the backup `source` and purge again every person the erasure ledger
    records as purged whom the backup holds unpurged; see the module docstring."""
    from .purge import plan_reapply, purge_persons

    require(actor, "restore_backup")
    store, source = Path(store), Path(source)
    now = (now or utc_now()).replace(microsecond=0)
    read_header(source)  # refuse a foreign file before anything else
    key = backup_key(store, create=False)
    entries = _ledger_entries(store, ledger_file, without_ledger)
    with db.exclusive_store(store) as paths:
        temp = files.StorePaths(paths.restore)
        recovery.remove_restore_leftovers(paths)
        try:
            header = _decrypt_file(source, temp.store, key)
            files.fault_point("restore_decrypted")
            conn = locks.open_file(temp.store)
            try:
                if schema_version(conn) > CURRENT_VERSION:
                    raise BadInput(f"{source} has schema version {schema_version(conn)}, newer than this program's "
                                   f"{CURRENT_VERSION}: update the program first; nothing changed",
                                   code="store_too_new")
                migrate(conn)
                backup_ids = {pid for (pid,) in conn.execute(STORE_IDS_SQL).fetchall()}
                erased = {i for (i,) in conn.execute(ERASED_IDS_SQL).fetchall()}
                if entries and not erased <= {i for e in entries for i in e.customer_ids}:
                    raise BadInput("the erasure ledger does not hold the erasures the backup itself records: it is "
                                   "another register's ledger or an older copy; nothing changed",
                                   code="ledger_mismatch")
                plan = plan_reapply(conn, today, [i for e in entries for i in e.customer_ids])
            finally:
                conn.close()
            result = RestoreResult(source, header["taken_at"], plan.customer_ids, without_ledger and not entries,
                                   dry_run)
            if dry_run:
                return result
            conn = locks.open_file(temp.store)
            try:
                def record(c):
                    # The ledger's entries the backup lacks (the restored store and the ledger then
                    # agree), and the restore's audit entry, in the same transaction as the purge.
                    for erasure in entries:
                        if erasure.purge_id not in backup_ids:
                            ledger.record_erasure(c, erasure)
                    c.execute(RECORD_SOURCE_SQL, [_header_time(header["taken_at"]), header.get("taken_by", UNKNOWN_TAKER),
                                                  source.name, source.stat().st_size, header["persons"],
                                                  header.get("audit_seq")])
                    write_audit(c, actor.name, "restore", {"backup": source.name, "backup_taken_at": header["taken_at"],
                                                            "reapplied": list(plan.customer_ids),
                                                            "without_ledger": result.without_ledger}, at=now)

                if plan.customer_ids:  # the purge rewrites the file after its commit
                    purge_persons(conn, today, actor, plan=plan, reason="reapplied", write_ledger=False, now=now,
                                  also=record)
                else:
                    with db.transaction(conn):
                        record(conn)
                    locks.rewrite_store(conn)  # no freed block of the backup or its migration is left
            finally:
                conn.close()
            files.fault_point("restore_prepared")
            recovery.finish_restore(paths)
        finally:
            recovery.remove_restore_leftovers(paths)
    return result
