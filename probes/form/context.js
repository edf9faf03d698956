// The visible text around a form, for the shop's promise ("ответим в течение 15 минут"): the form's
// own section (the nearest ancestor with enough text), headings and notes before it. Plain text only.
([sel, limit]) => {
  const find = (s) => { const look = (r) => { const hit = r.querySelector(s); if (hit) return hit;
    for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { const h = look(el.shadowRoot); if (h) return h; }
    return null; }; return look(document); };
  const g = find(sel);
  const clean = (t) => (t || '').replace(/[ \t]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim();
  if (!g) return '';
  let box = g;
  for (let a = g, hops = 0; a && a.parentElement && hops < 6; a = a.parentElement, hops++) {
    box = a;
    if (['BODY', 'MAIN', 'ARTICLE', 'SECTION', 'DIALOG'].includes(a.tagName) && hops > 0) break;
    if (clean(a.innerText).length - clean(g.innerText).length >= 200) break;
  }
  let text = clean(box.innerText);
  if (text.length > limit) {
    const own = clean(g.innerText);
    const at = Math.max(0, text.indexOf(own.slice(0, 40)));
    text = text.slice(Math.max(0, at - Math.floor(limit * 0.6)), Math.max(0, at - Math.floor(limit * 0.6)) + limit);
  }
  return text;
}
