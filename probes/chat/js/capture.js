// Init script, run in every frame before the site's scripts (RW_CONFIG is prepended by probes/chat/scripts.py).
// Wraps vendor callback globals so the site's handlers and ours both run; stamps every node the moment it is
// added (documents and every shadow root, open or closed) and, once armed with the question, ships each new
// node to Python with Date.now() of that moment and whether it is ours.
if (!window.__rwCap) { window.__rwCap = 1;
  const MAXT = RW_CONFIG.maxt, BIND = RW_CONFIG.binding, queue = [];
  const send = ev => { ev.tz = new Date().getTimezoneOffset();
    if (typeof window[BIND] === 'function') { while (queue.length) window[BIND](queue.shift()); window[BIND](ev); }
    else if (queue.length < 200) { queue.push(ev); setTimeout(() => send({kind: 'flush', t: Date.now()}), 200); } };
  const safe = v => { try { return JSON.parse(JSON.stringify(v, (k, x) => typeof x === 'string' ? x.slice(0, MAXT) : x)); } catch (e) { return String(v).slice(0, MAXT); } };
  window.__rwApi = (vendor, event, payload) => send({kind: 'api', t: Date.now(), vendor, event, payload: safe(payload)});
  // ---- callback globals: keep the site's handler and ours
  const chain = (vendor, name, getSite) => function (...args) {
    try { window.__rwApi(vendor, name, args.length > 1 ? args : args[0]); } catch (e) {}
    const f = getSite(); if (typeof f === 'function') return f.apply(this, args); };
  const wrapProp = (obj, name, vendor) => {
    let site = obj[name]; const ours = chain(vendor, name, () => site);
    try { Object.defineProperty(obj, name, {configurable: true, enumerable: true,
      get: () => ours, set: v => { if (v !== ours) site = v; }}); } catch (e) {} };
  for (const [vendor, names] of Object.entries(RW_CONFIG.globals)) for (const n of names) wrapProp(window, n, vendor);
  // a site's `function jivo_onX() {}` replaces our accessor with a plain property: wrap it again
  const rewrap = () => { for (const [vendor, names] of Object.entries(RW_CONFIG.globals)) for (const n of names) {
    const d = Object.getOwnPropertyDescriptor(window, n);
    if (d && 'value' in d && typeof d.value === 'function' && !d.value.__rw && d.writable) {
      const site = d.value; const ours = chain(vendor, n, () => site); ours.__rw = 1; try { window[n] = ours; } catch (e) {} } } };
  document.addEventListener('DOMContentLoaded', rewrap); window.addEventListener('load', rewrap);
  if (window === window.top) setInterval(rewrap, 300);
  const wrapHolder = (holder, names, vendor) => { let cur;
    try { Object.defineProperty(window, holder, {configurable: true, enumerable: true, get: () => cur,
      set: v => { cur = v; if (v && typeof v === 'object' && !v.__rwWrapped) {
        try { Object.defineProperty(v, '__rwWrapped', {value: 1}); } catch (e) {}
        for (const n of names) wrapProp(v, n, vendor); } }}); } catch (e) {} };
  for (const [holder, [vendor, names]] of Object.entries(RW_CONFIG.holders)) wrapHolder(holder, names, vendor);
  window.addEventListener('onBitrixLiveChat', e => { try { window.__rwB24 = e.detail && e.detail.widget; } catch (x) {} });
  // ---- DOM: when did each node appear, and which list holds our bubble
  const seen = new WeakMap(); window.__rwSeen = seen;
  const textOf = n => rwNorm(n.innerText !== undefined && n.isConnected ? n.innerText : n.textContent).slice(0, MAXT);
  const SKIP = /^(SCRIPT|STYLE|LINK|META|NOSCRIPT|TEMPLATE|SVG|PATH|IMG|BR)$/;
  const timeHint = n => { const out = {};
    const te = n.matches && n.matches('time,[datetime]') ? n : n.querySelector && n.querySelector('time[datetime],[datetime],[data-time],[data-timestamp],[data-ts],[data-created-at],[title]');
    if (te) { const v = te.getAttribute('datetime') || te.getAttribute('data-time') || te.getAttribute('data-timestamp') || te.getAttribute('data-ts') || te.getAttribute('data-created-at');
      if (v) out.datetime = v; else if (te.getAttribute('title') && /\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d\d:\d\d:\d\d/.test(te.getAttribute('title'))) out.title = te.getAttribute('title'); }
    for (const a of ['data-time', 'data-timestamp', 'data-ts', 'data-created-at']) if (!out.datetime && n.getAttribute && n.getAttribute(a)) out.datetime = n.getAttribute(a);
    const TIME = /^[0-2]?\d:[0-5]\d(?::[0-5]\d)?(\s?[AaPp][Mm])?$/;
    if (n.querySelectorAll) for (const x of n.querySelectorAll('*')) { const t = rwNorm(x.textContent); if (!x.childElementCount && TIME.test(t)) { out.clock = t; break; } }
    if (!out.clock) { const all = [...textOf(n).matchAll(/(?:^|[^\d:])([0-2]?\d:[0-5]\d(?::[0-5]\d)?)(?![\d:])/g)]; if (all.length) out.clock = all[all.length - 1][1]; }
    return out; };
  const senderHint = n => { const s = n.querySelector && n.querySelector('[class*="name" i],[class*="author" i],[class*="sender" i],[class*="nick" i]');
    return s ? textOf(s).slice(0, 120) : null; };
  const clsChain = n => { const out = []; let x = n;
    for (let i = 0; x && x.nodeType === 1 && i < 4; i++, x = x.parentElement) out.push(rwCls(x) + ' ' + (x.getAttribute('data-from') || '') + ' ' + (x.getAttribute('data-author') || ''));
    return out.join(' | ').slice(0, 400); };
  const side = n => { try { const r = n.getBoundingClientRect(), p = (n.parentElement || n).getBoundingClientRect();
    if (!r.width || !p.width) return null; const c = (r.left + r.right) / 2 - p.left;
    return r.width > p.width * 0.9 ? 'full' : c > p.width * 0.55 ? 'right' : c < p.width * 0.45 ? 'left' : 'center'; } catch (e) { return null; } };
  const seenAt = n => { for (let x = n; x; x = rwUp(x)) { const v = seen.get(x); if (v) return v; } return Date.now(); };
  const describe = (n, extra) => ({t: seenAt(n), text: textOf(n), cls: clsChain(n), side: side(n),
    buttons: n.querySelectorAll ? n.querySelectorAll('button,[role=button],a.button,[class*="button" i],[class*="quick" i],[class*="option" i],[class*="choice" i]').length : 0,
    sender: senderHint(n), time: timeHint(n), tag: n.tagName, tz: new Date().getTimezoneOffset(), ...extra});
  let question = null, container = null;
  const inList = n => !!(container && container.isConnected && (container === n || container.contains(n)));
  const isOwnInput = n => n.closest && (n.closest('textarea,input,[contenteditable=""],[contenteditable=true],[role=textbox]') || n.isContentEditable);
  const onAdded = (target, n) => {
    if (!seen.has(n)) seen.set(n, Date.now());
    if (!question || SKIP.test(n.tagName) || isOwnInput(n)) return;
    setTimeout(() => {  // let the widget fill the node (frameworks add then fill)
      if (!n.isConnected) return; const d = describe(n, {}); if (!d.text) return;
      if (container && !container.isConnected) container = null;  // the widget re-rendered its list
      if (!container && d.text.includes(question)) { let c = target.nodeType === 1 ? target : (target.host || null);
        for (let i = 0; i < 2 && c && c.children.length <= 1 && c.parentElement && c.parentElement !== document.body; i++) c = c.parentElement;
        container = c; }
      d.kind = 'dom'; d.inList = inList(n); d.mine = d.text.includes(question); send(d); }, 30); };
  const watched = new WeakSet();
  const watch = root => { if (watched.has(root)) return; watched.add(root);
    new MutationObserver(ms => { const now = Date.now(); for (const m of ms) {
      if (m.type === 'characterData') { const p = m.target.parentElement; if (p && !seen.has(p)) seen.set(p, now); continue; }
      for (const x of m.addedNodes) {
        const n = x.nodeType === 3 ? x.parentElement : x;
        if (n && n.nodeType === 1) { if (!seen.has(n)) seen.set(n, now); onAdded(x.nodeType === 3 ? (n.parentNode || m.target) : m.target, n);
          if (n.shadowRoot) watch(n.shadowRoot); if (n.querySelectorAll && n.firstElementChild) for (const r of rwRoots(n).slice(1)) watch(r); } } } })
    .observe(root, {childList: true, subtree: true}); };
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (o) { const r = attach.call(this, o); try { watch(r); } catch (e) {} return r; };
  watch(document);
  document.addEventListener('DOMContentLoaded', () => { for (const r of rwRoots(document).slice(1)) watch(r); });  // declarative shadow roots
  window.__rwArm = (q, depth) => { question = rwNorm(q).slice(0, 60);
    try { const f = window.__rwLocate && window.__rwLocate(question, depth); if (f && f.bubble && f.bubble.parentNode) container = f.bubble.parentNode; } catch (e) {}
    return true; };  // on a reopened page our bubble is already there: its list is the container
  // ---- reading the list around our bubble (reopened pages, fallbacks)
  const deepest = qq => { let best = null;
    for (const r of rwRoots(document)) for (const el of r.querySelectorAll('*')) {
      if (SKIP.test(el.tagName) || isOwnInput(el)) continue;
      const t = rwNorm(el.textContent); if (t.includes(qq) && (!best || best.contains(el) || t.length < rwNorm(best.textContent).length)) best = el; }
    return best; };
  const alike = (a, b) => { if (a.tagName !== b.tagName) return false;
    const ca = new Set(rwCls(a).split(/\s+/).filter(Boolean)); const cb = rwCls(b).split(/\s+/).filter(Boolean);
    return cb.some(x => ca.has(x)) || (a.childElementCount > 0 && b.childElementCount > 0); };
  const isChrome = k => !!(k.querySelector && k.querySelector('textarea,input,[contenteditable],form')) || /^(TEXTAREA|INPUT|FORM|BUTTON)$/.test(k.tagName);
  const locate = (qq, depth) => { const best = deepest(qq); if (!best) return null;
    let bubble = null;
    if (typeof depth === 'number' && depth >= 0) { bubble = best; for (let i = 0; i < depth && bubble.parentElement; i++) bubble = bubble.parentElement; }
    else { let b = best;  // climb to the level where our bubble has look-alike siblings, inside the widget only
      for (let i = 0; i < 6 && b.parentElement && b.parentElement !== document.body; i++) {
        const sib = [...b.parentElement.children].filter(k => k !== b && rwNorm(k.textContent) && !isChrome(k));
        if (sib.some(k => alike(k, b))) { bubble = b; break; }
        if (getComputedStyle(b.parentElement).position === 'fixed') break; b = b.parentElement; } }
    return {best, bubble}; };
  window.__rwLocate = locate;
  window.__rwSnapshot = (q, depth) => { const qq = rwNorm(q).slice(0, 60); const found = locate(qq, depth);
    if (!found) return null; const {best, bubble} = found;
    if (!bubble || !bubble.parentNode) return {found: true, messages: [], depth: null};
    let d = 0; for (let x = best; x && x !== bubble; x = x.parentElement) d++;
    const list = bubble.parentNode, kids = [...list.children], i = kids.indexOf(bubble);
    return {found: true, depth: d, messages: kids.map((k, j) => (isChrome(k) ? null : {...describe(k, {}), order: j - i, mine: j === i})).filter(m => m && m.text)}; };
}
