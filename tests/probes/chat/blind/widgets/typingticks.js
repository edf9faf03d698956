// Cross-origin iframe chat with a typing indicator and delivered/read ticks inside the visitor's bubbles.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const f = h('iframe', {src: A.cfg.frameUrl, style: {width: '340px', height: '470px', border: '0', display: 'none'}});
    const b = h('button', {style: {width: '62px', height: '62px', borderRadius: '50%', background: '#128c7e', border: 0, cursor: 'pointer'}}, A.icon());
    b.addEventListener('click', () => { f.style.display = f.style.display === 'none' ? 'block' : 'none'; });
    document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 50000, display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '8px'}}, f, b));
    return;
  }
  const list = h('div', {class: 'tt-list', style: {height: '380px', overflowY: 'auto', padding: '8px', font: '14px sans-serif', background: '#ece5dd'}});
  const ta = h('textarea', {rows: 1, placeholder: 'Повідомлення', style: {width: '80%'}});
  document.body.append(list, h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', onclick: () => send()}, '➤')));
  let typing = null; const mine = [];
  const render = m => { if (typing) { typing.remove(); typing = null; }
    const me = m.from === 'visitor'; const ticks = h('span', {class: 'tt-ticks'}, me ? '✓' : '');
    const row = h('div', {class: 'tt-row ' + (me ? 'tt-out' : 'tt-in')}, h('span', {class: 'tt-text'}, m.text), ' ', h('span', {class: 'tt-time'}, A.hhmm(m.ts || Date.now())), ' ', ticks);
    if (me) mine.push(ticks); list.append(row); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t, ts: Date.now()}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('echo', () => setTimeout(() => mine.forEach(t => { t.textContent = '✓✓'; }), 300));
  A.on('typing', x => { if (!typing) { typing = h('div', {class: 'tt-typing'}, x.name + ' друкує…'); list.append(typing); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
