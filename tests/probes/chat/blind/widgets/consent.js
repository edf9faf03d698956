// Pre-chat form with name, e-mail and a required personal-data consent checkbox (GDPR/152-FZ style), Ukrainian.
(function () {
  const A = RWAgent, h = A.h;
  const feed = h('div', {class: 'cs2-feed', style: {height: '270px', overflowY: 'auto'}});
  const ta = h('textarea', {rows: 2, placeholder: 'Ваше повідомлення'});
  const chat = h('div', {style: {display: 'none'}}, feed, h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', onclick: () => send()}, 'Надіслати')));
  const nm = h('input', {name: 'fio', placeholder: "Ваше ім'я"});
  const em = h('input', {name: 'mail', type: 'email', placeholder: 'E-mail'});
  const ok = h('input', {type: 'checkbox', id: 'agree1', required: true});
  const form = h('form', {}, h('p', {}, 'Щоб почати чат, представтеся'), nm, em, h('label', {for: 'agree1'}, ok, ' Я погоджуюсь на обробку персональних даних'), h('button', {type: 'submit'}, 'Почати чат'));
  const pane = h('div', {style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #777', padding: '6px'}}, h('div', {}, 'Ольга'), form, chat);
  const b = h('button', {style: {width: '60px', height: '60px', borderRadius: '50%', background: '#f0a', border: 0, cursor: 'pointer'}}, A.icon());
  b.addEventListener('click', () => { pane.style.display = 'block'; b.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 5500, font: '14px sans-serif'}}, pane, b));
  const start = () => { form.style.display = 'none'; chat.style.display = 'block'; };
  form.addEventListener('submit', e => { e.preventDefault(); if (!nm.value || !em.value || !ok.checked) return; A.prechat({name: nm.value, email: em.value}); start(); });
  const render = m => { feed.append(h('div', {class: m.from === 'visitor' ? 'cs2-me' : 'cs2-op'}, m.text)); feed.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => { if (!x.prechat) start(); x.messages.forEach(render); }); A.on('msg', render); A.connect();
})();
