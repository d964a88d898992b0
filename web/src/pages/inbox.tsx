// The window's intake queue and a department's inbox (待办): open steps, earliest due first, each with its
// 预警 colour in words and the working days left. Another department's inbox answers 403, shown as such.
import { api, unwrap, withApplications } from '../api.ts';
import { session } from '../auth.ts';
import { formatCalendarDate, formatDate, formatRemaining } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href } from '../router.ts';
import { Empty, ErrorView, Loading, Page, SlaMarker, useLoad } from '../ui.tsx';

export function Inbox(props: { department?: string; intake?: boolean }) {
  const department = props.department ?? session()?.principal.department;
  const inbox = useLoad(async () => {
    const page = await unwrap(
      api.GET('/inbox', {
        params: { query: { limit: 50, ...(props.department ? { department: props.department } : {}) } },
      }),
    );
    return withApplications(page.items);
  }, [props.department]);
  const title = props.intake ? t('intakeQueue') : t('inboxOf', { dept: tx('dept', department ?? '') });
  return (
    <Page title={title}>
      <p class="hint">{props.intake ? t('intakeQueueHint') : t('inboxHint')}</p>
      {inbox.error ? (
        <ErrorView error={inbox.error} onRetry={inbox.reload} />
      ) : !inbox.data ? (
        <Loading />
      ) : inbox.data.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table class="inbox">
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('projectName')}</th>
                <th scope="col">{t('step')}</th>
                <th scope="col">{t('arrivedAt')}</th>
                <th scope="col">{t('due')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('daysLeft')}</th>
              </tr>
            </thead>
            <tbody>
              {inbox.data.map(({ step, projectName, clock }) => (
                <tr key={step.stepId} class={`row-${clock?.status ?? step.slaStatus ?? 'green'}`}>
                  <td>
                    <a href={href(`/applications/${step.applicationId}`)}>
                      {projectName ?? step.applicationId}
                    </a>
                  </td>
                  <td>
                    {tx('kind', step.kind)}
                    {step.permitType ? ` · ${tx('permit', step.permitType)}` : ''}
                  </td>
                  <td>{formatDate(step.openedAt)}</td>
                  <td>{clock ? formatCalendarDate(clock.dueOn) : formatDate(step.dueAt)}</td>
                  <td>
                    <SlaMarker status={clock?.status ?? step.slaStatus} />
                  </td>
                  <td>{clock ? (clock.paused ? t('paused') : formatRemaining(clock.remainingDays)) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
