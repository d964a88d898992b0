// Search (issue 14), loaded as its own chunk: window clerks, department officers and administrators filter the
// applications they may see (GET /applications/search), page on by the API's cursor, and export the whole
// selection as the API's CSV; a department lead ticks rows and reassigns the department's open steps of those
// applications to one officer with a reason (POST /steps/bulk-assignment), each item's result shown on its own.
import { useState } from 'preact/hooks';
import { api, downloadCsv, unwrap, type Schemas } from '../api.ts';
import { session } from '../auth.ts';
import { formatDate } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href, type Route } from '../router.ts';
import { Empty, Field, FormError, Page, SlaMarker, StatusBadge, useSubmit } from '../ui.tsx';
import { beijingInstant } from './officer-work.tsx';
import { w } from '../work/words.ts';
import type { operations } from '../api/schema';

type Application = Schemas['Application'];
type Query = NonNullable<operations['getApplicationsSearch']['parameters']['query']>;

const statuses = [
  'submitted',
  'supplement-requested',
  'accepted',
  'in-review',
  'issued',
  'refused',
  'under-verification',
  'verified',
  'revoked',
  'failed',
] as const;
const tracks = ['regular', 'standard-land'] as const;
const slas = ['green', 'yellow', 'red'] as const;
// Text filters as typed; the date ones are datetime-local fields read as Beijing time.
const textFilters = [
  ['name', 'nameStarts'],
  ['enterpriseId', 'enterpriseIdField'],
  ['permitType', 'permitTypeField'],
  ['department', 'departmentField'],
] as const;
const dateFilters = [
  ['dueAfter', 'dueAfter'],
  ['dueBefore', 'dueBefore'],
  ['receivedFrom', 'receivedFrom'],
  ['receivedTo', 'receivedTo'],
] as const;

/** The filters as the API's query: empty fields left out, dates as instants. */
function queryOf(form: Record<string, string>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(form)) {
    if (!value) continue;
    query[name] = dateFilters.some(([d]) => d === name) ? beijingInstant(value) : value;
  }
  return query;
}

