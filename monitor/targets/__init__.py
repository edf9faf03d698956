"""Targets from spreadsheets: `replywatch targets import FILE.csv|xlsx`."""
