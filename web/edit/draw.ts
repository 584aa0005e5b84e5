/**
 * Drawing with Terra Draw: a dividing line for a split (linestring mode) and the grids' vertices for a
 * redraw (select mode, vertices and midpoints draggable). The page never sees Terra Draw's feature ids.
 */
import type maplibregl from 'maplibre-gl';
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Grids } from './layers.ts';

type Polygon = { type: 'Polygon'; coordinates: [number, number][][] };

// Terra Draw refuses coordinates finer than its precision (9 decimals, well under a millimetre)
const round = (p: number[]) => p.map((v) => Math.round(v * 1e9) / 1e9);

export interface Drawing {
  /** Starts a line; `done` gets its coordinates when the user clicks the last point again (or presses Enter). */
  drawLine(done: (coordinates: [number, number][]) => void): void;
  /** Puts the grids' outer rings up for editing; single-part grids only (Terra Draw draws polygons). */
  editGrids(grids: Grids): void;
  /** The grids whose rings were changed since `editGrids`, with their new polygons. */
  changedGrids(): { code: string; geometry: Polygon }[];
  /** Back to plain map panning, nothing drawn. */
  stop(): void;
}

export function createDrawing(map: maplibregl.Map): Drawing {
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      new TerraDrawLineStringMode({ styles: { lineStringColor: '#dc2626', lineStringWidth: 3, closingPointColor: '#dc2626' } }),
      // the grids are loaded as this mode's polygons; it is never switched to, only edited through select
      new TerraDrawPolygonMode(),
      new TerraDrawSelectMode({
        flags: { polygon: { feature: { coordinates: { draggable: true, midpoints: true, deletable: true } } } },
        styles: { selectedPolygonColor: '#f59e0b', selectionPointColor: '#d97706', midPointColor: '#fff' },
      }),
    ],
  });
  draw.start();
  let onLine: ((coordinates: [number, number][]) => void) | null = null;
  let originals = new Map<string | number, { code: string; ring: string }>();

  draw.on('finish', (id, context) => {
    if (context.mode !== 'linestring' || !onLine) return;
    const feature = draw.getSnapshotFeature(id);
    if (feature?.geometry.type === 'LineString') onLine(feature.geometry.coordinates as [number, number][]);
  });

  const stop = () => {
    onLine = null;
    originals = new Map();
    draw.clear();
    draw.setMode('static');
  };

  return {
    drawLine(done) {
      stop();
      onLine = (coordinates) => {
        onLine = null;
        done(coordinates);
      };
      draw.setMode('linestring');
    },
    editGrids(grids) {
      stop();
      const features = grids.features
        .filter((f) => f.geometry.coordinates.length === 1)
        .map((f) => ({
          id: draw.getFeatureId(),
          type: 'Feature' as const,
          geometry: { type: 'Polygon' as const, coordinates: (f.geometry.coordinates as number[][][][])[0]!.map((ring) => ring.map(round)) },
          properties: { mode: 'polygon', code: f.properties.code },
        }));
      const results = draw.addFeatures(features as GeoJSONStoreFeatures[]);
      results.forEach((result, i) => {
        // compared as Terra Draw stores it, so an untouched grid never counts as changed
        const stored = result.valid ? draw.getSnapshotFeature(result.id!) : undefined;
        if (!result.valid) console.warn(`grid ${features[i]!.properties.code} cannot be edited here: ${result.reason}`);
        if (stored) originals.set(result.id!, { code: features[i]!.properties.code, ring: JSON.stringify(stored.geometry.coordinates) });
      });
      draw.setMode('select');
    },
    changedGrids() {
      return draw
        .getSnapshot()
        .filter((f) => f.geometry.type === 'Polygon' && originals.has(f.id!))
        .filter((f) => JSON.stringify(f.geometry.coordinates) !== originals.get(f.id!)!.ring)
        .map((f) => ({ code: originals.get(f.id!)!.code, geometry: f.geometry as Polygon }));
    },
    stop,
  };
}
