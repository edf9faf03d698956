// Snapshot of one frame's forms as a person would see them. Returns plain JSON; elements
// are tagged with data-rw ids so Python can act on exactly what it classified.
// Never trusts the page: it only reads attributes, text and layout.
(opts) => {
  opts = opts || {};
  const W = window;
  W.__rwN = W.__rwN || 0;
  // a per-document prefix: after a navigation the new page's elements never reuse an old page's ids
  W.__rwP = W.__rwP || Math.random().toString(36).slice(2, 7);
  const tag = (el) => {
    let id = el.getAttribute('data-rw');
    if (!id) { id = 'rw' + W.__rwP + (++W.__rwN); el.setAttribute('data-rw', id); }
    return id;
  };
  // open shadow roots (web components) hold forms too: every query below looks into them
  const roots = [document];
  const addRoots = (r) => r.querySelectorAll('*').forEach(el => { if (el.shadowRoot) { roots.push(el.shadowRoot); addRoots(el.shadowRoot); } });
  addRoots(document);
  const qsa = (sel) => roots.flatMap(r => [...r.querySelectorAll(sel)]);
  const deepText = () => [document.body ? document.body.innerText : '',
    ...roots.slice(1).flatMap(r => [...r.children].map(c => c.innerText || ''))].join('\n');
  const clean = (s, n) => (s || '').replace(/\s+/g, ' ').trim().slice(0, n || 200);
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return false;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) < 0.05) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 3 || r.height < 3) return false;
    const x = r.left + W.scrollX, y = r.top + W.scrollY;
    if (x + r.width <= 0 || y + r.height <= 0) return false;
    const docW = Math.max(document.documentElement.scrollWidth, W.innerWidth);
    if (x >= docW) return false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflow !== 'visible' || cs.clip !== 'auto' || cs.clipPath !== 'none') {
        const ar = a.getBoundingClientRect();
        if (ar.width < 3 || ar.height < 3) return false;
        if (cs.clip && cs.clip.startsWith('rect(0')) return false;
      }
      if (a.getAttribute('aria-hidden') === 'true' && a.tagName !== 'HTML') {
        const ar = a.getBoundingClientRect();
        if (ar.left + W.scrollX + ar.width <= 0 || ar.top + W.scrollY + ar.height <= 0) return false;
      }
    }
    return true;
  };
  const ownText = (el) => {
    // text of an element without the values/options of the controls inside it
    const c = el.cloneNode(true);
    c.querySelectorAll('input,select,textarea,script,style,option').forEach(x => x.remove());
    return clean(c.textContent, 160);
  };
  const labelOf = (el) => {
    const parts = [];
    if (el.labels) for (const l of el.labels) parts.push(ownText(l));
    const lb = el.getAttribute('aria-labelledby');
    if (lb) lb.split(/\s+/).forEach(id => { const t = (el.getRootNode().getElementById ? el.getRootNode() : document).getElementById(id); if (t) parts.push(ownText(t)); });
    if (!parts.join('').trim()) {
      const td = el.closest('td,th');
      if (td && td.previousElementSibling) parts.push(ownText(td.previousElementSibling));
    }
    if (!parts.join('').trim()) {
      // nearest preceding text: previous siblings, then the parent's previous siblings
      let node = el, hops = 0;
      while (node && hops < 3 && !parts.join('').trim()) {
        // previous siblings, text nodes included ("Имя: <input> <br> Email: <input>"), up to the previous control
        let p = node.previousSibling;
        while (p && !parts.join('').trim()) {
          if (p.nodeType === 3) parts.push(clean(p.textContent, 120));
          else if (p.nodeType === 1) {
            if (p.querySelector('input,textarea,select') || ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(p.tagName)) break;
            if (!['SCRIPT', 'STYLE', 'BR'].includes(p.tagName)) parts.push(ownText(p));
          }
          p = p.previousSibling;
        }
        if (!parts.join('').trim() && node.parentElement) {
          const pt = [...node.parentElement.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ');
          if (clean(pt)) parts.push(clean(pt, 120));
        }
        if (!parts.join('').trim() && hops === 0) {
          // floating labels: a short text element right after the field, drawn over it by CSS
          const n = node.nextElementSibling;
          if (n && !n.querySelector('input,textarea,select') && !['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'SCRIPT'].includes(n.tagName)) {
            const t = ownText(n);
            if (t.length <= 60) parts.push(t);
          }
        }
        node = node.parentElement; hops++;
        if (node && node.matches && node.matches('form')) break;
      }
    }
    return clean(parts.join(' '), 160);
  };
  const maskOf = (el) => {
    for (const a of ['data-mask', 'data-inputmask', 'data-inputmask-mask', 'data-phonemask', 'mask', 'data-format'])
      if (el.getAttribute(a)) return el.getAttribute(a);
    return '';
  };
  const fieldInfo = (el) => {
    const type = (el.getAttribute('type') || (el.tagName === 'TEXTAREA' ? 'textarea' : el.tagName === 'SELECT' ? 'select' : 'text')).toLowerCase();
    let vis = visible(el);
    let via_label = false;
    if (!vis && (type === 'checkbox' || type === 'radio') && el.labels && el.labels.length && visible(el.labels[0])) {
      vis = true; via_label = true;
    }
    if (!vis && el.tagName === 'SELECT') {
      // select2 / choices / nice-select hide the real <select> and draw their own widget next to it
      const w = el.nextElementSibling || el.parentElement;
      if (w && visible(w) && /select|choice|chosen|dropdown/i.test(String(w.className))) { vis = true; via_label = true; }
    }
    return {
      fid: tag(el), tag: el.tagName.toLowerCase(), type, name: el.getAttribute('name') || '', id: el.id || '',
      cls: clean(el.className && el.className.baseVal === undefined ? el.className : '', 80),
      placeholder: clean(el.getAttribute('placeholder'), 100), autocomplete: el.getAttribute('autocomplete') || '',
      aria: clean(el.getAttribute('aria-label') || el.getAttribute('title'), 100), label: labelOf(el),
      required: el.required || el.getAttribute('aria-required') === 'true' || /required|obligatory|\*/.test(labelOf(el) + ' ' + (el.className || '')),
      visible: vis, via_label, tabindex: el.getAttribute('tabindex') || '', readonly: el.readOnly || el.disabled,
      pattern: el.getAttribute('pattern') || '', maxlength: el.maxLength > 0 ? el.maxLength : 0,
      minlength: el.minLength > 0 ? el.minLength : 0, mask: maskOf(el),
      inputmode: el.getAttribute('inputmode') || '',
      value: el.tagName === 'SELECT' ? el.value : (type === 'hidden' ? '' : (el.value || '')), checked: !!el.checked,
      options: el.tagName === 'SELECT' ? [...el.options].map(o => ({value: o.value, text: clean(o.text, 80), disabled: o.disabled})) : [],
    };
  };
  const buttonText = (b) => clean(b.innerText || b.value || b.getAttribute('aria-label') || b.getAttribute('title') || '', 80);
  const BTN = 'button,input[type=submit],input[type=button],input[type=image],[role=button],a.btn,a.button,div.btn,span.btn,' +
              'a[href="#"],a[href^="javascript"],a[onclick],div[onclick],span[onclick],a[class*=submit],a[class*=send],div[class*=submit]';
  const headingText = (g) => {
    const bits = [];
    g.querySelectorAll('legend,h1,h2,h3,h4,h5,.title,[class*=title],[class*=head]').forEach(h => bits.push(ownText(h)));
    if (g.getAttribute('aria-label')) bits.push(g.getAttribute('aria-label'));
    // nearest heading before the group (outside it), a few levels up
    let n = g, hops = 0;
    while (n && hops < 4) {
      let p = n.previousElementSibling, k = 0;
      while (p && k < 4) {
        if (/^H[1-6]$/.test(p.tagName) || p.matches('p,div.title,.t,[class*=title]')) { bits.push(ownText(p)); break; }
        p = p.previousElementSibling; k++;
      }
      if (bits.length > 2) break;
      n = n.parentElement; hops++;
    }
    return clean(bits.join(' | '), 400);
  };
  const CONTROLS = 'input,textarea,select';
  // custom dropdowns built of divs (react-select, vue-select, design systems): opened by a click, options [role=option]
  const COMBO = '[role=combobox]:not(select),[aria-haspopup=listbox],[role=listbox][aria-haspopup],button[aria-haspopup=true]';
  const clickBox = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const r = a.getBoundingClientRect();
      if (r.width >= 40 && r.height >= 12) return a;
    }
    return el;
  };
  const comboInfo = (el) => {
    const box = clickBox(el);
    const label = labelOf(el) || clean(el.getAttribute('aria-label'), 100);
    const shown = clean((box.innerText || '').split('\n')[0], 80);
    return {
      fid: tag(box), tag: box.tagName.toLowerCase(), type: 'combobox', name: el.getAttribute('name') || '',
      id: el.id || '', cls: clean(typeof box.className === 'string' ? box.className : '', 80), placeholder: shown,
      autocomplete: '', aria: clean(el.getAttribute('aria-label'), 100), label,
      required: el.getAttribute('aria-required') === 'true' || /\*/.test(label), visible: visible(box), via_label: false,
      tabindex: '', readonly: false, pattern: '', maxlength: 0, minlength: 0, mask: '', inputmode: '', value: shown,
      checked: false, options: [],
    };
  };
  const combos = (g) => {
    const found = [...g.querySelectorAll(COMBO)].filter(el => el.tagName !== 'SELECT');
    const boxes = new Set();
    return found.filter(el => { const b = clickBox(el); if (boxes.has(b)) return false; boxes.add(b); return true; }).map(comboInfo);
  };
  // a hidden group (tab panel, collapsed accordion, closed <details>): the control a person clicks to show it
  const revealerOf = (g) => {
    for (let a = g; a && a !== document.body; a = a.parentElement) {
      if (a.tagName === 'DETAILS' && !a.open) { const s = a.querySelector(':scope > summary'); if (s && visible(s)) return s; }
      if (!a.id || visible(a)) continue;
      const id = CSS.escape(a.id);
      const c = document.querySelector(`[aria-controls~="${id}"],[href="#${id}"],[data-target="#${id}"],[data-bs-target="#${id}"]`);
      if (c && visible(c)) return c;
    }
    return null;
  };
  const describe = (g, kind) => {
    const controls = [...g.querySelectorAll(CONTROLS)].filter(el => kind === 'form' || !el.form)
      .filter(el => !(el.getAttribute('role') === 'combobox' && el.readOnly));
    const outside = g.id ? [...(g.getRootNode().querySelectorAll ? g.getRootNode() : document).querySelectorAll(`button[form="${CSS.escape(g.id)}"],input[form="${CSS.escape(g.id)}"]`)] : [];
    const buttons = [...g.querySelectorAll(BTN), ...outside].filter(b => !(b.tagName === 'INPUT' && ['reset'].includes(b.type)))
      .filter(b => !b.matches(COMBO) && !b.closest('[role=listbox],[role=combobox]'));
    const ctext = clean(ownText(g), 600);
    return {
      gid: tag(g), kind, action: g.getAttribute('action') || '', method: (g.getAttribute('method') || 'get').toLowerCase(),
      id: g.id || '', name: g.getAttribute('name') || '', cls: clean(typeof g.className === 'string' ? g.className : '', 120),
      heading: headingText(g), text: ctext, visible: visible(g),
      fields: [...controls.filter(el => !['submit', 'button', 'image', 'reset'].includes((el.type || '').toLowerCase())).map(fieldInfo),
               ...combos(g)],
      buttons: buttons.map(b => ({bid: tag(b), text: buttonText(b), type: (['BUTTON', 'INPUT'].includes(b.tagName) ? b.type : (b.getAttribute('role') || b.tagName)).toLowerCase(), visible: visible(b)})),
      html_hint: clean(g.outerHTML, 3000),
      reveal: (() => { if (visible(g)) return ''; const r = revealerOf(g); return r ? tag(r) : ''; })(),
    };
  };
  const groups = [];
  const seen = new Set();
  if (opts.root) {
    qsa(opts.root).forEach(r => { seen.add(r); groups.push(describe(r, r.tagName === 'FORM' ? 'form' : 'group')); });
  }
  qsa('form').forEach(f => { if (!seen.has(f)) groups.push(describe(f, 'form')); });
  // formless groups: the nearest ancestor of loose inputs that also holds a button
  const realButton = (a) => [...a.querySelectorAll(BTN)].some(b => !b.matches(COMBO) && !b.closest('[role=listbox],[role=combobox]'));
  qsa('input:not([type=hidden]),textarea').forEach(el => {
    if (el.form || (el.readOnly && el.closest(COMBO))) return;
    let a = el.parentElement, hops = 0;
    while (a && a !== document.body && hops < 7) {
      if (realButton(a)) break;
      a = a.parentElement; hops++;
    }
    if (!a || a === document.body || hops >= 7 || seen.has(a)) return;
    seen.add(a);
    groups.push(describe(a, 'group'));
  });
  const triggers = [];
  qsa('a,button,[role=button],[role=tab],summary,[onclick],[data-toggle],[data-bs-toggle],[data-target],[data-modal],[data-popup],.btn').forEach(el => {
    if (el.closest('form') || !visible(el)) return;
    const t = buttonText(el);
    if (t.length < 2 || t.length > 80) return;
    triggers.push({tid: tag(el), text: t, href: el.getAttribute('href') || ''});
  });
  const links = qsa('a[href]').map(a => ({href: a.href, text: clean(a.innerText || a.title, 80)})).slice(0, 400);
  const sigs = [];
  const CAPTCHA = [
    ['recaptcha', '.g-recaptcha,[data-sitekey][class*=recaptcha],textarea[name=g-recaptcha-response],iframe[src*="recaptcha"],script[src*="recaptcha"]'],
    ['hcaptcha', '.h-captcha,textarea[name=h-captcha-response],iframe[src*="hcaptcha"],script[src*="hcaptcha"]'],
    ['turnstile', '.cf-turnstile,input[name=cf-turnstile-response],iframe[src*="challenges.cloudflare.com"],script[src*="challenges.cloudflare.com"]'],
    ['yandex-smartcaptcha', '.smart-captcha,input[name=smart-token],iframe[src*="smartcaptcha"],script[src*="smartcaptcha"]'],
  ];
  for (const [name, sel] of CAPTCHA) {
    qsa(sel).forEach(el => {
      const host = el.closest('form') || el.parentElement;
      sigs.push({vendor: name, gid: host ? tag(host) : '', form: el.closest('form') ? tag(el.closest('form')) : '', visible: visible(el)});
    });
  }
  return {url: location.href, title: document.title, groups, triggers, links, captcha: sigs,
          text: deepText().slice(0, 30000)};
}
