// Rocket.Chat Livechat-style: one iframe, minimized to its chat button; a registration form before the chat.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const f = h('iframe', {class: 'rocketchat-widget', src: A.cfg.frameUrl || ('/f/rocket?conv=' + encodeURIComponent(A.conv)), title: 'Livechat',
      style: {position: 'fixed', right: '20px', bottom: '20px', width: '70px', height: '70px', border: '0', zIndex: 12345}});
    document.body.append(f);
    window.addEventListener('message', e => { if (e.data === 'rw-maximize') Object.assign(f.style, {width: '365px', height: '525px'}); });
    return;
  }
  document.head.append(h('style', {}, '.screen__chat-button{width:60px;height:60px;border-radius:30px;border:0;background:#c1272d;color:#fff;cursor:pointer;position:fixed;right:4px;bottom:4px}'
    + '.screen{display:none;flex-direction:column;height:100vh;font:14px sans-serif}.screen--open{display:flex}.message-list{flex:1;overflow-y:auto;list-style:none;margin:0;padding:8px}'
    + '.message{display:flex;margin:6px 0}.message--me{justify-content:flex-end}.message-bubble{background:#eee;padding:6px 10px;border-radius:8px}.composer{display:flex;border-top:1px solid #ddd}'
    + '.composer__input{flex:1;padding:10px;min-height:20px;outline:none}.form__input-text{display:block;margin:6px 12px;padding:6px}'));
  const btn = h('button', {class: 'screen__chat-button', 'aria-label': 'Rocket.Chat'}, A.icon());
  const list = h('ol', {class: 'message-list'});
  const input = h('div', {class: 'composer__input', contenteditable: 'true', 'data-placeholder': 'Type your message here'});
  const action = h('button', {class: 'composer__action'}, A.icon());
  const chat = h('div', {class: 'screen__inner'}, list, h('div', {class: 'composer'}, input, action));
  const name = h('input', {class: 'form__input-text', name: 'name', placeholder: 'Your name', required: true});
  const email = h('input', {class: 'form__input-text', name: 'email', type: 'email', placeholder: 'Your e-mail', required: true});
  const reg = h('form', {class: 'form register'}, h('p', {}, 'Need help? Please fill in the form to start the chat.'), name, email, h('button', {class: 'button', type: 'submit'}, 'Start chat'));
  const screen = h('div', {class: 'screen'}, h('header', {class: 'screen__header'}, h('h2', {}, 'Home & Garden support'), h('span', {}, 'We are online')), reg);
  document.body.append(btn, screen);
  btn.addEventListener('click', () => { btn.style.display = 'none'; screen.classList.add('screen--open'); parent.postMessage('rw-maximize', '*'); });
  let started = false;
  const startChat = () => { if (started) return; started = true; reg.remove(); screen.append(chat); chat.style.cssText = 'display:flex;flex-direction:column;flex:1'; };
  reg.addEventListener('submit', e => { e.preventDefault(); if (!name.value || !email.value) return; A.prechat({name: name.value, email: email.value}); startChat(); });
  const render = m => list.append(h('li', {class: 'message' + (m.from === 'visitor' ? ' message--me' : '')},
    h('div', {class: 'message-container'}, m.from === 'visitor' ? null : h('div', {class: 'message__author'}, m.name), h('div', {class: 'message-bubble'}, h('div', {class: 'message-text'}, m.text)))));
  const send = () => { const t = input.innerText.trim(); if (!t) return; render({from: 'visitor', text: t}); A.send(t); input.innerHTML = ''; };
  input.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  action.addEventListener('click', send);
  A.on('history', x => { if (!x.prechat) startChat(); x.messages.forEach(render); }); A.on('msg', render); A.connect();
})();
