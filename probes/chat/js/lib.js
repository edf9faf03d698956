// Helpers shared by every chat script (prepended by probes/chat/scripts.py).
// rwRoots is the one shadow-root walker: the document and every open shadow root below it.
function rwRoots(start) {
  const roots = [start || document];
  const walk = r => { for (const el of r.querySelectorAll('*')) if (el.shadowRoot) { roots.push(el.shadowRoot); walk(el.shadowRoot); } };
  walk(roots[0]);
  return roots;
}
function rwAll() { const out = []; for (const r of rwRoots(document)) for (const el of r.querySelectorAll('*')) out.push(el); return out; }
function rwUp(el) { return el.parentElement || (el.getRootNode && el.getRootNode().host) || null; }
// the fixed or sticky layer an element sits in (widgets float over the page; the shop's own content scrolls)
function rwFixedLayer(el) {
  for (let x = el; x && x.nodeType === 1; x = rwUp(x)) {
    const p = getComputedStyle(x).position; if (p === 'fixed' || p === 'sticky') return x;
  }
  return null;
}
function rwVisible(el) {
  const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
  return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05
    && r.bottom > 0 && r.right > 0 && r.top < innerHeight + 5 && r.left < innerWidth + 5;
}
function rwCls(el) { const c = el.className; return String(c && c.baseVal !== undefined ? c.baseVal : c || ''); }
// every word a visitor or a screen reader gets about an element: supporting evidence only
function rwLabel(el) {
  const svgTitles = [...(el.querySelectorAll ? el.querySelectorAll('svg title, img[alt]') : [])].map(t => t.textContent || t.getAttribute('alt') || '').join(' ');
  return [el.id, rwCls(el), el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('alt'),
    el.getAttribute('placeholder'), el.getAttribute('name'), el.getAttribute('data-testid'),
    el.tagName === 'IFRAME' ? el.src : '', svgTitles, (el.innerText || '').slice(0, 80)].join(' ');
}
const RW_CHAT = /(chat|messenger|message|support|consult|operator|help|ask|talk|write to us|questions?\b|чат|консульт|оператор|напиш|написать|спрос|вопрос|помо|поддерж|допомог|питання|підтрим|зв.язок|связ|онлайн|online)/i;
const RW_MSG = /(message|сообщ|повідом|вопрос|питання|напиш|введите|введіть|type|write|ask|спрос|reply|ответ|відпов|compose|chat|чат)/i;
const RW_SEARCH = /(search|поиск|пошук|найти|знайти|promo|купон|coupon|discount|subscribe|подпис|підпис|newsletter|рассылк|розсилк)/i;
const RW_NOT_CHAT = /(cookie|куки|файлы cookie|файли cookie|gdpr|privacy|конфиденц|конфіденц|наверх|нагору|scroll.?to.?top|back.?to.?top|go.?top|up-?button|accessib|версия для слабовидящих|корзин|cart|basket|кошик|wishlist|избранн|compare|сравн|порівн|close|закрыть|закрити)/i;
const RW_SEND = /(send|отправ|надісл|відправ|submit|➤|➔|→|↑)/i;
const RW_PERSONAL = /(e-?mail|почт|пошт|phone|tel|телефон|номер|name|имя|ім.я|фамил|прізвищ)/i;
function rwInFrame() { return window !== window.top; }
function rwNearCorner(r) {
  const edgeX = Math.min(r.left, innerWidth - r.right), edgeY = Math.min(r.top, innerHeight - r.bottom);
  return edgeX < 160 && edgeY < 200 || (edgeX < 40 && r.height < 260)  // corners, or a tab on a side edge
    || (innerHeight - r.bottom < 8 && r.height < 90 && r.width < 420);  // or a tab standing on the bottom edge
}
function rwIsTextBox(el) {
  if (el.disabled || el.readOnly || el.getAttribute('aria-disabled') === 'true') return false;
  if (el.tagName === 'TEXTAREA') return true;
  if (el.tagName === 'INPUT') return /^(text|search|)$/.test((el.getAttribute('type') || '').toLowerCase());
  if (el.isContentEditable) return !(el.parentElement && el.parentElement.isContentEditable);
  return el.getAttribute('role') === 'textbox';
}
function rwClickable(el) {
  const t = el.tagName;
  return t === 'BUTTON' || (t === 'A' && !!el.getAttribute('href')) || el.getAttribute('role') === 'button' || el.hasAttribute('onclick')
    || el.tabIndex >= 0 && t !== 'INPUT' && t !== 'TEXTAREA' && t !== 'IFRAME' || getComputedStyle(el).cursor === 'pointer';
}
// a link that leaves the page (another site, a phone call, a messenger app) is not a chat launcher
function rwLeavesPage(el) {
  const a = el.closest && el.closest('a[href]'); if (!a) return false;
  const h = a.getAttribute('href') || '';
  if (/^(#|javascript:)/i.test(h) || h === '') return false;
  if (/^(tel|mailto|sms|viber|whatsapp|tg|skype):/i.test(h)) return true;
  try { const u = new URL(h, location.href); return u.origin !== location.origin || u.pathname !== location.pathname; } catch (e) { return true; }
}
function rwNorm(s) { return String(s || '').replace(/\s+/g, ' ').trim(); }
