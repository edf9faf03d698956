// Panel in an <iframe srcdoc> (no URL of its own), built by the parent; launcher is a text button 'Чат з менеджером'.
(function () {
  const A = RWAgent, h = A.h;
  const f = h('iframe', {srcdoc: '<!doctype html><meta charset=utf-8><body style="margin:0;font:14px sans-serif"><div id=l style="height:300px;overflow-y:auto"></div><textarea id=t placeholder="Повідомлення..." style="width:90%"></textarea><button id=s>Надіслати</button></body>',
    style: {display: 'none', width: '330px', height: '380px', border: '1px solid #999', background: '#fff'}});
  const b = h('button', {style: {padding: '14px', borderRadius: '24px', background: '#246', color: '#fff', border: 0, cursor: 'pointer'}}, 'Чат з менеджером');
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 7777}}, f, b));
  let ready = null;
  f.addEventListener('load', () => { const d = f.contentDocument; const l = d.getElementById('l'), t = d.getElementById('t');
    const render = m => { l.append(h('p', {$doc: d, class: m.from === 'visitor' ? 'm-out' : 'm-in'}, m.text)); l.scrollTop = 1e9; };
    const send = () => { const x = t.value.trim(); if (!x) return; t.value = ''; render({from: 'visitor', text: x}); A.send(x); };
    d.getElementById('s').addEventListener('click', send);
    t.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
    ready = render; A.on('history', x => x.messages.forEach(render)); A.on('msg', m => ready && ready(m)); A.connect(); });
  b.addEventListener('click', () => { f.style.display = 'block'; b.style.display = 'none'; });
})();
