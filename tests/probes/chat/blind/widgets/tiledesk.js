// Tiledesk-style: #tiledesk-container holds a cross-origin iframe that starts as the launcher only and grows on open.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const f = h('iframe', {id: 'tiledeskiframe', src: A.cfg.frameUrl, title: 'Tiledesk Widget', style: {width: '90px', height: '90px', border: '0'}});
    document.body.append(h('div', {id: 'tiledesk-container', style: {position: 'fixed', right: '0', bottom: '0', zIndex: 3000000}}, f));
    window.addEventListener('message', e => { if (e.data && e.data.tiledesk === 'open') Object.assign(f.style, {width: '380px', height: '600px'}); });
    return;
  }
  document.head.append(h('style', {}, '#c21-launcher-button{position:fixed;right:20px;bottom:20px;width:60px;height:60px;border-radius:50%;background:#2a6ac1;cursor:pointer;color:#fff;display:flex;align-items:center;justify-content:center}'
    + '#c21-conversation{display:none;flex-direction:column;height:100vh;font:14px sans-serif}.c21-body{flex:1;overflow-y:auto;padding:10px}.msg_sent{text-align:right}.msg_sent .message_innerhtml,.msg_receive .message_innerhtml{display:inline-block;padding:6px 10px;border-radius:10px;background:#eef}'
    + '.c21-footer{display:flex}#chat21-main-message-context{flex:1;resize:none}'));
  const launcher = h('div', {id: 'c21-launcher-button', class: 'c21-button-primary'}, A.icon());
  const body = h('div', {class: 'c21-body', id: 'c21-contentScroll'});
  const ta = h('textarea', {id: 'chat21-main-message-context', class: 'f21textarea', placeholder: 'Type your message...', rows: 1});
  const btn = h('button', {id: 'chat21-button-send', class: 'c21-button-send'}, A.icon());
  const conv = h('div', {id: 'c21-conversation'}, h('div', {class: 'c21-header'}, h('span', {class: 'c21-header-title'}, 'Home & Garden'), h('span', {class: 'c21-header-subtitle'}, 'A bot answers first, a person when needed')),
    body, h('div', {class: 'c21-footer'}, ta, btn));
  document.body.append(launcher, conv);
  launcher.addEventListener('click', () => { launcher.style.display = 'none'; conv.style.display = 'flex'; parent.postMessage({tiledesk: 'open'}, '*'); });
  const render = m => { const mine = m.from === 'visitor';
    body.append(h('div', {class: 'messages ' + (mine ? 'msg_sent' : 'msg_receive')}, mine ? null : h('div', {class: 'message_sender_fullname'}, m.name),
      h('div', {class: 'message_innerhtml marked'}, h('p', {}, m.text)),
      m.buttons && m.buttons.length ? h('div', {class: 'buttons-wrp'}, m.buttons.map(b => h('div', {class: 'c21-button-action button-in-msg'}, b))) : null)); body.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keypress', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  btn.addEventListener('click', send);
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
