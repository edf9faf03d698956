// The options a just-opened custom dropdown shows, as {oid, text}; elements are tagged with data-rw.
// Looks for [role=option] first (ARIA listboxes, portals included), then for the items of a list
// that appeared next to the box. Only visible options count: what a person can click.
(sel) => {
  const W = window;
  W.__rwN = W.__rwN || 0;
  // a per-document prefix: after a navigation the new page's elements never reuse an old page's ids
  W.__rwP = W.__rwP || Math.random().toString(36).slice(2, 7);
  const tag = (el) => {
    let id = el.getAttribute('data-rw');
    if (!id) { id = 'rw' + W.__rwP + (++W.__rwN); el.setAttribute('data-rw', id); }
    return id;
  };
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const box = document.querySelector(sel);
  if (!box) return [];
  const text = (el) => (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 80);
  const pack = (els) => els.filter(shown).filter(el => text(el)).map(el => ({oid: tag(el), text: text(el)}));
  const ctrl = box.getAttribute('aria-controls') || (box.querySelector('[aria-controls]') || {getAttribute: () => ''}).getAttribute('aria-controls');
  if (ctrl) {
    const list = document.getElementById(ctrl);
    if (list) { const got = pack([...list.querySelectorAll('[role=option]')]); if (got.length) return got; }
  }
  // options near the box first (its own widget), then anywhere (portals render at the end of <body>)
  for (let a = box; a && a !== document.body; a = a.parentElement) {
    const got = pack([...a.querySelectorAll('[role=option]')]);
    if (got.length) return got;
    if (a.parentElement && a.parentElement.querySelectorAll('input,textarea,select').length > 3) break;
  }
  const all = pack([...document.querySelectorAll('[role=option]')]);
  if (all.length) return all;
  const near = box.parentElement ? [...box.parentElement.querySelectorAll('li,[class*=option],[class*=item]')] : [];
  return pack(near.filter(el => !el.contains(box) && !box.contains(el)));
}
