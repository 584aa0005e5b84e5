/** What the editor holds: the area and day on show, what is selected and what the current tool has gathered. */
import type maplibregl from 'maplibre-gl';
import type { Drawing } from './draw.ts';
import type { Grids, Sites } from './layers.ts';

export type Tool = 'split' | 'merge' | 'redraw' | 'site_add' | 'site_move' | 'site_retire';
export const tools: Tool[] = ['split', 'merge', 'redraw', 'site_add', 'site_move', 'site_retire'];

export interface EditorState {
  area: string;
  /** a day YYYY-MM-DD, '' = now (the only state that can be edited) */
  asOf: string;
  grids: Grids;
  sites: Sites;
  tool: Tool | null;
  selectedGrids: string[];
  selectedSite: string | null;
  line: [number, number][] | null;
  point: { lon: number; lat: number } | null;
}

export interface Editor {
  map: maplibregl.Map;
  drawing: Drawing;
  state: EditorState;
  /** re-reads the grids, sites and log of the area on the day on show */
  reload(): Promise<void>;
  /** redraws the panel and the selection after the state changed */
  changed(): void;
}

export const emptyState = (): EditorState => ({
  area: '',
  asOf: '',
  grids: { type: 'FeatureCollection', asOf: '', features: [] },
  sites: { type: 'FeatureCollection', asOf: '', features: [] },
  tool: null,
  selectedGrids: [],
  selectedSite: null,
  line: null,
  point: null,
});

/** Forgets what a tool gathered (not the area or day). */
export function resetTool(editor: Editor, tool: Tool | null) {
  Object.assign(editor.state, { tool, selectedGrids: [], selectedSite: null, line: null, point: null });
  editor.drawing.stop();
  if (tool === 'redraw') editor.drawing.editGrids(editor.state.grids);
}
