// A bare round button bottom-right (no words, no icon title) on a page whose sticky header has its own search input.
(function () {
  const A = RWAgent, h = A.h;
  const list = h('div', {style: {height: '300px', overflowY: 'auto', padding: '6px'}});
  const ta = h('textarea', {rows: 2, placeholder: 'Message...'});
  const pane = h('div', {style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #555'}}, h('div', {}, 'Tom'), list, h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', onclick: () => send()}, 'Send')));
  const b = h('div', {style: {width: '56px', height: '56px', borderRadius: '50%', background: '#345', cursor: 'pointer'}});
  b.addEventListener('click', () => { pane.style.display = 'block'; b.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 2000, font: '14px sans-serif'}}, pane, b));
  const render = m => { list.append(h('div', {}, h('small', {}, m.from === 'visitor' ? 'me' : m.name), ' ', m.text)); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
