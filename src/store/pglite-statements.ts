// Named prepared statements for the embedded store. PGlite's `query` sends every statement as an
// unnamed one (parse, describe, bind, execute), so PostgreSQL parses and analyses it again on each
// call, in WebAssembly, on the thread that runs the workers. A statement text seen a second time
// is prepared under a name and from then on only bound and executed (docs/decisions.md). Each run
// is still planned with its own parameters' values, as an unnamed statement is: plans stay what
// they were.
import { type PGlite, parse, protocol, type Results } from '@electric-sql/pglite';
import { errorCode } from '../domain/errors.ts';

const { serialize } = protocol;

interface Prepared {
  name: string;
  /** Type OIDs of the parameters, from the statement's description: they choose the serializers. */
  parameterTypes: number[];
}

/** Prepared statements that no longer fit the database (a column added under `select *`, ...). */
const STALE_STATEMENT_CODES = new Set([
  '0A000', // cached plan must not change result type
  '26000', // prepared statement does not exist
]);

/** Queries and writes are prepared; transaction control, settings and maintenance (VACUUM) are not. */
const PREPARABLE = /^\s*(?:select|insert|update|delete|with)\b/i;

export interface NamedStatementsOptions {
  /** Statements kept prepared; the least recently used one is closed beyond this. */
  capacity?: number;
}

export class NamedStatements {
  private readonly prepared = new Map<string, Prepared>();
  /** Texts run once: a text is prepared on its second run, so one-off statements never are. */
  private readonly seenOnce = new Set<string>();
  private readonly capacity: number;
  private nextName = 1;

  /**
   * Custom plans only. After five runs PostgreSQL may plan a prepared statement once for any
   * parameters (a generic plan). Such a plan cannot prove that `ON CONFLICT (...) WHERE status = $n`
   * names a partial unique index (the enqueue failed with 42P10 once it switched), and the claim's
   * candidate query, planned while the jobs table was small, ran 2-3 times slower than planned per
   * call as the table grew. Set as the session's first statement, so no transaction can undo it.
   */
  private readonly customPlans: Promise<unknown>;

  constructor(
    private readonly lite: PGlite,
    options: NamedStatementsOptions = {},
  ) {
    this.capacity = options.capacity ?? 200;
    this.customPlans = lite.exec('set plan_cache_mode = force_custom_plan');
  }

  /** How many statements are prepared now (for tests and diagnostics). */
  get size(): number {
    return this.prepared.size;
  }

  async query(text: string, parameters: readonly unknown[]): Promise<Results> {
    await this.customPlans;
    if (!this.prepared.has(text)) {
      const preparable = PREPARABLE.test(text);
      if (!preparable || !this.seenOnce.has(text)) {
        // The set only remembers recent texts; a flood of unique ones starts it over.
        if (this.seenOnce.size >= 1000) this.seenOnce.clear();
        if (preparable) this.seenOnce.add(text);
        return this.lite.query(text, [...parameters]);
      }
    }
    return this.lite.runExclusive(async () => {
      try {
        return await this.execute(await this.statementFor(text), parameters);
      } catch (error) {
        if (!STALE_STATEMENT_CODES.has(errorCode(error) ?? '')) throw error;
        // Prepared before the schema changed under it: prepare it again. Inside a transaction the
        // error has aborted it, so only the next run gets the new statement.
        await this.forget(text);
        if (this.lite.isInTransaction()) throw error;
        return await this.execute(await this.statementFor(text), parameters);
      }
    });
  }

  private async statementFor(text: string): Promise<Prepared> {
    const known = this.prepared.get(text);
    if (known) {
      // Most recently used last, so the first entry is the one to close when full.
      this.prepared.delete(text);
      this.prepared.set(text, known);
      return known;
    }
    const name = `koppla_${this.nextName++}`;
    const described = await this.lite.execProtocolStream(
      Buffer.concat([
        serialize.parse({ name, text, types: [] }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
    );
    const statement = { name, parameterTypes: parse.parseDescribeStatementResults(described) };
    this.prepared.set(text, statement);
    this.seenOnce.delete(text);
    if (this.prepared.size > this.capacity) {
      const [oldest] = this.prepared.keys();
      if (oldest !== undefined) await this.forget(oldest);
    }
    return statement;
  }

  private async execute(statement: Prepared, parameters: readonly unknown[]): Promise<Results> {
    const values = parameters.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = this.lite.serializers[statement.parameterTypes[i] ?? 0];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await this.lite.execProtocolStream(
      Buffer.concat([
        serialize.bind({ statement: statement.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    // As `query` does after a statement: a file-backed store writes its changes through.
    await this.lite.syncToFs();
    const [result] = parse.parseResults(messages, this.lite.parsers);
    return result ?? { rows: [], fields: [] };
  }

  private async forget(text: string): Promise<void> {
    const statement = this.prepared.get(text);
    if (!statement) return;
    this.prepared.delete(text);
    await this.lite.execProtocolStream(
      Buffer.concat([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]),
    );
  }
}
