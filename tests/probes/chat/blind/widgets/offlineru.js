// Offline mode in the page: 'нет операторов онлайн' with name, e-mail and message fields inside the panel.
(function () {
  const A = RWAgent, h = A.h;
  const nm = h('input', {name: 'name', placeholder: 'Ваше имя'});
  const em = h('input', {name: 'contact', type: 'email', placeholder: 'Ваш e-mail'});
  const msg = h('textarea', {name: 'text', placeholder: 'Ваше сообщение'});
  const form = h('form', {class: 'of-form'}, h('p', {}, 'Сейчас нет операторов онлайн. Оставьте сообщение, и мы ответим вам на почту.'), nm, em, msg, h('button', {type: 'submit'}, 'Отправить'));
  const pane = h('div', {class: 'of-pane', style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #aaa', padding: '8px'}}, h('div', {}, 'Онлайн-консультант'), form);
  const btn = h('div', {class: 'of-btn', role: 'button', style: {width: '60px', height: '60px', borderRadius: '50%', background: '#888', cursor: 'pointer'}});
  btn.addEventListener('click', () => { pane.style.display = 'block'; btn.style.display = 'none'; });
  document.body.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 6000, font: '14px sans-serif'}}, pane, btn));
  form.addEventListener('submit', e => { e.preventDefault(); if (!em.value) return; A.ticket({name: nm.value, email: em.value, message: msg.value}); form.replaceChildren(h('p', {}, 'Спасибо! Ответим на ' + em.value)); });
  A.connect();
})();
