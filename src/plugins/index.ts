// The plugin API, as plugin authors import it.
export {
  definePlugin,
  type ExtraLineInput,
  isKopplaPlugin,
  orderLine,
  orderRowsTotal,
  skip,
} from './define.ts';
export { describeChanges, diffValues, type FieldChange } from './diff.ts';
export type { StatusActionInput } from './domain-schemas.ts';
export { type FixtureRun, type FixtureRunOptions, formatFixtureRun, runPluginOnFixture } from './harness.ts';
export type * from './types.ts';
