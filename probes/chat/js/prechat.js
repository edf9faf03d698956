// A pre-chat form inside the widget (name, phone, e-mail before the chat opens): fill it with the persona.
// Returns the number of fields filled and marks the button that starts the chat.
([persona, question, mark, frameIsWidget]) => {
  const inWidget = el => (rwInFrame() ? frameIsWidget : !!rwFixedLayer(el));
  const set = (el, v) => { const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const d = Object.getOwnPropertyDescriptor(proto, 'value'); if (d && d.set) d.set.call(el, v); else el.value = v;
    el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); el.dispatchEvent(new Event('blur', {bubbles: true})); };
  let filled = 0, scope = null, asked = false;
  for (const el of rwAll()) {
    if (!/^(INPUT|TEXTAREA)$/.test(el.tagName) || !inWidget(el) || !rwVisible(el) || el.disabled || el.readOnly) continue;
    if (/^(hidden|submit|button|checkbox|radio|file)$/.test(el.type)) continue;
    const lab = [el.name, el.placeholder, el.id, el.getAttribute('aria-label'), el.getAttribute('autocomplete'), el.type,
      el.labels && el.labels[0] ? el.labels[0].textContent : ''].join(' ');
    let v = null;
    if (el.type === 'email' || /(e-?mail|почт|пошт)/i.test(lab)) v = persona.email;
    else if (el.type === 'tel' || /(tel|phone|телеф|номер)/i.test(lab)) v = persona.phone;
    else if (/(last.?name|surname|фамил|прізвищ)/i.test(lab)) v = persona.last;
    else if (/(name|имя|ім.я|как (к вам|вас) обращ|як до вас)/i.test(lab)) v = persona.name;
    else if (el.tagName === 'TEXTAREA' || /(message|сообщ|повідом|вопрос|питан|question)/i.test(lab)) { v = question; asked = true; }
    if (v === null || el.value) continue;
    set(el, v); filled++;
    if (!scope) { scope = el.closest('form'); if (!scope) { scope = rwUp(el);
      for (let i = 0; i < 6 && scope && !scope.querySelector('button,[role=button],input[type=submit],input[type=button]'); i++) scope = rwUp(scope); } } }
  for (const el of rwAll()) if (el.tagName === 'INPUT' && el.type === 'checkbox' && inWidget(el) && rwVisible(el) && !el.checked
    && (el.required || /(agree|соглас|згод|consent|policy|политик|політик)/i.test(rwLabel(el) + ' ' + (el.labels && el.labels[0] ? el.labels[0].textContent : '')))) el.click();
  if (!filled || !scope) return {filled, asked};
  const btn = scope.querySelector('button[type=submit],input[type=submit]') || [...scope.querySelectorAll('button,[role=button],input[type=button]')].filter(rwVisible).pop();
  if (btn) btn.setAttribute(mark, 'prechat');
  return {filled, asked, button: !!btn};
}
