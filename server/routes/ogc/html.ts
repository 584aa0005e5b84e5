/**
 * Plain HTML views of the OGC API documents (the `html` conformance class): no scripts (the CSP
 * allows none inline), bilingual labels, every link the JSON has.
 */

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML content and attribute values. */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => escapes[c]!);

interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

const style = `body{font:14px/1.5 system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f6f6f6;padding:0 3px}nav a{margin-right:1em}`;

function page(title: string, body: string, base: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${style}</style></head><body><nav><a href="${escapeHtml(base)}/ogc">首页 Home</a><a href="${escapeHtml(base)}/ogc/collections">要素集合 Collections</a><a href="${escapeHtml(base)}/api/docs">接口文档 API docs</a></nav>
<h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const linkList = (links: Link[]) =>
  `<ul>${links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.title ?? l.rel)}</a> <small>(${escapeHtml(l.rel)}${l.type ? `, ${escapeHtml(l.type)}` : ''})</small></li>`).join('')}</ul>`;

/** Landing page or conformance list. */
export function documentHtml(base: string, doc: { title?: string; description?: string; links?: Link[]; conformsTo?: string[] }): string {
  const title = doc.title ?? '符合性 Conformance';
  const parts = [doc.description ? `<p>${escapeHtml(doc.description)}</p>` : ''];
  if (doc.links) parts.push(linkList(doc.links));
  if (doc.conformsTo) parts.push(`<ul>${doc.conformsTo.map((c) => `<li><code>${escapeHtml(c)}</code></li>`).join('')}</ul>`);
  return page(title, parts.join(''), base);
}

interface CollectionLike {
  id: string;
  title: string;
  description: string;
  links: Link[];
  extent: { spatial: { bbox: number[][] } };
  crs: string[];
}

/** One collection, or the list of collections. */
export function collectionsHtml(base: string, collections: CollectionLike[], single: boolean): string {
  const rows = collections
    .map(
      (c) => `<tr><td><a href="${escapeHtml(base)}/ogc/collections/${escapeHtml(c.id)}?f=html">${escapeHtml(c.id)}</a></td>
<td>${escapeHtml(c.title)}</td><td>${escapeHtml(c.description)}</td>
<td><a href="${escapeHtml(base)}/ogc/collections/${escapeHtml(c.id)}/items?f=html">要素 features</a> · <a href="${escapeHtml(base)}/ogc/collections/${escapeHtml(c.id)}/items?f=json">GeoJSON</a></td></tr>`,
    )
    .join('');
  const table = `<table><tr><th>id</th><th>名称 title</th><th>说明 description</th><th></th></tr>${rows}</table>`;
  if (!single) return page('要素集合 Collections', table, base);
  const c = collections[0]!;
  return page(
    c.title,
    `${table}<p>范围 extent: <code>${escapeHtml(c.extent.spatial.bbox[0]?.join(', '))}</code></p>
<p>坐标系 CRS: ${c.crs.map((x) => `<code>${escapeHtml(x)}</code>`).join(' ')}</p>`,
    base,
  );
}

interface FeatureLike {
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

/** A page of features (a table of their properties) or one feature. */
export function featuresHtml(base: string, title: string, collectionId: string, features: FeatureLike[], links: Link[]): string {
  const names = [...new Set(features.flatMap((f) => Object.keys(f.properties)))];
  const head = `<tr><th>id</th><th>几何 geometry</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}</tr>`;
  const rows = features
    .map((f) => {
      const where = f.geometry?.type === 'Point' ? (f.geometry.coordinates as number[]).join(', ') : f.geometry?.type;
      const cells = names.map((n) => `<td>${escapeHtml(f.properties[n])}</td>`).join('');
      return `<tr><td><a href="${escapeHtml(base)}/ogc/collections/${escapeHtml(collectionId)}/items/${encodeURIComponent(f.id)}?f=html">${escapeHtml(f.id)}</a></td><td>${escapeHtml(where)}</td>${cells}</tr>`;
    })
    .join('');
  const next = links.find((l) => l.rel === 'next');
  const nav = next ? `<p><a href="${escapeHtml(next.href)}">下一页 next page</a></p>` : '';
  return page(title, `<p>${features.length} 个要素 features</p><table>${head}${rows}</table>${nav}${linkList(links.filter((l) => l.rel !== 'next'))}`, base);
}
