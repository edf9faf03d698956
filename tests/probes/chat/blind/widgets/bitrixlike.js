// Bitrix24 Open Lines site widget as seen in page DOM (b24-widget-button-*, bx-livechat-*, bx-im-textarea-*), no iframe.
(function () {
  const A = RWAgent, h = A.h;
  document.head.append(h('style', {}, '.b24-widget-button-wrapper{position:fixed;right:50px;bottom:50px;z-index:10000}.b24-widget-button-inner-container{width:66px;height:66px;border-radius:50%;background:#00aeef;cursor:pointer}'
    + '.b24-widget-button-popup{display:none}.b24-widget-button-show .b24-widget-button-popup{display:block}.bx-livechat-wrapper{display:none;position:fixed;right:50px;bottom:20px;width:380px;height:500px;background:#fff;border:1px solid #ccc;z-index:10001;flex-direction:column;font:14px sans-serif}'
    + '.bx-livechat-show{display:flex}.bx-im-dialog{flex:1;overflow-y:auto}.bx-im-message{margin:6px}.bx-im-message-type-self{text-align:right}.bx-im-textarea{display:flex}.bx-im-textarea-input{flex:1}'));
  const dialog = h('div', {class: 'bx-im-dialog'});
  const ta = h('textarea', {class: 'bx-im-textarea-input', placeholder: 'Введите сообщение...'});
  const chat = h('div', {class: 'bx-livechat-wrapper'}, h('div', {class: 'bx-livechat-head'}, h('span', {class: 'bx-livechat-title'}, 'Открытая линия'), h('span', {class: 'bx-livechat-status'}, 'Ответим в течение 2 минут')),
    dialog, h('div', {class: 'bx-im-textarea'}, ta, h('button', {class: 'bx-im-textarea-send-button', title: 'Отправить сообщение'}, '')));
  const openline = h('a', {class: 'b24-widget-button-social-item b24-widget-button-openline_livechat', href: '#', title: 'Онлайн-чат'}, 'Онлайн-чат');
  const wrap = h('div', {class: 'b24-widget-button-wrapper b24-widget-button-position-bottom-right'},
    h('div', {class: 'b24-widget-button-social'}, openline, h('a', {class: 'b24-widget-button-social-item b24-widget-button-callback', href: '#'}, 'Обратный звонок')),
    h('div', {class: 'b24-widget-button-inner-container'}));
  document.body.append(wrap, chat);
  wrap.querySelector('.b24-widget-button-social').style.display = 'none';
  wrap.querySelector('.b24-widget-button-inner-container').addEventListener('click', () => { const s = wrap.querySelector('.b24-widget-button-social'); s.style.display = s.style.display === 'none' ? 'block' : 'none'; });
  openline.addEventListener('click', e => { e.preventDefault(); chat.classList.add('bx-livechat-show'); wrap.style.display = 'none'; });
  const render = m => { dialog.append(h('div', {class: 'bx-im-message ' + (m.from === 'visitor' ? 'bx-im-message-type-self' : 'bx-im-message-type-opponent')},
    m.from === 'visitor' ? null : h('div', {class: 'bx-im-message-author-name'}, m.name), h('div', {class: 'bx-im-message-content'}, m.text))); dialog.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  chat.querySelector('.bx-im-textarea-send-button').addEventListener('click', send);
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
