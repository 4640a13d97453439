/**
 * Atrium audit log backend.
 *
 * @packageDocumentation
 */
export { auditPlugin as default } from './plugin';
