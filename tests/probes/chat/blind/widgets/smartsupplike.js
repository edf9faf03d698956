// Smartsupp-style: #chat-application iframe (same origin), a smartsupp() command queue the probe has no adapter for.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    window._smartsupp = {key: 'blind'}; window.smartsupp = function () { (window.smartsupp._ = window.smartsupp._ || []).push(arguments); };
    const f = h('iframe', {id: 'chat-application-iframe', src: '/f/smartsupplike?conv=' + encodeURIComponent(A.conv), title: 'Smartsupp widget', style: {width: '110px', height: '110px', border: '0'}});
    document.body.append(h('div', {id: 'chat-application', style: {position: 'fixed', right: '0', bottom: '0', zIndex: 10000000}}, f));
    window.addEventListener('message', e => { if (e.data === 'ss-open') Object.assign(f.style, {width: '380px', height: '580px'}); });
    return;
  }
  const list = h('div', {'data-testid': 'messages', style: {height: '440px', overflowY: 'auto', font: '14px sans-serif'}});
  const ta = h('textarea', {'data-testid': 'widgetMessageInput', placeholder: 'Write a reply...', style: {width: '85%'}});
  const btn = h('button', {'data-testid': 'widgetButtonBody', style: {position: 'fixed', right: '20px', bottom: '20px', width: '62px', height: '62px', borderRadius: '50%', background: '#f60', border: 0, cursor: 'pointer'}});
  const panel = h('div', {style: {display: 'none'}}, h('div', {}, 'Sam · Home & Garden'), list, ta, h('button', {'data-testid': 'sendMessage', 'aria-label': 'Send'}, '▶'));
  document.body.append(panel, btn);
  btn.addEventListener('click', () => { btn.style.display = 'none'; panel.style.display = 'block'; parent.postMessage('ss-open', '*'); });
  const render = m => { list.append(h('div', {'data-testid': m.from === 'visitor' ? 'visitorMessage' : 'agentMessage'}, m.text)); list.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
  panel.querySelector('[data-testid=sendMessage]').addEventListener('click', send);
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
})();
