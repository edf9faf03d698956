// The whole list is rebuilt on every message (no keys), each row carrying its time in a title attribute (ISO).
(function () {
  const A = RWAgent, h = A.h;
  const all = [];
  const holder = h('div', {class: 'rr-holder', style: {height: '300px', overflowY: 'auto'}});
  const ta = h('textarea', {class: 'rr-ta', rows: 2, placeholder: 'Сообщение...'});
  const pane = h('div', {class: 'rr-pane', style: {display: 'none', width: '330px', background: '#fff', border: '1px solid #999'}}, h('div', {}, 'Поддержка'), holder,
    h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', onclick: () => send()}, 'ОК')));
  const b = h('div', {class: 'rr-b', role: 'button', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#066', cursor: 'pointer'}});
  b.addEventListener('click', () => { pane.style.display = 'block'; b.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 4000, font: '14px sans-serif'}}, pane, b));
  const paint = () => { holder.replaceChildren(h('ul', {class: 'rr-list'}, all.map(m => h('li', {class: 'rr-' + (m.from === 'visitor' ? 'me' : 'op'), title: new Date(m.ts).toISOString()},
    h('span', {class: 'rr-who'}, m.from === 'visitor' ? 'Вы' : m.name), ' ', h('span', {}, m.text),
    m.buttons && m.buttons.length ? h('div', {class: 'rr-btns'}, m.buttons.map(x => h('button', {}, x))) : null)))); holder.scrollTop = 1e9; };
  const add = m => { all.push(m); paint(); };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; add({from: 'visitor', text: t, ts: Date.now()}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(add)); A.on('msg', add); A.connect();
})();
