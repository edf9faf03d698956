// The word fallback kept from the first detector: a floating element (or widget frame) named like a chat
// in its id, class, aria-label, title or frame URL. Used only when shape and behaviour found no open panel
// (an offline or closed widget shows no message input).
() => { const CHAT = /(chat|messenger|livechat|support-widget|consult|чат|консульт|оператор)/i;
  for (const el of rwAll()) {
    const lab = [el.id, rwCls(el), el.getAttribute('aria-label'), el.getAttribute('title'), el.tagName === 'IFRAME' ? el.src : ''].join(' ');
    if (CHAT.test(lab) && rwFixedLayer(el) && rwVisible(el)) return true;
  }
  return false; }
