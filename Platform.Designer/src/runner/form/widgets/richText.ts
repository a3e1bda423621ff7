// Rich text is stored as HTML; only this allow-list of tags survives, and links only to http(s), so a
// stored value cannot run script in another user's browser.
const allowed = new Set(['B', 'STRONG', 'I', 'EM', 'U', 'P', 'BR', 'UL', 'OL', 'LI', 'A', 'DIV', 'SPAN']);

export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const clean = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (!allowed.has(child.tagName)) {
        child.replaceWith(...(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT'].includes(child.tagName) ? [] : Array.from(child.childNodes)));
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        const keep = child.tagName === 'A' && attr.name === 'href' && /^https?:\/\//i.test(attr.value);
        if (!keep) child.removeAttribute(attr.name);
      }
      clean(child);
    }
  };
  // Unwrapping can expose disallowed grandchildren; repeat until stable.
  let before = '';
  while (before !== doc.body.innerHTML) {
    before = doc.body.innerHTML;
    clean(doc.body);
  }
  return doc.body.innerHTML;
}

export function plainText(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';
}
