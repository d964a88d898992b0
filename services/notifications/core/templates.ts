// The words of every notification, in Chinese (zh-CN, the default) and English: a title, a plain-text body
// and the link that leads to where the person acts. The same text goes in-app, by e-mail and (shortened) by SMS.
import { departmentNameOf, type Application, type AuditEvent, type StepKind } from '#shared/model';
import { catalogueEntryOf, type CatalogueEntry } from '#shared/service-config/config';
import type { DailyDigestEvent } from '#shared/outbox/envelope';
import type { Locale, NotificationKind } from './model.ts';

export interface Rendered {
  title: string;
  body: string;
  /** Where the person acts or reads more. */
  link: string;
}

export interface RenderInput {
  kind: NotificationKind;
  locale: Locale;
  event: AuditEvent;
  application: Application;
  /** The portal's (locally: the API's) base URL, without a trailing slash. */
  baseUrl: string;
  /** The application's own permit catalogue (its configuration version). @default the default catalogue */
  catalogue?: readonly CatalogueEntry[];
}

const list = (items: readonly string[]): string => items.map((item, i) => `${i + 1}. ${item}`).join('\n');
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const permitName = (type: string, locale: Locale, catalogue?: readonly CatalogueEntry[]): string =>
  locale === 'zh-CN' ? catalogueEntryOf(type, catalogue).name : type;

