// Find one kind of chat part in this frame by shape first, words second, and mark the best with data-rw-mark.
// what: input | send | email | launchers | panel.  frameIsWidget: this frame is itself a floating widget frame.
([what, mark, frameIsWidget]) => {
  const inWidget = el => (rwInFrame() ? frameIsWidget : !!rwFixedLayer(el));
  const layerOf = el => (rwInFrame() && frameIsWidget ? document.body : rwFixedLayer(el));
  const headerBar = el => { const l = rwFixedLayer(el); if (!l) return false; const r = l.getBoundingClientRect();
    return r.width > innerWidth * 0.9 && r.height < 160 && (r.top < 10 || r.bottom > innerHeight - 10); };
  const formFields = el => { const f = el.closest && el.closest('form'); return f ? f.querySelectorAll('input:not([type=hidden]),textarea,select').length : 0; };
  const hasList = el => { // a message list: scrollable area, a log region, or several look-alike rows near the input
    const layer = layerOf(el) || rwUp(el); if (!layer || !layer.querySelectorAll) return false;
    for (const x of [layer, ...layer.querySelectorAll('*')]) { if (x === el || x.contains(el)) continue;
      const s = getComputedStyle(x); if (/(auto|scroll)/.test(s.overflowY) && x.getBoundingClientRect().height > 60) return true;
      const role = x.getAttribute('role'); if (role === 'log' || x.getAttribute('aria-live')) return true; }
    return false; };
  for (const r of rwRoots(document)) { for (const el of r.querySelectorAll('[' + mark + ']')) {
      const v = el.getAttribute(mark); if (v === what || (what === 'launchers' && v.startsWith('launcher-'))) el.removeAttribute(mark); }
    if (what === 'input') for (const el of r.querySelectorAll('[' + mark + '-input]')) el.removeAttribute(mark + '-input'); }
  const all = rwAll().filter(el => !/^(SCRIPT|STYLE|LINK|META|NOSCRIPT|TEMPLATE)$/.test(el.tagName));
  const inputScore = el => {
    if (!rwIsTextBox(el) || !rwVisible(el)) return 0;
    const lab = rwLabel(el); let s = 1;
    if (inWidget(el)) s += 3; if (RW_MSG.test(lab)) s += 3;
    if (el.tagName !== 'INPUT') s += 1;
    if (RW_SEARCH.test(lab) || (el.getAttribute('type') || '') === 'search' || el.closest('[role=search]')) s -= 6;
    if (RW_PERSONAL.test([el.name, el.placeholder, el.id, el.getAttribute('aria-label'), el.getAttribute('autocomplete')].join(' '))) s -= 4;
    if (formFields(el) > 3) s -= 2; if (headerBar(el)) s -= 3; if (inWidget(el) && hasList(el)) s += 1;
    return s; };
  let best = null, bestScore = 0;
  const consider = (el, s) => { if (s > bestScore) { best = el; bestScore = s; } };
  if (what === 'input') { for (const el of all) consider(el, inputScore(el)); }
  else if (what === 'send') {
    const box = all.find(el => el.getAttribute(mark + '-input')) || null;
    for (const el of all) {
      if (!rwVisible(el) || !inWidget(el) || rwIsTextBox(el)) continue;
      const isBtn = el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' || (el.tagName === 'INPUT' && /^(submit|button|image)$/.test(el.type));
      if (!isBtn && !(el.tagName !== 'INPUT' && rwClickable(el) && !(rwUp(el) && rwClickable(rwUp(el)) && getComputedStyle(rwUp(el)).cursor === 'pointer'))) continue;
      const lab = rwLabel(el) + ' ' + (el.value || ''); let s = 0;
      if (RW_SEND.test(lab)) s += 3; if (isBtn) s += 1;
      if (/(attach|emoji|smile|file|файл|прикреп|додат|смайл|voice|голос|rate|оцен|close|закр|minimi|свернуть|згорн|menu|меню)/i.test(lab)) s -= 5;
      if (box) { let a = rwUp(box); for (let i = 0; i < 3 && a; i++, a = rwUp(a)) if (a.contains(el)) { s += 3 - i; break; }
        const rb = box.getBoundingClientRect(), re = el.getBoundingClientRect();
        if (re.left >= rb.right - 40 && Math.abs(re.top + re.height / 2 - (rb.top + rb.height / 2)) < 60) s += 1;
        if (!(el.innerText || '').trim() && el.querySelector('svg,img,i,span')) s += 1; }
      if (s >= 3) consider(el, s); }
  } else if (what === 'email') {
    for (const el of all) { if (el.tagName !== 'INPUT' || !inWidget(el) || !rwVisible(el)) continue;
      if (el.type === 'email' || /(e-?mail|почт|пошт)/i.test([el.name, el.placeholder, el.id, el.getAttribute('aria-label')].join(' '))) consider(el, 5); }
  } else if (what === 'launchers') {
    const cands = [];
    for (const el of all) {
      if (!rwVisible(el) || rwIsTextBox(el) || el.tagName === 'IFRAME' || !rwClickable(el)) continue;
      if (!inWidget(el)) continue;
      const r = el.getBoundingClientRect(); if (r.width > 380 || r.height > 240) continue;
      if (!rwInFrame() && !rwNearCorner(r)) continue;
      if (headerBar(el) || rwLeavesPage(el) || formFields(el) > 0) continue;
      const lab = rwLabel(el); if (RW_NOT_CHAT.test(lab.replace(/(chat|чат)/ig, '')) && !RW_CHAT.test(lab)) continue;
      let s = 2; if (RW_CHAT.test(lab)) s += 3; if (el.querySelector('svg,img') || el.tagName === 'IMG') s += 1;
      if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'button') s += 1;
      if (r.bottom > innerHeight - 220) s += 1; if (el.getAttribute('data-rw-tried')) s -= 4;
      cands.push([el, s]); }
    const kept = cands.filter(([el]) => !cands.some(([o]) => o !== el && o.contains(el) && o.getBoundingClientRect().width <= 380));
    kept.sort((a, b) => b[1] - a[1]);
    kept.slice(0, 6).forEach(([el, s], i) => el.setAttribute(mark, 'launcher-' + i));
    return kept.slice(0, 6).map(([el, s], i) => ({i, score: s, label: rwNorm(rwLabel(el)).slice(0, 80)}));
  } else if (what === 'panel') {
    let inp = 0; for (const el of all) inp = Math.max(inp, inputScore(el));
    let personal = 0, button = false, words = false;
    for (const el of all) { if (!inWidget(el) || !rwVisible(el)) continue;
      if (el.tagName === 'INPUT' && (el.type === 'email' || el.type === 'tel' || RW_PERSONAL.test([el.name, el.placeholder, el.id, el.getAttribute('aria-label')].join(' ')))) personal++;
      if (el.tagName === 'BUTTON' || el.type === 'submit') button = true; }
    for (const r of rwRoots(document)) { const base = r === document ? document.body : r; if (!base) continue;
      for (const el of (rwInFrame() ? [base] : [...base.children])) if (inWidget(el) && RW_CHAT.test((el.innerText || '').slice(0, 2000))) words = true; }
    return {input: inp, personal, button, words};
  }
  if (best) { best.setAttribute(mark, what); if (what === 'input') best.setAttribute(mark + '-input', '1'); }
  return best ? bestScore : 0;
}
