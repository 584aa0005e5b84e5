/** The field page's texts, zh-CN first; the language is the kit's (web/kit/i18n.ts), shared by every page. */
import { messages } from '../kit/i18n.ts';

const zh = {
  title: '网格员助手',
  online: '在线',
  offline: '离线',
  login: { title: '登录', username: '用户名', password: '密码', submit: '登录', failed: '用户名或密码错误', needed: '请先登录（网格员账号）' },
  logout: '退出',
  locate: { me: '定位我', pin: '地图选点', pinHint: '点击地图选择位置', locating: '正在定位…', denied: '无法获取位置，请在地图上选点', outside: '该位置不在本市范围内', failed: '定位失败', offline: '离线：无法查询网格，上报仍可保存' },
  card: { grid: '所在网格', community: '社区/村', street: '街道/乡镇', district: '区县', worker: '责任网格员', noWorker: '未配置网格员', outOfScope: '（不在您的辖区，联系方式不显示）', synthetic: '演示数据', source: { gps: 'GPS', pin: '选点' } },
  nearest: { mediation: '最近的评理说事点 / 调解室', watch: '最近的平安守望岗', navigate: '导航', amap: '高德', none: '附近没有' },
  search: { placeholder: '搜索 区/街道/社区/网格/站点（支持拼音）', none: '没有结果', kinds: { district: '区县', street: '街道', community: '社区', grid: '网格', site: '站点' } },
  report: {
    title: '上报事件', category: '类别', disputeType: '纠纷类型', description: '描述', photo: '照片（可选，仅存本机）', photoLimit: '照片会压缩到 300 KB 以内，只保存在本机，不上传',
    location: '位置', noLocation: '请先定位或在地图上选点', submit: '提交', saved: '已保存，联网后自动发送',
    duplicates: '50 米内有同类未结事件，可能重复：', noDuplicates: '50 米内没有同类未结事件', dupOffline: '离线：无法检查重复',
  },
  queue: { title: '我的上报', empty: '暂无上报', states: { queued: '待发送', sending: '发送中', sent: '已提交', rejected: '被拒绝', auth: '需登录后发送' }, retry: '重试' },
  bearing: ['北', '东北', '东', '东南', '南', '西南', '西', '西北'],
  lang: 'EN',
};

type Messages = typeof zh;

const en: Messages = {
  title: 'Grid worker',
  online: 'online',
  offline: 'offline',
  login: { title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Wrong username or password', needed: 'Please sign in (grid worker account)' },
  logout: 'Sign out',
  locate: { me: 'Locate me', pin: 'Pick on map', pinHint: 'Tap the map to choose a position', locating: 'Locating…', denied: 'No position available: pick one on the map', outside: 'This position is outside the city', failed: 'Locating failed', offline: 'Offline: grid lookup unavailable, reports are still saved' },
  card: { grid: 'Grid', community: 'Community', street: 'Street', district: 'District', worker: 'Grid worker', noWorker: 'No grid worker assigned', outOfScope: '(outside your area: contact hidden)', synthetic: 'demo data', source: { gps: 'GPS', pin: 'pin' } },
  nearest: { mediation: 'Nearest mediation points / rooms', watch: 'Nearest watch posts', navigate: 'Navigate', amap: 'AMap', none: 'None nearby' },
  search: { placeholder: 'Search district/street/community/grid/site (pinyin ok)', none: 'No results', kinds: { district: 'district', street: 'street', community: 'community', grid: 'grid', site: 'site' } },
  report: {
    title: 'Report an incident', category: 'Category', disputeType: 'Dispute type', description: 'Description', photo: 'Photo (optional, kept on this phone)', photoLimit: 'Photos are shrunk below 300 KB and stay on this phone; they are not uploaded',
    location: 'Location', noLocation: 'Locate yourself or pick a position first', submit: 'Submit', saved: 'Saved; it is sent when online',
    duplicates: 'Open incidents of this category within 50 m (possible duplicates):', noDuplicates: 'No open incident of this category within 50 m', dupOffline: 'Offline: duplicates not checked',
  },
  queue: { title: 'My reports', empty: 'No reports yet', states: { queued: 'waiting', sending: 'sending', sent: 'submitted', rejected: 'rejected', auth: 'sign in to send' }, retry: 'Retry' },
  bearing: ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'],
  lang: '中文',
};

/** Current messages. */
export const m = messages<Messages>({ zh, en });

/** "120 m" / "1.4 km" and a compass word for a bearing. */
export const distance = (metres: number) => (metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`);
export const compass = (degrees: number) => m().bearing[Math.round(degrees / 45) % 8]!;
