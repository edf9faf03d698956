// Mobile-first widget: the panel covers the whole viewport when open (the launcher is a small corner square).
(function () {
  const A = RWAgent, h = A.h;
  const log = h('div', {class: 'fs-log', style: {flex: 1, overflowY: 'auto', padding: '10px'}});
  const inp = h('input', {type: 'text', class: 'fs-in', placeholder: 'Сообщение оператору', style: {flex: 1, padding: '12px'}});
  const panel = h('div', {class: 'fs-panel', style: {display: 'none', position: 'fixed', inset: '0', background: '#fff', zIndex: 99990, flexDirection: 'column', font: '15px sans-serif'}},
    h('div', {class: 'fs-top', style: {padding: '12px', background: '#eee'}}, 'Поддержка магазина', h('button', {class: 'fs-close', 'aria-label': 'Закрыть', onclick: () => { panel.style.display = 'none'; }}, '✕')),
    log, h('form', {class: 'fs-form', style: {display: 'flex'}}, inp, h('button', {type: 'submit'}, '➤')));
  const sq = h('div', {class: 'fs-sq', style: {position: 'fixed', right: '12px', bottom: '12px', width: '48px', height: '48px', background: '#d22', borderRadius: '10px', cursor: 'pointer', zIndex: 99980}});
  sq.addEventListener('click', () => { panel.style.display = 'flex'; });
  document.body.append(sq, panel);
  const render = m => { log.append(h('div', {class: 'fs-m fs-' + (m.from === 'visitor' ? 'me' : 'op')}, m.text)); log.scrollTop = 1e9; };
  panel.querySelector('form').addEventListener('submit', e => { e.preventDefault(); const t = inp.value.trim(); if (!t) return; inp.value = ''; render({from: 'visitor', text: t}); A.send(t); });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
