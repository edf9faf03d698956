// A bottom-left pill with an invitation ('Є питання? Напишіть нам'); the page has a scroll-to-top arrow bottom-right.
(function () {
  const A = RWAgent, h = A.h;
  document.head.append(h('style', {}, '.ask-pill{position:fixed;left:20px;bottom:20px;background:#0a58ca;color:#fff;border-radius:24px;padding:12px 20px;cursor:pointer;z-index:800;font:15px sans-serif}'
    + '.ask-box{position:fixed;left:20px;bottom:20px;width:320px;height:430px;background:#fff;border:1px solid #aaa;display:none;flex-direction:column;z-index:801}.ask-box.on{display:flex}'
    + '.ask-msgs{flex:1;overflow-y:auto;padding:8px}.ask-msg{margin:5px 0}.ask-msg.mine{text-align:right}.ask-msg span{display:inline-block;padding:6px 9px;border-radius:9px;background:#eef}'));
  const msgs = h('div', {class: 'ask-msgs'});
  const ta = h('textarea', {rows: 2, placeholder: 'Ваше питання...'});
  const box = h('div', {class: 'ask-box'}, h('div', {class: 'ask-head'}, h('b', {}, 'Олег'), ' — менеджер магазину', h('button', {class: 'ask-x', 'aria-label': 'Закрити', onclick: () => box.classList.remove('on')}, '×')),
    msgs, h('div', {style: {display: 'flex'}}, ta, h('button', {class: 'ask-send', onclick: () => send()}, 'Надіслати')));
  const pill = h('div', {class: 'ask-pill', onclick: () => { box.classList.add('on'); pill.style.display = 'none'; }}, 'Є питання? Напишіть нам');
  document.body.append(pill, box);
  const render = m => { msgs.append(h('div', {class: 'ask-msg' + (m.from === 'visitor' ? ' mine' : '')}, h('span', {}, m.text))); msgs.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
