// Run on an <iframe> element in its parent: does this frame float over the page like a chat widget?
(el) => { const r = el.getBoundingClientRect();
  return !!rwFixedLayer(el) || (r.width > 0 && r.width < 520 && rwNearCorner(r)); }
