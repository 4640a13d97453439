/**
 * Atrium's route kit: the one way a backend route resolves its caller, checks a
 * permission, validates input with bounded field types, records an audit event, reads
 * a task schedule, writes CSV and filters text columns in SQL.
 *
 * @packageDocumentation
 */
export { parseInput } from './parseInput';
export {
  createRouteKit,
  type AuditedEvent,
  type Caller,
  type PermissionCheck,
  type RouteKit,
} from './routeKit';
export {
  MAX_ENTITY_REF_LENGTH,
  calendarDateField,
  clip,
  dateOrInstantField,
  entityRefField,
  nameField,
  numberField,
  orderedRange,
  quote,
  textField,
} from './fields';
export { readTaskSchedule } from './schedule';
export { csvCell, csvRow } from './csv';
export { containsPattern, sqlContains } from './sqlContains';
export { BoundedTtlMap, PerCallerCache, userTokenKey } from './callerCache';
