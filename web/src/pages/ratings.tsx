// 好差评 in the portal, loaded as its own chunk: the enterprise's (or its agency officer's) rating form on a finished
// application and its result afterwards (with the service centre's answer to a poor rating); the administrators'
// list of poor ratings to follow up (`#/admin/rating-follow-ups`, due date and overdue, a form to record the
// handling); and the satisfaction table of the administrators' board. The API decides who may do what.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, downloadCsv, unwrap, type Schemas } from '../api.ts';
import { formatDate, formatDateTime, formatRate } from '../format.ts';
import { tx } from '../i18n.ts';
import { href } from '../router.ts';
import { Empty, ErrorView, Field, FormError, Loading, Page, useLoad, useSubmit } from '../ui.tsx';
import { rw, rwx } from './rating-words.ts';

type FollowUp = Schemas['RatingFollowUp'];
const levels = [5, 4, 3, 2, 1] as const;

/** The rating card of one application: the form while the caller may rate it, the rating once it is given. */
export function RatingCard(props: {
  applicationId: string;
  departments: readonly string[];
  /** After the rating is recorded (the page reloads its timeline). */
  onRated?: () => void;
}) {
  const rating = useLoad(
    () =>
      unwrap(
        api.GET('/applications/{applicationId}/ratings', {
          params: { path: { applicationId: props.applicationId } },
        }),
      ),
    [props.applicationId],
  );
  if (rating.error) return <ErrorView error={rating.error} onRetry={rating.reload} />;
  if (!rating.data) return <Loading />;
  const { rating: given, followUp, canRate } = rating.data;
  if (!given && !canRate) return null;
  return (
    <section class="card rating" aria-labelledby="rating-title">
      <h2 id="rating-title">{rw('rateTitle')}</h2>
      {given ? (
        <>
          <dl class="summary" data-rating={given.level}>
            <dt>{rw('rated')}</dt>
            <dd>
              <strong>{rwx('level', given.level)}</strong> ({given.level}/5)
            </dd>
            {given.comment ? (
              <>
                <dt>{rw('comment')}</dt>
                <dd>{given.comment}</dd>
              </>
            ) : null}
            {(given.departmentScores ?? []).map((score) => (
              <Fragment key={score.department}>
                <dt>{tx('dept', score.department)}</dt>
                <dd>{rwx('level', score.level)}</dd>
              </Fragment>
            ))}
            <dt>{rw('ratedAt')}</dt>
            <dd>{formatDateTime(given.ratedAt)}</dd>
          </dl>
          {followUp ? (
            <>
              <h3>{rw('followUp')}</h3>
              <p>
                {rwx('status', followUp.status)} · {rw('followUpDue')} {formatDate(followUp.dueAt)}
                {followUp.overdue ? <span class="badge bad"> {rw('overdue')}</span> : null}
              </p>
              {followUp.action ? (
                <p>
                  {rw('answer')}（{rwx('outcome', followUp.outcome ?? '')}）：{followUp.action}
                </p>
              ) : null}
            </>
          ) : null}
        </>
      ) : (
        <RatingForm
          applicationId={props.applicationId}
          departments={props.departments}
          onDone={() => {
            rating.reload();
            props.onRated?.();
          }}
        />
      )}
    </section>
  );
}

