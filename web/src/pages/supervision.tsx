// Supervision orders (督办单, issue 14), loaded with the screens that show them: an administrator issues one on an
// open step (reason and a limit in working days); the department sees its open orders on the step's page and in
// the list `#/supervision`, and answers each with how it handled it (办理情况); the administrator's board lists
// the open and overdue ones. The API decides who may do what; its field errors show beside the field.
import { useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../api.ts';
import { hasRole } from '../auth.ts';
import { formatDate } from '../format.ts';
import { href } from '../router.ts';
import { Empty, ErrorView, Field, FormError, Loading, Page, useLoad, useSubmit } from '../ui.tsx';
import { w, wx } from '../work/words.ts';

type Order = Schemas['SupervisionOrder'];

/** The orders not answered yet that the caller may see, earliest limit first (one page of 100). */
function useOrders() {
  return useLoad(
    async () => (await unwrap(api.GET('/supervision-orders', { params: { query: { limit: 100 } } }))).items,
    [],
  );
}

/** The open and overdue orders as a table; `only` narrows it to one step; officers answer in the row. */
export function SupervisionOrders(props: { applicationId?: string; stepId?: string; title: string }) {
  const orders = useOrders();
  const shown = (orders.data ?? []).filter(
    (o) =>
      (!props.applicationId || o.applicationId === props.applicationId) &&
      (!props.stepId || o.stepId === props.stepId),
  );
  return (
    <section class="card" aria-labelledby="supervision-orders">
      <h2 id="supervision-orders">{props.title}</h2>
      {orders.error ? (
        <ErrorView error={orders.error} onRetry={orders.reload} />
      ) : !orders.data ? (
        <Loading />
      ) : shown.length === 0 ? (
        <Empty />
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="sr-only">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{w('application')}</th>
                <th scope="col">{w('departmentField')}</th>
                <th scope="col">{w('reason')}</th>
                <th scope="col">{w('due')}</th>
                <th scope="col">{w('orderStatus')}</th>
                {hasRole('department-officer') ? <th scope="col">{w('actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((o) => (
                <tr key={o.orderId} data-order={o.orderId}>
                  <td>
                    <a href={href(`/work/step/${o.applicationId}/${o.stepId}`)}>
                      <code>{o.applicationId}</code> · {o.stepId}
                    </a>
                  </td>
                  <td>{o.department}</td>
                  <td>{o.reason}</td>
                  <td>{formatDate(o.dueAt)}</td>
                  <td>{wx('order', o.status)}</td>
                  {hasRole('department-officer') ? (
                    <td>
                      <AnswerForm order={o} onDone={orders.reload} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AnswerForm(props: { order: Order; onDone: () => void }) {
  const [response, setResponse] = useState('');
  const submit = useSubmit(props.onDone);
  const id = `answer-${props.order.orderId}`;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/supervision-orders/{orderId}/answer', {
              params: {
                path: { applicationId: props.order.applicationId, orderId: props.order.orderId },
                header: { 'Idempotency-Key': key },
              },
              body: { response, expectedVersion: props.order.version },
            }),
          ),
        );
      }}
    >
      <Field id={id} label={w('orderResponse')} error={submit.errors.response}>
        {(attrs) => (
          <textarea
            {...attrs}
            value={response}
            onInput={(e) => setResponse((e.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <FormError error={submit.failure} shown={['response']} />
      <button type="submit" disabled={submit.busy}>
        {w('answerOrder')}
      </button>
    </form>
  );
}

/** The administrator's form on a step's page: what the department is to do, and in how many working days. */
export function IssueSupervision(props: { applicationId: string; stepId: string; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [limit, setLimit] = useState('3');
  const submit = useSubmit(props.onDone);
  return (
    <form
      noValidate
      class="card"
      aria-labelledby="issue-order"
      onSubmit={(e) => {
        e.preventDefault();
        void submit.run((key) =>
          unwrap(
            api.POST('/applications/{applicationId}/supervision-orders', {
              params: { path: { applicationId: props.applicationId }, header: { 'Idempotency-Key': key } },
              body: { stepId: props.stepId, reason, limitWorkingDays: Number(limit) },
            }),
          ),
        );
      }}
    >
      <h2 id="issue-order">{w('issueOrderTitle')}</h2>
      <Field id="order-reason" label={w('reason')} error={submit.errors.reason}>
        {(attrs) => (
          <textarea
            {...attrs}
            value={reason}
            onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <Field id="order-limit" label={w('orderLimit')} error={submit.errors.limitWorkingDays}>
        {(attrs) => (
          <input
            {...attrs}
            type="number"
            min={1}
            inputMode="numeric"
            value={limit}
            onInput={(e) => setLimit((e.target as HTMLInputElement).value)}
          />
        )}
      </Field>
      <FormError error={submit.failure} shown={['reason', 'limitWorkingDays']} />
      <button type="submit" class="primary" disabled={submit.busy}>
        {w('issueOrder')}
      </button>
      {submit.done ? <p role="status">{w('orderIssued')}</p> : null}
    </form>
  );
}

/** `#/supervision`: the orders the department (or the administrator) has open. */
export default function SupervisionScreen() {
  return (
    <Page title={w('supervisionTitle')}>
      <SupervisionOrders title={w('supervisionTitle')} />
    </Page>
  );
}
