// Zammad chat-style (chat.coffee): a header bar that opens the chat, agent/customer messages, contenteditable input.
(function () {
  const A = RWAgent, h = A.h;
  document.head.append(h('style', {}, '.zammad-chat{position:fixed;right:30px;bottom:0;width:300px;font:14px sans-serif;background:#fff;box-shadow:0 0 8px rgba(0,0,0,.3);z-index:999;border-radius:5px 5px 0 0}'
    + '.zammad-chat-header{background:#379ad7;color:#fff;padding:10px;cursor:pointer}.zammad-chat-body{height:0;overflow-y:auto}.zammad-chat-is-open .zammad-chat-body{height:300px}'
    + '.zammad-chat-controls{display:none}.zammad-chat-is-open .zammad-chat-controls{display:flex}.zammad-chat-input{flex:1;padding:8px;min-height:20px}.zammad-chat-message{margin:6px}'
    + '.zammad-chat-message--customer{text-align:right}.zammad-chat-message-body{display:inline-block;padding:6px;border-radius:6px;background:#eee}'));
  const body = h('div', {class: 'zammad-chat-body'});
  const input = h('div', {class: 'zammad-chat-input', rows: 1, contenteditable: 'true', placeholder: 'Ваше повідомлення...'});
  const sendBtn = h('button', {class: 'zammad-chat-button zammad-chat-send', type: 'submit'}, 'Надіслати');
  const root = h('div', {class: 'zammad-chat zammad-chat--animate'},
    h('div', {class: 'zammad-chat-header js-chat-open'}, h('div', {class: 'zammad-chat-header-controls'}, h('span', {class: 'zammad-chat-agent-status', 'data-status': 'online'})),
      h('span', {class: 'zammad-chat-welcome-text'}, 'Напишіть нам — ми онлайн!')),
    h('div', {class: 'zammad-chat-modal'}), body, h('form', {class: 'zammad-chat-controls'}, input, sendBtn));
  document.body.append(root);
  root.querySelector('.zammad-chat-header').addEventListener('click', () => root.classList.add('zammad-chat-is-open'));
  const render = m => { body.append(h('div', {class: 'zammad-chat-message zammad-chat-message--' + (m.from === 'visitor' ? 'customer' : 'agent')},
    h('span', {class: 'zammad-chat-message-body'}, m.text))); body.scrollTop = 1e9; };
  const send = e => { if (e) e.preventDefault(); const t = input.textContent.trim(); if (!t) return; input.innerHTML = ''; A.send(t); };
  A.on('echo', render);  // Zammad shows the customer's message when the server confirms it
  root.querySelector('form').addEventListener('submit', send);
  input.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) send(e); });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render);
  A.on('typing', () => { if (!body.querySelector('.zammad-chat-message--typing')) body.append(h('div', {class: 'zammad-chat-message zammad-chat-message--typing zammad-chat-message--agent'}, h('span', {class: 'zammad-chat-loading-animation'}, '...'))); });
  A.on('msg', () => { const t = body.querySelector('.zammad-chat-message--typing'); if (t) t.remove(); });
  A.connect();
})();
