// RU multi-channel contact button: one round button fans out chat, callback and messenger links; Escape closes the fan.
(function () {
  const A = RWAgent, h = A.h;
  document.head.append(h('style', {}, '.mcb{position:fixed;right:24px;bottom:90px;z-index:9999;font:14px sans-serif}.mcb-main{width:64px;height:64px;border-radius:50%;background:#f60;cursor:pointer;border:0;color:#fff}'
    + '.mcb-items{display:none;flex-direction:column;gap:8px;margin-bottom:8px}.mcb.fan .mcb-items{display:flex}.mcb-item{background:#fff;border:1px solid #ddd;border-radius:20px;padding:8px 14px;cursor:pointer}'
    + '.mcb-panel{display:none;position:fixed;right:24px;bottom:90px;width:330px;height:440px;background:#fff;border:1px solid #ccc;flex-direction:column;z-index:10000}.mcb-panel.on{display:flex}'
    + '.mcb-feed{flex:1;overflow-y:auto;padding:8px}.mcb-feed p{margin:4px 0;padding:6px;background:#f4f4f4;border-radius:6px}.mcb-feed p.v{background:#ffe7d6;text-align:right}'));
  const feed = h('div', {class: 'mcb-feed'});
  const ta = h('textarea', {rows: 2, placeholder: 'Ваш вопрос'});
  const panel = h('div', {class: 'mcb-panel'}, h('div', {class: 'mcb-top'}, 'Консультант онлайн'), feed, h('div', {style: {display: 'flex'}}, ta, h('button', {type: 'button', class: 'mcb-go', onclick: () => send()}, '→')));
  const fan = h('div', {class: 'mcb'}, h('div', {class: 'mcb-items'},
    h('div', {class: 'mcb-item', role: 'button', onclick: () => { fan.classList.remove('fan'); fan.style.display = 'none'; panel.classList.add('on'); }}, 'Онлайн-чат'),
    h('div', {class: 'mcb-item', role: 'button', onclick: () => alert('callback')}, 'Перезвоните мне'),
    h('a', {class: 'mcb-item', href: 'https://t.me/gardenshop'}, 'Telegram'), h('a', {class: 'mcb-item', href: 'https://wa.me/79120000001'}, 'WhatsApp')),
    h('button', {class: 'mcb-main', 'aria-label': 'Связаться с нами', onclick: () => fan.classList.toggle('fan')}, A.icon()));
  document.body.append(fan, panel);
  document.addEventListener('keydown', e => { if (e.key === 'Escape') fan.classList.remove('fan'); });
  const render = m => { feed.append(h('p', {class: m.from === 'visitor' ? 'v' : 'o'}, m.text)); feed.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
