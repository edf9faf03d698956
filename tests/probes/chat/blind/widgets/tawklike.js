// Tawk.to-style embed: Tawk_API callbacks set by the site before the script, UI in two script-written iframes
// (a minimized bubble and the chat panel), times shown as HH:MM only. A bot menu first, then a person.
(function () {
  const A = RWAgent, h = A.h;
  window.Tawk_API = window.Tawk_API || {}; window.Tawk_LoadStart = new Date();
  const api = window.Tawk_API; const call = (n, a) => { try { if (typeof api[n] === 'function') api[n](a); } catch (e) {} };
  const holder = h('div', {id: 'x' + Math.random().toString(36).slice(2, 9), style: {position: 'fixed', right: '16px', bottom: '16px', zIndex: 1000003}});
  const mini = h('iframe', {title: 'chat widget', style: {width: '64px', height: '64px', border: '0', display: 'block'}});
  const maxi = h('iframe', {title: 'chat widget', style: {width: '350px', height: '520px', border: '0', display: 'none'}});
  holder.append(maxi, mini); document.body.append(holder);
  const write = (f, html) => { const d = f.contentDocument; d.open(); d.write('<!doctype html><html><head><meta charset=utf-8></head><body style="margin:0;font:14px sans-serif">' + html + '</body></html>'); d.close(); return d; };
  const dm = write(mini, '<div class="tawk-min-container" style="width:60px;height:60px;border-radius:50%;background:#03a84e;cursor:pointer"></div>');
  const dx = write(maxi, '<div class="tawk-chat-panel" style="display:flex;flex-direction:column;height:100vh"><div class="tawk-header"><span>Сад и дом</span> <small>Мы онлайн</small></div>'
    + '<div class="tawk-conversation" style="flex:1;overflow-y:auto;padding:8px"></div><div class="tawk-footer" style="display:flex"><textarea class="tawk-chatinput-editor" placeholder="Введите сообщение здесь..." style="flex:1"></textarea>'
    + '<button class="tawk-button tawk-button-circle tawk-button-send" type="button">➤</button></div></div>');
  const list = dx.querySelector('.tawk-conversation'), ta = dx.querySelector('textarea');
  let online = true, joined = false;
  api.maximize = () => { maxi.style.display = 'block'; mini.style.display = 'none'; call('onChatMaximized'); };
  api.minimize = () => { maxi.style.display = 'none'; mini.style.display = 'block'; };
  api.toggle = () => (maxi.style.display === 'none' ? api.maximize() : api.minimize());
  api.getStatus = () => (online ? 'online' : 'offline');
  api.setAttributes = (attrs, cb) => { if (cb) cb(); };
  dm.querySelector('.tawk-min-container').addEventListener('click', api.maximize);
  const render = m => { const mine = m.from === 'visitor';
    const b = h('div', {$doc: dx, class: 'tawk-message ' + (mine ? 'tawk-visitor-chat-bubble' : 'tawk-agent-chat-bubble')},
      mine ? null : h('div', {$doc: dx, class: 'tawk-message-name'}, m.name), h('div', {$doc: dx, class: 'tawk-message-body'}, m.text),
      m.buttons && m.buttons.length ? h('div', {$doc: dx, class: 'tawk-chatbot-options'}, m.buttons.map(x => h('button', {$doc: dx, class: 'tawk-button'}, x))) : null,
      h('span', {$doc: dx, class: 'tawk-message-time'}, A.hhmm(m.ts || Date.now())));
    list.append(b); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t, ts: Date.now()}); A.send(t); call('onChatMessageVisitor', {message: t}); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  dx.querySelector('.tawk-button-send').addEventListener('click', send);
  A.on('history', x => { online = x.online; x.messages.forEach(render); call('onLoad'); call('onStatusChange', online ? 'online' : 'offline'); });
  A.on('msg', m => { render(m);
    if (m.from === 'operator' && !m.greeting) { if (!joined) { joined = true; call('onAgentJoinChat', {name: m.name, position: 'Менеджер', image: '', id: 'a7'}); } call('onChatMessageAgent', {message: m.text, name: m.name}); }
    else call('onChatMessageSystem', {message: m.text}); });
  A.connect();
})();
