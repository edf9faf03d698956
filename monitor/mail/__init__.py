"""Mail processing that needs no network: parse raw messages, classify them, match them to probes."""
