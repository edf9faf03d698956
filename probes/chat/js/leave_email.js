// Fill the widget form around the marked e-mail field (name, question) and send it.
([name, phone, question, mark]) => {
  const email = rwRoots(document).map(r => r.querySelector('[' + mark + '=email]')).find(Boolean); if (!email) return false;
  const form = email.closest('form') || (email.parentElement && email.parentElement.closest('div')) || rwUp(email);
  const set = (el, v) => { const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    const d = Object.getOwnPropertyDescriptor(proto, 'value'); if (d && d.set) d.set.call(el, v); else el.value = v;
    el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); };
  for (const el of form.querySelectorAll('input,textarea')) {
    if (el === email || el.value || el.type === 'hidden' || el.type === 'checkbox' || el.type === 'submit') continue;
    const lab = [el.name, el.placeholder, el.id, el.getAttribute('aria-label'), el.type].join(' ');
    if (el.tagName === 'TEXTAREA' || /(message|сообщ|повідом|вопрос|питан|question|text|comment|коммент|комент)/i.test(lab)) set(el, question);
    else if (/(tel|phone|телеф|номер)/i.test(lab)) set(el, phone);
    else if (/(name|имя|ім.я)/i.test(lab)) set(el, name); }
  for (const el of form.querySelectorAll('input[type=checkbox][required]')) if (!el.checked) el.click();
  const btn = form.querySelector('button[type=submit],input[type=submit]') || [...form.querySelectorAll('button,[role=button]')].pop();
  if (btn) { btn.click(); return true; }
  if (form.requestSubmit) { form.requestSubmit(); return true; } return false;
}
