// The enterprise's (or the represented enterprise's) applications, newest first, with where each stands.
import { api, unwrap, type Schemas } from '../api.ts';
import { actingFor, hasRole } from '../auth.ts';
import { formatDate } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href } from '../router.ts';
import { Empty, ErrorView, Loading, Page, StatusBadge, useLoad } from '../ui.tsx';

export function Applications() {
  const enterpriseId = hasRole('agency-officer') ? actingFor() : undefined;
  const list = useLoad(
    () =>
      unwrap(
        api.GET('/applications', {
          params: { query: { limit: 50, ...(enterpriseId ? { enterpriseId } : {}) } },
        }),
      ),
    [enterpriseId],
  );
  const title = enterpriseId ? `${t('applicationsOf')} ${enterpriseId}` : t('applications');
  return (
    <Page
      title={title}
      actions={
        <a class="button primary" href={href('/applications/new')}>
          {t('navNew')}
        </a>
      }
    >
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('noApplications')}</Empty>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="sr-only">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('projectName')}</th>
                <th scope="col">{t('track')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('receivedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a: Schemas['Application']) => (
                <tr key={a.applicationId}>
                  <td>
                    <a href={href(`/applications/${a.applicationId}`)}>{a.projectName}</a>
                  </td>
                  <td>{tx('track', a.track)}</td>
                  <td>
                    <StatusBadge status={a.status} />
                  </td>
                  <td>{formatDate(a.receivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
