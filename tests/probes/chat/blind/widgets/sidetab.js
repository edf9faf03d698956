// A vertical tab on the right edge at mid-height ('Онлайн-консультант'), as RU CMS chat plugins show; a canned auto-reply only.
(function () {
  const A = RWAgent, h = A.h;
  const tab = h('div', {class: 'st-tab', style: {position: 'fixed', right: '0', top: '40%', writingMode: 'vertical-rl', background: '#900', color: '#fff', padding: '14px 8px', cursor: 'pointer', zIndex: 3000, font: '14px sans-serif'}}, 'Онлайн-консультант');
  const log = h('div', {class: 'st-log', style: {height: '260px', overflowY: 'auto'}});
  const ta = h('textarea', {class: 'st-ta', rows: 3, placeholder: 'Введите ваш вопрос'});
  const box = h('div', {class: 'st-box', style: {display: 'none', position: 'fixed', right: '40px', top: '25%', width: '300px', background: '#fff', border: '2px solid #900', zIndex: 3001, padding: '6px'}},
    h('div', {}, 'Консультант'), log, ta, h('button', {class: 'st-send', type: 'button', onclick: () => send()}, 'Отправить'));
  tab.addEventListener('click', () => { box.style.display = 'block'; });
  document.body.append(tab, box);
  const render = m => { log.append(h('div', {class: m.from === 'visitor' ? 'st-c' : 'st-a'}, (m.from === 'visitor' ? 'Вы: ' : m.name + ': ') + m.text)); log.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
