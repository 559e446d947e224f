// Waits until Koppla has caught up: every change detector has run after the last change, and no
// job is queued or running. Returns false when the time limit passes first.
import type { Environment } from './environment.ts';

export async function waitForDrain(env: Environment, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let quietRounds = 0;
  while (Date.now() < deadline) {
    const flows = env.runtime.flowsOf(env.connection.id);
    for (const schedule of flows?.schedules ?? [])
      await env.runtime.runScheduleNow(env.connection.id, schedule.name);
    const busy = await env.store.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirstOrThrow();
    if (Number(busy.n) === 0) {
      quietRounds++;
      // Quiet twice in a row, with a detection pass in between: nothing new was found either.
      if (quietRounds >= 2) return true;
    } else {
      quietRounds = 0;
    }
    env.runtime.poke();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}
