// Proactive panel: opens by itself 2 s after load showing the operator's greeting.
(function () {
  const A = RWAgent, h = A.h;
  const feed = h('div', {class: 'pa-feed', style: {height: '300px', overflowY: 'auto', padding: '8px'}});
  const ta = h('textarea', {class: 'pa-in', rows: 2, placeholder: 'Напишіть повідомлення', style: {flex: 1}});
  const panel = h('div', {class: 'pa-panel', style: {display: 'none', width: '330px', background: '#fff', border: '1px solid #888', font: '14px sans-serif'}},
    h('div', {class: 'pa-top'}, 'Наталія, консультант'), feed, h('div', {style: {display: 'flex'}}, ta, h('button', {class: 'pa-go', onclick: () => send()}, 'Надіслати')));
  const mini = h('div', {class: 'pa-mini', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#09c', cursor: 'pointer'}});
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 4000}}, panel, mini));
  const open = () => { panel.style.display = 'block'; mini.style.display = 'none'; };
  mini.addEventListener('click', open); setTimeout(open, 2000);
  const render = m => { feed.append(h('div', {class: 'pa-m ' + (m.from === 'visitor' ? 'pa-v' : 'pa-o')}, m.text)); feed.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
