// Test-shop transport for blind widgets: a WebSocket to the scripted operator, plus a tiny element helper.
// Widgets own their DOM; this file only carries messages (like a vendor's backend connection would).
window.RWAgent = (function () {
  const cfg = window.RW_CFG || {};
  const conv = window.RW_CONV || cfg.conv || '';
  let memVid = null;  // a third-party frame may be denied storage: keep the visitor id in memory then
  const vid = () => { try { let v = localStorage.getItem('rw_blind_vid'); if (!v) { v = Math.random().toString(36).slice(2, 12); localStorage.setItem('rw_blind_vid', v); } return v; }
    catch (e) { memVid = memVid || Math.random().toString(36).slice(2, 12); return memVid; } };
  const handlers = {}; const queue = []; let ws = null;
  const emit = (t, d) => (handlers[t] || []).forEach(f => { try { f(d); } catch (e) { console.error(e); } });
  const post = m => { if (ws && ws.readyState === 1) ws.send(JSON.stringify(m)); else queue.push(m); };
  function connect() {
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?conv=' + encodeURIComponent(conv) + '&vid=' + vid());
    ws.onopen = () => { while (queue.length) ws.send(JSON.stringify(queue.shift())); };
    ws.onmessage = e => { const m = JSON.parse(e.data); emit(m.type, m); };
  }
  function h(tag, attrs, ...kids) {
    const doc = (attrs && attrs.$doc) || document;
    const e = /^(svg|path|circle|title|g|rect)$/.test(tag) ? doc.createElementNS('http://www.w3.org/2000/svg', tag) : doc.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === '$doc') continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else if (k === 'style' && typeof v === 'object') Object.assign(e.style, v);
      else if (v !== false && v !== null && v !== undefined) e.setAttribute(k, v === true ? '' : v); }
    for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false) e.append(k.nodeType ? k : doc.createTextNode(String(k)));
    return e;
  }
  const pad = n => String(n).padStart(2, '0');
  const hhmm = ts => { const d = new Date(ts); return pad(d.getHours()) + ':' + pad(d.getMinutes()); };
  return {
    cfg, conv, connect, h, hhmm, on: (t, f) => { (handlers[t] = handlers[t] || []).push(f); },
    send: text => post({type: 'visitor', text}), ticket: form => post({type: 'ticket', form}),
    prechat: (form, text) => post({type: 'prechat', form, text}),
    icon: (doc) => h('svg', {viewBox: '0 0 24 24', width: 28, height: 28, $doc: doc}, h('path', {d: 'M4 4h16v12H7l-3 3z', fill: 'currentColor', $doc: doc})),
  };
})();
