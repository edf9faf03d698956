// BotUI 0.3-style conversational bot: botui-* classes, text input action and button actions; a bot only, no person.
(function () {
  const A = RWAgent, h = A.h;
  document.head.append(h('style', {}, '.botui-app-container{position:fixed;left:20px;bottom:20px;z-index:500;font:14px sans-serif}.botui-container{display:none;width:320px;height:420px;background:#fff;border:1px solid #ccc;flex-direction:column}'
    + '.botui-app-container.on .botui-container{display:flex}.botui-app-container.on .botui-open{display:none}.botui-open{width:56px;height:56px;border-radius:50%;background:#919292;cursor:pointer}'
    + '.botui-messages-container{flex:1;overflow-y:auto;padding:8px}.botui-message-content{display:inline-block;background:#f7f8f8;padding:6px 10px;border-radius:12px;margin:3px 0}.botui-message-content.human{background:#919292;color:#fff;float:right;clear:both}'));
  const msgs = h('div', {class: 'botui-messages-container'});
  const input = h('input', {type: 'text', class: 'botui-actions-text-input', placeholder: 'Ваш вопрос', autocomplete: 'off'});
  const root = h('div', {class: 'botui-app-container', id: 'help-bot'},
    h('div', {class: 'botui-open', role: 'button', tabindex: '0', title: 'Помощник'}),
    h('div', {class: 'botui botui-container'}, msgs, h('div', {class: 'botui-actions-container'}, h('form', {class: 'botui-actions-text'}, input, h('button', {class: 'botui-button botui-actions-text-submit'}, 'Ок')))));
  document.body.append(root);
  root.querySelector('.botui-open').addEventListener('click', () => root.classList.add('on'));
  const render = m => { const row = h('div', {class: 'botui-message'}, h('div', {class: 'botui-message-content text' + (m.from === 'visitor' ? ' human' : '')}, h('span', {}, m.text)));
    if (m.buttons && m.buttons.length) row.append(h('div', {class: 'botui-actions-buttons'}, m.buttons.map(b => h('button', {class: 'botui-actions-buttons-button'}, b))));
    msgs.append(row); msgs.scrollTop = 1e9; };
  root.querySelector('form').addEventListener('submit', e => { e.preventDefault(); const t = input.value.trim(); if (!t) return; input.value = ''; render({from: 'visitor', text: t}); A.send(t); });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
