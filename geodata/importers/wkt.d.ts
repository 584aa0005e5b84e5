// @terraformer/wkt ships no type declarations.
declare module '@terraformer/wkt' {
  export function wktToGeoJSON(wkt: string): { type: string; coordinates: unknown };
  export function geojsonToWKT(geometry: { type: string; coordinates: unknown }): string;
}
