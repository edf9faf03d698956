// Bubbles show only HH:MM (no datetime attributes), as most self-hosted widgets do.
(function () {
  const A = RWAgent, h = A.h;
  const list = h('div', {class: 'hm-list', style: {height: '300px', overflowY: 'auto', padding: '8px'}});
  const ta = h('textarea', {class: 'hm-ta', rows: 2, placeholder: 'Your message'});
  const pane = h('div', {class: 'hm-pane', style: {display: 'none', width: '330px', background: '#fff', border: '1px solid #ccc'}}, h('div', {}, 'Ann · usually replies in 2 minutes'), list,
    h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', onclick: () => send()}, 'Send')));
  const b = h('button', {class: 'hm-b', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#a0a', border: 0, cursor: 'pointer'}}, A.icon());
  b.addEventListener('click', () => { pane.style.display = 'block'; b.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 4444, font: '14px sans-serif'}}, pane, b));
  const render = m => { list.append(h('div', {class: 'hm-m hm-' + (m.from === 'visitor' ? 'me' : 'op')}, h('div', {class: 'hm-text'}, m.text), h('div', {class: 'hm-time'}, A.hhmm(m.ts || Date.now())))); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t, ts: Date.now()}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
