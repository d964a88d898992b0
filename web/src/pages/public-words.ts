// The words of the public pages (办事指南 · 公示 · 政务公开), in Chinese and English. They live with the pages, in
// their lazily loaded chunk, so the first screen's script does not carry them.
import { language, tx } from '../i18n.ts';

const zh = {
  guidesTitle: '办事指南',
  guidesIntro:
    '工业建设项目“一窗受理、并联审批、限时办结”。以下事项的指南由服务中心现行配置生成，与受理、审批所用规则一致。',
  guideOf: '{name} 办事指南',
  permit: '事项名称',
  department: '实施部门',
  limitRegular: '一般项目时限',
  limitStandard: '标准地时限',
  workingDays: '{n} 个工作日',
  openGuide: '查看指南',
  track: '办理类型',
  'track.regular': '一般项目',
  'track.standard-land': '标准地项目',
  timeLimits: '办理时限',
  limit: '承诺时限',
  clockStartsAt: '起算',
  'clock.acceptance': '自受理之日起',
  'clock.land-acquisition': '自取得土地之日起',
  intakeDays: '受理',
  reviewDays: '审查',
  issuanceDays: '发证',
  byCommitment: '告知承诺',
  byCommitmentYes:
    '标准地项目可实行告知承诺制：企业签署承诺书、承诺达到标准地控制指标和建设要求后，部门即可发证；发证后 {n} 个工作日内进行承诺核查，核查不合格的，撤销相关许可并记入企业信用记录。',
  byCommitmentNo: '本事项不实行告知承诺，按一般程序审查。',
  materials: '申请材料',
  materialName: '材料名称',
  materialKind: '材料类别',
  mandatory: '是否必需',
  tolerable: '可否容缺',
  yes: '是',
  no: '否',
  tolerableNote:
    '可容缺的材料可在受理后按约定期限补交（容缺受理），补齐后方可发证；不可容缺的材料缺少时将一次性告知补正。',
  legalBasis: '设定依据',
  fee: '收费标准',
  notStated: '未公布',
  serviceWindow: '办理窗口',
  address: '办理地点',
  phone: '咨询电话',
  hours: '办公时间',
  online: '网上办理',
  configRevision: '配置版本 {n}',
  fileNow: '在线申报',
  allGuides: '全部办事指南',
  performanceTitle: '政务公开 · 审批时效',
  performanceIntro: '各部门并联审批的办结情况，按月统计，数据与服务中心时限监督报表同源。',
  month: '统计月份',
  closed: '办结件数',
  onTime: '按时办结',
  onTimeRate: '按时办结率',
  median: '用时中位数',
  p90: '90% 件用时不超过',
  satisfactionRate: '满意率（好差评）',
  ratingsCount: '{n} 条评价',
  noFigures: '本月暂无办结数据。',
  show: '查询',
  // 公示
  noticesTitle: '公示公告',
  noticesIntro:
    '已核发的许可证和因承诺核查不合格被撤销的许可证，按时间倒序公示。公示只含证书编号、许可名称、项目、建设单位、建设地点、实施部门和日期，可点击证书编号在线核验。',
  noticeSearch: '搜索',
  noticeSearchHint: '证书编号、项目名称或建设单位',
  noticeKind: '公示类型',
  noticeKindAll: '全部',
  'kind.issued': '发证',
  'kind.revoked': '撤销',
  noticeDate: '日期',
  certificateNo: '证书编号',
  projectName: '项目名称',
  enterprise: '建设单位',
  location: '建设地点',
  verifyCertificate: '核验证书 {no}',
  noNotices: '没有符合条件的公示。',
  noticesNoneYet: '本页暂无匹配的公示，可继续查看更早的公示。',
  moreNotices: '更早的公示',
};

