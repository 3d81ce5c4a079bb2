/** A tiny XML writer for Tally's import format: elements, attributes and escaped text, nothing else. */
export type XmlNode = { name: string; attrs?: Record<string, string>; children?: (XmlNode | null)[]; text?: string };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
// Characters XML 1.0 cannot carry at all (control characters other than tab and line ends).
// eslint-disable-next-line no-control-regex
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

export const el = (name: string, content?: string | number | (XmlNode | null)[] | null, attrs?: Record<string, string>): XmlNode =>
  Array.isArray(content) ? { name, attrs, children: content } : { name, attrs, text: content === undefined || content === null ? undefined : String(content) };

export function render(node: XmlNode, indent = ''): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escape(clean(v))}"`)
    .join('');
  if (node.children) {
    const inner = node.children.filter((c): c is XmlNode => c !== null).map((c) => render(c, `${indent} `));
    return inner.length ? `${indent}<${node.name}${attrs}>\n${inner.join('\n')}\n${indent}</${node.name}>` : `${indent}<${node.name}${attrs}/>`;
  }
  return node.text === undefined ? `${indent}<${node.name}${attrs}/>` : `${indent}<${node.name}${attrs}>${escape(clean(node.text))}</${node.name}>`;
}
