// Test hook for the chaos suite (docs/reliability.md): with KOPPLA_CHAOS_KILL_AFTER_CREATE=p set,
// the process SIGKILLs itself with probability p right after Specter created an order and before
// the binding is stored, the window exactly-once depends on. Unset (always, in production) it does
// nothing.
const probability = Number(process.env.KOPPLA_CHAOS_KILL_AFTER_CREATE ?? 0);

export function maybeDieAfterCreate(): void {
  if (probability > 0 && Math.random() < probability) process.kill(process.pid, 'SIGKILL');
}
