// Reading the plans PostgreSQL and PGlite choose (EXPLAIN (FORMAT JSON)), for tests that assert a
// statement is served by an index rather than by reading a whole table or history.
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** The plan and every node below it. */
export function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The plan of an `explain (format json)` result (a JSON cell on PostgreSQL, parsed on PGlite). */
export function planOf(rows: unknown[]): PlanNode {
  const cell = (rows[0] as Record<string, unknown>)['QUERY PLAN'];
  const parsed = typeof cell === 'string' ? JSON.parse(cell) : cell;
  return (parsed as { Plan: PlanNode }[])[0]!.Plan;
}

/** The nodes of an explained statement's plan that read this table. */
export function scansOf(explainedRows: unknown[], table: string): PlanNode[] {
  return nodes(planOf(explainedRows)).filter((n) => n['Relation Name'] === table);
}