export function renderNotification(input: RenderInput): Rendered {
  const { kind, locale, event, application, baseUrl } = input;
  const zh = locale === 'zh-CN';
  const id = application.applicationId;
  const project = `${application.projectName} (${id})`;
  const appLink = `${baseUrl}/applications/${id}`;
  const department = text(event.detail.department) ?? '';
  const permit = text(event.detail.permitType);
  // A step without a permit (the window's intake) is named by its department: its name in Chinese, its id in English.
  const stepName = permit
    ? permitName(permit, locale, input.catalogue)
    : zh
      ? departmentNameOf(department)
      : department;
  const dueAt = text(event.detail.dueAt);
  const reason = text(event.detail.reason);

  switch (kind) {
    case 'application-accepted':
      return zh
        ? {
            title: `申请已受理：${project}`,
            body: `您的申请 ${project} 已受理，进入并联审批。`,
            link: appLink,
          }
        : {
            title: `Application accepted: ${project}`,
            body: `Your application ${project} was accepted and is in joint review.`,
            link: appLink,
          };
    case 'application-accepted-with-gaps': {
      const gaps = (application.toleratedGaps ?? []).map(
        (g) => `${g.documentKind} — ${zh ? '截止' : 'due'} ${g.dueOn}`,
      );
      return zh
        ? {
            title: `申请已容缺受理：${project}`,
            body: `您的申请 ${project} 已容缺受理。请在截止日前补齐以下材料：\n${list(gaps)}`,
            link: appLink,
          }
        : {
            title: `Application accepted with gaps: ${project}`,
            body: `Your application ${project} was accepted with tolerated gaps. Supply these documents by their due dates:\n${list(gaps)}`,
            link: appLink,
          };
    }
    case 'application-refused':
      return zh
        ? {
            title: `申请不予受理/不予许可：${project}`,
            body: `您的申请 ${project} 未获通过。理由：${reason ?? '见申请详情'}`,
            link: appLink,
          }
        : {
            title: `Application refused: ${project}`,
            body: `Your application ${project} was refused. Reason: ${reason ?? 'see the application'}`,
            link: appLink,
          };
    case 'supplement-requested': {
      // 一次性告知: the complete list, as the decision recorded it.
      const items = strings(event.detail.missingItems);
      const link = `${baseUrl}/applications/${id}/supplement`;
      return zh
        ? {
            title: `请补正材料：${project}`,
            body: `${department} 要求补正以下全部材料（一次性告知）：\n${list(items)}\n${reason ? `说明：${reason}\n` : ''}补正期间办理时限暂停。提交补正：${link}`,
            link,
          }
        : {
            title: `Supplement requested: ${project}`,
            body: `${department} asks for all of the following (complete list):\n${list(items)}\n${reason ? `Note: ${reason}\n` : ''}The clock is paused until you answer. Answer here: ${link}`,
            link,
          };
    }
    case 'permits-issued': {
      const numbers = strings(event.detail.certificateNos);
      const types = strings(event.detail.permitTypes);
      const lines = types.map((t, i) => `${permitName(t, locale, input.catalogue)}: ${numbers[i] ?? ''}`);
      const link = `${appLink}/permits`;
      return zh
        ? {
            title: `证照已同发：${project}`,
            body: `您的申请 ${project} 的证照已全部核发：\n${list(lines)}\n电子证照：${link}`,
            link,
          }
        : {
            title: `Permits issued: ${project}`,
            body: `All permits of ${project} were issued together:\n${list(lines)}\nCertificates: ${link}`,
            link,
          };
    }
    case 'verification-due':
      return zh
        ? {
            title: `承诺核查开始：${project}`,
            body: `${department} 开始核查您的承诺（承诺核查），截止 ${dueAt ?? '—'}。`,
            link: appLink,
          }
        : {
            title: `Commitment verification due: ${project}`,
            body: `${department} is verifying your commitment, due ${dueAt ?? '—'}.`,
            link: appLink,
          };
    case 'gap-due-soon':
    case 'gap-overdue': {
      // 容缺: which tolerated document, due when; the link leads to where it is uploaded.
      const documentKind = text(event.detail.documentKind) ?? '—';
      const dueOn = text(event.detail.dueOn) ?? '—';
      const overdue = kind === 'gap-overdue';
      return zh
        ? {
            title: `${overdue ? '容缺材料已逾期' : '容缺材料即将到期'}：${project}`,
            body: overdue
              ? `容缺受理的材料「${documentKind}」已于 ${dueOn} 到期仍未补齐，请尽快提交；未补齐前证照不能核发。提交：${appLink}`
              : `容缺受理的材料「${documentKind}」将于 ${dueOn} 到期（2 个工作日内），请按时提交：${appLink}`,
            link: appLink,
          }
        : {
            title: `${overdue ? 'Tolerated document overdue' : 'Tolerated document due soon'}: ${project}`,
            body: overdue
              ? `The tolerated document "${documentKind}" was due on ${dueOn} and is still missing. Supply it now: the permits cannot be issued without it. ${appLink}`
              : `The tolerated document "${documentKind}" is due on ${dueOn} (within 2 working days). Supply it here: ${appLink}`,
            link: appLink,
          };
    }
    case 'verification-due-soon': {
      const deadline = text(event.detail.deadline) ?? '—';
      return zh
        ? {
            title: `承诺核查即将到期：${project}`,
            body: `${project} 的承诺核查将于 ${deadline} 到期，请核查部门按时完成核查，企业做好配合。`,
            link: appLink,
          }
        : {
            title: `Commitment verification due soon: ${project}`,
            body: `The commitment verification of ${project} is due ${deadline}: the department verifies, the enterprise stands ready.`,
            link: appLink,
          };
    }
    case 'deemed-acceptance-near': {
      const deadline = text(event.detail.deadline) ?? '—';
      return zh
        ? {
            title: `即将视为受理：${project}`,
            body: `${project} 自收到之日起即将满 5 个工作日仍未作出受理决定；${deadline} 前未告知补正的，依《行政许可法》第三十二条自收到之日起即视为受理。`,
            link: appLink,
          }
        : {
            title: `About to be deemed accepted: ${project}`,
            body: `${project} has waited at the window for almost 5 working days. Undecided by ${deadline}, it is accepted from its day of receipt (Administrative Licensing Law, Art. 32).`,
            link: appLink,
          };
    }
    case 'verification-result': {
      const passed = event.type === 'verification-decided';
      return zh
        ? {
            title: `承诺核查${passed ? '通过' : '未通过'}：${project}`,
            body: passed ? `您的承诺已核查通过。` : `承诺核查未通过，相关证照已撤销。理由：${reason ?? '—'}`,
            link: appLink,
          }
        : {
            title: `Commitment verification ${passed ? 'passed' : 'failed'}: ${project}`,
            body: passed
              ? 'Your commitment was verified.'
              : `The verification failed and the permits it covered are revoked. Reason: ${reason ?? '—'}`,
            link: appLink,
          };
    }
    case 'rating-answered': {
      const action = text(event.detail.action) ?? '—';
      return zh
        ? {
            title: `服务评价已答复：${project}`,
            body: `您对 ${project} 的评价已由服务中心整改并答复：${action}`,
            link: appLink,
          }
        : {
            title: `Your rating was answered: ${project}`,
            body: `The service centre handled your rating of ${project}: ${action}`,
            link: appLink,
          };
    }
    case 'new-application':
      return zh
        ? {
            title: `新申请待受理：${project}`,
            body: `新申请 ${project} 已进入窗口待办，请在时限内受理。截止 ${dueAt ?? '—'}。`,
            link: appLink,
          }
        : {
            title: `New application: ${project}`,
            body: `${project} is waiting at the window. Due ${dueAt ?? '—'}.`,
            link: appLink,
          };
    case 'step-assigned':
      return zh
        ? {
            title: `新待办：${stepName} · ${project}`,
            body: `${project} 的 ${stepName} 已进入本部门待办，截止 ${dueAt ?? '—'}。`,
            link: appLink,
          }
        : {
            title: `New step: ${stepName} · ${project}`,
            body: `${stepName} of ${project} is in your department's inbox, due ${dueAt ?? '—'}.`,
            link: appLink,
          };
    case 'step-yellow':
      return zh
        ? {
            title: `预警：${stepName} · ${project}`,
            body: `${project} 的 ${stepName} 即将到期（截止 ${dueAt ?? '—'}）。`,
            link: appLink,
          }
        : {
            title: `Due soon: ${stepName} · ${project}`,
            body: `${stepName} of ${project} is due soon (${dueAt ?? '—'}).`,
            link: appLink,
          };
    case 'step-red':
      return zh
        ? {
            title: `已超期：${stepName} · ${project}`,
            body: `${project} 的 ${stepName} 已超过办理时限（截止 ${dueAt ?? '—'}），请立即办理。`,
            link: appLink,
          }
        : {
            title: `Overdue: ${stepName} · ${project}`,
            body: `${stepName} of ${project} is overdue (due ${dueAt ?? '—'}). Act now.`,
            link: appLink,
          };
    case 'supplement-received':
      return zh
        ? {
            title: `补正已提交：${project}`,
            body: `${project} 的申请人已提交补正材料，办理时限恢复计算。`,
            link: appLink,
          }
        : {
            title: `Supplement answered: ${project}`,
            body: `The applicant of ${project} answered the supplement request; the clock runs again.`,
            link: appLink,
          };
    case 'supervision-ordered': {
      // To the department's officers only: the reason is internal, they read it (event-disclosure.ts). The link is
      // also in the body, which is the e-mail's text.
      const limit = typeof event.detail.limitWorkingDays === 'number' ? event.detail.limitWorkingDays : '—';
      const ordersLink = `${baseUrl}/#/supervision`;
      return zh
        ? {
            title: `督办单：${departmentNameOf(department)} · ${project}`,
            body: `管理员就 ${project} 向${departmentNameOf(department)}下达督办单，请在 ${limit} 个工作日内（截止 ${dueAt ?? '—'}）办理并回复办理情况。\n督办事由：${reason ?? '—'}\n回复办理情况：${ordersLink}`,
            link: ordersLink,
          }
        : {
            title: `Supervision order: ${department} · ${project}`,
            body: `An administrator issued a supervision order to ${department} on ${project}: act on it and record how it was handled within ${limit} working day(s) (by ${dueAt ?? '—'}).\nReason: ${reason ?? '—'}\nAnswer it here: ${ordersLink}`,
            link: ordersLink,
          };
    }
    case 'supervision-answered': {
      // To administrators, who read the department's answer (staff: event-disclosure.ts); the application's
      // timeline shows the order and its answer, the department's list of open orders no longer does.
      const late = event.detail.late === true;
      const response = text(event.detail.response);
      return zh
        ? {
            title: `督办单已回复：${departmentNameOf(department)} · ${project}`,
            body: `${departmentNameOf(department)}已回复 ${project} 的督办单${late ? '（逾期回复）' : ''}。\n办理情况：${response ?? '—'}\n查看：${appLink}`,
            link: appLink,
          }
        : {
            title: `Supervision order answered: ${department} · ${project}`,
            body: `${department} answered the supervision order on ${project}${late ? ' (late)' : ''}.\nHow it was handled: ${response ?? '—'}\nSee: ${appLink}`,
            link: appLink,
          };
    }
    case 'supervision-overdue': {
      // To the department's officers and the administrator who issued it: both act on the department's list of
      // open orders (the administrators' shows every department's), where the overdue order stays until answered.
      const ordersLink = `${baseUrl}/#/supervision`;
      return zh
        ? {
            title: `督办单逾期：${departmentNameOf(department)} · ${project}`,
            body: `${project} 的督办单已过办理时限（截止 ${dueAt ?? '—'}），${departmentNameOf(department)}尚未回复办理情况。请尽快办理并回复：${ordersLink}`,
            link: ordersLink,
          }
        : {
            title: `Supervision order overdue: ${department} · ${project}`,
            body: `The supervision order to ${department} on ${project} passed its limit (${dueAt ?? '—'}) without an answer. Act on it and record how it was handled: ${ordersLink}`,
            link: ordersLink,
          };
    }
    case 'red-digest':
      // About many applications, not one event of one: renderDigest.
      throw new Error('The daily digest is rendered by renderDigest');
    case 'escalation':
      return zh
        ? {
            title: `督办：${departmentNameOf(department)} · ${project}`,
            body: `${project} 在${departmentNameOf(department)}的 ${stepName} 已超期，已列入督办。`,
            link: appLink,
          }
        : {
            title: `Escalated: ${department} · ${project}`,
            body: `${stepName} of ${project} at ${department} is overdue and escalated.`,
            link: appLink,
          };
  }
}

