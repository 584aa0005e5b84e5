import { messages } from '../kit/i18n.ts';

const zh = {
  title: '关于数据',
  map: '地图',
  langButton: 'English',
  loading: '正在读取…',
  failed: '读取失败：',
  synthetic: '演示数据（合成）',
  intro:
    '街道、社区（村）的名称和代码是国家统计局2023年统计用区划代码；区县边界来自高德（仅供演示）；街道、社区、网格的边界以及小区、站点、人员和事件都是在真实区县范围内按确定规则生成的合成数据。',
  articleTitle: '与报道中的数字对照',
  articleCol: ['', '报道', '数据', '说明'],
  articleStreets: '街道',
  articleCommunities: '社区',
  whyStreets: '报道数的是成立“大工委”的街道；数据包含2023年统计代码中全部乡级单位：街道之外还有镇、乡以及农场、开发区等，它们没有“大工委”。',
  whyCommunities:
    '报道数的是成立“大党委”的城市社区；数据包含全部村级单位：社区（居委会）之外还有村（村委会）和少数虚拟社区、农场生活区，村没有“大党委”，也有社区尚未成立。',
  countsTitle: '数据中的单位（按类型，实时统计）',
  countsCol: ['层级', '类型', '数量', '其中合成几何'],
  levels: { districts: '区县', streets: '街道/乡镇', communities: '社区/村', gridCells: '网格' },
  kinds: {
    district: '区县',
    subdistrict: '街道',
    town: '镇',
    township: '乡',
    other: '其他',
    community: '社区',
    village: '村',
    general: '综合网格',
    dedicated: '专属网格',
  } as Record<string, string>,
  total: '合计',
  areasTitle: '区县面积：数据边界与官方面积',
  areasNote: '面积为数据库中边界在椭球面上的面积（PostGIS ST_Area，geography）。标色的区县，数据边界与官方面积相差明显。',
  areasCol: ['区县', '数据面积 km²', '官方面积 km²', '差异', '官方面积出处'],
  sourcesTitle: '来源与许可',
  sourcesCol: ['内容', '来源', '许可'],
  vintage: '代码版本',
};

const en: typeof zh = {
  title: 'About the data',
  map: 'Map',
  langButton: '中文',
  loading: 'Loading…',
  failed: 'Could not load: ',
  synthetic: 'Demo data (synthetic)',
  intro:
    'Names and codes of streets and communities are the National Bureau of Statistics 2023 statistical codes; district boundaries come from AMap (for demonstration); street, community and grid boundaries, compounds, sites, people and incidents are synthetic, generated deterministically inside the real districts.',
  articleTitle: 'The article’s figures and the data’s',
  articleCol: ['', 'article', 'data', 'why they differ'],
  articleStreets: 'streets',
  articleCommunities: 'communities',
  whyStreets:
    'The article counts subdistricts (街道) with a 大工委; the data holds every township-level unit of the 2023 codes: besides subdistricts, towns (镇), townships (乡) and farms or zones, which have no 大工委.',
  whyCommunities:
    'The article counts urban communities (社区) with a 大党委; the data holds every village-level unit: besides communities, villages (村) and a few virtual or farm living areas; villages have no 大党委 and some communities had not set one up.',
  countsTitle: 'Units in the data (by kind, counted now)',
  countsCol: ['level', 'kind', 'count', 'with synthetic geometry'],
  levels: { districts: 'districts', streets: 'streets/towns', communities: 'communities/villages', gridCells: 'grid cells' },
  kinds: {
    district: 'district',
    subdistrict: 'subdistrict (街道)',
    town: 'town (镇)',
    township: 'township (乡)',
    other: 'other',
    community: 'community (社区)',
    village: 'village (村)',
    general: 'general grid',
    dedicated: 'dedicated grid',
  },
  total: 'total',
  areasTitle: 'District areas: data boundary against the official area',
  areasNote: 'Areas of the stored boundaries on the spheroid (PostGIS ST_Area on geography). Highlighted districts differ markedly from the official area.',
  areasCol: ['district', 'data km²', 'official km²', 'difference', 'source of the official area'],
  sourcesTitle: 'Sources and licences',
  sourcesCol: ['what', 'source', 'licence'],
  vintage: 'code vintage',
};

/** The about page's texts in the chosen language. */
export const t = messages({ zh, en });
