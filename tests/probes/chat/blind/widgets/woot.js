// Chatwoot-style: a bubble button in the page opens a holder with a cross-origin iframe (the widget app).
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const style = document.createElement('style');
    style.textContent = '.woot-widget-holder{position:fixed;right:20px;bottom:104px;width:400px;height:560px;z-index:2147483000;box-shadow:0 5px 40px rgba(0,0,0,.16);border-radius:16px;overflow:hidden}'
      + '.woot-widget-holder.woot--hide{visibility:hidden;opacity:0;bottom:60px}.woot-widget-holder iframe{border:0;width:100%;height:100%}'
      + '.woot-widget-bubble{position:fixed;right:20px;bottom:20px;width:64px;height:64px;border-radius:100px;background:#1f93ff;border:0;cursor:pointer;z-index:2147483000;color:#fff}';
    document.head.append(style);
    const holder = h('div', {class: 'woot-widget-holder woot--hide woot-elements--right'}, h('iframe', {src: A.cfg.frameUrl, id: 'woot-frame-x1', allow: 'camera;microphone;fullscreen;clipboard-write;'}));
    const bubble = h('button', {class: 'woot-widget-bubble woot-elements--right', onclick: () => holder.classList.toggle('woot--hide')}, A.icon());
    document.body.append(holder, bubble);
    return;
  }
  document.head.append(h('style', {}, 'body{font:14px sans-serif}.woot-widget-wrap{display:flex;flex-direction:column;height:100vh}.header-wrap{background:#1f93ff;color:#fff;padding:16px}'
    + '.conversation-wrap{flex:1;overflow-y:auto;padding:12px}.chat-bubble{padding:8px 12px;border-radius:12px;margin:4px 0;max-width:80%}.chat-bubble.user{margin-left:auto;background:#1f93ff;color:#fff}'
    + '.chat-bubble.agent{background:#f1f3f5}.footer-wrap{display:flex;border-top:1px solid #eee}.user-message-input{flex:1;border:0;padding:12px;resize:none}'));
  const list = h('div', {class: 'conversation--container'});
  const ta = h('textarea', {class: 'form-input user-message-input is-focused', placeholder: 'Напишите сообщение…', rows: 1});
  const sendBtn = h('button', {class: 'icon-button button--send'}, A.icon());
  document.body.append(h('div', {class: 'woot-widget-wrap'},
    h('div', {class: 'header-wrap'}, h('div', {class: 'header-branding'}, h('h2', {class: 'title'}, 'Сад и дом'), h('p', {class: 'team-availability'}, 'Обычно отвечаем в течение нескольких минут'))),
    h('div', {class: 'conversation-wrap'}, list), h('div', {class: 'footer-wrap'}, ta, sendBtn)));
  const render = m => { const mine = m.from === 'visitor';
    const bubble = mine ? h('div', {class: 'chat-bubble user'}, h('div', {class: 'message-content'}, m.text))
      : h('div', {class: 'agent-message-wrap'}, h('div', {class: 'agent-message'}, h('div', {class: 'agent-name'}, m.name), h('div', {class: 'chat-bubble agent'}, h('div', {class: 'message-content'}, m.text)),
          m.buttons && m.buttons.length ? h('ul', {class: 'options-message'}, m.buttons.map(b => h('li', {class: 'option'}, h('button', {class: 'option-button'}, b)))) : null));
    list.append(h('div', {class: 'message-wrap'}, bubble)); list.parentNode.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; render({from: 'visitor', text: t}); A.send(t); ta.value = ''; };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  sendBtn.addEventListener('click', send);
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
