// The pieces every screen uses: the page frame (header, navigation, language switch, agency switcher), loading
// and empty states, the 401/403/404 pages, form fields with the API's message beside them, status badges and
// the working-day clock.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, idempotencyKey, type Schemas } from './api.ts';
import { actingFor, hasRole, session, setActingFor, signOut } from './auth.ts';
import {
  formatCalendarDate,
  formatDate,
  formatRemaining,
  formatWorkingDays,
  localizeIssue,
} from './format.ts';
import { language, setLanguage, t, tx, type MessageKey } from './i18n.ts';
import { NotificationBell } from './notification-bell.tsx';
import { href, navigate } from './router.ts';

/** Loads data for a screen; `reload` refetches without blanking what is shown (no layout shift). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, loading: false }),
      (error: unknown) => mine === generation.current && setState({ error, loading: false }),
    );
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}

export function Page(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · ${t('appName')}`;
    // Focus moves to the new screen's heading, so keyboard and screen-reader users start there.
    heading.current?.focus({ preventScroll: false });
  }, [props.title]);
  return (
    <>
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {props.title}
        </h1>
        {props.actions ? <div class="page-actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </>
  );
}

const roleLabel: Record<string, MessageKey> = {
  enterprise: 'roleEnterprise',
  'agency-officer': 'roleAgency',
  'window-clerk': 'roleClerk',
  'department-officer': 'roleOfficer',
  administrator: 'roleAdmin',
};

export function Layout(props: { children: ComponentChildren; route: string }) {
  const current = session();
  const principal = current?.principal;
  const links: [string, MessageKey][] = [];
  if (hasRole('enterprise') || hasRole('agency-officer'))
    links.push(['/applications', 'navApplications'], ['/applications/new', 'navNew']);
  if (hasRole('window-clerk')) links.push(['/intake', 'navIntake']);
  if (hasRole('department-officer')) links.push(['/inbox', 'navInbox']);
  if (hasRole('administrator')) links.push(['/admin', 'navBoard'], ['/admin/calendar', 'navCalendar']);
  // Issues 13–15: officers' work, the project register, the service configuration.
  if (hasRole('department-officer')) links.push(['/work', 'navWork']);
  // Search (issue 14): whoever the API lets search.
  if (hasRole('window-clerk') || hasRole('department-officer') || hasRole('administrator'))
    links.push(['/search', 'navSearch']);
  if (hasRole('department-officer') || hasRole('administrator'))
    links.push(['/supervision', 'navSupervision']);
  // A department officer has its "my assigned projects" (我负责的项目) there too.
  links.push(['/projects', 'navProjects']);
  if (hasRole('administrator')) links.push(['/admin/config', 'navConfig'], ['/admin/parcels', 'navParcels']);
  // 好差评 (issue 18): the poor ratings the service centre follows up.
  if (hasRole('administrator')) links.push(['/admin/rating-follow-ups', 'navRatingFollowUps']);
  // The public face, for everyone (signed in or not).
  links.push(['/guides', 'navGuides'], ['/notices', 'navNotices'], ['/performance', 'navPerformance']);
  // The link whose path is the longest prefix of the route is the current page (not /admin on /admin/calendar).
  const covers = (path: string) => props.route === path || props.route.startsWith(`${path}/`);
  const currentLink = links
    .map(([path]) => path)
    .filter(covers)
    .sort((a, b) => b.length - a.length)[0];
  const active = (path: string) => path === currentLink;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => skipToMain(e)}>
        {t('skipToContent')}
      </a>
      <header class="top">
        <div class="brand">
          <span class="brand-name">{t('appName')}</span>
          <span class="brand-tagline">{t('appTagline')}</span>
        </div>
        {links.length > 0 ? (
          <nav aria-label={t('appName')}>
            <ul>
              {links.map(([path, key]) => (
                <li key={path}>
                  <a href={href(path)} aria-current={active(path) ? 'page' : undefined}>
                    {t(key)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div class="who">
          {principal?.agencyFor?.length ? <AgencySwitcher agencyFor={principal.agencyFor} /> : null}
          {principal ? (
            <NotificationBell route={props.route} current={props.route === '/notifications'} />
          ) : null}
          {principal ? (
            <span class="user">
              {principal.userId}
              <span class="role">
                {' '}
                · {principal.roles.map((r) => t(roleLabel[r] ?? 'roleEnterprise')).join('、')}
              </span>
            </span>
          ) : null}
          <button
            type="button"
            class="link"
            aria-label={t('languageLabel')}
            lang={language() === 'en' ? 'zh-CN' : 'en'}
            onClick={() => setLanguage(language() === 'en' ? 'zh-CN' : 'en')}
          >
            {t('language')}
          </button>
          {principal ? (
            <button
              type="button"
              class="link"
              onClick={() => {
                signOut();
                navigate('/sign-in');
              }}
            >
              {t('signOut')}
            </button>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}

function skipToMain(event: Event): void {
  // The hash belongs to the router: move focus without changing it.
  event.preventDefault();
  document.querySelector<HTMLElement>('main h1')?.focus();
}

function AgencySwitcher(props: { agencyFor: string[] }) {
  return (
    <label class="switcher">
      <span>{t('actingFor')}</span>
      <select
        value={actingFor()}
        onChange={(e) => {
          setActingFor((e.target as HTMLSelectElement).value);
          navigate('/applications');
        }}
      >
        {props.agencyFor.map((id) => (
          <option key={id} value={id}>
            {id}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {t('loading')}
    </p>
  );
}

export function Empty(props: { children?: ComponentChildren }) {
  return <p class="empty">{props.children ?? t('empty')}</p>;
}

/** The 401 / 403 / 404 pages, and any other failure with its reference. */
export function ErrorView(props: { error: unknown; onRetry?: () => void }) {
  const error = props.error;
  const status = error instanceof ApiError ? error.status : undefined;
  if (status === 401)
    return (
      <StatusPage
        code={401}
        title={t('e401Title')}
        text={t('e401Text')}
        link="/sign-in"
        linkText={t('signIn')}
      />
    );
  if (status === 403) return <StatusPage code={403} title={t('e403Title')} text={t('e403Text')} />;
  if (status === 404) return <StatusPage code={404} title={t('e404Title')} text={t('e404Text')} />;
  return (
    <div class="status-page" role="alert">
      <h2>{t('eGeneric')}</h2>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      {error instanceof ApiError && error.issues.length > 0 ? (
        <ul class="issues">
          {error.issues.map((i) => (
            <li key={i.path}>
              <code>{i.path}</code> {localizeIssue(i.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {error instanceof ApiError && error.correlationId ? (
        <p class="muted">
          {t('correlation')}: <code>{error.correlationId}</code>
        </p>
      ) : null}
      {props.onRetry ? (
        <button type="button" onClick={props.onRetry}>
          {t('retry')}
        </button>
      ) : null}
    </div>
  );
}

export function StatusPage(props: {
  code: number;
  title: string;
  text: string;
  link?: string;
  linkText?: string;
}) {
  return (
    <section class="status-page" aria-labelledby="status-title" data-status={props.code}>
      <p class="status-code" aria-hidden="true">
        {props.code}
      </p>
      <h2 id="status-title">{props.title}</h2>
      <p>{props.text}</p>
      <p>
        <a class="button" href={href(props.link ?? '/')}>
          {props.linkText ?? t('goHome')}
        </a>
      </p>
    </section>
  );
}

/** A labelled field with its hint and the API's message for it, announced and tied by aria-describedby. */
export function Field(props: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: string;
  children: (attrs: Record<string, unknown>) => ComponentChildren;
}) {
  const describedBy = [props.hint ? `${props.id}-hint` : '', props.error ? `${props.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.children({
        // First, so it is set before `type`: Chromium draws a date or time field in the format of the language it
        // has when its type is set, and Preact sets a new element's attributes before inserting it.
        lang: language(),
        id: props.id,
        'aria-invalid': props.error ? 'true' : undefined,
        'aria-describedby': describedBy || undefined,
      })}
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level message: what failed, and the issues that have no field on screen. */
export function FormError(props: { error: unknown; shown?: string[] }) {
  if (!props.error) return null;
  const error = props.error;
  if (error instanceof ApiError) {
    const rest = error.issues.filter(
      (i) => !(props.shown ?? []).includes(i.path.replace(/^(body|query|params)\.?/, '')),
    );
    return (
      <div class="form-error" role="alert">
        <p>
          {error.issues.length > 0 ? t('fixErrors') : error.message} <code>{error.code}</code>
        </p>
        {rest.length > 0 ? (
          <ul>
            {rest.map((i) => (
              <li key={i.path}>
                <code>{i.path || '—'}</code> {localizeIssue(i.message)}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  return (
    <div class="form-error" role="alert">
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

export function StatusBadge(props: { status: string }) {
  return <span class={`badge status-${props.status}`}>{tx('st', props.status)}</span>;
}

/** 预警 colour with its words, never colour alone. */
export function SlaMarker(props: { status: string | undefined }) {
  const status = props.status ?? 'green';
  const normal = status === 'on-track' ? 'green' : status;
  return (
    <span class={`sla sla-${normal}`}>
      <span class="dot" aria-hidden="true" />
      {tx('sla', normal === 'met' ? 'green' : normal === 'missed' ? 'red' : normal)}
    </span>
  );
}

type Clock = Schemas['ClockReading'];

/** The live countdown in working days, with the paused intervals (补正, Art. 45) listed. */
export function ClockCard(props: { clock: Clock | null | undefined; title: string; limitDays?: number }) {
  const clock = props.clock;
  if (!clock)
    return (
      <section class="card clock" aria-label={props.title}>
        <h3>{props.title}</h3>
        <p class="muted">{t('notStarted')}</p>
      </section>
    );
  const closed = clock.status === 'met' || clock.status === 'missed';
  const pct = Math.min(100, Math.round((clock.usedDays / Math.max(1, clock.budgetDays)) * 100));
  return (
    <section class={`card clock clock-${clock.status}`} aria-label={props.title}>
      <h3>{props.title}</h3>
      <p class="countdown" aria-live="polite">
        {closed ? tx('clock', clock.status) : formatRemaining(clock.remainingDays)}
      </p>
      <div
        class="meter"
        role="img"
        aria-label={`${t('used')} ${formatWorkingDays(clock.usedDays)} / ${formatWorkingDays(clock.budgetDays)}`}
      >
        <svg viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
          <rect class="meter-track" x="0" y="0" width="100" height="6" />
          <rect class="meter-fill" x="0" y="0" width={pct} height="6" />
        </svg>
      </div>
      <dl class="facts">
        <div>
          <dt>{t('limit')}</dt>
          <dd>{formatWorkingDays(clock.budgetDays)}</dd>
        </div>
        <div>
          <dt>{t('used')}</dt>
          <dd>{formatWorkingDays(clock.usedDays)}</dd>
        </div>
        <div>
          <dt>{t('paused')}</dt>
          <dd>{formatWorkingDays(clock.pausedDays)}</dd>
        </div>
        <div>
          <dt>{t('dueOn')}</dt>
          <dd>{formatCalendarDate(clock.dueOn)}</dd>
        </div>
      </dl>
      {clock.paused ? <p class="paused-now">{t('pausedNow')}</p> : null}
      {clock.provisional ? <p class="muted">{t('provisional')}</p> : null}
      {clock.pausedIntervals.length > 0 ? (
        <>
          <h4>{t('pausedIntervals')}</h4>
          <ul class="intervals">
            {clock.pausedIntervals.map((interval) => (
              <li key={interval.from}>
                {formatDate(interval.from)} — {interval.to ? formatDate(interval.to) : t('ongoing')} ·{' '}
                {interval.reasons.map((r) => tx('pause', r)).join('、')} ·{' '}
                {formatWorkingDays(interval.workingDays)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/**
 * A form's submission: one Idempotency-Key per attempt (a double click or a retry is harmless, a new key after
 * success), the API's field errors by path, and focus moved to the first refused field.
 */
export function useSubmit(onDone: () => void) {
  const [key, setKey] = useState(idempotencyKey);
  const [failure, setFailure] = useState<unknown>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const run = async (call: (key: string) => Promise<unknown>) => {
    setBusy(true);
    setFailure(undefined);
    setErrors({});
    try {
      await call(key);
      setDone(true);
      setKey(idempotencyKey());
      onDone();
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError) setErrors(error.fieldErrors());
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('[aria-invalid="true"], .form-error')?.focus(),
      );
    } finally {
      setBusy(false);
    }
  };
  return { run, failure, errors, busy, done };
}
