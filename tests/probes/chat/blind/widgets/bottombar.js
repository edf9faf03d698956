// Old RU consultant widgets (RedHelper-style): a tab along the bottom edge, centred, 'Задайте вопрос консультанту'.
(function () {
  const A = RWAgent, h = A.h;
  const tab = h('div', {class: 'rh-tab', style: {position: 'fixed', left: '50%', transform: 'translateX(-50%)', bottom: '0', background: '#1b6', color: '#fff', padding: '10px 24px', borderRadius: '8px 8px 0 0', cursor: 'pointer', zIndex: 8000, font: '15px sans-serif'}}, 'Задайте вопрос консультанту');
  const log = h('div', {class: 'rh-log', style: {height: '280px', overflowY: 'auto', padding: '6px'}});
  const ta = h('textarea', {class: 'rh-ta', rows: 2, placeholder: 'Текст сообщения'});
  const win = h('div', {class: 'rh-win', style: {display: 'none', position: 'fixed', left: '50%', transform: 'translateX(-50%)', bottom: '0', width: '360px', background: '#fff', border: '1px solid #1b6', zIndex: 8001, font: '14px sans-serif'}},
    h('div', {class: 'rh-title'}, 'Консультант Мария'), log, h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', class: 'rh-send', onclick: () => send()}, 'Отправить')));
  tab.addEventListener('click', () => { win.style.display = 'block'; tab.style.display = 'none'; });
  document.body.append(tab, win);
  const render = m => { log.append(h('div', {class: 'rh-m ' + (m.from === 'visitor' ? 'rh-c' : 'rh-o')}, m.text)); log.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && e.ctrlKey) send(); });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
