"""Local demo shops and mail loop, on loopback only: used by `replywatch demo` and by the tests."""
