"""The embedded broker's folder belongs to one database (docs/tasks.md).

kombu's filesystem transport does not know whose messages a folder holds: a worker that
reads a folder the processes of another database write to takes their tasks, acknowledges
them and finds none of their rows. So the folder's default is one per database (a short hash
of `database_identity`, config.settings), and the first worker on a folder writes its
database's identity into it; a worker of another database then refuses to start there.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

OWNER_FILE = "database"


class FolderOfAnotherDatabase(Exception):
    """The folder's recorded database is not this process's."""


def database_identity(database: dict) -> str:
    """Which database this is: engine, host, port and name (a SQLite file's absolute path).

    Never the password, so it can be written down and shown.
    """
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3"):
        if name and not name.startswith((":memory:", "file:")):
            name = str(Path(name).resolve())
        return f"{database['ENGINE']} {name}"
    return f"{database['ENGINE']} {database.get('HOST') or ''}:{database.get('PORT') or ''}/{name}"


def short_id(identity: str) -> str:
    """A folder name for the identity: 12 hex digits of its SHA-256."""
    return hashlib.sha256(identity.encode()).hexdigest()[:12]


def claim(folder: Path, identity: str) -> None:
    """Record `identity` as the folder's database, or raise if the folder names another one.

    The first claim wins atomically (the owner file is created exclusively).
    """
    folder.mkdir(parents=True, exist_ok=True)
    owner = folder / OWNER_FILE
    try:
        fd = os.open(owner, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        recorded = owner.read_text().strip()
        if recorded != identity:
            raise FolderOfAnotherDatabase(
                f"The task folder {folder} belongs to the database {recorded!r}, not to this "
                f"worker's {identity!r}: its tasks are not for this worker. Give each database its "
                "own CELERY_FILESYSTEM_DIR (unset, the default is a folder per database)."
            ) from None
        return
    with os.fdopen(fd, "w") as file:
        file.write(identity + "\n")