export function Search() {
  const [form, setForm] = useState<Record<string, string>>({});
  const [query, setQuery] = useState<Record<string, string>>();
  const [items, setItems] = useState<Application[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [selected, setSelected] = useState<string[]>([]);
  const search = useSubmit(() => undefined);
  const csv = useSubmit(() => undefined);
  const me = session()?.principal;
  const set = (name: string) => (e: Event) =>
    setForm({ ...form, [name]: (e.target as HTMLInputElement | HTMLSelectElement).value });

  const load = (next: Record<string, string>, after?: string) =>
    search.run(async () => {
      const page = await unwrap(
        api.GET('/applications/search', {
          params: { query: { ...(next as Query), limit: 25, ...(after ? { cursor: after } : {}) } },
        }),
      );
      setQuery(next);
      setItems((before) => (after ? [...before, ...page.items] : page.items));
      if (!after) setSelected([]);
      setCursor(page.cursor);
    });

  const select = (name: string, label: string, values: readonly string[], word: (v: string) => string) => (
    <Field id={`search-${name}`} label={label} error={search.errors[name]}>
      {(attrs) => (
        <select {...attrs} value={form[name] ?? ''} onChange={set(name)}>
          <option value="">{w('anyValue')}</option>
          {values.map((v) => (
            <option key={v} value={v}>
              {word(v)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <Page title={w('searchTitle')}>
      <p class="hint">{w('searchHint')}</p>
      <form
        noValidate
        class="card"
        aria-label={w('searchTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          void load(queryOf(form));
        }}
      >
        <div class="grid">
          {select('status', t('status'), statuses, (v) => tx('st', v))}
          {select('track', w('track'), tracks, (v) => tx('track', v))}
          {select('sla', w('slaField'), slas, (v) => tx('sla', v))}
          {textFilters.map(([name, label]) => (
            <Field key={name} id={`search-${name}`} label={w(label)} error={search.errors[name]}>
              {(attrs) => (
                <input {...attrs} value={form[name] ?? ''} onInput={set(name)} autoComplete="off" />
              )}
            </Field>
          ))}
          {dateFilters.map(([name, label]) => (
            <Field key={name} id={`search-${name}`} label={w(label)} error={search.errors[name]}>
              {(attrs) => (
                <input {...attrs} type="datetime-local" value={form[name] ?? ''} onInput={set(name)} />
              )}
            </Field>
          ))}
        </div>
        <FormError
          error={search.failure}
          shown={[...textFilters, ...dateFilters].map(([n]) => n as string).concat('status', 'track', 'sla')}
        />
        <div class="buttons">
          <button type="submit" class="primary" disabled={search.busy}>
            {w('doSearch')}
          </button>
          <button
            type="button"
            disabled={csv.busy || !query}
            onClick={() =>
              void csv.run(() =>
                downloadCsv('/applications/search', query ?? {}, `applications-${Date.now()}.csv`),
              )
            }
          >
            {w('exportCsv')}
          </button>
        </div>
        <FormError error={csv.failure} />
      </form>
      {query === undefined ? null : items.length === 0 && !cursor ? (
        <Empty />
      ) : (
        <>
          <div class="table-wrap" tabIndex={0}>
            <table class="inbox">
              <caption class="sr-only">{w('searchTitle')}</caption>
              <thead>
                <tr>
                  {me?.lead ? (
                    <th scope="col" class="select-col">
                      {w('selectRow')}
                    </th>
                  ) : null}
                  <th scope="col">{w('application')}</th>
                  <th scope="col">{t('projectName')}</th>
                  <th scope="col">{w('enterprise')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{w('track')}</th>
                  <th scope="col">{w('slaField')}</th>
                  <th scope="col">{w('due')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.applicationId} data-application={a.applicationId}>
                    {me?.lead ? (
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`${w('selectRow')} ${a.projectName}`}
                          checked={selected.includes(a.applicationId)}
                          onChange={(e) =>
                            setSelected(
                              (e.target as HTMLInputElement).checked
                                ? [...selected, a.applicationId]
                                : selected.filter((id) => id !== a.applicationId),
                            )
                          }
                        />
                      </td>
                    ) : null}
                    <td>
                      <a href={href(`/applications/${a.applicationId}`)}>
                        <code>{a.applicationId}</code>
                      </a>
                    </td>
                    <td>{a.projectName}</td>
                    <td>{a.enterpriseId}</td>
                    <td>
                      <StatusBadge status={a.status} />
                    </td>
                    <td>{tx('track', a.track)}</td>
                    <td>
                      <SlaMarker status={a.sla?.status} />
                    </td>
                    <td>{formatDate(a.sla?.dueAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor && query ? (
            <button type="button" disabled={search.busy} onClick={() => void load(query, cursor)}>
              {w('more')}
            </button>
          ) : null}
        </>
      )}
      {me?.lead && me.department ? (
        <BulkReassign applicationIds={selected} department={me.department} />
      ) : null}
    </Page>
  );
}

type BulkResult = { applicationId: string; stepId: string; status: number; code?: string; message?: string };

/** The lead's bulk reassignment: the department's open steps of the ticked applications, to one officer. */
function BulkReassign(props: { applicationIds: string[]; department: string }) {
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const [results, setResults] = useState<BulkResult[]>();
  const [none, setNone] = useState(false);
  const submit = useSubmit(() => undefined);
  return (
    <form
      noValidate
      class="card"
      aria-labelledby="bulk-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async (key) => {
          // The steps come from each application's record; the API decides, item by item, what the lead may do.
          const details = await Promise.all(
            props.applicationIds.map((applicationId) =>
              unwrap(api.GET('/applications/{applicationId}', { params: { path: { applicationId } } })),
            ),
          );
          const items = details.flatMap((d) =>
            d.steps
              .filter((s) => s.status === 'open' && s.department === props.department)
              .map((s) => ({ applicationId: s.applicationId, stepId: s.stepId })),
          );
          setNone(items.length === 0);
          if (items.length === 0) return setResults(undefined);
          const answer = await unwrap(
            api.POST('/steps/bulk-assignment', {
              params: { header: { 'Idempotency-Key': key } },
              body: { assignee, items, ...(reason ? { reason } : {}) },
            }),
          );
          setResults(answer.results);
        });
      }}
    >
      <h2 id="bulk-title">{w('bulkTitle')}</h2>
      <p class="hint">{w('bulkHint')}</p>
      <Field id="bulk-assignee" label={w('assignTo')} error={submit.errors.assignee}>
        {(attrs) => (
          <input
            {...attrs}
            value={assignee}
            onInput={(e) => setAssignee((e.target as HTMLInputElement).value)}
            autoComplete="off"
          />
        )}
      </Field>
      <Field id="bulk-reason" label={w('reason')} error={submit.errors.reason}>
        {(attrs) => (
          <textarea
            {...attrs}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <FormError error={submit.failure} shown={['assignee', 'reason']} />
      <button type="submit" class="primary" disabled={submit.busy || props.applicationIds.length === 0}>
        {w('bulkReassign')}
      </button>
      {none ? <p role="status">{w('noStepsSelected')}</p> : null}
      {results ? (
        <section aria-label={w('bulkResult')} role="status">
          <ul>
            {results.map((r) => (
              <li key={`${r.applicationId}/${r.stepId}`} data-item={`${r.applicationId}/${r.stepId}`}>
                <code>{r.applicationId}</code> · <code>{r.stepId}</code>:{' '}
                {r.status < 300
                  ? w('itemOk')
                  : `${w('itemFailed')} — ${r.message ?? ''} (${r.code ?? r.status})`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </form>
  );
}

/** `#/search`. */
export default function SearchScreen(_props: { route: Route }) {
  return <Search />;
}
