// Crisp-style: the $crisp command queue (set before the loader), .crisp-client container; offline: asks for an e-mail.
(function () {
  const A = RWAgent, h = A.h;
  window.$crisp = window.$crisp || []; window.CRISP_WEBSITE_ID = 'blind-0001';
  const queued = Array.isArray(window.$crisp) ? window.$crisp.slice() : []; const handlers = {}; let online = true, loaded = false;
  const emit = (n, d) => (handlers[n] || []).forEach(f => { try { f(d); } catch (e) {} });
  document.head.append(h('style', {}, '.crisp-client .cc-1brb6{position:fixed;right:20px;bottom:20px;z-index:1000000;font:14px sans-serif}.cc-launch{width:60px;height:60px;border-radius:50%;background:#1972f5;cursor:pointer;border:0}'
    + '.cc-box{display:none;width:360px;height:480px;background:#fff;border:1px solid #ccc;flex-direction:column}.cc-open .cc-box{display:flex}.cc-open .cc-launch{display:none}.cc-list{flex:1;overflow-y:auto;padding:8px}'));
  const list = h('div', {class: 'cc-list'});
  const ta = h('textarea', {class: 'cc-compose', placeholder: 'Compose your message...', rows: 2});
  const email = h('input', {type: 'email', name: 'email', class: 'cc-email', placeholder: 'Your e-mail'});
  const note = h('div', {class: 'cc-status'});
  const emailForm = h('form', {class: 'cc-email-form', style: {display: 'none'}}, h('p', {}, 'We\'re offline right now. Leave your e-mail and your message and we\'ll get back to you.'), email, h('button', {type: 'submit'}, 'Send'));
  const inner = h('div', {class: 'cc-1brb6'}, h('button', {class: 'cc-launch', 'aria-label': 'Open chat'}), h('div', {class: 'cc-box'}, h('div', {class: 'cc-head'}, 'Home & Garden', note), list, emailForm,
    h('div', {class: 'cc-composer', style: {display: 'flex'}}, ta, h('button', {class: 'cc-send', type: 'button', 'aria-label': 'Send'}, '➤'))));
  document.body.append(h('div', {class: 'crisp-client'}, inner));
  const open = () => inner.classList.add('cc-open');
  inner.querySelector('.cc-launch').addEventListener('click', open);
  const render = m => { list.append(h('div', {class: 'cc-message cc-message--' + (m.from === 'visitor' ? 'user' : 'operator')}, m.text)); list.scrollTop = 1e9; };
  const send = t => { t = String(t || '').trim(); if (!t) return; render({from: 'visitor', text: t}); A.send(t); emit('message:sent', {type: 'text', content: t, from: 'user'});
    if (!online) emailForm.style.display = ''; };
  inner.querySelector('.cc-send').addEventListener('click', () => { send(ta.value); ta.value = ''; });
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(ta.value); ta.value = ''; } });
  emailForm.addEventListener('submit', e => { e.preventDefault(); const msgs = [...list.querySelectorAll('.cc-message--user')].map(x => x.textContent).join('\n');
    A.ticket({email: email.value, message: msgs || ta.value}); emailForm.replaceChildren(h('p', {}, 'Thanks! We will reply to ' + email.value)); });
  const run = cmd => { const [verb, what, arg] = cmd;
    if (verb === 'on') { (handlers[what] = handlers[what] || []).push(arg); return; }
    if (verb === 'do' && what === 'chat:open') open(); else if (verb === 'do' && what === 'message:send') { open(); send(arg[1]); } };
  window.$crisp = {push: run, is: n => (n === 'website:available' ? online : false), get: () => null};
  A.on('history', x => { online = x.online; loaded = true; note.textContent = online ? 'We reply in a few minutes' : 'Away'; if (!online) emailForm.style.display = '';
    x.messages.forEach(render); for (const c of queued.splice(0)) run(c); emit('session:loaded', 's1'); emit('website:availability:changed', online); });
  A.on('msg', m => { render(m); emit('message:received', {type: 'text', from: 'operator', origin: 'chat', content: m.text, user: {nickname: m.name}, timestamp: m.ts}); });
  A.connect();
})();
