// react-chat-widget 3.1.4 from npm, used as published (lib/index.js UMD + styles.css), on React 17 UMD builds.
// Integration as its README shows: <Widget handleNewUserMessage=...>, addResponseMessage() for the shop's replies.
(function () {
  const A = RWAgent;
  const load = src => new Promise((ok, err) => { const s = document.createElement('script'); s.src = src; s.onload = ok; s.onerror = err; document.head.append(s); });
  const css = document.createElement('link'); css.rel = 'stylesheet'; css.href = '/blind/vendor/react-chat-widget/styles.css'; document.head.append(css);
  (async () => {
    await load('/blind/vendor/react.production.min.js');
    await load('/blind/vendor/react-dom.production.min.js');
    await load('/blind/vendor/react-chat-widget/index.js');
    const W = window['react-chat-widget'];
    const root = document.createElement('div'); document.body.append(root);
    ReactDOM.render(React.createElement(W.Widget, {title: 'Home & Garden', subtitle: 'We usually reply within a few minutes',
      senderPlaceHolder: 'Type a message...', handleNewUserMessage: text => A.send(text)}), root);
    A.on('history', h => { for (const m of h.messages) (m.from === 'visitor' ? W.addUserMessage : W.addResponseMessage)(m.text); });
    A.on('msg', m => { W.addResponseMessage(m.text); if (m.buttons && m.buttons.length) W.setQuickButtons(m.buttons.map(b => ({label: b, value: b}))); });
    A.connect();
  })();
})();
