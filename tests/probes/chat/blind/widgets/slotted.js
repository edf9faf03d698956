// A web component whose messages are light-DOM children projected through <slot> into its open shadow root.
(function () {
  const A = RWAgent, h = A.h;
  class ChatShell extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return; const sr = this.attachShadow({mode: 'open'});
      const ta = h('textarea', {rows: 2, placeholder: 'Your question', style: {width: '95%'}});
      const pane = h('div', {style: {display: 'none', width: '320px', background: '#fff', border: '1px solid #aaa', font: '14px sans-serif'}},
        h('div', {}, 'Home & Garden · we reply in minutes'), h('div', {style: {height: '280px', overflowY: 'auto'}}, h('slot', {})), ta);
      const b = h('button', {style: {width: '58px', height: '58px', borderRadius: '50%', background: '#639', border: 0, cursor: 'pointer'}});
      b.addEventListener('click', () => { pane.style.display = 'block'; b.style.display = 'none'; });
      sr.append(h('div', {style: {position: 'fixed', right: '20px', bottom: '20px', zIndex: 3333}}, pane, b));
      const render = m => this.append(h('div', {class: m.from === 'visitor' ? 'sl-out' : 'sl-in'}, m.text));
      ta.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); const t = ta.value.trim(); if (!t) return; ta.value = ''; render({from: 'visitor', text: t}); A.send(t); } });
      A.on('history', x => x.messages.forEach(render)); A.on('msg', render); A.connect();
    }
  }
  customElements.define('chat-shell', ChatShell);
  document.body.append(document.createElement('chat-shell'));
})();
