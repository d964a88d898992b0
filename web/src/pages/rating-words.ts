// The words of the ratings screens (好差评 and the follow-up of a poor rating), in Chinese and English. They live
// with the screens, in their lazily loaded chunk, so the first screen's script does not carry them.
import { language } from '../i18n.ts';

const zh = {
  rateTitle: '服务评价（好差评）',
  rateHint:
    '办件已办结，请对本次服务进行评价。每件只能评价一次；“不满意”和“非常不满意”将由服务中心在 5 个工作日内整改并答复。',
  level: '总体评价',
  'level.5': '非常满意',
  'level.4': '满意',
  'level.3': '基本满意',
  'level.2': '不满意',
  'level.1': '非常不满意',
  comment: '意见建议（选填，500 字以内）',
  departmentScores: '各部门评价（选填）',
  notScored: '不单独评价',
  submitRating: '提交评价',
  rated: '您的评价',
  ratedAt: '评价时间',
  followUp: '差评整改',
  followUpDue: '整改时限',
  'status.open': '整改中',
  'status.handled': '已答复',
  overdue: '已逾期',
  onTime: '未逾期',
  answer: '答复',
  'outcome.resolved': '整改到位',
  'outcome.explained': '解释说明',
  'outcome.unresolved': '未能解决',
  followUpsTitle: '差评整改',
  followUpsHint: '企业的“不满意”“非常不满意”评价，须在时限内整改并答复企业。按到期时间排序；逾期的标为红色。',
  application: '申请',
  enterprise: '企业',
  departments: '经办部门',
  action: '整改及答复情况',
  outcome: '结果',
  recordHandling: '记录整改',
  handled: '已记录整改情况。',
  satisfactionTitle: '满意率（好差评）',
  department: '部门',
  month: '月份',
  ratings: '评价数',
  satisfied: '满意（4–5）',
  poor: '差评（1–2）',
  satisfactionRate: '满意率',
  all: '全部',
  noRatings: '本期暂无评价。',
  exportCsv: '导出 CSV',
};

const en: Partial<Record<keyof typeof zh, string>> = {
  rateTitle: 'Rate the service',
  rateHint:
    'This application is finished: please rate the service. One rating per application; “dissatisfied” and “very dissatisfied” are followed up and answered by the service centre within 5 working days.',
  level: 'Overall',
  'level.5': 'Very satisfied',
  'level.4': 'Satisfied',
  'level.3': 'Fairly satisfied',
  'level.2': 'Dissatisfied',
  'level.1': 'Very dissatisfied',
  comment: 'Comment (optional, up to 500 characters)',
  departmentScores: 'Per department (optional)',
  notScored: 'No separate score',
  submitRating: 'Submit rating',
  rated: 'Your rating',
  ratedAt: 'Rated on',
  followUp: 'Follow-up of a poor rating',
  followUpDue: 'Due',
  'status.open': 'Being handled',
  'status.handled': 'Answered',
  overdue: 'Overdue',
  onTime: 'On time',
  answer: 'Answer',
  'outcome.resolved': 'Resolved',
  'outcome.explained': 'Explained',
  'outcome.unresolved': 'Could not be resolved',
  followUpsTitle: 'Poor-rating follow-ups',
  followUpsHint:
    'Ratings of “dissatisfied” or “very dissatisfied” must be handled and answered in time. Earliest due first; overdue ones in red.',
  application: 'Application',
  enterprise: 'Enterprise',
  departments: 'Departments',
  action: 'What was done and answered',
  outcome: 'Outcome',
  recordHandling: 'Record handling',
  handled: 'Handling recorded.',
  satisfactionTitle: 'Satisfaction (ratings)',
  department: 'Department',
  month: 'Month',
  ratings: 'Ratings',
  satisfied: 'Satisfied (4–5)',
  poor: 'Poor (1–2)',
  satisfactionRate: 'Satisfaction rate',
  all: 'All',
  noRatings: 'No ratings in this period yet.',
  exportCsv: 'Export CSV',
};

export type RatingWord = keyof typeof zh;

/** The word for `key` in the portal's language. */
export function rw(key: RatingWord): string {
  return (language() === 'en' ? en[key] : undefined) ?? zh[key];
}

/** A word built from data (`level.${n}`); unknown values show as they are. */
export function rwx(prefix: string, value: string | number): string {
  const key = `${prefix}.${value}`;
  return key in zh ? rw(key as RatingWord) : String(value);
}
