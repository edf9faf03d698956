// Pre-chat survey in an iframe: name, e-mail and the first message; the chat then shows that message and continues.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const f = h('iframe', {src: '/f/prechatmsg?conv=' + encodeURIComponent(A.conv), style: {display: 'none', width: '350px', height: '480px', border: '1px solid #ccc', background: '#fff'}});
    const b = h('button', {'aria-label': 'Chat with us', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#03363d', border: 0, cursor: 'pointer'}});
    b.addEventListener('click', () => { f.style.display = 'block'; b.style.display = 'none'; });
    document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 999999}}, f, b));
    return;
  }
  const log = h('div', {class: 'zx-log', style: {height: '330px', overflowY: 'auto', font: '14px sans-serif'}});
  const ta = h('textarea', {rows: 2, placeholder: 'Type a message here...', style: {width: '95%'}});
  const chat = h('div', {style: {display: 'none'}}, log, ta);
  const nm = h('input', {name: 'display_name', placeholder: 'Name (optional)'});
  const em = h('input', {name: 'email', type: 'email', placeholder: 'Email', required: true});
  const q = h('textarea', {name: 'message', placeholder: 'How can we help?', required: true});
  const form = h('form', {class: 'prechat'}, h('h3', {}, 'Chat with us'), h('p', {}, 'Please fill out the form below to start chatting with the next available agent.'), nm, em, q, h('button', {type: 'submit'}, 'Start chat'));
  document.body.append(form, chat);
  const start = () => { form.remove(); chat.style.display = 'block'; };
  const render = m => { log.append(h('div', {class: 'zx-' + (m.from === 'visitor' ? 'visitor' : 'agent')}, h('strong', {}, m.from === 'visitor' ? 'You' : m.name), ' ', h('span', {}, m.text))); log.scrollTop = 1e9; };
  form.addEventListener('submit', e => { e.preventDefault(); if (!em.value || !q.value.trim()) return; A.prechat({name: nm.value, email: em.value}, q.value.trim()); start(); });
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); const t = ta.value.trim(); if (!t) return; ta.value = ''; A.send(t); } });
  A.on('echo', render);
  A.on('history', x => { if (!x.prechat) start(); x.messages.forEach(render); }); A.on('msg', render); A.connect();
})();
