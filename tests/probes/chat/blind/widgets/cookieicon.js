// Icon-only SVG launcher (no words anywhere in the widget) above a fixed cookie bar; Enter sends.
(function () {
  const A = RWAgent, h = A.h;
  const root = h('div', {class: 'q1', style: {position: 'fixed', right: '22px', bottom: '80px', zIndex: 9500, font: '14px sans-serif'}});
  const btn = h('span', {class: 'q1-b', tabindex: '0', style: {display: 'inline-flex', width: '54px', height: '54px', borderRadius: '14px', background: '#5a3', cursor: 'pointer'}}, A.icon());
  const list = h('ul', {class: 'q1-l', style: {listStyle: 'none', height: '260px', overflowY: 'auto', margin: 0, padding: '6px'}});
  const ta = h('textarea', {class: 'q1-t', rows: 2, style: {width: '100%'}});
  const pane = h('div', {class: 'q1-p', style: {display: 'none', width: '300px', background: '#fff', border: '1px solid #ccc'}}, list, ta);
  root.append(pane, btn); document.body.append(root);
  btn.addEventListener('click', () => { pane.style.display = 'block'; btn.style.display = 'none'; });
  const render = m => { list.append(h('li', {class: m.from === 'visitor' ? 'q1-r' : 'q1-s', style: {textAlign: m.from === 'visitor' ? 'right' : 'left', margin: '4px 0'}}, m.text)); list.scrollTop = 1e9; };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); const t = ta.value.trim(); if (!t) return; ta.value = ''; A.send(t); } });
  A.on('echo', render);
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
