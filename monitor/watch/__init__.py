"""Watchers: wait for answers (IMAP inbox, open chat widgets) and hand them to matching and storage."""