/** The step kinds' Chinese names, the portal's words (web/src/i18n.ts `kind.*`). */
const stepKindNamesZh = new Map<string, string>(
  Object.entries({
    intake: '窗口受理',
    'enterprise-supplement': '企业补正',
    review: '部门审查',
    'review-supplement': '审查补正',
    verification: '承诺核查',
    'gap-closure': '容缺补齐',
  } satisfies Record<StepKind, string>),
);

/** 每日红灯摘要: the administrators' digest; it links to the SLA board, which shows what is red now. */
export function renderDigest(input: { locale: Locale; digest: DailyDigestEvent; baseUrl: string }): Rendered {
  const { digest, baseUrl } = input;
  const zh = input.locale === 'zh-CN';
  const day = digest.day;
  const count = digest.steps.length + digest.more;
  // In Chinese the department and the step are named (as the portal names them); in English by their ids.
  const lines = digest.steps.map((s) =>
    zh
      ? `${departmentNameOf(s.department)} · ${stepKindNamesZh.get(s.kind) ?? s.kind} · ${s.applicationId}/${s.stepId} (${s.escalatedAt})`
      : `${s.department} · ${s.kind} · ${s.applicationId}/${s.stepId} (${s.escalatedAt})`,
  );
  const more = digest.more > 0 ? (zh ? `\n……另有 ${digest.more} 项` : `\n…and ${digest.more} more`) : '';
  const link = `${baseUrl}/#/admin`;
  return zh
    ? {
        title: `每日红灯摘要：${day} 共 ${count} 个环节超期`,
        body: `${day} 超期并列入督办、至今仍未办结的环节：\n${list(lines)}${more}`,
        link,
      }
    : {
        title: `Daily digest: ${count} step(s) turned red on ${day}`,
        body: `Steps that turned red and were escalated on ${day}, still open:\n${list(lines)}${more}`,
        link,
      };
}

/** SMS: the title and the link only (a text message is short). */
export function smsText(rendered: Rendered): string {
  return `【一窗受理】${rendered.title} ${rendered.link}`;
}
