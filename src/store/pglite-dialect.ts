// kysely-pglite-dialect with its statements run through NamedStatements (pglite-statements.ts). The
// library's driver stays in charge of handing out its one connection in turn; only how a
// connection runs a statement changes.
import type { PGlite } from '@electric-sql/pglite';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { NamedStatements } from './pglite-statements.ts';

export class PreparingPGliteDialect extends PGliteDialect {
  constructor(private readonly lite: PGlite) {
    super(lite);
  }

  override createDriver(): Driver {
    return new PreparingDriver(super.createDriver(), new NamedStatements(this.lite));
  }
}

class PreparingDriver implements Driver {
  /** The library's connection behind each one handed out, to give back on release. */
  private readonly inner = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly driver: Driver,
    private readonly statements: NamedStatements,
  ) {}

  init(): Promise<void> {
    return this.driver.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.driver.acquireConnection();
    const preparing = new PreparingConnection(this.statements);
    this.inner.set(preparing, connection);
    return preparing;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.driver.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.driver.rollbackTransaction(connection);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const inner = this.inner.get(connection);
    if (!inner) throw new Error('PreparingDriver: release of a connection it did not hand out');
    this.inner.delete(connection);
    return this.driver.releaseConnection(inner);
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }
}

class PreparingConnection implements DatabaseConnection {
  constructor(private readonly statements: NamedStatements) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.statements.query(compiled.sql, compiled.parameters);
    const rows = result.rows as R[];
    return result.affectedRows ? { rows, numAffectedRows: BigInt(result.affectedRows) } : { rows };
  }

  /** As the library does: the whole result, handed out in chunks. */
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}
