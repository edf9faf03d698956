// @chatscope/chat-ui-kit markup (cs-* classes) inside a custom element's open shadow root, with a round launcher.
(function () {
  const A = RWAgent, h = A.h;
  class GardenChat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return; const sr = this.attachShadow({mode: 'open'});
      sr.append(h('style', {}, ':host{position:fixed;right:16px;bottom:16px;z-index:99999;font:14px sans-serif}.fab{width:58px;height:58px;border-radius:50%;background:#6ea9d7;border:0;color:#fff;cursor:pointer}'
        + '.cs-main-container{display:none;width:340px;height:460px;background:#fff;border:1px solid #d1dbe3;flex-direction:column}.open .cs-main-container{display:flex}.open .fab{display:none}'
        + '.cs-message-list{flex:1;overflow-y:auto;padding:8px}.cs-message{display:flex;margin:4px 0}.cs-message--outgoing{justify-content:flex-end}.cs-message__content{background:#c6e3fa;border-radius:.7em;padding:.6em .9em}'
        + '.cs-message--incoming .cs-message__content{background:#6ea9d7;color:#fff}.cs-message-input{display:flex;border-top:1px solid #d1dbe3}.cs-message-input__content-editor{flex:1;padding:8px;min-height:22px;outline:0}'));
      const wrap = h('div', {class: 'wrap'});
      const list = h('div', {class: 'cs-message-list__scroll-wrapper scrollbar-container'});
      const editor = h('div', {class: 'cs-message-input__content-editor', contenteditable: 'true', 'data-placeholder': 'Введіть повідомлення'});
      const sendBtn = h('button', {class: 'cs-button cs-button--send', 'aria-label': 'Надіслати'}, A.icon());
      wrap.append(h('button', {class: 'fab', 'aria-label': 'Відкрити'}, A.icon()), h('div', {class: 'cs-main-container'}, h('div', {class: 'cs-chat-container'},
        h('div', {class: 'cs-conversation-header'}, h('div', {class: 'cs-conversation-header__content'}, h('div', {class: 'cs-conversation-header__user-name'}, 'Ірина'),
          h('div', {class: 'cs-conversation-header__info'}, 'Зазвичай відповідаємо протягом 5 хвилин')))),
        h('div', {class: 'cs-message-list'}, list), h('div', {class: 'cs-message-input'}, h('div', {class: 'cs-message-input__content-editor-wrapper'}, editor), sendBtn)));
      sr.append(wrap);
      wrap.querySelector('.fab').addEventListener('click', () => wrap.classList.add('open'));
      const render = m => { list.append(h('section', {class: 'cs-message cs-message--' + (m.from === 'visitor' ? 'outgoing' : 'incoming'), 'aria-label': ''},
        h('div', {class: 'cs-message__content-wrapper'}, h('div', {class: 'cs-message__content'}, h('div', {class: 'cs-message__html-content'}, m.text)),
          m.buttons && m.buttons.length ? h('div', {class: 'cs-message__custom-content'}, m.buttons.map(b => h('button', {class: 'cs-button'}, b))) : null))); list.parentNode.scrollTop = 1e9; };
      const send = () => { const t = editor.innerText.trim(); if (!t) return; editor.innerHTML = ''; render({from: 'visitor', text: t}); A.send(t); };
      editor.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
      sendBtn.addEventListener('click', send);
      A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
    }
  }
  customElements.define('garden-chat', GardenChat);
  document.body.append(document.createElement('garden-chat'));
})();
