"""The offline-first sync engine of CONTRACT.md § Sync (push, pull, conflicts, rejections).

See docs/sync.md for the protocol, the merge rules and why a pull never skips a change.
"""
