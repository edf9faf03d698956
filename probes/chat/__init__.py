"""Live-chat probe: find any chat widget, ask as a visitor, time every answer to the moment it appeared.

Modules, imports pointing one way (top needs bottom):
    probe      ChatProbe: detect, open, pre-chat form, ask, hand over to the watcher (registered as "chat")
    session    one live conversation: captured events -> classified, timed records
    detect     vendor by signatures, else a generic widget by shape and behaviour
    vendors    the one vendor table (name -> adapter module); jivo.py, tawk.py, ... one file each
    generic    the adapter for widgets no vendor claims
    base       ChatAdapter, ApiSignal
    capture    the init script's sink (events with browser timestamps)
    dom        the widget's parts by shape: launcher, panel, input, send, pre-chat and offline forms
    classify   greeting / bot / auto / person (pure)
    scripts    loads js/*.js (one shared shadow-root walker in js/lib.js)
"""

from probes.chat.probe import ChatProbe, describe

__all__ = ["ChatProbe", "describe"]
