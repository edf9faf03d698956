"""Alerts that reach people: rules over the report's numbers, per-event notifications, delivery.

rules.py     the rule language (`median_first_reply > 2x baseline(28d)`), parsed once at config load
samples.py   per target x touchpoint samples over a window (counts + latencies) and the metric values
evaluate.py  rules -> AlertEvent rows (open, remind, resolve) -> notifications in the outbox
events.py    per-event notifications: past the SLA, an answer arrived, a shop that stopped answering
mute.py      quiet hours and mute windows (config, CLI, dashboard)
outbox.py    the notification outbox: one row per message and destination, held, due, delivered
delivery.py  sending due notifications with retries and backoff; every attempt recorded
senders.py   Apprise and the signed outgoing webhook
run.py       what the daemon calls once a minute, and `alerts test`
history.py   what happened, for the dashboard and `alerts list`

This module imports nothing: monitor.config imports the rule language from here,
and everything else here imports monitor.config.
"""
