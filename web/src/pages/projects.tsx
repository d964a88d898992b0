// The project register (项目库) and its problem tickets (问题清单 · 销号), issue 13, loaded as its own chunk. An
// enterprise (or its agency officer) sees its projects with their stage and applications and reports progress;
// the service centre (window clerk) registers projects in reserve and names the approval secretary, leader and
// task force; secretaries and department officers see "my assigned projects" (我负责的项目); tickets are raised
// by the enterprise side or a department, worked by the responsible department and struck off only when the
// enterprise side confirms the fix; escalations (挂牌督办) show on the row.
import { useState } from 'preact/hooks';
import { api, unwrap } from '../api.ts';
import { actingFor, hasRole, session } from '../auth.ts';
import { formatCalendarDate, formatDate, formatDateTime, formatRemaining, formatYuan } from '../format.ts';
import { t, tx } from '../i18n.ts';
import { href, navigate, type Route } from '../router.ts';
import {
  Empty,
  ErrorView,
  Field,
  FormError,
  Loading,
  Page,
  SlaMarker,
  StatusBadge,
  useLoad,
  useSubmit,
} from '../ui.tsx';
import { w, wx } from '../work/words.ts';

type Detail = Awaited<ReturnType<typeof loadProject>>;
type Project = Detail['project'];
type Ticket = Detail['tickets'][number];
type Stage = Project['stage'];

const stages: Stage[] = ['reserve', 'signed', 'land-secured', 'construction-started', 'in-production'];
const categories = ['land', 'planning', 'permits', 'utilities', 'financing', 'other'] as const;
const departments = ['natural-resources', 'housing-construction', 'real-estate-registration'];
/** The API takes the industry as a slug; these are the common ones (industrial-park classifications). */
const industries = [
  'auto-parts',
  'new-energy',
  'new-materials',
  'equipment',
  'electronics',
  'biomedicine',
  'food',
  'chemicals',
  'logistics',
  'industrial',
];

const enterpriseSide = () => hasRole('enterprise') || hasRole('agency-officer');

function loadProject(projectId: string) {
  return unwrap(api.GET('/projects/{projectId}', { params: { path: { projectId } } }));
}

/** `#/projects[?enterprise=]`: an enterprise's projects, and the registration form for those who may register. */
export function Projects(props: { query: URLSearchParams }) {
  const own = hasRole('enterprise');
  const chosen = own ? undefined : (props.query.get('enterprise') ?? actingFor());
  const list = useLoad(
    async () =>
      own || chosen
        ? unwrap(
            api.GET('/projects', {
              params: { query: { limit: 50, ...(chosen ? { enterpriseId: chosen } : {}) } },
            }),
          )
        : { items: [] },
    [chosen],
  );
  const [enterprise, setEnterprise] = useState(chosen ?? '');
  // A department officer has no enterprise's list to pick: only its assigned projects.
  const onlyDepartment =
    hasRole('department-officer') &&
    !enterpriseSide() &&
    !hasRole('window-clerk') &&
    !hasRole('administrator');
  return (
    <Page title={w('projectsTitle')}>
      <p class="hint">{w('projectsHint')}</p>
      {hasAssignedProjects() ? <AssignedProjects /> : null}
      {onlyDepartment ? null : own || hasRole('agency-officer') ? null : (
        <form
          noValidate
          class="row toolbar card"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`/projects?enterprise=${encodeURIComponent(enterprise)}`);
          }}
        >
          <Field id="projects-of" label={w('projectsOf')}>
            {(attrs) => (
              <input
                {...attrs}
                value={enterprise}
                autoComplete="off"
                onInput={(e) => setEnterprise((e.target as HTMLInputElement).value)}
              />
            )}
          </Field>
          <button type="submit">{w('showProjects')}</button>
        </form>
      )}
      {onlyDepartment ? null : list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{w('noProjects')}</Empty>
      ) : (
        <ProjectTable caption={w('projectsTitle')} items={list.data.items} />
      )}
      {enterpriseSide() || hasRole('window-clerk') ? (
        <RegisterProject key={chosen} enterpriseId={chosen} />
      ) : null}
    </Page>
  );
}

/** Those with a "my assigned projects" list (`GET /projects?assigned=me`): secretaries and department officers. */
const hasAssignedProjects = () => hasRole('agency-officer') || hasRole('department-officer');

