// HubSpot/Drift-style split: an open shadow root holds the launcher; the panel is an iframe created in that root on click.
(function () {
  const A = RWAgent, h = A.h;
  if (window.RW_FRAME) {
    const list = h('div', {class: 'sf-list', style: {height: '330px', overflowY: 'auto', padding: '8px', font: '14px sans-serif'}});
    const ta = h('textarea', {rows: 2, placeholder: 'Введите сообщение', style: {width: '96%'}});
    document.body.append(h('div', {}, 'Сад и дом — мы онлайн'), list, ta);
    const render = m => { list.append(h('div', {class: 'sf-' + (m.from === 'visitor' ? 'me' : 'op')}, m.text)); list.scrollTop = 1e9; };
    ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); } });
    A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
    return;
  }
  const host = document.createElement('div'); host.id = 'dock-host'; document.body.append(host);
  const sr = host.attachShadow({mode: 'open'});
  const wrap = h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 2147483647, display: 'flex', flexDirection: 'column', alignItems: 'flex-end'}});
  const b = h('button', {style: {width: '60px', height: '60px', borderRadius: '50%', background: '#ff7a59', border: 0, cursor: 'pointer'}}, A.icon());
  let f = null;
  b.addEventListener('click', () => { if (!f) { f = h('iframe', {src: '/f/shadowframe?conv=' + encodeURIComponent(A.conv), style: {width: '360px', height: '440px', border: '0', background: '#fff'}}); wrap.prepend(f); } });
  wrap.append(b); sr.append(wrap);
})();
