// Officers' daily work (issue 14), loaded as its own chunk: the inbox views 我的 / 未分配 / 本部门 by due time with
// the assignee on each row and claim / release there; one step's page where a lead assigns or reassigns it
// (with a reason), anyone holding it records Art. 45 excluded time, and the step's history shows who held it;
// and declaring an absence with the colleague who stands in (代理). The API decides who may do what: a refusal
// is shown beside the field or the row it concerns.
import { useState } from 'preact/hooks';
import { ApiError, api, unwrap, withApplications, type Schemas, type StepRow } from '../api.ts';
import { hasRole, session } from '../auth.ts';
import { formatCalendarDate, formatDate, formatDateTime, formatRemaining } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href, type Route } from '../router.ts';
import { Empty, ErrorView, Field, FormError, Loading, Page, SlaMarker, useLoad, useSubmit } from '../ui.tsx';
import { w, wx, type WordKey } from '../work/words.ts';
import { IssueSupervision, SupervisionOrders } from './supervision.tsx';

type Step = Schemas['Step'];
type View = 'mine' | 'unassigned' | 'department';
const views: [View, WordKey][] = [
  ['mine', 'viewMine'],
  ['unassigned', 'viewUnassigned'],
  ['department', 'viewDepartment'],
];

/** `2025-03-04T09:00` from a datetime-local field, read as Beijing time (the offices' clock). */
export function beijingInstant(local: string): string {
  return local ? new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`).toISOString() : '';
}

function assign(applicationId: string, step: Step, body: Record<string, unknown>, key: string) {
  return unwrap(
    api.POST('/applications/{applicationId}/steps/{stepId}/assignment', {
      params: { path: { applicationId, stepId: step.stepId }, header: { 'Idempotency-Key': key } },
      body: { ...body, expectedVersion: step.version } as never,
    }),
  );
}

export function OfficerWork(props: { view?: string; query: URLSearchParams }) {
  const view: View = views.some(([v]) => v === props.view) ? (props.view as View) : 'mine';
  const forUser = props.query.get('for') ?? undefined;
  const me = session()?.principal;
  const inbox = useLoad(async () => {
    const page = await unwrap(
      api.GET('/inbox', {
        params: { query: { view, limit: 50, ...(view === 'mine' && forUser ? { for: forUser } : {}) } },
      }),
    );
    return withApplications(page.items);
  }, [view, forUser]);
  return (
    <Page title={w('workTitle')}>
      <p class="hint">{w('workHint')}</p>
      {/* The views as the existing button styles (no new CSS in the first screen's stylesheet). */}
      <nav aria-label={w('views')} class="buttons">
        {views.map(([v, key]) => (
          <a
            key={v}
            href={href(`/work/${v}`)}
            class={v === view ? 'button primary' : 'button'}
            aria-current={v === view ? 'page' : undefined}
          >
            {w(key)}
          </a>
        ))}
      </nav>
      {view === 'mine' ? <StandIn forUser={forUser} /> : null}
      {inbox.error ? (
        <ErrorView error={inbox.error} onRetry={inbox.reload} />
      ) : !inbox.data ? (
        <Loading />
      ) : inbox.data.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table class="inbox">
            <caption class="sr-only">{w('workTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('projectName')}</th>
                <th scope="col">{w('stepWork')}</th>
                <th scope="col">{w('due')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('daysLeft')}</th>
                <th scope="col">{w('assignee')}</th>
                <th scope="col">{w('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {inbox.data.map((row) => (
                <Row key={row.step.stepId} row={row} me={me?.userId ?? ''} onDone={inbox.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {hasRole('department-officer') ? <AbsenceForm /> : null}
    </Page>
  );
}

function Row(props: { row: StepRow; me: string; onDone: () => void }) {
  const { step, clock, projectName } = props.row;
  const submit = useSubmit(props.onDone);
  const act = (action: 'claim' | 'release') =>
    void submit.run((key) => assign(step.applicationId, step, { action }, key));
  const label = `${tx('kind', step.kind)}${step.permitType ? ` · ${tx('permit', step.permitType)}` : ''}`;
  return (
    <tr class={`row-${clock?.status ?? step.slaStatus ?? 'green'}`} data-step={step.stepId}>
      <td>
        <a href={href(`/applications/${step.applicationId}`)}>{projectName ?? step.applicationId}</a>
      </td>
      <td>
        <a href={href(`/work/step/${step.applicationId}/${step.stepId}`)}>{label}</a>
      </td>
      <td>{clock ? formatCalendarDate(clock.dueOn) : formatDate(step.dueAt)}</td>
      <td>
        <SlaMarker status={clock?.status ?? step.slaStatus} />
      </td>
      <td>{clock ? (clock.paused ? t('paused') : formatRemaining(clock.remainingDays)) : '—'}</td>
      <td>{step.assignee ?? <span class="muted">{w('unassigned')}</span>}</td>
      <td>
        {step.assignee === undefined ? (
          <button type="button" disabled={submit.busy} onClick={() => act('claim')}>
            {w('claim')}
            <span class="sr-only"> {label}</span>
          </button>
        ) : step.assignee === props.me ? (
          <button type="button" disabled={submit.busy} onClick={() => act('release')}>
            {w('release')}
            <span class="sr-only"> {label}</span>
          </button>
        ) : null}{' '}
        <a href={href(`/work/step/${step.applicationId}/${step.stepId}`)}>
          {w('open')}
          <span class="sr-only"> {label}</span>
        </a>
        {submit.failure ? <RowError error={submit.failure} /> : null}
      </td>
    </tr>
  );
}

function RowError(props: { error: unknown }) {
  const e = props.error;
  return (
    <p class="field-error" role="alert">
      {e instanceof ApiError ? `${e.message} (${e.code})` : String(e)}
    </p>
  );
}

/** A lead reads any officer's steps, a substitute those of the officer it stands in for (view=mine&for=). */
function StandIn(props: { forUser: string | undefined }) {
  const [value, setValue] = useState(props.forUser ?? '');
  return (
    <form
      noValidate
      class="row toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        location.hash = `/work/mine${value ? `?for=${encodeURIComponent(value)}` : ''}`;
      }}
    >
      <Field id="stand-in-for" label={w('standInFor2')}>
        {(attrs) => (
          <input
            {...attrs}
            value={value}
            onInput={(e) => setValue((e.target as HTMLInputElement).value)}
            autoComplete="off"
          />
        )}
      </Field>
      <button type="submit">{w('showFor')}</button>
    </form>
  );
}

function AbsenceForm() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [substitute, setSubstitute] = useState('');
  const [note, setNote] = useState('');
  const [declared, setDeclared] = useState<Schemas['Absence']>();
  const submit = useSubmit(() => undefined);
  return (
    <form
      noValidate
      class="card"
      aria-labelledby="absence-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async (key) => {
          const absence = await unwrap(
            api.POST('/officers/me/absences', {
              params: { header: { 'Idempotency-Key': key } },
              body: {
                from: beijingInstant(from),
                to: beijingInstant(to),
                substitute,
                ...(note ? { note } : {}),
              },
            }),
          );
          setDeclared(absence);
        });
      }}
    >
      <h2 id="absence-title">{w('absenceTitle')}</h2>
      <p class="hint">{w('absenceHint')}</p>
      <div class="row">
        <Field id="absence-from" label={w('absenceFrom')} error={submit.errors.from}>
          {(attrs) => (
            <input
              {...attrs}
              type="datetime-local"
              value={from}
              onInput={(e) => setFrom((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="absence-to" label={w('absenceTo')} error={submit.errors.to}>
          {(attrs) => (
            <input
              {...attrs}
              type="datetime-local"
              value={to}
              onInput={(e) => setTo((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="absence-substitute" label={w('substitute')} error={submit.errors.substitute}>
          {(attrs) => (
            <input
              {...attrs}
              value={substitute}
              autoComplete="off"
              onInput={(e) => setSubstitute((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <Field id="absence-note" label={w('note')} error={submit.errors.note}>
        {(attrs) => (
          <input {...attrs} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        )}
      </Field>
      <FormError error={submit.failure} shown={['from', 'to', 'substitute', 'note']} />
      {declared ? (
        <p class="ok-text" role="status">
          {w('absenceDeclared', {
            substitute: declared.substitute,
            from: formatDateTime(declared.from),
            to: formatDateTime(declared.to),
          })}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('declareAbsence')}
        </button>
      </div>
    </form>
  );
}

/** One step: who holds it, the lead's assignment, excluded time, and the step's own history. */
export function StepWork(props: { applicationId: string; stepId: string }) {
  const detail = useLoad(
    () =>
      unwrap(
        api.GET('/applications/{applicationId}', {
          params: { path: { applicationId: props.applicationId } },
        }),
      ),
    [props.applicationId],
  );
  if (detail.error) return <ErrorView error={detail.error} onRetry={detail.reload} />;
  if (!detail.data)
    return (
      <Page title={w('stepWork')}>
        <Loading />
      </Page>
    );
  const step = detail.data.steps.find((s) => s.stepId === props.stepId);
  if (!step) return <ErrorView error={new ApiError(404, 'NOT_FOUND', '')} />;
  const me = session()?.principal;
  const lead = me?.lead === true && me.department === step.department;
  const label = `${tx('kind', step.kind)}${step.permitType ? ` · ${tx('permit', step.permitType)}` : ''}`;
  const events = detail.data.timeline.filter((e) => e.stepId === step.stepId);
  return (
    <Page title={`${w('stepWork')} · ${label}`} actions={<a href={href('/work/mine')}>{w('backToWork')}</a>}>
      <section class="card" aria-labelledby="step-facts">
        <h2 id="step-facts">{detail.data.application.projectName}</h2>
        <dl class="summary">
          <dt>{w('stepHeld')}</dt>
          <dd data-testid="assignee">{step.assignee ?? w('unassigned')}</dd>
          <dt>{w('due')}</dt>
          <dd>
            {formatDate(step.dueAt)} <SlaMarker status={step.slaStatus} />
          </dd>
        </dl>
        <p>
          <a href={href(`/applications/${props.applicationId}`)}>{props.applicationId}</a>
        </p>
        {step.status === 'open' ? (
          <ClaimButtons step={step} me={me?.userId ?? ''} onDone={detail.reload} />
        ) : null}
      </section>
      {step.status === 'open' && lead ? (
        <AssignForm applicationId={props.applicationId} step={step} onDone={detail.reload} />
      ) : null}
      {/* 督办: the step's open orders (the department answers them here); an administrator issues one. */}
      <SupervisionOrders
        key={detail.data.timeline.length}
        applicationId={props.applicationId}
        stepId={step.stepId}
        title={w('supervisionTitle')}
      />
      {step.status === 'open' && hasRole('administrator') ? (
        <IssueSupervision applicationId={props.applicationId} stepId={step.stepId} onDone={detail.reload} />
      ) : null}
      {step.status === 'open' ? (
        <ExclusionForm applicationId={props.applicationId} step={step} onDone={detail.reload} />
      ) : null}
      <section class="card" aria-labelledby="step-history">
        <h2 id="step-history">{w('timelineOfStep')}</h2>
        <ol class="timeline">
          {[...events].reverse().map((event) => (
            <li key={event.eventId}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              <span>
                {tx('ev', event.type)} · {event.actor.userId}
                {eventNote(event)}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}

/** `→ officer.x（理由：…）` for an assignment, the kind and interval for excluded time. */
function eventNote(event: Schemas['AuditEvent']): string {
  const d = event.detail;
  const parts: string[] = [];
  if (event.type.startsWith('step-') && typeof d.to === 'string') parts.push(` → ${d.to}`);
  if (event.type === 'time-excluded' && typeof d.kind === 'string')
    parts.push(` · ${wx('exk', d.kind)} ${formatDateTime(String(d.from))} — ${formatDateTime(String(d.to))}`);
  if (typeof d.reason === 'string' && d.reason) parts.push(` · ${w('reason')}: ${d.reason}`);
  return parts.join('');
}

function ClaimButtons(props: { step: Step; me: string; onDone: () => void }) {
  const submit = useSubmit(props.onDone);
  const { step } = props;
  const act = (action: 'claim' | 'release') =>
    void submit.run((key) => assign(step.applicationId, step, { action }, key));
  return (
    <div class="buttons">
      {step.assignee === undefined ? (
        <button type="button" disabled={submit.busy} onClick={() => act('claim')}>
          {w('claim')}
        </button>
      ) : null}
      {step.assignee === props.me ? (
        <button type="button" disabled={submit.busy} onClick={() => act('release')}>
          {w('release')}
        </button>
      ) : null}
      <FormError error={submit.failure} />
    </div>
  );
}

function AssignForm(props: { applicationId: string; step: Step; onDone: () => void }) {
  const [assignee, setAssignee] = useState('');
  const [reason, setReason] = useState('');
  const submit = useSubmit(() => {
    setAssignee('');
    setReason('');
    props.onDone();
  });
  return (
    <form
      noValidate
      class="card action"
      aria-labelledby="assign-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          assign(
            props.applicationId,
            props.step,
            { action: 'assign', assignee, ...(reason ? { reason } : {}) },
            key,
          ),
        );
      }}
    >
      <h2 id="assign-title">{w('assignTitle')}</h2>
      <p class="hint">{w('assignHint')}</p>
      <div class="row">
        <Field id="assign-to" label={w('assignTo')} error={submit.errors.assignee}>
          {(attrs) => (
            <input
              {...attrs}
              value={assignee}
              autoComplete="off"
              onInput={(e) => setAssignee((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="assign-reason" label={w('reason')} error={submit.errors.reason}>
          {(attrs) => (
            <input
              {...attrs}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <FormError error={submit.failure} shown={['assignee', 'reason']} />
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('assign')}
        </button>
      </div>
    </form>
  );
}

const exclusionKinds = ['hearing', 'testing', 'inspection', 'expert-review', 'public-notice'] as const;

function ExclusionForm(props: { applicationId: string; step: Step; onDone: () => void }) {
  const [kind, setKind] = useState<(typeof exclusionKinds)[number]>('hearing');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit(props.onDone);
  return (
    <form
      noValidate
      class="card action"
      aria-labelledby="exclusion-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/steps/{stepId}/exclusions', {
              params: {
                path: { applicationId: props.applicationId, stepId: props.step.stepId },
                header: { 'Idempotency-Key': key },
              },
              body: {
                kind,
                start: beijingInstant(start),
                end: beijingInstant(end),
                ...(note ? { note } : {}),
              },
            }),
          ),
        );
      }}
    >
      <h2 id="exclusion-title">{w('excludedTitle')}</h2>
      <p class="hint">{w('excludedHint')}</p>
      <div class="row">
        <Field id="exclusion-kind" label={w('exclusionKind')} error={submit.errors.kind}>
          {(attrs) => (
            <select
              {...attrs}
              value={kind}
              onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}
            >
              {exclusionKinds.map((k) => (
                <option key={k} value={k}>
                  {wx('exk', k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="exclusion-start" label={w('start')} error={submit.errors.start}>
          {(attrs) => (
            <input
              {...attrs}
              type="datetime-local"
              value={start}
              onInput={(e) => setStart((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
        <Field id="exclusion-end" label={w('end')} error={submit.errors.end}>
          {(attrs) => (
            <input
              {...attrs}
              type="datetime-local"
              value={end}
              onInput={(e) => setEnd((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <Field id="exclusion-note" label={w('note')} error={submit.errors.note}>
        {(attrs) => (
          <input {...attrs} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        )}
      </Field>
      <FormError error={submit.failure} shown={['kind', 'start', 'end', 'note']} />
      {submit.done && !submit.failure ? (
        <p class="ok-text" role="status">
          {w('exclusionRecorded')}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('recordExclusion')}
        </button>
      </div>
    </form>
  );
}

/** `#/work[/mine|/unassigned|/department][?for=]` and `#/work/step/{applicationId}/{stepId}`. */
export default function OfficerWorkScreens(props: { route: Route }) {
  const [, second, applicationId, stepId] = props.route.segments;
  return second === 'step' && applicationId && stepId ? (
    <StepWork applicationId={applicationId} stepId={stepId} />
  ) : (
    <OfficerWork view={second} query={props.route.query} />
  );
}