/** 我负责的项目: the caller's assigned projects, newest first, a page at a time (sealed cursor). */
function AssignedProjects() {
  const [shown, setShown] = useState(1);
  const list = useLoad(async () => {
    const items: Project[] = [];
    let cursor: string | undefined;
    // The pages already shown are read again in order: the cursor of each leads to the next.
    for (let index = 0; index < shown; index++) {
      const page = await unwrap(
        api.GET('/projects', {
          params: { query: { assigned: 'me', limit: 50, ...(cursor ? { cursor } : {}) } },
        }),
      );
      items.push(...page.items);
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor };
  }, [shown]);
  return (
    <section aria-labelledby="assigned-projects" class="card">
      <h2 id="assigned-projects">{w('assignedProjectsTitle')}</h2>
      <p class="hint">{w('assignedProjectsHint')}</p>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{w('noAssignedProjects')}</Empty>
      ) : (
        <>
          <ProjectTable caption={w('assignedProjectsTitle')} items={list.data.items} />
          {list.data.cursor ? (
            <button type="button" onClick={() => setShown((n) => n + 1)}>
              {w('moreProjects')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function ProjectTable(props: { caption: string; items: Project[] }) {
  return (
    <div class="table-wrap" tabIndex={0}>
      <table>
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{w('projectName')}</th>
            <th scope="col">{w('stage')}</th>
            <th scope="col">{w('industry')}</th>
            <th scope="col">{w('plannedInvestment')}</th>
            <th scope="col">{w('secretary')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((p) => (
            <tr key={p.projectId}>
              <td>
                <a href={href(`/projects/${p.projectId}`)}>{p.name}</a>
              </td>
              <td>{wx('stage', p.stage)}</td>
              <td>{wx('ind', p.industry)}</td>
              <td>{formatYuan(p.plannedInvestmentYuan)}</td>
              <td>{p.people.secretaryUserId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RegisterProject(props: { enterpriseId: string | undefined }) {
  const byCentre = hasRole('window-clerk');
  const [form, setForm] = useState({
    enterpriseId: props.enterpriseId ?? '',
    name: '',
    industry: industries[0]!,
    location: '',
    plannedInvestmentYuan: '',
  });
  const set = (name: keyof typeof form) => (e: Event) =>
    setForm((f) => ({ ...f, [name]: (e.target as HTMLInputElement).value }));
  const submit = useSubmit(() => undefined);
  const text = (name: keyof typeof form, label: string, numeric = false) => (
    <Field id={`project-${name}`} label={label} error={submit.errors[name]}>
      {(attrs) =>
        numeric ? (
          <input {...attrs} type="number" value={form[name]} onInput={set(name)} />
        ) : (
          <input {...attrs} value={form[name]} onInput={set(name)} />
        )
      }
    </Field>
  );
  return (
    <form
      noValidate
      class="card"
      aria-labelledby="register-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run(async (key) => {
          const enterpriseId = byCentre ? form.enterpriseId : actingFor();
          const created = await unwrap(
            api.POST('/projects', {
              params: { header: { 'Idempotency-Key': key } },
              body: {
                ...(enterpriseId ? { enterpriseId } : {}),
                name: form.name,
                industry: form.industry,
                location: form.location,
                plannedInvestmentYuan: Number(form.plannedInvestmentYuan || Number.NaN),
              },
            }),
          );
          navigate(`/projects/${created.projectId}`);
        });
      }}
    >
      <h2 id="register-title">{w('newProject')}</h2>
      {byCentre ? text('enterpriseId', w('enterpriseId')) : null}
      <div class="row">
        {text('name', w('projectName'))}
        <Field id="project-industry" label={w('industry')} error={submit.errors.industry}>
          {(attrs) => (
            <select {...attrs} value={form.industry} onChange={set('industry')}>
              {industries.map((i) => (
                <option key={i} value={i}>
                  {wx('ind', i)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="row">
        {text('location', w('location'))}
        {text('plannedInvestmentYuan', w('plannedInvestment'), true)}
      </div>
      <FormError error={submit.failure} shown={Object.keys(form)} />
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('registerProject')}
        </button>
      </div>
    </form>
  );
}

/** `#/projects/{id}`: stage and dates, people, applications, tickets with their actions, and the timeline. */
export function ProjectDetail(props: { projectId: string }) {
  const detail = useLoad(() => loadProject(props.projectId), [props.projectId]);
  if (detail.error) return <ErrorView error={detail.error} onRetry={detail.reload} />;
  if (!detail.data)
    return (
      <Page title={w('projectsTitle')}>
        <Loading />
      </Page>
    );
  const { project, applications, tickets, timeline } = detail.data;
  const reload = detail.reload;
  return (
    <Page title={project.name} actions={<a href={href('/projects')}>{w('projectsTitle')}</a>}>
      <div class="grid">
        <section class="card" aria-labelledby="project-facts">
          <h2 id="project-facts">
            {w('stage')}: <span data-testid="stage">{wx('stage', project.stage)}</span>
          </h2>
          <dl class="summary">
            <dt>{w('enterpriseId')}</dt>
            <dd>{project.enterpriseId}</dd>
            <dt>{w('industry')}</dt>
            <dd>{wx('ind', project.industry)}</dd>
            <dt>{w('location')}</dt>
            <dd>{project.location}</dd>
            <dt>{w('plannedInvestment')}</dt>
            <dd>{formatYuan(project.plannedInvestmentYuan)}</dd>
          </dl>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption>{w('stages')}</caption>
              <thead>
                <tr>
                  <th scope="col">{w('stage')}</th>
                  <th scope="col">{w('planned')}</th>
                  <th scope="col">{w('actual')}</th>
                </tr>
              </thead>
              <tbody>
                {stages.map((s) => (
                  <tr key={s}>
                    <th scope="row">{wx('stage', s)}</th>
                    <td>{formatCalendarDate(project.stages[s].plannedOn)}</td>
                    <td>{formatCalendarDate(project.stages[s].actualOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card" aria-labelledby="people-title">
          <h2 id="people-title">{w('peopleTitle')}</h2>
          <dl class="summary">
            <dt>{w('secretary')}</dt>
            <dd data-testid="secretary">{project.people.secretaryUserId ?? w('notAssigned')}</dd>
            <dt>{w('leader')}</dt>
            <dd>{project.people.leader ?? w('notAssigned')}</dd>
            <dt>{w('taskForce')}</dt>
            <dd>{project.people.taskForce ?? w('notAssigned')}</dd>
          </dl>
          {hasRole('window-clerk') ? <PeopleForm project={project} onDone={reload} /> : null}
        </section>
      </div>
      {enterpriseSide() || hasRole('window-clerk') ? (
        <ProgressForm project={project} onDone={reload} />
      ) : null}
      <section class="card" aria-labelledby="project-apps">
        <h2 id="project-apps">{w('applicationsOfProject')}</h2>
        {applications.length === 0 ? (
          <Empty />
        ) : (
          <ul>
            {applications.map((a) => (
              <li key={a.applicationId}>
                <a href={href(`/applications/${a.applicationId}`)}>{a.projectName}</a>{' '}
                <StatusBadge status={a.status} /> {formatDate(a.createdAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="tickets-title">
        <h2 id="tickets-title">{w('ticketsTitle')}</h2>
        {tickets.length === 0 ? (
          <Empty />
        ) : (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="sr-only">{w('ticketsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{w('ticketTitle')}</th>
                  <th scope="col">{w('category')}</th>
                  <th scope="col">{w('responsibleDept')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{w('due')}</th>
                  <th scope="col">{w('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {tickets.map((ticket) => (
                  <TicketRow key={ticket.ticketId} ticket={ticket} onDone={reload} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {enterpriseSide() || hasRole('department-officer') ? (
        <RaiseTicket projectId={project.projectId} onDone={reload} />
      ) : null}
      <section class="card" aria-labelledby="project-timeline">
        <h2 id="project-timeline">{w('projectTimeline')}</h2>
        <ol class="timeline">
          {[...timeline].reverse().map((event) => (
            <li key={event.eventId}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              <span>
                {wx('pev', event.type)}
                {event.toStage ? ` · ${wx('stage', event.toStage)}` : ''}
                {event.ticketId
                  ? ` · ${tickets.find((k) => k.ticketId === event.ticketId)?.title ?? ''}`
                  : ''}
                {` · ${event.actor.role === 'system' ? t('system') : event.actor.userId}`}
                {event.onBehalfOf ? ` (${t('onBehalfOf')} ${event.onBehalfOf})` : ''}
                {typeof event.detail.note === 'string' && event.detail.note ? ` · ${event.detail.note}` : ''}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </Page>
  );
}

function TicketRow(props: { ticket: Ticket; onDone: () => void }) {
  const { ticket } = props;
  const [note, setNote] = useState('');
  const submit = useSubmit(() => {
    setNote('');
    props.onDone();
  });
  const mine = session()?.principal.department === ticket.department;
  const actions: ('accept' | 'resolve' | 'confirm' | 'reopen')[] = [];
  if (hasRole('department-officer') && mine) {
    if (ticket.status === 'raised') actions.push('accept');
    if (['raised', 'accepted', 'reopened'].includes(ticket.status)) actions.push('resolve');
  }
  if (enterpriseSide() && ticket.status === 'resolved') actions.push('confirm', 'reopen');
  const act = (action: (typeof actions)[number]) =>
    void submit.run((key) =>
      unwrap(
        api.POST('/projects/{projectId}/tickets/{ticketId}/action', {
          params: {
            path: { projectId: ticket.projectId, ticketId: ticket.ticketId },
            header: { 'Idempotency-Key': key },
          },
          body: { action, ...(note ? { note } : {}) },
        }),
      ),
    );
  const noteId = `ticket-note-${ticket.ticketId}`;
  return (
    <tr class={`row-${ticket.slaStatus ?? 'green'}`} data-ticket={ticket.ticketId}>
      <th scope="row">
        {ticket.title}
        <p class="small muted">{ticket.description}</p>
      </th>
      <td>{wx('cat', ticket.category)}</td>
      <td>{tx('dept', ticket.department)}</td>
      <td>
        <span class="badge">{wx('tk', ticket.status)}</span>
        {ticket.escalatedAt ? <span class="badge status-failed"> {w('escalated')}</span> : null}
        {ticket.reopenCount > 0 ? (
          <span class="small">
            {' '}
            {w('reopenCount')} {ticket.reopenCount}
          </span>
        ) : null}
      </td>
      <td>
        {formatDate(ticket.dueAt)}
        <br />
        {ticket.status === 'closed' ? null : (
          <>
            <SlaMarker status={ticket.slaStatus} /> {formatRemaining(ticket.clock.remainingDays)}
          </>
        )}
      </td>
      <td>
        {actions.length > 0 ? (
          <>
            <label for={noteId} class="small">
              {w('note')}
            </label>
            <input
              id={noteId}
              value={note}
              onInput={(e) => setNote((e.target as HTMLInputElement).value)}
              aria-invalid={submit.errors.note ? 'true' : undefined}
            />
            <div class="buttons">
              {actions.map((a) => (
                <button key={a} type="button" disabled={submit.busy} onClick={() => act(a)}>
                  {wx('ta', a)}
                </button>
              ))}
            </div>
          </>
        ) : null}
        <FormError error={submit.failure} />
      </td>
    </tr>
  );
}

function PeopleForm(props: { project: Project; onDone: () => void }) {
  const [people, setPeople] = useState({
    secretaryUserId: props.project.people.secretaryUserId ?? '',
    leader: props.project.people.leader ?? '',
    taskForce: props.project.people.taskForce ?? '',
  });
  const submit = useSubmit(props.onDone);
  const text = (name: keyof typeof people, label: string) => (
    <Field id={`people-${name}`} label={label} error={submit.errors[name]}>
      {(attrs) => (
        <input
          {...attrs}
          value={people[name]}
          autoComplete="off"
          onInput={(e) => setPeople((p) => ({ ...p, [name]: (e.target as HTMLInputElement).value }))}
        />
      )}
    </Field>
  );
  return (
    <form
      noValidate
      aria-label={w('peopleTitle')}
      onSubmit={(e) => {
        e.preventDefault();
        const body = Object.fromEntries(Object.entries(people).filter(([, v]) => v));
        void submit.run((key) =>
          unwrap(
            api.PUT('/projects/{projectId}/people', {
              params: { path: { projectId: props.project.projectId }, header: { 'Idempotency-Key': key } },
              body,
            }),
          ),
        );
      }}
    >
      {text('secretaryUserId', w('secretary'))}
      {text('leader', w('leader'))}
      {text('taskForce', w('taskForce'))}
      <FormError error={submit.failure} shown={Object.keys(people)} />
      {submit.done && !submit.failure ? (
        <p class="ok-text" role="status">
          {w('peopleSaved')}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('savePeople')}
        </button>
      </div>
    </form>
  );
}

function ProgressForm(props: { project: Project; onDone: () => void }) {
  const later = stages.slice(stages.indexOf(props.project.stage) + 1);
  const [toStage, setToStage] = useState<string>('');
  const [actualOn, setActualOn] = useState('');
  const [note, setNote] = useState('');
  const submit = useSubmit(() => {
    setToStage('');
    setNote('');
    props.onDone();
  });
  return (
    <form
      noValidate
      class="card action"
      aria-labelledby="progress-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/projects/{projectId}/progress', {
              params: { path: { projectId: props.project.projectId }, header: { 'Idempotency-Key': key } },
              body: {
                ...(toStage ? { toStage: toStage as Stage } : {}),
                ...(actualOn ? { actualOn } : {}),
                ...(note ? { note } : {}),
              },
            }),
          ),
        );
      }}
    >
      <h2 id="progress-title">{w('progressTitle')}</h2>
      <div class="row">
        <Field id="progress-stage" label={w('toStage')} error={submit.errors.toStage}>
          {(attrs) => (
            <select
              {...attrs}
              value={toStage}
              onChange={(e) => setToStage((e.target as HTMLSelectElement).value)}
            >
              <option value="">—</option>
              {later.map((s) => (
                <option key={s} value={s}>
                  {wx('stage', s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="progress-on" label={w('actualOn')} error={submit.errors.actualOn}>
          {(attrs) => (
            <input
              {...attrs}
              type="date"
              value={actualOn}
              onInput={(e) => setActualOn((e.target as HTMLInputElement).value)}
            />
          )}
        </Field>
      </div>
      <Field id="progress-note" label={w('note')} error={submit.errors.note}>
        {(attrs) => (
          <input {...attrs} value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
        )}
      </Field>
      <FormError error={submit.failure} shown={['toStage', 'actualOn', 'note']} />
      {submit.done && !submit.failure ? (
        <p class="ok-text" role="status">
          {w('progressReported')}
        </p>
      ) : null}
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('reportProgress')}
        </button>
      </div>
    </form>
  );
}

function RaiseTicket(props: { projectId: string; onDone: () => void }) {
  const empty = {
    title: '',
    description: '',
    category: 'land' as (typeof categories)[number],
    department: departments[0]!,
    timeLimitDays: '5',
  };
  const [form, setForm] = useState(empty);
  const set = (name: keyof typeof form) => (e: Event) =>
    setForm((f) => ({ ...f, [name]: (e.target as HTMLInputElement).value }));
  const submit = useSubmit(() => {
    setForm(empty);
    props.onDone();
  });
  return (
    <form
      noValidate
      class="card action"
      aria-labelledby="raise-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/projects/{projectId}/tickets', {
              params: { path: { projectId: props.projectId }, header: { 'Idempotency-Key': key } },
              body: { ...form, timeLimitDays: Number(form.timeLimitDays || Number.NaN) },
            }),
          ),
        );
      }}
    >
      <h2 id="raise-title">{w('raiseTicket')}</h2>
      <Field id="ticket-title" label={w('ticketTitle')} error={submit.errors.title}>
        {(attrs) => <input {...attrs} value={form.title} onInput={set('title')} />}
      </Field>
      <Field id="ticket-description" label={w('ticketDescription')} error={submit.errors.description}>
        {(attrs) => <textarea {...attrs} rows={3} value={form.description} onInput={set('description')} />}
      </Field>
      <div class="row">
        <Field id="ticket-category" label={w('category')} error={submit.errors.category}>
          {(attrs) => (
            <select {...attrs} value={form.category} onChange={set('category')}>
              {categories.map((c) => (
                <option key={c} value={c}>
                  {wx('cat', c)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ticket-department" label={w('responsibleDept')} error={submit.errors.department}>
          {(attrs) => (
            <select {...attrs} value={form.department} onChange={set('department')}>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {tx('dept', d)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ticket-limit" label={w('timeLimit')} error={submit.errors.timeLimitDays}>
          {(attrs) => (
            <input
              {...attrs}
              type="number"
              min={1}
              value={form.timeLimitDays}
              onInput={set('timeLimitDays')}
            />
          )}
        </Field>
      </div>
      <FormError error={submit.failure} shown={Object.keys(form)} />
      <div class="buttons">
        <button type="submit" class="button primary" disabled={submit.busy}>
          {w('raiseTicket')}
        </button>
      </div>
    </form>
  );
}

/** `#/projects[?enterprise=]` and `#/projects/{projectId}`. */
export default function ProjectScreens(props: { route: Route }) {
  const projectId = props.route.segments[1];
  return projectId ? <ProjectDetail projectId={projectId} /> : <Projects query={props.route.query} />;
}
