// The portal's entry: reads the runtime configuration, finishes a Cognito redirect if there is one, and maps
// hash routes to screens. The administrator's screens (charts, calendar), the filing wizard and the screens of
// issues 13–15 load as separate chunks.
import { render } from 'preact';
import { lazy, Suspense } from 'preact/compat';
import { useEffect, useState } from 'preact/hooks';
import {
  completeCognitoSignIn,
  homeOf,
  loadConfig,
  onSessionChange,
  session,
  type RuntimeConfig,
} from './auth.ts';
import { language, t, useLanguage } from './i18n.ts';
import { ApplicationDetail } from './pages/application-detail.tsx';
import { Applications } from './pages/applications.tsx';
import { Inbox } from './pages/inbox.tsx';
import { SignIn } from './pages/sign-in.tsx';
import { navigate, useRoute } from './router.ts';
import { ErrorView, Layout, Loading, StatusPage } from './ui.tsx';
import './styles.css';

const AdminBoard = lazy(() => import('./pages/admin.tsx').then((m) => ({ default: m.AdminBoard })));
const AdminCalendar = lazy(() => import('./pages/admin.tsx').then((m) => ({ default: m.AdminCalendar })));
// The filing wizard is reached by a click, never the first screen: loaded on demand, it pays for the screens below.
const NewApplication = lazy(() =>
  import('./pages/new-application.tsx').then((m) => ({ default: m.NewApplication })),
);
// Officers' work, the project register and the service configuration (issues 13–15): each its own chunk, whose
// default export picks its screen from the route, so the entry holds one small wrapper per module.
const OfficerWork = lazy(() => import('./pages/officer-work.tsx'));
const Projects = lazy(() => import('./pages/projects.tsx'));
// Search and bulk reassignment (issue 14): its own chunk.
const SearchScreen = lazy(() => import('./pages/search.tsx'));
const SupervisionScreen = lazy(() => import('./pages/supervision.tsx'));
const ServiceConfig = lazy(() => import('./pages/config.tsx'));
const Notifications = lazy(() =>
  import('./pages/notifications.tsx').then((m) => ({ default: m.Notifications })),
);
// The public certificate check (no sign-in): its own chunk, the first screen does not carry it.
const VerifyCertificate = lazy(() =>
  import('./pages/verify.tsx').then((m) => ({ default: m.VerifyCertificate })),
);
// --- The public face (办事指南 · 公示 · 政务公开): no sign-in, loaded on demand ---
const Guides = lazy(() => import('./pages/guides.tsx').then((m) => ({ default: m.Guides })));
const GuidePage = lazy(() => import('./pages/guides.tsx').then((m) => ({ default: m.GuidePage })));
const Performance = lazy(() => import('./pages/guides.tsx').then((m) => ({ default: m.Performance })));
const Notices = lazy(() => import('./pages/notices.tsx').then((m) => ({ default: m.Notices })));
// --- end of the public face ---
// 好差评 (issue 18): the administrators' follow-ups of poor ratings, its own chunk.
const RatingFollowUps = lazy(() => import('./pages/ratings.tsx'));

function App(props: { config: RuntimeConfig }) {
  useLanguage();
  const route = useRoute();
  const [, setTick] = useState(0);
  useEffect(() => onSessionChange(() => setTick((n) => n + 1)), []);
  const signedIn = session();
  const [first, second] = route.segments;

  let screen;
  // A screen that exists needs a session (401 page without one); one that does not is a 404 for anyone.
  const known = [
    'applications',
    'intake',
    'inbox',
    'admin',
    'forbidden',
    'work',
    'projects',
    'notifications',
    'search',
    'supervision',
  ].includes(first ?? '');
  if (first === 'verify') {
    // Public: anyone holding a certificate (or its QR code) checks it without an account.
    screen = <VerifyCertificate {...(second ? { certificateNo: second } : {})} />;
  } else if (!signedIn && (known || route.path === '/')) {
    screen =
      route.path === '/' ? (
        <Redirect to="/sign-in" />
      ) : (
        <StatusPage
          code={401}
          title={t('e401Title')}
          text={t('e401Text')}
          link="/sign-in"
          linkText={t('signIn')}
        />
      );
  } else if (route.path === '/') {
    screen = <Redirect to={homeOf(signedIn?.principal)} />;
  } else if (first === 'guides') {
    // The public face: for anyone, signed in or not.
    screen = second ? <GuidePage permitType={second} track={route.query.get('track')} /> : <Guides />;
  } else if (first === 'performance') {
    screen = <Performance month={route.query.get('month')} />;
  } else if (first === 'notices' && !second) {
    screen = <Notices q={route.query.get('q')} kind={route.query.get('kind')} />;
  } else if (first === 'sign-in') {
    screen = <SignIn config={props.config} />;
  } else if (first === 'applications' && !second) {
    screen = <Applications />;
  } else if (first === 'applications' && second === 'new') {
    screen = <NewApplication />;
  } else if (first === 'applications' && second) {
    screen = <ApplicationDetail applicationId={second} />;
  } else if (first === 'intake') {
    screen = <Inbox department="window" intake />;
  } else if (first === 'inbox') {
    screen = <Inbox {...(second ? { department: second } : {})} />;
  } else if (first === 'admin' && !second) {
    screen = <AdminBoard query={route.query} />;
  } else if (first === 'admin' && second === 'rating-follow-ups') {
    screen = <RatingFollowUps />;
  } else if (first === 'admin' && second === 'calendar') {
    screen = <AdminCalendar />;
  } else if (first === 'work') {
    screen = <OfficerWork route={route} />;
  } else if (first === 'search' && !second) {
    screen = <SearchScreen route={route} />;
  } else if (first === 'supervision' && !second) {
    screen = <SupervisionScreen />;
  } else if (first === 'projects') {
    screen = <Projects route={route} />;
  } else if (first === 'admin' && (second === 'config' || second === 'parcels')) {
    screen = <ServiceConfig route={route} />;
  } else if (first === 'notifications' && !second) {
    screen = <Notifications />;
  } else if (first === 'forbidden') {
    screen = <StatusPage code={403} title={t('e403Title')} text={t('e403Text')} />;
  } else {
    screen = <StatusPage code={404} title={t('e404Title')} text={t('e404Text')} />;
  }
  return (
    <Layout route={route.path}>
      <Suspense fallback={<Loading />}>{screen}</Suspense>
    </Layout>
  );
}

function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to), [props.to]);
  return <Loading />;
}

async function start(): Promise<void> {
  document.documentElement.lang = language();
  const root = document.getElementById('app')!;
  const config = await loadConfig();
  if (config.auth.mode === 'cognito') {
    try {
      await completeCognitoSignIn(config.auth);
    } catch (error) {
      render(<ErrorView error={error} />, root);
      return;
    }
  }
  root.textContent = '';
  render(<App config={config} />, root);
}

void start();
