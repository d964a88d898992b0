// The SLA clock (限时办结计时): budgets of working days, paused by supplements and Art. 45 excluded time,
// read against the working-day calendar.
export * from './clock.ts';
export * from './application-clock.ts';
