// Sign-in: locally, one of the runtime's demo users; in the cloud, Cognito's hosted UI (PKCE).
import { useState } from 'preact/hooks';
import {
  demoUsers,
  homeOf,
  signInAs,
  signInWithCognito,
  type DemoUser,
  type RuntimeConfig,
} from '../auth.ts';
import { t } from '../i18n.ts';
import { navigate } from '../router.ts';
import { ErrorView, Loading, Page, useLoad } from '../ui.tsx';

export function SignIn(props: { config: RuntimeConfig }) {
  const auth = props.config.auth;
  if (auth.mode === 'cognito') {
    return (
      <Page title={t('signInTitle')}>
        <div class="card narrow">
          <button type="button" class="primary" onClick={() => void signInWithCognito(auth)}>
            {t('signInCloud')}
          </button>
        </div>
      </Page>
    );
  }
  return <LocalSignIn />;
}

function LocalSignIn() {
  const users = useLoad(demoUsers, []);
  const [chosen, setChosen] = useState<string>();
  const submit = (event: Event) => {
    event.preventDefault();
    const user = users.data?.find((u) => u.userId === chosen);
    if (!user) return;
    signInAs(user);
    navigate(homeOf(user));
  };
  return (
    <Page title={t('signInTitle')}>
      {users.error ? (
        <ErrorView error={users.error} onRetry={users.reload} />
      ) : !users.data ? (
        <Loading />
      ) : (
        <form class="card narrow" onSubmit={submit}>
          <fieldset>
            <legend>{t('signInLocal')}</legend>
            {users.data.map((user: DemoUser) => (
              <label class="choice" key={user.userId}>
                <input
                  type="radio"
                  name="user"
                  value={user.userId}
                  checked={chosen === user.userId}
                  onChange={() => setChosen(user.userId)}
                />
                <span>
                  <strong>{user.userId}</strong>
                  <span class="muted block">{user.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <button type="submit" class="primary" disabled={!chosen}>
            {t('signIn')}
          </button>
        </form>
      )}
    </Page>
  );
}
