// Visible text of the widget layers (fixed-position layers, or the whole of a widget frame): offline notices,
// the header's "usually replies in a few minutes". Text boxes and the visitor's own typing are left out.
([frameIsWidget, limit]) => {
  const out = [];
  const textOf = el => { const parts = [];
    const visit = n => { if (n.nodeType === 3) { parts.push(n.textContent); return; }
      if (n.nodeType !== 1 || /^(SCRIPT|STYLE|TEXTAREA|INPUT|SELECT|NOSCRIPT|TEMPLATE)$/.test(n.tagName) || n.isContentEditable) return;
      const s = getComputedStyle(n); if (s.display === 'none' || s.visibility === 'hidden') return;
      if (n.shadowRoot) for (const k of n.shadowRoot.childNodes) visit(k);
      for (const k of n.childNodes) visit(k);
      if (/^(DIV|P|LI|BR|H\d|SECTION|HEADER|BUTTON)$/.test(n.tagName)) parts.push('\n'); };
    visit(el); return parts.join(' ').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim(); };
  if (rwInFrame()) { if (frameIsWidget && document.body) out.push(textOf(document.body)); }
  else for (const r of rwRoots(document)) { const kids = r === document ? (document.body ? [...document.body.children] : []) : [...r.children];
    for (const el of kids) if (rwFixedLayer(el) || [...el.querySelectorAll('*')].some(x => getComputedStyle(x).position === 'fixed' && rwVisible(x))) out.push(textOf(el)); }
  return out.filter(Boolean).join('\n').slice(0, limit);
}
