// Public notices (公示), no sign-in: issued permits and revocations after a failed commitment verification, newest
// first, searchable by part of the certificate number, project or enterprise, paged by the API's cursor; each row
// links to its certificate's public check (#/verify/{no}). Everything shown comes from GET /public/notices.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from '../api.ts';
import type { paths } from '../api/schema';
import { useLanguage } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { Empty, ErrorView, Loading, Page } from '../ui.tsx';
import { departmentWord, w, wx } from './public-words.ts';

type NoticePage = paths['/public/notices']['get']['responses'][200]['content']['application/json'];
type Notice = NoticePage['items'][number];
type Kind = NonNullable<NonNullable<paths['/public/notices']['get']['parameters']['query']>['kind']>;

export function Notices(props: { q?: string | null; kind?: string | null }) {
  useLanguage();
  const q = props.q?.trim() || undefined;
  const kind = props.kind === 'issued' || props.kind === 'revoked' ? (props.kind as Kind) : undefined;
  const [items, setItems] = useState<Notice[]>();
  const [cursor, setCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);

  const load = (after?: string) => {
    const mine = ++generation.current;
    setBusy(true);
    setError(undefined);
    unwrap(
      api.GET('/public/notices', {
        params: {
          query: {
            ...(q ? { q } : {}),
            ...(kind ? { kind } : {}),
            limit: 25,
            ...(after ? { cursor: after } : {}),
          },
        },
      }),
    ).then(
      (page) => {
        if (mine !== generation.current) return;
        setItems((before) => [...(after ? (before ?? []) : []), ...page.items]);
        setCursor(page.cursor);
        setBusy(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(failure);
        setBusy(false);
      },
    );
  };
  useEffect(() => {
    setItems(undefined);
    load();
  }, [q, kind]);

  return (
    <Page title={w('noticesTitle')}>
      <p class="hint">{w('noticesIntro')}</p>
      {/* Uncontrolled fields, reset (by the key) when the address changes: a controlled value would be written back
          over what the visitor typed whenever the list re-renders, e.g. when the first page arrives. */}
      <form
        key={`${q ?? ''}\n${kind ?? ''}`}
        class="inline-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const query = new URLSearchParams();
          const text = String(form.get('q') ?? '').trim();
          const chosen = String(form.get('kind') ?? '');
          if (text) query.set('q', text);
          if (chosen) query.set('kind', chosen);
          const search = query.toString();
          navigate(`/notices${search ? `?${search}` : ''}`);
        }}
      >
        <label>
          <span>{w('noticeSearch')}</span>{' '}
          <input
            type="search"
            name="q"
            defaultValue={q ?? ''}
            placeholder={w('noticeSearchHint')}
            maxLength={100}
          />
        </label>{' '}
        <label>
          <span>{w('noticeKind')}</span>{' '}
          <select name="kind">
            <option value="" selected={!kind}>
              {w('noticeKindAll')}
            </option>
            <option value="issued" selected={kind === 'issued'}>
              {wx('kind', 'issued')}
            </option>
            <option value="revoked" selected={kind === 'revoked'}>
              {wx('kind', 'revoked')}
            </option>
          </select>
        </label>{' '}
        <button type="submit">{w('show')}</button>
      </form>
      {error ? (
        <ErrorView error={error} onRetry={() => load()} />
      ) : items === undefined ? (
        <Loading />
      ) : items.length === 0 && !cursor ? (
        <Empty>{w('noNotices')}</Empty>
      ) : (
        <>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="sr-only">{w('noticesTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{w('certificateNo')}</th>
                  <th scope="col">{w('noticeKind')}</th>
                  <th scope="col">{w('noticeDate')}</th>
                  <th scope="col">{w('permit')}</th>
                  <th scope="col">{w('projectName')}</th>
                  <th scope="col">{w('enterprise')}</th>
                  <th scope="col">{w('location')}</th>
                  <th scope="col">{w('department')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((notice) => (
                  <tr key={`${notice.certificateNo}-${notice.kind}`}>
                    <th scope="row">
                      <a
                        href={href(`/verify/${encodeURIComponent(notice.certificateNo)}`)}
                        aria-label={w('verifyCertificate', { no: notice.certificateNo })}
                      >
                        <code>{notice.certificateNo}</code>
                      </a>
                    </th>
                    <td>{wx('kind', notice.kind)}</td>
                    <td>{notice.date}</td>
                    <td>{notice.permitName}</td>
                    <td>{notice.projectName}</td>
                    <td>
                      <code>{notice.enterprise}</code>
                    </td>
                    <td>{notice.location}</td>
                    <td>{departmentWord(notice.department, notice.departmentName)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 ? <p class="hint">{w('noticesNoneYet')}</p> : null}
          {cursor ? (
            <button type="button" disabled={busy} onClick={() => load(cursor)}>
              {w('moreNotices')}
            </button>
          ) : null}
        </>
      )}
    </Page>
  );
}