function RatingForm(props: { applicationId: string; departments: readonly string[]; onDone: () => void }) {
  const [level, setLevel] = useState<number>();
  const [comment, setComment] = useState('');
  const [scores, setScores] = useState<Record<string, number>>({});
  const submit = useSubmit(props.onDone);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const departmentScores = Object.entries(scores).map(([department, score]) => ({
          department,
          level: score,
        }));
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/ratings', {
              params: { path: { applicationId: props.applicationId }, header: { 'Idempotency-Key': key } },
              body: {
                level: level ?? 0,
                ...(comment.trim() ? { comment: comment.trim() } : {}),
                ...(departmentScores.length ? { departmentScores } : {}),
              },
            }),
          ),
        );
      }}
    >
      <p class="hint">{rw('rateHint')}</p>
      <fieldset class={`field${submit.errors.level ? ' has-error' : ''}`}>
        <legend>{rw('level')}</legend>
        {levels.map((n) => (
          <label key={n} class="choice">
            <input
              type="radio"
              name="rating-level"
              value={n}
              checked={level === n}
              onChange={() => setLevel(n)}
            />{' '}
            {rwx('level', n)}
          </label>
        ))}
        {submit.errors.level ? <p class="field-error">{submit.errors.level}</p> : null}
      </fieldset>
      <Field id="rating-comment" label={rw('comment')} error={submit.errors.comment}>
        {(attrs) => (
          <textarea
            {...attrs}
            maxLength={500}
            value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      {props.departments.length > 0 ? (
        <fieldset class="field">
          <legend>{rw('departmentScores')}</legend>
          {props.departments.map((department) => (
            <Field key={department} id={`rating-dept-${department}`} label={tx('dept', department)}>
              {(attrs) => (
                <select
                  {...attrs}
                  value={scores[department] ?? ''}
                  onChange={(e) => {
                    const value = (e.target as HTMLSelectElement).value;
                    setScores((current) => {
                      const next = { ...current };
                      if (value) next[department] = Number(value);
                      else delete next[department];
                      return next;
                    });
                  }}
                >
                  <option value="">{rw('notScored')}</option>
                  {levels.map((n) => (
                    <option key={n} value={n}>
                      {rwx('level', n)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ))}
        </fieldset>
      ) : null}
      <FormError error={submit.failure} shown={['level', 'comment']} />
      <button type="submit" class="primary" disabled={submit.busy || level === undefined}>
        {rw('submitRating')}
      </button>
    </form>
  );
}

/** `#/admin/rating-follow-ups`: the poor ratings not handled yet, earliest due first (one page of 100). */
export default function RatingFollowUpsScreen() {
  const list = useLoad(
    async () =>
      (await unwrap(api.GET('/admin/rating-follow-ups', { params: { query: { limit: 100 } } }))).items,
    [],
  );
  return (
    <Page title={rw('followUpsTitle')}>
      <p class="hint">{rw('followUpsHint')}</p>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="sr-only">{rw('followUpsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{rw('application')}</th>
                <th scope="col">{rw('level')}</th>
                <th scope="col">{rw('comment')}</th>
                <th scope="col">{rw('departments')}</th>
                <th scope="col">{rw('followUpDue')}</th>
                <th scope="col">{rw('recordHandling')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((f) => (
                <tr key={f.applicationId} data-follow-up={f.applicationId}>
                  <td>
                    <a href={href(`/applications/${f.applicationId}`)}>
                      <code>{f.applicationId}</code>
                    </a>{' '}
                    · {f.enterpriseId}
                  </td>
                  <td>{rwx('level', f.level)}</td>
                  <td>{f.comment ?? '—'}</td>
                  <td>{f.departments.map((d) => tx('dept', d)).join('、')}</td>
                  <td>
                    {formatDate(f.dueAt)}{' '}
                    <span class={`badge ${f.overdue ? 'bad' : 'ok'}`}>
                      {f.overdue ? rw('overdue') : rw('onTime')}
                    </span>
                  </td>
                  <td>
                    <HandleForm followUp={f} onDone={list.reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function HandleForm(props: { followUp: FollowUp; onDone: () => void }) {
  const [action, setAction] = useState('');
  const [outcome, setOutcome] = useState<'resolved' | 'explained' | 'unresolved'>('resolved');
  const submit = useSubmit(props.onDone);
  const id = `handle-${props.followUp.applicationId}`;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/admin/rating-follow-ups/{applicationId}/handle', {
              params: {
                path: { applicationId: props.followUp.applicationId },
                header: { 'Idempotency-Key': key },
              },
              body: { action, outcome, expectedVersion: props.followUp.version },
            }),
          ),
        );
      }}
    >
      <Field id={`${id}-action`} label={rw('action')} error={submit.errors.action}>
        {(attrs) => (
          <textarea
            {...attrs}
            value={action}
            onInput={(e) => setAction((e.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <Field id={`${id}-outcome`} label={rw('outcome')} error={submit.errors.outcome}>
        {(attrs) => (
          <select
            {...attrs}
            value={outcome}
            onChange={(e) => setOutcome((e.target as HTMLSelectElement).value as typeof outcome)}
          >
            {(['resolved', 'explained', 'unresolved'] as const).map((o) => (
              <option key={o} value={o}>
                {rwx('outcome', o)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <FormError error={submit.failure} shown={['action', 'outcome']} />
      <button type="submit" disabled={submit.busy}>
        {rw('recordHandling')}
      </button>
    </form>
  );
}

/** The administrators' board: ratings and 满意率 per department over the board's months. */
export function SatisfactionCard(props: { months: { from?: string; to?: string } }) {
  const report = useLoad(
    () => unwrap(api.GET('/admin/reports/satisfaction', { params: { query: props.months } })),
    [props.months.from, props.months.to],
  );
  const rows = (report.data?.rows ?? []).filter(
    (row) => report.data!.months.length === 1 || row.month === 'total',
  );
  return (
    <section class="card" aria-labelledby="satisfaction-title">
      <div class="section-head">
        <h2 id="satisfaction-title">{rw('satisfactionTitle')}</h2>
        <button
          type="button"
          onClick={() => void downloadCsv('/admin/reports/satisfaction', props.months, 'satisfaction.csv')}
        >
          {rw('exportCsv')}
        </button>
      </div>
      {report.error ? (
        <ErrorView error={report.error} onRetry={report.reload} />
      ) : !report.data ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>{rw('noRatings')}</Empty>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="sr-only">{rw('satisfactionTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{rw('department')}</th>
                <th scope="col">{rw('ratings')}</th>
                <th scope="col">{rw('satisfied')}</th>
                <th scope="col">{rw('poor')}</th>
                <th scope="col">{rw('satisfactionRate')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.month}-${row.department}`} data-department={row.department}>
                  <th scope="row">{row.department === 'all' ? rw('all') : tx('dept', row.department)}</th>
                  <td>{row.rated}</td>
                  <td>{row.satisfied}</td>
                  <td>{row.poor}</td>
                  <td>{formatRate(row.satisfactionRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
