/** Display names derived from the official committee names of the source data. */

/**
 * Short name of a community/village committee: 多福巷社区居委会 → 多福巷社区, 新南村民委员会 → 新南村.
 *
 * @example
 * shortUnitName('五里河社区居民委员会') // '五里河社区'
 */
export function shortUnitName(name: string): string {
  return name
    .replace(/社区(居民委员会|居委会)$/, '社区')
    .replace(/(居民委员会|居委会)$/, '社区')
    .replace(/村(民委员会|委会)$/, '村')
    .replace(/(村民委员会|委员会)$/, '');
}

/** The stem used to name compounds and posts: 多福巷社区 → 多福巷. */
export function unitStem(name: string): string {
  const short = shortUnitName(name);
  return short.replace(/(社区|村|虚拟社区|虚拟生活区|生活区)$/, '') || short;
}

const COMPOUND_SUFFIXES = ['小区', '花园', '家园', '新村', '公寓', '嘉园', '雅居', '名苑', '丽景', '东院', '西院', '南院', '北院'];

/**
 * Name of the n-th compound (0-based) of a unit; villages have one settlement.
 *
 * @example
 * compoundName('多福巷社区居委会', 'community', 1) // '多福巷花园'
 */
export function compoundName(unitName: string, kind: string, n: number): string {
  const stem = unitStem(unitName);
  if (kind !== 'community') return `${shortUnitName(unitName)}居民点`;
  const suffix = COMPOUND_SUFFIXES[n % COMPOUND_SUFFIXES.length];
  const round = Math.floor(n / COMPOUND_SUFFIXES.length);
  return round === 0 ? `${stem}${suffix}` : `${stem}${suffix}${round + 1}期`;
}
