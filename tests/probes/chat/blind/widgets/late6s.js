// Widget loaded 6 s after the page (a timer loader); a bot with buttons answers first, then a person.
(function () {
  const A = RWAgent, h = A.h;
  setTimeout(() => {
    document.head.append(h('style', {}, '.dl-w{position:fixed;right:16px;bottom:16px;z-index:7000;font:14px sans-serif}.dl-l{width:62px;height:62px;border-radius:50%;background:#c20;cursor:pointer}'
      + '.dl-p{display:none;width:340px;height:460px;background:#fff;border:1px solid #999;flex-direction:column}.dl-w.o .dl-p{display:flex}.dl-w.o .dl-l{display:none}.dl-s{flex:1;overflow-y:auto}'
      + '.dl-q{display:flex;flex-wrap:wrap;gap:4px}.dl-q span{border:1px solid #c20;border-radius:12px;padding:2px 8px;cursor:pointer}'));
    const s = h('div', {class: 'dl-s'});
    const ta = h('textarea', {class: 'dl-t', placeholder: 'Напишите сообщение...'});
    const w = h('div', {class: 'dl-w'}, h('div', {class: 'dl-p'}, h('div', {class: 'dl-h'}, 'Помощь'), s, h('div', {style: {display: 'flex'}}, ta, h('button', {class: 'dl-b', 'aria-label': 'Отправить', onclick: () => send()}, A.icon()))),
      h('div', {class: 'dl-l', role: 'button', 'aria-label': 'Открыть'}));
    document.body.append(w);
    w.querySelector('.dl-l').addEventListener('click', () => w.classList.add('o'));
    const render = m => { const row = h('div', {class: 'dl-r dl-' + m.from}, h('div', {class: 'dl-n'}, m.from === 'visitor' ? 'Вы' : m.name), h('div', {class: 'dl-x'}, m.text));
      if (m.buttons && m.buttons.length) row.append(h('div', {class: 'dl-q'}, m.buttons.map(b => h('span', {}, b)))); s.append(row); s.scrollTop = 1e9; };
    const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
    ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
    A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
  }, 6000);
})();
