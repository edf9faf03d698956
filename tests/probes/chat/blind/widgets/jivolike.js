// Jivo-style: jdiv elements with hashed classes in the page DOM, jivo_api methods and jivo_on* callbacks.
(function () {
  const A = RWAgent, h = A.h;
  const j = (cls, ...kids) => h('jdiv', {class: cls}, ...kids);
  document.head.append(h('style', {}, 'jdiv{display:block}.wrap_Kq3{position:fixed;right:24px;bottom:24px;z-index:2147483000;font:14px sans-serif}'
    + '.label_Tz9{background:#30b04a;color:#fff;padding:12px 18px;border-radius:20px;cursor:pointer}.chat_A1x{display:none;width:330px;height:470px;background:#fff;border:1px solid #ddd;flex-direction:column}'
    + '.open_q .chat_A1x{display:flex}.open_q .label_Tz9{display:none}.msgs_Bb2{flex:1;overflow-y:auto;padding:8px}.msg_Zk{margin:4px 0;padding:6px;border-radius:6px;background:#f2f2f2}.me_Zk{background:#dff3e3;text-align:right}'
    + '.inp_Qq{display:flex}.inp_Qq textarea{flex:1}.snd_Lw{width:40px;cursor:pointer;background:#30b04a}'));
  const msgs = j('msgs_Bb2');
  const ta = h('textarea', {placeholder: 'Введите сообщение', rows: 2});
  const snd = j('snd_Lw', A.icon());
  const wrap = j('wrap_Kq3', j('label_Tz9', 'Напишите нам, мы онлайн!'), j('chat_A1x', j('hdr_P0', 'Ольга, консультант'), msgs, j('inp_Qq', ta, snd)));
  document.body.append(wrap);
  const cb = (n, a) => { try { if (typeof window[n] === 'function') window[n](a); } catch (e) {} };
  let online = true, accepted = false;
  const open = () => { wrap.classList.add('open_q'); cb('jivo_onOpen'); };
  wrap.querySelector('.label_Tz9').addEventListener('click', open);
  window.jivo_api = {open: () => { open(); return {result: 'ok'}; }, close: () => ({result: 'ok'}), setContactInfo: () => ({result: 'ok'}),
    chatMode: () => (online ? 'online' : 'offline'), sendOfflineMessage: () => ({result: 'ok'})};
  const render = m => { msgs.append(j('msg_Zk' + (m.from === 'visitor' ? ' me_Zk' : ''), m.from === 'visitor' ? null : j('nm_Y', m.name), j('tx_W', m.text))); msgs.scrollTop = 1e9; };
  const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); cb('jivo_onMessageSent', t); };
  ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
  snd.addEventListener('click', send);
  A.on('history', x => { online = x.online; x.messages.forEach(render); setTimeout(() => cb('jivo_onLoadCallback'), 0); });
  A.on('msg', m => { render(m); if (m.greeting) open();
    if (m.from === 'operator' && !m.greeting && !accepted) { accepted = true; cb('jivo_onAccept', {name: m.name}); }
    cb('jivo_onMessageReceived', {type: m.from === 'operator' ? 'operator' : m.from, message: m.text, name: m.name}); });
  A.connect();
})();
