// Page-speed lazy loader: the widget is built only after the visitor's first scroll.
(function () {
  const A = RWAgent, h = A.h;
  const build = () => {
    window.removeEventListener('scroll', build);
    const list = h('div', {class: 'lz-list', style: {height: '280px', overflowY: 'auto', padding: '8px'}});
    const ta = h('textarea', {class: 'lz-input', rows: 2, placeholder: 'Ask us anything', style: {flex: 1}});
    const panel = h('div', {class: 'lz-panel', style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #999'}}, h('div', {class: 'lz-h'}, 'Lucy from Home & Garden'), list,
      h('div', {style: {display: 'flex'}}, ta, h('button', {class: 'lz-send', type: 'button', onclick: () => send()}, 'Send')));
    const btn = h('button', {class: 'lz-btn', 'aria-label': 'Need help?', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#7b2', border: 0, cursor: 'pointer'}}, A.icon());
    btn.addEventListener('click', () => { panel.style.display = 'block'; btn.style.display = 'none'; });
    document.body.append(h('div', {class: 'lz', style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 99999, font: '14px sans-serif'}}, panel, btn));
    const render = m => { list.append(h('div', {class: 'lz-m ' + (m.from === 'visitor' ? 'lz-me' : 'lz-them')}, m.text)); list.scrollTop = 1e9; };
    const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
    ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
    A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
  };
  window.addEventListener('scroll', build, {passive: true});
})();
