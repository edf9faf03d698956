// Icon-only launcher (a div with an SVG, no text, no aria) bottom-right; the page also floats a WhatsApp link bottom-left.
(function () {
  const A = RWAgent, h = A.h;
  const box = h('div', {style: {position: 'fixed', right: '18px', bottom: '18px', zIndex: 3000, font: '14px sans-serif'}});
  const dot = h('div', {class: 'w8-dot', style: {width: '58px', height: '58px', borderRadius: '50%', background: '#222', color: '#fff', cursor: 'pointer', display: 'flex', alignItems: 'center', justifyContent: 'center'}}, A.icon());
  const log = h('div', {class: 'w8-log', style: {height: '300px', overflowY: 'auto', padding: '6px'}});
  const ta = h('textarea', {class: 'w8-in', rows: 2, placeholder: 'Write a message', style: {width: '260px'}});
  const pane = h('div', {class: 'w8-pane', style: {display: 'none', width: '300px', background: '#fff', border: '1px solid #bbb'}}, h('div', {class: 'w8-title'}, 'Home & Garden'), log, ta);
  box.append(pane, dot); document.body.append(box);
  dot.addEventListener('click', () => { pane.style.display = pane.style.display === 'none' ? 'block' : 'none'; });
  const render = m => { log.append(h('div', {class: 'w8-m w8-' + (m.from === 'visitor' ? 'out' : 'in')}, h('b', {}, m.from === 'visitor' ? 'You' : m.name), ': ', h('span', {}, m.text))); log.scrollTop = 1e9; };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
