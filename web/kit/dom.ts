/**
 * A tiny element builder: text is always set as text, never parsed as HTML. Props that are functions
 * become event listeners (`onclick` → click), `true` an empty attribute, false/undefined nothing.
 *
 * @example
 * el('button', { type: 'button', onclick: close }, '×')
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string | boolean | ((event: Event) => void)>> = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === 'function') node.addEventListener(key.replace(/^on/, ''), value as EventListener);
    else if (typeof value === 'boolean') {
      if (value) node.setAttribute(key, '');
    } else if (value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A count with Chinese digit grouping (the same in both languages: 12,345). */
export const fmt = (value: number) => value.toLocaleString('zh-CN');
