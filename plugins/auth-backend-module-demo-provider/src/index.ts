/**
 * Demo sign-in for Atrium's embedded default.
 *
 * @packageDocumentation
 */
export { authModuleDemoProvider as default } from './module';
export { DEMO_USER_HEADER } from './authenticator';
