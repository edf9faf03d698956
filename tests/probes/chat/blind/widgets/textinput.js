// <input type=text> composer with an 'Отправить' button; Enter does nothing (only the button sends).
(function () {
  const A = RWAgent, h = A.h;
  const out = h('div', {class: 'ti-out', style: {height: '280px', overflowY: 'auto'}});
  const inp = h('input', {type: 'text', class: 'ti-in', placeholder: 'Сообщение', style: {flex: 1}});
  const pane = h('div', {class: 'ti-pane', style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #777', padding: '6px'}}, h('div', {}, 'Мы на связи'), out,
    h('div', {style: {display: 'flex'}}, inp, h('button', {type: 'button', class: 'ti-btn', onclick: () => send()}, 'Отправить')));
  const open = h('button', {class: 'ti-open', style: {borderRadius: '30px', padding: '14px 18px', background: '#333', color: '#fff', border: 0, cursor: 'pointer'}}, 'Задать вопрос');
  open.addEventListener('click', () => { pane.style.display = 'block'; open.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '24px', bottom: '24px', zIndex: 1200, font: '14px sans-serif'}}, pane, open));
  const render = m => { out.append(h('p', {class: m.from === 'visitor' ? 'ti-me' : 'ti-op'}, m.text)); out.scrollTop = 1e9; };
  const send = () => { const t = inp.value.trim(); if (!t) return; inp.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
