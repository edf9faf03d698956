// Papercups chat-widget-style: a toggle button; the chat window iframe is created only on the first open.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    let frame = null;
    const toggle = h('button', {class: 'Papercups-toggleButton', style: {width: '56px', height: '56px', borderRadius: '50%', background: '#1890ff', border: '0', color: '#fff', cursor: 'pointer'}}, A.icon());
    document.body.append(h('div', {class: 'Papercups-toggleButtonContainer', style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 2147000000}}, toggle));
    toggle.addEventListener('click', () => {
      if (!frame) { frame = h('iframe', {class: 'Papercups-chatWindowContainer', src: A.cfg.frameUrl || ('/f/papercups?conv=' + encodeURIComponent(A.conv)),
        style: {position: 'fixed', right: '20px', bottom: '100px', width: '376px', height: '520px', border: '0', zIndex: 2147000000, boxShadow: '0 0 12px #aaa'}}); document.body.append(frame); }
      else frame.style.display = frame.style.display === 'none' ? '' : 'none'; });
    return;
  }
  document.head.append(h('style', {}, 'body{font:14px sans-serif;display:flex;flex-direction:column;height:100vh}.pc-header{background:#1890ff;color:#fff;padding:16px}.pc-list{flex:1;overflow-y:auto;padding:8px}'
    + '.pc-row{display:flex;margin:4px 0}.pc-row.me{justify-content:flex-end}.pc-row>div{padding:6px 10px;border-radius:4px;background:#f0f0f0}.pc-row.me>div{background:#1890ff;color:#fff}.pc-composer{display:flex;border-top:1px solid #eee}textarea{flex:1;border:0;padding:12px;resize:none}'));
  const list = h('div', {class: 'pc-list'});
  const ta = h('textarea', {placeholder: 'Начните печатать...', rows: 1});
  document.body.append(h('div', {class: 'pc-header'}, h('h2', {}, 'Добро пожаловать!'), h('p', {}, 'Спросите нас о чём угодно')), list,
    h('div', {class: 'pc-composer'}, ta, h('button', {type: 'button', onclick: () => send()}, 'Отправить')));
  const render = m => { list.append(h('div', {class: 'pc-row' + (m.from === 'visitor' ? ' me' : '')}, h('div', {}, m.text))); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
