// Bottom-left round photo of the manager (img alt with her name) and a teaser bubble; either opens the chat.
(function () {
  const A = RWAgent, h = A.h;
  const photo = 'data:image/svg+xml;utf8,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="32" fill="#c9a"/><circle cx="32" cy="26" r="12" fill="#fff"/></svg>');
  const list = h('div', {class: 'av-list', style: {height: '290px', overflowY: 'auto', padding: '6px'}});
  const ta = h('textarea', {class: 'av-ta', rows: 2, placeholder: 'Напишите Анне'});
  const pane = h('div', {class: 'av-pane', style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #c9a'}}, h('div', {}, 'Анна, менеджер'), list,
    h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', onclick: () => send()}, 'Отправить')));
  const img = h('img', {src: photo, alt: 'Менеджер Анна', width: 64, height: 64, style: {borderRadius: '50%', cursor: 'pointer', display: 'block'}});
  const teaser = h('div', {class: 'av-teaser', style: {background: '#fff', border: '1px solid #ddd', borderRadius: '10px', padding: '8px', marginBottom: '6px', cursor: 'pointer'}}, 'Здравствуйте! Подсказать что-нибудь?');
  const open = () => { pane.style.display = 'block'; img.style.display = 'none'; teaser.style.display = 'none'; };
  img.addEventListener('click', open); teaser.addEventListener('click', open);
  document.body.append(h('div', {style: {position: 'fixed', left: '20px', bottom: '20px', zIndex: 7000, font: '14px sans-serif'}}, pane, teaser, img));
  const render = m => { list.append(h('div', {class: m.from === 'visitor' ? 'av-v' : 'av-a'}, m.text)); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