const en: Partial<Record<keyof typeof zh, string>> = {
  guidesTitle: 'Service guides',
  guidesIntro:
    'Industrial construction projects: one window, parallel review, fixed time limits. These guides are generated from the service centre’s configuration in force, the same rules intake and review apply.',
  guideOf: 'Service guide: {name}',
  permit: 'Permit',
  department: 'Department',
  limitRegular: 'Regular track limit',
  limitStandard: 'Standard-land limit',
  workingDays: '{n} working days',
  openGuide: 'Open guide',
  track: 'Track',
  'track.regular': 'Regular',
  'track.standard-land': 'Standard land',
  timeLimits: 'Time limits',
  limit: 'Limit',
  clockStartsAt: 'Counted',
  'clock.acceptance': 'from acceptance',
  'clock.land-acquisition': 'from land acquisition',
  intakeDays: 'Intake',
  reviewDays: 'Review',
  issuanceDays: 'Issuance',
  byCommitment: 'By commitment',
  byCommitmentYes:
    'On standard land this permit is issued on the enterprise’s signed commitment to meet the parcel’s control indicators and the building rules; the commitment is verified within {n} working days of issuance, and a failed verification revokes the permit and records a credit mark.',
  byCommitmentNo: 'Not issued by commitment: reviewed the regular way.',
  materials: 'Materials',
  materialName: 'Document',
  materialKind: 'Kind',
  mandatory: 'Required',
  tolerable: 'May follow (容缺)',
  yes: 'Yes',
  no: 'No',
  tolerableNote:
    'Documents that may follow can be handed in after acceptance by an agreed date (容缺受理); the permit is issued once they are in. A missing document that may not follow is asked for, all at once (补正).',
  legalBasis: 'Legal basis',
  fee: 'Fee',
  notStated: 'Not published',
  serviceWindow: 'Service window',
  address: 'Address',
  phone: 'Telephone',
  hours: 'Hours',
  online: 'Online',
  configRevision: 'Configuration version {n}',
  fileNow: 'Apply online',
  allGuides: 'All service guides',
  performanceTitle: 'Published performance',
  performanceIntro:
    'Department reviews closed per month; the same figures as the service centre’s own SLA reports.',
  month: 'Month',
  closed: 'Closed',
  onTime: 'On time',
  onTimeRate: 'On-time rate',
  median: 'Median',
  p90: '90th percentile',
  satisfactionRate: 'Satisfaction rate',
  ratingsCount: '{n} ratings',
  noFigures: 'Nothing closed this month yet.',
  show: 'Show',
  noticesTitle: 'Public notices',
  noticesIntro:
    'Permits issued, and permits revoked after a failed commitment verification, newest first. A notice holds only the certificate number, permit, project, enterprise, location, department and date; open the number to verify the certificate.',
  noticeSearch: 'Search',
  noticeSearchHint: 'Certificate number, project or enterprise',
  noticeKind: 'Notice',
  noticeKindAll: 'All',
  'kind.issued': 'Issued',
  'kind.revoked': 'Revoked',
  noticeDate: 'Date',
  certificateNo: 'Certificate no.',
  projectName: 'Project',
  enterprise: 'Enterprise',
  location: 'Location',
  verifyCertificate: 'Verify certificate {no}',
  noNotices: 'No notice matches.',
  noticesNoneYet: 'Nothing matched on this page yet; older notices may still match.',
  moreNotices: 'Older notices',
};

export type PublicWord = keyof typeof zh;

/** The word for `key` in the portal's language, `{name}` placeholders filled. */
export function w(key: PublicWord, values: Record<string, string | number> = {}): string {
  const text = (language() === 'en' ? en[key] : undefined) ?? zh[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A word built from data (`track.${track}`); unknown values show as they are. */
export function wx(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in zh ? w(key as PublicWord) : value;
}

/**
 * A department as the public pages name it: in English the portal's English name where it has one (the portal's
 * dictionary, `dept.*`), else the name the API gives (the service centre's, in Chinese; a department added by
 * configuration has no English name).
 */
export function departmentWord(departmentId: string, name: string): string {
  if (language() !== 'en') return name;
  const english = tx('dept', departmentId);
  return english === departmentId ? name : english;
}
