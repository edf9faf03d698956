// Rich-text composer: div[contenteditable][role=textbox] (Lexical-style, placeholder as a sibling), icon send button.
(function () {
  const A = RWAgent, h = A.h;
  const thread = h('div', {class: 'lx-thread', role: 'log', 'aria-live': 'polite', style: {height: '300px', overflowY: 'auto', padding: '8px'}});
  const ed = h('div', {class: 'lx-editor', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'data-lexical-editor': 'true', spellcheck: 'true', style: {flex: 1, minHeight: '24px', padding: '6px', outline: 'none'}});
  const ph = h('div', {class: 'lx-ph', style: {position: 'absolute', color: '#999', pointerEvents: 'none', padding: '6px'}}, 'Message Dan...');
  const sendBtn = h('button', {class: 'lx-send', 'aria-label': 'Send message', type: 'button'}, A.icon());
  const panel = h('div', {class: 'lx-panel', style: {display: 'none', width: '340px', background: '#fff', border: '1px solid #ccc'}}, h('header', {}, 'Dan · Home & Garden'), thread,
    h('div', {style: {display: 'flex', position: 'relative', borderTop: '1px solid #eee'}}, ph, ed, sendBtn));
  const fab = h('button', {class: 'lx-fab', style: {width: '56px', height: '56px', borderRadius: '50%', border: 0, background: '#111', color: '#fff', cursor: 'pointer'}}, A.icon());
  fab.addEventListener('click', () => { panel.style.display = 'block'; fab.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 100000, font: '14px sans-serif'}}, panel, fab));
  ed.addEventListener('input', () => { ph.style.display = ed.textContent ? 'none' : ''; });
  const render = m => { const row = h('div', {class: 'lx-row lx-' + (m.from === 'visitor' ? 'self' : 'other')}, h('div', {class: 'lx-bubble'}, m.text));
    if (m.buttons && m.buttons.length) row.append(h('div', {class: 'lx-chips'}, m.buttons.map(b => h('button', {class: 'lx-chip'}, b)))); thread.append(row); thread.scrollTop = 1e9; };
  const send = () => { const t = ed.innerText.trim(); if (!t) return; ed.innerHTML = ''; ph.style.display = ''; render({from: 'visitor', text: t}); A.send(t); };
  ed.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  sendBtn.addEventListener('click', send);
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
