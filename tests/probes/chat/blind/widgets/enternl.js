// Cross-origin panel iframe (present from the start, hidden); its textarea takes Enter as a new line, an unlabelled SVG button sends.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const f = h('iframe', {src: A.cfg.frameUrl, style: {display: 'none', width: '360px', height: '500px', border: '0', boxShadow: '0 0 10px #999'}});
    const b = h('button', {class: 'lnch', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#286efa', border: 0, color: '#fff', cursor: 'pointer'}}, A.icon());
    b.addEventListener('click', () => { f.style.display = f.style.display === 'none' ? 'block' : 'none'; });
    document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 2147483001, display: 'flex', flexDirection: 'column', alignItems: 'flex-end', gap: '10px'}}, f, b));
    return;
  }
  document.head.append(h('style', {}, 'body{margin:0;font:14px sans-serif;display:flex;flex-direction:column;height:100vh}.tl{flex:1;overflow-y:auto;padding:10px}.tl>div{margin:6px 0;padding:8px;border-radius:8px;background:#f5f5f5}'
    + '.tl>.u{background:#286efa;color:#fff;margin-left:40px}.cmp{display:flex;align-items:flex-end;border-top:1px solid #eee}.cmp textarea{flex:1;border:0;padding:10px;resize:none}.cmp button{border:0;background:none;cursor:pointer}'));
  const tl = h('div', {class: 'tl'});
  const ta = h('textarea', {rows: 2, placeholder: 'Напишите ответ…'});
  const btn = h('button', {type: 'button'}, A.icon());
  document.body.append(h('div', {class: 'hd'}, h('h3', {}, 'Сад и дом'), h('div', {}, 'Команда ответит в течение часа')), tl, h('div', {class: 'cmp'}, ta, btn));
  const render = m => { tl.append(h('div', {class: m.from === 'visitor' ? 'u' : 'a'}, m.text)); tl.scrollTop = 1e9; };
  btn.addEventListener('click', () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
