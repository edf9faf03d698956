// Pre-chat contact form (name + phone, 'Начать диалог') before the chat, as RU CRM widgets ask.
(function () {
  const A = RWAgent, h = A.h;
  const feed = h('div', {class: 'pc-feed', style: {height: '280px', overflowY: 'auto', padding: '6px'}});
  const ta = h('textarea', {class: 'pc-ta', rows: 2, placeholder: 'Напишите сообщение'});
  const chat = h('div', {class: 'pc-chat', style: {display: 'none'}}, feed, h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', class: 'pc-snd', onclick: () => send()}, 'Отправить')));
  const name = h('input', {name: 'client_name', placeholder: 'Как к вам обращаться?', required: true});
  const phone = h('input', {name: 'client_phone', type: 'tel', placeholder: 'Телефон', required: true});
  const form = h('form', {class: 'pc-form'}, h('p', {}, 'Представьтесь, пожалуйста, чтобы начать чат с консультантом'), name, phone, h('button', {type: 'submit'}, 'Начать диалог'));
  const pane = h('div', {class: 'pc-pane', style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #999', padding: '6px'}}, h('div', {}, 'Андрей, консультант'), form, chat);
  const btn = h('div', {class: 'pc-btn', role: 'button', 'aria-label': 'Консультант', style: {width: '64px', height: '64px', borderRadius: '50%', background: '#e60', cursor: 'pointer'}});
  btn.addEventListener('click', () => { pane.style.display = 'block'; btn.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 6000, font: '14px sans-serif'}}, pane, btn));
  const start = () => { form.style.display = 'none'; chat.style.display = 'block'; };
  form.addEventListener('submit', e => { e.preventDefault(); if (!name.value || phone.value.replace(/\D/g, '').length < 10) return; A.prechat({name: name.value, phone: phone.value}); start(); });
  const render = m => { feed.append(h('div', {class: m.from === 'visitor' ? 'pc-v' : 'pc-o'}, m.text)); feed.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => { if (!x.prechat) start(); x.messages.forEach(render); }); A.on('msg', render); A.connect();
})();
