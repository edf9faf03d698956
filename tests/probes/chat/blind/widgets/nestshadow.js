// Lit-style nested components: <shop-assist> (open shadow root) holds the launcher and <assist-panel> (its own open shadow root).
(function () {
  const A = RWAgent, h = A.h;
  class AssistPanel extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return; const sr = this.attachShadow({mode: 'open'});
      const list = h('div', {part: 'list', style: {height: '280px', overflowY: 'auto', padding: '6px'}});
      const ta = h('textarea', {rows: 2, placeholder: 'Ваше повідомлення', style: {width: '95%'}});
      sr.append(h('div', {style: {width: '320px', background: '#fff', border: '1px solid #ccc', font: '14px sans-serif'}}, h('div', {}, 'Допомога онлайн'), list, ta,
        h('button', {type: 'button', onclick: () => send()}, 'Надіслати')));
      const render = m => { list.append(h('div', {class: m.from === 'visitor' ? 'me' : 'them'}, m.text)); list.scrollTop = 1e9; };
      const send = () => { const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); };
      ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); send(); } });
      A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
    }
  }
  class ShopAssist extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return; const sr = this.attachShadow({mode: 'open'});
      const slot = h('div', {});
      const b = h('button', {style: {width: '58px', height: '58px', borderRadius: '50%', background: '#4b0', border: 0, cursor: 'pointer'}}, A.icon());
      b.addEventListener('click', () => { if (!slot.firstChild) slot.append(document.createElement('assist-panel')); b.style.display = 'none'; });
      sr.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 5000}}, slot, b));
    }
  }
  customElements.define('assist-panel', AssistPanel); customElements.define('shop-assist', ShopAssist);
  document.body.append(document.createElement('shop-assist'));
})();
