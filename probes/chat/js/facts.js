// What a page says about known vendors: script URLs, frame identities, globals and DOM signatures present.
([globals, selectors]) => {
  const scripts = [...document.scripts].map(s => s.src).filter(Boolean);
  const frames = [...document.querySelectorAll('iframe')].map(f => [f.id, rwCls(f), f.title, f.name, f.src].join(' '));
  const present = globals.filter(g => { try { return typeof window[g] !== 'undefined' && window[g] !== null; } catch (e) { return false; } });
  const roots = rwRoots(document);
  const dom = selectors.filter(s => { try { return roots.some(r => r.querySelector(s)); } catch (e) { return false; } });
  return {scripts, frames, present, dom};
}
