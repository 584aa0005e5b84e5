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
    title: '上报事件', category: '类别', disputeType: '纠纷类型', description: '描述', photo: '照片（可选）', photoLimit: '照片压缩到 300 KB 以内，案件建立后随之上传', caseNo: '案件编号', checking: '正在核对位置…',
    location: '位置', noLocation: '请先定位或在地图上选点', submit: '提交', saved: '已保存，联网后自动发送',
    duplicates: '50 米内有同类未结事件，可能重复：', noDuplicates: '50 米内没有同类未结事件', dupOffline: '离线：无法检查重复',
  },
  queue: { title: '我的上报', empty: '暂无上报', states: { queued: '待发送', sending: '发送中', sent: '已提交', rejected: '被拒绝', auth: '需登录后发送' }, retry: '重试' },
  tasks: {
    title: '我的待办', empty: '暂无待办', refresh: '刷新', fresh: '新派遣', back: '← 返回待办', dueIn: '剩余', overdue: '已超期', noDeadline: '无时限',
    status: { dispatched: '待接单', handling: '处置中', feedback: '已反馈', verifying: '核查中', closed: '已结案', evaluated: '已评价', reported: '已上报', registered: '已立案', rejected: '不予立案' } as Record<string, string>,
    rework: '返工', grid: '本网格', offline: '离线：显示上次获取的待办', loading: '正在加载…', failed: '待办加载失败',
    history: '处理记录', onMap: '地图上查看', gone: '该案件已不在您的待办中（已改派或已处理），不能再操作', photos: '照片', noPhotos: '暂无照片', navigate: '导航', amap: '高德', where: '位置',
    extensionPending: '延期申请待审批', note: '处置说明', days: '延期（工作日）', resolved: '纠纷已化解', addPhotos: '现场照片',
    send: '提交', queued: '已保存，联网后自动发送', pending: '待发送', sending: '发送中', sentOk: '已提交', failedAction: '未执行',
    actions: { accept: '接单', report_back: '处置反馈', request_extension: '申请延期' } as Record<string, string>,
    events: {
      report: '上报', register: '立案', reject: '不予立案', dispatch: '派遣', accept: '接单', report_back: '处置反馈', verify: '核查',
      pass: '核查通过，结案', rework: '返工', evaluate: '评价', request_extension: '申请延期', approve_extension: '批准延期',
      deny_extension: '驳回延期', escalate: '超期升级',
    } as Record<string, string>,
  },
  position: { sharing: '正在共享位置', stop: '停止共享', start: '上岗：共享我的位置', off: '未共享位置（下岗）', failed: '位置暂未发送', denied: '无法获取位置，未共享' },
  errors: {
    outside_city: '该位置不在本市范围内，无法上报（不会重试）', not_assignee: '该案件已改派给其他网格员，操作未执行',
    illegal_transition: '案件状态已变化，该操作不再适用', not_found: '案件不存在或已不在您的辖区', idempotency_conflict: '重复提交冲突，未执行',
    unknown_category: '类别无效', forbidden: '无权执行此操作', file_too_large: '照片过大', unsupported_media_type: '照片格式不支持',
    too_many_attachments: '照片数量已达上限', invalid_request: '提交内容不完整',
  } as Record<string, string>,
  refused: '服务器拒绝',
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
    title: 'Report an incident', category: 'Category', disputeType: 'Dispute type', description: 'Description', photo: 'Photo (optional)', photoLimit: 'Photos are shrunk below 300 KB and uploaded once the case exists', caseNo: 'Case no.', checking: 'Checking the position…',
    location: 'Location', noLocation: 'Locate yourself or pick a position first', submit: 'Submit', saved: 'Saved; it is sent when online',
    duplicates: 'Open incidents of this category within 50 m (possible duplicates):', noDuplicates: 'No open incident of this category within 50 m', dupOffline: 'Offline: duplicates not checked',
  },
  queue: { title: 'My reports', empty: 'No reports yet', states: { queued: 'waiting', sending: 'sending', sent: 'submitted', rejected: 'rejected', auth: 'sign in to send' }, retry: 'Retry' },
  tasks: {
    title: 'My tasks', empty: 'No open tasks', refresh: 'Refresh', fresh: 'new dispatch', back: '← Back to tasks', dueIn: 'due in', overdue: 'overdue', noDeadline: 'no deadline',
    status: { dispatched: 'to accept', handling: 'handling', feedback: 'reported back', verifying: 'verifying', closed: 'closed', evaluated: 'evaluated', reported: 'reported', registered: 'registered', rejected: 'rejected' } as Record<string, string>,
    rework: 'rework', grid: 'my grid', offline: 'Offline: tasks as last fetched', loading: 'Loading…', failed: 'Tasks could not be loaded',
    history: 'History', onMap: 'Show on map', gone: 'This case is no longer in your tasks (reassigned or done): no actions', photos: 'Photos', noPhotos: 'No photos yet', navigate: 'Navigate', amap: 'AMap', where: 'Location',
    extensionPending: 'extension request pending', note: 'Note', days: 'Extension (working days)', resolved: 'dispute resolved', addPhotos: 'Photos on site',
    send: 'Submit', queued: 'Saved; it is sent when online', pending: 'waiting', sending: 'sending', sentOk: 'submitted', failedAction: 'not applied',
    actions: { accept: 'Accept', report_back: 'Report back', request_extension: 'Request extension' } as Record<string, string>,
    events: {
      report: 'reported', register: 'registered', reject: 'rejected', dispatch: 'dispatched', accept: 'accepted', report_back: 'reported back', verify: 'verification',
      pass: 'verified and closed', rework: 'sent back for rework', evaluate: 'evaluated', request_extension: 'extension requested', approve_extension: 'extension approved',
      deny_extension: 'extension denied', escalate: 'escalated (overdue)',
    } as Record<string, string>,
  },
  position: { sharing: 'Sharing my position', stop: 'Stop sharing', start: 'On duty: share my position', off: 'Position not shared (off duty)', failed: 'Position not sent yet', denied: 'No position available: not shared' },
  errors: {
    outside_city: 'This position is outside the city: not reported (no retry)', not_assignee: 'The case was reassigned to another grid worker: not applied',
    illegal_transition: 'The case has moved on: this action no longer applies', not_found: 'The case does not exist or is no longer in your area', idempotency_conflict: 'Conflicting resend: not applied',
    unknown_category: 'Unknown category', forbidden: 'Not allowed', file_too_large: 'Photo too large', unsupported_media_type: 'Photo format not supported',
    too_many_attachments: 'Too many photos', invalid_request: 'Something is missing',
  } as Record<string, string>,
  refused: 'Refused by the server',
  bearing: ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'],
  lang: '中文',
};

/** Current messages. */
export const m = messages<Messages>({ zh, en });

/** "120 m" / "1.4 km" and a compass word for a bearing. */
export const distance = (metres: number) => (metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`);
export const compass = (degrees: number) => m().bearing[Math.round(degrees / 45) % 8]!;

/**
 * A refusal's text for the worker: the Chinese (or English) sentence for a known API error code, else
 * "服务器拒绝" with the server's own message.
 *
 * @example
 * reason('not_assignee', 'incident 7 is assigned to another grid worker') // '该案件已改派给其他网格员，操作未执行'
 */
export const reason = (code: string | undefined, message: string | undefined) =>
  (code && m().errors[code]) || `${m().refused}${message ? `: ${message}` : ''}`;

/** "2 天 3 小时" / "3 h 12 min" until (or since) a deadline. */
export function span(ms: number): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const [d, h, min] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  const zh = m().lang === 'EN';
  if (d) return zh ? `${d} 天 ${h} 小时` : `${d} d ${h} h`;
  if (h) return zh ? `${h} 小时 ${min} 分` : `${h} h ${min} min`;
  return zh ? `${min} 分钟` : `${min} min`;
}
