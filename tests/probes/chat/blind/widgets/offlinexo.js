// Offline form inside a cross-origin iframe panel (Tidio/Chatra offline shape), Ukrainian.
(function () {
  const A = RWAgent, h = A.h;
  if (!window.RW_FRAME) {
    const f = h('iframe', {src: A.cfg.frameUrl, style: {display: 'none', width: '340px', height: '460px', border: '0'}});
    const b = h('div', {class: 'ob', role: 'button', tabindex: '0', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#0566ff', cursor: 'pointer'}}, A.icon());
    b.addEventListener('click', () => { f.style.display = 'block'; b.style.display = 'none'; });
    document.body.append(h('div', {style: {position: 'fixed', right: '16px', bottom: '16px', zIndex: 999998}}, f, b));
    return;
  }
  const em = h('input', {type: 'email', name: 'email', placeholder: 'Ваш e-mail'});
  const msg = h('textarea', {name: 'message', placeholder: 'Повідомлення'});
  const form = h('form', {}, h('h3', {}, 'Ми зараз офлайн'), h('p', {}, 'Зараз немає операторів у мережі. Залиште повідомлення, і ми відповімо на пошту.'), em, msg, h('button', {type: 'submit'}, 'Надіслати'));
  document.body.append(h('div', {style: {background: '#fff', padding: '10px', font: '14px sans-serif', height: '100vh'}}, form));
  form.addEventListener('submit', e => { e.preventDefault(); if (!em.value) return; A.ticket({email: em.value, message: msg.value}); form.replaceChildren(h('p', {}, 'Дякуємо!')); });
  A.connect();
})();
