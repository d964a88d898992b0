// The administrator's screens, loaded as their own chunk: the SLA board (on-time rate per department as a
// bar chart, median and p90 working days, drill-down per department into permit types and step kinds,
// applications per track, the overdue list with holders and escalations, CSV export of every table, a case
// finder) and calendar management (a year's schedule, local rest days) with the API's errors inline.
import { useState } from 'preact/hooks';
import { ApiError, api, downloadCsv, unwrap, type Schemas } from '../api.ts';
import { formatDate, formatDateTime, formatMonth, formatRate, formatWorkingDays } from '../format.ts';
import { language, t, tx } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { Empty, ErrorView, Field, FormError, Loading, Page, useLoad } from '../ui.tsx';
import { RateBars } from './charts.tsx';
import { SupervisionOrders } from './supervision.tsx';
import { SatisfactionCard } from './ratings.tsx';
import { w } from '../work/words.ts';

type StepRow = Schemas['StepReportRow'];

export function AdminBoard(props: { query: URLSearchParams }) {
  const department = props.query.get('department') ?? undefined;
  const from = props.query.get('from') ?? undefined;
  const to = props.query.get('to') ?? from;
  const months = from ? { from, to: to ?? from } : {};
  const groupBy = department ? 'department,permit' : 'department';
  const steps = useLoad(
    () =>
      unwrap(
        api.GET('/admin/reports/steps', {
          params: { query: { ...months, groupBy, ...(department ? { department } : {}) } },
        }),
      ),
    [department, from, to],
  );
  const apps = useLoad(
    () =>
      unwrap(api.GET('/admin/reports/applications', { params: { query: { ...months, groupBy: 'track' } } })),
    [from, to],
  );
  const overdue = useLoad(
    () => unwrap(api.GET('/admin/reports/overdue', { params: { query: department ? { department } : {} } })),
    [department],
  );
  const [caseId, setCaseId] = useState('');
  const setQuery = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(props.query);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const text = next.toString();
    navigate(`/admin${text ? `?${text}` : ''}`);
  };
  const rowLabel = (row: StepRow) =>
    department
      ? `${row.permitType ? tx('permit', row.permitType) : tx('kind', row.kind ?? '')}`
      : tx('dept', row.department ?? '');
  const title = department ? `${t('board')} · ${tx('dept', department)}` : t('board');

  return (
    <Page title={title}>
      <p class="hint">{t('boardHint')}</p>
      <div class="toolbar card">
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.target as HTMLFormElement);
            setQuery({ from: String(data.get('from') ?? ''), to: String(data.get('to') ?? '') });
          }}
        >
          {/* Not drawn by Field (a form read on submit), so given its `lang` as Field gives it: before `type`. */}
          <div class="field">
            <label for="board-from">{t('fromMonth')}</label>
            <input
              lang={language()}
              id="board-from"
              name="from"
              type="month"
              value={from ?? steps.data?.months[0] ?? ''}
            />
          </div>
          <div class="field">
            <label for="board-to">{t('toMonth')}</label>
            <input
              lang={language()}
              id="board-to"
              name="to"
              type="month"
              value={to ?? steps.data?.months.at(-1) ?? ''}
            />
          </div>
          <button type="submit">{t('refresh')}</button>
          {department ? (
            <a class="button" href={href('/admin')}>
              {t('allDepartments')}
            </a>
          ) : null}
        </form>
        <form
          class="row"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (caseId.trim()) navigate(`/applications/${encodeURIComponent(caseId.trim())}`);
          }}
        >
          <div class="field">
            <label for="find-case">{t('findCase')}</label>
            <input
              id="find-case"
              placeholder={t('applicationId')}
              value={caseId}
              onInput={(e) => setCaseId((e.target as HTMLInputElement).value)}
            />
          </div>
          <button type="submit">{t('find')}</button>
        </form>
      </div>

      <section class="card" aria-labelledby="steps-report-title">
        <div class="section-head">
          <h2 id="steps-report-title">
            {department
              ? `${tx('dept', department)} · ${t('drillDown')} · ${t('onTimeRate')}`
              : t('chartTitle')}
            {steps.data ? (
              <span class="muted small"> · {steps.data.months.map(formatMonth).join(' – ')}</span>
            ) : null}
          </h2>
          <button
            type="button"
            onClick={() =>
              void downloadCsv(
                '/admin/reports/steps',
                { ...months, groupBy, ...(department ? { department } : {}) },
                'steps.csv',
              )
            }
          >
            {t('exportCsv')}
          </button>
        </div>
        {steps.error ? (
          <ErrorView error={steps.error} onRetry={steps.reload} />
        ) : !steps.data ? (
          <Loading />
        ) : steps.data.rows.length === 0 ? (
          <Empty />
        ) : (
          <>
            <RateBars
              label={department ? `${tx('dept', department)} ${t('onTimeRate')}` : t('chartTitle')}
              bars={steps.data.rows.map((row) => ({
                label: rowLabel(row),
                rate: row.onTimeRate,
                note: `${row.closed}`,
              }))}
            />
            <div class="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{department ? t('permit') : t('department')}</th>
                    <th scope="col">{t('closedSteps')}</th>
                    <th scope="col">{t('onTimeRate')}</th>
                    <th scope="col">{t('medianDays')}</th>
                    <th scope="col">{t('p90Days')}</th>
                    <th scope="col">{t('overdueOpen')}</th>
                  </tr>
                </thead>
                <tbody>
                  {steps.data.rows.map((row, i) => (
                    <tr key={i}>
                      <th scope="row">
                        {!department && row.department ? (
                          <a
                            href={href(
                              `/admin?department=${row.department}${from ? `&from=${from}&to=${to}` : ''}`,
                            )}
                          >
                            {rowLabel(row)}
                            <span class="sr-only"> · {t('drillDown')}</span>
                          </a>
                        ) : (
                          rowLabel(row)
                        )}
                      </th>
                      <td>{row.closed}</td>
                      <td>{formatRate(row.onTimeRate)}</td>
                      <td>{formatWorkingDays(row.medianWorkingDays)}</td>
                      <td>{formatWorkingDays(row.p90WorkingDays)}</td>
                      <td>{row.overdueOpen}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <div class="grid">
        <section class="card" aria-labelledby="apps-report-title">
          <div class="section-head">
            <h2 id="apps-report-title">{t('applicationsReport')}</h2>
            <button
              type="button"
              onClick={() =>
                void downloadCsv(
                  '/admin/reports/applications',
                  { ...months, groupBy: 'track' },
                  'applications.csv',
                )
              }
            >
              {t('exportCsv')}
            </button>
          </div>
          {apps.error ? (
            <ErrorView error={apps.error} onRetry={apps.reload} />
          ) : !apps.data ? (
            <Loading />
          ) : apps.data.rows.length === 0 ? (
            <Empty />
          ) : (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('track')}</th>
                    <th scope="col">{t('issued')}</th>
                    <th scope="col">{t('onTimeRate')}</th>
                    <th scope="col">{t('medianDays')}</th>
                    <th scope="col">{t('p90Days')}</th>
                    <th scope="col">{t('refused')}</th>
                  </tr>
                </thead>
                <tbody>
                  {apps.data.rows.map((row, i) => (
                    <tr key={i}>
                      <th scope="row">{tx('track', row.track ?? '')}</th>
                      <td>{row.issued}</td>
                      <td>{formatRate(row.onTimeRate)}</td>
                      <td>{formatWorkingDays(row.medianWorkingDays)}</td>
                      <td>{formatWorkingDays(row.p90WorkingDays)}</td>
                      <td>{row.refused}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section class="card" aria-labelledby="overdue-title">
          <div class="section-head">
            <h2 id="overdue-title">{t('overdueList')}</h2>
            <button
              type="button"
              onClick={() =>
                void downloadCsv('/admin/reports/overdue', department ? { department } : {}, 'overdue.csv')
              }
            >
              {t('exportCsv')}
            </button>
          </div>
          {overdue.error ? (
            <ErrorView error={overdue.error} onRetry={overdue.reload} />
          ) : !overdue.data ? (
            <Loading />
          ) : overdue.data.steps.length === 0 ? (
            <Empty>{t('noOverdue')}</Empty>
          ) : (
            <ul class="overdue">
              {overdue.data.steps.map((s) => (
                <li key={s.stepId}>
                  <a href={href(`/applications/${s.applicationId}`)}>{s.projectName ?? s.applicationId}</a>
                  <span>
                    {tx('kind', s.kind)} · {t('holder')}{' '}
                    {s.heldBy === 'department' ? tx('dept', s.holder) : s.holder} · {t('overdueDays')}{' '}
                    {s.workingDaysOverdue}
                  </span>
                  <span class="muted">
                    {t('due')} {formatDate(s.dueAt)}
                    {s.escalatedAt ? ` · ${t('escalatedAt')} ${formatDateTime(s.escalatedAt)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {/* Supervision orders (督办单, issue 14): the open and overdue ones. */}
      <SupervisionOrders title={w('supervisionTitle')} />
      {/* 好差评 (issue 18): ratings and 满意率 per department over the same months. */}
      <SatisfactionCard months={months} />
    </Page>
  );
}

const exampleYear = JSON.stringify(
  {
    year: 2027,
    source: '国务院办公厅关于2027年部分节假日安排的通知',
    holidays: [{ date: '2027-01-01', name: '元旦' }],
    makeupWorkdays: [],
  },
  null,
  2,
);

export function AdminCalendar() {
  const status = useLoad(() => unwrap(api.GET('/admin/calendar')), []);
  const [restDate, setRestDate] = useState('');
  const [restNote, setRestNote] = useState('');
  const [restErrors, setRestErrors] = useState<Record<string, string>>({});
  const [restFailure, setRestFailure] = useState<unknown>();
  const [yearText, setYearText] = useState(exampleYear);
  const [yearErrors, setYearErrors] = useState<Record<string, string>>({});
  const [yearFailure, setYearFailure] = useState<unknown>();
  const [saved, setSaved] = useState<string>();

  const addRestDay = async (e: Event) => {
    e.preventDefault();
    setRestFailure(undefined);
    setRestErrors({});
    try {
      await unwrap(
        api.POST('/admin/calendar/local-rest-days', {
          body: { add: [{ date: restDate, ...(restNote ? { note: restNote } : {}) }] },
        }),
      );
      setSaved(t('saved'));
      setRestDate('');
      setRestNote('');
      status.reload();
    } catch (error) {
      setRestFailure(error);
      if (error instanceof ApiError) setRestErrors(error.fieldErrors());
      requestAnimationFrame(() =>
        document
          .querySelector<HTMLElement>('#rest-date[aria-invalid="true"], #rest-form .form-error')
          ?.focus(),
      );
    }
  };

  const loadYear = async (e: Event) => {
    e.preventDefault();
    setYearFailure(undefined);
    setYearErrors({});
    let body: {
      year: number;
      holidays: { date: string; name: string }[];
      makeupWorkdays: { date: string; name: string }[];
      source: string;
    };
    try {
      body = JSON.parse(yearText) as typeof body;
    } catch (error) {
      setYearErrors({ '': (error as Error).message });
      return;
    }
    try {
      await unwrap(
        api.PUT('/admin/calendar/years/{year}', { params: { path: { year: String(body.year) } }, body }),
      );
      setSaved(t('saved'));
      status.reload();
    } catch (error) {
      setYearFailure(error);
      if (error instanceof ApiError) setYearErrors(error.fieldErrors());
    }
  };

  const restDateError =
    restErrors['add.0.date'] ?? Object.entries(restErrors).find(([p]) => p.startsWith('add'))?.[1];
  return (
    <Page title={t('calendar')}>
      {saved ? (
        <p role="status" class="ok-text">
          {saved}
        </p>
      ) : null}
      {status.error ? (
        <ErrorView error={status.error} onRetry={status.reload} />
      ) : !status.data ? (
        <Loading />
      ) : (
        <>
          <section class="card" aria-labelledby="cal-status">
            <h2 id="cal-status">
              {t('calendarVersion')} <code>{status.data.version}</code>
            </h2>
            {status.data.warnings.length > 0 ? (
              <div class="warning" role="note">
                <strong>{t('warnings')}</strong>
                <ul>
                  {status.data.warnings.map((w) => (
                    <li key={w.code}>{w.message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
            <div class="table-wrap" tabIndex={0}>
              <table>
                <caption>{t('years')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('year')}</th>
                    <th scope="col">{t('holidays')}</th>
                    <th scope="col">{t('makeupWorkdays')}</th>
                    <th scope="col">{t('origin')}</th>
                    <th scope="col">{t('source')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.data.years.map((y) => (
                    <tr key={y.year}>
                      <th scope="row">{y.year}</th>
                      <td>{y.holidays}</td>
                      <td>{y.makeupWorkdays}</td>
                      <td>{tx('origin', y.origin)}</td>
                      <td>{y.source}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h3>{t('localRestDays')}</h3>
            {status.data.localRestDays.length === 0 ? (
              <Empty />
            ) : (
              <ul>
                {status.data.localRestDays.map((d) => (
                  <li key={d.date}>
                    {d.date} {d.note ? `· ${d.note}` : ''} <span class="muted">({d.changedBy})</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <div class="grid">
            <form id="rest-form" class="card" onSubmit={(e) => void addRestDay(e)} noValidate>
              <h2>{t('addRestDay')}</h2>
              <Field id="rest-date" label={t('date')} hint="YYYY-MM-DD" error={restDateError}>
                {(a) => (
                  <input
                    {...a}
                    value={restDate}
                    onInput={(e) => setRestDate((e.target as HTMLInputElement).value)}
                  />
                )}
              </Field>
              <Field id="rest-note" label={t('note')} error={restErrors['add.0.note']}>
                {(a) => (
                  <input
                    {...a}
                    value={restNote}
                    onInput={(e) => setRestNote((e.target as HTMLInputElement).value)}
                  />
                )}
              </Field>
              <FormError error={restFailure} shown={Object.keys(restErrors)} />
              <div class="buttons">
                <button type="submit" class="primary">
                  {t('save')}
                </button>
              </div>
            </form>
            <form class="card" onSubmit={(e) => void loadYear(e)} noValidate>
              <h2>{t('loadYear')}</h2>
              <Field
                id="year-json"
                label={t('yearJson')}
                error={
                  Object.entries(yearErrors)
                    .map(([p, m]) => (p ? `${p}: ${m}` : m))
                    .join('；') || undefined
                }
              >
                {(a) => (
                  <textarea
                    {...a}
                    rows={10}
                    class="mono"
                    value={yearText}
                    onInput={(e) => setYearText((e.target as HTMLTextAreaElement).value)}
                  />
                )}
              </Field>
              <FormError error={yearFailure} shown={Object.keys(yearErrors)} />
              <div class="buttons">
                <button type="submit" class="primary">
                  {t('load')}
                </button>
              </div>
            </form>
          </div>
        </>
      )}
    </Page>
  );
}
