// The header's way into the notification centre: a link with the signed-in person's unread count, read from
// GET /notifications/unread-count every minute, on every screen change and whenever the centre marks one read.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.ts';
import { t } from './i18n.ts';
import { href } from './router.ts';

const unreadChanged = 'ow:unread-changed';
const pollMs = 60_000;

/** Tells the header that a notification was read (the count is read again). */
export function notifyUnreadChanged(): void {
  dispatchEvent(new Event(unreadChanged));
}

export function NotificationBell(props: { route: string; current: boolean }) {
  const [unread, setUnread] = useState<number>();
  useEffect(() => {
    let live = true;
    const read = () =>
      // A failure keeps the last count: the header is no place for an error.
      void api
        .GET('/notifications/unread-count')
        .then(({ data }) => live && data && setUnread(data.unread))
        .catch(() => undefined);
    read();
    const timer = setInterval(read, pollMs);
    addEventListener(unreadChanged, read);
    return () => {
      live = false;
      clearInterval(timer);
      removeEventListener(unreadChanged, read);
    };
  }, [props.route]);
  return (
    <a
      class="bell"
      href={href('/notifications')}
      aria-current={props.current ? 'page' : undefined}
      aria-label={unread ? t('notificationsUnread', { n: unread }) : t('notificationsTitle')}
    >
      {t('notificationsTitle')}
      {unread ? (
        <span class="count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </a>
  );
}
