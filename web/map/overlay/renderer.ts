/**
 * Whether the map's WebGL runs on a CPU rasteriser (SwiftShader, llvmpipe, Microsoft Basic Render):
 * command-center desktops in a VDI session without a GPU, and headless browsers. There deck.gl's GPU
 * aggregation is the slow path: each re-aggregation reads its bins back from the "GPU", which blocks
 * the page for seconds (a month's playback step froze the layer list), while aggregating the same
 * points on the CPU takes milliseconds.
 *
 * @example
 * new HexagonLayer({ ..., gpuAggregation: !softwareRendering(map.getCanvas()) })
 */
export function softwareRendering(canvas: HTMLCanvasElement): boolean {
  if (cached !== undefined) return cached;
  // the map already made its context: asking again for the same kind returns it, no second context
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return (cached = false);
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  return (cached = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer));
}

let cached: boolean | undefined;
