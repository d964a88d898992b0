// The notification centre (通知): the signed-in person's own notifications, newest first, a page at a time;
// unread ones marked (in words, not only by weight), each marked read on request or when its application is
// opened from here. The header's unread count (NotificationBell in ui.tsx) follows the same routes.
import { useEffect, useState } from 'preact/hooks';
import { api, idempotencyKey, unwrap } from '../api.ts';
import type { operations } from '../api/schema';
import { formatDateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { notifyUnreadChanged } from '../notification-bell.tsx';
import { ErrorView, Loading, Page } from '../ui.tsx';

type NotificationPage = operations['getNotifications']['responses'][200]['content']['application/json'];
type Notification = NotificationPage['items'][number];

async function markRead(notificationId: string): Promise<Notification> {
  const read = await unwrap(
    api.POST('/notifications/{notificationId}/read', {
      params: { path: { notificationId }, header: { 'Idempotency-Key': idempotencyKey() } },
    }),
  );
  notifyUnreadChanged();
  return read;
}

export function Notifications() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [pages, setPages] = useState<{ items: Notification[]; cursor?: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const load = async (cursor?: string, only = unreadOnly) => {
    setBusy(true);
    setError(undefined);
    try {
      const page = await unwrap(
        api.GET('/notifications', {
          params: {
            query: { limit: 25, ...(cursor ? { cursor } : {}), ...(only ? { unread: 'true' } : {}) },
          },
        }),
      );
      setPages((previous) => ({
        items: cursor && previous ? [...previous.items, ...page.items] : page.items,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => void load(), []);

  const replace = (read: Notification) =>
    setPages((p) =>
      p ? { ...p, items: p.items.map((n) => (n.notificationId === read.notificationId ? read : n)) } : p,
    );

  return (
    <Page title={t('notificationsTitle')}>
      <div class="card">
        <label class="choice">
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              const only = (e.target as HTMLInputElement).checked;
              setUnreadOnly(only);
              void load(undefined, only);
            }}
          />
          <span>{t('unreadOnly')}</span>
        </label>
        {error ? <ErrorView error={error} onRetry={() => void load()} /> : null}
        {!pages ? (
          <Loading />
        ) : pages.items.length === 0 ? (
          <p class="empty">{t('noNotifications')}</p>
        ) : (
          <ul class="notifications">
            {pages.items.map((n) => (
              <li key={n.notificationId} class={n.readAt ? 'read' : 'unread'}>
                <div class="notification-head">
                  {n.readAt ? null : <span class="badge warn">{t('unread')}</span>}
                  <strong>{n.title}</strong>
                  <time dateTime={n.createdAt} class="muted">
                    {formatDateTime(n.createdAt)}
                  </time>
                </div>
                <p>{n.body}</p>
                <div class="buttons">
                  <a
                    href={href(targetOf(n))}
                    onClick={(e) => {
                      if (n.readAt) return;
                      // Opening it reads it: marked first, then where it leads.
                      e.preventDefault();
                      void markRead(n.notificationId)
                        .catch(() => undefined)
                        .then(() => navigate(targetOf(n)));
                    }}
                  >
                    {n.applicationId ? t('openApplication') : t('openSlaBoard')}
                    <span class="sr-only"> {n.title}</span>
                  </a>
                  {n.readAt ? null : (
                    <button
                      type="button"
                      class="link"
                      onClick={() => void markRead(n.notificationId).then(replace, setError)}
                    >
                      {t('markRead')}
                      <span class="sr-only"> {n.title}</span>
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
        {pages?.cursor ? (
          <div class="buttons">
            <button type="button" disabled={busy} onClick={() => void load(pages.cursor)}>
              {t('more')}
            </button>
          </div>
        ) : null}
      </div>
    </Page>
  );
}

/** An application's notification opens the application; the daily digest (about many) opens the SLA board. */
function targetOf(n: { applicationId?: string | undefined }): string {
  return n.applicationId ? `/applications/${encodeURIComponent(n.applicationId)}` : '/admin';
}
