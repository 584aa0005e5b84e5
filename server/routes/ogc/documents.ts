import { crs84, crsList } from './crs.ts';
import { layerTables, type LayerId } from '../../../db/queries/ogc.ts';

/** The JSON documents of the OGC API – Features landing page, conformance and collections. */

export const collectionIds = ['districts', 'streets', 'communities', 'grid_cells', 'compounds', 'sites', 'incidents'] as const;
export type CollectionId = (typeof collectionIds)[number];
export const isLayer = (id: string): id is LayerId => Object.hasOwn(layerTables, id);

export const collectionTitles: Record<CollectionId, { title: string; description: string }> = {
  districts: { title: '区县 Districts', description: '区、县（市）边界 · district and county boundaries (GB/T 2260 codes)' },
  streets: { title: '街道乡镇 Streets and towns', description: '街道、镇、乡 · subdistricts, towns and townships' },
  communities: { title: '社区村 Communities and villages', description: '社区（居委会）与行政村 · communities and villages' },
  grid_cells: { title: '网格 Grid cells', description: '综合网格与专属网格 · general and dedicated grid cells with households and population' },
  compounds: { title: '小区 Residential compounds', description: '居民小区 · residential compounds with households and population' },
  sites: { title: '点位 Sites', description: '评理说事点、守望岗、综治中心等 · mediation points, watch posts, governance centers and other sites' },
  incidents: { title: '事件 Incidents', description: '事件/案件（按权限范围，个人信息脱敏）· incidents in the caller’s area, personal data masked' },
};

export const conformance = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  // the API definition as OpenAPI 3.0 at /api/openapi.json?version=3.0 (the service-desc link of that type)
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  // OGC API – Tiles 1.0 (server/routes/ogc/tiles.routes.ts) and the tile matrix set it uses
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets',
  'http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt',
  'http://www.opengis.net/spec/tms/2.0/conf/tilematrixset',
  'http://www.opengis.net/spec/tms/2.0/conf/json-tilematrixset',
];

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

const json = 'application/json';
const geojson = 'application/geo+json';
const html = 'text/html';

/** Links to a resource in both encodings; `self` is the one being answered. */
export function selfLinks(url: string, format: 'json' | 'html', jsonType = json): Link[] {
  const as = (f: 'json' | 'html') => withParam(url, 'f', f);
  return [
    { href: as(format), rel: 'self', type: format === 'json' ? jsonType : html, title: 'this document' },
    format === 'json'
      ? { href: as('html'), rel: 'alternate', type: html, title: 'as HTML' }
      : { href: as('json'), rel: 'alternate', type: jsonType, title: 'as JSON' },
  ];
}

/** `url` with one query parameter set (others kept). */
export function withParam(url: string, name: string, value: string | undefined): string {
  const u = new URL(url);
  if (value === undefined) u.searchParams.delete(name);
  else u.searchParams.set(name, value);
  return u.toString();
}

/** The landing page: links to the API definition, conformance and the collections. */
export function landingPage(base: string, url: string, format: 'json' | 'html') {
  return {
    title: '平安网格 OGC API – Features',
    description: 'Pingan Grid: boundaries, grid cells, compounds, sites and incidents of the city (OGC API – Features Part 1 and 2)',
    links: [
      ...selfLinks(url, format),
      { href: `${base}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.1', title: 'API definition (OpenAPI 3.1)' },
      // OWSLib and QGIS look for the 3.0 media type: the same document rendered as OpenAPI 3.0
      {
        href: `${base}/api/openapi.json?version=3.0`,
        rel: 'service-desc',
        type: 'application/vnd.oai.openapi+json;version=3.0',
        title: 'API definition (OpenAPI 3.0)',
      },
      { href: `${base}/api/docs`, rel: 'service-doc', type: html, title: 'API documentation' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: json, title: 'conformance classes' },
      { href: `${base}/ogc/conformance`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/conformance', type: json },
      { href: `${base}/ogc/collections`, rel: 'data', type: json, title: 'collections' },
      { href: `${base}/ogc/collections`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/data', type: json },
      { href: `${base}/ogc/tiles`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: json, title: 'vector tiles of every layer' },
      { href: `${base}/ogc/tileMatrixSets`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes', type: json, title: 'tile matrix sets' },
    ],
  };
}

/** Said in the metadata of a collection without a time property, where `datetime` is accepted but ignored. */
export const noTimeNote = ' · 无时间属性，datetime 参数不筛选 · no temporal property: the datetime parameter is accepted and ignored';

export interface Extents {
  bbox: [number, number, number, number] | null;
  firstReported: string | null;
  lastReported: string | null;
}

/** One collection's metadata (Part 1 + the Part 2 `crs` / `storageCrs` members). */
export function collectionDocument(base: string, id: CollectionId, extents: Extents) {
  const href = `${base}/ogc/collections/${id}`;
  return {
    id,
    title: collectionTitles[id].title,
    description: collectionTitles[id].description + (id === 'incidents' ? '' : noTimeNote),
    links: [
      { href, rel: 'self', type: json, title: 'this collection' },
      { href: `${href}?f=html`, rel: 'alternate', type: html, title: 'as HTML' },
      { href: `${href}/items`, rel: 'items', type: geojson, title: 'features (GeoJSON)' },
      { href: `${href}/items?f=html`, rel: 'items', type: html, title: 'features (HTML)' },
      ...(id === 'incidents'
        ? []
        : [{ href: `${href}/tiles`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: json, title: 'vector tiles' }]),
    ],
    extent: {
      spatial: { bbox: [extents.bbox ?? [-180, -90, 180, 90]], crs: crs84 },
      ...(id === 'incidents'
        ? { temporal: { interval: [[extents.firstReported, extents.lastReported]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' } }
        : {}),
    },
    itemType: 'feature' as const,
    crs: crsList,
    storageCrs: crs84,
  };
}

/** `/collections`: the collections the caller may read (incidents only for staff). */
export function collectionsDocument(base: string, url: string, format: 'json' | 'html', ids: readonly CollectionId[], extents: Extents) {
  return {
    links: selfLinks(url, format),
    collections: ids.map((id) => collectionDocument(base, id, extents)),
    crs: crsList,
  };
}
