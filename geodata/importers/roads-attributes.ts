/**
 * Attributes of an imported road line. Every one is optional; names follow common sources (a city's own
 * `class`/`road_class`, OSM's `highway`, `oneway`, `foot`, `layer`). Other properties are ignored: an
 * OSM extract carries dozens of tags the graph does not need.
 */

export interface RoadAttributes {
  roadClass: string | null;
  name: string | null;
  oneway: boolean;
  walk: boolean;
  drive: boolean;
  layer: number;
  synthetic: boolean;
}

// Pedestrians are barred from expressways (道路交通安全法 §67); a `walk` value in the file wins.
const NO_WALKING = new Set(['motorway', 'motorway_link', 'expressway', '高速公路', '快速路']);
const NO_DRIVING = new Set(['footway', 'pedestrian', 'path', 'steps', 'gate', 'footbridge', 'bridge_foot']);

const text = (v: unknown) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim());

/**
 * Reads the attributes of one feature; `fail(field, reason)` builds the error thrown for a bad value.
 *
 * @example
 * roadAttributes({ highway: 'residential', oneway: 'yes' }, fail) // { roadClass: 'residential', oneway: true, walk: true, … }
 */
export function roadAttributes(properties: Record<string, unknown>, fail: (field: string, reason: string) => Error): RoadAttributes {
  const lower = new Map(Object.entries(properties).map(([k, v]) => [k.toLowerCase(), v]));
  const pick = (...names: string[]) => names.map((n) => lower.get(n)).find((v) => text(v) !== null);
  const flag = (field: string, fallback: boolean, ...names: string[]): boolean => {
    const value = pick(field, ...names);
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    const t = String(value).trim().toLowerCase();
    if (['true', 'yes', 'y', 't', '1', 'designated', 'permissive'].includes(t)) return true;
    if (['false', 'no', 'n', 'f', '0', 'private'].includes(t)) return false;
    throw fail(field, `"${String(value).slice(0, 40)}" is not a yes/no value (true/false, yes/no, 1/0)`);
  };
  const roadClass = text(pick('class', 'road_class', 'highway', 'fclass'));
  const layerValue = pick('layer');
  const layer = layerValue === undefined ? 0 : Number(layerValue);
  if (!Number.isInteger(layer) || Math.abs(layer) > 10) throw fail('layer', `"${String(layerValue).slice(0, 40)}" is not a whole number from -10 to 10`);
  const onewayValue = pick('oneway');
  // OSM's "-1" means one-way against the digitised direction: still one-way
  const oneway = onewayValue !== undefined && String(onewayValue).trim() === '-1' ? true : flag('oneway', false);
  return {
    roadClass,
    name: text(pick('name')),
    oneway,
    walk: flag('walk', !NO_WALKING.has(roadClass ?? ''), 'foot'),
    drive: flag('drive', !NO_DRIVING.has(roadClass ?? ''), 'motor_vehicle'),
    layer,
    synthetic: flag('synthetic', false),
  };
}
